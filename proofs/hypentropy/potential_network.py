r"""§3.1 of 003 (spec §3.3, second part): Theorem 3.4 (the fixed-direction network is a mirror flow of
:math:`\frac12\Phi_r`), Lemma 3.5 (merged directions, the :math:`r_k` formula) and their proof steps.

The conserved quantity and the potential are *derived* by symflow (``families.fixed_direction_relu``,
``conservation.conservation_laws``, ``potentials.derive_potential``) and compared with the printed ones; the printed
mirror flow is checked exactly on one neuron with a generic gradient value (every m, n, data), and cross-checked
against the network's own gradient flow (ReLU as written, :func:`symflow.relu_network.network_flow`) at >= 40 digits.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational, sqrt

from symflow import families
from symflow.claims import IMPLIED, Kind, Statement, claim, kit
from symflow.conservation import conservation_laws
from symflow.integrate import solve
from symflow.potentials import derive_potential
from symflow.relu_network import design, network_flow
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

from ._hyp import ARG_NEURON, NEURON, W, a, b, beta, g, phi, r, reduce_roots
from .potential import affine_reason

__all__ = ["THM34", "flow_velocity"]

H_NET = ("(a, b) follows gradient flow of the network's square loss, a_j(0) > 0 and a_j(0)^2 >= b_j(0)^2 (so a_j(t) "
         "> 0, Lemma A.2); g = [grad F(beta)]_j generic")
S = sympy.Symbol("s", positive=True)      # |<theta_j, x>|
SX = sympy.Symbol("sx", real=True)        # <theta_j, x>, either sign
HALF = Rational(1, 2)

THM34 = Statement(potential=HALF * phi(r, beta), r=HALF * (a ** 2 - b ** 2),
                  concl2_lhs=b * sympy.Max(0, a * SX), concl2_rhs=a * b * sympy.Max(0, SX)
                  ).shift_free("potential", (beta,), 1)  # a mirror flow sees the potential through its Hessian only
THM34_FLOW = Statement(potential=THM34.potential, r=THM34.r).shift_free("potential", (beta,), 1)


def flow_velocity(potential) -> sympy.Expr:
    r"""The mirror flow of ``potential`` (in ``beta``, ``r``): :math:`\dot\beta = -(\nabla^2\psi)^{-1} g`."""
    return -g / sympy.diff(potential, beta, 2)


def _on_neuron(e, rr):
    """Write e through W = sqrt(beta^2 + r^2) (r > 0), then substitute beta = a b, r = rr and W = the square root
    of the factored radicand (exact: a perfect square is taken with its positive root, a > 0)."""
    e = reduce_roots(e, beta, r)
    w = sympy.sqrt(sympy.factor(sympy.expand((beta ** 2 + r ** 2).subs({beta: a * b, r: rr}))))
    e = e.subs(W, w).subs({beta: a * b, r: rr})
    return e.replace(lambda q: isinstance(q, sympy.Pow) and q.exp.is_Rational and q.exp.q == 2,
                     lambda q: sympy.factor(q.base) ** q.exp)


def _law_derived(rr) -> tuple[bool, str]:
    """symflow's derived conservation laws of one neuron, and whether the printed r is a multiple of one."""
    laws = conservation_laws(families.fixed_direction_relu(1)).laws
    exprs = [getattr(l, "expr", l) for l in laws]
    G = families.fixed_direction_relu(1)
    sub = dict(zip(G.params, (a, b)))
    ok = any(sympy.cancel(rr / e.subs(sub)).is_number for e in exprs)
    return ok, ", ".join(map(str, exprs))


def _concl2_cases(lhs0, rhs0) -> list:
    """Conclusion 2 on both sides of the ReLU kink: <theta_j, x> = s > 0 and = -s < 0 (a > 0)."""
    out = []
    for sg in (1, -1):
        lhs, rhs = (e.subs(SX, sg * S) for e in (lhs0, rhs0))
        out.append((f"<theta,x> {'>' if sg > 0 else '<'} 0", lhs, rhs))
    return out


@claim("HY-Thm3.4", text=r"$\beta_j=a_jb_j$ follows a mirror flow with potential $\frac12\Phi_r$, $r=\frac12(a_0^2-"
       r"b_0^2)$, objective $\frac12\|X\beta-y^*\|^2$; and $b_j(\langle a_j\theta_j,x\rangle)_+=\beta_j(\langle\theta_j,"
       r"x\rangle)_+$", expect=Proved, statement=THM34, hyp=H_NET,
       cites=("HY-Def3.2", "HY-Def-X34", "HY-LemA.2"))
def thm34(ctx):
    """(1) r is conserved: a multiple of a law symflow derives; (2) d/dt (a b) along the neuron's gradient flow equals
    the mirror-flow velocity -(psi'')^{-1} g of the printed potential psi at beta = a b with the printed r;
    (3) conclusion 2 on both sides of the kink."""
    s = ctx.s
    ok, laws = _law_derived(s.r)
    if not ok:
        return Refuted(f"the printed r = {s.r} is not conserved (symflow's laws: {laws})",
                       counterexample={"r": str(s.r), "d/dt r": str(kit.ddt(s.r, NEURON))})
    rr = s.r
    if not rr.subs(_HYP_POINT) > 0:
        return Refuted("the printed r is not in R_+^* under the hypothesis a_0^2 > b_0^2",
                       counterexample={"point": str(_HYP_POINT), "r": str(rr.subs(_HYP_POINT))})
    affine = _affine_or(ctx, None)
    if affine is not None:
        return affine
    entries = [("d/dt r", kit.ddt(rr, NEURON), 0),
               ("d/dt (a b) = mirror velocity", kit.ddt(a * b, NEURON), _on_neuron(flow_velocity(s.potential), rr)),
               *_concl2_cases(s.concl2_lhs, s.concl2_rhs)]
    v = kit.identities(entries, argument=ARG_NEURON, what="Thm 3.4 on one neuron")
    if isinstance(v, Inconclusive):
        return _at_point(entries, v)
    if not isinstance(v, Proved):
        return _affine_or(ctx, v)
    derived = _derived_hessians(s.potential, rr)
    if derived is not None:
        return derived
    return Proved(v.detail + f"; r is a multiple of the derived law(s) {laws}; the Hessian of the potential symflow "
                  "derives (potentials.derive_potential) equals the printed one at 3 initializations",
                  certificate={**v.certificate, "derived laws": laws, "derived potentials": "checked at " +
                               str(_INITS)})


_INITS = ((2, 1), (3, -1), (5, 2))


def _derived_list_uncached():
    G = families.fixed_direction_relu(1)
    out = []
    for a0, b0 in _INITS:
        P = derive_potential(G, {"a": a0, "b": b0})
        th = P.theta[0]
        out.append((a0, b0, th, sympy.diff(P.grad_exprs[0], th)))
    return tuple(out)


_derived_list = kit.cached(_derived_list_uncached)


def _derived_hessians(potential, rr):
    """Cross-check with the potential symflow derives for one neuron started at (a0, b0): its Hessian in theta must
    equal the printed potential's at r = rr(a0, b0) (a Refuted verdict if not, None if it agrees)."""
    for a0, b0, th, h_derived in _derived_list():
        h_printed = sympy.diff(potential, beta, 2).subs(r, rr.subs({a: a0, b: b0})).subs(beta, th)
        v = kit.identity(h_derived, h_printed, argument="one initialization (a cross-check, not the proof)",
                         what=f"derived vs printed Hessian at (a0, b0) = ({a0}, {b0})")
        if not v.holds:
            return Refuted(f"the potential symflow derives at (a0, b0) = ({a0}, {b0}) has another Hessian",
                           counterexample={"derived": str(h_derived), "printed": str(h_printed),
                                           "a0": a0, "b0": b0, **dict(getattr(v, "counterexample", {}) or {})})
    return None


_HYP_POINT = {a: 2, b: 1, g: 1, S: 1, beta: 1, r: 2}   # a_0 > 0, a_0^2 > b_0^2; a point (beta, r > 0)


def _at_point(entries, v):
    """Undecided exactly: evaluate every entry at a point satisfying the hypotheses (40 digits)."""
    with mpmath.workdps(40):
        for label, lhs, rhs in entries:
            val = sympy.N((lhs - rhs).subs(_HYP_POINT), 40)
            if val.is_number and abs(val) > sympy.Rational(1, 10 ** 30):
                return Refuted(f"{label} fails at a point of the hypothesis", counterexample={
                    "entry": label, "point": str(_HYP_POINT), "lhs - rhs": str(val)})
    return v


def _affine_or(ctx, v):
    """A mutant of the potential by an affine function of beta is the same mirror flow: say so (truthfully)."""
    if ctx.printed is not None and ctx.s.potential != ctx.printed.potential and all(
            ctx.s[n] == ctx.printed[n] for n in ctx.s.names if n != "potential"):
        reason = affine_reason(ctx.printed.potential, ctx.s.potential, beta)
        if reason:
            return Proved("affine change of the potential: " + reason, certificate={IMPLIED: reason})
    return v


# --------------------------------------------------------------------- the cross-check with the network itself

_NET = dict(thetas=((Rational(3, 5), Rational(4, 5)), (1, 0), (Rational(-5, 13), Rational(12, 13))),
            xs=((HALF, HALF), (HALF, Rational(-1, 4))), ys=(1, -1),
            a0=(1, HALF, 1), b0=(HALF, Rational(1, 3), -HALF), T=1)


def _network_beta(dps):
    sol = network_flow(_NET["thetas"], _NET["xs"], _NET["ys"], _NET["a0"], _NET["b0"], _NET["T"], dps=dps)
    m = len(_NET["a0"])
    with mpmath.workdps(dps):
        return [sol.y1[j] * sol.y1[m + j] for j in range(m)], sol.digits


_network = kit.cached(_network_beta)


def _mirror_beta(potential, rr, dps):
    """beta(T) of the printed mirror flow, integrated on its own (Taylor jet) from beta(0) = a0 b0."""
    X = design(_NET["thetas"], _NET["xs"])
    m = len(_NET["a0"])
    bs = sympy.symbols(f"beta1:{m + 1}", real=True)
    res = [sum(X[i][j] * bs[j] for j in range(m)) - _NET["ys"][i] for i in range(len(X))]
    grad = [sum(X[i][j] * res[i] for i in range(len(X))) for j in range(m)]
    rhs = []
    for j in range(m):
        rj = rr.subs({a: _NET["a0"][j], b: _NET["b0"][j]})
        rhs.append((flow_velocity(potential).subs({r: rj, beta: bs[j], g: grad[j]})))
    b0 = [Rational(_NET["a0"][j]) * _NET["b0"][j] for j in range(m)]
    sol = solve(rhs, list(bs), b0, _NET["T"], dps=dps)
    return list(sol.y1), sol.digits


@claim("HY-Thm3.4/crosscheck", text=r"Thm 3.4 on an instance: $a(T)\odot b(T)$ of the network's own gradient flow equals "
       r"the mirror flow of $\frac12\Phi_r$ at T", expect=Verified, kind=Kind.NUMERIC, statement=THM34_FLOW, hyp=H_NET)
def thm34_crosscheck(ctx):
    """m = 3 directions on the unit circle, n = 2 samples, T = 1: the network (ReLU as written, its activation pattern
    re-checked along the run) against the printed mirror flow integrated on its own; >= 40 digits at dps 50."""
    s = ctx.s
    if ctx.printed is not None and _affine_or(ctx, None) is not None:
        return _affine_or(ctx, None)
    nb, nd = _network(ctx.dps)
    try:
        mb, md = _mirror_beta(s.potential, s.r, ctx.dps)
    except Exception as e:  # noqa: BLE001 - a mutated potential may give a singular or unsupported field
        return Refuted(f"the printed mirror flow cannot be integrated: {type(e).__name__}: {str(e)[:120]}",
                       counterexample={"setup": str(_NET)})
    digits = min(nd or 0, md or 0)
    return kit.compare(mb, nb, digits=digits, what="beta(T): mirror flow vs a(T) b(T) of the network",
                       point={k: str(v) for k, v in _NET.items()}, need=min(40, max(1, digits - 5)), dps=ctx.dps,
                       method="Taylor jet (mirror flow) vs Taylor jet on the ReLU network, precision doubling")


# ------------------------------------------------------------------------------------ remarks and proof steps

@claim("HY-S3.1-Conserved", text=r"gradient flow preserves $a_j^2-b_j^2$ for all j: each pair stays on a hyperbola and "
       r"is reparameterized by $\beta_j$", expect=Proved, statement=Statement(law=a ** 2 - b ** 2).scale_free("law"),
       hyp=H_NET)
def s31_conserved(ctx):
    """d/dt (a^2 - b^2) = 0 along the neuron's flow (generic g); symflow derives the same law for every neuron."""
    ok, laws = _law_derived(ctx.s.law)
    v = kit.identity(kit.ddt(ctx.s.law, NEURON), 0, argument=ARG_NEURON, what="d/dt (a^2 - b^2)")
    if isinstance(v, Proved) and not ok:
        return Inconclusive(f"conserved but not among symflow's derived laws {laws}", reason=Reason.UNDECIDED)
    return v


@claim("HY-Fn5", text="unless the difference of squares is null, in which case the pair is constrained to an open "
       "half-line", expect=Proved, hyp=H_NET)
def fn5(ctx):
    """a^2 = b^2 is the pair of lines b = ±a; the origin is an equilibrium of the neuron's flow (velocity 0 for every
    g), so by uniqueness a trajectory starting off the origin never reaches it: it stays in one open half-line
    (also b/a is constant there: d/dt (b - a) = -(b - a) g ... proportional to b - a)."""
    b_real = sympy.Symbol("b", real=True)
    a_real = sympy.Symbol("a", real=True)
    flow = {a_real: -b_real * g, b_real: -a_real * g}
    return kit.identities([("velocity at the origin (a)", flow[a_real].subs(b_real, 0), 0),
                           ("velocity at the origin (b)", flow[b_real].subs(a_real, 0), 0),
                           ("d/dt (b - a) on b = a", kit.ddt(b_real - a_real, flow).subs(b_real, a_real), 0),
                           ("d/dt (b + a) on b = -a", kit.ddt(b_real + a_real, flow).subs(b_real, -a_real), 0)],
                          argument=ARG_NEURON + "; the half-lines b = ±a are invariant and the origin is an "
                          "equilibrium", what="footnote 5")


PF1 = Statement(concl2_lhs=THM34.concl2_lhs, concl2_rhs=THM34.concl2_rhs, r=THM34.r)


@claim("HY-Thm3.4-pf.1", text=r"$r$ is constant and $a_j(t)\ge0$ (Lemma A.2); hence "
       r"$b_j(\langle a_j\theta_j,x\rangle)_+=b_ja_j(\langle\theta_j,x\rangle)_+=\beta_j(\langle\theta_j,x\rangle)_+$",
       expect=Proved, statement=PF1, hyp=H_NET, cites=("HY-LemA.2",))
def thm34_pf1(ctx):
    s = ctx.s
    if not s.r.subs(_HYP_POINT) > 0:
        return Refuted("the printed r is not in R_+^* under the hypothesis a_0^2 > b_0^2",
                       counterexample={"point": str(_HYP_POINT), "r": str(s.r.subs(_HYP_POINT))})
    return kit.identities([("d/dt r", kit.ddt(s.r, NEURON), 0), *_concl2_cases(s.concl2_lhs, s.concl2_rhs)],
                          argument=ARG_NEURON + "; positive homogeneity of the ReLU on both sides of the kink",
                          what="conclusion 2")


PF2 = Statement(potential=THM34.potential, inv_hess=2 * sqrt(beta ** 2 + r ** 2)).shift_free("potential", (beta,), 1)


@claim("HY-Thm3.4-pf.2", text=r"target: $\frac{d}{dt}\beta=-(\frac12\nabla^2\Phi_r(\beta))^{-1}\nabla F(\beta)$ (with "
       r"$[\frac12\nabla^2\Phi_r]^{-1}_{jj}=2\sqrt{\beta_j^2+r_j^2}$)", expect=Proved, statement=PF2, hyp=H_NET)
def thm34_pf2(ctx):
    """The inverse Hessian of the printed potential, derived from it, equals 2 sqrt(beta^2 + r^2) (W-reduced)."""
    s = ctx.s
    affine = _affine_or(ctx, None)
    if affine is not None:
        return affine
    entries = [("inverse Hessian", reduce_roots(1 / sympy.diff(s.potential, beta, 2), beta, r),
                reduce_roots(s.inv_hess, beta, r))]
    v = kit.identities(entries, argument="one coordinate, symbolic r > 0 (separable potential: every m)",
                       defs={W: beta ** 2 + r ** 2}, what="inverse Hessian of 1/2 Phi_r")
    if isinstance(v, Inconclusive):
        return _at_point([(lb, l.subs(W, sqrt(beta ** 2 + r ** 2)), q.subs(W, sqrt(beta ** 2 + r ** 2)))
                          for lb, l, q in entries], v)
    return v


PF3 = Statement(velocity=-(a ** 2 + b ** 2) * g)


@claim("HY-Thm3.4-pf.3", text=r"$\frac{d\beta_j}{dt}=\dot a_jb_j+a_j\dot b_j=-(a_j^2+b_j^2)[\nabla F(\beta)]_j$",
       expect=Proved, statement=PF3, hyp=H_NET)
def thm34_pf3(ctx):
    """Chain rule through y_i: with L∘N, ∂/∂a_j = b_j Σ_i s_ij ℓ_i and ∂/∂b_j = a_j Σ_i s_ij ℓ_i (a_j > 0); linear
    in the ℓ_i = ∂L/∂y_i, so one generic term g covers every n."""
    return kit.identity(kit.ddt(a * b, NEURON), ctx.s.velocity, argument=ARG_NEURON, what="d/dt (a b)")


U, V = sympy.Symbol("u", nonnegative=True), sympy.Symbol("v", nonnegative=True)
PF4 = Statement(lhs=U + V, rhs=sqrt(4 * U * V + (U - V) ** 2))


@claim("HY-Thm3.4-pf.4", text=r"$(u+v)=\sqrt{4uv+(u-v)^2}$ for all $(u,v)\in\mathbb R_+^2$; $\nabla^2\Phi_r$ is "
       "diagonal by separability", expect=Proved, statement=PF4, hyp="u, v >= 0")
def thm34_pf4(ctx):
    s = ctx.s
    w = sympy.Symbol("w_root", nonnegative=True)
    rad = s.rhs.args[0] if isinstance(s.rhs, sympy.Pow) and s.rhs.exp == HALF else None
    if rad is None:
        return _at_uv(s)
    ok = sympy.expand(rad - s.lhs ** 2) == 0 and s.lhs.is_nonnegative
    if not ok:
        return _at_uv(s)
    b2 = sympy.symbols("beta1 beta2", real=True)
    hess_off = sympy.diff(sum(phi(r, q) for q in b2), b2[0], b2[1])
    if hess_off != 0:
        return Refuted("off-diagonal Hessian entry", counterexample={"d2/dbeta1dbeta2": str(hess_off)})
    return Proved("the radicand is (u + v)^2 exactly and u + v >= 0; mixed partials of the separable sum are 0",
                  certificate={"radicand - (u+v)^2": "0", "w": str(w)})


def _at_uv(s):
    for pt in ({U: 1, V: 2}, {U: 3, V: 0}, {U: 0, V: 0}, {U: 2, V: 2}):
        lhs, rhs = s.lhs.subs(pt), s.rhs.subs(pt)
        if sympy.N(lhs - rhs, 30) != 0:
            return Refuted("the identity fails", counterexample={"point": str(pt), "lhs": str(lhs), "rhs": str(rhs)})
    return Inconclusive("not decided exactly and no listed point separates the sides", reason=Reason.UNDECIDED)


PF5 = Statement(step1=-sqrt(4 * beta ** 2 + (a ** 2 - b ** 2) ** 2) * g, step2=-2 * sqrt(beta ** 2 + r ** 2) * g,
                potential=THM34.potential)


@claim("HY-Thm3.4-pf.5", text=r"$\frac{d\beta_j}{dt}=-\sqrt{4\beta_j^2+(a_j^2-b_j^2)^2}[\nabla F]_j=-2\sqrt{\beta_j^2+"
       r"r_j^2}[\nabla F]_j=-[\frac12\nabla^2\Phi_r]^{-1}_{jj}[\nabla F]_j$", expect=Proved, statement=PF5, hyp=H_NET)
def thm34_pf5(ctx):
    """Each equality on one neuron: the velocity -(a^2+b^2) g (chain rule), step 1 at beta = a b, step 2 at r = (a^2 -
    b^2)/2, and the mirror velocity of the printed potential."""
    s = ctx.s
    vel = kit.ddt(a * b, NEURON)
    rr = THM34.r
    entries = [("velocity = step 1", vel, _on_neuron(s.step1, rr)),
               ("step 1 = step 2", _on_neuron(s.step1, rr), _on_neuron(s.step2, rr)),
               ("step 2 = mirror velocity", _on_neuron(s.step2, rr), _on_neuron(flow_velocity(s.potential), rr))]
    affine = _affine_or(ctx, None)
    if affine is not None:
        return affine
    v = kit.identities(entries, argument=ARG_NEURON, what="Thm 3.4 proof, display")
    return _at_point(entries, v) if isinstance(v, Inconclusive) else v


PSI = sympy.Function("psi")


@claim("HY-Thm3.4-pf.6", text=r"the target equation is equivalent to $\frac{d}{dt}\nabla(\frac12\Phi_r)(\beta)=-\nabla "
       r"F(\beta)$", expect=Proved, hyp=H_NET)
def thm34_pf6(ctx):
    """For any twice differentiable psi with psi'' != 0: along beta' = -(psi'')^{-1} g, d/dt psi'(beta) = -g (chain
    rule), and conversely; checked with psi an undetermined function (every potential, so 1/2 Phi_r)."""
    d2 = sympy.diff(PSI(beta), beta, 2)
    lhs = d2 * (-g / d2)
    return kit.identity(lhs, -g, argument="psi an undetermined function of beta, g generic: every potential and "
                        "coordinate", what="chain rule")
