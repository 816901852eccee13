"""Tests of symflow.analysis: the analyze workflow as a library call (issue 13's maps, the JSON contract)."""

import json

import pytest

from symflow.analysis import Analysis, analyze
from symflow.errors import InvalidArgument, ParseError


def _laws(a: Analysis):
    return [str(law.expr) for law in a.laws.laws]


def test_u3_minus_v3_lists_its_law_with_the_exact_count():
    a = analyze("u v", "u**3 - v**3", init="u=1, v=2")
    assert a.laws.count == 1 and a.laws.count_verdict.word == "proved"
    assert _laws(a) == ["1/v + 1/u"] and a.laws.laws[0].verdict.word == "proved"
    assert a.regular.word == "proved" and "does not meet the singular set" in a.regular.detail
    assert a.potential.kind == "implicit" and "Integral" not in a.potential.formula
    assert a.cross_check.verdict.word == "verified"


def test_transcendental_map_has_an_integer_count():
    a = analyze("u v", "v*exp(u)")
    j = a.to_json()
    cl = j["conservation_laws"]
    assert cl["count"] == 1 and isinstance(cl["count"], int) and cl["count_verdict"] == "proved"
    assert cl["laws"] == ["u - v**2/2"] and cl["explicit"][0]["verdict"] == "proved"
    assert j["regular"]["singular_set"] == "empty" and j["regular"]["scope"] == "generic points"
    json.dumps(j)  # JSON-ready


def test_json_contract_fields():
    j = analyze("u v", "u*v", init="u=1, v=2", laws=["u**2 - v**2"], potential="theta**2").to_json()
    assert set(j["commuting"]) >= {"verdict", "detail"}
    assert set(j["regular"]) >= {"verdict", "singular_set"}
    assert set(j["conservation_laws"]) >= {"count", "laws", "verdict"}
    assert set(j["potential"]) >= {"kind", "expr", "latex", "verdict"}
    assert set(j["cross_check"]) >= {"verdict", "digits", "dps", "T"}
    assert [c["claim"] for c in j["claims"]] == ["law", "potential"]
    assert j["claims"][0]["verdict"] == "proved" and j["claims"][1]["verdict"] == "refuted"
    assert j["loss"]["default"] is True


def test_non_separable_commuting_map_gets_a_potential():
    a = analyze("u v", "(u+v)**2; (u-v)**2", init="u=1, v=2")
    assert a.commuting.word == "proved" and a.laws.count == 0
    assert a.potential.kind == "closed" and a.potential.verdict.word == "proved" and a.potential.coordinates
    assert a.cross_check.verdict.word == "verified"


@pytest.mark.parametrize("kw, err", [
    (dict(params="u v", mapping="__import__('os')"), ParseError),
    (dict(params="u v", mapping="u*v", init="u=1"), InvalidArgument),
    (dict(params="u v", mapping="u*v", T="-1"), InvalidArgument),
])
def test_bad_input_is_refused(kw, err):
    params, mapping = kw.pop("params"), kw.pop("mapping")
    with pytest.raises(err):
        analyze(params, mapping, **kw)


def test_result_renders_as_latex_and_names_what_it_recognised():
    from symflow.analysis import analyze

    a = analyze("u v", "u*v", init="u=1, v=2", dps=20)
    tex = a._repr_latex_()
    assert tex.startswith("$$\\begin{aligned}") and tex.endswith("\\end{aligned}$$")
    assert "\\operatorname{asinh}" in tex and "u^{2} - v^{2}" in tex and "cross-check" in tex
    assert "alpha = 3/2" in a.potential.recognised and a.to_json()["recognised"] == a.potential.recognised
    assert analyze("u v", "u*v; u + v").to_json()["recognised"] is None  # no init: nothing derived


def test_recognised_entropy_has_no_zero_linear_term():
    """u**2 from u = 1: R = theta log theta / 4 - theta / 4, the linear term vanishes and is not printed as (0)*theta."""
    from symflow.analysis import analyze

    rec = analyze("u", "u**2", init="u=1", dps=20).potential.recognised
    assert rec.startswith("the entropy") and "(0)" not in rec and "theta*log(theta)/4 - theta/4 + const" in rec
