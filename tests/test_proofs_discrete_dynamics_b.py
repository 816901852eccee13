"""Tests of proofs/discrete_dynamics/, second part (spec §3.4 discrete dynamics, §3.5 commutation measures, §3.13
App. B.6, Table 1, Figure 2): every ID of these sections is encoded, refuted printed claims carry counterexamples and
corrected companions, and a FAST run reproduces every recorded verdict, section module by section module."""

import importlib
import re
from pathlib import Path

import pytest

from symflow import claims
from symflow.claims import CheckContext

from _catalogue import assert_recorded

FAST = CheckContext(dps=30, fast=True)
SECTIONS = ("discrete_linear", "discrete_thm3", "discrete_sketch", "discrete_cor3", "commutation",
            "appendix_b6_lemmas", "appendix_b6_lemma3", "appendix_b6_bounds", "appendix_b6_cor3", "table1", "figure2")
SPEC = Path(__file__).resolve().parents[1] / "proofs" / "spec" / "discrete_dynamics_004.md"


def _lane_ids() -> list[str]:
    text = SPEC.read_text()
    out = []
    for start, end in (("### 3.4 ", "### 3.6 "), ("### 3.13 ", "### 3.14 "), ("### **DDyn-Table1**", "## 5. ID index")):
        a = text.index(start)
        out += re.findall(r"\*\*\[?(DDyn-[A-Za-z0-9._-]+)\]?\*\*", text[a:text.index(end, a)])
    return out


def _claims_of(section: str):
    return [c for c in claims.load_source("DDyn") if c.where.startswith(f"proofs.discrete_dynamics.{section}.")]


def test_every_id_of_the_lane_is_encoded():
    ids = _lane_ids()
    assert len(ids) == 88
    encoded = {c.id for c in claims.load_source("DDyn")} | set(claims.citations("DDyn"))
    assert [i for i in ids if i not in encoded] == []
    cited = [i for i in ids if i in claims.citations("DDyn")]
    assert all(re.search(r"-Def-", i) for i in cited), cited  # this half cites definitions only


def test_refuted_printed_claims_have_counterexamples_and_companions():
    mine = [c for s in SECTIONS for c in _claims_of(s)]
    by_id = {c.id: c for c in mine}
    refuted = [c for c in mine if c.expected == "refuted" and "/" not in c.id]
    assert len(refuted) >= 30
    composite = {"DDyn-Thm3", "DDyn-Thm3p", "DDyn-Thm3-sketch", "DDyn-Thm3p-proof-upper", "DDyn-Thm3p-proof-lower",
                 "DDyn-Cor3p-proof", "DDyn-Table1"}
    for c in refuted:
        assert any(k.startswith(c.id + "/") for k in by_id) or c.id in composite, c.id


@pytest.mark.parametrize("section", SECTIONS)
def test_fast_run_reproduces_recorded_verdicts(section):
    importlib.import_module(f"proofs.discrete_dynamics.{section}")
    cs = _claims_of(section)
    assert cs
    for r in claims.run(cs, FAST):
        assert_recorded(r, claims.registry.get(r.id).expected)


def test_thm3_upper_bound_counterexample_is_the_missing_sigma():
    """(37) at t = 0 reads w0 <= w0/σ: any σ > 1 refutes it (the found example has σ > 1 or a later step)."""
    (r,) = claims.run([claims.registry.get("DDyn-Eq37")], FAST)
    assert r.verdict == "refuted" and float(r.evidence["counterexample"]["margin"]) < 0


def _mutant(statement, label):
    (m,) = [m for m in statement.mutants() if m.label == label and not m.equivalent][:1]
    return m


def test_thm3_roles_prove_weaker_mutants_implied_and_leave_stronger_ones_scored():
    """The corrected (37): a hypothesis made vacuous (λa0 < -σ) is proved implied; a flipped hypothesis (λa0 > σ,
    a stronger claim) and the step condition past 1 are not."""
    from proofs.discrete_dynamics.discrete_thm3 import EQ37_CORRECTED

    assert _mutant(EQ37_CORRECTED, "h2: sign flipped at sigma").implied
    assert not _mutant(EQ37_CORRECTED, "h2: <=<->>= at a_0*lambda < sigma").implied
    assert not _mutant(EQ37_CORRECTED, "h4: constant ×(1+1e-6) at 1").implied


def test_sketch_inequality_conclusions_are_judged_on_x_nonnegative_only():
    """x >= 0 is given for the concluded relations (-1/(1 + x) <= 1 - x + x^2 is weaker there), never for the
    hypothesis itself (0 <= -x is a stronger, false range that the check refutes with x < 0)."""
    from proofs.discrete_dynamics.discrete_sketch import INEQ_INTENDED

    assert _mutant(INEQ_INTENDED, "rel2: sign flipped at 1/(x + 1)").implied
    assert not _mutant(INEQ_INTENDED, "h1: sign flipped at x").implied


def test_thm3_edge_examples_refute_a_step_condition_just_past_one():
    """2ησ + η²σ² < 1 + 10⁻⁶ admits the edge example ησ = 0.4142137 with a0 = 10⁻⁸ σ/λ, where the corrected
    (37)'s factor 1 - 2ησ - η²σ² is negative and the bound at t = 1 is negative."""
    from fractions import Fraction

    from proofs.discrete_dynamics import _discrete as D
    from proofs.discrete_dynamics.discrete_thm3 import _EDGES, EQ37_CORRECTED

    ex = (*_EDGES[3], 5)
    assert ex[2] == Fraction(4142137, 10 ** 7)
    data = {**D.orbit_values(ex, 30), "params": ex}
    mutant = _mutant(EQ37_CORRECTED, "h4: constant ×(1+1e-6) at 1").statement
    assert D._judge_orbit(data, mutant, 30, None).value < 0
    assert D._judge_orbit(data, EQ37_CORRECTED, 30, None).value == D.VACUOUS  # the printed hypotheses exclude it


def test_invertible_draws_eigenvalues_past_lambda_max():
    """A mutated hypothesis λ >= λmax admits λ = 3λmax/2 with η = 1/λ (ηλmax = 2/3 < 1): I - ηΣx singular."""
    from hypothesis import given, settings

    from proofs.discrete_dynamics.discrete_linear import _spectra

    seen = []

    @settings(max_examples=200, derandomize=True, database=None)
    @given(_spectra())
    def collect(ex):
        seen.append(ex)

    collect()
    assert any(lam > s and eta * lam == 1 for s, lam, eta in seen)


def test_sketch_inequality_draws_negative_x():
    from sympy import Rational

    from proofs.discrete_dynamics._discrete import X
    from proofs.discrete_dynamics.discrete_sketch import _ineq_point

    assert _ineq_point(((1, 1, 1, Rational(1, 4)), 0)) == {X: -1}
    assert _ineq_point(((1, 1, 1, Rational(1, 4)), 2)) == {X: 1}
