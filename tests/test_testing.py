"""Tests of symflow.testing: the pytest helpers pass on holding verdicts and fail with the evidence otherwise."""

import pytest
import sympy

from symflow import testing
from symflow.errors import InvalidArgument
from symflow.families import uv
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

R = sympy.Rational
PROVED = Proved("identity in QQ[u, v]", certificate={"ring": "QQ[u,v]"})
VERIFIED = Verified("agree", n_digits=12, points=({"u": "1/2"},), dps=30, method="taylor")
REFUTED = Refuted("fails", counterexample={"u": "1/3", "lhs": "2", "rhs": "3"})
INCONCLUSIVE = Inconclusive("no decision", reason=Reason.PRECISION)


def test_assert_proved_accepts_only_proofs():
    assert testing.assert_proved(PROVED) is PROVED
    with pytest.raises(AssertionError, match="expected proved, got verified") as exc:
        testing.assert_proved(VERIFIED)
    assert '"digits": 12' in str(exc.value) and "taylor" in str(exc.value)


def test_assert_holds_checks_measured_digits():
    assert testing.assert_holds(PROVED, min_digits=50) is PROVED  # a proof has no digit count to fall short of
    assert testing.assert_holds(VERIFIED, min_digits=12) is VERIFIED
    with pytest.raises(AssertionError, match="only 12 measured"):
        testing.assert_holds(VERIFIED, min_digits=13)


@pytest.mark.parametrize("verdict, evidence", [(REFUTED, '"lhs": "2"'), (INCONCLUSIVE, "higher --dps")])
def test_assert_holds_shows_the_evidence_of_a_failure(verdict, evidence):
    with pytest.raises(AssertionError) as exc:
        testing.assert_holds(verdict, context="my law")
    msg = str(exc.value)
    assert f"got {verdict.word} (my law)" in msg and evidence in msg


def test_assert_refuted():
    assert testing.assert_refuted(REFUTED) is REFUTED
    with pytest.raises(AssertionError, match="expected refuted, got proved"):
        testing.assert_refuted(PROVED)


@pytest.mark.parametrize("call", [
    lambda: testing.assert_proved(True),
    lambda: testing.assert_holds("verified"),
    lambda: testing.assert_holds(VERIFIED, min_digits=0),
    lambda: testing.assert_holds(VERIFIED, min_digits=2.5),
    lambda: testing.assert_conserved("u*v", "u**2 - v**2"),
    lambda: testing.assert_conserved(uv(1), 3),
    lambda: testing.assert_conserved(uv(1), "u**2 - w"),          # unknown name: ParseError
    lambda: testing.assert_conserved(uv(1), "__import__('os')"),  # never evaluated
])
def test_helpers_reject_bad_arguments(call):
    with pytest.raises(InvalidArgument):
        call()


def test_assert_conserved_on_balancedness():
    v = testing.assert_conserved(uv(1), "u**2 - v**2")
    assert v.holds
    with pytest.raises(AssertionError, match="u\\*\\*2 \\+ v\\*\\*2"):
        testing.assert_conserved(uv(1), "u**2 + v**2")


def test_assert_potential_on_hypentropy():
    G = uv(1)
    init = {"u": 1, "v": R(1, 2)}
    R_ok = "theta*asinh(8*theta/3)/2 - sqrt(64*theta**2 + 9)/16"  # c = u^2 - v^2 = 3/4: hypentropy of scale 3/8
    assert testing.assert_potential(G, init, R_ok).holds
    with pytest.raises(AssertionError, match="refuted"):
        testing.assert_potential(G, init, "theta**2")


# ---- helpers for any parameterization (issue 12)
def test_assert_commuting_on_a_map_typed_by_hand():
    from symflow.parameterization import Parameterization

    assert testing.assert_commuting(Parameterization.from_strings("a b c d e", "a*b*c; d*e + d")).word == "proved"
    with pytest.raises(AssertionError, match="expected proved, got refuted") as exc:
        testing.assert_commuting(Parameterization.from_strings("a b c", "a*b*c; a*c"))
    assert "counterexample" in str(exc.value)  # the failing pair and point are in the message


def test_assert_law_count_message_names_the_laws():
    G = uv(2)
    assert testing.assert_law_count(G, 2).count == 2
    with pytest.raises(AssertionError, match=r"expected 3 conservation law\(s\).*got 2") as exc:
        testing.assert_law_count(G, 3)
    assert "u1**2 - v1**2" in str(exc.value)
    with pytest.raises(InvalidArgument):
        testing.assert_law_count(G, -1)


def test_assert_cross_check_measures_digits():
    from symflow import families

    cc = testing.assert_cross_check(families.power(3), {"u": R(1, 2)}, min_digits=20, dps=30)
    assert cc.digits >= 20
    with pytest.raises(AssertionError, match="expected proved or verified, got inconclusive"):
        testing.assert_cross_check(families.uv(1), [0, 0], min_digits=10, dps=30)  # x(0) on the singular set
    with pytest.raises(InvalidArgument):
        testing.assert_cross_check(families.power(3), {"u": 1}, min_digits=60, dps=30)


def test_property_settings_turn_the_explain_phase_off():
    from hypothesis import Phase

    s = testing.property_settings(max_examples=3)
    assert s.max_examples == 3 and s.deadline is None and Phase.explain not in s.phases
    with pytest.raises(InvalidArgument):
        testing.property_settings(max_examples=0)
