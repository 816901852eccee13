r"""§2.2 of HY: Lemma 2.4 (D_F is a Mahalanobis distance), Lemma 2.5 (convergence under a Lojasiewicz condition) and
(6), with every step of their proofs (spec §3.2, first part).  Thm 2.6: ``local_rates_linear``; Thm 2.7:
``local_rates_sublinear``.

F-only statements are decided for every n, d, X by one generic row (:func:`._least_squares.row_claim`); the
statements with phi are checked on the rate data of :mod:`._rates` (hypentropy alpha = 1 and 1/2, power potential).
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Symbol

from symflow.claims import IMPLIED, Kind, Statement, claim, kit
from symflow.verdict import Proved, Refuted, Verified

from ._instances import GRADS, check_relations, env, projection, run, times
from ._least_squares import (B0, B1, BB, BS, DESIGNS, POTENTIALS, B, DF, DPhi, GradF, GradPhi, Ip, Rp, Sq, Xv,
                             value)
from ._rowwise import ROW_Y, row_claim, theorem_survivors
from ._rates import rate_data, rate_instances
from .implicit_bias import H_THM22
from .implicit_bias_steps import ARG_COORD, DBREG, FLOW, NotRowwise, coordinate, derivative_mismatch

__all__ = ["LEM25", "KAPPA", "THETA", "DDT", "lojasiewicz_kappa", "EQ6", "LEM24", "LEM24_PF"]

KAPPA, THETA, DDT = Symbol("kappa", positive=True), Symbol("theta", nonnegative=True), Symbol("dD/dt", real=True)
H_LS = "F = |X beta - y|^2 / 2 (HY-Def-LS), any X, y, vectors in R^d"

# -------------------------------------------------------------------------------------------------- Lemma 2.4

LEM24 = Statement(eq=sympy.Eq(DF(B0, B1), Sq(Xv(B0 - B1)) / 2, evaluate=False),
                  sym=sympy.Eq(DF(B0, B1), DF(B1, B0), evaluate=False))


@claim("HY-Lem2.4", text=r"$F$ induces the symmetric Bregman divergence $D_F(\beta_0,\beta_1)=\frac12\|X\beta_0-"
       r"X\beta_1\|_2^2$", expect=Proved, statement=LEM24, hyp=H_LS, cites=("HY-Def-DF",))
def lem24(ctx):
    return row_claim(ctx, ("eq", "sym"), what="Lemma 2.4")


LEM24_PF = Statement(
    l0=DF(B0, B1),
    l1=Rp(B0, B0) / 2 - Rp(B1, B1) / 2 - Ip(GradF(B1), B0 - B1),
    l2=Rp(B0, B0) / 2 - Rp(B1, B1) / 2 - Rp(B1, B0) + Rp(B1, B1),
    l3=(Rp(B0, B0) + Rp(B1, B1) - 2 * Rp(B0, B1)) / 2,
    l4=Sq(Xv(B0 - B1)) / 2)


@claim("HY-Lem2.4-pf", text=r"$D_F(\beta_0,\beta_1)=\frac12\|X\beta_0-y\|^2-\frac12\|X\beta_1-y\|^2-(X\beta_1-y)^TX"
       r"(\beta_0-\beta_1)=\dots=\frac12\|X\beta_0-X\beta_1\|_2^2$ (four equalities)", expect=Proved,
       statement=LEM24_PF, hyp=H_LS + r"; \nabla F(\beta) = X^T(X\beta - y)")
def lem24_pf(ctx):
    """Each printed equality l_k = l_{k+1}, per generic row."""
    def steps(s):
        return None if s is None else Statement(**{f"step{k}": sympy.Eq(s[f"l{k}"], s[f"l{k + 1}"], evaluate=False)
                                                   for k in range(4)})
    sub = type(ctx)(dps=ctx.dps, seed=ctx.seed, fast=ctx.fast, statement=steps(ctx.s), printed=steps(ctx.printed),
                    mutant=ctx.mutant)
    return row_claim(sub, tuple(f"step{k}" for k in range(4)), what="proof of Lemma 2.4")


@claim("HY-Fn4", text="D_F is not always a distance: it does not separate points if X does not have full rank",
       expect=Proved, statement=Statement(sep=DF(B0, B1)).scale_free("sep"), hyp=H_LS)
@theorem_survivors
def fn4(ctx):
    """rank X < d gives v != 0 in ker X; then D_F(beta, beta + v) = |Xv|^2 / 2 = 0 (Lemma 2.4, general); shown
    exactly at the designs A, B (exact kernel over QQ)."""
    pts = []
    for key in ("A", "B"):
        des = DESIGNS[key]
        th = sympy.symbols(f"t1:{des.d + 1}", real=True)
        Xs = sympy.Matrix(des.X)
        v = Xs.nullspace()[0]
        a = sympy.Matrix(des.beta0)
        val = sympy.nsimplify(sympy.expand(_exact(ctx.s.sep, des, th, {B0: a, B1: a + v})))
        if val != 0:
            return Refuted("the printed quantity separates beta and beta + v (v in ker X)", counterexample={
                "design": des.name, "beta": str(list(a)), "v": str(list(v)), "value": str(val)})
        pts.append(des.name)
    return Proved("D_F(beta, beta + v) = 0 for v in ker X \\ {0} (exact at designs A and B; in general by Lemma 2.4: "
                  "D_F = |X(beta0 - beta1)|^2 / 2 vanishes on ker X, nonzero when rank X < d)",
                  certificate={"designs": pts, "argument": "Lemma 2.4 (proved per row) and ker X != {0}"})


def _exact(expr, des, th, vectors):
    from ._least_squares import to_sympy

    return to_sympy(expr, sympy.Integer(0), th, des.X, des.y, vectors)


# -------------------------------------------------------------------------------------------------- Lemma 2.5

LEM25 = Statement(hyp=sympy.Ge(DF(BS, B), KAPPA / 2 * DPhi(BS, B) ** THETA),
                  concl=sympy.Le(DDT, -KAPPA * DPhi(BS, B) ** THETA)).monotone("hyp", "tighter") \
    .monotone("concl", "looser")  # the Lojasiewicz condition is assumed, the differential inequality concluded
H_LEM25 = H_THM22 + "; beta* the limit (Thm 2.2); B_{beta*}(r), T_0 as in HY-Def-Ball"


def _holds(rel, e) -> bool:
    lhs, rhs = value(rel.lhs, e), value(rel.rhs, e)
    if isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
        return lhs >= rhs
    return lhs <= rhs


def lojasiewicz_kappa(hyp, data, theta: int, dps: int):
    """The largest kappa > 0 for which the printed hypothesis holds at every ball sample (beta* included; a
    hypothesis true for every kappa gives kappa = 10^6, one that is never true None):
    kappa_i solves the relation at equality (derived from the statement), and whether the relation holds below or
    above kappa_i bounds the admissible set.  Returns the kappa, or None when no kappa > 0 is admissible (the
    hypothesis is vacuous)."""
    at_theta = hyp.subs(THETA, theta)
    if at_theta == sympy.true:  # holds for every kappa (e.g. D_F >= -kappa/2 D^theta, as D_F >= 0 and D >= 0)
        return mpmath.mpf(10) ** 6
    if at_theta == sympy.false:
        return None
    sols = sympy.solve(sympy.Eq(hyp.lhs, hyp.rhs).subs(THETA, theta), KAPPA)
    if len(sols) != 1:
        return None
    lo, hi = mpmath.mpf(0), mpmath.inf
    with mpmath.workdps(dps):
        for beta in list(data.ball) + [list(data.star)]:
            e = env(data.inst, {B: beta, BS: list(data.star)}, {THETA: theta})
            try:
                k = value(sols[0], e)
            except (ZeroDivisionError, ValueError):
                k = None
            if k is None or isinstance(k, mpmath.mpc) or not mpmath.isfinite(k) or k <= 0:
                e.scalars[KAPPA] = mpmath.mpf(1)
                if not _holds(hyp.subs(THETA, theta), e):  # kappa_i <= 0: the relation is independent of kappa
                    if k is None or not mpmath.isfinite(k) or isinstance(k, mpmath.mpc) or k <= 0:
                        return None
                continue
            below, above = dict(e.scalars), dict(e.scalars)
            below[KAPPA], above[KAPPA] = k / 2, 2 * k
            hb = _holds(hyp, type(e)(e.X, e.y, e.phi, e.theta, e.vectors, below))
            ha = _holds(hyp, type(e)(e.X, e.y, e.phi, e.theta, e.vectors, above))
            if hb and not ha:
                hi = min(hi, k)
            elif ha and not hb:
                lo = max(lo, k)
            elif not (ha or hb):
                return None
        if lo >= hi:
            return None
        return hi if mpmath.isfinite(hi) else 10 * max(lo, mpmath.mpf(1))


@claim("HY-Lem2.5", text=r"If $D_F(\beta^*,\beta)\ge\frac\kappa2D_\phi(\beta^*,\beta)^\theta$ on $B_{\beta^*}(r)$, "
       r"then $T_0<\infty$ and $\frac{d}{dt}D_\phi(\beta^*,\beta(t))\le-\kappa D_\phi(\beta^*,\beta(t))^\theta$ for "
       r"$t\ge T_0$", expect=Verified, kind=Kind.PROPERTY, statement=LEM25, hyp=H_LEM25,
       cites=("HY-Def-Loj", "HY-Def-Ball"))
def lem25(ctx):
    """For theta in {1, 2}: kappa = the best constant of the printed hypothesis over ball samples (trajectory
    included); the conclusion along the trajectory after T0, dD/dt measured by central differences."""
    points = []
    for inst in rate_instances(ctx.fast):
        data = rate_data(inst, ctx.dps)
        for theta in (1, 2):
            kappa = lojasiewicz_kappa(ctx.s.hyp, data, theta, ctx.dps)
            if kappa is None:
                if ctx.mutating:
                    return Verified("vacuous: no kappa > 0 satisfies the hypothesis on the ball (beta* is in it)",
                                    n_digits=data.digits, points=(inst.label,), dps=ctx.dps,
                                    info={IMPLIED: "vacuous: no kappa > 0 satisfies the mutated hypothesis on the "
                                                   "ball, so the mutated lemma holds trivially"})
                return Refuted("the printed hypothesis admits no kappa > 0 on the ball", counterexample={
                    "instance": inst.label, "theta": theta})
            for t, beta, dd in zip(data.times, data.traj, data.dD):
                points.append((f"{inst.pot}/{inst.design}, theta = {theta}, t = {t}",
                               env(inst, {B: beta, BS: list(data.star)}, {DDT: dd, KAPPA: kappa, THETA: theta}),
                               data.digits))
    return check_relations(ctx, ("concl",), points, what="Lemma 2.5",
                           scope="numeric: theta in {1, 2}, kappa the best constant over 36 ball samples and the "
                                 "trajectory, conclusion at 8 times in [T0, T] per instance")


@claim("HY-S2.2-KappaHalf", text=r"the constant $\frac\kappa2$ comes from the symmetry of $D_F$ (tighter bounds later)",
       expect=Proved, statement=Statement(
           sym=sympy.Eq(DF(BS, B), DF(B, BS), evaluate=False),
           two=sympy.Eq(Ip(GradF(BS) - GradF(B), BS - B), 2 * DF(BS, B), evaluate=False)), hyp=H_LS)
def kappa_half(ctx):
    """The checkable content: D_F symmetric and <grad F(beta*) - grad F(beta), beta* - beta> = 2 D_F(beta*, beta),
    per generic row; 'tighter bounds later' is a judgement, not checked."""
    return row_claim(ctx, ("sym", "two"), what="symmetry of D_F")


@claim("HY-Lem2.5-pf.1", text=r"By Thm 2.2, $\beta(t)\to\beta^*$; by continuity $D_\phi(\beta^*,\beta(t))\to0$, so "
       r"$T_0$ is defined", expect=Verified, kind=Kind.NUMERIC, statement=Statement(g=DPhi(BS, B)), hyp=H_LEM25,
       cites=("HY-Thm2.2",))
def lem25_pf1(ctx):
    """D_phi(beta*, beta(t)) at T is below 1e-20 of its value at T0 on the rate instances."""
    pts = []
    for inst in rate_instances(ctx.fast):
        data = rate_data(inst, ctx.dps)
        bT, _, dig = run(inst, ctx.dps).at(inst.T)
        with mpmath.workdps(ctx.dps):
            gT = value(ctx.s.g, env(inst, {B: bT, BS: list(data.star)}))
            g0 = value(ctx.s.g, env(inst, {B: list(data.traj[0]), BS: list(data.star)}))
        if not (g0 > 0 and abs(gT) < mpmath.mpf(10) ** -20 * g0):
            return Refuted("D_phi(beta*, beta(t)) does not go to 0", counterexample={
                "instance": inst.label, "at T0": kit.nstr(g0, 12), "at T": kit.nstr(gT, 12)})
        pts.append(inst.label)
    return Verified("D_phi(beta*, beta(T)) < 1e-20 D_phi(beta*, beta(T0)) > 0", n_digits=max(1, dig), points=tuple(pts),
                    dps=ctx.dps, method="Taylor jet, dps and 2 dps", scope=f"numeric, {len(pts)} instances")


IGT = Symbol("IGtail", real=True)  # the vector int_t^T grad F(beta(s)) ds (T large: the tail to oo is measured)
LEM25_PF2 = Statement(eq=sympy.Eq(GradPhi(B) - GradPhi(BS), IGT, evaluate=False))


@claim("HY-Lem2.5-pf.2", text=r"$\nabla\phi(\beta(t))-\nabla\phi(\beta^*)=\int_t^\infty\nabla F(\beta(s))ds\in"
       r"\mathrm{Im}(X^\top)$; with (2), $\beta(t)\in B_{\beta^*}(r)$ for $t\ge T_0$", expect=Verified,
       kind=Kind.NUMERIC, statement=LEM25_PF2, hyp=H_LEM25, cites=("HY-Eq2",))
def lem25_pf2(ctx):
    """The identity with int_t^T grad F integrated along the flow (the tail beyond T is below the measured
    |grad phi(beta(T)) - grad phi(beta*)|, ~1e-17 here); membership in Im X^T; D_phi(beta*, beta(t)) <= r after T0."""
    r = run(GRADS, ctx.dps)
    des = DESIGNS[GRADS.design]
    star = list(projection(GRADS.pot, GRADS.design, ctx.dps).theta)
    bT, iT, _ = r.at(GRADS.T)
    pot = POTENTIALS[GRADS.pot]
    gr = sympy.lambdify([pot.theta], [sympy.diff(pot.phi, t) for t in pot.theta], modules="mpmath")
    pts = []
    for t in times(GRADS)[:5]:  # t <= 2: |grad phi(beta(t)) - grad phi(beta*)| > 1e-8 (far above round-off)
        beta, it, dig = r.at(t)
        with mpmath.workdps(ctx.dps):
            tail = mpmath.norm(mpmath.matrix(gr(bT)) - mpmath.matrix(gr(star)))
            size = mpmath.norm(mpmath.matrix(gr(beta)) - mpmath.matrix(gr(star)))
            tail_digits = int(mpmath.floor(-mpmath.log10(tail / size))) if tail > 0 else ctx.dps
            integral = [a - b for a, b in zip(iT[1:], it[1:])]
        e = env(GRADS, {B: beta, BS: star, B0: des.beta0, IGT: integral}, {})
        absolute = int(mpmath.floor(mpmath.log10(size))) + ctx.dps - 3  # round-off of the O(1e-2) integrals
        pts.append((f"t = {t}", e, max(1, min(dig, tail_digits, absolute))))
    v = check_relations(ctx, ("eq",), pts, what="Lemma 2.5 pf.2 identity",
                        scope="numeric on one instance, tail beyond T measured")
    if v.word != "verified":
        return v
    for inst in rate_instances(ctx.fast):
        data = rate_data(inst, ctx.dps)
        if any((D - data.r) / data.r > mpmath.mpf(10) ** -(data.digits - 3) for D in data.D):
            return Refuted("beta(t) leaves B(r) after T0", counterexample={"instance": inst.label})
    return v


LEM25_PF3 = Statement(a=sympy.Eq(Ip(GradF(BS) - GradF(B), BS - B), DF(BS, B) + DF(B, BS), evaluate=False),
                      b=sympy.Eq(DF(BS, B) + DF(B, BS), 2 * DF(BS, B), evaluate=False))


@claim("HY-Lem2.5-pf.3", text=r"$\langle\nabla F(\beta^*)-\nabla F(\beta),\beta^*-\beta\rangle=D_F(\beta^*,\beta)+"
       r"D_F(\beta,\beta^*)=2D_F(\beta^*,\beta)$", expect=Proved, statement=LEM25_PF3, hyp=H_LS)
def lem25_pf3(ctx):
    return row_claim(ctx, ("a", "b"), what="Lemma 2.5 pf.3")


LEM25_PF4 = Statement(opt=sympy.Ge(Ip(GradF(BS), B - BS), 0),
                      hence=sympy.Ge(Ip(-GradF(B), BS - B), 2 * DF(BS, B))).monotone("opt", "looser") \
    .monotone("hence", "looser")


@claim("HY-Lem2.5-pf.4", text=r"$\forall\beta\in\mathcal D,\ \langle\nabla F(\beta^*),\beta-\beta^*\rangle\ge0$; hence "
       r"$\langle-\nabla F(\beta),\beta^*-\beta\rangle\ge2D_F(\beta^*,\beta)$", expect=Proved, statement=LEM25_PF4,
       hyp=H_THM22 + "; beta* in argmin_D F, so X beta* = y (rank X = n)")
def lem25_pf4(ctx):
    return row_claim(ctx, ("opt", "hence"), {BS: ROW_Y}, what="Lemma 2.5 pf.4",
                     hypothesis="X beta* = y, grad F(beta*) = 0")


# ------------------------------------------------------------------------------------------------------- (6)

EQ6 = Statement(ddt=Ip(GradF(B), BS - B), a=sympy.Le(Ip(GradF(B), BS - B), -2 * DF(BS, B)),
                b=sympy.Le(-2 * DF(BS, B), -KAPPA * DPhi(BS, B) ** THETA)).monotone("a", "looser") \
    .monotone("b", "looser")


@claim("HY-Eq6", text=r"$\frac{d}{dt}D_\phi(\beta^*,\beta(t))=\langle\nabla F(\beta(t)),\beta^*-\beta(t)\rangle\le-2"
       r"D_F(\beta^*,\beta(t))\le-\kappa D_\phi(\beta^*,\beta(t))^\theta$ (6)", expect=Proved, statement=EQ6,
       hyp=H_LEM25 + "; the Lojasiewicz hypothesis of Lemma 2.5", cites=("HY-Lem2.5",))
@theorem_survivors
def eq6(ctx):
    """Derivative per coordinate (general); first inequality per row (X beta* = y); second: the printed relation is
    the Lojasiewicz hypothesis of Lemma 2.5 times -2 (exact comparison with the printed LEM25.hyp)."""
    try:
        lhs = coordinate(ctx.s.ddt.subs(BS, BB))
    except NotRowwise:
        return derivative_mismatch(ctx, ctx.s.ddt, "(6), derivative")
    v1 = kit.identity(kit.ddt(DBREG, FLOW), lhs, argument=ARG_COORD, what="d/dt D_phi(beta*, beta(t))")
    if v1.word != "proved":
        return v1
    v2 = row_claim(ctx, ("a",), {BS: ROW_Y}, what="(6), first inequality", hypothesis="X beta* = y")
    if v2.word != "proved":
        return v2
    b, hyp = ctx.s.b, LEM25.hyp
    slack = (b.rhs - b.lhs) if isinstance(b, sympy.LessThan) else (b.lhs - b.rhs)
    ratio = sympy.cancel(slack / (hyp.lhs - hyp.rhs))
    if ratio.is_number and ratio > 0:
        cert = dict(v2.certificate)
        return Proved(f"{v1.detail}; {v2.detail}; second inequality = {ratio} x (the Lojasiewicz hypothesis)",
                      certificate=cert)
    # not a positive multiple of the hypothesis: at a ball point where the hypothesis is tight it must fail
    data = rate_data(rate_instances(True)[0], ctx.dps)
    kappa = lojasiewicz_kappa(hyp, data, 1, ctx.dps)
    pts = [(f"ball sample {k}", env(data.inst, {B: beta, BS: list(data.star)}, {KAPPA: kappa, THETA: 1}),
            data.digits) for k, beta in enumerate(data.ball)]
    return check_relations(ctx, ("b",), pts, what="(6), second inequality (theta = 1, tight kappa)",
                           scope="numeric at the ball samples of one instance")

