r"""Step 4 of :mod:`symflow.potentials`, the closed-form route: :math:`R` in elementary (or elliptic) functions.

:func:`_closed_block` eliminates the pivot :math:`w` between :math:`\theta = \theta(w)` and :math:`m = m(w)`
(minimal polynomial and resultant), picks the root :math:`m = M(\theta)` that matches the metric at sample leaf
points, and integrates twice: :math:`\eta = R' = \int_{\theta_0}^{\theta} dt/M(t)`, :math:`R = \int_{\theta_0}^\theta
\eta`, normalised by :math:`R(\theta_0) = R'(\theta_0) = 0`.  :func:`_identify` names the result (hypentropy, HY
Def. 3.1/3.2; entropy; power/Tsallis-type) after checking it at 3 leaf points.  When only :math:`\eta(w)` is closed
(:math:`(\partial_w g)^2 = C(w^2+A)(w^2+B)`, deep_diagonal L = 3) :func:`_elliptic_eta` writes it as an incomplete
elliptic integral of the first kind.  Each SymPy step runs under a ``_CLOSED_SECONDS`` budget.
"""

from __future__ import annotations

import sympy
from sympy.polys.polyerrors import BasePolynomialError

from ._block import _Block
from ..errors import TimeLimitExceeded
from ..validation import time_limit
from ._common import _CLOSED_SECONDS

__all__ = ["_sample_ws", "_closed_block", "_elliptic_eta", "_identify", "_hypentropy"]


def _sample_ws(blk: _Block, n: int = 3) -> list:
    w0 = blk.w0
    scale = max(sympy.Integer(1), abs(w0))
    out = [w0]
    for k, f in enumerate((sympy.Rational(1, 3), sympy.Rational(2, 3), sympy.Rational(5, 2))[:n]):
        for side, b in ((-1, blk.lo), (1, blk.hi)):
            if b in (sympy.oo, -sympy.oo):
                out.append(w0 + side * f * 3 * scale)
            else:
                out.append(w0 + (b - w0) * min(f, sympy.Rational(9, 10)))
    return out


def _leaf_points(blk: _Block) -> list:
    return [(sympy.N(blk.theta_w.subs(blk.w, q), 40), sympy.N(blk.m_w.subs(blk.w, q), 40)) for q in _sample_ws(blk)]


def _theta_variable(pts):
    """A positive (or negative) dummy when theta keeps one sign on the leaf: it decides real branches of roots."""
    signs = {sympy.sign(p[0]) for p in pts}
    sigma = 1 if signs == {1} else (-1 if signs == {-1} else None)
    return (sympy.Dummy("tp", positive=True) if sigma is not None else sympy.Dummy("tr", real=True)), sigma


def _matches(c, tt, sigma, pts) -> bool:
    """The candidate M equals the metric at every leaf point, to 25 digits."""
    for th, mv in pts:
        val = sympy.N(c.subs(tt, th * (sigma or 1)), 40)
        if not val.is_real or abs(val - mv) > sympy.Float("1e-25", 40) * abs(mv):
            return False
    return True


def _metric_by_elimination(blk: _Block):
    """(M, theta variable, sign, how) with m = M(theta) a root of the resultant eliminating w, or None (note set)."""
    w = blk.w
    T, Msym = sympy.Dummy("T"), sympy.Dummy("M")
    try:
        with time_limit(_CLOSED_SECONDS):
            P1 = sympy.minimal_polynomial(blk.theta_w, T, polys=False, domain=sympy.QQ.frac_field(w))
            P1 = sympy.together(P1).as_numer_denom()[0]
            P2 = sympy.together(blk.m_w - Msym).as_numer_denom()[0]
            res = sympy.resultant(sympy.Poly(P1, w), sympy.Poly(P2, w)).as_expr()
            factors = [f for f, _ in sympy.factor_list(res)[1] if f.has(Msym)]
    except (TimeLimitExceeded, NotImplementedError, BasePolynomialError, ValueError) as exc:  # e.g. NotAlgebraic (exp)
        blk.closed_note = f"elimination of w failed ({type(exc).__name__})"
        return None
    pts = _leaf_points(blk)
    tt, sigma = _theta_variable(pts)
    best = None
    for f in factors:
        deg = sympy.degree(f, Msym)
        if deg > 2 and len(sympy.Poly(f, Msym).terms()) > 2:
            blk.closed_note = (f"the metric m is a root of a degree-{deg} polynomial in m over Q(theta) "
                               f"(no radical closed form attempted)")
            continue
        try:
            with time_limit(_CLOSED_SECONDS):
                cands = sympy.solve(f.subs(T, (sigma or 1) * tt), Msym)
        except (TimeLimitExceeded, NotImplementedError):
            continue
        for c in cands:
            if _matches(c, tt, sigma, pts) and (best is None or sympy.count_ops(c) < sympy.count_ops(best[0])):
                shown = f.xreplace({Msym: sympy.Symbol("m"), T: sympy.Symbol("theta")})
                best = (c, tt, sigma or 1, f"the root of {shown} = 0 matching m on the leaf")
    return best


def _forms(m):
    """m(w(theta)) as substituted, and rewritten through exp and radicals (cosh(asinh(theta))^2 -> theta^2 + 1)."""
    yield sympy.powsimp(m)
    if m.has(sympy.exp, sympy.log, sympy.sinh, sympy.cosh, sympy.tanh):
        yield sympy.radsimp(sympy.cancel(sympy.together(sympy.expand(m.rewrite(sympy.exp)))))


def _metric_by_inversion(blk: _Block):
    """(M, theta variable, sign, how) with M(theta) = m(w(theta)), w(theta) a branch of the inverse of theta(w)
    that matches the leaf (SymPy's solve, time-bounded: e.g. theta = exp(w) gives w = log(theta)), or None."""
    pts = _leaf_points(blk)
    tt, sigma = _theta_variable(pts)
    try:
        with time_limit(_CLOSED_SECONDS):
            branches = sympy.solve(sympy.Eq(blk.theta_w, (sigma or 1) * tt), blk.w)
            cands = [(form, b) for b in branches for form in _forms(blk.m_w.subs(blk.w, b))]
    except (TimeLimitExceeded, NotImplementedError, ValueError, TypeError):
        return None
    best = None
    for c, b in cands:
        if _matches(c, tt, sigma, pts) and (best is None or sympy.count_ops(c) < sympy.count_ops(best[0])):
            best = (c, tt, sigma or 1, f"m at w = {b.subs(tt, sympy.Symbol('theta'))}, the inverse of theta(w) "
                                       "on the leaf")
    return best


def _closed_block(blk: _Block) -> None:
    """Try: M(theta) by eliminating w (algebraic maps) or by inverting theta(w) (transcendental ones, e.g. exp), then
    integrate 1/M twice; sets the closed fields or the note."""
    found = _metric_by_elimination(blk) or _metric_by_inversion(blk)
    if found is None:
        if not blk.closed_note:
            blk.closed_note = "no root of the eliminant matches the metric on the leaf"
        return
    blk.closed_note = ""
    Mc, tt, sigma, how = found
    t = blk.theta
    M_t = Mc.subs(tt, sigma * t)
    th0 = blk.theta0
    try:
        with time_limit(_CLOSED_SECONDS):
            Eta = sympy.integrate(1 / Mc, tt)
            if Eta.has(sympy.Integral):
                raise NotImplementedError
            Eta_t = sigma * Eta.subs(tt, sigma * t)      # theta = sigma*tt: d/dtheta Eta_t = 1/M(sigma*theta)
            eta_t = Eta_t - Eta_t.subs(t, th0)
            Rr = sympy.integrate(Eta, tt)                # antiderivative of Eta in tt
            if Rr.has(sympy.Integral):
                raise NotImplementedError
            R_raw = Rr.subs(tt, sigma * t)               # d/dtheta R_raw = sigma*Eta(sigma*theta) = Eta_t
            lin = -Eta_t.subs(t, th0)
            R_t = R_raw + lin * t
            R_t = R_t - R_t.subs(t, th0)
    except (TimeLimitExceeded, NotImplementedError, ValueError) as exc:
        blk.closed_note = f"SymPy could not integrate 1/M(theta) in closed form ({type(exc).__name__})"
        return
    # light tidy-up only (no simplify on the default path)
    blk.M_theta = M_t
    blk.eta_theta = eta_t
    blk.R_theta = R_t
    blk.linear = lin  # relative to SymPy's antiderivative; _identify restates it against the named potential
    blk.steps.append((f"eliminating w: m = M(theta) = {M_t} ({how}), so d^2R/dtheta^2 = 1/M(theta)",
                      r"\nabla^2 R(\theta) = " + sympy.latex(1 / M_t)))
    blk.steps.append((f"eta = R' = int_{{theta0}}^theta dt/M(t) = {eta_t}  (theta0 = {th0}, R'(theta0) = 0)",
                      r"R'(\theta) = " + sympy.latex(eta_t)))
    blk.steps.append((f"R = int_{{theta0}}^theta R' = {R_t}; its linear term, fixed by the initialization, is "
                      f"({lin})*theta", r"R(\theta) = " + sympy.latex(R_t)))
    _identify(blk)


def _linear(lin) -> tuple[str, str]:
    """The linear term ``+ (lin)*theta`` as text and LaTeX, empty when it vanishes."""
    if lin == 0:
        return "", ""
    return f" + ({lin})*theta", r" + \left(" + sympy.latex(lin) + r"\right)\theta"


def _elliptic_eta(blk: _Block) -> None:
    r"""Closed :math:`\eta(w)` when :math:`(\partial_w g)^2 = C (w^2+A)(w^2+B)`, A, B > 0 (deep_diagonal L = 3).

    .. math:: \int_0^x \frac{dt}{\sqrt{(t^2+A)(t^2+B)}} = \frac{1}{\sqrt B}\,
              F\!\left(\arctan\frac{x}{\sqrt A}\,\middle|\,1-\frac AB\right)
    (differentiate: the derivative is the integrand; docs/potentials.md).
    """
    w = blk.w
    h2 = sympy.expand(blk.h_w ** 2)
    if not h2.is_polynomial(w) or h2.has(sympy.I):
        return
    poly = sympy.Poly(h2, w)
    if poly.degree() != 4 or poly.coeff_monomial(w) != 0 or poly.coeff_monomial(w ** 3) != 0:
        return
    C = poly.LC()
    z = sympy.Dummy("z")
    quad_ = sympy.Poly(sympy.expand(h2 / C).subs(w ** 2, z), z)
    roots = sympy.roots(quad_)
    if sum(roots.values()) != 2:
        return
    rts = [r for r, k in roots.items() for _ in range(k)]
    if not all(r.is_real and r.is_negative for r in rts) or not C.is_positive:
        return
    A, B = -rts[0], -rts[1]
    sigma = sympy.sign(sympy.N(blk.h_w.subs(w, blk.w0), 30))

    def F(x):
        return sympy.elliptic_f(sympy.atan(x / sympy.sqrt(A)), 1 - A / B) / sympy.sqrt(B)

    blk.eta_w = sigma / sympy.sqrt(C) * (F(w) - F(blk.w0))
    blk.steps.append((f"(d_w g)^2 = {C}*(w^2 + {A})*(w^2 + {B}): eta(w) is an incomplete elliptic integral of the "
                      f"first kind, eta = {blk.eta_w}; w(theta) still needs root finding (theta^2 is a "
                      f"cubic in w^2)", r"\eta(w) = " + sympy.latex(blk.eta_w)))


def _hypentropy(x, alpha):
    r"""HY Def. 3.1: :math:`\phi_\alpha(x) = x\,\operatorname{asinh}(x/\alpha) - \sqrt{x^2+\alpha^2} + \alpha`."""
    return x * sympy.asinh(x / alpha) - sympy.sqrt(x ** 2 + alpha ** 2) + alpha


def _numerically_zero(e, t, pts) -> bool:
    return all(abs(sympy.N(e.subs(t, q), 50)) < sympy.Float("1e-40", 50) for q in pts)


def _identify(blk: _Block) -> None:
    """Name the derived closed form (hypentropy / entropy / power potential) after checking it at 3 points."""
    t, M = blk.theta, blk.M_theta
    pts = [sympy.N(blk.theta_w.subs(blk.w, q), 60) for q in _sample_ws(blk)[1:4]]
    name = None
    Q = sympy.expand(M ** 2)
    if Q.is_polynomial(t) and sympy.degree(Q, t) == 2 and Q.coeff(t, 1) == 0:
        a, b = Q.coeff(t, 2), Q.coeff(t, 0)
        if a.is_positive and b.is_positive:
            alpha, k = sympy.sqrt(b / a), 1 / sympy.sqrt(a)
            ref = k * _hypentropy(t, alpha)
            lin = sympy.diff(blk.R_theta - ref, t).subs(t, blk.theta0)
            if _numerically_zero(sympy.diff(blk.R_theta - ref, t) - lin, t, pts):
                name = (f"the hypentropy (HY Def. 3.1/3.2): R = ({k})*phi_alpha(theta){_linear(lin)[0]} + const, "
                        f"phi_alpha(x) = x asinh(x/alpha) - sqrt(x^2+alpha^2) + alpha, alpha = {alpha}",
                        sympy.latex(k) + r"\,\phi_{\alpha}(\theta)" + _linear(lin)[1] + r" + c,\ \alpha = "
                        + sympy.latex(alpha))
    if name is None:
        c, p = sympy.Wild("c", exclude=[t]), sympy.Wild("p", exclude=[t])
        mt = M.match(c * t ** p) or (M.subs(t, -t).match(c * t ** p) if sympy.N(blk.theta0) < 0 else None)
        if mt and mt[p] != 0:
            cc, pp = mt[c], mt[p]
            tt = t if sympy.N(blk.theta0) > 0 else -t
            ref = (tt * sympy.log(tt) - tt) / cc if pp == 1 else -sympy.log(tt) / cc if pp == 2 else \
                tt ** (2 - pp) / (cc * (1 - pp) * (2 - pp))
            lin = sympy.diff(blk.R_theta - ref, t).subs(t, blk.theta0)
            if _numerically_zero(sympy.diff(blk.R_theta - ref, t) - lin, t, pts):
                kind = "the entropy (exponentiated-gradient potential)" if pp == 1 else \
                    "the log-barrier (Burg entropy)" if pp == 2 else f"a power (Tsallis-type) potential, exponent {2 - pp}"
                name = (f"{kind}: R = {ref}{_linear(lin)[0]} + const", sympy.latex(ref) + _linear(lin)[1] + " + c")
    if name:
        blk.steps.append((f"recognised: {name[0]} (checked at 3 leaf points to 40 digits)", name[1]))
        blk.closed_note = name[0]
