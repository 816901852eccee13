r"""Every claim of Labarrière, Molinari, Rosasco, Vega, Villa, "Optimization Insights into Deep Diagonal Linear
Networks" (source 000) and of the summary of its newer version (001), as printed, with its check and verdict.

Spec: ``proofs/spec/deep_diagonal_000.md`` (IDs ``DD-…``).  Errata found: ``docs/errata.md``.

Notation of the paper -> symflow names:

=============================================  ================================================================
paper                                          symflow
=============================================  ================================================================
:math:`u^j_i` (layer j, coordinate i)          ``families.deep_diagonal(L, d)``, symbol ``u{j}_{i}``; generic
                                               layers ``u``, ``w`` with the product ``P``/``R`` of the others
                                               (:mod:`._model`)
:math:`\theta = \bigodot_j u^j`,  G (eq. 10)   ``G.outputs``; one coordinate: ``u·P`` or ``u·w·R``
:math:`\nabla\mathcal L(\theta)`                the generic symbol ``g`` (a statement proved with it holds for every
                                               differentiable loss)
(𝒜)                                            ``symflow.strategies.satisfies_A`` / ``init_satisfying_A``
:math:`\theta = u\odot v` (A.1, A.2)           ``families.uv(d)``
:math:`\theta = u^{\odot L}` (A.3)              ``families.power(L, d)``
=============================================  ================================================================

One module per section of the paper (spec section in each module's docstring), imported by
:func:`proofs._sections.import_sections`; shared notation and computations in the ``_`` modules: ``_model`` (generic
layers), ``_leaf`` (inequalities on a leaf of (7)), ``_network`` (the network at fixed sizes, least squares),
``_decay`` (loss curves, the decoupled envelope).  Re-run any claim with ``symflow verify <ID> --dps 60``.
"""

from .._sections import import_sections

SECTIONS = import_sections(__name__, __path__)
PENDING: tuple[str, ...] = ()

__all__: list[str] = []
