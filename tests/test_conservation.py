"""Tests of symflow.conservation: law counts against known results, exact polynomial laws, law checks."""

from __future__ import annotations

import sympy
import pytest
from hypothesis import given, settings, strategies as st

from symflow.conservation import (check_law, conservation_laws, first_integrals, independent_laws, laurent_laws,
                                  law_count, polynomial_laws, separable_first_integral)
from symflow.errors import InvalidArgument
from symflow.families import deep_diagonal, deep_linear, merged_direction_relu, power, two_branch, uv
from symflow.parameterization import Parameterization

x1, x2, x3 = sympy.symbols("x1 x2 x3", real=True)


def _linear_formula(dims):
    return sum(n * (n + 1) // 2 for n in dims[1:-1])


# -- counts ----------------------------------------------------------------------------------------------------
def test_product_of_three_has_two_laws():
    G = Parameterization((x1, x2, x3), (x1 * x2 * x3,))
    count, cert = law_count(G)
    assert count == 2 and cert["dim_lie"] == 1 and cert["exact"]  # d = 1: commuting, dim Lie <= 1 reached
    count, cert = law_count(deep_linear((2, 2, 2)), known_laws=())
    assert "UPPER bound" in cert["direction"] and not cert["exact"]


@pytest.mark.parametrize("dims, expected", [((2, 2, 2), 3), ((2, 3, 2, 2), 9), ((3, 3, 3), 6)])
def test_deep_linear_counts(dims, expected):
    count, cert = law_count(deep_linear(dims))
    assert count == expected == _linear_formula(dims)
    assert cert["commuting"] == "refuted"


@pytest.mark.parametrize("L, d", [(2, 1), (3, 2), (4, 3)])
def test_deep_diagonal_count_is_exact(L, d):
    count, cert = law_count(deep_diagonal(L, d))
    assert count == (L - 1) * d
    assert cert["exact"] and cert["commuting"] == "proved"  # commuting: dim Lie <= d, reached exactly


@pytest.mark.parametrize("d", [1, 2, 4])
def test_uv_count(d):
    assert law_count(uv(d))[0] == d


def test_two_branch_and_power_counts():
    assert law_count(two_branch(2, 2))[0] == 2
    assert law_count(two_branch(3, 2))[0] == 2
    assert law_count(power(3, 2))[0] == 0


def test_known_laws_make_the_count_exact():
    G = deep_linear((2, 2, 2))
    laws = polynomial_laws(G, 2)
    count, cert = law_count(G, known_laws=laws)
    assert count == 3 and cert["exact"] and cert["known_laws_independent"] == 3
    assert cert["direction"].count("exact") == 1  # one sentence, said once


def test_known_law_that_is_not_conserved_is_rejected():
    with pytest.raises(InvalidArgument, match="not conserved"):
        law_count(uv(1), known_laws=["u**2 + v**2"])


@settings(deadline=None, max_examples=8)
@given(st.lists(st.integers(2, 3), min_size=3, max_size=4))
def test_deep_linear_count_matches_formula(dims):
    # Marcotte et al. 2023: sum over hidden widths of n(n+1)/2 (widths >= 2; with widths 1 there can be more or
    # fewer, e.g. (1, 3, 1) has D - d = 5 < 6 laws)
    assert law_count(deep_linear(tuple(dims)))[0] == _linear_formula(dims)


def test_formula_fails_with_a_bottleneck():
    # (1, 3, 1): theta = w2 . w1, D = 6, d = 1: at most D - 1 = 5 laws, the formula would say 6
    count, cert = law_count(deep_linear((1, 3, 1)))
    assert count == 5 and cert["exact"]  # commuting (d = 1): exact


# -- merged ReLU (HY-Lem3.5) -----------------------------------------------------------------------------------
def test_merged_direction_relu_count_and_laws():
    G = merged_direction_relu((2, 1))
    assert G.D == 6
    count, cert = law_count(G)
    assert count == 4 and cert["exact"]
    a1, a2, a3, b1, b2, b3 = G.params
    laws = polynomial_laws(G, 2)
    expected = [a1**2 - b1**2, a1 * a2 - b1 * b2, a1 * b2 - a2 * b1, a2**2 - b2**2, a3**2 - b3**2]
    assert len(laws) == 5
    for h in expected:  # each expected law is in the span found (here: equal up to sign)
        assert any(sympy.expand(h - g) == 0 or sympy.expand(h + g) == 0 for g in laws)
    assert independent_laws(G, laws) == 4  # five polynomials, four functionally independent


# -- check_law -------------------------------------------------------------------------------------------------
def test_check_law_uv():
    u, v = uv(1).params
    assert check_law(uv(1), u**2 - v**2).word == "proved"
    verdict = check_law(uv(1), u**2 + v**2)
    assert verdict.word == "refuted"
    ce = verdict.counterexample
    point = {s: sympy.Rational(ce["point"][str(s)]) for s in (u, v)}
    # recompute <grad h, grad G_1> = 2u*v + 2v*u at the point
    assert sympy.Rational(ce["value"]) == (4 * u * v).xreplace(point) != 0
    assert ce["index"] == 1


def test_check_law_accepts_text_and_plain_symbols():
    assert check_law(uv(1), "u**2 - v**2").word == "proved"
    u, v = sympy.symbols("u v")  # no real=True: matched by name
    assert check_law(uv(1), u**2 - v**2).word == "proved"


def test_check_law_deep_linear_laws_and_a_wrong_one():
    G = deep_linear((2, 2, 2))
    W1, W2 = G.meta["W"]
    M = W2.T * W2 - W1 * W1.T
    for e in M:
        assert check_law(G, e).word == "proved"
    assert check_law(G, (W2.T * W2 + W1 * W1.T)[0, 0]).word == "refuted"


def test_check_law_non_polynomial():
    pytest.importorskip("symflow.identity")
    G = Parameterization((x1, x2), (sympy.exp(x1) * sympy.exp(x2),))
    assert check_law(G, x1 - x2).holds
    assert check_law(G, x1 + x2).word == "refuted"


def test_check_law_rejects_foreign_symbols():
    with pytest.raises(InvalidArgument, match="not a parameter"):
        check_law(uv(1), sympy.Symbol("z") ** 2)


# -- polynomial_laws -------------------------------------------------------------------------------------------
def test_polynomial_laws_uv_degree_two():
    u, v = uv(1).params
    laws = polynomial_laws(uv(1), 2)
    assert len(laws) == 1
    ratio = sympy.cancel(laws[0] / (u**2 - v**2))
    assert ratio.is_number and ratio != 0
    assert laws[0] == u**2 - v**2  # the readable normal form


def test_polynomial_laws_are_conserved_and_integral():
    for G in (deep_linear((2, 3, 2)), deep_diagonal(3, 2), two_branch(2, 1)):
        laws = polynomial_laws(G, 2)
        assert laws
        for h in laws:
            assert check_law(G, h).word == "proved"
            assert all(c.is_Integer for c in sympy.Poly(h, *G.params).coeffs())


def test_deep_linear_laws_are_the_gram_differences():
    G = deep_linear((2, 2, 2))
    W1, W2 = G.meta["W"]
    M = W1 * W1.T - W2.T * W2
    laws = polynomial_laws(G, 2)
    assert len(laws) == 3
    assert {sympy.expand(h) for h in laws} == {sympy.expand(M[0, 0]), sympy.expand(M[0, 1]),
                                               sympy.expand(M[1, 1])}


def test_no_polynomial_laws_for_cubic_two_branch():
    # theta = up^3 - um^3 conserves 1/up + 1/um, which is not polynomial
    assert polynomial_laws(two_branch(3, 1), 2) == []
    assert polynomial_laws(two_branch(3, 1), 2, homogeneous=False) == []


@pytest.mark.parametrize("degree", [0, -1, 1.5, True])
def test_polynomial_laws_invalid_degree(degree):
    with pytest.raises(InvalidArgument, match="degree"):
        polynomial_laws(uv(1), degree)


def test_polynomial_laws_needs_polynomial_G():
    with pytest.raises(InvalidArgument, match="not polynomial"):
        polynomial_laws(Parameterization((x1, x2), (sympy.exp(x1) * x2,)), 2)


# -- conservation_laws: the count from the Lie algebra, the explicit laws each checked -----------------------------
def test_conservation_laws_complete_set():
    s = conservation_laws(deep_linear((2, 2, 2)))
    assert s.count == 3 and len(s.laws) == 3 and s.verdict.word == "proved" and s.count_verdict.word == "proved"
    s = conservation_laws(uv(2))
    assert s.verdict.word == "proved" and s.not_found == 0
    assert all(law.verdict.word == "proved" and law.method.startswith("polynomial") for law in s.laws)


def test_conservation_laws_finds_the_laurent_law_of_two_branch_maps():
    """u^L - v^L has the law u^(2-L) + v^(2-L) (issue 13: the law section was empty for L = 3)."""
    for L, law in ((3, "1/um + 1/up"), (4, "um**(-2) + up**(-2)")):
        G = two_branch(L, 1)
        up, um = G.params
        s = conservation_laws(G)
        assert s.count == 1 and s.count_verdict.word == "proved" and s.verdict.word == "proved"
        (found,) = s.laws
        assert sympy.simplify(found.expr - (up ** (2 - L) + um ** (2 - L))) == 0 and found.method.startswith("Laurent")
        assert check_law(G, found.expr).word == "proved"  # an independent check of the listed law


def test_conservation_laws_of_transcendental_maps_have_an_exact_count():
    """v e^u: one field, Lie algebra of dimension 1, so exactly D - d = 1 law; u - v^2/2 by characteristics."""
    u, v = sympy.symbols("u v", real=True)
    for out, law in ((v * sympy.exp(u), u - v**2 / 2), (sympy.sinh(u) * v, v**2 / 2 - sympy.log(sympy.cosh(u)))):
        G = Parameterization((u, v), (out,))
        s = conservation_laws(G)
        assert s.count == 1 and isinstance(s.count, int) and s.count_verdict.word == "proved", s.count_verdict
        assert [str(x.expr) for x in s.laws] == [str(law)] and s.laws[0].verdict.word == "proved"
        assert "1 law (count proved); explicit: " in s.summary()


def test_conservation_laws_say_what_is_missing():
    G = Parameterization((x1, x2, x3), (x1 * x2 + x3,))  # the second law is not rational; its characteristic
    s = conservation_laws(G)                                 # dx3/dx1 = 1/x2 involves x2: not found
    assert s.count == 2 and s.count_verdict.word == "proved"
    assert [str(law.expr) for law in s.laws] == ["x1**2 - x2**2"] and s.not_found == 1
    assert s.verdict.word == "inconclusive" and "1 of 2 not found in closed form" in s.verdict.detail
    assert s.summary().endswith("; 1 not found in closed form")


def test_first_integrals_and_the_separable_engine():
    u, v = sympy.symbols("u v", real=True)
    Fp, Fk = separable_first_integral(v * sympy.exp(u), v, u)
    assert sympy.simplify(Fp - Fk - (v**2 / 2 - u)) == 0
    with pytest.raises(InvalidArgument, match="other variables"):
        separable_first_integral(x1 * x2 * x3 + x1, x2, x1)
    G = Parameterization((u, v), (u + v**2,))
    (h,) = first_integrals(G)
    assert check_law(G, h).word == "proved" and h.has(sympy.log)  # a transcendental law of a polynomial map


def test_laurent_laws_and_default_degree():
    assert [str(h) for h in polynomial_laws(uv(1))] == ["u**2 - v**2"]
    assert laurent_laws(power(3, 1)) == []
    with pytest.raises(InvalidArgument, match="not polynomial"):
        laurent_laws(Parameterization((x1, x2), (sympy.exp(x1) * x2,)))


def test_law_count_feeds_in_its_own_laws():
    """law_count(G) is exact where the polynomial laws complete the count; known_laws=() is the bare computation."""
    G = deep_linear((2, 2, 2))
    count, cert = law_count(G)
    assert count == 3 and cert["exact"] and cert["known_laws_independent"] == 3
    count, cert = law_count(G, known_laws=())
    assert count == 3 and cert["known_laws_independent"] == 0


def test_check_law_proves_transcendental_identities_exactly():
    u, v = sympy.symbols("u v", real=True)
    G = Parameterization((u, v), (v * sympy.exp(u),))
    verdict = check_law(G, u - v**2 / 2)
    assert verdict.word == "proved" and "exact" in verdict.certificate["method"]
    assert check_law(G, u + v**2 / 2).word == "refuted"


def test_independent_laws_needs_rational_gradients():
    G = Parameterization((x1, x2), (x1 * x2,))
    assert independent_laws(G, [x1**2 - x2**2]) == 1
    with pytest.raises(InvalidArgument, match="rational"):
        independent_laws(G, [sympy.sqrt(2) * x1])


def test_rational_law_of_cubic_two_branch():
    pytest.importorskip("symflow.identity")
    G = two_branch(3, 1)
    up, um = G.params
    assert check_law(G, 1 / up + 1 / um).holds
    assert check_law(G, 1 / up - 1 / um).word == "refuted"
