r"""Declaring claims, the registry, and the completeness of a source's catalogue.

A claim is declared next to its check::

    EQ7 = Statement(h=u_j**2 - u_k**2, rhs=0)

    @claim("DD-Eq7", text=r"$\frac{d}{dt}[(u^j)^2 - (u^k)^2] = 0$ (7)", expect=Proved, statement=EQ7, hyp=H_FLOW)
    def eq7(ctx):
        return kit.identity(kit.ddt(ctx.s.h, FLOW), ctx.s.rhs, argument="generic layers j, k")

Decorators stack (a printed claim and its ``/corrected`` companion share one check, with two statements).  Prose
claims and citations are small tables: :func:`prose` and :func:`cite` (or :func:`prose_table`, :func:`cite_table`).

Each source is a package ``proofs/<source>/`` (:data:`SOURCES`) whose import registers its claims; loading it then
asserts its completeness against the transcription ``proofs/spec/<file>.md``: every spec ID is a claim (the exact ID)
or a citation; every claim ID is a spec ID or a suffixed part of one (``DD-Eq20/corrected``); every ``cites`` entry
is known; a ``/corrected`` claim corrects a printed claim expected ``refuted``; at most 15% of the claim-like IDs
(IDs other than ``…-Def…`` / ``…-Ctx-…``) are cited instead of checked.
"""

from __future__ import annotations

import importlib
import importlib.resources
import importlib.util
import os
import re
import sys
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from ..errors import InvalidArgument, UnknownClaim
from ..verdict import Inconclusive, Proved, Refuted, Verdict, Verified
from ._context import CheckContext
from ._statement import Statement, as_statement
from ._types import Kind

__all__ = ["Claim", "Registry", "registry", "SourceInfo", "SOURCES", "ID_PATTERN", "claim", "prose", "cite",
           "prose_table", "cite_table", "spec_ids", "Coverage", "IncompleteCatalogue", "CITED_FRACTION"]

ID_PATTERN = re.compile(r"^(DD|HY|FM|DDyn)-[A-Za-z0-9._/-]+$")
_SPEC_ID = re.compile(r"\*\*\[?((?:DD|HY|FM|DDyn)-[A-Za-z0-9._-]+)\]?\*\*")
_DEFINITION = re.compile(r"^[A-Za-z]+-(Def|Ctx)")
CITED_FRACTION = 0.15  # at most this share of a source's claim-like IDs may be cited instead of checked
_DEV_FLAG = "SYMFLOW_DEV_INCOMPLETE"  # development only: report an incomplete catalogue instead of refusing it

Check = Callable[[CheckContext], Verdict]
_EXPECTABLE = (Proved, Verified, Refuted, Inconclusive)


class IncompleteCatalogue(InvalidArgument):
    """A source's catalogue does not cover its spec (missing IDs, unknown IDs, too many citations)."""


@dataclass(frozen=True)
class SourceInfo:
    """A source: its short name, the package holding its claims, its spec transcription and its title."""

    name: str
    module: str
    spec: str
    title: str


SOURCES: dict[str, SourceInfo] = {s.name: s for s in (
    SourceInfo("DD", "proofs.deep_diagonal", "deep_diagonal_000.md",
               "Labarrière et al., Optimization Insights into Deep Diagonal Linear Networks"),
    SourceInfo("HY", "proofs.hypentropy", "hypentropy_003.md",
               "Robin, Non-linear parameterizations of least-squares gradient flow"),
    SourceInfo("FM", "proofs.flat_minima", "flat_minima_002.md",
               "Marion, Chizat, Three stories on deep linear networks (slides)"),
    SourceInfo("DDyn", "proofs.discrete_dynamics", "discrete_dynamics_004.md",
               "Gidel, Bach, Lacoste-Julien, Implicit Regularization of Discrete Gradient Dynamics in Deep Linear NNs"),
)}


@dataclass(frozen=True)
class Claim:
    """One claim of a source, as printed (``text``), with its check, its statement and its recorded verdict.

    ``kind``: :class:`Kind`; ``expect``: the verdict class recorded after investigation (``Proved``, ``Verified``,
    ``Refuted`` or ``Inconclusive``); ``statement``: the printed formula as data (the source of the mutants);
    ``hyp``: the hypotheses the check assumes; ``cites``: IDs this claim relies on; ``reason``: for a prose claim,
    why no statement can be checked.  ``where`` names the check (``module.function``).
    """

    id: str
    text: str
    kind: Kind
    expect: type
    check: Check | None
    statement: Statement | None = None
    hyp: str = ""
    cites: tuple[str, ...] = ()
    reason: str = ""
    where: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not ID_PATTERN.match(self.id):
            raise InvalidArgument(f"id={self.id!r} ({type(self.id).__name__}) is not a well-formed claim ID; "
                                  "use <source>-<label> with source in DD|HY|FM|DDyn, e.g. 'DD-Thm2/rate'")
        if not isinstance(self.kind, Kind):
            raise InvalidArgument(f"claim {self.id}: kind={self.kind!r} must be a symflow.claims.Kind "
                                  f"({', '.join(k.name for k in Kind)})")
        if self.expect not in _EXPECTABLE:
            raise InvalidArgument(f"claim {self.id}: expect={self.expect!r} must be one of the verdict classes "
                                  "Proved, Verified, Refuted, Inconclusive")
        if not isinstance(self.text, str) or not self.text.strip():
            raise InvalidArgument(f"claim {self.id}: text must be the statement as printed (non-empty)")
        if not isinstance(self.cites, tuple) or not all(isinstance(c, str) for c in self.cites):
            raise InvalidArgument(f"claim {self.id}: cites={self.cites!r} must be a tuple of IDs")
        object.__setattr__(self, "statement", as_statement(self.statement))
        if self.kind is Kind.PROSE:
            if self.check is not None or self.statement is not None:
                raise InvalidArgument(f"claim {self.id}: a prose claim has no check and no statement")
            if self.expect is not Inconclusive:
                raise InvalidArgument(f"claim {self.id}: a prose claim's expected verdict is Inconclusive")
            if len(self.reason.strip()) < 20:
                raise InvalidArgument(f"claim {self.id}: a prose claim needs the reason it cannot be checked "
                                      "(a sentence, reason=...)")
        elif not callable(self.check):
            raise InvalidArgument(f"claim {self.id}: check={self.check!r} must be a callable CheckContext -> Verdict")
        if self.expect is Proved and self.kind is not Kind.SYMBOLIC:
            raise InvalidArgument(f"claim {self.id}: only a symbolic claim can be expected Proved (kind={self.kind})")

    @property
    def source(self) -> str:
        return self.id.split("-", 1)[0]

    @property
    def expected(self) -> str:
        """The expected verdict's word (``proved`` …), as in the JSON."""
        return self.expect.word

    @property
    def base(self) -> str:
        """The spec ID this claim belongs to (the ID without its ``/suffix``)."""
        return self.id.split("/", 1)[0]


@dataclass(frozen=True)
class Coverage:
    """How a source's catalogue covers its spec (:meth:`Registry.coverage`)."""

    source: str
    spec: frozenset
    claims: frozenset
    citations: frozenset
    missing: tuple
    unknown: tuple
    bad_cites: tuple
    bad_corrections: tuple
    cited_claimlike: tuple
    claimlike: int
    pending: tuple = ()

    @property
    def cited_fraction(self) -> float:
        return len(self.cited_claimlike) / self.claimlike if self.claimlike else 0.0

    @property
    def pending_claimed(self) -> tuple:
        """IDs declared pending that are in fact claimed or cited (a stale ``PENDING`` list)."""
        return tuple(sorted(i for i in self.pending if i in self.claims or i in self.citations
                            or i not in self.spec))

    @property
    def complete(self) -> bool:
        """Every spec ID claimed, cited or declared pending; no stale or unknown entry; citations within bounds."""
        return not (self.missing or self.unknown or self.bad_cites or self.bad_corrections
                    or self.pending_claimed) and self.cited_fraction <= CITED_FRACTION

    @property
    def full(self) -> bool:
        """Complete with nothing pending: every spec ID carries a verdict or a citation."""
        return self.complete and not self.pending

    def problems(self) -> list[str]:
        out = []
        if self.missing:
            out.append(f"{len(self.missing)} spec IDs neither claimed nor cited: {', '.join(self.missing[:12])}"
                       + (" …" if len(self.missing) > 12 else ""))
        if self.unknown:
            out.append(f"claims whose base is not a spec ID: {', '.join(self.unknown[:12])}")
        if self.bad_cites:
            out.append(f"unknown IDs in cites: {', '.join(self.bad_cites[:12])}")
        if self.bad_corrections:
            out.append(f"'/corrected' claims without a printed claim expected Refuted: "
                       f"{', '.join(self.bad_corrections[:12])}")
        if self.pending_claimed:
            out.append(f"PENDING IDs that are encoded already or not spec IDs: {', '.join(self.pending_claimed[:12])}")
        if self.cited_fraction > CITED_FRACTION:
            out.append(f"{len(self.cited_claimlike)} of {self.claimlike} claim-like IDs cited "
                       f"({self.cited_fraction:.0%} > {CITED_FRACTION:.0%})")
        return out


def spec_ids(source: str) -> frozenset:
    """The IDs of ``proofs/spec/<file>.md`` (every bold bracketed ID of the transcription)."""
    info = _info(source)
    text = importlib.resources.files("proofs").joinpath("spec", info.spec).read_text(encoding="utf-8")
    return frozenset(_SPEC_ID.findall(text))


def _info(source: str) -> SourceInfo:
    try:
        return SOURCES[source]
    except KeyError:
        raise UnknownClaim(f"source={source!r} is not a known source; known: {', '.join(SOURCES)}") from None


def _is_definition(cid: str) -> bool:
    return bool(_DEFINITION.match(cid))


class Registry:
    """Claims and citations by ID, validated at registration; sources loaded (imported) on first use."""

    def __init__(self) -> None:
        self._claims: dict[str, Claim] = {}
        self._citations: dict[str, str] = {}
        self._loaded: set[str] = set()
        self._pending: dict[str, tuple] = {}  # source -> spec IDs its package declares not yet encoded (PENDING)

    # ---------------------------------------------------------------------------------------------- registration
    def register(self, item: Claim) -> Claim:
        if not isinstance(item, Claim):
            raise InvalidArgument(f"claim={item!r} ({type(item).__name__}) must be a symflow.claims.Claim")
        old = self._claims.get(item.id)
        if old is not None and old.where != item.where:  # a module re-import re-registers the same check
            raise InvalidArgument(f"claim id={item.id!r} is registered twice ({old.where} and {item.where})")
        if item.id in self._citations:
            raise InvalidArgument(f"id={item.id!r} is both a claim and a citation (definition/context)")
        self._claims[item.id] = item
        return item

    def cite(self, cid: str, where: str) -> None:
        if not isinstance(cid, str) or not ID_PATTERN.match(cid) or "/" in cid:
            raise InvalidArgument(f"citation id={cid!r} is not a well-formed spec ID")
        if not isinstance(where, str) or len(where.strip()) < 10:
            raise InvalidArgument(f"citation {cid}: say where the object is built or why it has no verdict")
        if cid in self._claims:
            raise InvalidArgument(f"id={cid!r} is both a claim and a citation (definition/context)")
        self._citations[cid] = where

    # --------------------------------------------------------------------------------------------------- loading
    def load(self, source: str, *, strict: bool = True) -> None:
        """Import the source's package once; with ``strict``, refuse an incomplete catalogue."""
        info = _info(source)
        if source in self._loaded:
            return
        try:
            importlib.import_module(info.module)
        except ModuleNotFoundError as exc:
            if exc.name in (info.module, info.module.rsplit(".", 1)[0]):
                raise UnknownClaim(f"source {source} has no claims encoded yet ({info.module} does not exist)") \
                    from None
            raise
        self._loaded.add(source)
        pending = getattr(sys.modules[info.module], "PENDING", ())
        self._pending[source] = tuple(sorted(pending))
        cov = self.coverage(source)
        if strict and not cov.complete and not os.environ.get(_DEV_FLAG):
            raise IncompleteCatalogue(f"the {source} catalogue is incomplete: " + "; ".join(cov.problems()))

    def coverage(self, source: str) -> Coverage:
        spec = spec_ids(source)
        mine = {k: c for k, c in self._claims.items() if c.source == source}
        cites = {k for k in self._citations if k.startswith(source + "-")}
        known = set(self._claims) | set(self._citations) | spec
        claimlike = [i for i in spec if not _is_definition(i)]
        bad_corr = [k for k, c in mine.items() if k.endswith("/corrected")
                    and (c.base not in mine or mine[c.base].expect is not Refuted)]
        return Coverage(
            source=source, spec=spec, claims=frozenset(mine), citations=frozenset(cites),
            missing=tuple(sorted(spec - set(mine) - cites - set(self._pending.get(source, ())))),
            unknown=tuple(sorted(k for k, c in mine.items() if c.base not in spec)),
            bad_cites=tuple(sorted({x for c in mine.values() for x in c.cites if x not in known})),
            bad_corrections=tuple(sorted(bad_corr)),
            cited_claimlike=tuple(sorted(i for i in claimlike if i in cites)), claimlike=len(claimlike),
            pending=self._pending.get(source, ()))

    def sources(self) -> list[str]:
        """The sources whose package exists (importable), in :data:`SOURCES` order."""
        return [s for s in SOURCES if importlib.util.find_spec(SOURCES[s].module) is not None]

    def claims(self, source: str | None = None) -> list[Claim]:
        if source is None:
            for s in self.sources():
                self.load(s)
            return list(self._claims.values())
        self.load(source)
        return [c for c in self._claims.values() if c.source == source]

    def citations(self, source: str | None = None) -> dict[str, str]:
        srcs = self.sources() if source is None else [source]
        for s in srcs:
            self.load(s)
        return {k: v for k, v in self._citations.items() if k.split("-", 1)[0] in srcs}

    def get(self, cid: str) -> Claim:
        self.load(cid.split("-", 1)[0])
        return self._claims[cid]

    def __contains__(self, cid: str) -> bool:
        return cid in self._claims


registry = Registry()


# --------------------------------------------------------------------------------------------------- declaring

def claim(cid: str, *, text: str, expect: type, kind: Kind = Kind.SYMBOLIC, statement=None, hyp: str = "",
          cites: Iterable[str] = ()) -> Callable[[Check], Check]:
    """Decorator: register the decorated function as the check of claim ``cid`` (stackable)."""
    def deco(fn: Check) -> Check:
        registry.register(Claim(id=cid, text=text, kind=kind, expect=expect, check=fn, statement=statement,
                                hyp=hyp, cites=tuple(cites), where=f"{fn.__module__}.{fn.__qualname__}"))
        return fn
    return deco


def prose(cid: str, text: str, reason: str, cites: Iterable[str] = ()) -> Claim:
    """Register a prose claim: a sentence with no machine-checkable statement, listed with its ``reason``."""
    return registry.register(Claim(id=cid, text=text, kind=Kind.PROSE, expect=Inconclusive, check=None,
                                   reason=reason, cites=tuple(cites), where="prose"))


def cite(cid: str, where: str) -> None:
    """Register a definition/context ID (no verdict) with where symflow builds the object, or why no verdict."""
    registry.cite(cid, where)


def prose_table(rows: Iterable[tuple]) -> None:
    """Register prose claims from rows ``(id, text, reason)`` or ``(id, text, reason, cites)``."""
    for row in rows:
        prose(*row)


def cite_table(rows: Mapping[str, str]) -> None:
    """Register citations from ``{id: where}``."""
    for cid, where in rows.items():
        cite(cid, where)
