"""Tests of proofs/deep_diagonal.py: every ID of shared/spec/deep_diagonal_000.md is encoded (claim or citation),
every refuted printed claim has a corrected companion, and a FAST run reproduces every recorded verdict."""

import pathlib
import re

import pytest

from symflow import claims
from symflow.claims import CheckContext

ROOT = pathlib.Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "spec" / "deep_diagonal_000.md"  # shared/ sits beside the checkout (and in CI)

FAST = CheckContext(dps=30, fast=True)


def _spec_ids():
    return set(re.findall(r"\*\*\[?(DD-[A-Za-z0-9._-]+)\]?\*\*", SPEC.read_text()))


@pytest.mark.skipif(not SPEC.exists(), reason="spec file not available")
def test_every_spec_id_is_a_claim_or_a_citation():
    import proofs.deep_diagonal as dd

    source = (ROOT / "proofs" / "deep_diagonal.py").read_text()
    ids = {c.id for c in dd.CLAIMS} | set(dd.CITATIONS)
    spec = _spec_ids()
    assert len(spec) >= 140
    assert spec - ids == set()
    assert all(f'"{i}"' in source for i in spec)
    # no invented bare IDs: every claim is a spec ID or a suffixed part of one
    assert {c.id.split("/")[0] for c in dd.CLAIMS} <= spec
    assert not ({c.id for c in dd.CLAIMS} & set(dd.CITATIONS))


def test_refuted_printed_claims_have_corrections_and_counterexamples():
    dd = {c.id: c for c in claims.load_source("DD")}
    refuted = [c for c in dd.values() if c.expected == "refuted"]
    assert {"DD-Eq6", "DD-Eq20", "DD-Eq30", "DD-Eq31", "DD-S2.1-Theta", "DD-SA.4-Rank"} <= {c.id for c in refuted}
    for c in refuted:
        base = c.id.split("/")[0]
        companions = [k for k in dd if k.startswith(base + "/") and dd[k].expected in ("proved", "verified")]
        assert companions or base in ("DD-Prop1.1",) or "/" in c.id, c.id


def test_prose_claims_state_their_reason():
    for c in claims.load_source("DD"):
        if c.kind == "prose":
            assert c.check is None and c.expected == "inconclusive" and len(c.hypotheses) > 20


_RUN = [c for c in claims.load_source("DD") if not c.id.startswith("DD-Fig")]


@pytest.mark.parametrize("claim", _RUN, ids=[c.id for c in _RUN])
def test_fast_run_reproduces_recorded_verdict(claim):
    r = claims.run_one(claim, FAST)
    assert r.verdict == claim.expected, (r.id, r.verdict, r.detail)
    if r.verdict == "refuted":
        assert r.evidence["counterexample"]
    if r.verdict == "verified":
        assert r.digits is not None and r.digits >= 1


def test_eq6_counterexample_is_the_missing_factor_two():
    (r,) = claims.run(claims.select(["DD-Eq6"])[:1], FAST)
    cex = r.evidence["counterexample"]
    assert r.verdict == "refuted"
    # at the witness point, the true derivative is exactly twice the printed right side
    from sympy import Rational
    assert Rational(cex["lhs"]) == 2 * Rational(cex["rhs"]) != 0


def test_mirror_flow_digits_at_least_40_at_dps_50():
    (c,) = claims.select(["DD-Thm1/mirror-flow"])
    r = claims.run_one(c, CheckContext(dps=50, fast=True))
    assert r.verdict == "verified" and r.digits >= 40


@pytest.mark.parametrize("cid", ["DD-Eq7", "DD-Eq20/corrected", "DD-Eq31/corrected", "DD-Eq13"])
def test_mutants_of_true_claims_are_refuted(cid):
    (c,) = [x for x in claims.select([cid]) if x.id == cid]
    outcomes = claims.run_mutants(c, FAST)
    assert outcomes and all(v.word == "refuted" for _, v in outcomes)


def test_generic_identity_mutants_are_refuted():
    """`--mutate`: a claim proved by exact identities gets the mutant 'every rhs -> 2 rhs + 1', which must fail."""
    chosen = claims.select(["DD-Eq11", "DD-Eq24", "DD-S2.3-MinvODE"])
    results = claims.run(chosen, FAST, mutate=True)
    for r in results:
        assert r.ok, r.id
        assert r.mutants >= 1 and r.mutants_refuted == r.mutants, (r.id, r.evidence.get("mutant_verdicts"))
        assert "every right-hand side rhs -> 2 rhs + 1" in r.evidence["mutant_verdicts"]
