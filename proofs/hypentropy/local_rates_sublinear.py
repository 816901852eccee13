r"""§2.2.2 of HY: the sublinear rate (the opening text and Theorem 2.7) and the four steps of its proof.

Only :math:`\|\cdot\|_*` enters Thm 2.7 (:math:`C_\phi` and the op norm), and :math:`\kappa_2` is invariant under
its scaling (``STAR_SCALES``: :math:`\|\cdot\|_* = s^{-1}\|\cdot\|_2`, :math:`C_\phi \to C_\phi/s`, op norm
:math:`\to s\,\cdot`).  :math:`C_\phi` is the largest :math:`\|\nabla\phi(\beta)-\nabla\phi(\beta^*)\|_2` over the
ball samples (an estimate from below of the sup over the ball: the bounds checked are then at least as strict).
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Symbol

from symflow.claims import Kind, Statement, claim, kit
from symflow.verdict import Refuted, Verified

from ._instances import check_relations, env
from ._least_squares import B0, BS, STAR, B, DF, DPhi, F, GradPhi, Ip, Sq, SqStar, Xt, Xv
from ._rates import rate_data, rate_instances
from .implicit_bias import H_THM22
from .local_rates_linear import DT, DT0, LPHI, OPN, T0, TT, U

__all__ = ["CPHI", "STAR_SCALES"]

CPHI, DDT, KAPPA1 = Symbol("C_phi", positive=True), Symbol("dD/dt", real=True), Symbol("kappa_1", positive=True)
STAR_SCALES = (1, 10, sympy.Rational(1, 10), 1000, sympy.Rational(1, 1000))  # the far scales test exponents
H_THM27 = ("beta* in D; on B_{beta*}(r), ||grad phi(beta) - grad phi(beta*)||_* <= C_phi; "
           "||X^{T dagger}||_op = sup_{||v||_* <= 1} |(X^T)^dagger v|_2")
GAP, XE = GradPhi(B) - GradPhi(BS), Xv(B - BS)


def _scaled(data, s):
    s = kit.mp(s)
    return {CPHI: data.C / s, OPN: data.opnorm * s, STAR: 1 / s ** 2}


def _traj(ctx, extra=None):
    out = []
    for inst in rate_instances(ctx.fast):
        data = rate_data(inst, ctx.dps)
        for s in STAR_SCALES:
            # T0 and the radius r = D(T0) as sampled, and a later T0' = t_4 with r' = D(t_4) < r (the smaller
            # ball lies in the larger one, so the same C_phi holds on it): the theorem applies to both
            for base in (0, 4):
                for k in range(base, len(data.times)):  # t = T0 included: there the bound is attained
                    sc = {DT: data.D[k], DT0: data.D[base], TT: data.times[k], T0: data.times[base],
                          **_scaled(data, s)}
                    if extra:
                        sc.update(extra(data, k))
                    out.append((f"{inst.pot}/{inst.design}, ||.||_* = |.|_2/{s}, T0 = {data.times[base]}, "
                                f"t = {data.times[k]}", env(inst, {B: data.traj[k], BS: list(data.star)}, sc),
                                data.digits))
            if extra is None:  # far times, where only D_phi >= 0 is used: the upper bound must stay nonnegative
                for j in (3, 6, 9, 12):
                    sc = {DT: 0, DT0: data.D[0], TT: data.T0 + sympy.Integer(10) ** j, T0: data.T0, **_scaled(data, s)}
                    out.append((f"{inst.pot}/{inst.design}, ||.||_* = |.|_2/{s}, t = T0 + 10^{j}, D >= 0",
                                env(inst, {B: data.traj[-1], BS: list(data.star)}, sc), data.digits))
    return out


def _ball(ctx):
    import sympy as sp

    from ._least_squares import POTENTIALS
    out = []
    for inst in rate_instances(ctx.fast):
        data = rate_data(inst, ctx.dps)
        pot = POTENTIALS[inst.pot]
        gr = sp.lambdify([pot.theta], [sp.diff(pot.phi, t) for t in pot.theta], modules="mpmath")
        Xe = env(inst, {}).X
        with mpmath.workdps(ctx.dps):
            Xm = mpmath.matrix([[mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in row] for row in Xe])
            gs = mpmath.matrix(gr(list(data.star)))
            for j, beta in enumerate(data.ball[1:], start=1):
                u = mpmath.lu_solve(Xm * Xm.T, Xm * (mpmath.matrix(gr(beta)) - gs))
                for s in STAR_SCALES:
                    out.append((f"{inst.pot}/{inst.design}, ||.||_* = |.|_2/{s}, ball sample {j}",
                                env(inst, {B: beta, BS: list(data.star), U: list(u)}, _scaled(data, s)),
                                data.digits))
    return out


SCOPE_T = ("numeric: 3 instances, 9 times in [T0, T] and D >= 0 at T0 + 10^3 .. 10^12, ||.||_* = |.|_2 / s for "
           "s = 1, 10, 1/10, 1000, 1/1000")
SCOPE_B = "numeric: 3 instances, 36 ball samples + trajectory, ||.||_* = |.|_2 / s for s = 1, 10, 1/10, 1000, 1/1000"

SINCE = Symbol("s", nonnegative=True)  # t - T0 >= 0: the theorem speaks of t >= T0
THM27 = Statement(bound=sympy.Le(DT, 1 / ((TT - T0) / (CPHI ** 2 * OPN ** 2) + 1 / DT0))) \
    .assuming(cases=({TT: T0 + SINCE},)).monotone("bound", "looser")


@claim("HY-Thm2.7", text=r"$D_\phi(\beta^*,\beta(t))\le\frac1{\kappa_2(t-T_0)+c}$, $\kappa_2=(C_\phi^2\|X^{\top"
       r"\dagger}\|_{op}^2)^{-1}$, $c=D_\phi(\beta^*,\beta(T_0))^{-1}$", expect=Verified, kind=Kind.NUMERIC,
       statement=THM27, hyp=H_THM27, cites=("HY-Lem2.5", "HY-Def-Kappa2"))
def thm27(ctx):
    return check_relations(ctx, ("bound",), _traj(ctx), what="Thm 2.7", scope=SCOPE_T)


PF1 = Statement(loj=sympy.Ge(DF(BS, B), DPhi(BS, B) ** 2 / (2 * CPHI ** 2 * OPN ** 2))).monotone("loj", "looser")


@claim("HY-Thm2.7-pf.1", text=r"$D_F(\beta^*,\beta)\ge\frac{\kappa_2}2D_\phi(\beta^*,\beta)^2$ (then Lemma 2.5)",
       expect=Verified, kind=Kind.NUMERIC, statement=PF1, hyp=H_THM27)
def pf1(ctx):
    return check_relations(ctx, ("loj",), _ball(ctx), what="2-Lojasiewicz", scope=SCOPE_B)


PF2 = Statement(
    first=sympy.Eq(Ip(GAP, B - BS) ** 2, Ip(XE, U) ** 2, evaluate=False),
    a=sympy.Le(Ip(XE, U) ** 2, Sq(XE) * Sq(U)),
    b=sympy.Le(Sq(XE) * Sq(U), OPN ** 2 * Sq(XE) * SqStar(Xt(U))),
    eq=sympy.Eq(OPN ** 2 * Sq(XE) * SqStar(Xt(U)), OPN ** 2 * Sq(XE) * SqStar(GAP), evaluate=False),
    c=sympy.Le(OPN ** 2 * Sq(XE) * SqStar(GAP), CPHI ** 2 * OPN ** 2 * Sq(XE))) \
    .monotone("a", "looser").monotone("b", "looser").monotone("c", "looser")  # the links the proof concludes


@claim("HY-Thm2.7-pf.2", text=r"$\langle\cdot,\cdot\rangle^2=\langle X\beta-X\beta^*,u\rangle^2\le\dots\le\|X^{\top"
       r"\dagger}\|^2\|X\beta-X\beta^*\|^2\|X^\top u\|_*^2=\dots\|\nabla\phi(\beta)-\nabla\phi(\beta^*)\|_*^2"
       r"\le C_\phi^2"
       r"\|X^{\top\dagger}\|^2\|X\beta-X\beta^*\|^2$", expect=Verified, kind=Kind.NUMERIC, statement=PF2,
       hyp=H_THM27)
def pf2(ctx):
    return check_relations(ctx, ("first", "a", "b", "eq", "c"), _ball(ctx), what="chain (a)(b)(c)", scope=SCOPE_B)


PF3 = Statement(a=sympy.Le(DPhi(BS, B) ** 2, Ip(GAP, B - BS) ** 2),
                b=sympy.Le(Ip(GAP, B - BS) ** 2, CPHI ** 2 * OPN ** 2 * Sq(XE)),
                eq=sympy.Eq(CPHI ** 2 * OPN ** 2 * Sq(XE), 2 * CPHI ** 2 * OPN ** 2 * DF(BS, B), evaluate=False)) \
    .monotone("a", "looser").monotone("b", "looser")


@claim("HY-Thm2.7-pf.3", text=r"$D_\phi(\beta^*,\beta)^2\le\langle\cdot,\cdot\rangle^2\le C_\phi^2\|X^{\top\dagger}\|^2"
       r"\|X\beta-X\beta^*\|^2=\frac2{\kappa_2}D_F(\beta^*,\beta)$", expect=Verified, kind=Kind.NUMERIC,
       statement=PF3, hyp=H_THM27, cites=("HY-Thm2.6-pf.5",))
def pf3(ctx):
    return check_relations(ctx, ("a", "b", "eq"), _ball(ctx), what="pf.3", scope=SCOPE_B)


PF4 = Statement(ode=sympy.Eq(DDT, -DT ** 2 / (CPHI ** 2 * OPN ** 2), evaluate=False))
PF4_CORRECTED = Statement(ode=sympy.Le(DDT, -DT ** 2 / (CPHI ** 2 * OPN ** 2))).monotone("ode", "looser")


@claim("HY-Thm2.7-pf.4", text=r"for $t\ge T_0$: $\frac{d}{dt}D_\phi(\beta^*,\beta(t))=-\kappa_2D_\phi(\beta^*,\beta(t))"
       r"^2$; integration gives the bound", expect=Refuted, kind=Kind.NUMERIC, statement=PF4, hyp=H_THM27)
@claim("HY-Thm2.7-pf.4/corrected", text=r"for $t\ge T_0$: $\frac{d}{dt}D_\phi(\beta^*,\beta(t))\le-\kappa_2D_\phi"
       r"(\beta^*,\beta(t))^2$; integration gives the bound", expect=Verified, kind=Kind.NUMERIC,
       statement=PF4_CORRECTED, hyp=H_THM27)
def pf4(ctx):
    return check_relations(ctx, ("ode",), _traj(ctx, extra=lambda data, k: {DDT: data.dD[k]}),
                           what="d/dt D vs -kappa_2 D^2", scope=SCOPE_T + ", dD/dt by central differences")


# -------------------------------------------------------------------------------------------- §2.2.2 text

C0 = DPhi(BS, B0)
SUBLINEAR = Statement(f=sympy.Le(F(B) - F(BS), C0 / TT), step=sympy.Le(KAPPA1 * DF(BS, B), F(B) - F(BS)),
                      d=sympy.Le(DPhi(BS, B), C0 / (KAPPA1 * TT))) \
    .monotone("f", "looser").monotone("step", "looser").monotone("d", "looser")  # all three are asserted
SUBLINEAR_CORRECTED = SUBLINEAR.replace(step=sympy.Le(KAPPA1 * DF(BS, B), KAPPA1 * (F(B) - F(BS))),
                                        d=sympy.Le(DPhi(BS, B), 2 * C0 / (KAPPA1 * TT)))


def _sublinear_rows(ctx):
    out = []
    for inst in rate_instances(ctx.fast):
        data = rate_data(inst, ctx.dps)
        from ._least_squares import DESIGNS
        with mpmath.workdps(ctx.dps):
            k1 = 1 / (data.L * data.opnorm ** 2)
        for k in range(len(data.times)):
            out.append((f"{inst.pot}/{inst.design}, t = {data.times[k]}",
                        env(inst, {B: data.traj[k], BS: list(data.star), B0: DESIGNS[inst.design].beta0},
                            {TT: data.times[k], KAPPA1: k1}), data.digits))
    return out


@claim("HY-S2.2.2-Sublinear", text=r"$F(\beta(t))-F(\beta^*)\le C_0/t$ and $\kappa_1D_F(\beta^*,\beta)\le F(\beta)-F"
       r"(\beta^*)$ immediately give $D_\phi(\beta^*,\beta(t))\le C_0/(\kappa_1t)$", expect=Refuted,
       kind=Kind.NUMERIC, statement=SUBLINEAR, hyp=H_THM22 + "; C_0 = D_phi(beta*, beta0) (from (3)); Euclidean "
       "kappa_1", cites=("HY-Eq3", "HY-Def-Kappa1"))
def sublinear(ctx):
    return check_relations(ctx, ("f", "step", "d"), _sublinear_rows(ctx), what="§2.2.2 opening",
                           scope="numeric along 3 rate instances, 9 times in [T0, T]")


@claim("HY-S2.2.2-Sublinear/corrected", text=r"$D_F(\beta^*,\beta)=F(\beta)-F(\beta^*)$ ($X\beta^*=y$), so "
       r"$D_\phi(\beta^*,\beta(t))\le\frac2{\kappa_1}D_F\le\frac{2C_0}{\kappa_1t}$", expect=Verified,
       kind=Kind.NUMERIC, statement=SUBLINEAR_CORRECTED, hyp=H_THM22 + "; C_0 = D_phi(beta*, beta0)")
def sublinear_corrected(ctx):
    return check_relations(ctx, ("f", "step", "d"), _sublinear_rows(ctx), what="§2.2.2 corrected",
                           scope="numeric along 3 rate instances, 9 times in [T0, T]")


__all__ += ["LPHI", "Refuted", "Verified"]
