r"""Every claim of Gidel, Bach, Lacoste-Julien, "Implicit Regularization of Discrete Gradient Dynamics in Deep Linear Neural Networks" (DDyn), as printed, with its check and verdict.

Spec: ``proofs/spec/discrete_dynamics_004.md`` (IDs ``DDyn-…``).  Errata found: ``docs/errata.md``.
One module per section of the spec; modules starting with ``_`` hold shared notation.
Re-run any claim with ``symflow verify <ID> --dps 60``.
"""

import sys

from .._sections import import_sections

SECTIONS = import_sections(__name__, __path__)

# Spec IDs not encoded yet (no verdict), gathered from each section module's own PENDING; `symflow verify` lists
# them.  Empty when the catalogue is full.
PENDING: tuple[str, ...] = tuple(i for name in SECTIONS
                                 for i in getattr(sys.modules[f"{__name__}.{name}"], "PENDING", ()))

__all__: list[str] = []
