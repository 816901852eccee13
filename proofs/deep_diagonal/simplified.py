r"""§2.1 of 000, "Simplifying the system" and "Deducing a Mirror Flow?" (spec §3.5): the permuted layers
:math:`v^j` (DD-Def-v), their signs and closed form, (8), (9), the θ display and the remark on analytic solutions.

Leaf notation (:mod:`._model`): ``w`` = :math:`v^1_i(t)` (the minimal layer), ``w0`` its initial value, ``u`` =
:math:`v^j_i(t)` for one :math:`j \ge 2`, ``u0`` its initial value; ``V``/``DELTA`` the variables of a printed
factor :math:`\sqrt{v^1(t)^2 + \Delta_j}`; ``SG`` the sign of the product of the other layers' initial values and
``ROOTS`` the product of their factors (a generic product: every L).  Signs are decided by cases: a non-zero real
is ``S·p`` with ``S = ±1`` and ``p > 0``.
"""

from __future__ import annotations

import sympy
from sympy import Matrix, Rational, Symbol, sign, sqrt

from symflow.claims import Kind, Statement, claim, kit
from symflow.integrate import solve
from symflow.precision import precision
from symflow.verdict import Inconclusive, Proved, Reason, Refuted

from ._model import ARG_TWO, g, u, u0, w, w0
from ._network import dd_system, y0
from .layers import EQ6, EQ6_CORRECTED, EQ7, H_FLOW, PROP12, _check_eq6, _check_eq7, prop12

__all__ = ["VJ", "vj_check"]

H_A = H_FLOW + "; the initialization satisfies (A)"
V, DELTA = Symbol("V", real=True), Symbol("Delta", positive=True)
SG, ROOTS, VDOT = Symbol("S", real=True), Symbol("ROOTS", positive=True), Symbol("vdot", real=True)
_p = Symbol("p", positive=True)
ARG_V = ("v^j = S_j sqrt(v1^2 + Δ_j) for each j >= 2 (DD-S2.1-vj, every L), and the sign of a product is the product "
         "of the signs: the other layers' product is S·ROOTS with S = sign(∏_{j>=2} v^j(0)), ROOTS = ∏ of the "
         "factors; coordinates decouple (every d)")


def _signs(expr, var):
    """``expr`` with ``var`` = S·p for S = 1 and S = -1 (p > 0)."""
    return [(s, expr.subs(var, s * _p)) for s in (1, -1)]


# ------------------------------------------------------------------------------------------- v^j and signs

VJ = Statement(vj=sign(u0) * sqrt(w ** 2 + u0 ** 2 - w0 ** 2))


def vj_check(vj) -> object:
    """v^j(t) = vj for all t  <=>  vj^2 = v^j(t)^2 on the leaf of (7), vj = v^j(0) at t = 0, and vj keeps the sign
    of v^j(0) (v^j never vanishes, DD-Prop1.2, so its sign is constant)."""
    u2 = Symbol("U2", positive=True)
    law = sympy.solve((EQ7.lhs - EQ7.rhs).subs(u ** 2, u2), u2)[0]  # (v^j)^2 from (7) on the leaf
    entries = []
    for s, e in _signs(vj, u0):
        entries += [(f"vj^2 = (v^j)^2 on the leaf (S = {s})", e ** 2, law.subs(u0, s * _p)),
                    (f"vj = v^j(0) at t = 0 (S = {s})", e.subs(w, w0), s * _p),
                    (f"sign: vj / sqrt(vj^2) = S (S = {s})", e / sqrt(sympy.expand(e ** 2)), s)]
    return kit.identities(entries, argument=ARG_TWO + "; a continuous function with this square, value at 0 and "
                          "sign (v^j never vanishes) is v^j", what="v^j closed form")


@claim("DD-S2.1-vj", text=r"$v^j(t)=\operatorname{sign}(v^j(0))\odot\sqrt{v^1(t)^{\odot2}+v^j(0)^{\odot2}-"
       r"v^1(0)^{\odot2}}$", expect=Proved, statement=VJ, hyp=H_A, cites=("DD-Eq7", "DD-Prop1.2", "DD-Def-v"))
def vj(ctx):
    return vj_check(ctx.s.vj)


@claim("DD-S2.1-Sign", text=r"$\operatorname{sign}(v^j(t))=\operatorname{sign}(v^j(0))$ for $j\in[\![2,L]\!]$, "
       r"$t\ge0$", expect=Proved, hyp=H_A, cites=("DD-Prop1.2",))
def sign_constant(ctx):
    """v^j (j >= 2) is not the minimal layer, so it never vanishes (DD-Prop1.2's check on its statement); a
    continuous function without zeros keeps its sign (intermediate value theorem)."""
    v = prop12(ctx.with_statement(PROP12))
    if isinstance(v, Proved):
        return Proved("v^j never vanishes (DD-Prop1.2) and is continuous, so its sign is constant: " + v.detail,
                      certificate=dict(v.certificate))
    return v


# ------------------------------------------------------------------------------------------- (8), (9), θ

EQ8 = Statement(lhs=VDOT + SG * ROOTS * g, factor=sqrt(V ** 2 + DELTA)).scale_free("lhs")


def _factor_is_vj(factor):
    return vj_check(sign(u0) * factor.subs({V: w, DELTA: u0 ** 2 - w0 ** 2}))


def _product_form(expr, what):
    """``expr`` with v^1' = -(S·ROOTS) g from (5) (the other layers' product, ARG_V), S = ±1."""
    return kit.identities([(f"S = {s}", expr.subs(VDOT, -s * ROOTS * g).subs(SG, s), 0) for s in (1, -1)],
                          argument=ARG_V, what=what)


@claim("DD-Eq8", text=r"$\frac{dv^1}{dt}+\operatorname{sign}(\bigodot_{j\ne1}v^j(0))\odot(\bigodot_{j\ne1}\sqrt{v^1(t)^{"
       r"\odot2}+\Delta_j})\odot\nabla L(\theta(t))=0$ (8)", expect=Proved, statement=EQ8, hyp=H_A,
       cites=("DD-Def-Delta", "DD-Eq5", "DD-S2.1-vj"))
def eq8(ctx):
    """(5) for v^1 with each other layer written by DD-S2.1-vj: the printed factor must be v^j/sign(v^j(0))
    (checked as the closed form of v^j), and the printed left side must vanish."""
    v = _factor_is_vj(ctx.s.factor)
    if not isinstance(v, Proved):
        return v
    return _product_form(ctx.s.lhs, "(8)")


EQ9 = Statement(lhs=VDOT + sign(u0) * sqrt(w ** 2 + DELTA) * g).scale_free("lhs")


@claim("DD-Eq9", text=r"$\frac{dv^1}{dt}+\operatorname{sign}(v^2(0))\odot\sqrt{v^1(t)^{\odot2}+\Delta}\odot\nabla L("
       r"\theta(t))=0$ (9), $L=2$", expect=Proved, statement=EQ9, hyp=H_A, cites=("DD-Def-DeltaL2",))
def eq9(ctx):
    """L = 2: v^1' = -v^2 g by (5) and v^2 = sign(v^2(0)) sqrt(v1^2 + Δ), Δ = v^2(0)^2 - v^1(0)^2 (DD-S2.1-vj)."""
    v2 = VJ.vj
    lhs = ctx.s.lhs.subs({VDOT: -v2 * g, DELTA: u0 ** 2 - w0 ** 2})
    return kit.identities([(f"sign(v^2(0)) = {s}", e, 0) for s, e in _signs(lhs, u0)],
                          argument="L = 2: v^2 is the only other layer; coordinates decouple (every d)", what="(9)")


D1 = Symbol("Delta_1", nonnegative=True)
THETA = Statement(theta=sign(SG * w0) * sqrt(w ** 2 + D1) * ROOTS)
THETA_CORRECTED = Statement(theta=w * SG * ROOTS, factor=EQ8.factor)


@kit.cached
def _crossing(dps: int, fast: bool):
    """L = 3, d = 1, v(0) = (-1/10, 1, 1), loss (θ - 1)^2: the minimal layer crosses 0 (θ goes from < 0 to > 0)."""
    variables, rhs, th, loss = dd_system(3, 1, Matrix([[1]]), Matrix([1]))
    init = ((Rational(-1, 10),), (1,), (1,))
    T = Rational(1, 2) if fast else Rational(1)
    return solve(rhs, variables, y0(init, 3, 1), T, dps=dps), init, T


@claim("DD-S2.1-Theta", text=r"$\theta(t)=\operatorname{sign}(\bigodot_{j=1}^Lv^j(0))\odot(\bigodot_{j=1}^L\sqrt{"
       r"v^1(t)^{\odot2}+\Delta_j})$", expect=Refuted, kind=Kind.NUMERIC, statement=THETA, hyp=H_A)
def theta_display(ctx):
    """The display evaluated on a flow whose minimal layer crosses 0 (the one layer allowed to, DD-S2.1-OneCross):
    its sign is frozen at t = 0 while θ changes sign (``SG``: the other layers' product, ``D1`` = Δ_1 = 0)."""
    sol, init, T = _crossing(ctx.dps, ctx.fast)
    with precision(ctx.dps):
        v1, v2, v3 = sol.y1
        theta_t = v1 * v2 * v3
        roots = v1 ** 2 + 1 - kit.mp(init[0][0]) ** 2  # ∏_{j=2,3} sqrt(v1^2 + Δ_j), Δ_2 = Δ_3 = 99/100
        value = kit.evaluate(ctx.s.theta, {SG: 1, w0: init[0][0], w: v1, D1: 0, ROOTS: roots}, ctx.dps)
        gap = abs(value - theta_t)
    info = {"init v(0)": "(-1/10, 1, 1), L = 3, d = 1, loss (θ - 1)^2", "t": str(T),
            "theta(t)": kit.nstr(theta_t, 30), "display": kit.nstr(value, 30), "v1(t)": kit.nstr(v1, 30)}
    if gap > abs(theta_t) * kit.tolerance(sol.digits):
        return Refuted("the display freezes the sign of the minimal layer at t = 0; it crosses 0 on this flow",
                       counterexample=info, measured_digits=sol.digits)
    return Inconclusive("the display agrees with θ on the crossing flow", reason=Reason.UNDECIDED)


@claim("DD-S2.1-Theta/corrected", text=r"$\theta(t)=v^1(t)\odot\operatorname{sign}(\bigodot_{j=2}^Lv^j(0))\odot"
       r"\bigodot_{j=2}^L\sqrt{v^1(t)^{\odot2}+\Delta_j}$", expect=Proved, statement=THETA_CORRECTED, hyp=H_A,
       cites=("DD-S2.1-vj",))
def theta_corrected(ctx):
    """θ = v^1 · ∏_{j>=2} v^j (θ is invariant under the permutation of the layers, DD-S2.1-vProps) with the
    product S·ROOTS (ARG_V); the printed factor is checked as the closed form of v^j."""
    v = _factor_is_vj(ctx.s.factor)
    if not isinstance(v, Proved):
        return v
    return kit.identities([(f"S = {s}", ctx.s.theta.subs(SG, s), w * s * ROOTS) for s in (1, -1)], argument=ARG_V,
                          what="θ = v^1 ∏_{j>=2} v^j")


@claim("DD-S2.1-Determined", text="The flow of θ is determined entirely by the flow of $v^1$ and the initialization.",
       expect=Proved, hyp=H_A, cites=("DD-S2.1-Theta/corrected",))
def determined(ctx):
    """θ(t) = v^1(t)·S·∏_j sqrt(v^1(t)^2 + Δ_j) (DD-S2.1-Theta/corrected, checked on its statement): a function of
    v^1(t) and of initial values only (S and Δ_j are initial data)."""
    v = theta_corrected(ctx.with_statement(THETA_CORRECTED))
    if not isinstance(v, Proved):
        return v
    expr = THETA_CORRECTED.theta.subs(ROOTS, THETA_CORRECTED.factor.subs(V, w))
    extra = expr.free_symbols - {w, SG, DELTA}
    if extra:
        return Refuted("θ depends on more than v^1(t) and initial data", counterexample={"symbols": str(extra)})
    return Proved("θ is a function of v^1(t) and of initial data (S, Δ_j): " + v.detail, certificate=dict(
        v.certificate))


# --------------------------------------------------------------------------------------- (v^j) properties

VPROPS = Statement(rhs6=EQ6.rhs, law_lhs=EQ7.lhs, law_rhs=EQ7.rhs)
VPROPS_CORRECTED = VPROPS.replace(rhs6=EQ6_CORRECTED.rhs)


@claim("DD-S2.1-vProps", text=r"$\theta=\bigodot_j v^j$, and (5), (6), (7) and Proposition 1 still hold for $(v^j)$.",
       expect=Refuted, statement=VPROPS, hyp=H_A, cites=("DD-Def-v", "DD-Eq6"))
@claim("DD-S2.1-vProps/corrected", text=r"$\theta=\bigodot_j v^j$; (5), (7), Proposition 1 claim 2 and (6) with the "
       r"factor 2 ($\frac{d}{dt}(v^j)^{\odot2}=-2\theta\odot\nabla\mathcal{L}$) hold for $(v^j)$", expect=Proved,
       statement=VPROPS_CORRECTED, hyp=H_A, cites=("DD-Def-v", "DD-Eq6/corrected"))
def vprops(ctx):
    """(v^j) is a per-coordinate permutation of (u^j): θ (a product) is unchanged and (5) maps to (5) (the product
    of the *other* layers is the same set); so every statement about the generic layer of (5) holds for (v^j) as it
    holds for (u^j).  (6) and (7) are then decided on their statements in force (the printed (6) lacks a 2)."""
    v6 = _check_eq6(Statement(lhs=EQ6.lhs, rhs=ctx.s.rhs6))
    if not isinstance(v6, Proved):
        return Refuted("the list includes (6), which fails for (v^j) as for (u^j): " + v6.detail,
                       counterexample=dict(getattr(v6, "counterexample", {}) or {"detail": v6.detail}))
    v7 = _check_eq7(Statement(lhs=ctx.s.law_lhs, rhs=ctx.s.law_rhs))
    if not isinstance(v7, Proved):
        return v7
    return Proved("permutation of the layers of each coordinate: θ and (5) are invariant; (6) with the factor 2 and "
                  "(7) hold on the generic layers: " + v6.detail + "; " + v7.detail,
                  certificate={"eq6": dict(v6.certificate), "eq7": dict(v7.certificate)})


# -------------------------------------------------------------------------------------- analytic solutions

XI = Symbol("xi", real=True)


@claim("DD-S2.1-NoAnalytic", text=r"For $L>2$, (8) gives no analytical expression of $v^1(t)$ nor of θ(t); the "
       "Woodworth et al. strategy cannot be applied.", expect=Refuted, hyp=H_A, cites=("DD-Eq8",))
def no_analytic(ctx):
    """L = 3 with equal gaps Δ_2 = Δ_3 = Δ: (8) reads v' = -S(v^2 + Δ) g, and with ξ' = -g (DD-Def-Xi)
    v = sqrt(Δ) tan(sqrt(Δ) S ξ + atan(v(0)/sqrt(Δ))), θ = S v (v^2 + Δ) = Ψ(ξ): Woodworth's strategy applies.
    Checked exactly: d/dξ of the candidate equals S(v^2 + Δ) (tan' = 1 + tan^2) and the candidate is v(0) at 0."""
    tau, v0 = Symbol("tau", real=True), Symbol("v0", real=True)
    out = []
    for s in (1, -1):
        arg = sqrt(DELTA) * s * XI + sympy.atan(v0 / sqrt(DELTA))
        cand = sqrt(DELTA) * sympy.tan(arg)
        dcand = sympy.diff(cand, XI).subs(sympy.tan(arg), tau)
        out.append((f"S = {s}: dv/dξ = S (v^2 + Δ)", dcand, (s * ((sqrt(DELTA) * tau) ** 2 + DELTA))))
        out.append((f"S = {s}: v(0)", cand.subs(XI, 0), v0))
    v = kit.identities(out, argument="one coordinate, L = 3, Δ_2 = Δ_3 = Δ > 0, any S, v(0)", what="explicit v^1")
    if isinstance(v, Proved):
        return Refuted("for L = 3 with equal gaps (8) has the explicit solution v^1 = sqrt(Δ) tan(sqrt(Δ) S ξ(t) + "
                       "atan(v^1(0)/sqrt(Δ))), so θ = S v^1 ((v^1)^2 + Δ) = Ψ(ξ(t)) explicitly (Woodworth's "
                       "strategy applies; unequal gaps give Jacobi elliptic functions)", counterexample={
                           "L": 3, "Delta_2 = Delta_3": "Delta > 0", "v1(t)": "sqrt(Δ) tan(sqrt(Δ) S ξ(t) + "
                           "atan(v1(0)/sqrt(Δ)))", "xi(t)": "-∫_0^t ∇L(θ(s)) ds", "check": v.detail})
    return v


NOANALYTIC_CORRECTED = Statement(integrand=SG / ROOTS)


@claim("DD-S2.1-NoAnalytic/corrected", text=r"For every $L$, $\xi_i(t)=S_i\int_{v^1_i(0)}^{v^1_i(t)}\frac{dv}{\prod_{j"
       r"\ge2}\sqrt{v^2+\Delta_j}}$: Woodworth's strategy applies with $\Psi$ given implicitly (explicit for $L=2$, "
       r"elementary for $L=3$ with equal gaps, elliptic in general)", expect=Proved, statement=NOANALYTIC_CORRECTED,
       hyp=H_A, cites=("DD-Eq8", "DD-Def-Xi"))
def no_analytic_corrected(ctx):
    """d/dt F(v^1(t)) = F'(v^1) v^1' with v^1' from (8) must equal ξ' = -∇L: decided for S = ±1 (F' = integrand)."""
    return kit.identities([(f"S = {s}", ctx.s.integrand.subs(SG, s) * (-s * ROOTS * g), -g) for s in (1, -1)],
                          argument=ARG_V, what="d/dt F(v^1(t)) = ξ'")

