r"""Losses of the flows: :class:`LeastSquares` (a loss that carries its exact data), :func:`loss_expr`, and the
validation of points and horizons shared by the flows.

Source: DD-Eq1 (the least-squares loss), DD-Eq4.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import sympy

from ..errors import InvalidArgument
from ..parameterization import Parameterization
from ..validation import exact_number

__all__ = ["least_squares", "LeastSquares", "loss_expr", "check_point", "check_T", "loss_gradient"]

# ---------------------------------------------------------------------------------------------- validation helpers

def check_point(point, symbols: Sequence[sympy.Symbol], name: str) -> tuple:
    """A point as a tuple of exact numbers ordered like ``symbols``: dict (Symbol or name keys) or sequence."""
    if isinstance(point, Mapping):
        by_name = {str(k): v for k, v in point.items()}
        missing = [str(s) for s in symbols if str(s) not in by_name]
        unknown = sorted(set(by_name) - {str(s) for s in symbols})
        if missing or unknown:
            raise InvalidArgument(f"{name} keys {sorted(by_name)} must be exactly {[str(s) for s in symbols]}"
                                  + (f"; missing {missing}" if missing else "")
                                  + (f"; unknown {unknown}" if unknown else ""))
        return tuple(exact_number(by_name[str(s)], f"{name}[{s}]") for s in symbols)
    if isinstance(point, (str, bytes)) or not isinstance(point, (Sequence, sympy.MatrixBase)):
        raise InvalidArgument(f"{name}={point!r} ({type(point).__name__}) must be a dict Symbol -> number or a "
                              f"sequence of {len(symbols)} numbers")
    vals = list(point)
    if len(vals) != len(symbols):
        raise InvalidArgument(f"{name} has {len(vals)} entries but needs {len(symbols)} "
                              f"({', '.join(map(str, symbols))})")
    return tuple(exact_number(v, f"{name}[{i}]") for i, v in enumerate(vals))


def check_T(T) -> sympy.Expr:
    Te = exact_number(T, "T")
    if not Te > 0:
        raise InvalidArgument(f"T={T!r} must be > 0 (the flows integrate forward from t = 0)")
    return Te


def _rows(X, name: str) -> tuple[tuple[sympy.Expr, ...], ...]:
    if isinstance(X, sympy.MatrixBase):
        return tuple(tuple(exact_number(X[a, i], f"{name}[{a}][{i}]") for i in range(X.cols)) for a in range(X.rows))
    if isinstance(X, (str, bytes)) or not isinstance(X, Sequence) or not X:
        raise InvalidArgument(f"{name}={X!r} ({type(X).__name__}) must be a non-empty list of rows "
                              "(or a sympy.Matrix) of exact numbers")
    rows = []
    for a, row in enumerate(X):
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            raise InvalidArgument(f"{name}[{a}]={row!r} must be a row (a list of numbers)")
        rows.append(tuple(exact_number(v, f"{name}[{a}][{i}]") for i, v in enumerate(row)))
    if len({len(r) for r in rows}) != 1:
        raise InvalidArgument(f"{name} has rows of different lengths {[len(r) for r in rows]}; all rows must match")
    return tuple(rows)


def _targets(y, n: int) -> tuple[sympy.Expr, ...]:
    if isinstance(y, sympy.MatrixBase):
        y = list(y)
    if isinstance(y, (str, bytes)) or not isinstance(y, Sequence):
        raise InvalidArgument(f"y={y!r} ({type(y).__name__}) must be a list of {n} exact numbers")
    yv = tuple(exact_number(v, f"y[{a}]") for a, v in enumerate(y))
    if len(yv) != n:
        raise InvalidArgument(f"y has {len(yv)} entries but X has {n} rows; give one target per row")
    return yv


# ---------------------------------------------------------------------------------------------- losses

@dataclass(frozen=True, eq=False)
class LeastSquares:
    r"""The least-squares loss :math:`s\,\|X\theta - y\|^2` with its exact data (built by :func:`least_squares`).

    ``expr`` is the SymPy expression (kept as a sum of squares of linear forms); ``X`` (rows), ``y``, ``scale`` and
    ``theta`` are the data it was built from.  Every function of :mod:`symflow.flows` accepts it where a loss is
    expected; ``interpolates`` says whether :math:`X\theta = y` is solvable (exact ranks over QQ).
    """

    X: tuple
    y: tuple
    scale: sympy.Expr
    theta: tuple
    expr: sympy.Expr

    @property
    def interpolates(self) -> bool:
        Xm = sympy.Matrix(self.X)
        return Xm.rank() == Xm.row_join(sympy.Matrix(self.y)).rank()

    def __str__(self) -> str:
        return str(self.expr)


def least_squares(X, y, theta, scale=1) -> LeastSquares:
    r"""The least-squares loss :math:`\mathcal{L}(\theta) = s\,\|X\theta - y\|^2` with exact Rational data.

    The expression is kept as a sum of squares of linear forms (not expanded), so that the Taylor generator sees
    products and :math:`\nabla\mathcal{L}` stays :math:`2s X^\top(X\theta - y)` in structure.

    Source: DD-S1.2-EmpRisk and the loss of Figures 3 and 4 (:math:`s = 1`); Woodworth et al. use :math:`s = 1/(2n)`.

    Arguments:
        X: n x d data (list of rows or sympy.Matrix) of exact numbers (int, Rational, Fraction, 'p/q' string).
        y: n targets.
        theta: the d output symbols (``G.theta``) or a Parameterization (its ``theta`` is used).
        scale: the factor :math:`s > 0`.

    Returns:
        a :class:`LeastSquares` (its ``expr`` is the SymPy expression; it carries X, y, scale and theta).

    Raises:
        InvalidArgument: floats, ragged rows, or sizes that do not match.

    >>> import sympy; t1, t2 = sympy.symbols("theta1 theta2")
    >>> L = least_squares([[1, 0], [0, 2]], [1, 1], (t1, t2))
    >>> L.expr.subs({t1: 1, t2: sympy.Rational(1, 2)}), L.interpolates
    (0, True)
    """
    if isinstance(theta, Parameterization):
        theta = theta.theta
    if isinstance(theta, sympy.Symbol):
        theta = (theta,)
    theta = tuple(theta)
    if not theta or not all(isinstance(t, sympy.Symbol) for t in theta):
        raise InvalidArgument(f"theta={theta!r} must be the output symbols (G.theta)")
    rows = _rows(X, "X")
    yv = _targets(y, len(rows))
    if len(rows[0]) != len(theta):
        raise InvalidArgument(f"X has {len(rows[0])} columns but theta has {len(theta)} entries")
    s = exact_number(scale, "scale")
    if not s > 0:
        raise InvalidArgument(f"scale={scale!r} must be > 0")
    terms = [sympy.Add(*[c * t for c, t in zip(row, theta) if c != 0], -ya) ** 2 for row, ya in zip(rows, yv)]
    return LeastSquares(X=rows, y=yv, scale=s, theta=theta, expr=s * sympy.Add(*terms))


def loss_expr(loss, theta: Sequence[sympy.Symbol]) -> sympy.Expr:
    """The loss as a SymPy expression in ``theta`` (a :class:`LeastSquares` gives its ``expr``), validated."""
    expr = loss.expr if isinstance(loss, LeastSquares) else loss
    if not isinstance(expr, sympy.Expr):
        raise InvalidArgument(f"loss={loss!r} ({type(loss).__name__}) must be a SymPy expression in "
                              f"{', '.join(map(str, theta))}; e.g. flows.least_squares(X, y, G.theta)")
    extra = sorted(str(s) for s in expr.free_symbols - set(theta))
    if extra:
        raise InvalidArgument(f"loss uses {', '.join(extra)}, which are not outputs "
                              f"({', '.join(map(str, theta))}); write the loss in G.theta")
    if expr.atoms(sympy.Float):
        raise InvalidArgument("loss contains floating-point constants; use exact Rationals (sympy.Rational)")
    return expr


def loss_gradient(loss: sympy.Expr, theta: Sequence[sympy.Symbol]) -> list[sympy.Expr]:
    return [sympy.diff(loss, t) for t in theta]

