r"""Every claim of Marion, Chizat, "Three stories on deep linear networks" (slides) (FM), as printed, with its check and verdict.

Spec: ``proofs/spec/flat_minima_002.md`` (IDs ``FM-…``).  Errata found: ``docs/errata.md``.
One module per section of the spec; modules starting with ``_`` hold shared notation.
Re-run any claim with ``symflow verify <ID> --dps 60``.
"""

from .._sections import import_sections, pending

SECTIONS = import_sections(__name__, __path__)
PENDING = pending(__name__, SECTIONS)  # spec IDs not encoded yet (none when the catalogue is full)

__all__: list[str] = []
