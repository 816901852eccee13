"""The claim kit's helpers, in one namespace: ``from symflow.claims import kit``.

Exact: :func:`ddt`, :func:`identity`, :func:`identities` (``Proved`` with an ``argument`` that covers the whole
statement), :func:`at_sizes` (exact at listed sizes: ``Verified``, scope = the sizes), :func:`product`.
Numeric: :func:`mp`, :func:`evaluate`, :func:`measured` (digits by precision doubling), :func:`compare`,
:func:`inequality` (with ``implied`` detection of weaker mutants), :func:`tolerance`, :func:`nstr`.
Property: :func:`search` (Hypothesis, targeted, >= 100 examples in a full run), :class:`Margin`, :func:`settings_for`.
Caches: :func:`cached`, :func:`clear_caches`.
"""

from ._cache import cached, clear_caches
from ._exact import at_sizes, ddt, identities, identity, product
from ._numeric import Comparison, Measured, compare, evaluate, inequality, measured, mp, nstr, tolerance
from ._search import Margin, search, settings_for
from ._types import IMPLIED, LOOSE

__all__ = ["ddt", "identity", "identities", "at_sizes", "product", "mp", "evaluate", "measured", "Measured",
           "compare", "Comparison", "inequality", "tolerance", "nstr", "search", "Margin", "settings_for", "cached",
           "clear_caches", "IMPLIED", "LOOSE"]
