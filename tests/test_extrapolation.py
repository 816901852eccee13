"""Tests of symflow.integrate.extrapolation (Gragg-Bulirsch-Stoer for numeric right-hand sides).

Closed forms: y' = -y, z' = y - z from (1, 0) gives y = e^{-t}, z = t e^{-t}; y' = y^2 from 1 blows up at t = 1.
"""

import mpmath
import pytest
import sympy

from symflow.errors import InvalidArgument, MaxStepsReached, PrecisionError, StepUnderflow
from symflow.integrate import extrapolate

R = sympy.Rational


def test_extrapolation_solver_on_linear_system():
    sol = extrapolate(lambda y: [-y[0], y[0] - y[1]], [1, 0], 2, 40)
    assert sol.digits >= 38
    with mpmath.workdps(50):
        e = mpmath.exp(-2)
        assert abs(sol.y1[0] - e) < mpmath.mpf(10) ** -38
        assert abs(sol.y1[1] - 2 * e) < mpmath.mpf(10) ** -38  # y1 = t e^{-t}
        assert abs(sol(R(1, 3))[0] - mpmath.exp(-mpmath.mpf(1) / 3)) < mpmath.mpf(10) ** -38


def test_extrapolation_failures_are_types():
    with pytest.raises(StepUnderflow, match="singular|blows up|blow up"):
        extrapolate(lambda y: [y[0] * y[0]], [1], 2, 15)  # y = 1/(1 - t)
    with pytest.raises(MaxStepsReached, match="max_steps=1") as info:
        extrapolate(lambda y: [-50 * y[0]], [1], 10, 15, max_steps=1)
    assert isinstance(info.value, PrecisionError)  # still a PrecisionError for callers that catch that


@pytest.mark.parametrize("kwargs, msg", [(dict(dps=5), "dps"), (dict(max_steps=0), "max_steps"),
                                         (dict(T=0.5), "float")])
def test_extrapolation_validates_its_input(kwargs, msg):
    args = dict(f=lambda y: [-y[0]], y0=[1], T=1, dps=20)
    args.update(kwargs)
    with pytest.raises(InvalidArgument, match=msg):
        extrapolate(**args)


def test_a_stiff_decay_is_not_reported_as_a_blow_up():
    """y' = -10^4 y: the first trial steps overflow the midpoint rule; they are rejected and shortened, and the decay
    is integrated (|y(1/10)| = e^{-1000}, below the absolute tolerance), while y' = y^2 still blows up at t = 1."""
    sol = extrapolate(lambda y: [-10000 * y[0]], [1], sympy.Rational(1, 10), 20, measure_digits=False)
    assert abs(sol.y1[0]) < mpmath.mpf(10) ** -20
    with pytest.raises(StepUnderflow, match="blows up near t=1"):
        extrapolate(lambda y: [y[0] ** 2], [1], 2, 20, measure_digits=False)
