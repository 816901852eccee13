"""The number of laws from the Lie algebra (:func:`law_count`) and what ``symflow analyze`` prints (:class:`LawSet`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import sympy

from ..errors import InvalidArgument
from ..validation import check_int
from ..lie import is_commuting, lie_algebra_dimension
from ..parameterization import Parameterization, check_parameterization
from ..verdict import Inconclusive, Proved, Reason, Verdict
from ._ansatz import polynomial_laws, laurent_laws
from ._checks import _as_law, _gradient_rows, _select_independent, check_law, independent_laws
from ._integrals import first_integrals


# --------------------------------------------------------------------------------------------------------------
# law_count and conservation_laws
# --------------------------------------------------------------------------------------------------------------
_MAX_MONOMIALS = 6000  # law_count looks for polynomial laws of degree <= 2 itself while they are this few unknowns


def law_count(G: Parameterization, *, known_laws: Iterable | None = None, points: int = 2, seed: int = 0,
              max_depth: int | None = None) -> tuple[int, dict]:
    r"""Number of functionally independent conservation laws at generic points: :math:`D - \dim\mathrm{Lie}(G)(x)`.

    Marcotte, Gribonval, Peyré 2023 (Thm 3.3 and Algorithm 1), with exact ranks over QQ
    (:func:`symflow.lie.lie_algebra_dimension`).  The rank at a point is a lower bound of the Lie-algebra
    dimension, so the count is a deterministic UPPER bound.  It is EXACT (``certificate["exact"]``) when an upper
    bound of the dimension is reached: ``D - k`` for k independent laws known (each checked exactly first), or
    ``d`` when G is commuting (proved), since then the Lie algebra is spanned by the :math:`\nabla G_i`.

    ``known_laws=None`` (default) feeds in the polynomial laws of degree <= 2 that :func:`polynomial_laws` finds
    (while they have at most 6000 unknown coefficients), so that the count is exact whenever those laws are complete;
    pass ``known_laws=()`` for the bare Lie-algebra computation.

    Raises:
        InvalidArgument: G not polynomial over QQ, or a known law that is not conserved.
    """
    check_parameterization(G)
    if not G.is_polynomial:
        raise InvalidArgument(f"G={G!r} is not polynomial over QQ; law_count computes exact brackets at rational "
                              "points and needs polynomial outputs; conservation_laws(G) also counts "
                              "commuting non-polynomial maps")
    if known_laws is None:
        n_monomials = G.D * (G.D + 3) // 2
        known = polynomial_laws(G, 2, homogeneous=False) if n_monomials <= _MAX_MONOMIALS else []
        source = "polynomial laws of degree <= 2 found by polynomial_laws"
    else:
        known = [_as_law(G, h) for h in known_laws]
        source = "known laws given"
        for h in known:
            v = check_law(G, h)
            if v.word != "proved":
                raise InvalidArgument(f"known law {h} is not conserved ({v.summary()}); pass only conserved laws")
    k = independent_laws(G, known) if known else 0
    upper, sources = G.D - k, [f"D - {k} independent {source} = {G.D - k}"] if k else []
    commuting = is_commuting(G)
    if commuting.word == "proved" and G.d < upper:
        upper = G.d
        sources = [f"G is commuting (proved), so Lie(G) = span of the d = {G.d} gradients"]
    dim, lie = lie_algebra_dimension(G, points=points, seed=seed, max_depth=max_depth,
                                     upper_bound=upper if upper < G.D else None)
    exact = bool(lie["exact"])
    cert = {
        "method": "count = D - dim Lie(grad G_1..grad G_d)(x) (Marcotte-Gribonval-Peyre 2023, Thm 3.3)",
        "D": G.D, "d": G.d, "dim_lie": dim, "count": G.D - dim, "exact": exact,
        "commuting": commuting.word,
        "upper_bound_of_dim": upper, "upper_bound_source": sources or ["D"],
        "known_laws_independent": k,
        "direction": ("exact: the rank at a point reached a proven upper bound of dim Lie" if exact else
                      "count is a deterministic UPPER bound of the number of independent laws (see lie.failure_bound)"),
        "lie": lie,
    }
    return G.D - dim, cert


@dataclass(frozen=True)
class Law:
    """An explicit conservation law with its own check (``verdict`` from :func:`check_law`) and how it was found."""

    expr: sympy.Expr
    verdict: Verdict
    method: str


@dataclass(frozen=True)
class LawSet:
    r"""What gradient flow under G conserves (``symflow analyze``): the count and the explicit laws, separately.

    ``count``: the number of functionally independent laws near generic points (None when unknown);
    ``count_verdict``: ``proved`` when that number is exact (a proven bound of the Lie algebra was reached), else
    ``inconclusive`` (an upper bound, or unknown); ``laws``: functionally independent explicit laws, each checked
    by :math:`\langle\nabla h, \nabla G_i\rangle = 0`; ``not_found``: count minus explicit laws (None when the count
    is unknown); ``verdict``: ``proved`` when the explicit laws are a complete set, else ``inconclusive``.
    """

    count: int | None
    count_verdict: Verdict
    laws: tuple
    not_found: int | None
    verdict: Verdict
    certificate: dict

    def summary(self) -> str:
        """One line: ``2 laws (count proved); explicit: h1, h2; 1 not found in closed form``."""
        if self.count is None:
            head = f"count unknown ({self.count_verdict.word})"
        else:
            head = f"{self.count} law{'s' if self.count != 1 else ''} (count {self.count_verdict.word})"
        explicit = "; explicit: " + ", ".join(f"{law.expr} [{law.verdict.word}]" for law in self.laws) \
            if self.laws else "; no explicit law found"
        missing = f"; {self.not_found} not found in closed form" if self.not_found else ""
        return head + explicit + missing


def conservation_laws(G: Parameterization, degree: int = 2) -> LawSet:
    r"""The conservation laws of gradient flow under G: their number (from the Lie algebra) and explicit laws.

    Explicit laws, in this order, each kept only if it is functionally independent of those before and passes
    :func:`check_law`: polynomial laws of degree <= ``degree`` (:func:`polynomial_laws`), Laurent laws
    (:func:`laurent_laws`, D <= 8) and first integrals of the gradient fields (:func:`first_integrals`), the last two
    only while laws are missing.  The count: :func:`law_count` for polynomial G (exact once the rational laws found
    reach the bound); for other G, :math:`D - d` when G is commuting (proved) and of generic rank d (proved), since
    then :math:`\mathrm{Lie}(G)` is spanned by the d gradients (Marcotte et al. 2023, Thm 3.3).
    """
    check_parameterization(G)
    check_int(degree, "degree", 1)
    laws: list[Law] = []
    if G.is_polynomial:
        _add_laws(G, laws, polynomial_laws(G, degree, homogeneous=False), "polynomial ansatz over QQ")
    count, count_verdict, cert = _count(G, laws)
    routes = [("Laurent ansatz over QQ", lambda: laurent_laws(G, degree) if G.is_polynomial and G.D <= 8 else []),
              ("first integral (method of characteristics)", lambda: first_integrals(G))]
    for method, find in routes:
        if count is not None and len(laws) >= count:
            break
        _add_laws(G, laws, find(), method)
        if G.is_polynomial and method.startswith("Laurent") and not count_verdict.holds:
            count, count_verdict, cert = _count(G, laws)  # rational laws can make the count exact
    not_found = None if count is None else max(0, count - len(laws))
    if count is not None and count_verdict.holds and not not_found:
        verdict: Verdict = Proved(f"{len(laws)} functionally independent explicit laws and exactly {count} laws "
                                  "exist near generic points: a complete set", certificate={"count": count})
    else:
        missing = (f"{not_found} of {count} not found in closed form" if not_found else
                   "the count is not exact" if count is not None else "the number of laws is not known")
        verdict = Inconclusive(f"found {len(laws)} explicit laws; {missing}; try a higher degree",
                               reason=Reason.INCOMPLETE)
    return LawSet(count=count, count_verdict=count_verdict, laws=tuple(laws), not_found=not_found,
                  verdict=verdict, certificate=cert)


def _add_laws(G: Parameterization, laws: list, candidates: Iterable, method: str) -> None:
    """Append the candidates that hold and are functionally independent of the laws already kept."""
    current = [law.expr for law in laws]
    for h in candidates:
        h = -h if h.could_extract_minus_sign() else h  # u - v**2/2 rather than -u + v**2/2
        if len(_select_independent(G, current + [h])) <= len(current):
            continue
        v = check_law(G, h)
        if v.holds:
            laws.append(Law(expr=h, verdict=v, method=method))
            current.append(h)


def _count(G: Parameterization, laws: list) -> tuple[int | None, Verdict, dict]:
    """(count, its verdict, certificate): from law_count (polynomial G) or from commuting + generic rank d."""
    if G.is_polynomial:
        known = [law.expr for law in laws if _gradient_rows(G, [law.expr], 0) is not None]
        count, cert = law_count(G, known_laws=known)
        if cert["exact"]:
            return count, Proved(f"{cert['upper_bound_source'][0]}; the exact rank of the Lie algebra at a "
                                 f"rational point reaches it: dim Lie = {cert['dim_lie']}, {count} laws",
                                 certificate={"dim_lie": cert["dim_lie"], "D": G.D}), cert
        return count, Inconclusive(f"at most {count} laws: {cert['lie']['failure_bound']}",
                                   reason=Reason.UNDECIDED), cert
    from ..parameterization import regularity

    commuting, rank = is_commuting(G), regularity(G)[0]
    cert = {"commuting": commuting.word, "generic_rank_d": rank.word, "D": G.D, "d": G.d}
    if commuting.word == "proved" and rank.word == "proved":
        return G.D - G.d, Proved(f"G is commuting (proved) and of generic rank d = {G.d} (proved): Lie(G) is "
                                 f"spanned by the d gradients, so D - d = {G.D - G.d} laws (Marcotte et al. 2023, "
                                 "Thm 3.3)", certificate=cert), cert
    return None, Inconclusive(f"G is not polynomial and not shown commuting ({commuting.word}) of generic rank d "
                              f"({rank.word}): the Lie algebra is not computed", reason=Reason.UNDECIDED), cert
