"""Precision as a scoped context, and measured digits.

Library code never assigns ``mp.dps``; it uses :func:`precision` (a ``with`` block or a decorator, built on
``mpmath.workdps``) and measures the digits of a result with :func:`agreeing_digits` against a recomputation at
higher precision or by a second method.
"""

from __future__ import annotations

from typing import Iterable

import mpmath

from .errors import InvalidArgument
from .validation import MIN_DPS, check_dps

__all__ = ["precision", "agreeing_digits", "resolve_dps", "GUARD_DPS", "MIN_DPS"]

GUARD_DPS = 10  # guard digits added by numeric routines before rounding back


def precision(dps: int):
    """Scoped decimal precision: ``with precision(60): ...`` or ``@precision(60)``; always restores the caller's.

    ``dps`` is validated by :func:`symflow.validation.check_dps` (an integer >= ``MIN_DPS``)."""
    if dps is None:
        raise InvalidArgument(f"dps=None is not a precision to enter; pass an integer >= {MIN_DPS}, e.g. dps=50")
    return mpmath.workdps(check_dps(dps))


resolve_dps = check_dps  # the dps a numeric routine works at (None: the current context's); one rule for all


def _flatten(x) -> list:
    if isinstance(x, (list, tuple)):
        out: list = []
        for item in x:
            out.extend(_flatten(item))
        return out
    if hasattr(x, "tolist") and not isinstance(x, mpmath.mpf):  # mpmath matrix
        return _flatten(x.tolist())
    return [x]


def agreeing_digits(a, b, cap: int | None = None) -> int:
    """Number of agreeing significant digits between two numbers or equal-shape vectors.

    Computed as ``floor(-log10(max_i |a_i - b_i| / max(max_i |b_i|, tiny)))`` in the current precision; equal
    values return ``cap`` (default: the current dps).  The scale is the vector's largest entry, so a tiny
    component that happens to cancel does not inflate or deflate the count.
    """
    fa, fb = _flatten(a), _flatten(b)
    if len(fa) != len(fb):
        raise ValueError(f"cannot compare shapes of length {len(fa)} and {len(fb)}")
    if cap is None:
        cap = mpmath.mp.dps
    diff = max((abs(mpmath.mpmathify(x) - mpmath.mpmathify(y)) for x, y in zip(fa, fb)), default=mpmath.mpf(0))
    scale = max((abs(mpmath.mpmathify(y)) for y in fb), default=mpmath.mpf(0))
    if diff == 0:
        return cap
    if scale == 0:
        scale = mpmath.mpf(1)
    digits = int(mpmath.floor(-mpmath.log10(diff / scale)))
    return max(0, min(cap, digits))


def max_abs(values: Iterable) -> mpmath.mpf:
    """Largest absolute value of an iterable of mp numbers (0 for empty)."""
    return max((abs(mpmath.mpmathify(v)) for v in values), default=mpmath.mpf(0))
