"""Shared helpers of :mod:`symflow.potentials`: exact numbers in, mpmath numbers out, and a time budget for SymPy.

Every numeric input (init values, theta, X, y) is read as an *exact* number (:func:`_exact`: int, SymPy number,
Fraction, dyadic mpf or whitelisted text; never a Python float) and turned into an ``mpf`` at the current mpmath
precision (:func:`_mp`).  Symbolic steps of the closed-form route run under a SIGALRM budget (:func:`_time_limit`,
``_CLOSED_SECONDS`` each) that respects an enclosing deadline.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from contextlib import contextmanager

import mpmath
import sympy

from ..errors import InvalidArgument
from ..precision import resolve_dps

__all__ = ["_CLOSED_SECONDS", "_MAX_STEPS", "_Timeout", "_time_limit", "_dps", "_mp", "_lam", "_nstr", "_exact"]

_CLOSED_SECONDS = 20  # time budget of each SymPy step of the closed-form route
_MAX_STEPS = 20000  # work bound of the trajectory check (integrate.solve raises PrecisionError beyond it)


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: int):
    """SIGALRM budget for a SymPy call (main thread only; elsewhere unbounded)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    outer_left = signal.alarm(0)  # an enclosing alarm (e.g. `symflow analyze --timeout`) keeps its deadline
    start = time.monotonic()
    outer_first = 0 < outer_left <= seconds

    def _raise(signum, frame):
        if outer_first and callable(old):
            old(signum, frame)  # the enclosing deadline came first: its handler decides
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(outer_left if outer_first else seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        if outer_left:
            signal.alarm(max(1, math.ceil(outer_left - (time.monotonic() - start))))


_dps = resolve_dps  # shared validation (symflow.precision)


def _mp(value) -> mpmath.mpf:
    """An exact SymPy number, int, str or mpf as mpf at the current precision (no Python floats)."""
    if isinstance(value, float):
        raise InvalidArgument(f"value={value!r} (float) is inexact; pass an int, a string or a sympy Rational")
    if isinstance(value, (mpmath.mpf, mpmath.mpc)):
        return value
    if isinstance(value, bool):
        raise InvalidArgument(f"value={value!r} (bool) is not a number; pass an int, a string or a Rational")
    if isinstance(value, int):
        return mpmath.mpf(value)
    e = _exact(value, "value")
    if e.is_Rational:
        return mpmath.mpf(int(e.p)) / int(e.q)
    return mpmath.mpf(sympy.N(e, mpmath.mp.dps + 5))


def _lam(var, expr):
    return sympy.lambdify(var, expr, modules="mpmath")


def _nstr(x, n: int = 30) -> str:
    return mpmath.nstr(x, n)


def _exact(value, name: str):
    if isinstance(value, float):
        raise InvalidArgument(f"{name}={value!r} (float) is inexact; pass a sympy Rational or a string like '1/10'")
    try:
        if isinstance(value, str):  # whitelist parser: user text is never eval'ed (no sympify of strings)
            from ..parse import parse_expr

            e = parse_expr(value, [])
        elif isinstance(value, (int, sympy.Basic)):
            e = sympy.sympify(value)
        elif isinstance(value, mpmath.mpf):
            if not mpmath.isfinite(value):
                raise TypeError
            e = sympy.Integer(int(value.man)) * sympy.Integer(2) ** int(value.exp)  # an mpf is a dyadic rational
        else:
            import fractions

            if isinstance(value, fractions.Fraction):
                e = sympy.Rational(value.numerator, value.denominator)
            else:
                raise TypeError
    except (sympy.SympifyError, TypeError) as exc:
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) is not a number; pass a Rational") from exc
    if not (e.is_number and e.is_real):
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) must be a real number")
    return e
