r"""Reproductions of the figures of the sources, each with the behaviour its text describes checked numerically.

One module per source (``dd`` for the deep-diagonal paper; ``hy``, ``fm``, ``ddyn`` as they come), each exporting
``FIGURES``: a tuple of :class:`Figure` records (name, spec ID, title, ``draw(ax, dps) -> caption``,
``check(dps, *, fast) -> Verdict``).  Modules are found by name, so a source adds its figures without editing this
file.  The set-up choices the papers leave unstated are constants of each module, repeated in docs/figures.md and in
each PNG's caption and metadata.

Example::

    >>> from symflow import figures
    >>> sorted(figures.names())[:2]
    ['dd-fig3', 'dd-fig4']
    >>> figures.get("dd-fig3").spec_id
    'DD-Fig-3'
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from functools import lru_cache
from pathlib import Path

from ..errors import InvalidArgument
from ._common import FAST_DPS, Figure, render

__all__ = ["Figure", "FAST_DPS", "names", "get", "all_figures", "figure", "clear_caches"]


@lru_cache(maxsize=1)
def all_figures() -> dict[str, Figure]:
    """Every figure of every source module (``symflow/figures/<module>.py`` with a ``FIGURES`` tuple), by name."""
    out: dict[str, Figure] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        for fig in getattr(mod, "FIGURES", ()):
            if fig.name in out:
                raise InvalidArgument(f"figure name {fig.name!r} is defined twice")
            out[fig.name] = fig
    return dict(sorted(out.items()))


def names() -> list[str]:
    """The names ``symflow figure`` accepts."""
    return list(all_figures())


def get(name: str) -> Figure:
    """The figure called ``name``; a clear error (with the closest name) otherwise."""
    figs = all_figures()
    if not isinstance(name, str) or name not in figs:
        close = difflib.get_close_matches(str(name), list(figs))
        raise InvalidArgument(f"name={name!r} ({type(name).__name__}) is not a figure; use one of {list(figs)}"
                              + (f" (did you mean {close[0]!r}?)" if close else ""))
    return figs[name]


def figure(name: str, path=None, dps: int = 30) -> Path:
    """Draw figure ``name`` as a PNG (default ``figures/<name>.png``) at ``dps`` digits; returns its path."""
    return render(get(name), path, dps)


def clear_caches() -> None:
    """Forget the memoised trajectories of every figure module that keeps some."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            mod = importlib.import_module(f"{__name__}.{info.name}")
            if hasattr(mod, "clear_cache"):
                mod.clear_cache()
