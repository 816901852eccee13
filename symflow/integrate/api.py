"""``solve``: integrate a SymPy ODE at high precision and measure the digits of the answer.

.. math:: \\dot y = f(y), \\quad y(t_0) = y_0 \\quad\\Longrightarrow\\quad y(t_1) \\text{ with measured digits.}

The run at ``dps`` digits is repeated at ``max(2 dps, dps + 20)`` digits by the same method; ``digits`` is the
number of significant digits (relative to the largest component) on which the two agree, capped at ``dps``
(``symflow.precision.agreeing_digits``).  A second *method* (``method="gauss-legendre"``) is the independent check;
``symflow.integrate.bench`` does both.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping, Sequence

import mpmath
import sympy

from ..errors import InvalidArgument
from ..precision import agreeing_digits
from .base import AbstractIntegrator, Solution, _validate_dps

__all__ = ["solve", "METHODS", "get_integrator", "reference_dps"]

METHODS = ("taylor", "gauss-legendre", "odefun")


def get_integrator(method) -> AbstractIntegrator:
    """The integrator named ``method`` (``taylor``, ``gauss-legendre``, ``odefun``), or ``method`` itself."""
    if isinstance(method, AbstractIntegrator):
        return method
    if method == "taylor":
        from .taylor import TaylorJet

        return TaylorJet()
    if method in ("gauss-legendre", "gl"):
        from .gauss_legendre import GaussLegendre

        return GaussLegendre()
    if method in ("odefun", "mpmath.odefun"):
        from .odefun import MpmathOdefun

        return MpmathOdefun()
    raise InvalidArgument(f"method={method!r} ({type(method).__name__}) is not an integrator; "
                          f"use one of {METHODS} or an AbstractIntegrator instance")


def reference_dps(dps: int) -> int:
    """Precision of the measuring rerun: ``max(2 dps, dps + 20)``."""
    return max(2 * dps, dps + 20)


def _reference_run(integrator, rhs, variables, y0, t1, t0, dps, params, max_steps) -> Solution:
    """The rerun at higher precision whose agreement gives ``digits`` (a seam for tests)."""
    return integrator.integrate(rhs, variables, y0, t1, t0=t0, dps=reference_dps(dps), params=params,
                                max_steps=max_steps)


def solve(rhs: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol], y0, t1, *, t0=0, dps: int | None = None,
          method="taylor", params: Mapping | None = None, measure_digits: bool = True,
          max_steps: int = 100000) -> Solution:
    """Solve :math:`\\dot y = f(y)`, :math:`y(t_0) = y_0` up to :math:`t_1` at ``dps`` digits.

    Arguments:
        rhs: the components :math:`f_i` as SymPy expressions in ``variables`` (and in the keys of ``params``).
        variables: the state symbols, one per component.
        y0, t0, t1: exact numbers (int, Rational, Fraction, ``'1/10'``, ``'0.1'``, mpf); no floats.
        dps: significant digits (default: the current mpmath precision).
        method: ``"taylor"`` (default), ``"gauss-legendre"``, ``"odefun"`` or an ``AbstractIntegrator``.
        params: values of the constant symbols of ``rhs``, entered exactly.
        measure_digits: rerun at ``max(2 dps, dps + 20)`` digits and report the agreeing digits.
        max_steps: bound on the number of steps (a blow-up raises ``PrecisionError``).

    Returns:
        a :class:`Solution` (``y1``, ``digits``, ``reference``, dense output ``sol(t)``, ``ts``).

    >>> import sympy, mpmath
    >>> y = sympy.Symbol('y')
    >>> sol = solve([y], [y], [1], 1, dps=30)
    >>> with mpmath.workdps(30):
    ...     sol.digits >= 28 and abs(sol.y1[0] - mpmath.e) < mpmath.mpf(10) ** -28
    True
    """
    dps = _validate_dps(dps)
    if not isinstance(measure_digits, bool):
        raise InvalidArgument(f"measure_digits={measure_digits!r} ({type(measure_digits).__name__}) must be a bool")
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 1:
        raise InvalidArgument(f"max_steps={max_steps!r} ({type(max_steps).__name__}) must be a positive integer")
    integrator = get_integrator(method)
    sol = integrator.integrate(rhs, variables, y0, t1, t0=t0, dps=dps, params=params, max_steps=max_steps)
    if not measure_digits:
        return sol
    ref = _reference_run(integrator, rhs, variables, y0, t1, t0, dps, params, max_steps)
    with mpmath.workdps(reference_dps(dps)):
        digits = agreeing_digits(sol.y1, ref.y1, cap=dps)
    return dataclasses.replace(sol, digits=digits, reference=ref.y1)
