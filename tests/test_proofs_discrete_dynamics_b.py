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
