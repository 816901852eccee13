r"""§2.1 of HY, the border case: the claim before Thm 2.3, Thm 2.3, (4), (5) and the steps of its proof (spec §3.1).

Instances (:data:`._instances.BOUNDARY`): the entropy (alpha = 0 hypentropy, D = the open positive orthant, continuous
extension phi(0) = 1 per coordinate) with

* E1: X = (1 1 1), y = -1: F(beta) = (sum beta + 1)^2 / 2 > 1/2 on D, so argmin_D F is empty and
  arginf_D F = {0} (F(0) = 1/2 > 0);
* E2: X = ((1 1 0 0), (0 0 1 1)), y = (0, 1): F = 0 needs beta_1 = beta_2 = 0, so argmin_D F is empty and
  arginf_D F = {(0, 0, b, 1 - b), 0 <= b <= 1}, a face of the border: the projection (4) is a genuine minimisation.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Symbol

from symflow.claims import IMPLIED, Kind, Statement, claim, kit
from symflow.errors import PrecisionError
from symflow.potentials import affine_minimize
from symflow.precision import agreeing_digits
from symflow.verdict import Proved, Refuted, Verified

from ._instances import BOUNDARY, check_relations, env, run
from ._least_squares import B0, BB, BS, DESIGNS, POTENTIALS, B, DPhi, F, GradF, Ip, to_sympy, value
from ._rowwise import row_claim, row_slack
from .implicit_bias import EQ1
from .implicit_bias_steps import (ARG_COORD, DBREG, EQ2, EQ3, FLOW, NotRowwise, bb, bs, coordinate,
                                  derivative_mismatch, traj_points)

__all__ = ["ARGINF"]

H_THM23 = ("HY-Def-LS, phi Legendre with a continuous extension to the closure of D (entropy: phi(0) = 1), beta "
           "follows the mirror flow")
E1, E2 = BOUNDARY
R = sympy.Rational
ARGINF = {E1: [0, 0, 0], E2: [0, 0, R(1, 2), R(1, 2)]}  # a point of arginf_D F (for E2 not the projection)


def _face_minimiser(objective_part, dps: int):
    """The minimiser of the printed objective over arginf_D F of E2, {(0, 0, b, 1 - b)}: reduced Newton on b."""
    pot, des = POTENTIALS[E2.pot], DESIGNS[E2.design]
    t3, t4 = Symbol("s3", positive=True), Symbol("s4", positive=True)
    point = sympy.Matrix([0, 0, t3, t4])
    obj = to_sympy(objective_part, pot.closure_phi, pot.theta, des.X, des.y, {B: point, B0: sympy.Matrix(des.beta0)})
    if obj.has(sympy.Piecewise):  # the extension phi(0) = 1 resolves exactly at 0 and at s3, s4 > 0
        raise TypeError("objective not resolved on the face")
    if obj.has(sympy.I) or obj.has(sympy.zoo) or obj.has(sympy.nan):
        raise ValueError("the objective evaluates phi outside its domain (complex or infinite values)")
    return affine_minimize(obj, (t3, t4), [[1, 1]], [1], [R(1, 2), R(1, 2)], dps=dps)


def _border_limit(ctx, objective_part, what: str):
    """E1: beta(T) -> 0 = arginf (a single point); E2: beta_1, beta_2 -> 0 like 1/t and (beta_3, beta_4) -> the
    minimiser of the printed objective on the face."""
    b1, _, d1 = run(E1, ctx.dps).at(E1.T)
    if max(abs(x) for x in b1) > mpmath.mpf(10) ** -12:
        return Refuted("E1: the flow does not reach arginf = {0}", counterexample={"beta(T)": [kit.nstr(x, 12)
                                                                                              for x in b1]})
    r = run(E2, ctx.dps)
    bT, _, dig = r.at(E2.T)
    bH, _, _ = r.at(E2.T // 2)
    try:
        m = _face_minimiser(objective_part, ctx.dps)
    except (PrecisionError, TypeError, ValueError) as exc:
        return Refuted(f"{what}: the printed objective has no minimiser on arginf_D F ({exc}); the flow has a limit",
                       counterexample={"instance": E2.label, "beta(T)": [kit.nstr(x, 15) for x in bT]})
    with mpmath.workdps(ctx.dps):
        agree = agreeing_digits(bT[2:], list(m.theta), cap=ctx.dps)
        sub = [E2.T * (bT[0] + bT[1]), E2.T // 2 * (bH[0] + bH[1])]  # t (beta_1 + beta_2): ~ constant (1/t decay)
    cex = {"instance": E2.label, "beta(T)": [kit.nstr(x, 20) for x in bT],
           "minimiser on the face (b, 1 - b)": [kit.nstr(x, 20) for x in m.theta],
           "reduced Hessian min eig": kit.nstr(m.min_eig, 8)}
    if m.min_eig <= 0 or agree < 10:
        return Refuted(f"{what}: the limit is not the minimiser of the printed objective on arginf_D F",
                       counterexample=cex, measured_digits=min(dig, m.digits))
    if not abs(sub[0] / sub[1] - 1) < mpmath.mpf(1) / 50:
        return Refuted(f"{what}: beta_1 + beta_2 does not go to 0 like 1/t", counterexample={
            "t (beta_1 + beta_2) at T, T/2": [kit.nstr(x, 10) for x in sub]})
    return Verified(f"{what}: E1 reaches 0 (|beta(T)| < 1e-12); E2: (beta_3, beta_4) agree with the face minimiser "
                    f"to {agree} digits, beta_1 + beta_2 ~ {kit.nstr(sub[0], 6)}/t -> 0 (the border)",
                    n_digits=max(1, min(agree, dig, d1, m.digits)), points=(E1.label, E2.label), dps=ctx.dps,
                    method="Taylor jet (dps, 2 dps) vs reduced Newton on the face", info={"t (b1+b2)": str(sub)},
                    scope="numeric, entropy on two designs whose minimizers lie on the border only")


@claim("HY-S2.1-Border", text=r"If $\arg\min_{\mathcal D}F=\emptyset$, $\arg\inf_{\mathcal D}F\subseteq\partial"
       r"\mathcal D$ and the mirror flow converges to a limit point on $\partial\mathcal D$", expect=Verified,
       kind=Kind.NUMERIC, hyp=H_THM23)
def border(ctx):
    """On E1 and E2 (argmin_D F empty, arginf on the border), the flow converges to a border point."""
    return _border_limit(ctx, EQ1.objective, "convergence to the border")


@claim("HY-Thm2.3", text=r"With a continuous extension of $\phi$ to $\bar{\mathcal D}$, $\beta(t)\to\beta^*$, "
       r"$\{\beta^*\}=\arg\min\{D_\phi(\beta,\beta_0):\beta\in\arg\inf_{\mathcal D}F\}$ (4); and "
       r"$(\arg\min_{\mathcal D}F"
       r"\neq\emptyset)\Leftrightarrow(\beta^*\in\arg\min_{\mathcal D}F)$", expect=Verified, kind=Kind.NUMERIC,
       statement=EQ1, hyp=H_THM23, cites=("HY-Thm2.2",))
def thm23(ctx):
    """Conclusion 1 on E1, E2 (the limit minimises the printed objective over arginf, on the border);
    conclusion 2: there argmin_D F is empty and beta* is on the border; in the instances of HY-Thm2.2 argmin_D F is
    nonempty and beta* in D (checked there)."""
    return _border_limit(ctx, ctx.s.objective, "Thm 2.3")


@claim("HY-Eq4", text=r"$\{\beta^*\}=\arg\min\{D_\phi(\beta,\beta_0):\beta\in\arg\inf_{\mathcal D}F\subseteq"
       r"\bar{\mathcal D}\}$ (4)", expect=Verified, kind=Kind.NUMERIC, statement=EQ1, hyp=H_THM23,
       cites=("HY-Thm2.3",))
def eq4(ctx):
    """The minimiser of the printed objective over arginf_D F (E2's face) is unique (reduced Hessian > 0) and is the
    flow's limit."""
    return _border_limit(ctx, ctx.s.objective, "(4)")


def _boundary_points(ctx):
    return traj_points(ctx, boundary=ARGINF)


@claim("HY-Thm2.3-pf.1", text=r"For $\bar\beta\in\arg\inf_{\mathcal D}F\subseteq\bar{\mathcal D}$: "
       r"$\frac{d}{dt}D_\phi(\bar\beta,\beta(t))=\langle\nabla F(\beta(t)),\bar\beta-\beta(t)\rangle\le-(F(\beta(t))-"
       r"F(\bar\beta))\le0$", expect=Verified, kind=Kind.NUMERIC, statement=EQ2, hyp=H_THM23)
def thm23_pf1(ctx):
    """Derivative per coordinate (general), first inequality per row for any betabar (convexity of F, general);
    the second, F(beta) >= F(betabar) = inf, along the border instances (F(betabar) > 0 on E1)."""
    try:
        lhs = coordinate(ctx.s.ddt)
    except NotRowwise:
        return derivative_mismatch(ctx, ctx.s.ddt, "pf.1, derivative")
    v1 = kit.identity(kit.ddt(DBREG, FLOW), lhs, argument=ARG_COORD, what="d/dt D_phi(betabar, beta(t))")
    if v1.word != "proved":
        return v1
    v2 = row_claim(ctx, ("ineq1",), None, what="first inequality (any betabar)")
    if v2.word != "proved":
        return v2
    return check_relations(ctx, ("ineq1", "ineq2"), _boundary_points(ctx), what="pf.1 on the border instances",
                           scope="derivative and first inequality general (exact); second along E1, E2")


@claim("HY-Eq5", text=r"$F(\beta(t))-F(\bar\beta)\le\frac1t\int_0^t(F(\beta(s))-F(\bar\beta))ds\le\frac1t "
       r"D_\phi(\bar\beta,\beta(0))$ (5)", expect=Verified, kind=Kind.NUMERIC, statement=EQ3, hyp=H_THM23)
def eq5(ctx):
    """Both inequalities along E1, E2 with betabar in arginf (F(betabar) = 1/2 on E1)."""
    return check_relations(ctx, ("a", "b"), _boundary_points(ctx), what="(5)",
                           scope="numeric along the entropy flows E1, E2, t in {1/2 .. T}")


# ------------------------------------------------------------------------------------------------- pf.2

@claim("HY-Thm2.3-pf.2", text=r"$t\mapsto F(\beta(t))$ is decreasing ($\frac{d}{dt}F=-\nabla F^\top\nabla^2\phi^{-1}"
       r"\nabla F\le0$), and $F$ has compact sublevel sets, so a limit point exists", expect=Refuted,
       kind=Kind.SYMBOLIC, hyp=H_THM23)
def thm23_pf2(ctx):
    """F = |X beta - y|^2 / 2 with rank X = n < d is constant along ker X: {F <= c} contains a line."""
    des = DESIGNS[E1.design]
    Xs = sympy.Matrix(des.X)
    v = Xs.nullspace()[0]
    s = Symbol("s", real=True)
    pt = sympy.Matrix(des.beta0) + s * v
    Fs = sympy.expand((((Xs * pt - sympy.Matrix(des.y)).T * (Xs * pt - sympy.Matrix(des.y)))[0, 0]) / 2)
    if Fs.has(s):
        return Proved("F grows along ker X", certificate={})
    return Refuted("F has no compact sublevel set: it is constant on the line beta0 + s v, v in ker X",
                   counterexample={"X": str(des.X), "y": str(des.y), "v (ker X)": str(list(v)),
                                   "F(beta0 + s v)": str(Fs), "for every s": "the sublevel set {F <= F(beta0)} "
                                   "contains the whole line"})


@claim("HY-Thm2.3-pf.2/corrected", text=r"$t\mapsto F(\beta(t))$ is nonincreasing; a limit point exists because "
       r"$\beta(t)$ stays in $\{D_\phi(\bar\beta,\cdot)\le D_\phi(\bar\beta,\beta_0)\}$, bounded (HY-Thm2.2-pf.1), "
       r"not because $F$ has compact sublevel sets", expect=Verified, kind=Kind.NUMERIC, hyp=H_THM23,
       cites=("HY-Thm2.2-pf.1",))
def thm23_pf2_corrected(ctx):
    """F(beta(t)) nonincreasing and D_phi(betabar, beta(t)) <= D_phi(betabar, beta0) at the sample times of E1, E2."""
    rows = []
    mon = Statement(f=sympy.Le(F(B), F(B0)), d=sympy.Le(DPhi(BB, B), DPhi(BB, B0)))
    for label, e, dig in _boundary_points(ctx):
        with mpmath.workdps(ctx.dps):
            for part in ("f", "d"):
                lhs, rhs = value(mon[part].lhs, e), value(mon[part].rhs, e)
                if lhs > rhs * (1 + mpmath.mpf(10) ** (-(dig - 3))):
                    return Refuted(f"{part} fails at {label}", counterexample={"lhs": kit.nstr(lhs, 15),
                                                                                "rhs": kit.nstr(rhs, 15)})
        rows.append((label, dig))
    return Verified("F(beta(t)) <= F(beta0) and D_phi(betabar, beta(t)) <= D_phi(betabar, beta0) at every sample",
                    n_digits=max(1, min(d for _, d in rows)), points=tuple(r[0] for r in rows), dps=ctx.dps,
                    method="Taylor jet, dps and 2 dps", scope="numeric along E1, E2")


# ------------------------------------------------------------------------------------------------- pf.3

PF3 = Statement(strict=sympy.Lt(F((BS + BB) / 2), (F(BS) + F(BB)) / 2), midpoint=(BS + BB) / 2) \
    .monotone("strict", "looser")  # concluded (strict convexity); the midpoint is the point it speaks of: no role


def _midpoint_in(ctx, closed: bool):
    """The strict-convexity inequality per row (general), then the membership of the printed midpoint: in D (printed)
    or in its closure (corrected), at beta* and betabar in arginf of E2 (both on the border)."""
    v = row_claim(ctx, ("strict",), None, what="F at the midpoint below the average")
    if v.word != "proved":
        return v
    star = [0, 0, R(5, 9), R(4, 9)]  # the projection of E2 (HY-Eq4: 5/9 = beta0_3 / (beta0_3 + beta0_4))
    e = env(E2, {BS: star, BB: ARGINF[E2]}, closure=True)
    with mpmath.workdps(ctx.dps):
        mid = value(ctx.s.midpoint, e)
    inside = all(x >= 0 for x in mid) if closed else all(x > 0 for x in mid)
    if not inside:
        return Refuted("the midpoint of beta* and betabar is not in " + ("the closure of D" if closed else "D"),
                       counterexample={"beta*": str(star), "betabar": str(ARGINF[E2]),
                                       "midpoint": [kit.nstr(x, 10) for x in mid], "D": "open positive orthant"})
    return Proved(v.detail + "; the midpoint of two points of the convex closed set cl(D) is in cl(D), where "
                  "inf_D F = min F by continuity", certificate=dict(v.certificate))


@claim("HY-Thm2.3-pf.3", text=r"$X\beta^*=X\bar\beta$; otherwise $\frac12(\beta^*+\bar\beta)\in\mathcal D$ would "
       r"achieve strictly lower loss", expect=Refuted, statement=PF3, hyp=H_THM23)
def thm23_pf3(ctx):
    return _midpoint_in(ctx, closed=False)


@claim("HY-Thm2.3-pf.3/corrected", text=r"$X\beta^*=X\bar\beta$; otherwise $\frac12(\beta^*+\bar\beta)\in\bar{"
       r"\mathcal D}$ would achieve a loss below $\inf_{\mathcal D}F=\min_{\bar{\mathcal D}}F$", expect=Proved,
       statement=PF3, hyp=H_THM23)
def thm23_pf3_corrected(ctx):
    return _midpoint_in(ctx, closed=True)


# ------------------------------------------------------------------------------------------------- pf.4

PF4 = Statement(df=Ip(GradF(B), BS - BB), zero=sympy.Eq(Ip(GradF(B), BS - BB), 0, evaluate=False))


@claim("HY-Thm2.3-pf.4", text=r"$f=D_\phi(\beta^*,\beta(t))-D_\phi(\bar\beta,\beta(t))$: $\frac{df}{dt}=\langle\nabla "
       r"F(\beta(t)),\beta^*-\bar\beta\rangle=(X\beta-y)^T(X\beta^*-X\bar\beta)=0$, hence $f(0)=\lim f\le0$",
       expect=Verified, kind=Kind.NUMERIC, statement=PF4, hyp=H_THM23 + "; X beta* = X betabar (pf.3)",
       cites=("HY-Thm2.3-pf.3",))
def thm23_pf4(ctx):
    """df/dt per coordinate (general); = 0 per row given X beta* = X betabar (general); f(0) <= 0 on E2."""
    try:
        lhs = coordinate(ctx.s.df)
    except NotRowwise:  # read per row: with X beta* = X betabar both the true df/dt and this one vanish
        w = Symbol("x_i.common", real=True)
        v = row_claim(ctx, ("zero",), {BS: w, BB: w}, what="df/dt under X beta* = X betabar")
        if v.word == "proved" and row_slack((ctx.s.df, 0), {BS: w, BB: w})[0] == 0:
            return Proved("df/dt: the mutated derivative vanishes under X beta* = X betabar, as the true one does",
                          certificate={IMPLIED: "equivalent under the hypothesis X beta* = X betabar: every "
                                                "<X^T r, beta* - betabar> vanishes"})
        return derivative_mismatch(ctx, ctx.s.df, "df/dt", expected=lambda data, k: mpmath.mpf(0))
    diff = DBREG.subs(bb, bs) - DBREG
    v1 = kit.identity(kit.ddt(diff, FLOW), lhs, argument=ARG_COORD, what="df/dt")
    if v1.word != "proved":
        return v1
    w = Symbol("x_i.common", real=True)
    v2 = row_claim(ctx, ("zero",), {BS: w, BB: w}, what="(X beta - y)^T (X beta* - X betabar) = 0",
                   hypothesis="X beta* = X betabar (pf.3)")
    if v2.word != "proved":
        return v2
    e = env(E2, {BS: [0, 0, R(5, 9), R(4, 9)], BB: ARGINF[E2], B0: DESIGNS[E2.design].beta0}, closure=True)
    m = kit.measured(lambda prec: _at(prec, lambda: [value(DPhi(BS, B0) - DPhi(BB, B0), e)]), ctx.dps)
    f0 = m.values[0]
    if f0 > 0:
        return Refuted("f(0) > 0 on E2", counterexample={"f(0)": kit.nstr(f0, 20)})
    return Verified(f"df/dt = 0 exactly (general); f(0) = {kit.nstr(f0, 12)} <= 0 on E2", n_digits=max(1, m.digits),
                    points=(E2.label,), dps=ctx.dps, method="exact identities + mpmath (dps, 2 dps)",
                    scope="derivative identities general; the sign of f(0) at the instance E2",
                    info={k: v for k, v in v2.certificate.items() if k == IMPLIED})


def _at(prec, fn):
    with mpmath.workdps(prec):
        return fn()


# ------------------------------------------------------------------------------------------------- pf.5

@claim("HY-Thm2.3-pf.5", text=r"If $\arg\min_{\mathcal D}F\neq\emptyset$ with $\bar\beta$ in it, "
       r"$D_\phi(\bar\beta,\beta(t))\to\infty$ if $\beta^*\in\partial\mathcal D$; it is decreasing and finite at 0, "
       r"so $\beta^*\in\mathcal D$", expect=Verified, kind=Kind.SYMBOLIC, hyp=H_THM23, cites=("HY-Eq2",))
def thm23_pf5(ctx):
    """Blow-up of D_phi(betabar, beta) when one coordinate of beta goes to the border while betabar is inside:
    exact limit for the entropy (one coordinate; coordinates decouple), by SymPy."""
    x, xb = Symbol("x", positive=True), Symbol("xb", positive=True)
    phi = x * sympy.log(x) - x + 1
    D = phi.subs(x, xb) - phi - sympy.diff(phi, x) * (xb - x)
    lim = sympy.limit(D, x, 0, "+")
    if lim != sympy.oo:
        return Refuted("D_phi(betabar, beta) stays bounded at the border", counterexample={"limit": str(lim)})
    return Verified("lim_{beta_i -> 0+} D_phi(betabar, beta) = +oo for every betabar_i > 0 (entropy, exact limit); "
                    "with (2) (D decreasing) the limit cannot be on the border", exact=True,
                    points=("entropy, one coordinate, betabar_i > 0 symbolic",), method="sympy.limit",
                    scope="exact for the entropy (alpha = 0 hypentropy), every d; not for a general potential")
