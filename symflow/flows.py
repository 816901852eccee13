r"""Gradient flow in the weights, mirror flow in the model, discrete gradient descent, and their cross-check.

For a parameterization :math:`\theta = G(x)` and a loss :math:`\mathcal{L}(\theta)`:

* gradient flow on :math:`\mathcal{L}\circ G` (DD-Eq4): :math:`\dot x = -\partial G(x)^\top \nabla\mathcal{L}(G(x))`;
* mirror flow of a potential :math:`R` (DD-Def-MirrorFlow): :math:`\frac{d}{dt}\nabla R(\theta) = -\nabla
  \mathcal{L}(\theta)`, i.e. :math:`\dot\theta = -(\nabla^2 R(\theta))^{-1}\nabla\mathcal{L}(\theta)`, or in the
  dual variable :math:`\eta = \nabla R(\theta)`: :math:`\dot\eta = -\nabla\mathcal{L}(\nabla R^{-1}(\eta))`;
* Li, Wang, Lee, Arora (2022, Thm 4.8): when :math:`G` is commuting and regular, :math:`\theta(t) = G(x(t))` follows
  the mirror flow of a potential determined by :math:`x(0)`.  :func:`cross_check` integrates both, by different
  methods, and measures how many digits :math:`G(x(t))` and :math:`\theta_{\rm mirror}(t)` share.

Integrators: SymPy right-hand sides go to :func:`symflow.integrate.solve` (Taylor jet by default; digits measured by
precision doubling).  That covers the gradient flow, the mirror flow of closed potentials (in :math:`\theta`) and of
implicit ones (in the pivot chart of :mod:`symflow.potentials`, see :func:`mirror_flow`).  Right-hand sides that are
only numeric callables (the dual route through ``P.grad_inv``, a root solve; non-diagonal Hessians) are integrated
here by Gragg--Bulirsch--Stoer extrapolation (:func:`_extrapolation_solve`: modified midpoint rule extrapolated in
:math:`h^2`, adaptive step, order :math:`2k`, :math:`k = \min(24, \max(6, dps/4 + 3))`, local tolerance
:math:`10^{-(dps+3)}`); its digits are measured by *precision doubling* too (a second run at
``max(2 dps, dps + 20)`` digits with the tolerance tightened to match).

Source: DD-Eq4, DD-Def-MirrorFlow, DD-Thm1 (deep_diagonal_000); Li et al. 2022 Thm 4.8.
"""

from __future__ import annotations

import fractions
import numbers
from typing import Any, Callable, Mapping, Sequence

import mpmath
import sympy

from .errors import InvalidArgument, PrecisionError, SymflowError
from .parameterization import Parameterization
from .precision import GUARD_DPS, agreeing_digits, resolve_dps
from .verdict import Inconclusive, Reason, Refuted, Verdict, Verified

__all__ = ["least_squares", "gradient_flow", "mirror_flow", "gradient_descent", "cross_check",
           "least_squares_data"]

_BREGMAN_SECONDS = 20  # budget of the supplementary Bregman-projection field of cross_check

# least_squares() remembers its data so that cross_check can find the interpolation constraint X theta = y.
_LS_DATA: dict = {}


# ---------------------------------------------------------------------------------------------- validation helpers

def _exact(value: Any, name: str) -> sympy.Expr:
    """An exact SymPy number from int / Rational / Fraction / 'p/q' or decimal string; floats are refused."""
    if isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} (bool) is not a number; pass an int, Rational or string")
    if isinstance(value, float) or isinstance(value, sympy.Float):
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) is not exact; pass a string such as "
                              f"'{value}' or a sympy.Rational")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, fractions.Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, str):
        try:
            return sympy.Rational(value.strip())
        except (TypeError, ValueError):
            raise InvalidArgument(f"{name}={value!r} (str) is not a decimal or p/q number; write e.g. '1/10'") \
                from None
    if isinstance(value, mpmath.mpf):
        return sympy.Rational(*[int(v) for v in mpmath.mpf(value).as_integer_ratio()])
    if isinstance(value, sympy.Expr) and value.is_number and value.is_real:
        return value
    if isinstance(value, numbers.Rational):
        return sympy.Rational(int(value.numerator), int(value.denominator))
    raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) is not a real number; "
                          "pass an int, sympy.Rational or a string like '3/2'")


def _check_G(G) -> Parameterization:
    if not isinstance(G, Parameterization):
        raise InvalidArgument(f"G={G!r} ({type(G).__name__}) must be a Parameterization; build one with "
                              "symflow.families or Parameterization.from_strings")
    return G


def _check_loss(loss, theta: Sequence[sympy.Symbol]) -> sympy.Expr:
    if not isinstance(loss, sympy.Expr):
        raise InvalidArgument(f"loss={loss!r} ({type(loss).__name__}) must be a SymPy expression in "
                              f"{', '.join(map(str, theta))}; e.g. flows.least_squares(X, y, G.theta)")
    extra = sorted(str(s) for s in loss.free_symbols - set(theta))
    if extra:
        raise InvalidArgument(f"loss uses {', '.join(extra)}, which are not outputs "
                              f"({', '.join(map(str, theta))}); write the loss in G.theta")
    if loss.atoms(sympy.Float):
        raise InvalidArgument("loss contains floating-point constants; use exact Rationals (sympy.Rational)")
    return loss


def _check_point(point, symbols: Sequence[sympy.Symbol], name: str) -> tuple:
    """A point as a tuple of exact numbers ordered like ``symbols``: dict (Symbol or name keys) or sequence."""
    if isinstance(point, Mapping):
        by_name = {str(k): v for k, v in point.items()}
        missing = [str(s) for s in symbols if str(s) not in by_name]
        unknown = sorted(set(by_name) - {str(s) for s in symbols})
        if missing or unknown:
            raise InvalidArgument(f"{name} keys {sorted(by_name)} must be exactly {[str(s) for s in symbols]}"
                                  + (f"; missing {missing}" if missing else "")
                                  + (f"; unknown {unknown}" if unknown else ""))
        return tuple(_exact(by_name[str(s)], f"{name}[{s}]") for s in symbols)
    if isinstance(point, (str, bytes)) or not isinstance(point, (Sequence, sympy.MatrixBase)):
        raise InvalidArgument(f"{name}={point!r} ({type(point).__name__}) must be a dict Symbol -> number or a "
                              f"sequence of {len(symbols)} numbers")
    vals = list(point)
    if len(vals) != len(symbols):
        raise InvalidArgument(f"{name} has {len(vals)} entries but needs {len(symbols)} "
                              f"({', '.join(map(str, symbols))})")
    return tuple(_exact(v, f"{name}[{i}]") for i, v in enumerate(vals))


def _check_T(T) -> sympy.Expr:
    Te = _exact(T, "T")
    if not Te > 0:
        raise InvalidArgument(f"T={T!r} must be > 0 (the flows integrate forward from t = 0)")
    return Te


_check_dps = resolve_dps  # shared validation (symflow.precision)


def _mp(value: sympy.Expr) -> mpmath.mpf:
    """An exact number as mpf at the current precision (Rationals correctly rounded)."""
    if isinstance(value, mpmath.mpf):
        return +value
    if not isinstance(value, sympy.Basic):
        value = _exact(value, "value")
    if value.is_Rational:
        return mpmath.mpf(int(value.p)) / int(value.q)
    return mpmath.mpf(str(sympy.N(value, mpmath.mp.dps + 5)))  # via the decimal string: exact to that many digits


def _rows(X, name: str) -> list[list[sympy.Expr]]:
    if isinstance(X, sympy.MatrixBase):
        return [[_exact(X[a, i], f"{name}[{a}][{i}]") for i in range(X.cols)] for a in range(X.rows)]
    if isinstance(X, (str, bytes)) or not isinstance(X, Sequence) or not X:
        raise InvalidArgument(f"{name}={X!r} ({type(X).__name__}) must be a non-empty list of rows "
                              "(or a sympy.Matrix) of exact numbers")
    rows = []
    for a, row in enumerate(X):
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            raise InvalidArgument(f"{name}[{a}]={row!r} must be a row (a list of numbers)")
        rows.append([_exact(v, f"{name}[{a}][{i}]") for i, v in enumerate(row)])
    if len({len(r) for r in rows}) != 1:
        raise InvalidArgument(f"{name} has rows of different lengths {[len(r) for r in rows]}; all rows must match")
    return rows


# ---------------------------------------------------------------------------------------------- losses

def least_squares(X, y, theta, scale=1) -> sympy.Expr:
    r"""The least-squares loss :math:`\mathcal{L}(\theta) = s\,\|X\theta - y\|^2` with exact Rational data.

    The expression is kept as a sum of squares of linear forms (not expanded), so that the Taylor generator sees
    products and :math:`\nabla\mathcal{L}` stays :math:`2s X^\top(X\theta - y)` in structure.

    Source: DD-S1.2-EmpRisk and the loss of Figures 3 and 4 (:math:`s = 1`); Woodworth et al. use :math:`s = 1/(2n)`.

    Arguments:
        X: n x d data (list of rows or sympy.Matrix) of exact numbers (int, Rational, Fraction, 'p/q' string).
        y: n targets.
        theta: the d output symbols (``G.theta``) or a Parameterization (its ``theta`` is used).
        scale: the factor :math:`s > 0`.

    Raises:
        InvalidArgument: floats, ragged rows, or sizes that do not match.

    >>> import sympy; t1, t2 = sympy.symbols("theta1 theta2")
    >>> L = least_squares([[1, 0], [0, 2]], [1, 1], (t1, t2))
    >>> L.subs({t1: 1, t2: sympy.Rational(1, 2)})
    0
    """
    if isinstance(theta, Parameterization):
        theta = theta.theta
    if isinstance(theta, sympy.Symbol):
        theta = (theta,)
    theta = tuple(theta)
    if not theta or not all(isinstance(t, sympy.Symbol) for t in theta):
        raise InvalidArgument(f"theta={theta!r} must be the output symbols (G.theta)")
    rows = _rows(X, "X")
    if isinstance(y, sympy.MatrixBase):
        y = list(y)
    if isinstance(y, (str, bytes)) or not isinstance(y, Sequence):
        raise InvalidArgument(f"y={y!r} ({type(y).__name__}) must be a list of {len(rows)} exact numbers")
    yv = [_exact(v, f"y[{a}]") for a, v in enumerate(y)]
    if len(yv) != len(rows):
        raise InvalidArgument(f"y has {len(yv)} entries but X has {len(rows)} rows; give one target per row")
    if len(rows[0]) != len(theta):
        raise InvalidArgument(f"X has {len(rows[0])} columns but theta has {len(theta)} entries")
    s = _exact(scale, "scale")
    if not s > 0:
        raise InvalidArgument(f"scale={scale!r} must be > 0")
    terms = [sympy.Add(*[c * t for c, t in zip(row, theta) if c != 0], -ya) ** 2 for row, ya in zip(rows, yv)]
    expr = s * sympy.Add(*terms)
    _LS_DATA[expr] = (tuple(tuple(r) for r in rows), tuple(yv), s, theta)
    if len(_LS_DATA) > 256:  # a small memo, not a cache of everything ever built
        _LS_DATA.pop(next(iter(_LS_DATA)))
    return expr


def least_squares_data(loss) -> tuple | None:
    """``(X rows, y, scale, theta)`` if ``loss`` was built by :func:`least_squares` in this process, else None."""
    try:
        return _LS_DATA.get(loss)
    except TypeError:
        return None


def _loss_gradient(loss: sympy.Expr, theta: Sequence[sympy.Symbol]) -> list[sympy.Expr]:
    return [sympy.diff(loss, t) for t in theta]


# ---------------------------------------------------------------------------------------------- gradient flow

def _gradient_flow_rhs(G: Parameterization, loss: sympy.Expr, extra: bool):
    r"""RHS of :math:`\dot x = -\partial G^\top \nabla\mathcal{L}(G(x))` (and :math:`\dot\xi = -\nabla\mathcal{L}`)."""
    grad = _loss_gradient(loss, G.theta)
    sub = dict(zip(G.theta, G.outputs))
    gx = [g.xreplace(sub) for g in grad]  # structured: the products G_i(x) stay products
    J = G.jacobian()
    rhs = [-sympy.Add(*[J[i, k] * gx[i] for i in range(G.d) if J[i, k] != 0]) for k in range(G.D)]
    variables = list(G.params)
    if extra:
        xis = [sympy.Dummy(f"xi{i + 1}", real=True) for i in range(G.d)]
        rhs += [-g for g in gx]
        variables += xis
    return rhs, variables


def gradient_flow(G: Parameterization, loss, x0, T, dps: int | None = None, method: str = "taylor", *,
                  extra: bool = False, measure_digits: bool = True, max_steps: int = 100000):
    r"""Integrate gradient flow on the weights, :math:`\dot x = -\partial G(x)^\top\nabla\mathcal{L}(G(x))`.

    Source: DD-Eq4 (deep_diagonal_000, eq. (4)).

    Arguments:
        G: the parameterization; ``loss``: a SymPy expression in ``G.theta``.
        x0: :math:`x(0)`, a dict (Symbol or name -> exact number) or a sequence ordered like ``G.params``.
        T: horizon (> 0, exact). dps: digits (None = current precision).
        method: an integrator of :func:`symflow.integrate.solve` (``"taylor"`` default, ``"gauss-legendre"``,
            ...) or ``"extrapolation"`` (this module's Gragg--Bulirsch--Stoer, from a compiled callable).
        extra: also accumulate :math:`\xi(t) = -\int_0^t \nabla\mathcal{L}(\theta(s))\,ds` as d more state
            variables (after the D weights), the dual variable of the mirror-flow identity
            :math:`\nabla R(\theta(t)) - \nabla R(\theta(0)) = \xi(t)`.

        measure_digits: rerun at ``max(2 dps, dps + 20)`` digits and report the agreeing digits (default); False
            returns ``digits=None`` (for callers that measure by their own rerun).
        max_steps: bound on the integrator's steps; reaching it raises ``PrecisionError`` (message names it).

    Returns:
        :class:`symflow.integrate.Solution` with state ``x`` (then ``xi`` when ``extra``); ``digits`` measured by
        precision doubling.
    """
    G = _check_G(G)
    loss = _check_loss(loss, G.theta)
    y0 = list(_check_point(x0, G.params, "x0"))
    Te = _check_T(T)
    dps = _check_dps(dps)
    if not isinstance(method, str):
        raise InvalidArgument(f"method={method!r} ({type(method).__name__}) must be a string such as 'taylor'")
    if not isinstance(extra, bool):
        raise InvalidArgument(f"extra={extra!r} ({type(extra).__name__}) must be True or False")
    if not isinstance(measure_digits, bool):
        raise InvalidArgument(f"measure_digits={measure_digits!r} ({type(measure_digits).__name__}) must be a bool")
    rhs, variables = _gradient_flow_rhs(G, loss, extra)
    if extra:
        y0 += [sympy.Integer(0)] * G.d
    _check_max_steps(max_steps)
    if method == "extrapolation":
        f = _compile_callable(rhs, variables)
        return _extrapolation_solve(f, y0, Te, dps, measure_digits=measure_digits, max_steps=max_steps)
    from .integrate import solve

    return solve(rhs, variables, y0, Te, dps=dps, method=method, measure_digits=measure_digits,
                 max_steps=max_steps)


def _check_max_steps(max_steps) -> int:
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 1:
        raise InvalidArgument(f"max_steps={max_steps!r} ({type(max_steps).__name__}) must be a positive integer, "
                              "e.g. max_steps=20000")
    return max_steps


def _compile_callable(rhs: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol]) -> Callable:
    """A callable ``f(list of mpf) -> list of mpf`` for a SymPy RHS (mpmath printer; exact constants)."""
    fn = sympy.lambdify([list(variables)], list(rhs), modules="mpmath")
    return lambda y: fn(list(y))


# ---------------------------------------------------------------------------------------------- extrapolation

def _gbs_step(f: Callable, y: list, fy: list, H, k: int):
    r"""One Gragg--Bulirsch--Stoer step of size H: extrapolated modified midpoint, sequence n_j = 2j, j <= k.

    Returns (value of the highest extrapolation column, error estimate = its difference to the previous column).
    """
    prev: list = []
    ns = [2 * j for j in range(1, k + 1)]
    err = None
    for j, n in enumerate(ns):
        h = H / n
        z0 = y
        z1 = [a + h * b for a, b in zip(y, fy)]
        for _ in range(1, n):
            fz = f(z1)
            z0, z1 = z1, [a + 2 * h * b for a, b in zip(z0, fz)]
        fz = f(z1)
        S = [(a + b + h * c) / 2 for a, b, c in zip(z1, z0, fz)]
        row = [S]
        for i in range(1, j + 1):  # Neville / Aitken in h^2
            ratio = mpmath.mpf(n) / ns[j - i]
            den = ratio * ratio - 1
            row.append([a + (a - b) / den for a, b in zip(row[i - 1], prev[i - 1])])
        if j >= 1:
            err = max(abs(a - b) for a, b in zip(row[-1], row[-2]))
        prev = row
    return prev[-1], err


def _integrate_nodes(f: Callable, y0: list, t_end, tol, k: int, H0, max_steps: int = 20000):
    """Adaptive GBS from 0 to t_end; returns the accepted nodes [(t, y)] (t = 0 and t_end included)."""
    t = mpmath.mpf(0)
    y = list(y0)
    nodes = [(t, list(y))]
    H = H0
    expo = mpmath.mpf(1) / (2 * k - 1)
    huge = mpmath.mpf(10) ** 60 * max([abs(v) for v in y] + [mpmath.mpf(1)])  # growth beyond this = blow-up
    for _ in range(max_steps):
        if t >= t_end:
            return nodes
        last = t + H >= t_end
        h = t_end - t if last else H
        fy = f(y)
        ynew, err = _gbs_step(f, y, fy, h, k)
        scale = max([abs(v) for v in ynew] + [mpmath.mpf(1)])
        if not mpmath.isfinite(scale) or scale > huge:
            raise PrecisionError(f"the solution blows up near t={mpmath.nstr(t, 10)} (|y| > 1e60 |y(0)|): stop "
                                 "before that time")
        rel = err / scale
        if rel <= tol:
            t = t_end if last else t + h
            y = ynew
            nodes.append((t, list(y)))
            fac = mpmath.mpf(4) if rel == 0 else min(mpmath.mpf(4), mpmath.mpf("0.8") * (tol / rel) ** expo)
            H = max(h, H) * fac if last else h * fac
        else:
            H = h * max(mpmath.mpf("0.2"), mpmath.mpf("0.8") * (tol / rel) ** expo)
            if H <= max(abs(t), abs(t_end)) * mpmath.eps * 2 ** 8:
                raise PrecisionError(f"step size underflow at t={mpmath.nstr(t, 10)}; the solution is singular "
                                     "near there: stop before that time")
    raise PrecisionError(f"max_steps={max_steps} reached by extrapolation at t={mpmath.nstr(t, 10)}; the "
                         "solution may blow up before T: shorten T or pass a larger max_steps")


def _extrapolation_solve(f: Callable, y0, T: sympy.Expr, dps: int, *, out: Callable | None = None,
                         measure_digits: bool = True, label: str = "extrapolation", max_steps: int = 20000):
    r"""Integrate :math:`\dot y = f(y)` (``f`` numeric) by GBS extrapolation; a :class:`Solution` with dense output.

    ``y0``: exact numbers, or a callable returning the initial state at the current precision.
    ``out`` maps the state to the reported quantity (e.g. :math:`\theta = \nabla R^{-1}(\eta)`); ``y1`` and the dense
    output report ``out(y)``.  ``digits``: agreement of ``out(y(T))`` with a rerun at ``max(2 dps, dps + 20)``
    digits and tolerance (precision doubling).
    """
    from .integrate.base import Solution

    out = out or (lambda y: list(y))

    def run(d: int):
        wp = d + GUARD_DPS
        k = min(24, max(6, d // 4 + 3))
        with mpmath.workdps(wp):
            Tm = _mp(T)
            tol = mpmath.mpf(10) ** (-(d + 3))
            start = y0() if callable(y0) else [_mp(v) for v in y0]
            nodes = _integrate_nodes(f, start, Tm, tol, k, Tm / 4, max_steps)
        return nodes, k, wp

    nodes, k, wp = run(dps)
    ts = [t for t, _ in nodes]

    def dense(te: sympy.Expr):
        with mpmath.workdps(wp):
            tv = _mp(te)
            i = max(0, min(len(ts) - 1, int(sum(1 for s in ts if s <= tv)) - 1))
            t_i, y_i = nodes[i]
            h = tv - t_i
            if h == 0:
                y = y_i
            else:
                tol = mpmath.mpf(10) ** (-(dps + 3))
                y = _integrate_nodes(f, y_i, h, tol, k, h, max_steps)[-1][1]
            val = out(y)
        with mpmath.workdps(dps):
            return tuple(+mpmath.mpf(v) for v in val)

    with mpmath.workdps(wp):
        y1_full = out(nodes[-1][1])
    digits = reference = None
    if measure_digits:
        d2 = max(2 * dps, dps + 20)
        nodes2, _, wp2 = run(d2)
        with mpmath.workdps(wp2):
            ref = out(nodes2[-1][1])
            digits = agreeing_digits(y1_full, ref, cap=dps)
        with mpmath.workdps(dps):
            reference = tuple(+mpmath.mpf(v) for v in ref)
    with mpmath.workdps(dps):
        y1 = tuple(+mpmath.mpf(v) for v in y1_full)
        return Solution(t0=mpmath.mpf(0), t1=_mp(T), y1=y1, dps=dps, method=f"{label}(k={k})",
                        steps=len(nodes) - 1, digits=digits, reference=reference, ts=tuple(ts), dense=dense)


# ---------------------------------------------------------------------------------------------- mirror flow

def _closed_hessian(P):
    """SymPy Hessian of R from ``P.grad_exprs`` (None when the potential has no SymPy gradient)."""
    grad = getattr(P, "grad_exprs", None)
    if not grad:
        return None
    theta = tuple(P.theta)
    return sympy.Matrix(list(grad)).jacobian(sympy.Matrix(theta))


def _chart(P):
    """The pivot chart of a separable potential: per block (w symbol, w0, theta(w), h(w) = dw/d eta), or None."""
    blocks = getattr(P, "blocks", None)
    if not blocks or not all(all(hasattr(b, a) for a in ("w", "w0", "theta_w", "h_w")) for b in blocks):
        return None
    return [(b.w, b.w0, b.theta_w, b.h_w) for b in blocks]


def _mapped_solution(sol, fmap: Callable, label: str):
    """``sol`` with its state y replaced by ``fmap(y)`` everywhere (y1, reference, dense output); digits remeasured."""
    import dataclasses

    dense0 = sol.dense
    dps = sol.dps

    def dense(te):
        y = dense0(te)
        with mpmath.workdps(dps + GUARD_DPS):
            v = fmap(y)
        with mpmath.workdps(dps):
            return tuple(+x for x in v)

    with mpmath.workdps(dps + GUARD_DPS):
        y1 = fmap(sol.y1)
    ref = digits = None
    if sol.reference is not None:
        with mpmath.workdps(2 * dps + GUARD_DPS):
            ref = fmap(sol.reference)
            digits = min(sol.digits, agreeing_digits(y1, ref, cap=dps)) if sol.digits is not None else None
    with mpmath.workdps(dps):
        return dataclasses.replace(sol, y1=tuple(+x for x in y1),
                                   reference=None if ref is None else tuple(+x for x in ref),
                                   digits=digits, method=f"{sol.method} ({label})",
                                   dense=dense if dense0 is not None else None)


def mirror_flow(P, loss, theta0, T, dps: int | None = None, *, method: str | None = None,
                max_steps: int = 20000):
    r"""Integrate the mirror flow :math:`\frac{d}{dt}\nabla R(\theta) = -\nabla\mathcal{L}(\theta)` on its own.

    Three routes, never through the weights x of the gradient flow:

    * ``"primal"`` (default when ``P.grad_exprs`` exists, closed potentials):
      :math:`\dot\theta = -(\nabla^2 R(\theta))^{-1}\nabla\mathcal{L}(\theta)`, Hessian differentiated by SymPy
      from ``grad_exprs`` (inverted symbolically when diagonal), Taylor jet.  A non-diagonal Hessian is solved
      numerically at each evaluation and integrated by extrapolation.
    * ``"chart"`` (default for implicit potentials of separable G): the dual equation written in the pivot
      coordinate :math:`w_i` of each block, where :math:`\theta_i = \theta_i(w_i)` and
      :math:`d\eta_i/dw_i = 1/h_i(w_i)` (``potentials`` step 3): :math:`\dot\eta_i = -\partial_i\mathcal{L}(\theta)`
      becomes :math:`\dot w_i = -h_i(w_i)\,\partial_i\mathcal{L}(\theta(w))`, :math:`w_i(0) = w_{0,i}`;
      a SymPy right-hand side, Taylor jet.
    * ``"dual"``: :math:`\dot\eta = -\nabla\mathcal{L}(\nabla R^{-1}(\eta))`, :math:`\eta(0) = \nabla R(\theta_0)`,
      with the numeric ``P.grad_inv`` (root solve, and quadrature for implicit potentials) and
      Gragg--Bulirsch--Stoer extrapolation.  Slow for implicit potentials; small d and short T only.

    Source: DD-Def-MirrorFlow, DD-Thm1.

    Arguments:
        P: a :class:`symflow.potentials.Potential`. loss: SymPy expression in ``P.theta``.
        theta0: :math:`\theta(0)` (dict or sequence of exact numbers), normally :math:`G(x(0))`; the chart route
            starts from the potential's own initialization (its :math:`w_0`) and checks that it maps to theta0.
        T, dps: horizon and digits. method: None (choose as above), ``"primal"``, ``"chart"`` or ``"dual"``.
        max_steps: bound on the integrator's steps on every route (default 20000); reaching it raises
            ``PrecisionError`` naming ``max_steps`` (the work is bounded: a chart that breaks down makes the steps
            shrink, and this stops it).

    Returns:
        :class:`symflow.integrate.Solution` whose state is :math:`\theta` on every route; ``digits`` measured by
        precision doubling.
    """
    theta = tuple(getattr(P, "theta", ()) or ())
    if not theta or not all(callable(getattr(P, a, None)) for a in ("grad", "grad_inv")):
        raise InvalidArgument(f"P={P!r} ({type(P).__name__}) must be a Potential (symflow.potentials."
                              "derive_potential)")
    loss = _check_loss(loss, theta)
    th0 = list(_check_point(theta0, theta, "theta0"))
    Te = _check_T(T)
    dps = _check_dps(dps)
    if method not in (None, "primal", "chart", "dual"):
        raise InvalidArgument(f"method={method!r} must be None, 'primal', 'chart' or 'dual'")
    _check_max_steps(max_steps)
    grad = _loss_gradient(loss, theta)
    H = _closed_hessian(P)
    chart = _chart(P)
    if method is None:
        method = "primal" if H is not None else ("chart" if chart is not None else "dual")
    from .integrate import solve

    if method == "primal":
        if H is None:
            raise InvalidArgument("method='primal' needs a potential with SymPy grad_exprs; use method='dual'")
        if H.is_diagonal():
            rhs = [-g / H[i, i] for i, g in enumerate(grad)]
            try:
                return solve(rhs, list(theta), th0, Te, dps=dps, method="taylor", max_steps=max_steps)
            except InvalidArgument:
                pass  # a function the Taylor generator does not know: fall back to the numeric path
        fH = sympy.lambdify([list(theta)], H, modules="mpmath")
        fg = sympy.lambdify([list(theta)], grad, modules="mpmath")

        def f_primal(y):
            Hm = mpmath.matrix(fH(list(y)))
            return list(-mpmath.lu_solve(Hm, mpmath.matrix(fg(list(y)))))

        return _extrapolation_solve(f_primal, th0, Te, dps, label="extrapolation-primal", max_steps=max_steps)
    if method == "chart":
        if chart is None:
            raise InvalidArgument("method='chart' needs a separable potential from derive_potential")
        ws = [sympy.Dummy(f"w{i + 1}", real=True) for i in range(len(chart))]
        th_w = [tw.xreplace({w: wi}) for (w, _, tw, _), wi in zip(chart, ws)]
        h_w = [hw.xreplace({w: wi}) for (w, _, _, hw), wi in zip(chart, ws)]
        w0 = [w0 for (_, w0, _, _) in chart]
        with mpmath.workdps(dps + GUARD_DPS):
            start = [mpmath.re(sympy.lambdify([wi], tw, modules="mpmath")(_mp(v)))
                     for tw, wi, v in zip(th_w, ws, w0)]
            if agreeing_digits(start, [_mp(v) for v in th0], cap=dps) < dps - 2:
                raise InvalidArgument(f"theta0={[str(v) for v in th0]} is not theta(0) of this potential "
                                      f"({[mpmath.nstr(v, 15) for v in start]}); the chart route starts at the "
                                      "potential's initialization: pass G(x(0))")
        sub = dict(zip(theta, th_w))
        rhs = [-h * g.xreplace(sub) for h, g in zip(h_w, grad)]
        sol = solve(rhs, ws, w0, Te, dps=dps, method="taylor", max_steps=max_steps)
        fth = sympy.lambdify([ws], th_w, modules="mpmath")
        return _mapped_solution(sol, lambda y: [mpmath.re(v) for v in fth(list(y))], "pivot chart")
    fg = sympy.lambdify([list(theta)], grad, modules="mpmath")

    def f_dual(eta):
        th = P.grad_inv(list(eta), dps=mpmath.mp.dps)
        return [-v for v in fg(list(th))]

    def to_theta(eta):
        return list(P.grad_inv(list(eta), dps=mpmath.mp.dps))

    def eta0():  # grad R(theta0), evaluated inside each run at that run's precision
        return list(P.grad([_mp(v) for v in th0], dps=mpmath.mp.dps))

    return _extrapolation_solve(f_dual, eta0, Te, dps, out=to_theta, label="extrapolation-dual",
                                max_steps=max_steps)


# ---------------------------------------------------------------------------------------------- discrete GD

def gradient_descent(G: Parameterization, loss, x0, step, n_steps: int, dps: int | None = None, *,
                     exact: bool | None = None) -> list:
    r"""Discrete gradient descent :math:`x_{k+1} = x_k - \gamma\,\partial G(x_k)^\top\nabla\mathcal{L}(G(x_k))`.

    Delegates to :func:`symflow.integrate.descent.gradient_descent`: exact iterates over QQ (SymPy Rationals) when G
    and the loss are polynomial with rational coefficients and ``x0``, ``step`` are exact (``exact=None``, the
    default, or ``True``); otherwise mpf iterates at ``dps`` digits computed with guard digits (``exact=False``).

    Arguments: ``step`` :math:`\gamma > 0` exact; ``n_steps`` >= 0.  Returns the ``n_steps + 1`` iterates (tuples
    ordered like ``G.params``).

    Source: discrete_dynamics_004 (gradient descent on reparameterized models).
    """
    G = _check_G(G)
    loss = _check_loss(loss, G.theta)
    y0 = _check_point(x0, G.params, "x0")
    g = _exact(step, "step")
    if not g > 0:
        raise InvalidArgument(f"step={step!r} must be > 0")
    if isinstance(n_steps, bool) or not isinstance(n_steps, int) or n_steps < 0:
        raise InvalidArgument(f"n_steps={n_steps!r} ({type(n_steps).__name__}) must be an integer >= 0")
    dps = _check_dps(dps)
    rhs, variables = _gradient_flow_rhs(G, loss, False)
    from .integrate.descent import gradient_descent as _gd

    return _gd([-r for r in rhs], variables, y0, g, n_steps, dps, exact=exact)


# ---------------------------------------------------------------------------------------------- cross-check

def _fmt(v, n: int = 30) -> str:
    return mpmath.nstr(v, n)


def _dual_identity(P, thetaT, theta0, xiT, dps: int) -> dict:
    r"""Supplementary: :math:`\nabla R(\theta(T)) - \nabla R(\theta_0)` (the potential's own gradient, by formula or
    quadrature) against :math:`\xi(T) = -\int_0^T \nabla\mathcal{L}` accumulated along the gradient flow."""
    try:
        with mpmath.workdps(dps):
            g1 = P.grad(list(thetaT), dps=dps)
            g0 = P.grad([_mp(v) for v in theta0], dps=dps)
            lhs = [a - b for a, b in zip(g1, g0)]
            digits = agreeing_digits(lhs, list(xiT), cap=dps)
        return {"digits": digits, "xi(T)": [_fmt(v) for v in xiT],
                "gradR(theta(T)) - gradR(theta0)": [_fmt(v) for v in lhs]}
    except TimeoutError:  # the caller's own deadline (symflow analyze --timeout)
        raise
    except Exception as exc:  # noqa: BLE001 -- supplementary field; report why it is missing
        return {"error": f"{type(exc).__name__}: {exc}"}


def cross_check(G: Parameterization, loss, x0, T, dps: int | None = None, *, samples: int = 8,
                data: tuple | None = None, potential=None, max_steps: int = 20000) -> dict:
    r"""Gradient flow in x against the mirror flow in :math:`\theta`: do :math:`G(x(t))` and
    :math:`\theta_{\rm mirror}(t)` agree?

    1. integrate :math:`\dot x = -\partial G^\top\nabla\mathcal{L}(G(x))` (Taylor jet, digits by precision doubling);
    2. if :math:`G` is commuting and regular and a potential can be derived for :math:`x(0)`, integrate its mirror
       flow from :math:`\theta(0) = G(x(0))` by :func:`mirror_flow` (a different ODE, in d unknowns: in
       :math:`\theta` for closed potentials, in the pivot chart for implicit ones);
    3. at ``samples`` equally spaced times :math:`t_k \in (0, T]`, measure ``digits`` = min over k of the agreeing
       significant digits of :math:`G(x(t_k))` and :math:`\theta_{\rm mirror}(t_k)`, and
       ``max_gap`` = max relative gap;
    4. ``law_drift``: the largest :math:`|h(x(t_k)) - h(x(0))|` over the degree-2 polynomial conservation laws
       :math:`h`; an accuracy witness for the Taylor jet, *not* for Gauss--Legendre (which conserves quadratic
       invariants by construction);
    5. ``limit_vs_bregman``: for a least-squares loss whose data interpolate (:math:`X\theta = y` solvable), the
       distance of :math:`\theta(T)` to the Bregman projection :math:`\arg\min\{D_R(\theta, \theta_0): X\theta=y\}`
       (meaningful once :math:`\mathcal{L}(\theta(T))` is small; the loss at T is reported alongside);
    6. ``dual_identity``: the digits on which :math:`\nabla R(G(x(T))) - \nabla R(\theta_0)` (the potential's
       gradient: formula, or quadrature for implicit potentials) equals :math:`\xi(T) = -\int_0^T
       \nabla\mathcal{L}(G(x))\,dt`, accumulated as extra state of the gradient flow (supplementary: it tests
       ``P.grad``, which the chart route of :func:`mirror_flow` does not use).

    Keyword arguments: ``samples`` (number of comparison times), ``data = (X, y)`` (least-squares data, found
    automatically when the loss came from :func:`least_squares`), ``potential`` (a Potential to test instead of the
    derived one: a claimed potential whose mirror flow should reproduce G(x(t))), ``max_steps`` (bound on the
    steps of each integration, default 20000).

    Failures of the mathematics, not of the input, end in ``Inconclusive`` and never raise: a gradient flow that
    leaves the domain of G (step-size underflow near an edge such as u = 0 for sqrt(u)) is retried once on T/8 and
    the detail says so (``T`` then holds the shortened horizon and ``T_requested`` the one asked for); a map that
    is not smooth (abs, sign) or an integration or evaluation error gives reason DOMAIN; ``max_steps`` reached gives
    reason TIMEOUT.  The Bregman-projection field has a 20 s budget.

    Verdict: ``Refuted`` when the gap is more than 10 orders of magnitude above both flows' measured accuracy
    ``acc`` (>= 15 digits; the counterexample has the time and both values); ``Verified`` with
    ``min(agreement, acc)`` digits when the agreement is within 10 digits of ``acc`` and at least half of it;
    ``Inconclusive`` otherwise (too few digits to decide) or when no potential exists.

    Returns:
        ``{verdict, digits, dps, T, max_gap, law_drift, invariant_drift (= law_drift), limit_vs_bregman,
        dual_identity, agreement_digits, flow_digits, mirror_digits, potential_kind, times, laws, detail}``.
    """
    G = _check_G(G)
    loss = _check_loss(loss, G.theta)
    xe = _check_point(x0, G.params, "x0")
    Te = _check_T(T)
    dps = _check_dps(dps)
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise InvalidArgument(f"samples={samples!r} must be an integer >= 1")
    if data is not None:
        if not isinstance(data, (tuple, list)) or len(data) != 2:
            raise InvalidArgument(f"data={data!r} ({type(data).__name__}) must be a pair (X, y)")
        ls = (_rows(data[0], "X"), [_exact(v, f"y[{a}]") for a, v in enumerate(data[1])])
    else:
        ls = least_squares_data(loss)
    init = dict(zip(G.params, xe))
    report: dict = {"dps": dps, "T": str(Te), "digits": None, "max_gap": None, "law_drift": None,
                    "invariant_drift": None, "limit_vs_bregman": None, "flow_digits": None, "mirror_digits": None,
                    "potential_kind": None, "times": []}
    _check_max_steps(max_steps)
    from .potentials import _NONSMOOTH

    def stop(verdict: Verdict) -> dict:
        report["verdict"] = verdict
        report["detail"] = verdict.detail
        return report

    bad = sorted({str(a) for e in G.outputs for a in e.atoms(*_NONSMOOTH)})
    if bad:
        return stop(Inconclusive(f"G uses {', '.join(bad)}: not differentiable where the argument vanishes, so "
                                 f"neither the gradient flow's Taylor jet nor a mirror potential applies; write the "
                                 f"map of the branch of x(0) without abs/sign", reason=Reason.DOMAIN))
    shortened = ""
    try:
        try:
            sol = gradient_flow(G, loss, xe, Te, dps=dps, extra=True, max_steps=max_steps)  # x, then xi
        except PrecisionError as exc:  # e.g. the flow reaches the edge of the domain of G before T: retry once
            if "max_steps" in str(exc):
                raise  # the work bound, not the domain: no retry
            T8 = Te / 8
            sol = gradient_flow(G, loss, xe, T8, dps=dps, extra=True, max_steps=max_steps)
            shortened = (f"on the shortened horizon T = {T8} (the gradient flow could not be integrated to "
                         f"T = {Te}: {str(exc).split(';')[0]}; the flow is singular there: an edge of the domain of G "
                         f"or a blow-up): ")
            report["T_requested"], report["T"], Te = str(Te), str(T8), T8
    except (SymflowError, ArithmeticError, ValueError) as exc:
        reason = Reason.TIMEOUT if "max_steps" in str(exc) else Reason.DOMAIN
        again = "" if reason is Reason.TIMEOUT or isinstance(exc, InvalidArgument) else " (nor to T/8)"
        return stop(Inconclusive(f"the gradient flow could not be integrated to T = {Te}{again}: "
                                 f"{type(exc).__name__}: {exc}", reason=reason))
    report["flow_digits"] = sol.digits
    times = [Te * sympy.Rational(k, samples) for k in range(1, samples + 1)]
    report["times"] = [str(t) for t in times]
    xs = [sol(t)[:G.D] for t in times]
    xT, xiT = sol.y1[:G.D], sol.y1[G.D:]
    Gf = sympy.lambdify([list(G.params)], list(G.outputs), modules="mpmath")

    # conservation-law drift along x(t)
    try:
        from .conservation import polynomial_laws

        laws = polynomial_laws(G, 2)
    except Exception as exc:  # noqa: BLE001 -- the drift is supplementary; say why it is missing
        laws, report["law_drift_error"] = [], f"{type(exc).__name__}: {exc}"
    if laws:
        hf = sympy.lambdify([list(G.params)], list(laws), modules="mpmath")
        with mpmath.workdps(dps + GUARD_DPS):
            h0 = hf([_mp(v) for v in xe])
            drift = mpmath.mpf(0)
            for x in xs:
                hx = hf(list(x))
                drift = max(drift, max(abs(a - b) / max(abs(b), 1) for a, b in zip(hx, h0)))
        report["law_drift"] = report["invariant_drift"] = _fmt(drift, 5)
        report["laws"] = [str(h) for h in laws]
    report["law_drift_note"] = ("accuracy witness for the Taylor jet (not for Gauss-Legendre, which conserves "
                                "quadratic invariants by construction)")

    # potential
    from .lie import is_commuting
    from .parameterization import regularity

    try:
        comm = is_commuting(G) if potential is None else None
        reg = regularity(G)[0] if potential is None else None
    except Exception as exc:  # noqa: BLE001 -- a failing lower layer must not hide the gradient-flow result
        report["verdict"] = Inconclusive(f"commuting/regularity test raised {type(exc).__name__}: {exc}",
                                         reason=Reason.FAILED)
        report["detail"] = report["verdict"].detail
        return report
    if potential is None and not (comm.holds and reg.holds):
        report["verdict"] = Inconclusive(
            f"no mirror flow to compare: commuting={comm.word}, regular={reg.word}; gradient flow has "
            f"{sol.digits} measured digits", reason=Reason.DOMAIN)
        report["detail"] = report["verdict"].detail
        return report
    from .potentials import derive_potential

    try:
        P = derive_potential(G, init=init) if potential is None else potential
    except SymflowError as exc:
        report["verdict"] = Inconclusive(f"{shortened}no potential for this initialization: {exc}",
                                         reason=Reason.DOMAIN)
        report["detail"] = report["verdict"].detail
        return report
    report["potential_kind"] = P.kind
    th0 = G.evaluate(init)
    try:
        msol = mirror_flow(P, loss, th0, Te, dps=dps, max_steps=max_steps)
    except (SymflowError, ArithmeticError, ValueError) as exc:  # leaves the range of grad R, step underflow, ...
        if "max_steps" in str(exc):
            reason = Reason.TIMEOUT
        else:
            reason = Reason.PRECISION if isinstance(exc, PrecisionError) and "underflow" not in str(exc) \
                else Reason.DOMAIN
        return stop(Inconclusive(f"{shortened}the mirror flow of the {P.kind} potential could not be integrated "
                                 f"to T = {Te}: {type(exc).__name__}: {exc}", reason=reason))
    report["mirror_digits"] = msol.digits
    with mpmath.workdps(dps + GUARD_DPS):
        thT = Gf(list(xT))
    report["dual_identity"] = _dual_identity(P, thT, th0, xiT, dps)

    worst_digits, worst_gap, worst_k = None, mpmath.mpf(0), 0
    try:
        with mpmath.workdps(dps):
            pairs = []
            for k, (t, x) in enumerate(zip(times, xs)):
                tg = Gf(list(x))
                tm = msol(t)
                dig = agreeing_digits(tg, tm, cap=dps)
                scale = max(max(abs(v) for v in tm), mpmath.mpf(10) ** (-dps))
                gap = max(abs(a - b) for a, b in zip(tg, tm)) / scale
                pairs.append((t, tg, tm))
                if worst_digits is None or dig < worst_digits:
                    worst_digits, worst_k = dig, k
                worst_gap = max(worst_gap, gap)
    except (SymflowError, ArithmeticError, ValueError, TypeError) as exc:
        return stop(Inconclusive(f"{shortened}G(x(t)) or the mirror flow could not be evaluated at the sample "
                                 f"times: {type(exc).__name__}: {exc}", reason=Reason.DOMAIN))
    report["digits"] = worst_digits
    report["max_gap"] = _fmt(worst_gap, 5)
    acc = min(d for d in (sol.digits, msol.digits) if d is not None) if (sol.digits or msol.digits) else 0
    t_w, tg_w, tm_w = pairs[worst_k]
    points = ({"x0": {str(k): str(v) for k, v in init.items()}, "T": str(Te), "samples": samples},)
    if acc >= 15 and worst_digits + 10 < acc:
        verdict: Verdict = Refuted(
            f"{shortened}G(x(t)) and the mirror flow of {P.kind} potential differ at t = {t_w}: {worst_digits} "
            f"agreeing digits, while each flow has >= {acc} measured digits",
            counterexample={"t": str(t_w), "G(x(t))": [_fmt(v) for v in tg_w],
                            "theta_mirror(t)": [_fmt(v) for v in tm_w], "x0": points[0]["x0"]},
            measured_digits=worst_digits)
    elif worst_digits + 10 < acc or 2 * worst_digits < acc or worst_digits < 1:
        # the gap is above the error bars, but the flows have too few digits to call it a refutation
        verdict = Inconclusive(f"{shortened}G(x(t)) and the mirror flow agree to only {worst_digits} digits while "
                               f"the flows have {acc} measured digits; too few to decide: rerun with a higher dps",
                               reason=Reason.PRECISION)
    else:
        verdict = Verified(
            f"{shortened}G(x(t)) = mirror flow of the {P.kind} potential at {samples} times in (0, {Te}]: "
            f"{worst_digits} digits agree (gradient flow {sol.digits}, mirror flow {msol.digits} measured digits)",
            n_digits=int(min(worst_digits, acc)), points=points, dps=dps, method=f"{sol.method} vs {msol.method}")
    report["verdict"] = verdict
    report["detail"] = verdict.detail
    report["agreement_digits"] = worst_digits
    report["digits"] = verdict.digits if verdict.digits is not None else worst_digits

    # Bregman projection at the limit (least squares with interpolating data)
    if ls is not None:
        rows, yv = ls[0], ls[1]
        Xm = sympy.Matrix(rows)
        aug = Xm.row_join(sympy.Matrix(yv))
        if Xm.rank() == aug.rank():  # exact: X theta = y is solvable, the loss has minimum 0
            try:
                from .potentials import _time_limit, bregman_projection

                with _time_limit(_BREGMAN_SECONDS):
                    proj = bregman_projection(P, [list(r) for r in rows], list(yv), theta0=th0, dps=dps)
                with mpmath.workdps(dps):
                    tT = Gf(list(xT))
                    dist = max(abs(a - b) for a, b in zip(tT, proj))
                    lossT = sympy.lambdify([list(G.theta)], loss, modules="mpmath")(list(tT))
                    converged = bool(lossT <= mpmath.mpf(10) ** (-(dps // 2)))
                report["limit_vs_bregman"] = {"distance": _fmt(dist, 5), "loss_at_T": _fmt(lossT, 5),
                                              "converged": converged, "projection": [_fmt(v) for v in proj],
                                              "note": "theta(T) approximates the limit only when converged "
                                                      "(loss_at_T <= 10^-(dps/2)); otherwise lengthen T"}
            except TimeoutError:  # the caller's own deadline (symflow analyze --timeout): not ours to swallow
                raise
            except Exception as exc:  # noqa: BLE001 -- supplementary field; report why it is missing
                text = (f"no answer within the {_BREGMAN_SECONDS} s budget" if type(exc).__name__ == "_Timeout"
                        else f"{type(exc).__name__}: {exc}")
                report["limit_vs_bregman"] = {"error": text}
    return report
