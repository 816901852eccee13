r"""§2 and §2.1 of 000: the dynamics of the layers (5) and Proposition 1 (spec §3.2-§3.3).

Every statement is the printed formula as data (:class:`~symflow.claims.Statement`); every check derives what it
tests from it on the generic layers of :mod:`._model` (so ``proved`` covers every depth L, width d and loss).

Notation: ``u`` = :math:`u^j_i`, ``w`` = :math:`u^k_i` (in Prop. 1.2: :math:`u^l_i`, l the minimal layer), ``u0``,
``w0`` their values at t = 0, ``P``/``R`` the products of the other layers, ``g`` = :math:`\partial_i\mathcal{L}`,
``theta`` = :math:`\theta_i`.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Eq, Rational, StrictLessThan

from symflow.claims import IMPLIED, Statement, claim, kit
from symflow.integrate import solve
from symflow.precision import precision
from symflow.verdict import Inconclusive, Proved, Reason, Refuted

from ._model import ARG_ONE, ARG_TWO, ONE_LAYER, TH, TWO_LAYERS, P, g, one_layer_theta, two_layer_theta, u, u0, w, w0

__all__ = ["H_FLOW"]

H_FLOW = "(u^j) follows (5), θ = ⊙_j u^j; ∇L generic (any differentiable loss)"
UDOT = sympy.Symbol("udot", real=True)  # du^j/dt as the printed (5) names it

# ------------------------------------------------------------------------------------------------------- (5)

EQ5 = Statement(lhs=UDOT + P * g, rhs=0).scale_free("lhs")


@claim("DD-Eq5", text=r"$\frac{du^j(t)}{dt}+\big(\bigodot_{k\neq j}u^k(t)\big)\odot\nabla\mathcal{L}(\theta(t))=0$ (5)",
       expect=Proved, statement=EQ5, hyp=H_FLOW, cites=("DD-Eq4", "DD-Def-GradJ"))
def eq5(ctx):
    """(5) from (4): substitute du^j/dt = -(∂θ_i/∂u^j_i) g (the Jacobian of θ = u·P) into the printed left side."""
    lhs = ctx.s.lhs.subs(UDOT, ONE_LAYER[u])
    return kit.identity(lhs, ctx.s.rhs, argument=ARG_ONE, what="(5) from the Jacobian of (4)")


# ------------------------------------------------------------------------------------------- (6), (7), Prop 1.1

EQ6 = Statement(lhs=u ** 2, rhs=-TH * g)
EQ6_CORRECTED = Statement(lhs=u ** 2, rhs=-2 * TH * g)


def _check_eq6(s) -> object:
    return kit.identity(kit.ddt(s.lhs, ONE_LAYER), s.rhs.subs(TH, one_layer_theta()), argument=ARG_ONE,
                        what="d/dt (u^j ⊙ u^j) along (5)")


@claim("DD-Eq6", text=r"$\frac{d}{dt}(u^j\odot u^j)(t)=\frac{d}{dt}(u^k\odot u^k)(t)=-\theta(t)\odot\nabla L(\theta(t))$ "
       "(6)", expect=Refuted, statement=EQ6, hyp=H_FLOW)
@claim("DD-Eq6/corrected", text=r"$\frac{d}{dt}(u^j\odot u^j)(t)=-2\,\theta(t)\odot\nabla\mathcal{L}(\theta(t))$",
       expect=Proved, statement=EQ6_CORRECTED, hyp=H_FLOW)
def eq6(ctx):
    """d/dt (u^j)^2 = 2 u^j u^j' = -2 θ g: the printed (6) misses the factor 2 (docs/errata.md)."""
    return _check_eq6(ctx.s)


EQ7 = Statement(lhs=u ** 2 - u0 ** 2, rhs=w ** 2 - w0 ** 2)


def _check_eq7(s):
    """(7) as printed: lhs(t) = rhs(t) for all t  <=>  d/dt (lhs - rhs) = 0 along (5) and lhs = rhs at t = 0."""
    diff = s.lhs - s.rhs
    return kit.identities([("d/dt (lhs - rhs)", kit.ddt(diff, TWO_LAYERS), 0),
                           ("lhs - rhs at t = 0", diff.subs({u: u0, w: w0}), 0)],
                          argument=ARG_TWO, what="(7) along (5)")


@claim("DD-Eq7", text=r"$u^j(t)^{\odot2}-u^j(0)^{\odot2}=u^k(t)^{\odot2}-u^k(0)^{\odot2}$ (7)", expect=Proved,
       statement=EQ7, hyp=H_FLOW)
def eq7(ctx):
    return _check_eq7(ctx.s)


PROP11 = Statement(lhs6=EQ6.lhs, rhs6=EQ6.rhs, lhs7=EQ7.lhs, rhs7=EQ7.rhs)
PROP11_CORRECTED = PROP11.replace(rhs6=EQ6_CORRECTED.rhs)


@claim("DD-Prop1.1", text=r"$\frac{d}{dt}(u^j\odot u^j)=\frac{d}{dt}(u^k\odot u^k)=-\theta\odot\nabla L(\theta)$ (6); "
       r"in particular $u^j(t)^{\odot2}-u^j(0)^{\odot2}=u^k(t)^{\odot2}-u^k(0)^{\odot2}$ (7)", expect=Refuted,
       statement=PROP11, hyp=H_FLOW)
@claim("DD-Prop1.1/corrected", text=r"$\frac{d}{dt}(u^j\odot u^j)=-2\,\theta\odot\nabla\mathcal{L}(\theta)$ for "
       r"every $j$, hence (7)", expect=Proved, statement=PROP11_CORRECTED, hyp=H_FLOW)
def prop11(ctx):
    """Claim 1 is the conjunction of (6) and (7): it fails where either fails."""
    s = ctx.s
    v6 = _check_eq6(Statement(lhs=s.lhs6, rhs=s.rhs6))
    v7 = _check_eq7(Statement(lhs=s.lhs7, rhs=s.rhs7))
    for part, v in (("(6)", v6), ("(7)", v7)):
        if isinstance(v, Refuted):
            return Refuted(f"claim 1 fails in {part}: {v.detail}", counterexample=v.counterexample,
                           measured_digits=v.measured_digits)
        if not isinstance(v, Proved):
            return Inconclusive(f"claim 1 undecided in {part}: {v.detail}", reason=Reason.UNDECIDED)
    return Proved("(6) and (7) hold: " + v6.detail + "; " + v7.detail,
                  certificate={"eq6": dict(v6.certificate), "eq7": dict(v7.certificate)})


PROP11_PF = Statement(multiplier=u, product=-TH * g)


@claim("DD-Prop1.1-pf", text="Proof: multiply (5) by $u^j(t)$, then integrate.", expect=Proved, statement=PROP11_PF,
       hyp=H_FLOW)
def prop11_pf(ctx):
    """Multiplying (5) by u^j gives u^j ⊙ du^j/dt = -θ ⊙ ∇L (the same right side for every j); since
    u^j du^j/dt = ½ d/dt (u^j)², integrating the difference of two layers gives (7).  The step is valid; it yields
    d/dt (u^j)^2 = -2θ⊙∇L, i.e. (6) with the factor 2 (DD-Eq6/corrected)."""
    s = ctx.s
    theta = two_layer_theta()
    return kit.identities([("u^j * (5)", s.multiplier * TWO_LAYERS[u], s.product.subs(TH, theta)),
                           ("u^k * (5)", s.multiplier.subs(u, w) * TWO_LAYERS[w], s.product.subs(TH, theta))],
                          argument=ARG_TWO, what="multiplying (5) by the layer gives the same right side for j, k")


# -------------------------------------------------------------------------------------------------- Prop 1.2

# the hypothesis w0^2 < u0^2 is assumed: a tighter one is a weaker claim
PROP12 = Statement(law=Eq(u ** 2 - u0 ** 2, w ** 2 - w0 ** 2), hyp=StrictLessThan(w0 ** 2, u0 ** 2)).monotone(
    "hyp", "tighter")
PROP12_PF = Statement(step1=Eq(w ** 2, w0 ** 2 + u ** 2 - u0 ** 2), step2=w0 ** 2 - u0 ** 2,
                      hyp=StrictLessThan(w0 ** 2, u0 ** 2)).monotone("hyp", "tighter")
_GRID = tuple(sg * Rational(k, 10) for k in (1, 3, 5, 6, 7, 9, 10, 12, 15, 20, 25, 30) for sg in (1, -1))


def _pairs():
    """Exact initial pairs (u0, w0) for the searches: every pair of the grid."""
    return ((a, b) for a in _GRID for b in _GRID)


def _law_holds(law) -> object:
    diff = law.lhs - law.rhs
    return kit.identities([("d/dt (law)", kit.ddt(diff, TWO_LAYERS), 0), ("law at t = 0", diff.subs({u: u0, w: w0}),
                                                                          0)],
                          argument=ARG_TWO, what="the relation of claim 1 along (5)")


def _negative_under(value, hyp) -> bool:
    """Exact: ``value`` = -c·(rhs - lhs of the strict hypothesis lhs < rhs) with c > 0 a constant."""
    if not isinstance(hyp, (sympy.StrictLessThan, sympy.StrictGreaterThan)):
        return False
    gap = hyp.rhs - hyp.lhs if isinstance(hyp, sympy.StrictLessThan) else hyp.lhs - hyp.rhs
    ratio = sympy.cancel(value / gap)
    return bool(ratio.is_number and ratio < 0)


def _vacuous(hyp) -> bool:
    """Exact: the strict hypothesis lhs < rhs can never hold (rhs - lhs <= 0 for all reals)."""
    gap = hyp.rhs - hyp.lhs if isinstance(hyp, sympy.StrictLessThan) else hyp.lhs - hyp.rhs
    return bool(gap.is_nonpositive)


def _crossing_counterexample(hyp, dps: int, what: str):
    """A flow of two layers on (θ - y)^2 whose layer u crosses 0 although (u0, w0) satisfies ``hyp``: any
    |u0| < |w0| with the target y = -u0 w0 on the other side of 0 forces θ, hence u, through 0."""
    if _vacuous(hyp):
        return Proved(f"{what}: vacuous, the hypothesis {hyp} never holds for real layers",
                      certificate={IMPLIED: "vacuous: the hypothesis can never hold (a true statement)"})
    theta = u * w
    for a, b in _pairs():
        if not (abs(a) < abs(b) and hyp.subs({u0: a, w0: b}) is sympy.true):
            continue
        grad = 2 * (theta + a * b)
        sol = solve([-w * grad, -u * grad], [u, w], [a, b], 4, dps=dps)
        with precision(dps):
            if sol.y1[0] * a < 0:
                return Refuted(f"{what}: u crosses 0 although its initialization satisfies the hypothesis",
                               measured_digits=sol.digits,
                               counterexample={"L": 2, "loss": f"(θ + {a * b})^2", "u(0)": str(a), "w(0)": str(b),
                                               "T": "4", "u(T)": mpmath.nstr(sol.y1[0], 20), "hypothesis": str(hyp)})
    return Inconclusive(f"{what}: the argument does not go through and no listed flow crosses 0",
                        reason=Reason.UNDECIDED)


@claim("DD-Prop1.2", text=r"If $j\notin\arg\min_k|u^k_i(0)|$ then $u^j_i(t)\neq0$ for every $t>0$.", expect=Proved,
       statement=PROP12, hyp=H_FLOW + "; l ∈ argmin_k |u^k_i(0)|, so |u^l_i(0)| < |u^j_i(0)| (hyp)",
       cites=("DD-Prop1.1",))
def prop12(ctx):
    """By claim 1, w(t)^2 = w0^2 - u0^2 + u(t)^2; at a zero of u this is w0^2 - u0^2 < 0 under the hypothesis,
    impossible for a real w.  Derived from the statement: the law is checked along (5), solved for w^2 at u = 0,
    and the sign of the result decided exactly from the hypothesis."""
    s = ctx.s
    law = _law_holds(s.law)
    if not isinstance(law, Proved):
        return law
    W2 = sympy.Symbol("W2", real=True)
    eq = s.law.xreplace({w ** 2: W2}).subs(u, 0)
    sols = sympy.solve(eq, W2) if not eq.has(w) else []
    if len(sols) == 1 and _negative_under(sols[0], s.hyp):
        return Proved(f"at a zero of u^j_i, (u^l_i)^2 = {sols[0]} < 0 under {s.hyp}: impossible, so u^j_i(t) != 0. "
                      + law.detail, certificate={"law": dict(law.certificate), "w^2 at u = 0": str(sols[0])})
    return _crossing_counterexample(s.hyp, ctx.dps, "Prop. 1.2")


@claim("DD-Prop1.2-pf", text=r"Suppose $u^j_i(T)=0$; with $l\in\arg\min$, $u^l_i(T)^2=u^l_i(0)^2+u^j_i(T)^2-u^j_i(0)^2"
       r"=u^l_i(0)^2-u^j_i(0)^2<0$: impossible.", expect=Proved, statement=PROP12_PF, hyp=H_FLOW,
       cites=("DD-Prop1.1",))
def prop12_pf(ctx):
    """Each step of the printed display: step 1 is a relation that holds along (5) (from claim 1); step 2 is step 1
    at u^j_i(T) = 0; the sign '< 0' follows from the hypothesis |u^l_i(0)| < |u^j_i(0)|."""
    s = ctx.s
    v1 = _law_holds(s.step1)
    if not isinstance(v1, Proved):
        return v1
    v2 = kit.identity(s.step1.rhs.subs(u, 0), s.step2, argument="step 2 is step 1 at u^j_i(T) = 0 (no other symbol "
                      "is specialised)", what="step 2")
    if not isinstance(v2, Proved):
        return v2
    if _vacuous(s.hyp):
        return Proved(f"vacuous: the hypothesis {s.hyp} never holds for real layers",
                      certificate={IMPLIED: "vacuous: the hypothesis can never hold (a true statement)"})
    if _negative_under(s.step2, s.hyp):
        return Proved("steps 1 and 2 hold exactly and the last quantity is -(u^j_i(0)^2 - u^l_i(0)^2) < 0",
                      certificate={"step1": dict(v1.certificate), "step2": dict(v2.certificate)})
    for a, b in _pairs():
        pt = {u0: a, w0: b}
        if s.hyp.subs(pt) is sympy.true and s.step2.subs(pt) >= 0:
            return Refuted("the last step '< 0' fails under the hypothesis", counterexample={
                "u^j_i(0)": str(a), "u^l_i(0)": str(b), "hypothesis": str(s.hyp), "value": str(s.step2.subs(pt))})
    return Inconclusive("the sign of the last quantity is not decided by the hypothesis", reason=Reason.UNDECIDED)
