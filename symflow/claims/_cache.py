"""Memoisation for checks, keyed by content and cleared by one function (no other state).

A printed claim and its mutants often share an expensive, statement-independent computation (an integrated
trajectory, an exact Jacobian): :func:`cached` memoises a function of hashable arguments, :func:`example_cache`
holds the per-example data of a property search.  :func:`clear_caches` empties them all; nothing cached changes
what a function returns, only how fast.
"""

from __future__ import annotations

import functools
from typing import Callable

__all__ = ["cached", "example_cache", "clear_caches"]

_MEMOS: list = []
_EXAMPLES: dict = {}


def cached(fn: Callable) -> Callable:
    """``functools.lru_cache(maxsize=None)``, registered with :func:`clear_caches`; arguments must be hashable."""
    memo = functools.lru_cache(maxsize=None)(fn)
    _MEMOS.append(memo)
    return memo


def example_cache(compute: Callable, dps: int, fast: bool) -> dict:
    """The cache of one compute function's per-example data at one precision and mode (``compute`` may depend on
    the example, ``dps``, ``fast`` and what its closure holds).

    Keyed by the function's module, qualified name and closure: two closures made by one factory with different
    captured values (``point_search(values=f)`` and ``point_search(values=g)``) are different functions and must
    not share data.  A captured check context counts by its ``dps`` and ``fast`` only, so that a claim and its
    mutants share the per-example work."""
    from ._context import CheckContext

    def cell_key(cell):
        try:
            v = cell.cell_contents
        except ValueError:  # an empty cell
            return None
        if isinstance(v, CheckContext):
            return ("ctx", v.dps, v.fast)
        try:
            hash(v)
            return v
        except TypeError:
            return ("repr", repr(v))

    closure = tuple(cell_key(c) for c in (getattr(compute, "__closure__", None) or ()))
    return _EXAMPLES.setdefault((getattr(compute, "__module__", ""), getattr(compute, "__qualname__", repr(compute)),
                                 closure, dps, fast), {})


def clear_caches() -> None:
    """Empty every cache of the claim kit and of the checks that use :func:`cached`."""
    for memo in _MEMOS:
        memo.cache_clear()
    _EXAMPLES.clear()
