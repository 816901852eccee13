"""Tests of proofs/discrete_dynamics/ (part a: spec §1, §2, §3.1-§3.3, §3.6-§3.12, §3.14, Figure 1): every ID of
these sections is covered, refuted printed claims keep a counterexample and a corrected companion, and a FAST run
reproduces every recorded verdict."""

import re
from pathlib import Path

import pytest
from sympy import Rational

from symflow import claims
from symflow.claims import CheckContext

from _catalogue import assert_recorded

FAST = CheckContext(dps=30, fast=True)
SPEC = Path(__file__).resolve().parents[1] / "proofs" / "spec" / "discrete_dynamics_004.md"
SECTIONS = ("1.1", "1.2", "1.3", "1.4", "1.5", "2.", "3.1 ", "3.2", "3.3", "3.6", "3.7", "3.8", "3.9", "3.10",
            "3.11", "3.12", "3.14", "DDyn-Fig1")


def test_the_ddyn_catalogue_is_full():
    """Both parts together: every DDyn spec ID claimed or cited, nothing pending, at most 15% cited."""
    claims.load_source("DDyn")
    cov = claims.registry.coverage("DDyn")
    assert cov.complete and cov.full, cov.problems()
    assert cov.cited_fraction <= claims.CITED_FRACTION


def _lane_ids():
    index = SPEC.read_text().split("## 5. ID index")[1]
    ids = set()
    for line in index.splitlines():
        if any(line.startswith(f"- {s}") for s in SECTIONS):
            ids |= set(re.findall(r"DDyn-[A-Za-z0-9.\-]+", line.split(":", 1)[1]))
    return ids


def _claims():
    return {c.id: c for c in claims.load_source("DDyn")}


def test_every_id_of_the_lane_is_covered():
    ids = _lane_ids()
    assert len(ids) == 141
    covered = set(_claims()) | set(claims.citations("DDyn"))
    assert ids <= covered, sorted(ids - covered)
    pending = set(__import__("proofs.discrete_dynamics", fromlist=["PENDING"]).PENDING)
    assert not (ids & pending)


def test_citations_stay_under_the_cap_for_this_half():
    cited = {i for i in claims.citations("DDyn") if not re.match(r"^DDyn-(Def|Ctx)", i)}
    assert len(cited) <= 15, sorted(cited)


def test_refuted_claims_have_counterexamples_and_corrections():
    cs = _claims()
    lane = _lane_ids()
    refuted = [c for c in cs.values() if c.expected == "refuted" and "/" not in c.id and c.id in lane]
    assert {"DDyn-Thm1", "DDyn-Eq30", "DDyn-Eq31", "DDyn-Cor2", "DDyn-Eq13", "DDyn-Eq50", "DDyn-Eq57",
            "DDyn-Eq33-B5", "DDyn-Claim-B2-basis", "DDyn-Claim-B3-zero-grad"} <= {c.id for c in refuted}
    no_fix = {"DDyn-Eq32", "DDyn-Claim-timerescale-RRR", "DDyn-Claim-abstract", "DDyn-Claim-intro-hierarchy",
              "DDyn-Claim-intro-contrib"}   # share DDyn-Cor2/corrected
    for c in refuted:
        if c.id not in no_fix:
            assert f"{c.id}/corrected" in cs, c.id


_RUN = [c for c in sorted(_claims().values(), key=lambda c: c.id)
        if c.kind is not claims.Kind.PROSE and c.base in _lane_ids()]   # part b's claims: its own test module


@pytest.mark.parametrize("claim", _RUN, ids=[c.id for c in _RUN])
def test_fast_run_reproduces_recorded_verdict(claim):
    assert_recorded(claims.run_one(claim, FAST), claim.expected)


def test_eq30_counterexample_is_the_exponent_of_the_initial_scale():
    (r,) = claims.run([claims.registry.get("DDyn-Eq30")], FAST)
    cex = r.evidence["counterexample"]
    a = Rational(cex["a"])
    # d/dt m^2 with the printed (30) carries e^{-3δ} where the mode equation needs e^{-4δ}: ratio 1/a
    assert Rational(cex["lhs"]) / Rational(cex["rhs"]) == 1 / a
