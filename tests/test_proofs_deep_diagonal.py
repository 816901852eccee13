"""Tests of proofs/deep_diagonal/: the catalogue covers proofs/spec/deep_diagonal_000.md (claim or citation for
every ID), refuted printed claims have corrected companions, and a FAST run reproduces every recorded verdict."""

import pytest
from sympy import Rational

from symflow import claims
from symflow.claims import CheckContext

FAST = CheckContext(dps=30, fast=True)


def test_catalogue_covers_the_spec():
    claims.load_source("DD")
    cov = claims.registry.coverage("DD")
    spec = claims.spec_ids("DD")
    assert len(spec) >= 140
    assert cov.complete, cov.problems()
    ids = {c.id for c in claims.load_source("DD")} | set(claims.citations("DD"))
    assert spec <= ids
    # no invented bare IDs: every claim is a spec ID or a suffixed part of one
    assert {c.base for c in claims.load_source("DD")} <= spec


def test_refuted_printed_claims_have_corrections_and_counterexamples():
    dd = {c.id: c for c in claims.load_source("DD")}
    refuted = [c for c in dd.values() if c.expected == "refuted"]
    assert {"DD-Eq6", "DD-Eq20", "DD-Eq30", "DD-Eq31", "DD-S2.1-Theta", "DD-SA.4-Rank"} <= {c.id for c in refuted}
    for c in refuted:
        companions = [k for k in dd if k.startswith(c.base + "/") and dd[k].expected in ("proved", "verified")]
        assert companions or c.base in ("DD-Prop1.1",) or "/" in c.id, c.id


def test_prose_claims_state_their_reason():
    for c in claims.load_source("DD"):
        if c.kind is claims.Kind.PROSE:
            assert c.check is None and c.expected == "inconclusive" and len(c.reason) >= 20


_RUN = [c for c in claims.load_source("DD") if not c.id.startswith("DD-Fig")]


@pytest.mark.parametrize("claim", _RUN, ids=[c.id for c in _RUN])
def test_fast_run_reproduces_recorded_verdict(claim):
    r = claims.run_one(claim, FAST)
    assert r.verdict == claim.expected, (r.id, r.verdict, r.detail)
    if r.verdict == "refuted":
        assert r.evidence["counterexample"]
    if r.verdict == "verified" and r.evidence.get("exact") is not True:
        assert r.digits is None or r.digits >= 1


def test_eq6_counterexample_is_the_missing_factor_two():
    (r,) = claims.run([claims.registry.get("DD-Eq6")], FAST)
    cex = r.evidence["counterexample"]
    assert r.verdict == "refuted"
    # at the witness point, the true derivative is exactly twice the printed right side
    assert Rational(cex["lhs"]) == 2 * Rational(cex["rhs"]) != 0


def test_mirror_flow_digits_at_least_40_at_dps_50():
    (c,) = claims.select(["DD-Thm1/mirror-flow"])
    r = claims.run_one(c, CheckContext(dps=50, fast=True))
    assert r.verdict == "verified" and r.digits >= 40


@pytest.mark.parametrize("cid", ["DD-Eq7", "DD-Eq6/corrected", "DD-Prop1.1/corrected", "DD-Prop1.1-pf"])
def test_mutants_of_true_claims_are_refuted(cid):
    (c,) = [x for x in claims.select([cid]) if x.id == cid]
    outcomes = claims.run_mutants(c, FAST)
    assert outcomes
    killed = [m for m, v in outcomes if v.word == "refuted"]
    assert len(killed) == len(outcomes), [(m.label, v.word) for m, v in outcomes if v.word != "refuted"]


def test_prop12_survivor_is_explained_as_vacuous():
    """A mutant whose hypothesis can never hold states something true: it survives, with the reason."""
    (r,) = claims.run([claims.registry.get("DD-Prop1.2")], FAST, mutate=True)
    assert r.mutants >= 20 and r.mutants - r.mutants_refuted == len(r.survivors) == 1
    assert r.survivors[0].reason.startswith("vacuous")
