"""Tests of the App. B.6 helpers of proofs/discrete_dynamics/ (spec §3.13): the declared domains and roles
(appendix_b6_domain.declared), and the tight instances that decide the point steps and the orbit bounds
(tight_point_search, tight_orbit_search)."""

from dataclasses import replace

import sympy
from sympy import GreaterThan, StrictLessThan

from symflow.claims import CheckContext, Statement
from symflow.verdict import Refuted, Verified

from proofs.discrete_dynamics import appendix_b6_bounds as bounds
from proofs.discrete_dynamics import appendix_b6_cor3 as cor3
from proofs.discrete_dynamics._discrete import A, A0, A1, ETA, LAM, S, X
from proofs.discrete_dynamics.appendix_b6_domain import (BASIN, BASIN0, BASIN_X, NEXT, STEP, STEP_U, TIGHT_MODES,
                                                        TIGHT_POINTS, declared, tight_orbit_search,
                                                        tight_point_search)

FULL = CheckContext(dps=30)  # every tight corner is drawn only in a full run (64 corners, 100 examples)


_POS = {S: sympy.Symbol("s", positive=True), LAM: sympy.Symbol("l", positive=True),
        A0: sympy.Symbol("a", positive=True)}


def _holds(rel, case):
    """The relation after the parametrization (then the positive symbols), decided by SymPy (True: always)."""
    e = rel.xreplace(case).xreplace(_POS)
    if e in (sympy.true, sympy.false):
        return bool(e)
    diff = e.rhs - e.lhs if isinstance(e, (sympy.StrictLessThan, sympy.LessThan)) else e.lhs - e.rhs
    return sympy.factor(diff).is_positive


def test_parametrizations_cover_exactly_the_printed_hypotheses():
    # each map lands inside its hypothesis for every value of its positive symbols
    assert _holds(StrictLessThan(LAM * A, S), BASIN)
    assert _holds(StrictLessThan(LAM * A0, S), BASIN0)
    assert _holds(StrictLessThan(LAM * X, S), BASIN_X)
    assert _holds(StrictLessThan(2 * ETA * S, 1), STEP)
    assert _holds(StrictLessThan(0, A), BASIN) and _holds(StrictLessThan(0, X), BASIN_X)
    h = STEP_U[ETA] * S  # 2h + h^2 < 1 iff h < sqrt 2 - 1: the parametrization reaches the boundary as c -> 0
    assert sympy.simplify((1 - 2 * h - h ** 2).subs(sympy.Symbol("c_eta", positive=True), 0)) == 0
    assert sympy.expand(NEXT[A1] - (A + ETA * A * (S - LAM * A) * (2 + ETA * (S - LAM * A)))) == 0


def test_declared_roles_and_composed_domain():
    s = declared(Statement(h1=StrictLessThan(0, A), rel=GreaterThan(A1, A), lhs=A), BASIN, STEP, NEXT,
                 positive=(S, LAM))
    assert s._monotone == {"h1": -1, "rel": 1}  # a hypothesis is weaker tighter, a conclusion looser; lhs: none
    (case,) = s._given[1]                          # the printed hypotheses serve the conclusions only
    assert not ({A, ETA} & case[A1].free_symbols)  # a^(t+1) composed with the parametrizations of a and η
    assert not s._cases
    weaker = [m for m in s.mutants() if m.implied]
    assert weaker and all(m.part == "rel" for m in weaker)
    # 0 < -a speaks of points (a < 0) the printed claim never covers: judged outside the hypotheses, not implied
    assert not [m for m in s.mutants() if m.part == "h1" and m.implied]


def test_bound_mutants_moved_by_the_declaration_are_weaker():
    # (88) corrected: the exponent's 4η²σ² doubled makes the lower bound smaller: proved implied
    labels = {m.label for m in bounds.EQ88_CORRECTED.mutants() if m.implied}
    assert "rel: constant ×2 at 4" in labels
    assert "rel: constant ×(1+1e-6) at -2" not in labels  # a faster rate is a stronger bound: scored


def test_tight_corner_kills_a_mutant_the_drawn_points_miss():
    # (90) with λ/σ scaled by 1 + 10^-6 on the left: wrong only within ~10^-6 of the fixed point σ/λ
    s = bounds.EQ90
    rel = s.rel
    mutant = s.replace(rel=GreaterThan(rel.lhs - sympy.Rational(1, 10 ** 6) * LAM / S, rel.rhs))
    ctx = replace(FULL, statement=mutant, printed=s)
    v = tight_point_search(ctx, bounds._values, what="(90) mutant")
    assert isinstance(v, Refuted)
    assert isinstance(tight_point_search(replace(FULL, statement=s), bounds._values, what="(90)"), Verified)
    assert len(TIGHT_POINTS) == 64


def test_spectrum_corners_refute_the_order_flip():
    s = cor3.ORDER
    flipped = s.replace(h1=GreaterThan(cor3.S2, cor3.S1))
    ctx = replace(FULL, statement=flipped, printed=s)
    assert isinstance(cor3.c3_order(ctx), Refuted)
    assert isinstance(cor3.c3_order(replace(FULL, statement=s)), Verified)


def test_tight_orbits_kill_a_rate_off_by_one_part_in_a_million():
    # (88) corrected with the rate's -2ησ scaled by 1 + 10^-6: wrong only for h = ησ below ~10^-6 with a0 << σ/λ
    s = bounds.EQ88_CORRECTED
    rate = s.rel.rhs.find(sympy.exp).pop().args[0]
    faster = rate.subs(2 * ETA * S, sympy.Rational(2000002, 10 ** 6) * ETA * S)
    assert faster != rate
    mutant = s.replace(rel=s.rel.xreplace({rate: faster}))
    v = tight_orbit_search(replace(FULL, statement=mutant, printed=s), what="(88) mutant")
    assert isinstance(v, Refuted)
    assert len(TIGHT_MODES) == 45
