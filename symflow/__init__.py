"""symflow: symbolic-numeric verification of gradient flow on reparameterized models.

Given a parameterization theta = G(x): what gradient flow conserves, whether G is commuting and regular (Li, Wang,
Lee, Arora 2022), which mirror potential the flow of theta follows, and a high-precision numerical cross-check; and
every claim of the sources, checked (``symflow verify``).

This module only re-exports the public API.  The heavy modules load on first use (``symflow.is_commuting`` imports
:mod:`symflow.lie` then), so that ``symflow --help`` and the vocabulary stay fast to import.
"""

from importlib import import_module as _import_module

from .errors import InvalidArgument as InvalidArgument
from .errors import ParseError as ParseError
from .errors import SymflowError as SymflowError
from .errors import UnknownClaim as UnknownClaim
from .precision import precision as precision
from .verdict import Inconclusive as Inconclusive
from .verdict import Proved as Proved
from .verdict import Reason as Reason
from .verdict import Refuted as Refuted
from .verdict import Verdict as Verdict
from .verdict import Verified as Verified

__version__ = "0.1.0"

# public name -> (module, attribute); attribute None means the module itself
_LAZY = {
    "Parameterization": ("parameterization", "Parameterization"),
    "regularity": ("parameterization", "regularity"),
    "families": ("families", None),
    "is_zero": ("identity", "is_zero"),
    "is_commuting": ("lie", "is_commuting"),
    "check_law": ("conservation", "check_law"),
    "law_count": ("conservation", "law_count"),
    "polynomial_laws": ("conservation", "polynomial_laws"),
    "conservation_laws": ("conservation", "conservation_laws"),
    "derive_potential": ("potentials", "derive_potential"),
    "check_potential": ("potentials", "check_potential"),
    "least_squares": ("flows", "least_squares"),
    "gradient_flow": ("flows", "gradient_flow"),
    "mirror_flow": ("flows", "mirror_flow"),
    "cross_check": ("flows", "cross_check"),
    "analyze": ("analysis", "analyze"),
}

__all__ = [
    "InvalidArgument", "ParseError", "SymflowError", "UnknownClaim",
    "Verdict", "Proved", "Verified", "Refuted", "Inconclusive", "Reason", "precision",
    *_LAZY,
]


def __getattr__(name: str):
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'symflow' has no attribute {name!r}") from None
    mod = _import_module(f".{module}", __name__)
    value = mod if attr is None else getattr(mod, attr)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
