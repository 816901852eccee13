r"""Gradient flow in the weights, mirror flow in the model, discrete gradient descent.

* gradient flow on :math:`\mathcal{L}\circ G` (DD-Eq4): :math:`\dot x = -\partial G(x)^\top \nabla\mathcal{L}(G(x))`;
* mirror flow of a potential :math:`R` (DD-Def-MirrorFlow): :math:`\frac{d}{dt}\nabla R(\theta) = -\nabla
  \mathcal{L}(\theta)`, by three routes (primal Hessian, chart of the leaf, dual variable);
* gradient descent with a fixed step (exact rationals or mpmath).

Source: DD-Eq4, DD-Def-MirrorFlow (deep_diagonal_000).
"""

from __future__ import annotations

from typing import Callable

import mpmath
import sympy

from ..errors import InvalidArgument
from ..integrate import extrapolate, solve
from ..integrate import gradient_descent as integrate_descent
from ..parameterization import Parameterization, check_parameterization
from ..precision import GUARD_DPS, agreeing_digits
from ..validation import check_dps, check_max_steps, exact_number, to_mpf
from ._losses import check_point as _check_point
from ._losses import check_T as _check_T
from ._losses import loss_expr
from ._losses import loss_gradient as _loss_gradient

__all__ = ["gradient_flow", "mirror_flow", "mirror_flow_expr", "gradient_descent"]

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


def _is_inverse(M, H, theta, dps: int) -> bool:
    """M H = I at three fixed rational points, to 10^-(dps) (radicals defeat an exact expansion)."""
    f = sympy.lambdify([list(theta)], M * H - sympy.eye(len(theta)), modules="mpmath")
    with mpmath.workdps(dps + GUARD_DPS):
        for k in (1, 2, 3):
            pt = [mpmath.mpf(((-1) ** (i + k)) * (i + k)) / (k + 2) for i in range(len(theta))]
            if max(abs(v) for v in mpmath.matrix(f(pt))) > mpmath.mpf(10) ** (-dps):
                return False
    return True


def mirror_flow_expr(phi: sympy.Expr, theta, loss, theta0, T, dps: int | None = None, *, metric=None,
                     integrals=(), max_steps: int = 20000, measure_digits: bool = True):
    r"""The mirror flow of a closed-form potential :math:`\phi` (a SymPy expression in ``theta``), Taylor jet.

    :math:`\dot\theta = -M(\theta)\nabla\mathcal{L}(\theta)` with :math:`M = (\nabla^2\phi)^{-1}`: derived by
    SymPy when the Hessian is diagonal; for a non-diagonal Hessian pass ``metric`` (its inverse, a SymPy matrix),
    which is checked exactly (:math:`M\nabla^2\phi = I` after expansion) before use.  ``integrals``: expressions in
    ``theta`` whose time integrals :math:`\int_0^t e(\theta(s))ds` are appended to the state (a quadrature that
    shares the integrator's accuracy).  ``measure_digits=False`` skips the rerun at doubled precision.  Returns a :class:`symflow.integrate.Solution` (digits measured).

    Source: HY-Def-MirrorFlow (hypentropy_003), DD-Def-MirrorFlow.
    """
    theta = tuple(theta)
    loss = loss_expr(loss, theta)
    th0 = list(_check_point(theta0, theta, "theta0"))
    Te = _check_T(T)
    H = sympy.hessian(phi, theta)
    if metric is None:
        if not H.is_diagonal():
            raise InvalidArgument("the Hessian of phi is not diagonal; pass metric=(its inverse) as a SymPy matrix")
        M = sympy.diag(*[1 / H[i, i] for i in range(len(theta))])
    else:
        M = sympy.Matrix(metric)
        if M.shape != H.shape or not _is_inverse(M, H, theta, check_dps(dps)):
            raise InvalidArgument("metric is not the inverse of the Hessian of phi (M * H != I at a test point)")
    grad = sympy.Matrix(_loss_gradient(loss, theta))
    rhs = list(-(M * grad))
    extra = [sympy.Dummy(f"q{k}", real=True) for k in range(len(integrals))]
    return solve(rhs + [sympy.sympify(e) for e in integrals], list(theta) + extra, th0 + [0] * len(extra), Te,
                 dps=check_dps(dps), method="taylor", max_steps=check_max_steps(max_steps),
                 measure_digits=measure_digits)


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

