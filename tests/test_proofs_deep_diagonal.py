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
    assert r.scope and (r.verdict != "proved" or r.scope == "general"), (r.id, r.scope)
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


def test_prop12_vacuous_mutant_is_proved_implied_and_every_scored_mutant_refuted():
    """A mutant whose hypothesis can never hold (w0^2 < -u0^2) is a tighter hypothesis: proved implied, run, not
    scored; every scored mutant is refuted."""
    (r,) = claims.run([claims.registry.get("DD-Prop1.2")], FAST, mutate=True)
    assert r.mutants >= 20 and r.mutants_refuted == r.mutants and r.survivors == ()
    assert [i["label"] for i in r.implied] == ["hyp: sign flipped at u0**2"] and r.unsound == ()


@pytest.mark.parametrize("cid", ["DD-Thm2-pf.1", "DD-Thm2-pf.2", "DD-S2.3-LowerBound"])
def test_key_proof_steps_refute_every_scored_mutant(cid):
    (r,) = claims.run([claims.registry.get(cid)], FAST, mutate=True)
    assert r.mutants >= 5 and r.mutants_refuted == r.mutants and r.implied and r.unsound == ()


def test_a_wrong_role_declaration_is_caught_as_unsound():
    """Thm 2's step f' <= -2σμ f is both concluded and assumed (Grönwall): declaring it "looser" would hide the
    mutant f' <= +2σμ f from the score; the check refutes that mutant, and the runner reports the contradiction."""
    from dataclasses import replace

    c = claims.registry.get("DD-Thm2-pf.2")
    wrong = replace(c, statement=c.statement.monotone("step", "looser"))
    (r,) = claims.run([wrong], FAST, mutate=True)
    assert [u["label"] for u in r.unsound] == ["step: sign flipped at -2*f*mu*sigma"]


def test_the_catalogue_is_packaged_by_section():
    import proofs.deep_diagonal as dd

    assert not dd.PENDING
    assert {"layers", "convergence", "thm1", "thm2", "appendix_a4", "citations"} <= set(dd.SECTIONS)
    where = {c.where.rsplit(".", 1)[0] for c in claims.load_source("DD") if c.kind is not claims.Kind.PROSE}
    assert all(w.startswith("proofs.deep_diagonal.") and "_legacy" not in w for w in where), where


def _explained(v) -> bool:
    """A surviving mutant is explained when its check marks it IMPLIED (a weaker or vacuous, true statement)."""
    return bool((getattr(v, "info", None) or {}).get(claims.IMPLIED)
                or (getattr(v, "certificate", None) or {}).get(claims.IMPLIED))


@pytest.mark.parametrize("cid", ["DD-Thm2-pf.2", "DD-SA.4-AinM/corrected", "DD-Eq13", "DD-Thm1/potential"])
def test_mutants_of_key_claims_are_refuted_or_explained(cid):
    (c,) = [x for x in claims.select([cid]) if x.id == cid]
    outcomes = claims.run_mutants(c, FAST)
    killed = [m for m, v in outcomes if v.word == "refuted"]
    assert len(killed) >= 3
    for m, v in outcomes:
        if v.word != "refuted":
            assert _explained(v), (m.label, v.word, v.detail)


def test_thm2_refutes_sigma_max_and_dropped_minimal_layer():
    """Defect 3 of issue 8: σ's min -> max and a dropped -u^{k_i}(0)^2 must refute (15) on its instance."""
    from proofs.deep_diagonal import thm2

    c = claims.registry.get("DD-Thm2")
    for m in c.statement.mutants():
        if m.op.name == "MINMAX" or (m.op.name == "DROP" and m.part == "factor"):
            v = c.check(FAST.with_statement(c.statement).with_statement(m.statement, mutant=m))
            assert v.word == "refuted", (m.label, v.detail)
    assert thm2.TIGHT[0][0] != 0  # the minimal layer of the tight coordinate is non-zero (so the drop matters)


def test_leaf_relation_proves_the_bound_and_refutes_a_stronger_one():
    from sympy import GreaterThan

    from proofs.deep_diagonal._leaf import leaf_relation
    from proofs.deep_diagonal._model import u, u0, w0

    assert leaf_relation(GreaterThan(u ** 2, u0 ** 2 - w0 ** 2), what="bound").word == "proved"
    v = leaf_relation(GreaterThan(u ** 2, u0 ** 2), what="stronger")
    assert v.word == "refuted" and v.counterexample["where"] == "the minimal layer crosses 0"


def test_decoupled_envelope_starts_at_the_integrated_loss():
    import mpmath

    from proofs.deep_diagonal._decay import decoupled_curve, envelope
    from proofs.deep_diagonal.thm2 import TIGHT

    curve = decoupled_curve(TIGHT, Rational(1), 4, 30)
    with mpmath.workdps(30):
        assert abs(envelope(curve, curve.horizon) / curve.gaps[-1] - 1) < mpmath.mpf(10) ** -20
        assert envelope(curve, 2 * curve.horizon) < curve.gaps[-1]


def test_window_of_33_is_not_the_block_but_the_corrected_one_is():
    from proofs.deep_diagonal.appendix_a4 import WIN_CORRECTED, WIN_PRINTED, window_is_block

    assert window_is_block(WIN_CORRECTED).word == "proved"
    assert window_is_block(WIN_PRINTED).word == "refuted"


def test_verify_of_a_source_without_claims_exits_2(capsys, monkeypatch):
    """A source whose package does not exist yet: one line, exit 2 (every real source has claims now, so the
    source's package is pointed at a module that does not exist, in a fresh registry)."""
    from symflow.claims import _registry, _runner
    from symflow.cli import main

    info = _registry.SOURCES["HY"]
    monkeypatch.setitem(_registry.SOURCES, "HY", _registry.SourceInfo("HY", "proofs.not_written_yet", info.spec,
                                                                      info.title))
    fresh = _registry.Registry()
    monkeypatch.setattr(_registry, "registry", fresh)
    monkeypatch.setattr(_runner, "registry", fresh)
    assert main(["verify", "HY"]) == 2
    assert "no claims" in capsys.readouterr().err
