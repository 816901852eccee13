"""Tests of symflow.discrete: GD on linear and two-layer networks, mode and inverse-gap recursions (DDyn §3.2, B.6)."""

from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symflow.discrete import (gap_step, linear_closed_form, linear_gd, mode_orbit, mode_step, predicted_transition,
                              product_orbit, product_step, realize, transition_step, two_layer_gd)
from symflow.errors import InvalidArgument

R = sympy.Rational
fracs = st.fractions(min_value=Fraction(1, 20), max_value=Fraction(3), max_denominator=20)


@settings(max_examples=25, deadline=None)
@given(fracs, fracs, fracs, st.fractions(min_value=Fraction(1, 100), max_value=Fraction(1, 2), max_denominator=100))
def test_balanced_mode_product_follows_product_step(m, s, lam, eta):
    """DDyn-Eq78: with m = n the product after a step of (35) is a(1 + η(σ - λa))^2, exactly."""
    m1, n1 = mode_step(m, m, s, lam, eta)
    assert m1 == n1 and m1 * n1 == product_step(m * m, s, lam, eta)


@settings(max_examples=25, deadline=None)
@given(fracs, fracs, fracs, st.fractions(min_value=Fraction(1, 100), max_value=Fraction(1, 2), max_denominator=100))
def test_gap_step_is_the_product_step_in_the_inverse_gap(a, s, lam, h):
    """b = 1/a - λ/σ maps by gap_step exactly as a maps by product_step (η = h/σ)."""
    k, eta = lam / s, h / s
    assert gap_step(1 / a - k, k, h) == 1 / product_step(a, s, lam, eta) - k


def test_product_orbit_matches_exact_iterates_and_the_zero_mode():
    a, s, lam, eta = R(1, 100), R(3, 2), R(1, 2), R(1, 7)
    exact = [a]
    for _ in range(6):
        exact.append(product_step(exact[-1], s, lam, eta))
    orb = product_orbit(a, s, lam, eta, 6, dps=40)
    with mpmath.workdps(40):
        assert all(abs(o - mpmath.mpf(e.p) / e.q) < mpmath.mpf(10) ** -35 for o, e in zip(orb, exact))
    zero = product_orbit(R(1, 2), 0, 1, R(1, 4), 3, dps=30)
    assert zero[1] == mpmath.mpf(R(1, 2) * (1 - R(1, 8)) ** 2)
    assert mode_orbit(R(1, 2), R(1, 2), 1, 1, R(1, 10), 2)[-1][0] == mode_orbit(R(1, 2), R(1, 2), 1, 1, R(1, 10), 2)[-1][1]


def test_linear_gd_equals_its_closed_form():
    """DDyn-Eq33/corrected: W_t = (I - ηΣx)^t (W0 - P) + P with P = Σx^†Σxy (rank-deficient Σx included)."""
    X = sympy.Matrix([[1, 2, 0], [0, 1, 1], [1, 3, 1]])  # rank 2
    Y = sympy.Matrix([[1, 0], [2, 1], [3, 1]])
    Sx, Sxy = X.T * X / 3, X.T * Y / 3
    W0 = sympy.Matrix([[1, 0], [0, 1], [R(1, 2), 0]])
    its = linear_gd(Sx, Sxy, W0, R(1, 10), 4)
    for t in (0, 1, 4):
        assert its[t] == linear_closed_form(Sx, Sxy, W0, R(1, 10), t)


def test_two_layer_gd_step_is_the_printed_update():
    """DDyn-Eq34 on exact data: one step of GD on f equals W1 - η(ΣxW - Σxy)W2^T, W2 - ηW1^T(ΣxW - Σxy)."""
    Sx = sympy.Matrix([[2, 1], [1, 3]]) / 5
    Sxy = sympy.Matrix([[1, 0, 1], [0, 2, 1]]) / 4
    W1, W2 = sympy.Matrix([[1, 0], [R(1, 2), 1]]), sympy.Matrix([[1, 0, 1], [0, 1, R(1, 3)]])
    eta = R(1, 9)
    (A1, A2), (B1, B2) = two_layer_gd(Sx, Sxy, W1, W2, eta, 1)
    G = Sx * W1 * W2 - Sxy
    assert (A1, A2) == (W1, W2)
    assert B1 == W1 - eta * G * W2.T and B2 == W2 - eta * W1.T * G


def test_transitions_and_realize():
    assert transition_step([0, R(1, 4), R(3, 4), 1], R(1, 2)) == 2
    assert transition_step([0, R(1, 4)], 1) is None
    assert predicted_transition(6, 2, R(1, 4)) == 12
    W, S = sympy.symbols("W S", commutative=False)
    with pytest.raises(InvalidArgument):
        realize(W * S, {W: sympy.ones(2, 3), S: sympy.eye(2)})


@pytest.mark.parametrize("bad", [0.1, "x", True])
def test_inexact_or_bad_inputs_are_refused(bad):
    with pytest.raises(InvalidArgument):
        product_orbit(bad, 1, 1, R(1, 10), 2)
    with pytest.raises(InvalidArgument):
        mode_orbit(R(1, 2), R(1, 2), 1, 1, R(1, 10), -1 if bad is True else bad)
