"""Tests of the second half of proofs/hypentropy/ (spec §3.3-§4: potential*, global_rates, ablations, appendix,
context, experiments): every ID of these sections is covered, refuted printed claims carry counterexamples and
corrected companions, and a FAST run reproduces every recorded verdict."""

import re
from pathlib import Path

import pytest

from symflow import claims
from symflow.claims import CheckContext

from _catalogue import assert_recorded

FAST = CheckContext(dps=20, fast=True)
SPEC = Path(__file__).resolve().parents[1] / "proofs" / "spec" / "hypentropy_003.md"


def _lane_ids() -> list[str]:
    text = SPEC.read_text(encoding="utf-8")
    start = text.index("### 3.3 Hypentropy as a mirror-flow potential")
    return re.findall(r"\*\*\[(HY-[^\]]+)\]\*\*", text[start:])


def _mine():
    claims.load_source("HY")
    lane = set(_lane_ids())
    return [c for c in claims.registry.claims("HY") if c.base in lane]


def test_every_id_of_the_lane_is_covered():
    lane = _lane_ids()
    assert len(lane) == 75
    ids = {c.id for c in _mine()} | set(claims.citations("HY"))
    assert set(lane) <= ids, sorted(set(lane) - ids)
    import proofs.hypentropy as hy
    assert not set(lane) & set(hy.PENDING)


def test_refuted_claims_have_counterexample_companions():
    mine = {c.id: c for c in _mine()}
    refuted = {c.id for c in mine.values() if c.expected == "refuted"}
    assert {"HY-S5.1-Identity", "HY-LemA.1", "HY-LemA.2-pf.1", "HY-Exp-Protocol", "HY-Fig-3"} <= refuted
    for cid in refuted - {"HY-LemA.1-pf.1", "HY-LemA.1-pf.2", "HY-LemA.1-pf.3"}:
        assert any(k.startswith(cid + "/") and mine[k].expected in ("proved", "verified") for k in mine), cid


def test_cited_share_and_prose_reasons():
    for c in _mine():
        if c.kind is claims.Kind.PROSE:
            assert c.check is None and len(c.reason) >= 20


@pytest.mark.parametrize("base", _lane_ids())
def test_fast_run_reproduces_recorded_verdict(base):
    for claim in [c for c in _mine() if c.base == base and c.kind is not claims.Kind.PROSE]:
        assert_recorded(claims.run_one(claim, FAST), claim.expected)


def test_thm34_mutant_of_the_potential_is_refuted():
    c = claims.registry.get("HY-Thm3.4")
    outcomes = claims.run_mutants(c, FAST)
    killed = sum(v.word == "refuted" for _, v in outcomes)
    assert outcomes and killed >= len(outcomes) - 4   # the 4 survivors are affine changes of the potential
