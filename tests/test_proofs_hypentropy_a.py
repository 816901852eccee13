"""Tests of proofs/hypentropy/, first half (spec §1, §2, §3.1, §3.2): every ID of these sections is claimed, cited
or PENDING; refuted printed claims carry counterexamples and corrected companions; a FAST run reproduces every
recorded verdict; the row-symbolic decision of _least_squares refutes what it must."""

import re
from pathlib import Path

import sympy

from symflow import claims
from symflow.claims import CheckContext

from _catalogue import assert_recorded

FAST = CheckContext(dps=30, fast=True)
SPEC = Path(__file__).resolve().parents[1] / "proofs" / "spec" / "hypentropy_003.md"


def test_the_hy_catalogue_is_full():
    """Both halves together: every HY spec ID claimed or cited, nothing pending, at most 15% cited."""
    claims.load_source("HY")
    cov = claims.registry.coverage("HY")
    assert cov.complete and cov.full, cov.problems()
    assert cov.cited_fraction <= claims.CITED_FRACTION


def _my_ids() -> set:
    """The spec IDs of §1 (setting), §2 (definitions), §3.1 and §3.2 of hypentropy_003.md."""
    text = SPEC.read_text(encoding="utf-8")
    start, stop = text.index("## 1. Setting and notation"), text.index("### 3.3 ")
    return set(re.findall(r"\*\*\[(HY-[A-Za-z0-9._-]+)\]\*\*", text[start:stop]))


def test_every_id_of_this_half_is_covered():
    mine = _my_ids()
    assert len(mine) >= 70
    hy = claims.load_source("HY")
    claimed = {c.base for c in hy}
    cited = set(claims.citations("HY"))
    from proofs import hypentropy
    assert mine <= claimed | cited | set(hypentropy.PENDING), sorted(mine - claimed - cited)
    assert not (mine & set(hypentropy.PENDING)), "this half has nothing pending"
    cov = claims.registry.coverage("HY")
    assert not cov.unknown and not cov.bad_cites and not cov.bad_corrections, cov.problems()


def test_refuted_printed_claims_have_counterexample_and_correction():
    hy = {c.id: c for c in claims.load_source("HY") if c.base in _my_ids()}
    refuted = {k for k, c in hy.items() if c.expected == "refuted"}
    assert {"HY-Thm2.6", "HY-Thm2.6-pf.2", "HY-Thm2.6-pf.6", "HY-Thm2.7-pf.4", "HY-Thm2.3-pf.2",
            "HY-S2.2.2-Sublinear"} <= refuted
    for k in refuted:
        assert k + "/corrected" in hy, k


def _fast_claims():
    return [c for c in claims.load_source("HY") if c.base in _my_ids()]


def test_fast_run_reproduces_every_verdict():
    results = claims.run(_fast_claims(), FAST)
    bad = [(r.id, r.verdict, r.expected, r.detail[:160]) for r in results if not r.ok]
    assert not bad, bad
    for r in results:
        assert_recorded(r, r.expected)
        if r.verdict == "refuted":
            assert r.evidence.get("counterexample") is not None, r.id


def test_rowwise_decisions():
    from proofs.hypentropy._least_squares import B, BB, F, GradF, Ip
    from proofs.hypentropy._rowwise import decide_rowwise

    assert decide_rowwise(sympy.Le(Ip(GradF(B), BB - B), -(F(B) - F(BB))), what="convexity").word == "proved"
    flipped = decide_rowwise(sympy.Ge(Ip(GradF(B), BB - B), -(F(B) - F(BB))), what="flipped")
    assert flipped.word == "refuted" and "row values" in flipped.counterexample


def test_statement_mutants_are_killed_or_explained_for_a_sample_claim():
    (c,) = [c for c in claims.load_source("HY") if c.id == "HY-Lem2.4-pf"]
    r = claims.run_one(c, FAST, mutate=True)
    assert r.mutants and r.mutants_refuted >= r.mutants - 2
    assert all(s.reason.startswith("equivalent") for s in r.survivors), r.survivors


def test_placeholders_carry_their_signs_and_parities():
    """|v|^2 and |v|_*^2 are even and >= 0, X v, X^T u and <g, v> odd (linear), D_phi, D_F, F >= 0: a sign flipped
    inside them is the same statement, and SymPy's assumptions see the signs."""
    from proofs.hypentropy._least_squares import B, BS, DF, DPhi, F, GradPhi, Ip, Sq, SqStar, Xt, Xv

    v = B - BS
    assert Sq(-v) == Sq(v) and SqStar(-v) == SqStar(v)
    assert Xv(-v) == -Xv(v) and Xt(-v) == -Xt(v)
    assert Ip(-GradPhi(B), v) == -Ip(GradPhi(B), v) and Ip(-GradPhi(B), -v) == Ip(GradPhi(B), v)
    assert all(e.is_nonnegative for e in (Sq(v), SqStar(v), DPhi(BS, B), DF(BS, B), F(B)))
    assert Ip(GradPhi(B), v).is_real and Ip(GradPhi(B), v).is_nonnegative is None


def test_rate_bound_mutants_proved_implied_and_an_undefined_point_says_nothing():
    """The declared roles of Thm 2.7: dropping the time term (a larger bound) is proved implied; the check reads a
    statement that divides by zero at t = T0 as silent there, not as a failure."""
    from proofs.hypentropy.local_rates_sublinear import THM27

    labels = {m.label: m for m in THM27.mutants() if not m.equivalent}
    assert labels["bound: sign flipped at D_t"].implied
    (c,) = [c for c in claims.load_source("HY") if c.id == "HY-Thm2.7"]
    (dropped,) = [m for m in THM27.mutants() if m.label.startswith("bound: term dropped at 1/D_T0")
                  and "D_T0" not in str(m.statement.bound.rhs)]  # C^2 |X^T+|^2 / (t - T0): 1/0 at T0
    v = c.check(FAST.with_statement(THM27).with_statement(dropped.statement, mutant=dropped))
    assert v.word == "verified"


def test_a_lojasiewicz_hypothesis_true_for_every_kappa_gives_a_large_kappa():
    """D_F >= -kappa/2 D_phi^theta holds for every kappa (both divergences >= 0): Lemma 2.5 then claims any rate,
    and the check takes kappa = 10^6 (so that the conclusion is tested, and fails)."""
    from proofs.hypentropy._least_squares import B, BS, DF, DPhi
    from proofs.hypentropy._rates import rate_data, rate_instances
    from proofs.hypentropy.local_rates import KAPPA, THETA, lojasiewicz_kappa

    data = rate_data(rate_instances(True)[0], 30)
    hyp = sympy.Ge(DF(BS, B), -KAPPA / 2 * DPhi(BS, B) ** THETA)
    assert lojasiewicz_kappa(hyp, data, 1, 30) == 10 ** 6
