"""Tests of symflow/relu_network.py: the design matrix, the network's own flow (ReLU as written), the pseudo-inverse
norm and the rate constants."""

import mpmath
import pytest
from sympy import Rational

from symflow.errors import InvalidArgument
from symflow.relu_network import design, network_flow, pinv_opnorm, rate_constants


def test_design_is_relu_of_inner_products():
    X = design([(1, 0), (0, 1)], [(Rational(1, 2), -1), (-2, 3)])
    assert X == [[Rational(1, 2), 0], [0, 3]]


def test_network_flow_conserves_differences_of_squares():
    sol = network_flow([(1, 0), (0, 1)], [(1, Rational(1, 2)), (Rational(1, 3), 1)], [1, -1], [1, Rational(1, 2)],
                       [Rational(1, 2), 0], 1, dps=20)
    assert sol.digits >= 15
    with mpmath.workdps(20):
        assert abs(sol.y1[0] ** 2 - sol.y1[2] ** 2 - Rational(3, 4)) < mpmath.mpf(10) ** -15


def test_network_flow_refuses_a_kink_at_the_start():
    with pytest.raises(InvalidArgument):
        network_flow([(1, 0)], [(0, 1)], [1], [1], [0], 1, dps=20)


def test_pinv_opnorm_is_inverse_smallest_singular_value():
    assert abs(pinv_opnorm([[2, 0, 0], [0, 4, 0]], dps=20) - mpmath.mpf(1) / 2) < mpmath.mpf(10) ** -18
    with pytest.raises(InvalidArgument):
        pinv_opnorm([[1, 2], [1, 2]])


def test_rate_constants_limit_of_C():
    c = rate_constants(mpmath.mpf(1), mpmath.mpf(1), mpmath.mpf(2), 10 ** 9)
    assert abs(c["C"] - 8) < mpmath.mpf(10) ** -6        # C -> 4M/R
