r"""§2.3 of 000, the preliminaries of Theorem 2: (11)-(14) and the remarks between them (spec §3.7).

Notation (:mod:`._model`): ``u``/``P`` a generic layer and the product of the others of its coordinate, ``g`` the
gradient value; ``MS`` = :math:`M_{ii}`, ``THDOT`` = :math:`\dot\theta_i`; on a leaf of (7) (:mod:`._leaf`) ``u``,
``u0`` a non-minimal layer, ``w``, ``w0`` the minimal one; ``P1``, ``P2`` the products
:math:`\prod_{k\ne k_i}(u^k_i(0)^2 - u^{k_i}_i(0)^2)` of two coordinates and ``LAM`` = :math:`\lambda_{\min}(M(t))`.
"""

from __future__ import annotations

import sympy
from sympy import GreaterThan, Min, Symbol

from symflow.claims import IMPLIED, Statement, claim, kit
from symflow.verdict import Proved

from ._leaf import LEAF_POINTS, leaf_relation, nonneg_poly, positive_under_A, slack
from ._model import ARG_ONE, ONE_LAYER, P, g, one_layer_theta, u, u0, w0
from .layers import H_FLOW, PROP12, prop12

__all__ = ["EQ13", "EQ14", "THDOT", "MS", "LAM", "P1", "P2", "check_factor", "check_min_bound"]

H_A = H_FLOW + "; the initialization satisfies (A)"
THDOT, MS = Symbol("thetadot", real=True), Symbol("M_ii", positive=True)
LAM, P1, P2 = Symbol("lambda_min", real=True), Symbol("P1", positive=True), Symbol("P2", positive=True)
_E, _F = Symbol("e", nonnegative=True), Symbol("f", nonnegative=True)

# ---------------------------------------------------------------------------------------------- (11), (12)

EQ11 = Statement(lhs=THDOT + P ** 2 * g, rhs=0).scale_free("lhs")
ARG_CHAIN = ("chain rule: θ_i' = Σ_j (∂θ_i/∂u^j_i) u^j_i', and the j-th summand is the generic-layer term; " + ARG_ONE)


@claim("DD-Eq11", text=r"$\dot\theta+\sum_j(\bigodot_{k\ne j}u^k(t)^{\odot2})\odot\nabla\mathcal{L}(\theta(t))=0$ (11)",
       expect=Proved, statement=EQ11, hyp=H_FLOW + " ((A) is not needed)")
@claim("DD-Eq12", text=r"$\dot\theta(t)+M(t)\nabla\mathcal{L}(\theta(t))=0$ (12), $M=\mathrm{diag}(\sum_j\prod_{k\ne j}"
       r"(u^k_i)^2)$", expect=Proved, statement=EQ11, hyp=H_FLOW, cites=("DD-Def-Mt",))
def eq11(ctx):
    """Summand j of (11) is (∏_{k≠j}u^k)^2 g = P^2 g; it must equal minus layer j's share of θ', derived from (5)
    as d/dt (u·P) with only u moving.  M of (12) is diagonal with M_ii = Σ_j P_j^2, the same statement."""
    share = kit.ddt(one_layer_theta(), ONE_LAYER)
    return kit.identity(ctx.s.lhs.subs(THDOT, share), ctx.s.rhs, argument=ARG_CHAIN,
                        what="layer j's share of θ' plus the printed summand")


MINV_ODE = Statement(lhs=THDOT / MS + g, rhs=0).scale_free("lhs")


@claim("DD-S2.3-MinvODE", text=r"$M^{-1}(t)\dot\theta(t)+\nabla\mathcal{L}(t)=0$", expect=Proved, statement=MINV_ODE,
       hyp=H_A, cites=("DD-Eq12", "DD-S2.3-Minv"))
def minv_ode(ctx):
    """Per coordinate θ_i' = -M_ii g by (12) (M diagonal, M_ii > 0 by (13)); substitute into the printed left side."""
    thdot = sympy.solve(EQ11.lhs.subs(P ** 2, MS), THDOT)[0]
    return kit.identity(ctx.s.lhs.subs(THDOT, thdot), ctx.s.rhs, argument="M diagonal (DD-Def-Mt) with M_ii > 0 "
                        "(DD-Eq13); (12) per coordinate, every L, d and loss", what="M^{-1} θ' + ∇L")


MINV = Statement(inverse=1 / MS)


@claim("DD-S2.3-Minv", text=r"$M(t)$ is invertible, $M^{-1}(t)=\operatorname{diag}((\sum_j\prod_{k\ne j}"
       r"u^k_i(t)^2)^{-1})$", expect=Proved, statement=MINV, hyp=H_A, cites=("DD-Eq13",))
def minv(ctx):
    """M is diagonal with M_ii > 0 (13), so it is invertible and its inverse is diagonal with entries 1/M_ii:
    checked as M_ii · (printed entry) = 1, with the positivity of (13) decided from its statement."""
    pos = check_factor(EQ13.factor)
    if not isinstance(pos, Proved):
        return pos
    return kit.identity(MS * ctx.s.inverse, 1, argument="M diagonal (DD-Def-Mt), M_ii > 0 by (13): every L, d",
                        what="M_ii times the printed diagonal entry of M^{-1}")


# -------------------------------------------------------------------- Prop 1.2 consequences, lower bound, (13)

@claim("DD-S2.3-Nonzero", text=r"Under (A): if $j\notin\arg\min_k|u^k_i(0)|$ then $|u^j_i(t)|>0$ for all $t\ge0$",
       expect=Proved, hyp=H_A, cites=("DD-Prop1.2",))
def nonzero(ctx):
    """Proposition 1 claim 2 restated: decided by DD-Prop1.2's check on its statement (whose mutants it carries)."""
    return prop12(ctx.with_statement(PROP12))


# domain (A): |w0| < |u0|, i.e. u0 = ±sqrt(w0^2 + c) with c > 0; the bound is concluded
_C = Symbol("c", positive=True)
LOWER = Statement(bound=GreaterThan(u ** 2, u0 ** 2 - w0 ** 2)).monotone("bound", "looser").assuming(
    positive=(_C,), cases=({u0: sympy.sqrt(w0 ** 2 + _C)}, {u0: -sympy.sqrt(w0 ** 2 + _C)}))


@claim("DD-S2.3-LowerBound", text=r"$u^j_i(t)^2\ge u^j_i(0)^2-u^l_i(0)^2$, $l=\arg\min_k|u^k_i(0)|$", expect=Proved,
       statement=LOWER, hyp=H_A, cites=("DD-Prop1.1",))
def lower_bound(ctx):
    """By (7), u^j(t)^2 - (u^j(0)^2 - u^l(0)^2) = u^l(t)^2 >= 0 (decided on the leaf from the statement)."""
    return leaf_relation(ctx.s.bound, what="u^j_i(t)^2 >= bound")


EQ13 = Statement(factor=u0 ** 2 - w0 ** 2)


def check_factor(factor):
    """Each factor u^k_i(t)^2 >= factor(u^k_i(0), u^l_i(0)) along (7), and factor > 0 under (A)."""
    v = leaf_relation(GreaterThan(u ** 2, factor), what="u^k_i(t)^2 >= factor")
    if not isinstance(v, Proved):
        return v
    pos = positive_under_A(factor, what="the factor u^k_i(0)^2 - u^l_i(0)^2")
    if not isinstance(pos, Proved):
        return pos
    return Proved(f"{v.detail}; {pos.detail}", certificate={"bound": dict(v.certificate), "positive": dict(
        pos.certificate), **({IMPLIED: v.certificate[IMPLIED]} if IMPLIED in v.certificate else {})})


@claim("DD-Eq13", text=r"$\sum_j\prod_{k\ne j}u^k_i(t)^2=\sum_{j\ne l}\prod_{k\ne j}u^k_i(t)^2+\prod_{k\ne l}"
       r"u^k_i(t)^2\ge0+\prod_{k\ne l}(u^k_i(0)^2-u^l_i(0)^2)>0$ (13)", expect=Proved, statement=EQ13, hyp=H_A,
       cites=("DD-Eq7", "DD-S2.3-LowerBound"))
def eq13(ctx):
    """The sum splits (the terms j != l are products of squares, >= 0); the term j = l is ∏_{k≠l} u^k_i(t)^2, and
    each factor is >= the printed factor > 0 (decided on the leaf), so the product of the non-negative factors is
    >= the product of the printed ones: every L (a product of L-1 such factors) and every d."""
    v = check_factor(ctx.s.factor)
    if isinstance(v, Proved):
        return Proved("(13): " + v.detail + "; products of non-negative factors are monotone (every L)",
                      certificate=dict(v.certificate))
    return v


# -------------------------------------------------------------------------------------------------------- (14)

EQ14 = Statement(rel=GreaterThan(LAM, Min(P1, P2)), factor=EQ13.factor).monotone("rel", "looser")


def _orderings(expr):
    return [sympy.expand(expr.subs(P2, P1 + _E)), sympy.expand(expr.subs(P1, P2 + _E))]


def _min_instances(s):
    """(label, values, digits): d = 2, L = 2 networks at t = 0 and where a minimal layer crosses 0 (exact)."""
    out = []
    pairs = [(a, b) for a, b in LEAF_POINTS][::3]
    for (a1, b1), (a2, b2) in zip(pairs, pairs[1:]):
        p = [s.factor.subs({u0: a, w0: b}) for a, b in ((a1, b1), (a2, b2))]
        for label, m in (("t = 0", [a1 ** 2 + b1 ** 2, a2 ** 2 + b2 ** 2]),
                         ("coordinate 1's minimal layer at 0", [a1 ** 2 - b1 ** 2, a2 ** 2 + b2 ** 2])):
            out.append((f"L=2, u(0)=({a1}, {a2}), minimal layer ({b1}, {b2}), {label}",
                        {LAM: min(m), P1: p[0], P2: p[1]}, 40))
    return out


def check_min_bound(ctx, rel, factor, what):
    """λ_min(M) = min_i M_ii (M diagonal) and M_ii >= P_i (13); the printed relation holds for every value with
    λ_min = min(P1, P2) + f, f >= 0, when its slack is then a non-negative polynomial in both orderings of P1, P2."""
    v = check_factor(factor)
    if not isinstance(v, Proved):
        return v
    sl = slack(rel) if not isinstance(rel, sympy.logic.boolalg.BooleanAtom) else None
    if sl is not None:
        reduced = _orderings(sl.subs(LAM, Min(P1, P2) + _F))
        if all(nonneg_poly(r, [P1, P2, _E, _F]) for r in reduced):
            cert = {"slack (P2 = P1 + e)": str(reduced[0]), "factor": dict(v.certificate)}
            if any(sympy.expand(r - _F) != 0 for r in reduced) or IMPLIED in v.certificate:
                cert[IMPLIED] = "weaker than the printed bound (its slack exceeds the printed one)"
            return Proved(f"{what}: λ_min = min_i M_ii >= min_i P_i (13) and the slack is {reduced[0]} >= 0",
                          certificate=cert)
    return kit.inequality(ctx, "rel", _min_instances, what=what, scope="d = 2, L = 2 networks at t = 0 and at a "
                          "zero crossing of a minimal layer (exact values)")


@claim("DD-Eq14", text=r"$\lambda_{min}(M(t))\ge\min_i\prod_{k\ne k_i}(u^k_i(0)^2-u^{k_i}_i(0)^2)$ (14)",
       expect=Proved, statement=EQ14, hyp=H_A, cites=("DD-Def-kiSigma", "DD-Eq13"))
def eq14(ctx):
    """M is diagonal, so λ_min(M) = min_i M_ii >= min_i P_i by (13), for every L and d."""
    return check_min_bound(ctx, ctx.s.rel, ctx.s.factor, "(14)")

