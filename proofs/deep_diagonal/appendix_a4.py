r"""Appendix A.4 of 000, the detailed proof of Theorem 1 (spec §3.12): the set M of (33), the gradient (34), the
Hessians, commutation, the Jacobian and its rank.

Windows as data.  (33) counts the zeros of :math:`w` among the indices ``window(i, j)``, :math:`j\in[L]`; printed
``(i-1)L + (j-1)`` (index 0 does not exist: it is ignored), corrected ``(i-1)L + j`` (the block of coordinate i in
DD-Def-Stack).  A window is the block of every coordinate, for every L and d, iff in :math:`\mathbb Q[i, j, L]`
``window(i, 1) = (i-1)L + 1``, ``window(i, j+1) - window(i, j) = 1`` and ``window(i, L) = iL``.  Otherwise a
zero pattern at a listed size exhibits the failure (an (A) initialization outside M, or a point of M where
:math:`J_G` has rank < d).

Generic blocks (gradients, Hessians): :math:`G_i = u\,w\,R` with u, w two variables of block i and R the product of
the others; a variable ``z`` of another block does not occur in :math:`G_i` (coordinates decouple): identities in
these symbols hold for every L and d.
"""

from __future__ import annotations

import itertools

import sympy
from sympy import Symbol

from symflow import families
from symflow.claims import Statement, claim, kit, prose
from symflow.verdict import Inconclusive, Proved, Reason, Refuted

from ._model import R, u, w

__all__ = ["WIN_PRINTED", "WIN_CORRECTED", "in_M"]

I, J, LL = (Symbol(n, integer=True, positive=True) for n in ("i", "j", "L"))
WIN_PRINTED = (I - 1) * LL + (J - 1)
WIN_CORRECTED = (I - 1) * LL + J
SIZES = ((2, 2), (3, 2), (2, 3))
Z = Symbol("z", real=True)  # a variable of another block
ARG_BLOCK = ("generic block: G_i = u·w·R with u, w two variables of block i and R the product of its others; a "
             "variable z of another block does not occur (coordinates decouple): every L >= 2, every d")


def window_is_block(window):
    """Proved (every L, d) when the window of coordinate i is its block (module docstring)."""
    return kit.identities([("first index", window.subs(J, 1), (I - 1) * LL + 1),
                           ("unit step", window.subs(J, J + 1) - window, 1), ("last index", window.subs(J, LL), I * LL)],
                          argument="identities in Q[i, j, L]: the window of every coordinate is its block of "
                                   "DD-Def-Stack, for every L and d", what="the window is the block")


def in_M(zeros: frozenset, L: int, d: int, window) -> bool:
    """Membership in M (33) of the point with 0 exactly on ``zeros`` (1-based stacked indices)."""
    for i in range(1, d + 1):
        idx = {int(window.subs({I: i, J: j, LL: L})) for j in range(1, L + 1)}
        if len(idx & zeros) > 1:
            return False
    return True


def _patterns(L, d):
    return (frozenset(z) for r in range(L * d + 1) for z in itertools.combinations(range(1, L * d + 1), r))


def _patterns_A(L, d):
    """Zero patterns allowed by (A): in each block at most the unique minimal layer is 0."""
    per = [[()] + [(i * L + j + 1,) for j in range(L)] for i in range(d)]
    return (frozenset(k for c in ch for k in c) for ch in itertools.product(*per))


@kit.cached
def _rank(L, d, zeros):
    G = families.deep_diagonal(L, d)
    return G.jacobian().subs({p: (0 if k + 1 in zeros else 2) for k, p in enumerate(G.params)}).rank()


def _outside(window):
    """An (A) pattern outside M, or a point of M where rank J_G < d, at the listed sizes (or None)."""
    for L, d in SIZES:
        for z in _patterns_A(L, d):
            if not in_M(z, L, d, window):
                return Refuted("an initialization satisfying (A) lies outside M", counterexample={
                    "L": L, "d": d, "zero entries (stacked, 1-based; others 2)": sorted(z), "window": str(window)})
    return _deficient(window)


def _deficient(window):
    for L, d in SIZES:
        for z in _patterns(L, d):
            if in_M(z, L, d, window) and _rank(L, d, z) < d:
                return Refuted(f"a point of M where J_G has rank {_rank(L, d, z)} < d: G is not regular on M",
                               counterexample={"L": L, "d": d, "zero entries (stacked, 1-based; others 2)": sorted(z),
                                               "rank": _rank(L, d, z), "window": str(window)})
    return None


AINM = Statement(window=WIN_PRINTED)
AINM_CORRECTED = Statement(window=WIN_CORRECTED)


@claim("DD-SA.4-AinM", text=r"If $(u^j)$ satisfies (A), $\boldsymbol{u}(0)\in\mathcal{M}$ ((33) as printed, windows "
       r"$w_{(i-1)L+(j-1)}$)", expect=Refuted, statement=AINM, cites=("DD-Eq33", "DD-Def-Stack", "DD-EqA"))
@claim("DD-SA.4-AinM/corrected", text=r"If $(u^j)$ satisfies (A), $\boldsymbol{u}(0)\in\mathcal{M}$ with windows "
       r"$w_{(i-1)L+j}$, $j\in[L]$", expect=Proved, statement=AINM_CORRECTED, cites=("DD-Def-Stack", "DD-EqA"))
def ainm(ctx):
    """Under (A) a block has at most one zero (the unique minimum; the others have a larger |.|, so are non-zero):
    u(0) is in M when the windows are the blocks.  Otherwise a listed size shows an (A) pattern outside M, or a
    point of M where G is not regular (a window that is not a block does not give the M of Theorem 1)."""
    v = window_is_block(ctx.s.window)
    if isinstance(v, Proved):
        return Proved("the windows are the blocks, and (A) leaves at most one zero per block: " + v.detail,
                      certificate=dict(v.certificate))
    return _outside(ctx.s.window) or Inconclusive("window not a block, no failing pattern at the sizes",
                                                  reason=Reason.UNDECIDED)


RANK = Statement(window=WIN_PRINTED)
RANK_CORRECTED = Statement(window=WIN_CORRECTED)


@claim("DD-SA.4-Rank", text="If every i has some $K^i_j\\ne0$ then rank J_G = d; by the definition of M this holds on "
       "all of M ((33) as printed), so G is regular on M.", expect=Refuted, statement=RANK,
       cites=("DD-Def-Regular", "DD-Eq33"))
@claim("DD-SA.4-Rank/corrected", text="G is regular on M with windows $w_{(i-1)L+j}$, $j\\in[L]$.", expect=Proved,
       statement=RANK_CORRECTED, cites=("DD-Def-Regular", "DD-SA.4-Jacobian"))
def rank(ctx):
    """On M with block windows a block has at most one zero, at position z say; K^i_z is the product of the other
    entries of the block (DD-SA.4-Jacobian), non-zero, so every row of J_G is non-zero, and rows with disjoint
    supports are independent: rank d.  Otherwise: a point of M (as given) where the rank drops."""
    v = window_is_block(ctx.s.window)
    if isinstance(v, Proved):
        k = kit.identity(sympy.diff(u * R, u).subs(u, 0), R, argument=ARG_BLOCK, what="K at the zero entry")
        if not isinstance(k, Proved):
            return k
        return Proved("rank J_G = d on M: each block has a non-zero K (the product of its other, non-zero entries) and "
                      "rows have disjoint supports; " + v.detail, certificate=dict(v.certificate))
    return _deficient(ctx.s.window) or Inconclusive("window not a block, no rank drop found at the sizes",
                                                    reason=Reason.UNDECIDED)


# ---------------------------------------------------------------------------- rewritings of (33), topology

INTERSECTION = Statement(window=WIN_PRINTED)
COMPLEMENT = Statement(window=WIN_PRINTED)


def _same_set(window, what):
    """The rewriting of (33) (printed window, DD-Eq33) with the statement's window: a set identity when the two
    windows agree in Q[i, j, L] (∀i ⇔ ∩_i; the negation of '#zeros <= 1' is 'two of them are 0'); else a pattern
    in one set and not the other."""
    v = kit.identity(window, WIN_PRINTED, argument="the window of the rewriting is (33)'s for every i, j, L; the "
                     "set operations are exact logic", what=what)
    if isinstance(v, Proved):
        return v
    for L, d in SIZES:
        for z in _patterns(L, d):
            if in_M(z, L, d, window) != in_M(z, L, d, WIN_PRINTED):
                return Refuted(f"{what}: the rewritten set and (33) differ", counterexample={
                    "L": L, "d": d, "zero entries (stacked, 1-based)": sorted(z), "window": str(window)})
    return Inconclusive(f"{what}: windows differ, sets agree at the sizes", reason=Reason.UNDECIDED)


@claim("DD-SA.4-Intersection", text=r"$\mathcal{M}=\bigcap_i\{w:\#\{j:w_{(i-1)L+(j-1)}=0\}\le1\}$", expect=Proved,
       statement=INTERSECTION, cites=("DD-Eq33",))
def intersection(ctx):
    return _same_set(ctx.s.window, "M as an intersection")


@claim("DD-SA.4-Complement", text=r"$\mathcal{M}^C=\bigcup_i\bigcup_{j\ne k}\{w:w_{(i-1)L+(j-1)}=w_{(i-1)L+(k-1)}="
       r"0\}$", expect=Proved, statement=COMPLEMENT, cites=("DD-Eq33",))
def complement(ctx):
    return _same_set(ctx.s.window, "M^C as a union")


@claim("DD-SA.4-Closed", text=r"$\mathcal{M}^C$ is closed and $\mathcal{M}$ is a smooth submanifold.", expect=Proved,
       cites=("DD-SA.4-Complement",))
@claim("DD-SA.4-Submanifold", text="The set M of (33) is a smooth submanifold of R^{L×d}.", expect=Proved,
       cites=("DD-SA.4-Complement",))
def closed(ctx):
    """M^C is the finite union of the coordinate subspaces {w_a = w_b = 0} (DD-SA.4-Complement, checked on its
    statement), each closed (a kernel); a finite union of closed sets is closed, so M is open in R^{Ld}, and an open
    subset of R^n is a smooth n-dimensional submanifold.  True for either window (any finite union of subspaces)."""
    v = complement(ctx.with_statement(COMPLEMENT))
    if not isinstance(v, Proved):
        return v
    return Proved("M^C = finite union of linear subspaces (closed) => M open => smooth submanifold: " + v.detail,
                  certificate=dict(v.certificate))


# ------------------------------------------------------------------------------ gradient, Hessian, Jacobian

EQ34 = Statement(in_block=R * w, out_block=0)


@claim("DD-Eq34", text=r"$(\nabla G_i(w))_j=\prod_{k=(i-1)L+1,k\ne j}^{iL}w_k$ for $j\in[\![(i-1)L+1,iL]\!]$, else 0 (34)",
       expect=Proved, statement=EQ34, cites=("DD-Eq10",))
@claim("DD-SA.4-Jacobian", text=r"$J_G(w)$ is block-diagonal with rows $(K^i_1\cdots K^i_L)$", expect=Proved,
       statement=EQ34, cites=("DD-Def-K", "DD-Eq34"))
def eq34(ctx):
    """∂G_i/∂u = w R (the product of the other entries of the block, K^i_j) and ∂G_i/∂z = 0 for z in another block;
    J_G's row i is ∇G_i, so J_G is block-diagonal with the entries K^i_j."""
    G = u * w * R
    return kit.identities([("in block", sympy.diff(G, u), ctx.s.in_block), ("outside", sympy.diff(G, Z), ctx.s.out_block)],
                          argument=ARG_BLOCK, what="(34)")


HESS = Statement(mixed=0, outside=0)


@claim("DD-SA.4-HessZero", text=r"$(\nabla^2G_i(w))_{jk}=0$ unless $j,k\in[\![(i-1)L+1,iL]\!]$", expect=Proved,
       statement=HESS)
def hess_zero(ctx):
    G = u * w * R
    return kit.identities([("one index outside", sympy.diff(G, u, Z), ctx.s.mixed),
                           ("both outside", sympy.diff(G, Z, 2), ctx.s.outside)], argument=ARG_BLOCK,
                          what="Hessian entries outside block i")


@claim("DD-SA.4-Commuting", text=r"$\nabla^2G_{i_1}(w)\nabla G_{i_2}(w)=0$ for $i_1\ne i_2$; G is commuting on M",
       expect=Proved, statement=Statement(product=0), cites=("DD-Def-Commuting",))
def commuting(ctx):
    """With G_1 = u w R (block 1) and G_2 = z Q (block 2, Q its other entries): ∇²G_1 ∇G_2 over (u, w, z) is
    ∇²G_1's column z times Q, which vanishes; the Lie bracket [∇G_1, ∇G_2] = ∇²G_2 ∇G_1 - ∇²G_1 ∇G_2 = 0."""
    Q = Symbol("Q", real=True)
    xs = (u, w, Z)
    G1, G2 = u * w * R, Z * Q
    H1, H2 = sympy.hessian(G1, xs), sympy.hessian(G2, xs)
    g1, g2 = sympy.Matrix([sympy.diff(G1, x) for x in xs]), sympy.Matrix([sympy.diff(G2, x) for x in xs])
    entries = [(f"(∇²G_1 ∇G_2)_{k}", (H1 * g2)[k], ctx.s.product) for k in range(3)]
    entries += [(f"[∇G_1, ∇G_2]_{k}", (H2 * g1 - H1 * g2)[k], ctx.s.product) for k in range(3)]
    return kit.identities(entries, argument=ARG_BLOCK + "; Q the product of block 2's other entries",
                          what="∇²G_{i1} ∇G_{i2}")


@claim("DD-SA.4-Rank/first", text="If every i has some $K^i_j\\ne0$ then rank J_G = d.", expect=Proved,
       cites=("DD-SA.4-Jacobian",))
def rank_first(ctx):
    """Rows of J_G have disjoint supports (DD-SA.4-Jacobian, checked on its statement); non-zero rows with disjoint
    supports are linearly independent, so rank J_G = d when every row has a non-zero K."""
    v = eq34(ctx.with_statement(EQ34))
    if not isinstance(v, Proved):
        return v
    return Proved("disjoint row supports: " + v.detail, certificate=dict(v.certificate))


@claim("DD-SA.4-Li35/reason", text="∇G_j and ∇G_k have non-zero entries on disjoint sets of components (j ≠ k).",
       expect=Proved, cites=("DD-Eq34",))
def li35_reason(ctx):
    """(34): ∇G_i vanishes outside block i (checked on its statement); blocks are disjoint."""
    return eq34(ctx.with_statement(EQ34))


prose("DD-SA.4-Li35", "[Li et al. Assumption 3.5] holds since ∇G_j and ∇G_k have non-zero entries on disjoint sets.",
      "the assumption is not reproduced in 000 (DD-Def-Li35), so the implication cannot be checked; the stated reason "
      "is checked as DD-SA.4-Li35/reason (proved)", cites=("DD-Def-Li35",))
prose("DD-SA.4-Li48", "Applying [Li et al., 2022, Theorem 4.8] concludes the proof of Theorem 1.",
      "cites a theorem not reproduced in 000; its conclusion is checked directly as DD-Thm1 (explicit potential, "
      "proved) and DD-Thm1/mirror-flow (numeric)")
