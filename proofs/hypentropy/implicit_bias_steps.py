r"""The steps of the proof of Thm 2.2 (spec §3.1): (2), (3) and HY-Thm2.2-pf.1 … pf.4, each as printed.

General arguments used here (both stated in the ``proved`` certificates):

* **one coordinate**: :math:`\frac{d}{dt}\phi(\beta(t)) = \sum_i \partial_i\phi\,\dot\beta_i` and the mirror flow
  :math:`\frac{d}{dt}\partial_i\phi(\beta) = -\partial_i F(\beta)` make every time derivative of a Bregman divergence
  a sum over coordinates of one expression in :math:`p = \partial_i\phi(\beta)`, :math:`v = \dot\beta_i`,
  :math:`g = \partial_i F(\beta)`: one generic coordinate covers every d, every potential and every loss;
* **one row** for F-only statements (:func:`._least_squares.row_claim`).
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Function, Symbol

from symflow.claims import Kind, Statement, claim, kit
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

from ._instances import GRADS, check_relations, env, instances, projection, run, times
from ._least_squares import (B0, BB, BS, DESIGNS, POTENTIALS, B, DPhi, F, GradF, GradPhi, Ip, NotRowwise,
                             value)
from ._rowwise import ROW_Y, row_claim, theorem_survivors
from .implicit_bias import H_THM22

__all__ = ["coordinate", "derivative_mismatch", "ARG_COORD", "FLOW", "DBREG", "bs", "bb", "p", "T_", "INTF", "traj_points"]

p, p0, v, g, b, bb, b0, ig, PHI, bs = (Symbol(n, real=True) for n in ("p", "p0", "v", "g", "b", "bb", "b0", "ig",
                                                                       "phi_b", "bs"))
IG = Symbol("IG", real=True)            # the vector int_0^t grad F(beta(s)) ds
T_, INTF = Symbol("t", positive=True), Symbol("IntF", real=True)   # time, int_0^t F(beta(s)) ds
FLOW = {PHI: p * v, p: -g, b: v, ig: g}  # one coordinate along the mirror flow (chain rule, HY-Def-MirrorFlow)
ARG_COORD = ("one coordinate i: d/dt phi(beta) = sum_i p_i v_i (chain rule) and d/dt p_i = -g_i (mirror flow), so "
             "the statement is a sum over i of one expression: every d, every potential phi, every loss")


def coordinate(expr):
    """One coordinate of a vector statement: GradPhi(B) -> p, GradPhi(B0) -> p0, Ip(GradF(B), V) -> g * V_i,
    vectors B, BB, B0 -> b, bb, b0, IG -> ig.  Raises NotRowwise for anything else."""
    vec = {B: b, BB: bb, B0: b0, IG: ig, BS: bs}

    def lin(e):
        if e in vec:
            return vec[e]
        if isinstance(e, (sympy.Add, sympy.Mul)) and all(a.is_Number or a in vec or isinstance(a, (sympy.Add,
                                                                                                       sympy.Mul))
                                                          for a in e.args):
            return e.func(*[a if a.is_Number else lin(a) for a in e.args])
        if type(e).__name__ == "GradPhi" and e.args[0] in (B, B0):
            return p if e.args[0] == B else p0
        raise NotRowwise(f"{e}")

    def ev(e):
        if type(e).__name__ == "Ip" and type(e.args[0]).__name__ == "GradF" and e.args[0].args[0] == B:
            return g * lin(e.args[1])
        if type(e).__name__ == "GradPhi" or e in vec:
            return lin(e)
        if e.is_Number:
            return e
        if isinstance(e, (sympy.Add, sympy.Mul)):
            return e.func(*[ev(a) for a in e.args])
        raise NotRowwise(f"{e}")

    return ev(sympy.sympify(expr))


def derivative_mismatch(ctx, expr, what: str, expected=None):
    """A printed time derivative that the coordinate argument cannot read, compared with the *measured* derivative
    of D_phi(beta*, beta(t)) (central differences of the dense output, :mod:`._rates`; betabar = beta*), or with
    ``expected(data, k)``: Refuted at the first sample where they differ beyond 1e-10 (relative)."""
    from ._rates import rate_data, rate_instances

    data = rate_data(rate_instances(True)[0], ctx.dps)
    for k, beta in enumerate(data.traj):
        e = env(data.inst, {B: beta, BB: list(data.star), BS: list(data.star)})
        with mpmath.workdps(ctx.dps):
            try:
                got = value(expr, e)
            except (TypeError, ValueError, KeyError) as exc:
                return Inconclusive(f"{what}: the printed derivative cannot be evaluated ({exc})",
                                    reason=Reason.UNDECIDED)
            want = data.dD[k] if expected is None else expected(data, k)
            if abs(got - want) > mpmath.mpf(10) ** -10 * max(abs(want), abs(got)):
                return Refuted(f"{what}: differs from the measured derivative", counterexample={
                    "instance": data.inst.label, "t": str(data.times[k]), "printed": kit.nstr(got, 20),
                    "measured d/dt": kit.nstr(want, 20)}, measured_digits=data.digits)
    return Inconclusive(f"{what}: not read by the coordinate argument, agrees numerically", reason=Reason.UNDECIDED)


# ------------------------------------------------------------------------------------------------------ (2)

EQ2 = Statement(ddt=Ip(GradF(B), BB - B), ineq1=sympy.Le(Ip(GradF(B), BB - B), -(F(B) - F(BB))),
                ineq2=sympy.Le(-(F(B) - F(BB)), 0)).monotone("ineq1", "looser").monotone("ineq2", "looser")
DBREG = -PHI - p * (bb - b)  # D_phi(betabar, beta(t)) up to the constant phi(betabar), one coordinate


@claim("HY-Eq2", text=r"$\frac{d}{dt}D_\phi(\bar\beta,\beta(t))=\langle\nabla F(\beta(t)),\bar\beta-\beta(t)\rangle"
       r"\le-(F(\beta(t))-F(\bar\beta))\le0$ (2)", expect=Proved,
       statement=EQ2, hyp=H_THM22 + r"; \bar\beta in argmin_D F (so X betabar = y)", cites=("HY-Def-Bregman",))
@theorem_survivors
def eq2(ctx):
    """d/dt of D_phi(betabar, beta) per coordinate (the phi(betabar) term is constant) against the printed ddt;
    both inequalities per row with X betabar = y (F(betabar) = 0 since rank X = n)."""
    try:
        lhs = coordinate(ctx.s.ddt)
    except NotRowwise:
        return derivative_mismatch(ctx, ctx.s.ddt, "(2), derivative")
    v1 = kit.identity(kit.ddt(DBREG, FLOW), lhs, argument=ARG_COORD, what="d/dt D_phi(betabar, beta(t))")
    if v1.word != "proved":
        return v1
    return row_claim(ctx, ("ineq1", "ineq2"), {BB: ROW_Y}, what="(2) inequalities",
                     hypothesis="F(betabar) = 0: X betabar = y")


# ------------------------------------------------------------------------------------------------- pf.1

@claim("HY-Thm2.2-pf.1", text=r"Since $\nabla\phi(\mathcal D)=\mathbb R^d$, the sublevel sets of "
       r"$\beta\mapsto D_\phi(\bar\beta,\beta)$ are compact; so a limit point $\beta^*\in\bar{\mathcal D}$ exists.",
       expect=Verified, kind=Kind.NUMERIC, hyp=H_THM22)
def thm22_pf1(ctx):
    """Coercivity of D_phi(betabar, .) (true for betabar in D: D_phi(betabar, beta) = phi(betabar) + phi*(eta) -
    <betabar, eta> with eta = grad phi(beta), coercive in eta; compact in eta, hence in beta = grad phi*(eta)):
    checked as unbounded growth (increasing, with non-shrinking increments on a geometric scale) of
    D_phi(betabar, betabar + s u) for s = 10, 100, 1000 along +-e_i and the diagonal, for every potential of the
    catalogue, and of D_phi(betabar, beta) as beta_1 = 10^-2, 10^-4, 10^-8 / 2 -> 0 for the entropy."""
    rows, digits = [], ctx.dps
    for key, pot in POTENTIALS.items():
        th, d = pot.theta, pot.d
        bar = [sympy.Rational(1, 2)] * d
        dirs = [[(1 if j == i else 0) * sg for j in range(d)] for i in range(d) for sg in (1, -1)] + [[1] * d]
        f = sympy.lambdify([th], pot.phi, modules="mpmath")
        gr = sympy.lambdify([th], [sympy.diff(pot.phi, t) for t in th], modules="mpmath")

        def compute(prec, f=f, gr=gr, bar=bar, d=d, dirs=dirs, pot=pot):
            with mpmath.workdps(prec):
                barm = [kit.mp(x) for x in bar]

                def D(beta):
                    return f(barm) - f(beta) - mpmath.fsum(q * (x - y) for q, x, y in zip(gr(beta), barm, beta))
                half = mpmath.mpf(1) / 2
                paths = ([[half * mpmath.mpf(10) ** (-k)] + [half] * (d - 1) for k in (2, 4, 8)] if pot.positive
                         else [[x + s * c for x, c in zip(barm, u)] for u in dirs for s in (10, 100, 1000)])
                return [D(q) for q in paths]
        m = kit.measured(compute, ctx.dps)
        digits = min(digits, m.digits)
        vals = m.values
        for grp in (vals[i:i + 3] for i in range(0, len(vals), 3)):
            if not (grp[0] < grp[1] < grp[2] and grp[2] - grp[1] >= grp[1] - grp[0]):
                return Refuted(f"D_phi(betabar, .) does not grow along a ray for {pot.name}",
                               counterexample={"potential": pot.name, "values": [kit.nstr(x, 12) for x in grp]})
        rows.append(key)
    return Verified("D_phi(betabar, .) grows without bound along every tested ray (and toward the border of the "
                    "entropy's domain): sublevel sets bounded, closed in D", n_digits=max(1, digits),
                    points=tuple(rows), dps=ctx.dps, method="mpmath at dps and 2 dps (digits measured)",
                    scope=f"coercivity evidence for the {len(rows)} potentials of the catalogue; the general "
                          "argument (Fenchel duality) is in the docstring")


# --------------------------------------------------------------------------------------------------- (3)

EQ3 = Statement(a=sympy.Le(F(B) - F(BB), (INTF - T_ * F(BB)) / T_),
                b=sympy.Le((INTF - T_ * F(BB)) / T_, DPhi(BB, B0) / T_)).assuming(nonnegative=(INTF,)) \
    .monotone("a", "looser").monotone("b", "looser")  # int_0^t F >= 0 as F >= 0; both relations are concluded


def traj_points(ctx, extra_vectors=None, boundary=None):
    out = []
    for inst in (boundary or instances(ctx.fast)):
        r = run(inst, ctx.dps)
        star = list(projection(inst.pot, inst.design, ctx.dps).theta) if boundary is None else None
        for t in times(inst)[:-1] if boundary is None else times(inst):
            beta, ints, dig = r.at(t)
            vecs = {B: beta, B0: DESIGNS[inst.design].beta0, BB: star if star is not None else boundary[inst]}
            out.append((f"{POTENTIALS[inst.pot].name}/{inst.design}, t = {t}",
                        env(inst, vecs, {T_: t, INTF: ints[0]}, closure=boundary is not None), dig))
    return out


@claim("HY-Eq3", text=r"$F(\beta(t))-F(\bar\beta)\le\frac1t\int_0^t(F(\beta(s))-F(\bar\beta))ds\le\frac1t "
       r"D_\phi(\bar\beta,\beta(0))$ (3)", expect=Verified, kind=Kind.NUMERIC, statement=EQ3,
       hyp=H_THM22 + r"; \bar\beta = beta* (a minimizer)", cites=("HY-Eq2",))
def eq3(ctx):
    """Both inequalities along the trajectories (int_0^t F integrated with the flow), betabar = the projection."""
    return check_relations(ctx, ("a", "b"), traj_points(ctx), what="(3)",
                           scope="numeric along the mirror flows of the catalogue's instances, t in {1/2 .. T/2}")


# ------------------------------------------------------------------------------------------------- pf.2

PF2 = Statement(eq=sympy.Eq(GradPhi(B) - GradPhi(B0), -IG, evaluate=False))


@claim("HY-Thm2.2-pf.2", text=r"$\nabla F(\beta)\in\mathrm{Im}(X^\top)$, hence $\nabla\phi(\beta(t))-\nabla\phi"
       r"(\beta(0))=-\int_0^t\nabla F(\beta(s))ds\in\mathrm{Im}(X^\top)$", expect=Proved, statement=PF2, hyp=H_THM22)
@theorem_survivors
def thm22_pf2(ctx):
    """Per coordinate: d/dt (lhs - rhs) = 0 along the flow and lhs = rhs at t = 0 (IG(0) = 0).  Membership:
    grad F = X^T (X beta - y) is in Im X^T, a closed subspace, so is its integral.  Checked numerically too (GRADS
    instance, int grad F integrated with the flow)."""
    try:
        diff = coordinate(ctx.s.eq.lhs) - coordinate(ctx.s.eq.rhs)
    except NotRowwise as exc:
        return Refuted(f"not a combination of grad phi(beta), grad phi(beta0) and the integral ({exc})",
                       counterexample={"statement": str(ctx.s.eq)})
    v = kit.identities([("d/dt (lhs - rhs)", kit.ddt(diff, FLOW), 0), ("at t = 0", diff.subs({p: p0, ig: 0}), 0)],
                       argument=ARG_COORD + "; grad F(beta) = X^T(X beta - y) lies in Im X^T (closed)",
                       what="pf.2")
    if v.word != "proved":
        return v
    num = check_relations(ctx, ("eq",), _grads_points(ctx), what="pf.2 on a trajectory",
                          scope="numeric cross-check on one instance")
    return v if num.word != "refuted" else num


def _grads_points(ctx):
    r = run(GRADS, ctx.dps)
    out = []
    for t in times(GRADS)[2:]:
        beta, ints, dig = r.at(t)
        out.append((f"t = {t}", env(GRADS, {B: beta, B0: DESIGNS[GRADS.design].beta0, IG: ints[1:]}), dig))
    return out


# ------------------------------------------------------------------------------------------------- pf.4

PF4 = Statement(g=DPhi(BS, B))


@claim("HY-Thm2.2-pf.4", text=r"$g:t\mapsto D_\phi(\beta^*,\beta(t))$ is decreasing and $\beta^*$ is a limit point,"
       r" so $g\to0$ and $\beta(t)\to\beta^*$", expect=Verified, kind=Kind.NUMERIC, statement=PF4, hyp=H_THM22)
def thm22_pf4(ctx):
    """g at the sample times is nonincreasing and g(T) is below 1e-20 g(0) on every instance."""
    pts = []
    for inst in instances(ctx.fast):
        r = run(inst, ctx.dps)
        star = list(projection(inst.pot, inst.design, ctx.dps).theta)
        des = DESIGNS[inst.design]
        vals, digs = [], []
        for t in (0,) + times(inst):
            beta, _, dig = (list(des.beta0), None, ctx.dps) if t == 0 else r.at(t)
            with mpmath.workdps(ctx.dps):
                vals.append(value(ctx.s.g, env(inst, {B: beta, BS: star})))
            digs.append(dig)
        noise = mpmath.mpf(10) ** -(ctx.dps - 5)  # g is a difference of O(1) values: absolute round-off
        drops = all(a >= c - noise for a, c in zip(vals, vals[1:]))
        if not drops or not abs(vals[-1]) <= mpmath.mpf(10) ** -20 * abs(vals[0]) + noise:
            return Refuted("g is not decreasing to 0 along the flow", counterexample={
                "instance": inst.label, "g at t = 0, 1/2, 1, 2, T/8, T/4, T/2, T": [kit.nstr(x, 12) for x in vals]})
        pts.append(inst.label)
    return Verified("D_phi(beta*, beta(t)) decreases monotonically to < 1e-20 of its initial value",
                    n_digits=max(1, min(digs)), points=tuple(pts), dps=ctx.dps, method="Taylor jet, dps and 2 dps",
                    scope=f"numeric, {len(pts)} instances, 8 sample times each")


# ------------------------------------------------------------------------------------------------- pf.3

DStar = Function("DStar")  # D_{phi*}(a, b), phi* the Legendre conjugate of phi
PF3 = Statement(lhs=DPhi(BB, B), rhs=DStar(GradPhi(B), GradPhi(BB)))


def _hyp_coordinate(expr, alpha):
    """One coordinate of a duality statement for the alpha-hypentropy (alpha > 0 symbolic): phi* derived by
    inverting phi' (SymPy solve), never looked up."""
    from ._least_squares import hypentropy

    x, xb, eta = Symbol("x", real=True), Symbol("xb", real=True), Symbol("eta", real=True)
    phi = hypentropy(x, alpha)
    dphi = sympy.diff(phi, x)
    inv = sympy.solve(sympy.Eq(dphi, eta), x)
    if len(inv) != 1:
        raise NotRowwise("phi' not invertible in closed form")
    star = sympy.expand(eta * inv[0] - phi.subs(x, inv[0]))
    dstar = sympy.diff(star, eta)
    vec = {B: x, BB: xb}

    def ev(e):
        if e in vec:
            return vec[e]
        if e.is_Number:
            return e
        name = type(e).__name__
        args = [ev(a) for a in e.args]
        if name == "GradPhi":
            return dphi.subs(x, args[0])
        if name == "DPhi":
            a, c = args
            return phi.subs(x, a) - phi.subs(x, c) - dphi.subs(x, c) * (a - c)
        if name == "DStar":
            a, c = args
            return star.subs(eta, a) - star.subs(eta, c) - dstar.subs(eta, c) * (a - c)
        if isinstance(e, (sympy.Add, sympy.Mul, sympy.Pow)):
            return e.func(*args)
        raise NotRowwise(f"{e}")

    return ev(sympy.sympify(expr)), (x, xb)


@claim("HY-Thm2.2-pf.3", text=r"A limit point cannot lie on $\partial\mathcal D$: $\|\nabla\phi(\beta(t))\|\to\infty$"
       r", so $D_\phi(\bar\beta,\beta(t))=D_{\phi^*}(\nabla\phi(\beta(t)),\nabla\phi(\bar\beta))\to\infty$ by "
       r"coercivity, contradicting (2)", expect=Verified, kind=Kind.SYMBOLIC, statement=PF3, hyp=H_THM22,
       cites=("HY-Eq2",))
@theorem_survivors
def thm22_pf3(ctx):
    """The duality identity of the step, per coordinate, for the hypentropy with alpha > 0 symbolic (phi* derived);
    the rest of the step (essential smoothness, coercivity of phi* - <betabar, .>) is the Legendre property of
    HY-Lem3.3 and a textbook fact (BB97 Fact 2.11): not re-derived here."""
    alpha = Symbol("alpha", positive=True)
    try:
        (lhs, rhs), _ = zip(*[_hyp_coordinate(ctx.s[k], alpha) for k in ("lhs", "rhs")])
    except NotRowwise as exc:
        return Inconclusive(f"not a duality statement between the listed objects ({exc})", reason=Reason.UNDECIDED)
    v = kit.identity(lhs, rhs, argument="one coordinate of the separable hypentropy, alpha > 0 symbolic",
                     what="D_phi(betabar, beta) = D_phi*(grad phi(beta), grad phi(betabar))", dps=ctx.dps)
    if v.word == "proved":
        return Verified(v.detail, exact=True, points=("alpha > 0 symbolic, one coordinate",),
                        method="exact identity (SymPy, QQ)", scope="exact for the alpha-hypentropy, every alpha > 0 "
                        "and every d (separable); not for a general Legendre phi")
    return v


__all__ += ["EQ2", "EQ3", "PF2", "PF3", "PF4"]
