"""One place that validates what enters symflow's numerics: exact numbers, precision and work bounds.

Every public function that takes a number, a point, a precision, a step bound or a time budget validates it here
(the role of Hypothesis' ``internal/validation.py``), so that the rules and the messages are the same everywhere:

* :func:`exact_number`: an exact SymPy number from ``int``, ``sympy.Rational`` (or an exact real constant such as
  ``sqrt(2)``), ``fractions.Fraction``, ``numbers.Rational``, gmpy2 ``mpz``/``mpq``, a finite ``mpmath.mpf`` (a dyadic
  rational, converted without error) or a decimal / ``p/q`` string (``fractions.Fraction`` syntax: never evaluated).
  Python floats, ``sympy.Float`` and ``bool`` are refused: binary rounding must not enter high-precision code;
* :func:`exact_rational`: the same, restricted to rationals;
* :func:`check_dps`: a precision in decimal digits, at least :data:`MIN_DPS` (``None``: the current mpmath precision);
* :func:`check_int`, :func:`check_max_steps`: integer options with a lower bound;
* :func:`run_bounded`: ``fn(arg)`` in a child process killed at the time limit (for SymPy calls that ignore
  signals, e.g. ``simplify``: brian2#384's ``safe_simplify``);
* :func:`time_limit`: a SIGALRM budget for a SymPy call that raises :class:`~symflow.errors.TimeLimitExceeded` and
  keeps an enclosing deadline (``symflow analyze --timeout``).

This module is vocabulary (rank 0): it imports nothing of symflow but :mod:`symflow.errors`.
"""

from __future__ import annotations

import fractions
import math
import numbers
import signal
import threading
import time
from contextlib import contextmanager
from typing import Any

import mpmath
import sympy

from .errors import InvalidArgument, TimeLimitExceeded

__all__ = ["MIN_DPS", "exact_number", "exact_rational", "check_dps", "check_int", "check_max_steps", "to_mpf",
           "time_limit", "run_bounded"]

MIN_DPS = 15  # the least precision any numeric routine accepts: below it guard digits eat the answer


def exact_number(value: Any, name: str = "value") -> sympy.Expr:
    """``value`` as an exact real SymPy number; the message names ``name`` and the fix (see the module docstring)."""
    if isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} (bool) is not a number; pass an int, Rational or string")
    if isinstance(value, (float, sympy.Float)):
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) is not exact (floats carry binary "
                              f"rounding); pass a string such as '{value}' or a sympy.Rational")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, fractions.Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, str):
        try:  # Fraction syntax: '3/2', '-0.25', '1e-3'; never eval'ed
            return sympy.Rational(fractions.Fraction(value.strip()))
        except (TypeError, ValueError, ZeroDivisionError):
            raise InvalidArgument(f"{name}={value!r} (str) is not a decimal or p/q number; write e.g. '1/10'") \
                from None
    if isinstance(value, mpmath.mpf):
        if not mpmath.isfinite(value):
            raise InvalidArgument(f"{name}={value} (mpf) is not finite; pass a finite number")
        man, exp = value.man_exp  # an mpf is the dyadic rational man * 2^exp: converted without error
        man = int(man) * (-1 if value < 0 else 1) if man is not None else 0
        return sympy.Integer(man) * sympy.Integer(2) ** int(exp) if exp >= 0 else sympy.Rational(man, 2 ** int(-exp))
    if type(value).__name__ in ("mpz", "mpq"):  # gmpy2
        return sympy.Rational(int(value.numerator), int(value.denominator))
    if isinstance(value, sympy.Basic):
        if isinstance(value, sympy.Expr) and value.is_number and not value.free_symbols and value.is_real \
                and not value.atoms(sympy.Float):
            return value
        raise InvalidArgument(f"{name}={value} ({type(value).__name__}) is not an exact real constant; pass a "
                              "number such as sympy.Rational(3, 2)")
    if isinstance(value, numbers.Rational):
        return sympy.Rational(int(value.numerator), int(value.denominator))
    raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) is not a real number; pass an int, "
                          "sympy.Rational or a string like '3/2'")


def exact_rational(value: Any, name: str = "value") -> sympy.Rational:
    """:func:`exact_number`, and it must be rational (rank certificates and exact points need QQ)."""
    e = exact_number(value, name)
    if not e.is_Rational:
        raise InvalidArgument(f"{name}={value!r} must be a rational number (e.g. 1/2), got {e}")
    return e


def to_mpf(value: Any) -> mpmath.mpf:
    """An exact number as ``mpf`` at the current precision: Rationals correctly rounded, constants via evalf."""
    if isinstance(value, (mpmath.mpf, mpmath.mpc)):
        return +value
    e = value if isinstance(value, sympy.Rational) else exact_number(value)
    if e.is_Rational:
        return mpmath.mpf(int(e.p)) / int(e.q)
    return mpmath.mpf(sympy.N(e, mpmath.mp.dps + 5)._mpf_)


def check_dps(dps, name: str = "dps") -> int:
    """A precision in decimal digits: an integer >= :data:`MIN_DPS`; ``None`` means the current mpmath precision."""
    if dps is None:
        return mpmath.mp.dps
    if isinstance(dps, bool) or not isinstance(dps, int) or dps < MIN_DPS:
        raise InvalidArgument(f"{name}={dps!r} ({type(dps).__name__}) must be an integer >= {MIN_DPS}; "
                              f"pass e.g. {name}=50")
    return dps


def check_int(value, name: str, minimum: int) -> int:
    """An ``int`` (not bool) >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) must be an integer >= {minimum}")
    return value


def check_max_steps(max_steps) -> int:
    """A bound on an integrator's steps (a positive integer)."""
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 1:
        raise InvalidArgument(f"max_steps={max_steps!r} ({type(max_steps).__name__}) must be a positive integer, "
                              "e.g. max_steps=20000")
    return max_steps


@contextmanager
def time_limit(seconds: int):
    """Raise :class:`TimeLimitExceeded` after ``seconds`` (SIGALRM; main thread only, elsewhere unbounded).

    An enclosing alarm keeps its deadline: when it comes first its own handler runs, and it is re-armed with its
    remaining time afterwards.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return
    outer_left = signal.alarm(0)
    start = time.monotonic()
    outer_first = 0 < outer_left <= seconds

    def _raise(signum, frame):
        if outer_first and callable(old):
            old(signum, frame)  # the enclosing deadline came first: its handler decides
        raise TimeLimitExceeded(f"no answer within the {seconds} s budget")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(outer_left if outer_first else seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        if outer_left:
            signal.alarm(max(1, math.ceil(outer_left - (time.monotonic() - start))))


def _child(conn, fn, arg) -> None:  # runs in the child process of run_bounded
    try:
        conn.send(fn(arg))
    except Exception as exc:  # pragma: no cover - reported to the parent
        conn.send(exc)
    finally:
        conn.close()


def run_bounded(fn, arg, seconds: float):
    """``fn(arg)`` in a child process, or None when it takes more than ``seconds``, fails, or no child can start."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, arg), daemon=True)
    try:
        proc.start()
    except (OSError, AssertionError, ValueError):  # e.g. inside a daemonic worker: no children allowed
        parent.close()
        child.close()
        return None
    child.close()
    try:
        if parent.poll(seconds):
            out = parent.recv()
            return None if isinstance(out, BaseException) else out
        return None
    except (EOFError, OSError):
        return None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1)
        parent.close()
