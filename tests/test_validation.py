"""Tests of symflow.validation: one rule for exact numbers, precision, step bounds and time budgets."""

import fractions
import signal

import mpmath
import pytest
import sympy

from symflow.errors import InvalidArgument, TimeLimitExceeded
from symflow.validation import (MIN_DPS, check_dps, check_max_steps, exact_number, exact_rational, time_limit,
                                to_mpf)

R = sympy.Rational


@pytest.mark.parametrize("value, expected", [
    (3, R(3)), ("3/4", R(3, 4)), ("-0.25", R(-1, 4)), ("1e-3", R(1, 1000)), (fractions.Fraction(2, 7), R(2, 7)),
    (mpmath.mpf("0.75"), R(3, 4)), (mpmath.mpf(-3) / 8, R(-3, 8)), (R(5, 3), R(5, 3)),
    (sympy.sqrt(2), sympy.sqrt(2)),
])
def test_exact_number_converts_without_error(value, expected):
    assert exact_number(value) == expected


@pytest.mark.parametrize("value, msg", [
    (0.5, "float"), (sympy.Float(0.5), "float"), (True, "bool"), ("__import__('os')", "p/q"),
    ("sqrt(2)", "p/q"), (sympy.Symbol("x"), "constant"), (mpmath.inf, "finite"), ([1], "number"),
])
def test_exact_number_refuses_inexact_or_unsafe_input(value, msg):
    with pytest.raises(InvalidArgument, match=msg):
        exact_number(value, "x0")


def test_exact_rational_and_to_mpf():
    with pytest.raises(InvalidArgument, match="rational"):
        exact_rational(sympy.sqrt(2))
    with mpmath.workdps(40):
        assert to_mpf(R(1, 3)) == mpmath.mpf(1) / 3
        assert abs(to_mpf(sympy.sqrt(2)) - mpmath.sqrt(2)) < mpmath.mpf(10) ** -39


def test_one_minimum_precision():
    assert MIN_DPS == 15 and check_dps(MIN_DPS) == MIN_DPS and check_dps(None) == mpmath.mp.dps
    for bad in (MIN_DPS - 1, 30.0, True, "50"):
        with pytest.raises(InvalidArgument, match=f">= {MIN_DPS}"):
            check_dps(bad)
    with pytest.raises(InvalidArgument, match="max_steps"):
        check_max_steps(0)


def test_time_limit_raises_its_own_type():
    with pytest.raises(TimeLimitExceeded):
        with time_limit(1):
            while True:
                pass
    assert signal.alarm(0) == 0  # nothing left armed
