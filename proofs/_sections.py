"""Import every section module of a source package (``proofs/<source>/<section>.py``), in name order.

A source package's ``__init__`` calls :func:`import_sections` so that each section registers its claims on import
and a new section needs no edit elsewhere.  Modules whose name starts with ``_`` are shared notation (models,
symbols), imported by the sections that use them.
"""

from __future__ import annotations

import importlib
import pkgutil

__all__ = ["import_sections", "pending"]


def import_sections(package: str, path) -> list[str]:
    """Import ``package.<name>`` for every public module in ``path``; returns the names, sorted."""
    names = sorted(info.name for info in pkgutil.iter_modules(path) if not info.name.startswith("_"))
    for name in names:
        importlib.import_module(f"{package}.{name}")
    return names


def pending(package: str, sections: list[str]) -> tuple[str, ...]:
    """The spec IDs the section modules declare not encoded yet (each module's own ``PENDING``), in order."""
    return tuple(i for name in sections for i in getattr(importlib.import_module(f"{package}.{name}"), "PENDING", ()))
