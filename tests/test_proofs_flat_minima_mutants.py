"""Tests of the FM checks' teeth: the declared domains and roles prove the weaker mutants implied (and only those),
and the designs added to kill stronger mutants (the success probability of the concentration lemma, the exact
d = L = 1 norm, the linear stability below 2/S_min, the balanced equality cases of the random minimizers)
refute a wrong statement and accept the printed one."""

import sympy
from sympy import exp

from proofs.flat_minima import backup, part1_sharpness, part1_theorem, part2_small_init
from proofs.flat_minima import part3_residual as res
from symflow import claims
from symflow.claims import CheckContext
from symflow.verdict import Refuted

FAST = CheckContext(dps=30, fast=True)


def _mutant(statement, label):
    (m,) = [m for m in statement.mutants() if m.label == label]
    return m


def test_declared_roles_prove_weaker_mutants_and_not_stronger_ones():
    assert _mutant(part1_sharpness.DESCENT, "cond: sign flipped at 2/S").implied  # eta < -2/S: admits nothing
    assert _mutant(part1_sharpness.NECESSARY, "cond: constant ×2 at 2").implied  # eta < 4/S: looser conclusion
    assert not _mutant(part1_sharpness.DESCENT, "cond: constant ×2 at 2").implied  # admits more steps: stronger
    assert _mutant(res.CONC_NORM, "rel: constant ×2 at 4").implied
    assert not _mutant(res.CONC_NORM, "theta: constant ×2 at 1/64").implied  # a larger radius: stronger
    rank1 = [m for m in part2_small_init.RANK1.mutants() if m.op.name == "SIGN" and m.where == "normF2 - sigma2"]
    assert rank1 and all(m.implied for m in rank1)  # needs ||W||_F >= ||W||_2 (the declared parametrization)


def test_concentration_probability_must_be_below_one():
    ctx = FAST.with_statement(res.CONC_NORM)
    assert res._probability_verdict(ctx, "norm") is None
    above = res.CONC_NORM.replace(prob=2 - 8 * exp(-res.d_ * res.u_ ** 2 / (32 * res.s_ ** 2)))
    assert isinstance(res._probability_verdict(FAST.with_statement(above), "norm"), Refuted)
    negated = res.CONC_NORM.replace(prob=-res.CONC_NORM.prob)  # above 1 where the printed one is vacuous
    assert isinstance(res._probability_verdict(FAST.with_statement(negated), "norm"), Refuted)
    sure = FAST.with_statement(res.CONC_SMIN_CORRECTED.replace(prob=sympy.Integer(1)))
    v = res._probability_verdict(sure, "smin")
    assert isinstance(v, Refuted) and "positive Gaussian probability" in v.detail


def test_concentration_exact_norm_in_dimension_one():
    assert res._exact_norm_verdict(FAST.with_statement(res.CONC_NORM)) is None
    no_u = res.CONC_NORM.replace(rel=res.NORM <= 4 * exp(res.s_ ** 2 / 2))
    v = res._exact_norm_verdict(FAST.with_statement(no_u))
    assert isinstance(v, Refuted) and v.counterexample["(d, L, s, u)"] == "(1, 1, 1, 30)"


def test_lr_fail_threshold_below_two_over_smin_is_refuted():
    printed = part1_theorem.LR_FAIL_CORRECTED
    assert part1_theorem._stable_below(FAST.with_statement(printed)) is None  # thr = 2/S_min in width 1
    half = FAST.with_statement(printed.replace(thr=printed.thr / 2))
    assert isinstance(part1_theorem._stable_below(half), Refuted)


def test_random_minimizers_check_the_balanced_equality_cases():
    claim = claims.registry.get("FM-Thm-sharpness-bounds-ii/random-minimizers")
    st = claim.statement
    tighter = st.replace(lo=st.lo * sympy.Rational(1000001, 1000000))
    v = claim.check(FAST.with_statement(tighter))
    assert isinstance(v, Refuted) and "equality case" in v.detail
    assert isinstance(backup._balanced_data("d1-L2"), tuple)


def test_sandwich_parts_are_the_two_printed_inequalities():
    st = part1_theorem.SANDWICH_CORRECTED
    assert set(st.names) == {"lo", "hi"} and st.hi.rhs == 2 / part1_theorem.eta
    assert isinstance(claims.registry.get("FM-Cor-sharpness-sandwich/corrected").check(FAST.with_statement(
        st.replace(hi=st.hi.lhs <= 2 / part1_theorem.eta ** 2))), Refuted)  # the step eta = 30 > 1


def test_concentration_smin_exact_in_dimension_one():
    ctx = FAST.with_statement(res.CONC_SMIN_CORRECTED)
    v = res._exact_smin_verdict(ctx, res._EXACT_SMIN["smin"])  # large u: the corrected candidate fails exactly
    assert isinstance(v, Refuted) and v.counterexample["(d, L, s, u)"] == "(1, 1, 1/2, 20)"
    assert res._exact_smin_verdict(ctx, res._EXACT_SMIN["smin-u1"]) is None  # u <= 1: holds
