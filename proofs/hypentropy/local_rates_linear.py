r"""§2.2.1 of HY: Theorem 2.6 (local linear convergence), the remark after it, and the six steps of its proof.

**The norms.**  Thm 2.6 assumes "two norms, :math:`\|\cdot\|` on D and :math:`\|\cdot\|_*`" with :math:`\nabla\phi`
:math:`L_\phi`-Lipschitz from one to the other, while :math:`\|X^{\top\dagger}\|_{op}` involves :math:`\|\cdot\|_*`
only.  Taking :math:`\|\cdot\| = c\|\cdot\|_2`, :math:`\|\cdot\|_* = \|\cdot\|_2` (allowed as printed) divides
:math:`L_\phi` by c and multiplies :math:`\kappa_1` by c: the printed rate can be made arbitrarily fast
(``PRINTED_PAIRS``).  With :math:`\|\cdot\|_*` the dual norm of :math:`\|\cdot\|` (``DUAL_PAIRS``:
:math:`c\|\cdot\|_2` and :math:`c^{-1}\|\cdot\|_2`, so :math:`L_\phi \to L_\phi/c^2`, op norm :math:`\to c\,\cdot`)
:math:`\kappa_1` is invariant and the statements hold: those are the ``/corrected`` claims.  Euclidean
:math:`L_\phi` bounds :math:`\nabla^2\phi` on the hull of the ball (:mod:`._rates`).  Co-coercivity as printed
(pf.2, "<=") is reversed: refuted with Euclidean norms already.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Symbol, exp

from symflow.claims import Kind, Statement, claim, kit
from symflow.verdict import Refuted, Verified

from ._instances import check_relations, env
from ._least_squares import BS, POTENTIALS, STAR, B
from ._rates import rate_data, rate_instances

__all__ = ["DT", "DT0", "TT", "T0", "LPHI", "OPN", "U", "PRINTED_PAIRS", "DUAL_PAIRS", "traj_rows", "ball_rows"]

DT, DT0, TT, T0 = (Symbol(n, positive=True) for n in ("D_t", "D_T0", "t", "T0"))
LPHI, OPN, U = Symbol("L_phi", positive=True), Symbol("opnorm", positive=True), Symbol("u", real=True)
PRINTED_PAIRS = ((1, "independent"), (10, "independent"), (100, "independent"))
DUAL_PAIRS = ((1, "dual"), (10, "dual"), (sympy.Rational(1, 10), "dual"))
H_THM26 = ("beta* in D; on B_{beta*}(r) grad phi is L_phi-Lipschitz from (D, ||.||) to ||.||_*; "
           "||X^{T dagger}||_op = sup_{||v||_* <= 1} |(X^T)^dagger v|_2")


def _norms(data, c, kind):
    """(L_phi, op norm, star scale) of the norm pair c|.|_2 and |.|_2 (independent) or c^-1 |.|_2 (dual)."""
    c = kit.mp(c)
    if kind == "independent":
        return data.L / c, data.opnorm, 1
    return data.L / c ** 2, data.opnorm * c, 1 / c ** 2


def traj_rows(ctx, pairs, extra=None):
    """(label, Env, digits) for t in (T0, T] on every rate instance and norm pair."""
    out = []
    for inst in rate_instances(ctx.fast):
        data = rate_data(inst, ctx.dps)
        for c, kind in pairs:
            L, opn, star = _norms(data, c, kind)
            for k in range(len(data.times)):  # t = T0 included: there the bound is attained
                sc = {DT: data.D[k], DT0: data.D[0], TT: data.times[k], T0: data.T0, LPHI: L, OPN: opn, STAR: star}
                if extra:
                    sc.update(extra(data, k))
                out.append((f"{inst.pot}/{inst.design}, {kind} norms c = {c}, t = {data.times[k]}",
                            env(inst, {B: data.traj[k], BS: list(data.star)}, sc), data.digits))
    return out


def ball_rows(ctx, pairs):
    """(label, Env, digits) at the ball samples (trajectory included), with u: X^T u = grad phi(beta) - grad phi(b*)."""
    out = []
    for inst in rate_instances(ctx.fast):
        data = rate_data(inst, ctx.dps)
        pot = POTENTIALS[inst.pot]
        gr = sympy.lambdify([pot.theta], [sympy.diff(pot.phi, t) for t in pot.theta], modules="mpmath")
        e0 = env(inst, {})
        with mpmath.workdps(ctx.dps):
            Xm = mpmath.matrix([[kit.mp(v) for v in row] for row in e0.X])
            gs = mpmath.matrix(gr(list(data.star)))
            for j, beta in enumerate(data.ball):
                if j < len(data.traj) and j == 0:
                    continue  # beta(T0) is also the ball's edge point; keep the samples distinct
                u = mpmath.lu_solve(Xm * Xm.T, Xm * (mpmath.matrix(gr(beta)) - gs))
                for c, kind in pairs:
                    L, opn, star = _norms(data, c, kind)
                    out.append((f"{inst.pot}/{inst.design}, {kind} norms c = {c}, ball sample {j}",
                                env(inst, {B: beta, BS: list(data.star), U: list(u)},
                                    {LPHI: L, OPN: opn, STAR: star}), data.digits))
    return out


# -------------------------------------------------------------------------------------------------- Thm 2.6

SINCE = Symbol("s", nonnegative=True)  # t - T0 >= 0: the theorem speaks of t >= T0
THM26 = Statement(bound=sympy.Le(DT, DT0 * exp(-(TT - T0) / (LPHI * OPN ** 2)))) \
    .assuming(cases=({TT: T0 + SINCE},)).monotone("bound", "looser")
SCOPE_T = "numeric: 3 instances (hypentropy alpha = 1, 1/2, power potential), 9 times in [T0, T]"


@claim("HY-Thm2.6", text=r"$D_\phi(\beta^*,\beta(t))\le D_\phi(\beta^*,\beta(T_0))\exp\big(-\frac{t-T_0}{L_\phi"
       r"\|X^{\top\dagger}\|_{op}^2}\big)$ for $t\ge T_0$ (two norms, $\nabla\phi$ $L_\phi$-Lipschitz)",
       expect=Refuted, kind=Kind.NUMERIC, statement=THM26, hyp=H_THM26, cites=("HY-Lem2.5", "HY-Def-OpNorm"))
def thm26(ctx):
    """The bound at the rate data for the norm pairs the printed hypothesis allows (c |.|_2 and |.|_2)."""
    return check_relations(ctx, ("bound",), traj_rows(ctx, PRINTED_PAIRS), what="Thm 2.6", scope=SCOPE_T)


@claim("HY-Thm2.6/corrected", text=r"the same bound with $\|\cdot\|_*$ the dual norm of $\|\cdot\|$ and $L_\phi$ a "
       r"Lipschitz constant of $\nabla\phi$ on the convex hull of $B_{\beta^*}(r)$", expect=Verified,
       kind=Kind.NUMERIC, statement=THM26, hyp=H_THM26 + "; ||.||_* dual to ||.||")
def thm26_corrected(ctx):
    """The bound at the rate data for dual norm pairs (c |.|_2, |.|_2 / c), c = 1, 10; tightness reported."""
    return check_relations(ctx, ("bound",), traj_rows(ctx, DUAL_PAIRS), what="Thm 2.6 (dual norms)",
                           scope=SCOPE_T + ", dual norm pairs c = 1, 10, 1/10")


@claim("HY-S2.2.1-Loose", text=r"$L_\phi$-Lipschitz continuity suffices for linear convergence, but the bound may be "
       r"loose when $L_\phi$ is large; shrinking r gives a better constant", expect=Verified, kind=Kind.NUMERIC)
def loose(ctx):
    """Tightness kappa_1 / observed rate (Euclidean): small for alpha = 1/2 (L = 2) vs alpha = 1; for the power
    potential, L(r) = 1 + 3(|beta*| + sqrt(2r))^2 shrinks with r and the better kappa_1 still bounds the rate."""
    rows = {}
    for inst in rate_instances(False):
        data = rate_data(inst, ctx.dps)
        with mpmath.workdps(ctx.dps):
            k1 = 1 / (data.L * data.opnorm ** 2)
            obs = -mpmath.log(data.D[-1] / data.D[0]) / (data.times[-1] - data.T0)
            rows[inst.pot] = (k1, obs, k1 / obs)
    if not all(r[2] <= 1 for r in rows.values()):
        return Refuted("kappa_1 exceeds the observed rate", counterexample={k: [kit.nstr(x, 8) for x in v]
                                                                            for k, v in rows.items()})
    q = rate_data(rate_instances(False)[1], ctx.dps)
    with mpmath.workdps(ctx.dps):
        r2 = q.D[4]
        L2 = 1 + 3 * (max(abs(x) for x in q.star) + mpmath.sqrt(2 * r2)) ** 2
        k_small = 1 / (L2 * q.opnorm ** 2)
        rate_after = -mpmath.log(q.D[-1] / q.D[4]) / (q.times[-1] - q.times[4])
    if not (L2 < q.L and k_small <= rate_after):
        return Refuted("shrinking r does not improve the constant", counterexample={"L(r)": kit.nstr(q.L, 8),
                                                                                    "L(r/..)": kit.nstr(L2, 8)})
    return Verified("tightness kappa_1/observed rate: " + ", ".join(f"{k}: {kit.nstr(v[2], 4)}" for k, v in
                                                                      rows.items())
                    + f"; power potential: shrinking r: L {kit.nstr(q.L, 5)} -> {kit.nstr(L2, 5)}, kappa_1 "
                    f"{kit.nstr(1 / (q.L * q.opnorm ** 2), 5)} -> {kit.nstr(k_small, 5)} <= rate "
                    f"{kit.nstr(rate_after, 5)}",
                    n_digits=max(1, min(rate_data(i, ctx.dps).digits for i in rate_instances(False))),
                    points=tuple(rows), dps=ctx.dps, method="rate data (Taylor jet, dps and 2 dps)",
                    scope="numeric, 3 instances; 'may become loose' read as: tightness < 1, worse for larger L",
                    info={k: {"kappa_1": kit.nstr(v[0], 8), "observed rate": kit.nstr(v[1], 8),
                              "tightness": kit.nstr(v[2], 8)} for k, v in rows.items()})
