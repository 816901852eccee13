r"""The six steps of the proof of Thm 2.6 (spec §3.2.1), each as printed, at the rate data of :mod:`._rates`.

Steps that involve :math:`L_\phi` are checked for the norm pairs the printed hypothesis allows (``PRINTED_PAIRS``,
see :mod:`.local_rates_linear`) and, as ``/corrected``, for dual pairs (``DUAL_PAIRS``).  Co-coercivity (pf.2) is
checked with dual pairs for both: its printed direction fails already for Euclidean norms.
"""

from __future__ import annotations

import sympy
from sympy import Symbol

from symflow.claims import Kind, Statement, claim, kit
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

from ._instances import check_relations
from ._rowwise import theorem_survivors
from ._least_squares import BS, B, DF, DPhi, GradPhi, Ip, Sq, SqStar, Xt, Xv
from .implicit_bias_steps import NotRowwise
from .local_rates_linear import DT, DUAL_PAIRS, H_THM26, LPHI, OPN, PRINTED_PAIRS, U, ball_rows, traj_rows

__all__ = ["PF3_26"]

SCOPE_B = "numeric: 3 instances, 36 ball samples each (12 directions x 3 radii) plus the trajectory after T0"
GAP, XE = GradPhi(B) - GradPhi(BS), Xv(B - BS)
DDT = Symbol("dD/dt", real=True)

PF1 = Statement(loj=sympy.Ge(DF(BS, B), DPhi(BS, B) / (2 * LPHI * OPN ** 2))).monotone("loj", "looser")


@claim("HY-Thm2.6-pf.1", text=r"with $\kappa_1=(L_\phi\|X^{\top\dagger}\|_{op}^2)^{-1}$: $D_F(\beta^*,\beta)\ge\frac"
       r"{\kappa_1}2D_\phi(\beta^*,\beta)$ on $B_{\beta^*}(r)$ (then Lemma 2.5)", expect=Refuted, kind=Kind.NUMERIC,
       statement=PF1, hyp=H_THM26, cites=("HY-Def-Kappa1",))
def pf1(ctx):
    return check_relations(ctx, ("loj",), ball_rows(ctx, PRINTED_PAIRS), what="1-Lojasiewicz", scope=SCOPE_B)


@claim("HY-Thm2.6-pf.1/corrected", text=r"the same with $\|\cdot\|_*$ dual to $\|\cdot\|$", expect=Verified,
       kind=Kind.NUMERIC, statement=PF1, hyp=H_THM26 + "; dual norms")
def pf1_corrected(ctx):
    return check_relations(ctx, ("loj",), ball_rows(ctx, DUAL_PAIRS), what="1-Lojasiewicz (dual norms)",
                           scope=SCOPE_B + ", dual norm pairs c = 1, 10, 1/10")


PF2 = Statement(cc=sympy.Le(Ip(GAP, B - BS), SqStar(GAP) / LPHI))
PF2_CORRECTED = Statement(cc=sympy.Ge(Ip(GAP, B - BS), SqStar(GAP) / LPHI)).monotone("cc", "looser")


@claim("HY-Thm2.6-pf.2", text=r"co-coercivity: $\langle\nabla\phi(\beta)-\nabla\phi(\beta^*),\beta-\beta^*\rangle\le "
       r"L_\phi^{-1}\|\nabla\phi(\beta)-\nabla\phi(\beta^*)\|_*^2$", expect=Refuted, kind=Kind.NUMERIC,
       statement=PF2, hyp=H_THM26)
@claim("HY-Thm2.6-pf.2/corrected", text=r"co-coercivity: $\langle\nabla\phi(\beta)-\nabla\phi(\beta^*),\beta-\beta^*"
       r"\rangle\ge L_\phi^{-1}\|\nabla\phi(\beta)-\nabla\phi(\beta^*)\|_*^2$ (L_phi on the hull of the ball)",
       expect=Verified, kind=Kind.NUMERIC, statement=PF2_CORRECTED, hyp=H_THM26 + "; dual norms")
def pf2(ctx):
    return check_relations(ctx, ("cc",), ball_rows(ctx, DUAL_PAIRS), what="co-coercivity",
                           scope=SCOPE_B + ", dual norm pairs c = 1, 10 (Euclidean included)")


PF3_26 = Statement(
    first=sympy.Eq(Ip(GAP, B - BS) ** 2, Ip(XE, U) ** 2, evaluate=False),
    a=sympy.Le(Ip(XE, U) ** 2, Sq(XE) * Sq(U)),
    b=sympy.Le(Sq(XE) * Sq(U), OPN ** 2 * Sq(XE) * SqStar(Xt(U))),
    c=sympy.Le(OPN ** 2 * Sq(XE) * SqStar(Xt(U)), LPHI * OPN ** 2 * Sq(XE) * Ip(GAP, B - BS))) \
    .monotone("a", "looser").monotone("b", "looser").monotone("c", "looser")
PARTS3 = ("first", "a", "b", "c")


@claim("HY-Thm2.6-pf.3", text=r"$\langle\nabla\phi(\beta)-\nabla\phi(\beta^*),\beta-\beta^*\rangle^2=\langle X\beta-X"
       r"\beta^*,u\rangle^2\le\|X\beta-X\beta^*\|^2\|u\|^2\le\|X^{\top\dagger}\|^2\|X\beta-X\beta^*\|^2\|X^\top u\|_*^2"
       r"\le L_\phi\|X^{\top\dagger}\|^2\|X\beta-X\beta^*\|^2\langle\cdot,\cdot\rangle$ (a)(b)(c)", expect=Refuted,
       kind=Kind.NUMERIC, statement=PF3_26, hyp=H_THM26 + r"; \nabla\phi(\beta)-\nabla\phi(\beta^*) = X^T u")
def pf3(ctx):
    return check_relations(ctx, PARTS3, ball_rows(ctx, PRINTED_PAIRS), what="chain (a)(b)(c)", scope=SCOPE_B)


@claim("HY-Thm2.6-pf.3/corrected", text=r"the chain (a)(b)(c) with $\|\cdot\|_*$ dual to $\|\cdot\|$", expect=Verified,
       kind=Kind.NUMERIC, statement=PF3_26, hyp=H_THM26 + "; dual norms")
def pf3_corrected(ctx):
    return check_relations(ctx, PARTS3, ball_rows(ctx, DUAL_PAIRS), what="chain (a)(b)(c), dual norms",
                           scope=SCOPE_B + ", dual norm pairs c = 1, 10, 1/10")


PF4 = Statement(le=sympy.Le(Ip(GAP, B - BS), LPHI * OPN ** 2 * Sq(XE)),
                eq=sympy.Eq(LPHI * OPN ** 2 * Sq(XE), 2 * LPHI * OPN ** 2 * DF(BS, B), evaluate=False)) \
    .monotone("le", "looser")


@claim("HY-Thm2.6-pf.4", text=r"$\langle\nabla\phi(\beta)-\nabla\phi(\beta^*),\beta-\beta^*\rangle\le L_\phi\|X^{\top"
       r"\dagger}\|^2\|X\beta-X\beta^*\|^2=\frac2{\kappa_1}D_F(\beta^*,\beta)$", expect=Refuted, kind=Kind.NUMERIC,
       statement=PF4, hyp=H_THM26, cites=("HY-Thm2.6-pf.3",))
def pf4(ctx):
    return check_relations(ctx, ("le", "eq"), ball_rows(ctx, PRINTED_PAIRS), what="pf.4", scope=SCOPE_B)


@claim("HY-Thm2.6-pf.4/corrected", text=r"the same with $\|\cdot\|_*$ dual to $\|\cdot\|$", expect=Verified,
       kind=Kind.NUMERIC, statement=PF4, hyp=H_THM26 + "; dual norms")
def pf4_corrected(ctx):
    return check_relations(ctx, ("le", "eq"), ball_rows(ctx, DUAL_PAIRS), what="pf.4, dual norms",
                           scope=SCOPE_B + ", dual norm pairs c = 1, 10, 1/10")


PF5 = Statement(id=sympy.Eq(DPhi(BS, B) + DPhi(B, BS), Ip(GAP, B - BS), evaluate=False))


def _coord(expr):
    """One coordinate with the global values phi(beta*), phi(beta): DPhi(a, b) = phi(a) - phi(b) - g_b (a - b)."""
    s_, b_, gs, gb, PS, PB = (Symbol(n, real=True) for n in ("s", "b", "gs", "gb", "PS", "PB"))
    vec, grad, val = {BS: s_, B: b_}, {BS: gs, B: gb}, {BS: PS, B: PB}

    def lin(e):
        if e in vec:
            return vec[e]
        if isinstance(e, (sympy.Add, sympy.Mul)):
            return e.func(*[a if a.is_Number else lin(a) for a in e.args])
        if type(e).__name__ == "GradPhi" and e.args[0] in grad:
            return grad[e.args[0]]
        raise NotRowwise(str(e))

    def ev(e):
        name = type(e).__name__
        if name == "DPhi" and all(a in vec for a in e.args):
            a, c = e.args
            return val[a] - val[c] - grad[c] * (vec[a] - vec[c])
        if name == "Ip":
            return lin(e.args[0]) * lin(e.args[1])
        if e.is_Number:
            return e
        if isinstance(e, (sympy.Add, sympy.Mul)):
            return e.func(*[ev(a) for a in e.args])
        raise NotRowwise(str(e))
    return ev(expr)


@claim("HY-Thm2.6-pf.5", text=r"$D_\phi(\beta^*,\beta)+D_\phi(\beta,\beta^*)=\langle\nabla\phi(\beta)-\nabla\phi"
       r"(\beta^*),\beta-\beta^*\rangle$; with $D_\phi(\beta,\beta^*)\ge0$ this gives the 1-Lojasiewicz condition",
       expect=Proved, statement=PF5, hyp=H_THM26, cites=("HY-Thm2.6-pf.4",))
@theorem_survivors
def pf5(ctx):
    """The identity: phi(beta*), phi(beta) are global terms (must cancel), the inner products a sum over coordinates
    of one expression: exact in one coordinate with the two values free covers every d and phi.  The inference
    (D <= <.,.> <= (2/kappa_1) D_F, so D_F >= kappa_1 D / 2) is algebra on pf.4's conclusion."""
    try:
        lhs, rhs = _coord(ctx.s.id.lhs), _coord(ctx.s.id.rhs)
    except NotRowwise as exc:  # not read by the coordinate argument: compare both sides at ball samples
        import mpmath

        from ._instances import env
        from ._least_squares import value
        from ._rates import rate_data, rate_instances

        data = rate_data(rate_instances(True)[0], ctx.dps)
        for j, beta in enumerate(data.ball[1:6], start=1):
            e = env(data.inst, {B: beta, BS: list(data.star)})
            with mpmath.workdps(ctx.dps):
                lhs, rhs = value(ctx.s.id.lhs, e), value(ctx.s.id.rhs, e)
                if abs(lhs - rhs) > mpmath.mpf(10) ** -(data.digits - 3) * max(abs(lhs), abs(rhs)):
                    return Refuted("the two sides differ at a point of the ball", counterexample={
                        "instance": data.inst.label, "ball sample": j, "lhs": kit.nstr(lhs, 20),
                        "rhs": kit.nstr(rhs, 20)}, measured_digits=data.digits)
        return Inconclusive(f"not an identity between the listed objects ({exc})", reason=Reason.UNDECIDED)
    return kit.identity(lhs, rhs, argument="one coordinate of the inner products, phi(beta*) and phi(beta) free "
                        "global values: every d, every potential", what="D(b*, b) + D(b, b*) = <grad gap, b - b*>")


PF6 = Statement(ode=sympy.Eq(DDT, -DT / (LPHI * OPN ** 2), evaluate=False))
PF6_CORRECTED = Statement(ode=sympy.Le(DDT, -DT / (LPHI * OPN ** 2))).monotone("ode", "looser")


@claim("HY-Thm2.6-pf.6", text=r"for $t\ge T_0$: $\frac{d}{dt}D_\phi(\beta^*,\beta(t))=-\kappa_1D_\phi(\beta^*,"
       r"\beta(t))$"
       r"; Gronwall gives the bound", expect=Refuted, kind=Kind.NUMERIC, statement=PF6, hyp=H_THM26)
@claim("HY-Thm2.6-pf.6/corrected", text=r"for $t\ge T_0$: $\frac{d}{dt}D_\phi(\beta^*,\beta(t))\le-\kappa_1D_\phi"
       r"(\beta^*,\beta(t))$ (dual norms); Gronwall gives the bound", expect=Verified, kind=Kind.NUMERIC,
       statement=PF6_CORRECTED, hyp=H_THM26 + "; dual norms")
def pf6(ctx):
    rows = traj_rows(ctx, DUAL_PAIRS, extra=lambda data, k: {DDT: data.dD[k]})
    return check_relations(ctx, ("ode",), rows, what="d/dt D vs -kappa_1 D",
                           scope="numeric: 3 instances, 8 times in (T0, T], dD/dt by central differences")
