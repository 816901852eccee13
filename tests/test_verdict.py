import json

import pytest

from symflow.verdict import WORDS, Inconclusive, Proved, Reason, Refuted, Verified


def test_words_are_the_contract():
    assert WORDS == ("proved", "verified", "refuted", "inconclusive")
    assert [c.word for c in (Proved, Verified, Refuted, Inconclusive)] == list(WORDS)


def test_verified_requires_measured_digits_and_points():
    with pytest.raises(ValueError):
        Verified("x", n_digits=0, points=("p",))
    with pytest.raises(ValueError):
        Verified("x", n_digits=10, points=())
    v = Verified("agree", n_digits=45, points=("u=1",), dps=50, method="doubling")
    assert v.digits == 45 and v.holds
    assert "digits=45" in repr(v)


def test_refuted_requires_counterexample():
    with pytest.raises(ValueError):
        Refuted("no point")
    r = Refuted("bad", counterexample={"u": "1/2", "lhs": "1", "rhs": "2"})
    assert not r.holds
    assert r.to_dict()["counterexample"]["u"] == "1/2"


def test_to_dict_is_json_and_exact():
    import sympy

    r = Refuted("x", counterexample={"point": {sympy.Symbol("u"): sympy.Rational(1, 3)}})
    d = json.loads(json.dumps(r.to_dict()))
    assert d["verdict"] == "refuted" and d["counterexample"]["point"]["u"] == "1/3"


def test_inconclusive_names_remedy():
    v = Inconclusive("diverged", reason=Reason.PRECISION)
    assert "dps" in v.summary()
    assert v.to_dict()["reason"] == "precision"
    assert not v.holds
