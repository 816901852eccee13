"""Tests of symflow.claims: the registry validates claims, select/run/summary/to_json follow the contract of DESIGN.md
("The contract"), and a failing check never crashes a run."""

import pytest

from symflow import claims
from symflow.claims import CheckContext, Claim, Registry, Result
from symflow.errors import InvalidArgument, UnknownClaim
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified


def _ok(ctx):
    return Proved("trivially")


def _claim(cid="DD-Test1", **kw):
    base = dict(id=cid, source="DD", statement="a statement", kind="symbolic", check=_ok, expected="proved")
    base.update(kw)
    return Claim(**base)


# ------------------------------------------------------------------------------------------- validation table

@pytest.mark.parametrize("kw", [
    dict(id="XX-Thm1"),                       # unknown source prefix
    dict(id="DD Thm1"),                       # space
    dict(id="DD-"),                           # empty label
    dict(id="HY-Thm1"),                       # id does not start with its source
    dict(source="ZZ"),                        # unknown source
    dict(kind="guess"),                       # unknown kind
    dict(expected="true"),                    # not a verdict word
    dict(check=None),                         # non-prose without check
    dict(kind="prose", check=_ok, expected="inconclusive", hypotheses="why"),  # prose with a check
    dict(kind="prose", check=None, expected="proved", hypotheses="why"),       # prose must expect inconclusive
    dict(kind="prose", check=None, expected="inconclusive"),                   # prose needs its reason
    dict(statement="  "),                     # empty statement
])
def test_claim_rejects_malformed(kw):
    with pytest.raises(InvalidArgument):
        _claim(**kw)


@pytest.mark.parametrize("kw", [dict(dps=10), dict(dps=30.0), dict(dps=True), dict(seed="0")])
def test_context_rejects_bad_values(kw):
    with pytest.raises(InvalidArgument):
        CheckContext(**kw)


def test_registry_rejects_duplicates_and_claim_citation_clash():
    reg = Registry()
    reg.register(_claim("DD-A"))
    with pytest.raises(InvalidArgument, match="twice"):
        reg.register(_claim("DD-A"))
    with pytest.raises(InvalidArgument, match="both a claim and a citation"):
        reg.cite("DD-A", "somewhere")
    reg.cite("DD-Def-X", "families")
    with pytest.raises(InvalidArgument):
        reg.register(_claim("DD-Def-X"))


def test_missing_source_module_means_no_claims(monkeypatch):
    monkeypatch.setitem(claims.SOURCES, "FM", "proofs.no_such_module_for_tests")
    reg = Registry()
    assert reg.claims("FM") == []


# --------------------------------------------------------------------------------------------------- select

def test_select_source_id_family_and_prefix():
    dd = claims.select(["DD"])
    assert dd and all(c.source == "DD" for c in dd)
    ids = [c.id for c in claims.select(["DD-Eq20"])]
    assert "DD-Eq20" in ids and "DD-Eq20/corrected" in ids
    assert all(i.split("/")[0] == "DD-Eq20" for i in ids)
    a4 = [c.id for c in claims.select(["DD-SA.4"])]
    assert "DD-SA.4-Rank" in a4 and all(i.startswith("DD-SA.4") for i in a4)


def test_select_unknown_lists_close_matches():
    with pytest.raises(UnknownClaim, match="DD-Thm2"):
        claims.select(["DD-Thm3"])


def test_select_citation_says_no_verdict():
    with pytest.raises(UnknownClaim, match="no verdict"):
        claims.select(["DD-Eq2"])


def test_citations_filter():
    cites = claims.citations(["DD-Def"])
    assert cites and all(k.startswith("DD-Def") for k in cites)
    assert "DD-Eq33" in claims.citations("DD")


# ------------------------------------------------------------------------------------------------------ run

def _boom(ctx):
    raise ZeroDivisionError("division by zero inside a check")


def test_run_turns_exceptions_and_bad_returns_into_failed():
    bad = [_claim("DD-T-raise", check=_boom), _claim("DD-T-none", check=lambda ctx: None)]
    res = claims.run(bad, CheckContext(dps=20))
    assert [r.verdict for r in res] == ["inconclusive", "inconclusive"]
    assert all(r.evidence["reason"] == "failed" and not r.ok for r in res)
    assert "ZeroDivisionError" in res[0].detail


def test_run_prose_and_progress():
    prose = _claim("DD-T-prose", kind="prose", check=None, expected="inconclusive", hypotheses="pure prose here")
    seen = []
    res = claims.run([prose, _claim("DD-T-ok")], CheckContext(dps=20), progress=seen.append)
    assert seen == ["DD-T-prose", "DD-T-ok"]
    assert res[0].verdict == "inconclusive" and res[0].ok and res[0].evidence["reason"] == "prose"
    assert res[0].detail == "pure prose here"
    assert res[1].verdict == "proved" and res[1].ok


def test_mutants_counted_only_for_claims_that_hold():
    def refute(ctx):
        return Refuted("mutant fails", counterexample={"x": "1"})

    holds = _claim("DD-T-m", mutants=lambda: [("a", refute), ("b", _ok)])
    fails = _claim("DD-T-f", check=refute, expected="refuted", mutants=lambda: [("a", refute)])
    r1, r2 = claims.run([holds, fails], CheckContext(dps=20), mutate=True)
    assert (r1.mutants, r1.mutants_refuted) == (2, 1)
    assert r1.evidence["mutant_verdicts"] == {"a": "refuted", "b": "proved"}
    assert (r2.mutants, r2.mutants_refuted) == (0, 0)
    assert [v.word for _, v in claims.run_mutants(holds)] == ["refuted", "proved"]


def test_summary_and_json_fields():
    def verified(ctx):
        return Verified("ok", n_digits=12, points=("p",), dps=20)

    cl = [_claim("DD-T-a"), _claim("DD-T-b", check=verified, expected="verified", kind="numeric"),
          _claim("DD-T-c", check=lambda ctx: Inconclusive("x", reason=Reason.PRECISION))]
    res = claims.run(cl, CheckContext(dps=20))
    s = claims.summary(res)
    assert s["claims"] == 3 and s["verdicts"]["proved"] == 1 and s["verdicts"]["verified"] == 1
    assert s["sources"]["DD"]["inconclusive"] == 1
    assert [m["id"] for m in s["mismatches"]] == ["DD-T-c"] and not s["ok"]
    js = claims.to_json(res)
    for row in js:
        assert {"id", "source", "kind", "statement", "verdict", "expected", "digits", "detail"} <= set(row)
    assert js[1]["digits"] == 12 and js[0]["digits"] is None


def test_result_ok_is_verdict_equals_expected():
    r = Result(id="DD-X", source="DD", kind="symbolic", statement="s", verdict="refuted", expected="refuted",
               digits=None, detail="")
    assert r.ok and r.to_dict()["ok"]
