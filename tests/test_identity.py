"""Tests of symflow.identity: exact identities over QQ, measured numeric digits, re-runnable counterexamples."""

from __future__ import annotations

import mpmath
import pytest
import sympy
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sympy import Rational, asinh, cosh, exp, log, sinh, sqrt

from symflow.errors import InvalidArgument
from symflow.identity import equal, is_zero, rational_points
from symflow.parse import parse_assignments
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

u, v, w = sympy.symbols("u v w", real=True)
x = sympy.Symbol("x", real=True)
xp = sympy.Symbol("x", positive=True)


def _point(cex: dict, symbols) -> dict:
    """The counterexample's point, read back through the public parser (it must be re-runnable text)."""
    text = ", ".join(f"{s.name}={cex[s.name]}" for s in symbols)
    return parse_assignments(text, symbols)


# ---------------------------------------------------------------------------------------------------- exact path
def test_polynomial_identity_is_proved():
    verdict = is_zero((u + v) ** 2 - u**2 - 2 * u * v - v**2)
    assert isinstance(verdict, Proved)
    assert verdict.certificate["method"] == "polynomial identity over QQ"
    assert verdict.certificate["ring"] == "QQ[u, v]"
    assert verdict.to_dict()["verdict"] == "proved"


def test_wrong_polynomial_identity_is_refuted_at_an_exact_point():
    expr = (u + v) ** 2 - u**2 - v**2  # = 2uv, the cross term was dropped
    verdict = is_zero(expr)
    assert isinstance(verdict, Refuted)
    pt = _point(verdict.counterexample, [u, v])
    value = expr.xreplace(pt)
    assert value != 0
    assert value == 2 * pt[u] * pt[v]
    assert verdict.counterexample["value"] == str(value)
    assert all(0 < abs(c) for c in pt.values())


def test_equal_reports_both_sides_exactly():
    verdict = equal((u + v) ** 2, u**2 + v**2)
    assert isinstance(verdict, Refuted)
    cex = verdict.counterexample
    pt = _point(cex, [u, v])
    assert cex["lhs"] == str(((u + v) ** 2).xreplace(pt))
    assert cex["rhs"] == str((u**2 + v**2).xreplace(pt))
    assert equal((u + v) ** 2, sympy.expand((u + v) ** 2)).word == "proved"


def test_rational_function_identity_is_exact():
    assert is_zero((u**2 - v**2) / (u - v) - (u + v)).word == "proved"
    verdict = is_zero(1 / (u - 1) - 1 / u - 1 / (u * (u - 1)))
    assert isinstance(verdict, Proved)
    assert verdict.certificate["form"] == "rational function"
    wrong = 1 / (u - 1) - 1 / u - 1 / (u * (u + 1))
    refuted = is_zero(wrong)
    assert isinstance(refuted, Refuted)
    pt = _point(refuted.counterexample, [u])
    assert wrong.xreplace(pt) == sympy.Rational(refuted.counterexample["value"]) != 0


def test_nested_denominators_are_exact():
    assert is_zero(1 / (1 / u + 1) - u / (u + 1)).word == "proved"
    assert is_zero(1 / (1 / u + 1 / v) - u * v / (u + v)).word == "proved"
    wrong = 1 / (1 / u + 1 / v) - u * v / (u - v)
    verdict = is_zero(wrong)
    assert isinstance(verdict, Refuted)
    pt = _point(verdict.counterexample, [u, v])
    assert wrong.xreplace(pt) == sympy.Rational(verdict.counterexample["value"]) != 0


@settings(deadline=None, max_examples=20)
@given(
    st.lists(st.tuples(st.integers(-9, 9), st.integers(0, 3), st.integers(0, 3), st.integers(0, 2)), min_size=1, max_size=4),
    st.lists(st.tuples(st.integers(1, 9), st.integers(0, 3), st.integers(0, 3), st.integers(0, 2)), min_size=1, max_size=4),
)
def test_rational_function_identities_are_proved(p_terms, q_terms):
    p, q = sympy.Add(*[c * u**a * v**b * w**e for c, a, b, e in p_terms]), 1 + sympy.Add(
        *[c * u ** (2 * a) * v ** (2 * b) * w ** (2 * e) for c, a, b, e in q_terms]
    )  # q >= 1 > 0 on the reals
    assert is_zero(p / q + 1 - (p + q) / q).word == "proved"
    assert is_zero(sympy.together(p / q + 1 / (q * v)) - (p * v + 1) / (q * v)).word == "proved"


def test_constants_are_exact():
    assert is_zero(Rational(1, 3) - Rational(2, 6)).word == "proved"
    verdict = is_zero(Rational(1, 3) - Rational(1, 4))
    assert isinstance(verdict, Refuted) and verdict.counterexample["value"] == "1/12"


def test_exact_refutation_respects_the_domain():
    expr = (u - 1) * (u + 1) - u**2  # = -1 everywhere
    verdict = is_zero(expr + 1 + u * (u - Rational(3, 2)), domain={u: (1, 3)})
    pt = _point(verdict.counterexample, [u])
    assert 1 < pt[u] < 3


def _poly(coeffs: list[tuple[int, int, int, int]]):
    return sympy.Add(*[c * u**a * v**b * w**e for c, a, b, e in coeffs])


_terms = st.lists(
    st.tuples(st.integers(-9, 9), st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=5
)


@settings(deadline=None, max_examples=25)
@given(_terms, _terms)
@example([(1, 1, 0, 0), (1, 0, 1, 0)], [(1, 1, 0, 0), (-1, 0, 1, 0)])
def test_commuted_product_is_proved_and_a_perturbation_refuted(p_terms, q_terms):
    p, q = _poly(p_terms), _poly(q_terms)
    assert is_zero(p * q - q * p).word == "proved"
    # a real test of the exact ring: the expanded product against the factored one
    assert is_zero(sympy.expand(p * q) - q * p).word == "proved"
    wrong = sympy.expand(p * q) - q * p + u * v + 1
    verdict = is_zero(wrong, symbols=[u, v, w])
    assert isinstance(verdict, Refuted)
    pt = _point(verdict.counterexample, [u, v, w])
    assert wrong.xreplace(pt) == sympy.Rational(verdict.counterexample["value"]) != 0


# ---------------------------------------------------------------------------------------------------- numeric path
def test_asinh_sinh_on_positive_domain_verified_with_measured_digits():
    verdict = is_zero(asinh(sinh(xp)) - xp, dps=50)
    assert isinstance(verdict, Verified)
    assert verdict.n_digits >= 45
    assert verdict.dps == 50 and len(verdict.points) == 3
    for text in verdict.points:  # points are re-runnable exact text inside (1/2, 2)
        (val,) = parse_assignments(text, [xp]).values()
        assert Rational(1, 2) < val < 2


def test_sqrt_of_square_refuted_on_negatives_verified_on_positives():
    refuted = equal(sqrt(x**2), x, domain={x: (-2, 2)})
    assert isinstance(refuted, Refuted)
    pt = _point(refuted.counterexample, [x])
    assert pt[x] < 0
    with mpmath.workdps(40):
        assert mpmath.mpf(refuted.counterexample["value"]) == pytest.approx(mpmath.mpf(-2 * pt[x].p) / pt[x].q)
        assert mpmath.mpf(refuted.counterexample["lhs"]) > 0 > mpmath.mpf(refuted.counterexample["rhs"])
    assert refuted.measured_digits >= 25
    # the default interval of a real symbol spans both signs, so the default also refutes
    assert is_zero(sqrt(x**2) - x).word == "refuted"
    assert is_zero(sqrt(x**2) - x, domain={x: (Rational(1, 2), 2)}).word == "verified"
    assert is_zero(sqrt(x**2) - x, assumptions={x: "positive"}).word == "verified"


def test_hyperbolic_identity_verified_numerically():
    verdict = is_zero(cosh(x) ** 2 - sinh(x) ** 2 - 1, dps=30)
    assert isinstance(verdict, Verified)
    assert 25 <= verdict.n_digits <= 30
    assert "precision doubling" in verdict.method
    assert is_zero(asinh(x) - log(x + sqrt(x**2 + 1))).word == "verified"


def test_relative_scale_sees_through_large_cancelling_terms():
    big = exp(40 * xp)  # ~1e34: the absolute residual is large, the relative one is not
    assert is_zero(big * (cosh(xp) ** 2 - sinh(xp) ** 2) - big, dps=30).word == "verified"


def test_tiny_but_real_difference_is_refuted_with_its_value():
    expr = cosh(x) ** 2 - sinh(x) ** 2 - 1 - Rational(1, 10**30)
    verdict = is_zero(expr, dps=50)
    assert isinstance(verdict, Refuted)
    with mpmath.workdps(30):
        assert mpmath.mpf(verdict.counterexample["value"]) == pytest.approx(mpmath.mpf("-1e-30"), rel=1e-15)


def test_digits_are_measured_not_assumed():
    # a residual of 1e-48 relative is below the dps=50 threshold: verified, but only to the digits it really has
    expr = cosh(x) ** 2 - sinh(x) ** 2 - 1 - Rational(1, 10**48)
    verdict = is_zero(expr, dps=50)
    assert isinstance(verdict, Verified)
    assert 45 <= verdict.n_digits <= 48
    # at dps=100 the same residual is a measured non-zero value
    assert is_zero(expr, dps=100).word == "refuted"


def test_lost_precision_is_inconclusive_then_decided_at_higher_dps():
    # 10^30 log(1 + x/10^30) - x = -x^2/(2*10^30) + ...: at dps=20 the log loses every digit
    expr = 10**30 * log(1 + x / 10**30) - x
    low = is_zero(expr, dps=20)
    assert isinstance(low, Inconclusive) and low.reason is Reason.PRECISION
    assert "dps=40" in low.detail
    high = is_zero(expr, dps=100)
    assert isinstance(high, Refuted)
    pt = _point(high.counterexample, [x])
    with mpmath.workdps(60):
        leading = -mpmath.mpf(pt[x].p) ** 2 / pt[x].q ** 2 / (2 * mpmath.mpf(10) ** 30)
        assert mpmath.mpf(high.counterexample["value"]) == pytest.approx(leading, rel=1e-20)


def test_undefined_everywhere_is_inconclusive_domain():
    # gamma has a pole at -2 = -floor(x) - 1 for every x in (1, 2)
    undefined = is_zero(sympy.gamma(-sympy.floor(xp) - 1), domain={xp: (1, 2)})
    assert isinstance(undefined, Inconclusive) and undefined.reason is Reason.DOMAIN


def test_unevaluable_expression_is_inconclusive_not_an_error():
    f = sympy.Function("f")
    verdict = is_zero(sympy.Derivative(f(x), x) - 1)
    assert isinstance(verdict, Inconclusive) and verdict.reason is Reason.UNDECIDED
    verdict = is_zero(f(x) - x)
    assert isinstance(verdict, Inconclusive) and verdict.reason is Reason.UNDECIDED


def test_matrix_identities():
    m = sympy.Matrix([[u * v - v * u, sympy.expand((u + v) ** 2) - (u + v) ** 2], [cosh(x) ** 2 - sinh(x) ** 2 - 1, 0]])
    verdict = is_zero(m)
    assert isinstance(verdict, Verified) and verdict.n_digits >= 45
    bad = is_zero(sympy.Matrix([0, u]))
    assert isinstance(bad, Refuted) and bad.counterexample["entry"] == "(1, 0)"
    assert is_zero(sympy.Matrix([0, sympy.expand((u - v) ** 3) - (u - v) ** 3])).word == "proved"


def test_string_input_goes_through_the_whitelist_parser():
    assert is_zero("(a + b)**2 - a**2 - 2*a*b - b**2").word == "proved"
    with pytest.raises(InvalidArgument):
        is_zero("__import__('os')")


def test_bounded_simplify():
    assert is_zero(sympy.sin(x) ** 2 + sympy.cos(x) ** 2 - 1, simplify_seconds=30).word == "proved"
    # sympy#21787: simplify of this hangs; the child is killed and the numeric test decides
    a = 10 * (x + 5) ** 4
    expr = 40 * (x + 5) ** 3 * sympy.cos(a) + 40 * (x + 5) ** 3 * (sympy.sin(a) ** 2 - 1) / sympy.cos(a)
    verdict = is_zero(expr, simplify_seconds=1, dps=30)
    assert verdict.word == "verified"


# --------------------------------------------------------------------------------------------------------- points
def test_rational_points_are_deterministic_inside_and_avoid_zero():
    pts = rational_points([u, xp], 6, seed=7)
    assert pts == rational_points([u, xp], 6, seed=7)
    assert pts != rational_points([u, xp], 6, seed=8)
    assert len(pts) == 6
    for p in pts:
        assert Rational(1, 2) < p[xp] < 2
        assert Rational(1, 4) < abs(p[u]) < 2
        for val in p.values():
            assert sympy.isprime(val.q) and 11 <= val.q <= 97
    assert any(p[u] < 0 for p in pts) and any(p[u] > 0 for p in pts)


@settings(deadline=None, max_examples=20)
@given(st.integers(0, 10**6), st.integers(2, 9), st.integers(-5, 4), st.integers(1, 6))
def test_rational_points_stratify_an_interval(seed, n, lo, width):
    pts = rational_points([u], n, seed, domain={u: (lo, lo + width)})
    vals = sorted(p[u] for p in pts)
    assert len(vals) == n and all(lo < t < lo + width and t != 0 for t in vals)
    # Latin hypercube: exactly one point per stratum
    strata = [int((t - lo) * n / width) for t in vals]
    assert strata == list(range(n))


def test_rational_points_with_a_callable_domain():
    pts = rational_points([u, v], 4, seed=1, domain=lambda p: p[u] > p[v])
    assert len(pts) == 4 and all(p[u] > p[v] for p in pts)
    assert rational_points([u], 3, seed=1, domain=lambda p: False) == []


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"dps": 5}, "dps=5"),
        ({"dps": 50.0}, "dps=50.0"),
        ({"points": 0}, "points=0"),
        ({"seed": "a"}, "seed='a'"),
        ({"simplify_seconds": -1}, "simplify_seconds=-1"),
        ({"domain": 3}, "domain=3"),
        ({"domain": {x: (0.5, 2)}}, "floats"),
        ({"domain": {x: (2, 1)}}, "is empty"),
        ({"domain": {x: (1,)}}, "pair"),
        ({"symbols": "x"}, "iterable of sympy.Symbol"),
        ({"symbols": [x, x]}, "duplicates"),
    ],
)
def test_invalid_arguments(kwargs, fragment):
    with pytest.raises(InvalidArgument) as info:
        is_zero(sinh(x) - x, **kwargs)
    assert fragment in str(info.value)


def test_invalid_expressions():
    with pytest.raises(InvalidArgument, match="float"):
        is_zero(0.1)
    with pytest.raises(InvalidArgument, match="zoo"):
        is_zero(sympy.zoo * x)
    with pytest.raises(InvalidArgument, match="shapes"):
        equal(sympy.Matrix([u]), u)
    with pytest.raises(InvalidArgument, match="n=0"):
        rational_points([u], 0)


def test_vanishes_formally_is_sound_and_exact():
    from symflow.identity import vanishes_formally

    u, v = sympy.symbols("u v", real=True)
    w = sympy.Symbol("w", positive=True)
    assert vanishes_formally(v * sympy.exp(u) - sympy.exp(u) * v)
    assert vanishes_formally(sympy.exp(1 - w**2 / 2) - sympy.E / sympy.exp(w**2 / 2))  # exp(a + b) = exp(a) exp(b)
    assert vanishes_formally(sympy.diff(sympy.erf(w), w) - 2 * sympy.exp(-w**2) / sympy.sqrt(sympy.pi))
    assert vanishes_formally(sympy.sqrt(w) ** 3 - w * sympy.sqrt(w))
    # False means "not shown", never "non-zero": identities between different atoms are not used
    assert not vanishes_formally(sympy.sin(u) ** 2 + sympy.cos(u) ** 2 - 1)
    assert not vanishes_formally(sympy.exp(u) - 1)
