r"""§3.1 of 003 (spec §3.3, end): Lemma 3.5 (merged identical directions, the :math:`r_k` formula), its proof steps,
and the remark on Woodworth et al.

A group :math:`I^{-1}(k)` of neurons shares one direction, hence one gradient value ``g`` =
:math:`[\nabla F(\beta)]_k`: each neuron moves by :math:`\dot a_j = -b_j g`, :math:`\dot b_j = -a_j g`.  Statements
about a whole group are exact polynomial identities at listed group sizes (``verified``, scope = the sizes); the
termwise steps are checked on a generic pair (i, j) (``proved``).
"""

from __future__ import annotations

import sympy
from sympy import Rational

from symflow.claims import Statement, claim, kit
from symflow.verdict import Proved, Refuted, Verified

from ._hyp import g

__all__ = ["R2_TERM", "group_symbols"]

H_GROUP = ("neurons of a group share the direction theta_k, so a_j' = -b_j g, b_j' = -a_j g with the same "
           "g = [grad F(beta)]_k; a_j > 0")
ai, aj, bi, bj = sympy.symbols("a_i a_j b_i b_j", real=True)
PAIR_FLOW = {ai: -bi * g, aj: -bj * g, bi: -ai * g, bj: -aj * g}
ARG_PAIR = ("a generic pair (i, j) of one group (i = j included by substitution); the group's neurons share g, the "
            "other groups do not enter: every group size, m, n and data")

# the summand of the printed r_k^2 (the sum over i, j in I^{-1}(k) covers both squares)
R2_TERM = Rational(1, 4) * ((ai * aj - bi * bj) ** 2 + (ai * bj - bi * aj) ** 2)
LEM35 = Statement(r2_term=R2_TERM)


def group_symbols(p: int):
    a = sympy.symbols(f"a1:{p + 1}", real=True)
    b = sympy.symbols(f"b1:{p + 1}", real=True)
    return a, b


def _pair_sum(term, a, b):
    """Σ_{i,j} term(a_i, a_j, b_i, b_j) over a group."""
    p = len(a)
    return sum(term.subs({ai: a[i], aj: a[j], bi: b[i], bj: b[j]}, simultaneous=True)
               for i in range(p) for j in range(p))


@claim("HY-Lem3.5", text=r"$\beta_k=\sum_{j\in I^{-1}(k)}a_jb_j$ follows a mirror flow with potential $\frac12\Phi_r$, "
       r"$r_k^2=\frac14\sum_{i,j\in I^{-1}(k)}([a_0]_i[a_0]_j-[b_0]_i[b_0]_j)^2+([a_0]_i[b_0]_j-[b_0]_i[a_0]_j)^2$",
       expect=Verified, statement=LEM35, hyp=H_GROUP, cites=("HY-Thm3.4",))
def lem35(ctx):
    """Per group of size p: with Q = Σ q_j and the printed r_k^2 (at the current weights), (i) r_k^2 is conserved,
    (ii) Q^2 = 4(β_k^2 + r_k^2), so Q = 2 sqrt(β_k^2 + r_k^2) (Q > 0) and β_k' = -Q g is the mirror velocity of
    1/2 Φ_r (HY-Thm3.4-pf.2).  Exact at group sizes 1-4."""
    term = ctx.s.r2_term

    def build(p):
        a, b = group_symbols(p)
        flow = {**{a[j]: -b[j] * g for j in range(p)}, **{b[j]: -a[j] * g for j in range(p)}}
        r2 = _pair_sum(term, a, b)
        beta = sum(a[j] * b[j] for j in range(p))
        Q = sum(a[j] ** 2 + b[j] ** 2 for j in range(p))
        return [("d/dt r_k^2", kit.ddt(r2, flow), 0), ("Q^2 = 4(beta^2 + r^2)", Q ** 2, 4 * (beta ** 2 + r2)),
                ("beta' = -Q g", kit.ddt(beta, flow), -Q * g)]

    return kit.at_sizes(build, [1, 2, 3, 4], what="Lemma 3.5 on one group", names="group size")


@claim("HY-Lem3.5-pf.1", text=r"$\frac{d\beta_k}{dt}=-\sum_{j\in I^{-1}(k)}(a_j^2+b_j^2)[\nabla F(\beta)]_k$",
       expect=Proved, statement=Statement(q=ai ** 2 + bi ** 2), hyp=H_GROUP)
def lem35_pf1(ctx):
    """Per neuron d/dt (a_j b_j) = -q_j g with the group's common g; summing over the group is linear, so the
    generic neuron covers every group size."""
    return kit.identity(kit.ddt(ai * bi, PAIR_FLOW), -ctx.s.q * g, argument=ARG_PAIR, what="per-neuron velocity")


@claim("HY-Lem3.5-pf.2", text=r"$[\frac12\nabla^2\Phi(r)(\beta)]^{-1}_{k,k}=2\sqrt{\beta_k^2+r_k^2}$; it suffices "
       r"that $\sum_jq_j$ equals it, or (positivity) that their squares are equal",
       expect=Proved, hyp=H_GROUP, cites=("HY-Thm3.4-pf.2",))
def lem35_pf2(ctx):
    """The inverse Hessian is HY-Thm3.4-pf.2 (same potential); both sides are positive (Q > 0 for a_j > 0, the root
    is positive), so equal squares suffice: checked as u = sqrt(u^2) for a positive symbol."""
    from .potential_network import PF2, thm34_pf2
    v = thm34_pf2(ctx.with_statement(PF2))
    u = sympy.Symbol("u", positive=True)
    if sympy.sqrt(u ** 2) != u:
        return Refuted("squares do not determine positive numbers",
                                                    counterexample={"u": str(u)})
    return v


def _square_expansion(p, lhs_fn, rhs_fn):
    a, b = group_symbols(p)
    return [("expansion", lhs_fn(a, b), rhs_fn(a, b))]


PF3 = Statement(pair=(ai ** 2 + bi ** 2) * (aj ** 2 + bj ** 2) - 4 * ai * bi * aj * bj)


@claim("HY-Lem3.5-pf.3", text=r"$(\sum_jq_j)^2-4\beta_k^2=(\sum_jq_j)^2-4(\sum_j\alpha_j)^2=\sum_{i,j}q_iq_j-4\alpha_i"
       r"\alpha_j$", expect=Verified, statement=PF3, hyp=H_GROUP)
def lem35_pf3(ctx):
    pair = ctx.s.pair

    def build(p):
        a, b = group_symbols(p)
        Q = sum(a[j] ** 2 + b[j] ** 2 for j in range(p))
        A = sum(a[j] * b[j] for j in range(p))
        return [("(Σq)^2 - 4(Σα)^2 = Σ_ij (q_i q_j - 4 α_i α_j)", Q ** 2 - 4 * A ** 2, _pair_sum(pair, a, b))]

    return kit.at_sizes(build, [1, 2, 3, 4, 5], what="expansion of the square of a sum", names="group size")


PF4 = Statement(pair=PF3.pair, squares=(ai * aj - bi * bj) ** 2 + (ai * bj - aj * bi) ** 2)


@claim("HY-Lem3.5-pf.4", text=r"$q_iq_j-4\alpha_i\alpha_j=(a_ia_j-b_ib_j)^2+(a_ib_j-a_jb_i)^2$; each term is constant",
       expect=Proved, statement=PF4, hyp=H_GROUP)
def lem35_pf4(ctx):
    s = ctx.s
    return kit.identities([("expansion", s.pair, s.squares), ("d/dt of the term", kit.ddt(s.squares, PAIR_FLOW), 0)],
                          argument=ARG_PAIR, what="termwise expansion and conservation")


u, v = sympy.symbols("u v", real=True)
WOOD = Statement(product=u * v, beta=u ** 2 - v ** 2).scale_free("product")  # a conserved quantity, squared in r


@claim("HY-S3.1-Woodworth", text=r"Woodworth et al.: the objective depends only on $u^2-v^2$, so the product is "
       r"conserved; not a direct case of Thm 3.4 (it merges two nodes); recovered as a case of Lemma 3.5",
       expect=Proved, statement=WOOD,
       hyp="u' = -2u g, v' = 2v g (gradient flow on L(u^2 - v^2)); embedding a = (u, v), b = (u, -v)")
def s31_woodworth(ctx):
    """(1) d/dt (u v) = 0 along the Woodworth flow; (2) the embedding a_1 = b_1 = u, a_2 = -b_2 = v is invariant
    under the merged-group flow and gives beta = u^2 - v^2; (3) the printed r_k^2 of Lemma 3.5 is then (2uv)^2,
    a constant (by (1)) -- Woodworth's hypentropy parameter up to the time scale."""
    s = ctx.s
    flow_w = {u: -2 * u * g, v: 2 * v * g}
    emb = {ai: u, bi: u, aj: v, bj: -v}
    r2 = _pair_sum(R2_TERM, (u, v), (u, -v))
    return kit.identities([("d/dt (u v)", kit.ddt(s.product, flow_w), 0),
                           ("a_1' - b_1' on a_1 = b_1", (PAIR_FLOW[ai] - PAIR_FLOW[bi]).subs(emb, simultaneous=True), 0),
                           ("a_2' + b_2' on a_2 = -b_2", (PAIR_FLOW[aj] + PAIR_FLOW[bj]).subs(emb, simultaneous=True),
                            0),
                           ("beta of the embedding", (ai * bi + aj * bj).subs(emb, simultaneous=True), s.beta),
                           ("r_k^2 of the embedding", r2, (2 * s.product) ** 2)],
                          argument="u, v, g generic: every Woodworth coordinate (separable) and every loss",
                          what="Woodworth as a merged pair")
