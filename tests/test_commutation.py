"""Tests of symflow.commutation: the measures (41) of DDyn (Table 1), exact, both normalizations."""

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symflow.commutation import commutation_measures, one_hot
from symflow.errors import InvalidArgument


def test_identity_covariance_gives_the_floor_and_autoencoder_gives_zero():
    """X = I (Σx ∝ I): Δx = (1 - 1/sqrt d)/2, not 0 (Σ̂x = I/d but Î = I/sqrt d; DDyn-Claim-Delta-range); Y = X:
    Σxy Σxy^T = Σx^2 commutes with Σx, Δxy = 0 (exactly)."""
    m = commutation_measures(np.eye(4, dtype=int), np.eye(4, dtype=int))
    assert m.delta_x_sq == sympy.Rational(1, 16) and m.delta_xy_sq == 0


def test_scale_invariance_and_exact_rationals():
    X = [[1, 2], [3, -1], [0, 2]]
    Y = one_hot([0, 1, 1], 2)
    a = commutation_measures(X, Y)
    b = commutation_measures([[sympy.Rational(v, 7) for v in r] for r in X], 3 * Y)
    assert a.delta_xy_sq == b.delta_xy_sq and a.delta_x_sq == b.delta_x_sq


def test_per_sample_normalization_pins_delta_x_near_one_half():
    """With 1/n: |Δx - 1/2| <= 1/(2n) (the printed 0.68-0.70 exclude this reading)."""
    rng = np.random.default_rng(0)
    X = rng.integers(-5, 6, size=(40, 6))
    m = commutation_measures(X, one_hot(rng.integers(0, 3, size=40), 3), per_sample=True)
    assert abs(m.delta_x - mpmath.mpf(1) / 2) <= mpmath.mpf(1) / 80


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.data())
def test_range_is_zero_to_one(n, d, data):
    rows = data.draw(st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d), min_size=n, max_size=n))
    if not any(any(r) for r in rows):
        rows[0][0] = 1
    labels = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    for per in (False, True):
        m = commutation_measures(rows, one_hot(labels, 3), per_sample=per)
        assert 0 <= m.delta_xy <= 1 and 0 <= m.delta_x <= 1


@pytest.mark.parametrize("X, Y", [([[0.5, 1]], [[1]]), ([[1, 2]], [[1], [0]]), ([[0, 0]], [[1]]), ([], [[1]])])
def test_bad_input(X, Y):
    with pytest.raises(InvalidArgument):
        commutation_measures(X, Y)
