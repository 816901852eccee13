"""Shared constants and small helpers of :mod:`symflow.potentials`.

Exact inputs, their conversion to mpmath numbers and the time budget of SymPy steps are validated by
:mod:`symflow.validation` (``exact_number``, ``to_mpf``, ``check_dps``, ``time_limit``), like everywhere in symflow.
"""

from __future__ import annotations

import mpmath
import sympy

__all__ = ["_CLOSED_SECONDS", "_MAX_STEPS", "_lam", "_nstr"]

_CLOSED_SECONDS = 20  # time budget of each SymPy step of the closed-form route
_MAX_STEPS = 20000  # work bound of the trajectory check (integrate.solve raises PrecisionError beyond it)


def _lam(var, expr):
    return sympy.lambdify(var, expr, modules="mpmath")


def _nstr(x, n: int = 30) -> str:
    return mpmath.nstr(x, n)
