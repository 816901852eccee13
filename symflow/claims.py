"""The claim registry, the runner and the report data behind ``symflow verify``.

A *claim* is one statement of a source, transcribed as printed, with the spec ID of ``shared/spec`` (e.g.
``DD-Thm2``), its kind, a check returning a :class:`~symflow.verdict.Verdict`, and the verdict recorded after
investigation (``expected``).  A printed claim keeps its bare ID; a corrected version or a check of one part of it
gets a suffix (``DD-Eq20/corrected``, ``DD-Thm2/rate``).  Definitions and context IDs carry no verdict: each
``proofs/<source>.py`` lists them in a ``CITATIONS`` dict (ID -> where symflow builds the object / why no verdict).

Sources are loaded lazily from :data:`SOURCES`; a module that does not exist yet means "no claims encoded yet for
that source".  Every ``proofs`` module exposes ``CLAIMS`` (a list of :class:`Claim`) and optionally ``CITATIONS``.

The runner never prints: :func:`run` returns :class:`Result` records, :func:`summary` and :func:`to_json` shape them
for the CLI.  A check that raises becomes ``Inconclusive(Reason.FAILED)`` carrying the exception text.

Example::

    >>> from symflow.claims import select, run, CheckContext
    >>> results = run(select(["DD-Eq7"]), CheckContext(dps=30))
    >>> results[0].verdict, results[0].ok
    ('proved', True)
"""

from __future__ import annotations

import difflib
import importlib
import re
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from .errors import InvalidArgument, UnknownClaim
from .verdict import WORDS, Inconclusive, Reason, Verdict

__all__ = [
    "Claim",
    "CheckContext",
    "Result",
    "Registry",
    "SOURCES",
    "KINDS",
    "ID_PATTERN",
    "registry",
    "load_source",
    "all_claims",
    "citations",
    "select",
    "run",
    "run_one",
    "run_mutants",
    "summary",
    "to_json",
]

SOURCES: dict[str, str] = {
    "DD": "proofs.deep_diagonal",
    "HY": "proofs.hypentropy",
    "FM": "proofs.flat_minima",
    "DDyn": "proofs.discrete_dynamics",
}
KINDS = ("symbolic", "numeric", "property", "prose")
ID_PATTERN = re.compile(r"^(DD|HY|FM|DDyn)-[A-Za-z0-9._/-]+$")


@dataclass(frozen=True)
class CheckContext:
    """What a check may use: working precision ``dps``, a ``seed`` for every random draw, and ``fast`` (shorter
    horizons / fewer points, for the test-suite)."""

    dps: int = 50
    seed: int = 0
    fast: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.dps, int) or isinstance(self.dps, bool) or self.dps < 15:
            raise InvalidArgument(f"dps={self.dps!r} ({type(self.dps).__name__}) must be an integer >= 15; "
                                  "pass e.g. --dps 50")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise InvalidArgument(f"seed={self.seed!r} ({type(self.seed).__name__}) must be an integer")


Check = Callable[[CheckContext], Verdict]


@dataclass(frozen=True)
class Claim:
    """One claim of a source, as printed, with its check and its recorded verdict.

    ``kind`` is ``symbolic`` (exact argument), ``numeric`` (high-precision computation), ``property`` (Hypothesis
    search) or ``prose`` (no machine-checkable statement: ``check`` is None and the runner reports
    ``Inconclusive(Reason.PROSE)`` with ``hypotheses`` as the reason text).  ``mutants`` returns a list of
    ``(label, check)`` whose verdict should be ``refuted`` (mutated constants), for ``symflow verify --mutate``.
    """

    id: str
    source: str
    statement: str
    kind: str
    check: Check | None
    expected: str
    hypotheses: str = ""
    cites: tuple[str, ...] = ()
    mutants: Callable[[], list[tuple[str, Check]]] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not ID_PATTERN.match(self.id):
            raise InvalidArgument(f"id={self.id!r} ({type(self.id).__name__}) is not a well-formed claim ID; "
                                  "use <source>-<label> with source in DD|HY|FM|DDyn, e.g. 'DD-Thm2/rate'")
        if self.source not in SOURCES:
            raise InvalidArgument(f"source={self.source!r} must be one of {sorted(SOURCES)}")
        if not self.id.startswith(self.source + "-"):
            raise InvalidArgument(f"id={self.id!r} does not start with its source {self.source!r}-")
        if self.kind not in KINDS:
            raise InvalidArgument(f"kind={self.kind!r} must be one of {KINDS}")
        if self.expected not in WORDS:
            raise InvalidArgument(f"expected={self.expected!r} must be one of {WORDS}")
        if self.kind == "prose":
            if self.check is not None:
                raise InvalidArgument(f"claim {self.id}: a prose claim has no check; use kind='symbolic' etc.")
            if self.expected != "inconclusive":
                raise InvalidArgument(f"claim {self.id}: a prose claim's expected verdict is 'inconclusive'")
            if not self.hypotheses:
                raise InvalidArgument(f"claim {self.id}: a prose claim needs the reason it cannot be checked "
                                      "(pass it as hypotheses=...)")
        elif not callable(self.check):
            raise InvalidArgument(f"claim {self.id}: check={self.check!r} must be a callable CheckContext -> Verdict")
        if not isinstance(self.statement, str) or not self.statement.strip():
            raise InvalidArgument(f"claim {self.id}: statement must be the printed text (non-empty)")


@dataclass(frozen=True)
class Result:
    """The outcome of running one claim (the JSON fields of ``symflow verify --json``)."""

    id: str
    source: str
    kind: str
    statement: str
    verdict: str
    expected: str
    digits: int | None
    detail: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    mutants: int | None = None
    mutants_refuted: int | None = None

    @property
    def ok(self) -> bool:
        return self.verdict == self.expected

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id, "source": self.source, "kind": self.kind, "statement": self.statement,
            "verdict": self.verdict, "expected": self.expected, "digits": self.digits, "detail": self.detail,
            "ok": self.ok, "seconds": round(self.seconds, 3), "evidence": dict(self.evidence),
        }
        if self.mutants is not None:
            out["mutants"] = self.mutants
            out["mutants_refuted"] = self.mutants_refuted
        return out


class Registry:
    """Claims by ID, validated at registration (unique IDs, well formed, check present unless prose)."""

    def __init__(self) -> None:
        self._claims: dict[str, Claim] = {}
        self._citations: dict[str, str] = {}
        self._loaded: set[str] = set()

    def register(self, claim: Claim) -> Claim:
        if not isinstance(claim, Claim):
            raise InvalidArgument(f"claim={claim!r} ({type(claim).__name__}) must be a symflow.claims.Claim")
        if claim.id in self._claims and self._claims[claim.id] is not claim:
            raise InvalidArgument(f"claim id={claim.id!r} is registered twice; IDs must be unique")
        if claim.id in self._citations:
            raise InvalidArgument(f"id={claim.id!r} is both a claim and a citation (definition/context)")
        self._claims[claim.id] = claim
        return claim

    def cite(self, cid: str, where: str) -> None:
        if not ID_PATTERN.match(cid):
            raise InvalidArgument(f"citation id={cid!r} is not a well-formed ID")
        if cid in self._claims:
            raise InvalidArgument(f"id={cid!r} is both a claim and a citation (definition/context)")
        self._citations[cid] = where

    def load(self, source: str) -> None:
        """Import ``SOURCES[source]`` once and register its ``CLAIMS`` and ``CITATIONS`` (missing module: none)."""
        if source not in SOURCES:
            raise UnknownClaim(f"source={source!r} is not a known source; known: {', '.join(SOURCES)}")
        if source in self._loaded:
            return
        modname = SOURCES[source]
        try:
            module = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            if exc.name in (modname, modname.rsplit(".", 1)[0]):
                self._loaded.add(source)  # no claims encoded yet for this source
                return
            raise
        claims = getattr(module, "CLAIMS", [])
        for claim in claims:
            if claim.source != source:
                raise InvalidArgument(f"claim {claim.id} in {modname} has source {claim.source!r}, not {source!r}")
            self.register(claim)
        for cid, where in getattr(module, "CITATIONS", {}).items():
            self.cite(cid, where)
        self._loaded.add(source)

    def load_all(self) -> None:
        for source in SOURCES:
            self.load(source)

    def claims(self, source: str | None = None) -> list[Claim]:
        if source is None:
            self.load_all()
            return list(self._claims.values())
        self.load(source)
        return [c for c in self._claims.values() if c.source == source]

    def citations(self, source: str | None = None) -> dict[str, str]:
        if source is None:
            self.load_all()
        else:
            self.load(source)
        return {k: v for k, v in self._citations.items() if source is None or k.startswith(source + "-")}

    def __contains__(self, cid: str) -> bool:
        return cid in self._claims


registry = Registry()


def load_source(source: str) -> list[Claim]:
    """The claims of one source (``DD``, ``HY``, ``FM``, ``DDyn``), loading its proofs module on first use."""
    return registry.claims(source)


def all_claims() -> list[Claim]:
    """Every registered claim of every source whose proofs module exists."""
    return registry.claims()


def citations(selectors: str | Sequence[str] | None = None) -> dict[str, str]:
    """Definition/context IDs (no verdict) -> where symflow builds the object or why there is no verdict.

    ``selectors`` as in :func:`select` (source names or ID prefixes); empty/None gives every citation."""
    if not selectors:
        return registry.citations()
    if isinstance(selectors, str):
        selectors = [selectors]
    out: dict[str, str] = {}
    for sel in selectors:
        src = _source_of(sel) or (sel if sel in SOURCES else None)
        pool = registry.citations(src) if src else registry.citations()
        out.update({k: v for k, v in pool.items() if sel in SOURCES or k == sel or k.startswith(sel)})
    return out


def _source_of(selector: str) -> str | None:
    head = selector.split("-", 1)[0]
    return head if head in SOURCES else None


def select(selectors: Sequence[str] | None = None) -> list[Claim]:
    """Claims named by source names (``DD``), IDs (``DD-Thm2``) or ID prefixes (``DD-Thm2`` also selects
    ``DD-Thm2/rate``; ``DD-SA.4`` selects every A.4 claim).  Empty/None selects everything.

    Raises :class:`~symflow.errors.UnknownClaim` with close matches when a selector matches nothing.  A selector
    naming a definition/context ID raises too, saying that it carries no verdict and where it is built.
    """
    if not selectors:
        return all_claims()
    if isinstance(selectors, str):
        selectors = [selectors]
    chosen: dict[str, Claim] = {}
    for sel in selectors:
        if not isinstance(sel, str) or not sel.strip():
            raise InvalidArgument(f"selector={sel!r} ({type(sel).__name__}) must be a source name or claim ID")
        sel = sel.strip()
        if sel in SOURCES:
            for c in load_source(sel):
                chosen.setdefault(c.id, c)
            continue
        src = _source_of(sel)
        pool = load_source(src) if src else all_claims()
        cites = registry.citations(src) if src else registry.citations()
        # "DD-Eq2" means DD-Eq2 and DD-Eq2/..., never DD-Eq20..DD-Eq29; a bare prefix ("DD-SA.4") selects by prefix
        hits = [c for c in pool if c.id == sel or c.id.startswith(sel + "/")]
        if not hits and sel in cites:
            raise UnknownClaim(f"{sel} is a definition/context ID and carries no verdict: {cites[sel]}")
        if not hits:
            hits = [c for c in pool if c.id.startswith(sel)]
        if not hits:
            known = [c.id for c in pool] + list(SOURCES)
            close = difflib.get_close_matches(sel, known, n=5, cutoff=0.6)
            hint = f"; did you mean {', '.join(close)}?" if close else "; run `symflow verify --list`"
            raise UnknownClaim(f"claim {sel!r} is not registered{hint}")
        for c in hits:
            chosen.setdefault(c.id, c)
    return list(chosen.values())


def _exception_verdict(exc: BaseException) -> Verdict:
    tb = traceback.extract_tb(exc.__traceback__)
    where = f" at {tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno}" if tb else ""
    return Inconclusive(f"{type(exc).__name__}: {exc}{where}", reason=Reason.FAILED)


def _call(check: Check, ctx: CheckContext) -> Verdict:
    try:
        verdict = check(ctx)
    except Exception as exc:  # a check never crashes the run
        return _exception_verdict(exc)
    if not isinstance(verdict, Verdict):
        return Inconclusive(f"check returned {type(verdict).__name__}, not a Verdict", reason=Reason.FAILED)
    return verdict


def run_one(claim: Claim, ctx: CheckContext | None = None) -> Result:
    """Run one claim's check (prose claims: ``Inconclusive(PROSE)`` with the reason)."""
    ctx = ctx or CheckContext()
    t0 = time.perf_counter()
    if claim.kind == "prose":
        verdict: Verdict = Inconclusive(claim.hypotheses, reason=Reason.PROSE)
    else:
        verdict = _call(claim.check, ctx)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    data = verdict.to_dict()
    evidence = {k: v for k, v in data.items() if k not in ("verdict", "digits", "detail")}
    return Result(id=claim.id, source=claim.source, kind=claim.kind, statement=claim.statement,
                  verdict=verdict.word, expected=claim.expected, digits=verdict.digits, detail=verdict.detail,
                  evidence=evidence, seconds=seconds)


def run(claims: Iterable[Claim], ctx: CheckContext | None = None,
        progress: Callable[[str], None] | None = None, *, mutate: bool = False) -> list[Result]:
    """Run claims in order.  ``progress(claim_id)`` is called once after each claim (the CLI advances its progress
    bar with it).  With ``mutate=True`` each claim whose verdict holds and that provides ``mutants`` is re-run with
    mutated constants (see :func:`run_mutants`)."""
    ctx = ctx or CheckContext()
    results = []
    for claim in claims:
        res = run_one(claim, ctx)
        if mutate:
            res = _with_mutants(claim, res, ctx)
        results.append(res)
        if progress is not None:
            progress(claim.id)
    return results


def run_mutants(claim: Claim, ctx: CheckContext | None = None) -> list[tuple[str, Verdict]]:
    """Run each mutant check of ``claim`` (labels and verdicts); a good claim's mutants are all refuted."""
    ctx = ctx or CheckContext()
    if claim.mutants is None:
        return []
    try:
        mutants = claim.mutants()
    except Exception as exc:
        return [("<mutants>", _exception_verdict(exc))]
    return [(label, _call(check, ctx)) for label, check in mutants]


def _with_mutants(claim: Claim, res: Result, ctx: CheckContext) -> Result:
    if res.verdict not in ("proved", "verified") or claim.mutants is None:
        return Result(**{**res.__dict__, "mutants": 0, "mutants_refuted": 0})
    outcomes = run_mutants(claim, ctx)
    refuted = sum(1 for _, v in outcomes if v.word == "refuted")
    evidence = dict(res.evidence)
    evidence["mutant_verdicts"] = {label: v.word for label, v in outcomes}
    return Result(**{**res.__dict__, "evidence": evidence, "mutants": len(outcomes), "mutants_refuted": refuted})


def summary(results: Sequence[Result]) -> dict[str, Any]:
    """Counts per verdict and per source, the mismatches (verdict != expected), the refuted IDs and total time."""
    per_verdict = {w: 0 for w in WORDS}
    per_source: dict[str, dict[str, int]] = {}
    for r in results:
        per_verdict[r.verdict] = per_verdict.get(r.verdict, 0) + 1
        src = per_source.setdefault(r.source, {w: 0 for w in WORDS})
        src[r.verdict] = src.get(r.verdict, 0) + 1
    out: dict[str, Any] = {
        "claims": len(results),
        "ids": len({r.id.split("/", 1)[0] for r in results}),
        "verdicts": per_verdict,
        "sources": per_source,
        "mismatches": [{"id": r.id, "verdict": r.verdict, "expected": r.expected, "detail": r.detail}
                       for r in results if not r.ok],
        "refuted": [r.id for r in results if r.verdict == "refuted"],
        "seconds": round(sum(r.seconds for r in results), 3),
        "ok": all(r.ok for r in results),
    }
    if any(r.mutants is not None for r in results):
        out["mutants"] = sum(r.mutants or 0 for r in results)
        out["mutants_refuted"] = sum(r.mutants_refuted or 0 for r in results)
    return out


def to_json(results: Sequence[Result]) -> list[dict[str, Any]]:
    """The ``--json`` list: one object per claim with id, source, kind, statement, verdict, expected, digits,
    detail (plus ok, seconds, evidence, and mutants/mutants_refuted under ``--mutate``)."""
    return [r.to_dict() for r in results]
