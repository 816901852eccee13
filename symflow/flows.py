r"""Gradient flow in the weights, mirror flow in the model, discrete gradient descent, and their cross-check.

For a parameterization :math:`\theta = G(x)` and a loss :math:`\mathcal{L}(\theta)`:

* gradient flow on :math:`\mathcal{L}\circ G` (DD-Eq4): :math:`\dot x = -\partial G(x)^\top \nabla\mathcal{L}(G(x))`;
* mirror flow of a potential :math:`R` (DD-Def-MirrorFlow): :math:`\frac{d}{dt}\nabla R(\theta) = -\nabla
  \mathcal{L}(\theta)`, i.e. :math:`\dot\theta = -(\nabla^2 R(\theta))^{-1}\nabla\mathcal{L}(\theta)`, or in the
  dual variable :math:`\eta = \nabla R(\theta)`: :math:`\dot\eta = -\nabla\mathcal{L}(\nabla R^{-1}(\eta))`;
* Li, Wang, Lee, Arora (2022, Thm 4.8): when :math:`G` is commuting and regular, :math:`\theta(t) = G(x(t))` follows
  the mirror flow of a potential determined by :math:`x(0)`.  :func:`cross_check` integrates both, by different
  methods, and measures how many digits :math:`G(x(t))` and :math:`\theta_{\rm mirror}(t)` share; it returns a
  :class:`CrossCheck` (frozen, every field always present).

Integrators: SymPy right-hand sides go to :func:`symflow.integrate.solve` (Taylor jet by default; digits measured by
precision doubling).  Right-hand sides that are only numeric callables (the dual route through ``P.grad_inv``, a root
solve; non-diagonal Hessians) go to :func:`symflow.integrate.extrapolate` (Gragg--Bulirsch--Stoer).

Losses: any SymPy expression in ``G.theta``, or the :class:`LeastSquares` loss built by :func:`least_squares`, which
carries its data (so that :func:`cross_check` can test the interpolation limit against the Bregman projection).

Source: DD-Eq4, DD-Def-MirrorFlow, DD-Thm1 (deep_diagonal_000); Li et al. 2022 Thm 4.8.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import mpmath
import sympy

from .errors import InvalidArgument, MaxStepsReached, PrecisionError, StepUnderflow, SymflowError, TimeLimitExceeded
from .integrate import extrapolate, solve
from .integrate import gradient_descent as integrate_descent
from .parameterization import Parameterization, check_parameterization
from .precision import GUARD_DPS, agreeing_digits
from .validation import check_dps, check_int, check_max_steps, exact_number, time_limit, to_mpf
from .verdict import Inconclusive, Reason, Refuted, Verdict, Verified

__all__ = ["least_squares", "LeastSquares", "loss_expr", "gradient_flow", "mirror_flow", "gradient_descent",
           "cross_check", "CrossCheck", "LawDrift", "DualIdentity", "BregmanLimit"]

_BREGMAN_SECONDS = 20  # budget of the supplementary Bregman-projection field of cross_check


# ---------------------------------------------------------------------------------------------- validation helpers

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
        return tuple(exact_number(by_name[str(s)], f"{name}[{s}]") for s in symbols)
    if isinstance(point, (str, bytes)) or not isinstance(point, (Sequence, sympy.MatrixBase)):
        raise InvalidArgument(f"{name}={point!r} ({type(point).__name__}) must be a dict Symbol -> number or a "
                              f"sequence of {len(symbols)} numbers")
    vals = list(point)
    if len(vals) != len(symbols):
        raise InvalidArgument(f"{name} has {len(vals)} entries but needs {len(symbols)} "
                              f"({', '.join(map(str, symbols))})")
    return tuple(exact_number(v, f"{name}[{i}]") for i, v in enumerate(vals))


def _check_T(T) -> sympy.Expr:
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
        G: the parameterization; ``loss``: a SymPy expression in ``G.theta`` or a :class:`LeastSquares` loss.
        x0: :math:`x(0)`, a dict (Symbol or name -> exact number) or a sequence ordered like ``G.params``.
        T: horizon (> 0, exact). dps: digits (None = current precision).
        method: an integrator of :func:`symflow.integrate.solve` (``"taylor"`` default, ``"gauss-legendre"``,
            ...) or ``"extrapolation"`` (:func:`symflow.integrate.extrapolate`, from a compiled callable).
        extra: also accumulate :math:`\xi(t) = -\int_0^t \nabla\mathcal{L}(\theta(s))\,ds` as d more state
            variables (after the D weights), the dual variable of the mirror-flow identity
            :math:`\nabla R(\theta(t)) - \nabla R(\theta(0)) = \xi(t)`.

        measure_digits: rerun at ``max(2 dps, dps + 20)`` digits and report the agreeing digits (default); False
            returns ``digits=None`` (for callers that measure by their own rerun).
        max_steps: bound on the integrator's steps; reaching it raises ``MaxStepsReached`` (a ``PrecisionError``).

    Returns:
        :class:`symflow.integrate.Solution` with state ``x`` (then ``xi`` when ``extra``); ``digits`` measured by
        precision doubling.
    """
    G = check_parameterization(G)
    loss = loss_expr(loss, G.theta)
    y0 = list(_check_point(x0, G.params, "x0"))
    Te = _check_T(T)
    dps = check_dps(dps)
    if not isinstance(method, str):
        raise InvalidArgument(f"method={method!r} ({type(method).__name__}) must be a string such as 'taylor'")
    if not isinstance(extra, bool):
        raise InvalidArgument(f"extra={extra!r} ({type(extra).__name__}) must be True or False")
    if not isinstance(measure_digits, bool):
        raise InvalidArgument(f"measure_digits={measure_digits!r} ({type(measure_digits).__name__}) must be a bool")
    rhs, variables = _gradient_flow_rhs(G, loss, extra)
    if extra:
        y0 += [sympy.Integer(0)] * G.d
    check_max_steps(max_steps)
    if method == "extrapolation":
        fn = sympy.lambdify([list(variables)], list(rhs), modules="mpmath")
        return extrapolate(lambda y: fn(list(y)), y0, Te, dps, measure_digits=measure_digits, max_steps=max_steps)

    return solve(rhs, variables, y0, Te, dps=dps, method=method, measure_digits=measure_digits,
                 max_steps=max_steps)


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
            ``MaxStepsReached`` (a ``PrecisionError``) (the work is bounded: a chart that breaks down makes the steps
            shrink, and this stops it).

    Returns:
        :class:`symflow.integrate.Solution` whose state is :math:`\theta` on every route; ``digits`` measured by
        precision doubling.
    """
    theta = tuple(getattr(P, "theta", ()) or ())
    if not theta or not all(callable(getattr(P, a, None)) for a in ("grad", "grad_inv")):
        raise InvalidArgument(f"P={P!r} ({type(P).__name__}) must be a Potential (symflow.potentials."
                              "derive_potential)")
    loss = loss_expr(loss, theta)
    th0 = list(_check_point(theta0, theta, "theta0"))
    Te = _check_T(T)
    dps = check_dps(dps)
    if method not in (None, "primal", "chart", "dual"):
        raise InvalidArgument(f"method={method!r} must be None, 'primal', 'chart' or 'dual'")
    check_max_steps(max_steps)
    grad = _loss_gradient(loss, theta)
    H = _closed_hessian(P)
    chart = _chart(P)
    if method is None:
        method = "primal" if H is not None else ("chart" if chart is not None else "dual")
    if method == "primal":
        if H is None:
            raise InvalidArgument("method='primal' needs a potential with SymPy grad_exprs; use method='dual'")
        return _primal_route(theta, H, grad, th0, Te, dps, max_steps)
    if method == "chart":
        if chart is None:
            raise InvalidArgument("method='chart' needs a separable potential from derive_potential")
        return _chart_route(theta, chart, grad, th0, Te, dps, max_steps)
    return _dual_route(P, theta, grad, th0, Te, dps, max_steps)


def _primal_route(theta, H, grad, th0, Te, dps, max_steps):
    r""":math:`\dot\theta = -(\nabla^2 R)^{-1}\nabla\mathcal{L}`: Taylor jet when the Hessian is diagonal (and its
    functions are known to the jet generator), else a numeric linear solve per evaluation and extrapolation."""
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

    return extrapolate(f_primal, th0, Te, dps, label="extrapolation-primal", max_steps=max_steps)


def _chart_route(theta, chart, grad, th0, Te, dps, max_steps):
    r""":math:`\dot w_i = -h_i(w_i)\,\partial_i\mathcal{L}(\theta(w))` in the pivot chart, Taylor jet, mapped to theta."""
    ws = [sympy.Dummy(f"w{i + 1}", real=True) for i in range(len(chart))]
    th_w = [tw.xreplace({w: wi}) for (w, _, tw, _), wi in zip(chart, ws)]
    h_w = [hw.xreplace({w: wi}) for (w, _, _, hw), wi in zip(chart, ws)]
    w0 = [w0 for (_, w0, _, _) in chart]
    with mpmath.workdps(dps + GUARD_DPS):
        start = [mpmath.re(sympy.lambdify([wi], tw, modules="mpmath")(to_mpf(v))) for tw, wi, v in zip(th_w, ws, w0)]
        if agreeing_digits(start, [to_mpf(v) for v in th0], cap=dps) < dps - 2:
            raise InvalidArgument(f"theta0={[str(v) for v in th0]} is not theta(0) of this potential "
                                  f"({[mpmath.nstr(v, 15) for v in start]}); the chart route starts at the "
                                  "potential's initialization: pass G(x(0))")
    sub = dict(zip(theta, th_w))
    rhs = [-h * g.xreplace(sub) for h, g in zip(h_w, grad)]
    sol = solve(rhs, ws, w0, Te, dps=dps, method="taylor", max_steps=max_steps)
    fth = sympy.lambdify([ws], th_w, modules="mpmath")
    return _mapped_solution(sol, lambda y: [mpmath.re(v) for v in fth(list(y))], "pivot chart")


def _dual_route(P, theta, grad, th0, Te, dps, max_steps):
    r""":math:`\dot\eta = -\nabla\mathcal{L}(\nabla R^{-1}(\eta))` with the numeric ``P.grad_inv``, extrapolation."""
    fg = sympy.lambdify([list(theta)], grad, modules="mpmath")

    def f_dual(eta):
        th = P.grad_inv(list(eta), dps=mpmath.mp.dps)
        return [-v for v in fg(list(th))]

    def to_theta(eta):
        return list(P.grad_inv(list(eta), dps=mpmath.mp.dps))

    def eta0():  # grad R(theta0), evaluated inside each run at that run's precision
        return list(P.grad([to_mpf(v) for v in th0], dps=mpmath.mp.dps))

    return extrapolate(f_dual, eta0, Te, dps, out=to_theta, label="extrapolation-dual", max_steps=max_steps)


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
    G = check_parameterization(G)
    loss = loss_expr(loss, G.theta)
    y0 = _check_point(x0, G.params, "x0")
    g = exact_number(step, "step")
    if not g > 0:
        raise InvalidArgument(f"step={step!r} must be > 0")
    if isinstance(n_steps, bool) or not isinstance(n_steps, int) or n_steps < 0:
        raise InvalidArgument(f"n_steps={n_steps!r} ({type(n_steps).__name__}) must be an integer >= 0")
    dps = check_dps(dps)
    rhs, variables = _gradient_flow_rhs(G, loss, False)
    return integrate_descent([-r for r in rhs], variables, y0, g, n_steps, dps, exact=exact)


# ---------------------------------------------------------------------------------------------- cross-check

_DRIFT_NOTE = ("accuracy witness for the Taylor jet (not for Gauss-Legendre, which conserves quadratic invariants by "
               "construction)")


@dataclass(frozen=True)
class LawDrift:
    r"""Largest relative drift :math:`\max_k |h(x(t_k)) - h(x(0))| / \max(|h(x(0))|, 1)` of the degree-2 polynomial
    laws along the gradient flow (``drift`` None when G has none, ``error`` when they could not be computed)."""

    laws: tuple[str, ...]
    drift: str | None
    error: str | None = None
    note: str = _DRIFT_NOTE


@dataclass(frozen=True)
class DualIdentity:
    r"""Digits on which :math:`\nabla R(G(x(T))) - \nabla R(\theta_0)` equals :math:`\xi(T) = -\int_0^T
    \nabla\mathcal{L}(G(x))\,dt` (``error`` says why it is missing)."""

    digits: int | None
    xi: tuple[str, ...] = ()
    lhs: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class BregmanLimit:
    r"""Distance of :math:`\theta(T)` to :math:`\arg\min\{D_R(\theta, \theta_0): X\theta = y\}` (interpolating
    least-squares data); meaningful once ``converged`` (:math:`\mathcal{L}(\theta(T)) \le 10^{-dps/2}`)."""

    distance: str | None
    loss_at_T: str | None = None
    converged: bool = False
    projection: tuple[str, ...] = ()
    error: str | None = None
    note: str = "theta(T) approximates the limit only when converged (loss_at_T <= 10^-(dps/2)); otherwise lengthen T"


@dataclass(frozen=True)
class CrossCheck:
    r"""The result of :func:`cross_check`; every field is present whatever happened (None: the stage was not reached).

    ``verdict`` (its ``detail`` is ``self.detail``); ``digits`` = the verdict's digits, or the agreement when the
    verdict has none; ``T`` the horizon used and ``T_requested`` the one asked for (they differ when the gradient
    flow was singular before T); ``agreement_digits`` / ``max_gap`` between :math:`G(x(t_k))` and
    :math:`\theta_{\rm mirror}(t_k)`; ``flow_digits`` / ``mirror_digits`` measured by precision doubling; ``times``
    the comparison times; ``law_drift``, ``dual_identity``, ``limit_vs_bregman`` the supplementary checks.
    """

    verdict: Verdict
    dps: int
    T: str
    T_requested: str
    digits: int | None
    agreement_digits: int | None
    max_gap: str | None
    flow_digits: int | None
    mirror_digits: int | None
    potential_kind: str | None
    times: tuple[str, ...]
    law_drift: LawDrift | None
    dual_identity: DualIdentity | None
    limit_vs_bregman: BregmanLimit | None

    @property
    def detail(self) -> str:
        return self.verdict.detail

    def to_dict(self) -> dict:
        """JSON-ready: the verdict as its word (and evidence), the sub-results as dicts."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        for key in ("law_drift", "dual_identity", "limit_vs_bregman"):
            out[key] = None if out[key] is None else dataclasses.asdict(out[key])
        ev = self.verdict.to_dict()
        out.update({k: v for k, v in ev.items() if k not in out})
        out["verdict"], out["detail"], out["times"] = self.verdict.word, self.detail, list(self.times)
        return out


class _Stop(Exception):
    """A stage of the cross-check ends it with a verdict (a failure of the mathematics, not of the input)."""

    def __init__(self, verdict: Verdict):
        super().__init__(verdict.detail)
        self.verdict = verdict


def cross_check(G: Parameterization, loss, x0, T, dps: int | None = None, *, samples: int = 8,
                data: tuple | None = None, potential=None, max_steps: int = 20000) -> CrossCheck:
    r"""Gradient flow in x against the mirror flow in :math:`\theta`: do :math:`G(x(t))` and
    :math:`\theta_{\rm mirror}(t)` agree?

    1. integrate :math:`\dot x = -\partial G^\top\nabla\mathcal{L}(G(x))` (Taylor jet, digits by precision doubling),
       with :math:`\xi(t) = -\int_0^t\nabla\mathcal{L}` as extra state;
    2. if :math:`G` is commuting and regular and a potential can be derived for :math:`x(0)`, integrate its mirror
       flow from :math:`\theta(0) = G(x(0))` by :func:`mirror_flow` (a different ODE, in d unknowns);
    3. at ``samples`` equally spaced times :math:`t_k \in (0, T]`, measure the agreeing digits of :math:`G(x(t_k))`
       and :math:`\theta_{\rm mirror}(t_k)` (minimum over k) and the largest relative gap;
    4. supplementary: the drift of the degree-2 polynomial laws along x(t) (:class:`LawDrift`); the dual identity
       :math:`\nabla R(G(x(T))) - \nabla R(\theta_0) = \xi(T)` (:class:`DualIdentity`, it tests ``P.grad``, which
       the chart route of :func:`mirror_flow` does not use); for interpolating least-squares data, the distance of
       :math:`\theta(T)` to the Bregman projection (:class:`BregmanLimit`, 20 s budget).

    Keyword arguments: ``samples`` (comparison times), ``data = (X, y)`` (least-squares data; carried by a
    :class:`LeastSquares` loss already), ``potential`` (a Potential to test instead of the derived one),
    ``max_steps`` (bound on the steps of each integration, default 20000).

    Failures of the mathematics, not of the input, end in ``Inconclusive`` and never raise: a gradient flow that is
    singular before T (:class:`~symflow.errors.StepUnderflow` or another ``PrecisionError``: an edge of the domain of
    G, a blow-up) is retried once on T/8 and the detail says so; a map that is not smooth (abs, sign) or an
    integration or evaluation error gives reason DOMAIN; :class:`~symflow.errors.MaxStepsReached` gives TIMEOUT.

    Verdict: ``Refuted`` when the gap is more than 10 orders of magnitude above both flows' measured accuracy
    ``acc`` (>= 15 digits; the counterexample has the time and both values); ``Verified`` with
    ``min(agreement, acc)`` digits when the agreement is within 10 digits of ``acc`` and at least half of it;
    ``Inconclusive`` otherwise (too few digits to decide) or when no potential exists.

    Returns:
        a :class:`CrossCheck`.
    """
    G = check_parameterization(G)
    expr = loss_expr(loss, G.theta)
    run = _CrossCheckRun(G, expr, _check_point(x0, G.params, "x0"), _check_T(T), check_dps(dps),
                         check_int(samples, "samples", 1), check_max_steps(max_steps))
    ls = _ls_data(loss, data, G.theta)
    try:
        run.gradient_flow()
        run.law_drift()
        P = run.potential(potential)
        run.mirror_flow(P)
        verdict = run.compare(P)
        run.bregman(P, ls)
    except _Stop as stop:
        verdict = stop.verdict
    return run.result(verdict)


def _ls_data(loss, data, theta) -> LeastSquares | None:
    """The least-squares data of the cross-check: ``data = (X, y)`` if given, else those a LeastSquares carries."""
    if data is None:
        return loss if isinstance(loss, LeastSquares) else None
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise InvalidArgument(f"data={data!r} ({type(data).__name__}) must be a pair (X, y)")
    return least_squares(data[0], data[1], tuple(theta))


def _fmt(v, n: int = 30) -> str:
    return mpmath.nstr(v, n)


class _CrossCheckRun:
    """The stages of :func:`cross_check`, each recording what it measured; a stage that cannot go on raises _Stop."""

    def __init__(self, G, loss, xe, T, dps, samples, max_steps):
        self.G, self.loss, self.xe, self.T, self.dps = G, loss, xe, T, dps
        self.samples, self.max_steps = samples, max_steps
        self.T_requested, self.shortened = T, ""
        self.sol = self.msol = self.P = None
        self.times: list = []
        self.xs: list = []
        self.drift = self.dual = self.limit = None
        self.agreement = self.max_gap = None
        self.Gf = sympy.lambdify([list(G.params)], list(G.outputs), modules="mpmath")

    # -- stage 1: gradient flow (with the dual variable xi as extra state) -----------------------------------
    def _integrate(self, T):
        return gradient_flow(self.G, self.loss, self.xe, T, dps=self.dps, extra=True, max_steps=self.max_steps)

    def gradient_flow(self) -> None:
        if self.G.nonsmooth:
            raise _Stop(Inconclusive(f"G uses {', '.join(self.G.nonsmooth)}: not differentiable where the argument "
                                     "vanishes, so neither the gradient flow's Taylor jet nor a mirror potential "
                                     "applies; write the map of the branch of x(0) without abs/sign",
                                     reason=Reason.DOMAIN))
        T = self.T
        try:
            try:
                self.sol = self._integrate(T)
            except MaxStepsReached:
                raise  # the work bound, not the domain: no retry
            except PrecisionError as exc:  # singular before T (edge of the domain of G, blow-up): retry on T/8
                self.sol = self._integrate(T / 8)
                self.shortened = (f"on the shortened horizon T = {T / 8} (the gradient flow could not be "
                                  f"integrated to T = {T}: {exc}; the flow is singular there: an edge of the domain "
                                  f"of G or a blow-up): ")
                self.T = T / 8
        except (SymflowError, ArithmeticError, ValueError) as exc:
            timeout = isinstance(exc, MaxStepsReached)
            again = "" if timeout or isinstance(exc, InvalidArgument) else " (nor to T/8)"
            raise _Stop(Inconclusive(f"the gradient flow could not be integrated to T = {T}{again}: "
                                     f"{type(exc).__name__}: {exc}",
                                     reason=Reason.TIMEOUT if timeout else Reason.DOMAIN)) from None
        self.times = [self.T * sympy.Rational(k, self.samples) for k in range(1, self.samples + 1)]
        self.xs = [self.sol(t)[:self.G.D] for t in self.times]

    # -- supplementary: drift of the polynomial laws -------------------------------------------------------------
    def law_drift(self) -> None:
        G = self.G
        if not G.is_polynomial:
            self.drift = LawDrift(laws=(), drift=None, error="G is not polynomial: no degree-2 polynomial laws")
            return
        from .conservation import polynomial_laws

        laws = polynomial_laws(G, 2)
        if not laws:
            self.drift = LawDrift(laws=(), drift=None)
            return
        hf = sympy.lambdify([list(G.params)], list(laws), modules="mpmath")
        with mpmath.workdps(self.dps + GUARD_DPS):
            h0 = hf([to_mpf(v) for v in self.xe])
            drift = mpmath.mpf(0)
            for x in self.xs:
                drift = max(drift, max(abs(a - b) / max(abs(b), 1) for a, b in zip(hf(list(x)), h0)))
        self.drift = LawDrift(laws=tuple(str(h) for h in laws), drift=_fmt(drift, 5))

    # -- stage 2: the potential and its mirror flow ------------------------------------------------------------
    def potential(self, claimed):
        if claimed is not None:
            self.P = claimed
            return claimed
        from .lie import is_commuting
        from .parameterization import regularity
        from .potentials import derive_potential

        G = self.G
        comm, reg = is_commuting(G), regularity(G)[0]
        if not (comm.holds and reg.holds):
            raise _Stop(Inconclusive(f"no mirror flow to compare: commuting={comm.word}, regular={reg.word}; "
                                     f"gradient flow has {self.sol.digits} measured digits", reason=Reason.DOMAIN))
        try:
            self.P = derive_potential(G, init=dict(zip(G.params, self.xe)))
        except SymflowError as exc:
            raise _Stop(Inconclusive(f"{self.shortened}no potential for this initialization: {exc}",
                                     reason=Reason.DOMAIN)) from None
        return self.P

    def mirror_flow(self, P) -> None:
        th0 = self.G.evaluate(dict(zip(self.G.params, self.xe)))
        try:
            self.msol = mirror_flow(P, self.loss, th0, self.T, dps=self.dps, max_steps=self.max_steps)
        except (SymflowError, ArithmeticError, ValueError) as exc:  # leaves the range of grad R, step underflow
            reason = (Reason.TIMEOUT if isinstance(exc, MaxStepsReached) else
                      Reason.DOMAIN if isinstance(exc, StepUnderflow) or not isinstance(exc, PrecisionError)
                      else Reason.PRECISION)
            raise _Stop(Inconclusive(f"{self.shortened}the mirror flow of the {P.kind} potential could not be "
                                     f"integrated to T = {self.T}: {type(exc).__name__}: {exc}",
                                     reason=reason)) from None
        self.dual = _dual_identity(P, self._theta_T(), th0, self.sol.y1[self.G.D:], self.dps)

    def _theta_T(self):
        with mpmath.workdps(self.dps + GUARD_DPS):
            return self.Gf(list(self.sol.y1[:self.G.D]))

    # -- stage 3: compare G(x(t_k)) with theta_mirror(t_k) -------------------------------------------------
    def compare(self, P) -> Verdict:
        worst, worst_gap = None, mpmath.mpf(0)
        try:
            with mpmath.workdps(self.dps):
                for t, x in zip(self.times, self.xs):
                    tg, tm = self.Gf(list(x)), self.msol(t)
                    dig = agreeing_digits(tg, tm, cap=self.dps)
                    scale = max(max(abs(v) for v in tm), mpmath.mpf(10) ** (-self.dps))
                    worst_gap = max(worst_gap, max(abs(a - b) for a, b in zip(tg, tm)) / scale)
                    if worst is None or dig < worst[0]:
                        worst = (dig, t, tg, tm)
        except (SymflowError, ArithmeticError, ValueError, TypeError) as exc:
            raise _Stop(Inconclusive(f"{self.shortened}G(x(t)) or the mirror flow could not be evaluated at the "
                                     f"sample times: {type(exc).__name__}: {exc}", reason=Reason.DOMAIN)) from None
        self.agreement, self.max_gap = worst[0], _fmt(worst_gap, 5)
        return self._decide(P, *worst)

    def _decide(self, P, digits: int, t_w, tg_w, tm_w) -> Verdict:
        sol, msol, sh = self.sol, self.msol, self.shortened
        measured = [d for d in (sol.digits, msol.digits) if d is not None]
        acc = min(measured) if any(measured) else 0
        x0 = {str(k): str(v) for k, v in zip(self.G.params, self.xe)}
        if acc >= 15 and digits + 10 < acc:
            return Refuted(f"{sh}G(x(t)) and the mirror flow of {P.kind} potential differ at t = {t_w}: {digits} "
                           f"agreeing digits, while each flow has >= {acc} measured digits",
                           counterexample={"t": str(t_w), "G(x(t))": [_fmt(v) for v in tg_w],
                                           "theta_mirror(t)": [_fmt(v) for v in tm_w], "x0": x0},
                           measured_digits=digits)
        if digits + 10 < acc or 2 * digits < acc or digits < 1:
            # the gap is above the error bars, but the flows have too few digits to call it a refutation
            return Inconclusive(f"{sh}G(x(t)) and the mirror flow agree to only {digits} digits while the flows "
                                f"have {acc} measured digits; too few to decide: rerun with a higher dps",
                                reason=Reason.PRECISION)
        return Verified(f"{sh}G(x(t)) = mirror flow of the {P.kind} potential at {self.samples} times in "
                        f"(0, {self.T}]: {digits} digits agree (gradient flow {sol.digits}, mirror flow "
                        f"{msol.digits} measured digits)", n_digits=int(min(digits, acc)),
                        points=({"x0": x0, "T": str(self.T), "samples": self.samples},), dps=self.dps,
                        method=f"{sol.method} vs {msol.method}")

    # -- supplementary: the Bregman projection at the limit ----------------------------------------------------
    def bregman(self, P, ls: LeastSquares | None) -> None:
        if ls is None or not ls.interpolates:  # X theta = y must be solvable (exact ranks): the loss has minimum 0
            return
        from .potentials import bregman_projection

        th0 = self.G.evaluate(dict(zip(self.G.params, self.xe)))
        try:
            with time_limit(_BREGMAN_SECONDS):
                proj = bregman_projection(P, [list(r) for r in ls.X], list(ls.y), theta0=th0, dps=self.dps)
            with mpmath.workdps(self.dps):
                tT = self._theta_T()
                dist = max(abs(a - b) for a, b in zip(tT, proj))
                lossT = sympy.lambdify([list(self.G.theta)], self.loss, modules="mpmath")(list(tT))
            self.limit = BregmanLimit(distance=_fmt(dist, 5), loss_at_T=_fmt(lossT, 5),
                                      converged=bool(lossT <= mpmath.mpf(10) ** (-(self.dps // 2))),
                                      projection=tuple(_fmt(v) for v in proj))
        except TimeoutError:  # the caller's own deadline (symflow analyze --timeout): not ours to swallow
            raise
        except TimeLimitExceeded:
            self.limit = BregmanLimit(distance=None, error=f"no answer within the {_BREGMAN_SECONDS} s budget")
        except (SymflowError, ArithmeticError, ValueError, TypeError, ZeroDivisionError) as exc:
            self.limit = BregmanLimit(distance=None, error=f"{type(exc).__name__}: {exc}")

    def result(self, verdict: Verdict) -> CrossCheck:
        sol, msol = self.sol, self.msol
        return CrossCheck(
            verdict=verdict, dps=self.dps, T=str(self.T), T_requested=str(self.T_requested),
            digits=verdict.digits if verdict.digits is not None else self.agreement,
            agreement_digits=self.agreement, max_gap=self.max_gap,
            flow_digits=None if sol is None else sol.digits, mirror_digits=None if msol is None else msol.digits,
            potential_kind=None if self.P is None else self.P.kind, times=tuple(str(t) for t in self.times),
            law_drift=self.drift, dual_identity=self.dual, limit_vs_bregman=self.limit)


def _dual_identity(P, thetaT, theta0, xiT, dps: int) -> DualIdentity:
    r"""Supplementary: :math:`\nabla R(\theta(T)) - \nabla R(\theta_0)` (the potential's own gradient, by formula or
    quadrature) against :math:`\xi(T) = -\int_0^T \nabla\mathcal{L}` accumulated along the gradient flow."""
    try:
        with mpmath.workdps(dps):
            g1 = P.grad(list(thetaT), dps=dps)
            g0 = P.grad([to_mpf(v) for v in theta0], dps=dps)
            lhs = [a - b for a, b in zip(g1, g0)]
            digits = agreeing_digits(lhs, list(xiT), cap=dps)
        return DualIdentity(digits=digits, xi=tuple(_fmt(v) for v in xiT), lhs=tuple(_fmt(v) for v in lhs))
    except TimeoutError:  # the caller's own deadline (symflow analyze --timeout)
        raise
    except (SymflowError, ArithmeticError, ValueError, TypeError) as exc:  # supplementary: say why it is missing
        return DualIdentity(digits=None, error=f"{type(exc).__name__}: {exc}")
