"""Tests of proofs/flat_minima/: the catalogue covers proofs/spec/flat_minima_002.md (a claim or a citation for every
ID, nothing PENDING, at most 15% of the claim-like IDs cited), refuted printed claims have corrected or
re-read companions and counterexamples, and a FAST run reproduces every recorded verdict."""

import pytest

from symflow import claims
from symflow.claims import CheckContext

from _catalogue import assert_recorded

FAST = CheckContext(dps=30, fast=True)
FM = claims.load_source("FM")


def test_catalogue_covers_the_spec_with_nothing_pending():
    import proofs.flat_minima as pkg

    cov = claims.registry.coverage("FM")
    spec = claims.spec_ids("FM")
    assert len(spec) == 81
    assert cov.complete and cov.full, cov.problems()
    assert pkg.PENDING == ()
    ids = {c.id for c in FM} | set(claims.citations("FM"))
    assert spec <= ids
    assert {c.base for c in FM} <= spec
    assert cov.cited_fraction <= 0.15


def test_every_entry_states_its_scope_and_refutations_have_companions():
    by_id = {c.id: c for c in FM}
    refuted = {c.id for c in FM if c.expected == "refuted"}
    assert {"FM-Cor-lr-fail", "FM-Cor-sharpness-sandwich", "FM-Claim-DNL-interpretation",
            "FM-Thm-sharpness-bounds-i", "FM-Claim-arbitrarily-sharp", "FM-Lemma-concentration-smin"} <= refuted
    for cid in refuted:
        parents = {"FM-Thm-sharpness-bounds", "FM-Lemma-concentration", "FM-Thm-sharpness/finite-L"}
        companions = [k for k in by_id if k.startswith(cid.split("/")[0] + "/") and k != cid]
        assert companions or cid in parents, cid


def test_prose_claims_state_their_reason():
    for c in FM:
        if c.kind is claims.Kind.PROSE:
            assert c.check is None and c.expected == "inconclusive" and len(c.reason) >= 20


@pytest.mark.parametrize("claim", FM, ids=[c.id for c in FM])
def test_fast_run_reproduces_recorded_verdict(claim):
    assert_recorded(claims.run_one(claim, FAST), claim.expected)


def test_dnl_counterexample_is_exact():
    (r,) = claims.run([claims.registry.get("FM-Claim-DNL-interpretation")], FAST)
    cex = r.evidence["counterexample"]
    assert r.verdict == "refuted" and cex["W(1)"] == "(2, 2) exactly" and cex["eta"] == "1/2"
