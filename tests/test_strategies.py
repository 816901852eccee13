"""Tests of symflow.strategies: every draw has the advertised property (exact rationals, (A) holds or fails, exact
rank), and bad arguments raise InvalidArgument."""

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symflow import strategies as S
from symflow.errors import InvalidArgument


@settings(max_examples=25, deadline=None)
@given(S.rationals(-3, "5/2", 6))
def test_rationals_in_range_and_exact(r):
    assert isinstance(r, sympy.Rational) and -3 <= r <= sympy.Rational(5, 2) and r.q <= 6


@settings(max_examples=25, deadline=None)
@given(S.init_satisfying_A(4, 3))
def test_init_satisfying_A(init):
    assert len(init) == 4 and all(len(layer) == 3 for layer in init)
    assert all(isinstance(x, sympy.Rational) for layer in init for x in layer)
    assert S.satisfies_A(init)


@settings(max_examples=15, deadline=None)
@given(S.init_satisfying_A(3, 2, zero_min=True, sign_changes=False))
def test_init_zero_min_and_positive(init):
    for i in range(2):
        col = [init[j][i] for j in range(3)]
        assert min(abs(x) for x in col) == 0 and all(x >= 0 for x in col)


@settings(max_examples=25, deadline=None)
@given(S.init_violating_A(3, 2))
def test_init_violating_A(init):
    assert not S.satisfies_A(init)


@settings(max_examples=20, deadline=None)
@given(S.least_squares_data(4, 3, rank=2))
def test_least_squares_rank(Xy):
    X, y = Xy
    assert X.shape == (4, 3) and y.shape == (4, 1) and X.rank() == 2
    assert all(isinstance(v, sympy.Rational) for v in list(X) + list(y))


@settings(max_examples=10, deadline=None)
@given(S.deep_diagonal_problem(3, 2, 2))
def test_problem(problem):
    assert problem.n == 2 and problem.X.rank() == 2 and S.satisfies_A(problem.init) and len(problem.init) == 3


@pytest.mark.parametrize("call", [
    lambda: S.rationals(2, 1),
    lambda: S.rationals(0.5, 1),
    lambda: S.rationals(0, 1, 0),
    lambda: S.init_satisfying_A(1, 2),
    lambda: S.init_satisfying_A(3, 0),
    lambda: S.init_satisfying_A(3, 2, min_gap=3, max_abs=2),
    lambda: S.init_violating_A(3, 2, max_abs=0),
    lambda: S.least_squares_data(3, 2, rank=3),
    lambda: S.least_squares_data(0, 2),
    lambda: S.least_squares_data(3, 2, rank=True),
])
def test_invalid_arguments(call):
    with pytest.raises(InvalidArgument):
        call()


# ---- strategies for any parameterization (issue 12)
@settings(max_examples=25, deadline=None)
@given(S.polynomials("u v w", max_degree=3, max_terms=4))
def test_polynomials_are_exact_and_bounded(p):
    u, v, w = sympy.symbols("u v w")
    poly = sympy.Poly(p, u, v, w)
    assert 1 <= poly.total_degree() <= 3 and len(poly.terms()) <= 4
    assert all(isinstance(c, sympy.Rational) for c in poly.coeffs())


@settings(max_examples=15, deadline=None)
@given(S.polynomial_maps(3, 2))
def test_polynomial_maps_shape(G):
    assert (G.D, G.d) == (3, 2) and G.is_polynomial


@settings(max_examples=20, deadline=None)
@given(S.family_instances())
def test_family_instances_are_parameterizations(G):
    assert G.name and G.D >= G.d >= 1


@settings(max_examples=10, deadline=None)
@given(st.data())
def test_initializations_are_off_the_singular_set(data):
    G = data.draw(S.parameterizations(max_degree=2))
    from hypothesis import assume

    assume(any(G.jacobian_at(dict.fromkeys(G.params, sympy.Rational(k, 7))).rank() == G.d for k in (2, 3)))
    x0 = data.draw(S.initializations(G))
    assert set(x0) == set(G.params) and all(isinstance(v, sympy.Rational) and v != 0 for v in x0.values())
    assert G.jacobian_at(x0).rank() == G.d


def test_new_strategies_reject_bad_arguments():
    for call in (lambda: S.polynomials(""), lambda: S.polynomial_maps(0), lambda: S.family_instances(("nope",)),
                 lambda: S.initializations("u*v")):
        with pytest.raises(InvalidArgument):
            call()
