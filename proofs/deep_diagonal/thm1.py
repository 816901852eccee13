r"""Theorem 1 of 000 and its discussion (spec §3.6, with DD-S2.3-dQ and the abstract's implicit bias).

The potential (DD-Thm1/potential).  On a coordinate, with the minimal layer :math:`v` (``V``), the other layers'
product :math:`S\cdot\mathrm{ROOTS}` (:mod:`.simplified`: ``ROOTS`` = :math:`\prod_{j\ge2}r_j`,
:math:`r_j = \sqrt{v^2 + \Delta_j}`), :math:`\theta = S v\,\mathrm{ROOTS}` and :math:`\nabla Q(\theta) = F(v)`,
:math:`F' =` the printed integrand.  Along the leaf :math:`dr_j/dv = v/r_j`, so
:math:`d\,\mathrm{ROOTS}/dv = v\,\mathrm{ROOTS}\,H` with :math:`H = \sum_j r_j^{-2}` (a generic positive symbol),
and :math:`M_{ii} = \mathrm{ROOTS}^2(1 + v^2 H)` (DD-Def-Mt: the product of all layers but the minimal one, plus
:math:`v^2` times the products missing one :math:`r_j`).  Identities in these symbols hold for every L and d.
"""

from __future__ import annotations

import sympy
from sympy import Symbol

from symflow.claims import Statement, claim, kit, prose
from symflow.verdict import Proved, Refuted

from ._leaf import nonneg_poly
from ._model import g
from .appendix_a4 import AINM_CORRECTED, RANK_CORRECTED, ainm, commuting, rank
from .convergence import MS, THDOT
from .layers import H_FLOW
from .simplified import ROOTS, SG, V

__all__ = ["POTENTIAL", "potential_check"]

H_A = H_FLOW + "; the initialization satisfies (A)"
HH = Symbol("H", positive=True)
POTENTIAL = Statement(integrand=SG / ROOTS, theta=SG * V * ROOTS)
ARG_POT = ("one coordinate, minimal layer v, the others' product S·ROOTS with d ROOTS/dv = v ROOTS H, H = Σ_j "
           "1/(v^2 + Δ_j) (DD-S2.1-vj): every L and d, S = ±1")


def _dv(expr):
    """d/dv along the leaf (ROOTS depends on v)."""
    return sympy.diff(expr, V) + sympy.diff(expr, ROOTS) * V * ROOTS * HH


def _m_leaf():
    return ROOTS ** 2 * (1 + V ** 2 * HH)


def potential_check(s):
    """∇²Q = F'/(dθ/dv) = 1/M (> 0: convex) and d/dt ∇Q(θ(t)) = F'(v) v' = -∇L with v' from (8)."""
    entries = []
    for sg in (1, -1):
        integrand, theta = s.integrand.subs(SG, sg), s.theta.subs(SG, sg)
        entries += [(f"S = {sg}: ∇²Q = 1/M", integrand / _dv(theta), 1 / _m_leaf()),
                    (f"S = {sg}: d/dt ∇Q(θ(t)) = -g", integrand * (-sg * ROOTS * g), -g)]
    return kit.identities(entries, argument=ARG_POT, what="the explicit potential")


@claim("DD-Thm1/potential", text=r"Explicit mirror map: $\nabla\mathcal{Q}_i(\theta_i)=S_i\int_{v_i(0)}^{v_i}\frac{dv}{"
       r"\prod_{j\ne k_i}\sqrt{v^2+\Delta_j}}$ where $\theta_i=S_iv_i\prod_{j\ne k_i}\sqrt{v_i^2+\Delta_j}$; "
       r"$\nabla^2\mathcal{Q}=M^{-1}$", expect=Proved, statement=POTENTIAL, hyp=H_A, cites=("DD-Eq8", "DD-Def-Mt"))
def potential(ctx):
    return potential_check(ctx.s)


@claim("DD-Thm1", text=r"Under (5) and (A), θ follows a Mirror Flow: there is a convex $\mathcal{Q}$ with $\frac{d\nabla"
       r"\mathcal{Q}(\theta(t))}{dt}+\nabla\mathcal{L}(\theta(t))=0$", expect=Proved, hyp=H_A,
       cites=("DD-Def-MirrorFlow", "DD-Thm1/potential"))
def thm1(ctx):
    """Constructive: the Q of DD-Thm1/potential (checked on its statement) has ∇²Q = M^{-1}, positive definite
    (M diagonal, M_ii > 0 by (13)), and d/dt ∇Q(θ(t)) = -∇L(θ(t)), for every L, d and initialization with (A)."""
    v = potential_check(POTENTIAL)
    if not isinstance(v, Proved):
        return v
    return Proved("Q with ∇²Q = M^{-1} > 0 and d∇Q(θ(t))/dt + ∇L = 0: " + v.detail, certificate=dict(v.certificate))


@claim("DD-Thm1/commuting", text="G of (10) is a commuting parameterization (Li et al. Def.)", expect=Proved,
       cites=("DD-Def-Commuting", "DD-SA.4-Commuting"))
def thm1_commuting(ctx):
    """[∇G_i, ∇G_j] = 0 for i != j (DD-SA.4-Commuting, generic blocks, checked on its statement)."""
    return commuting(ctx.with_statement(Statement(product=0)))


@claim("DD-Thm1/regular", text="G of (10) is regular on M (rank J_G = d)", expect=Proved,
       cites=("DD-Def-Regular", "DD-SA.4-Rank/corrected"))
def thm1_regular(ctx):
    """On M with the block windows (the corrected (33)) rank J_G = d (DD-SA.4-Rank/corrected on its statement)."""
    return rank(ctx.with_statement(RANK_CORRECTED))


@claim("DD-Thm1-pf.1", text="Show G is commuting and regular on a smooth manifold M; with u(0) ∈ M, [Li et al. Thm "
       "4.8] gives the Mirror Flow.", expect=Proved, cites=("DD-SA.4-Commuting", "DD-SA.4-Rank/corrected",
                                                             "DD-SA.4-AinM/corrected", "DD-SA.4-Submanifold"))
def thm1_pf1(ctx):
    """The steps of the outline with M of block windows: commuting, regular on M, M open (a submanifold), u(0) in
    M under (A).  The appeal to Li et al.'s theorem is cited (its conclusion is DD-Thm1, proved directly)."""
    parts = {}
    for name, fn, st in (("commuting", commuting, Statement(product=0)), ("regular", rank, RANK_CORRECTED),
                         ("u(0) in M", ainm, AINM_CORRECTED)):
        v = fn(ctx.with_statement(st))
        if not isinstance(v, Proved):
            return v
        parts[name] = v.detail[:160]
    return Proved("commuting, regular on M (block windows), u(0) ∈ M under (A)", certificate=parts)


MONO = Statement(dl=-MS * g ** 2)


@claim("DD-S2.2-Monotone", text="Q is convex; hence, for instance, L(θ(t)) is non-increasing.", expect=Proved,
       statement=MONO, hyp=H_A, cites=("DD-Eq12",))
def monotone(ctx):
    """Per coordinate, d/dt L = Σ_i ∂_iL θ_i' with θ_i' = -M_ii ∂_iL (12): the summand must be the printed one,
    and it must be <= 0 for every M_ii > 0 and g (a non-positive polynomial)."""
    v = kit.identity(g * (-MS * g), ctx.s.dl, argument="chain rule and (12) per coordinate, M diagonal: every L, d",
                     what="coordinate i's share of dL/dt")
    if not isinstance(v, Proved):
        return v
    if not nonneg_poly(-ctx.s.dl, [MS, g], even=[g]):
        return Refuted("the share is not <= 0", counterexample={"share": str(ctx.s.dl)})
    return Proved("dL/dt = -Σ M_ii (∂_iL)^2 <= 0 (M_ii > 0): " + v.detail, certificate=dict(v.certificate))


DQ = Statement(rhs=THDOT / MS)


@claim("DD-S2.3-dQ", text=r"$\frac{d\nabla\mathcal{Q}(\theta(t))}{dt}=M^{-1}(t)\dot\theta(t)$", expect=Proved,
       statement=DQ, hyp=H_A, cites=("DD-Thm1/potential", "DD-Eq12"))
def dq(ctx):
    """Both sides per coordinate: d/dt ∇Q = F'(v) v' (the potential of DD-Thm1/potential, v' from (8)); the printed
    right side with θ' = -M g (12) and M in leaf form; equal for S = ±1."""
    entries = []
    for sg in (1, -1):
        left = POTENTIAL.integrand.subs(SG, sg) * (-sg * ROOTS * g)
        right = ctx.s.rhs.subs(THDOT, -MS * g).subs(MS, _m_leaf())
        entries.append((f"S = {sg}", left, right))
    return kit.identities(entries, argument=ARG_POT, what="d∇Q(θ(t))/dt")


prose("DD-S2.2-NotExplicit", "The approach shows θ solves a Mirror Flow but gives neither Q explicitly nor the "
      "implicit bias.", "a remark about the paper's method (through Li et al.), which indeed gives no formula; the "
      "potential is explicit as a 1-D integral per coordinate (DD-Thm1/potential) and the bias is checked as DD-Abs-1")
