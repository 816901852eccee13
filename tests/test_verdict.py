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


def test_verdicts_render_as_short_html_for_jupyter():
    from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

    html = Refuted("x < 0 at <b>", counterexample={"x": "-1"})._repr_html_()
    assert "color:red" in html and "refuted" in html and "&lt;b&gt;" in html and "<b>" not in html
    html = Verified("agree", n_digits=42, points=({"x": "1"},))._repr_html_()
    assert "color:green" in html and "42 digits" in html
    assert "general" not in Proved("exact")._repr_html_()
    assert "remedy" not in Inconclusive("d", reason=Reason.TIMEOUT)._repr_html_()
    assert "raise the time limit" in Inconclusive("d", reason=Reason.TIMEOUT)._repr_html_()
