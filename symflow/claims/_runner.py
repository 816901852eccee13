"""Selecting and running claims, their generated mutants, in one process or a pool, and the report data.

The runner never prints: :func:`run` returns :class:`Result` records (frozen; every field always present) and
:func:`summary` / :func:`to_json` shape them for the CLI.  A check that raises becomes ``Inconclusive(FAILED)`` with
the exception text: a check never crashes a run.

Mutants (``mutate=True``): for a claim whose verdict holds (proved / verified) and that declares a statement, every
mutant of :meth:`Statement.mutants` that is not equivalent is run through the same check; a mutant must come back
``refuted``.  A survivor is listed with its verdict and the reason: a check that marks it ``implied`` (a weaker
inequality, true wherever the printed one is) says so, any other survivor is reported as a gap of the check.
"""

from __future__ import annotations

import concurrent.futures as futures
import difflib
import multiprocessing
import time
import traceback
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..errors import InvalidArgument, SymflowError, UnknownClaim
from ..verdict import WORDS, Inconclusive, Reason, Verdict, _jsonable
from ._context import CheckContext
from ._registry import SOURCES, Claim, registry
from ._statement import Mutant
from ._types import IMPLIED, LOOSE, Kind, Survivor

__all__ = ["Result", "MutantOutcome", "Interrupted", "select", "citations", "load_source", "all_claims", "run",
           "run_one", "run_mutants", "summary", "to_json", "IMPLIED", "LOOSE", "Survivor"]


@dataclass(frozen=True)
class MutantOutcome:
    """A mutant that was run: its label, operator, verdict, and (for a survivor) why it survived."""

    label: str
    op: str
    verdict: str
    reason: str = ""
    kind: Survivor | None = None  # a survivor's class (None for a refuted mutant)

    @property
    def killed(self) -> bool:
        return self.verdict == "refuted"

    def to_dict(self) -> dict[str, str]:
        out = {"label": self.label, "op": self.op, "verdict": self.verdict, "reason": self.reason}
        if self.kind is not None:
            out["class"] = self.kind.value
        return out


@dataclass(frozen=True)
class Result:
    """The outcome of running one claim: the JSON fields of ``symflow verify --json``."""

    id: str
    source: str
    kind: str
    statement: str
    verdict: str
    expected: str
    digits: int | None
    detail: str
    scope: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    mutants: int | None = None
    mutants_refuted: int | None = None
    survivors: tuple = ()
    equivalent: tuple = ()
    implied: tuple = ()
    proved_true: tuple = ()

    @property
    def unsound(self) -> tuple:
        """Mutants proved implied by the printed statement that the check nevertheless refuted."""
        return tuple(i for i in self.implied if i["verdict"] == "refuted")

    @property
    def ok(self) -> bool:
        return self.verdict == self.expected

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "source": self.source, "kind": self.kind, "statement": self.statement,
               "verdict": self.verdict, "expected": self.expected, "digits": self.digits, "detail": self.detail,
               "scope": self.scope, "ok": self.ok, "seconds": round(self.seconds, 3), "evidence": dict(self.evidence)}
        if self.mutants is not None:
            out["mutants"] = self.mutants
            out["mutants_refuted"] = self.mutants_refuted
            out["survivors"] = [s.to_dict() for s in self.survivors]
            out["equivalent"] = [dict(e) for e in self.equivalent]
            out["implied"] = [dict(i) for i in self.implied]
            out["proved_true"] = [dict(i) for i in self.proved_true]
        return out


class Interrupted(SymflowError):
    """Ctrl-C during :func:`run`: ``results`` holds the claims that finished, in selection order."""

    def __init__(self, results: list[Result], total: int) -> None:
        super().__init__(f"interrupted after {len(results)} of {total} claims")
        self.results = results
        self.total = total


# ------------------------------------------------------------------------------------------------- selection

def load_source(source: str) -> list[Claim]:
    """The claims of one source (``DD``, ``HY``, ``FM``, ``DDyn``), importing its package on first use."""
    return registry.claims(source)


def all_claims() -> list[Claim]:
    """Every claim of every source whose package exists."""
    return registry.claims()


def _source_of(selector: str) -> str | None:
    head = selector.split("-", 1)[0]
    return head if head in SOURCES else None


def citations(selectors: str | Sequence[str] | None = None) -> dict[str, str]:
    """Definition/context IDs (no verdict) -> where symflow builds the object, for sources or ID prefixes."""
    if not selectors:
        return registry.citations()
    if isinstance(selectors, str):
        selectors = [selectors]
    out: dict[str, str] = {}
    for sel in selectors:
        src = sel if sel in SOURCES else _source_of(sel)
        pool = registry.citations(src) if src else registry.citations()
        out.update({k: v for k, v in pool.items() if sel in SOURCES or k == sel or k.startswith(sel)})
    return out


def select(selectors: Sequence[str] | str | None = None) -> list[Claim]:
    """Claims named by sources (``DD``), IDs (``DD-Thm2``, which also selects ``DD-Thm2/rate``) or ID prefixes
    (``DD-SA.4``).  Empty selects every claim of every source that has a package.

    Raises :class:`~symflow.errors.UnknownClaim` with close matches when a selector matches nothing, when it names a
    definition (which carries no verdict), or when its source has no claims yet.
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
        for c in _select_one(sel):
            chosen.setdefault(c.id, c)
    return list(chosen.values())


def _select_one(sel: str) -> list[Claim]:
    if sel in SOURCES:
        return load_source(sel)
    src = _source_of(sel)
    pool = load_source(src) if src else all_claims()
    cites = registry.citations(src) if src else registry.citations()
    # "DD-Eq2" means DD-Eq2 and DD-Eq2/..., never DD-Eq20..; a bare prefix ("DD-SA.4") selects by prefix
    hits = [c for c in pool if c.id == sel or c.id.startswith(sel + "/")]
    if not hits and sel in cites:
        raise UnknownClaim(f"{sel} is a definition/context ID and carries no verdict: {cites[sel]}")
    if not hits:
        hits = [c for c in pool if c.id.startswith(sel)]
    if not hits:
        close = difflib.get_close_matches(sel, [c.id for c in pool] + list(SOURCES), n=5, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else "; run `symflow verify --list`"
        raise UnknownClaim(f"claim {sel!r} is not registered{hint}")
    return hits


# --------------------------------------------------------------------------------------------------- running

def _exception_verdict(exc: BaseException) -> Verdict:
    tb = traceback.extract_tb(exc.__traceback__)
    where = f" at {tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno}" if tb else ""
    return Inconclusive(f"{type(exc).__name__}: {exc}{where}", reason=Reason.FAILED)


def _call(check: Callable, ctx: CheckContext) -> Verdict:
    try:
        verdict = check(ctx)
    except Exception as exc:  # a check never crashes the run
        return _exception_verdict(exc)
    if not isinstance(verdict, Verdict):
        return Inconclusive(f"check returned {type(verdict).__name__}, not a Verdict", reason=Reason.FAILED)
    return verdict


def run_one(claim: Claim, ctx: CheckContext | None = None, *, mutate: bool = False) -> Result:
    """Run one claim's check on its printed statement (prose: ``Inconclusive(PROSE)`` with the reason); with
    ``mutate``, also its generated mutants when the verdict holds."""
    ctx = (ctx or CheckContext()).with_statement(claim.statement)
    t0 = time.perf_counter()
    if claim.kind is Kind.PROSE:
        verdict: Verdict = Inconclusive(claim.reason, reason=Reason.PROSE, scope="prose: no checkable statement")
    else:
        verdict = _call(claim.check, ctx)
    data = verdict.to_dict()
    evidence = {k: v for k, v in data.items() if k not in ("verdict", "digits", "detail", "scope")}
    res = Result(id=claim.id, source=claim.source, kind=claim.kind.value, statement=claim.text,
                 verdict=verdict.word, expected=claim.expected, digits=verdict.digits, detail=verdict.detail,
                 scope=verdict.scope, evidence=evidence, seconds=0.0)
    if mutate:
        res = _with_mutants(claim, res, ctx)
    return replace(res, seconds=time.perf_counter() - t0)


def _survivor(verdict: Verdict, mutant: Mutant) -> tuple[Survivor, str]:
    """The class of a surviving mutant (:class:`Survivor`) and the reason shown with it."""
    marks = {**(getattr(verdict, "certificate", None) or {}), **(getattr(verdict, "info", None) or {})}
    loose, flag = marks.get(LOOSE), marks.get(IMPLIED)
    if flag and mutant.stronger:
        return Survivor.CONTRADICTED, (f"the check calls it weaker, but it is {mutant.stronger}; the check's flag is "
                                       "wrong")
    if flag:
        return Survivor.WEAKER, flag if isinstance(flag, str) else (
            "weaker than the printed statement at every tested instance (evidence: not proved on the whole domain)")
    if verdict.word == "inconclusive":
        return Survivor.UNDECIDED, f"the check could not decide the mutant: {verdict.detail[:160]}"
    room = f"; measured: {loose}" if isinstance(loose, str) else ""
    if room:
        what = mutant.stronger or "tighter than the printed statement at some instance of the check"
        return Survivor.LOOSE, f"{what}, with room at every instance{room}"
    if mutant.stronger:
        return Survivor.STRONGER, (f"{mutant.stronger}; accepted at every instance (a loose printed bound, or no "
                                   "tight instance in the check)")
    return Survivor.MISSED, "not detected: the check accepts the mutated statement" + room


def run_mutants(claim: Claim, ctx: CheckContext | None = None,
                mutants: Sequence[Mutant] | None = None) -> list[tuple[Mutant, Verdict]]:
    """Run the claim's check on each non-equivalent mutant of its statement (a good check refutes all those not
    proved implied, and none of those proved implied); ``mutants``: the statement's, when already generated."""
    if claim.statement is None or claim.check is None:
        return []
    base = (ctx or CheckContext()).with_statement(claim.statement)
    out = []
    for m in claim.statement.mutants() if mutants is None else mutants:
        if m.equivalent:
            continue
        out.append((m, _call(claim.check, base.with_statement(m.statement, mutant=m))))
    return out


def _with_mutants(claim: Claim, res: Result, ctx: CheckContext) -> Result:
    if res.verdict not in ("proved", "verified") or claim.statement is None:
        return replace(res, mutants=0, mutants_refuted=0)
    mutants = claim.statement.mutants()
    equivalent = tuple({"label": m.label, "reason": m.equivalent} for m in mutants if m.equivalent)
    outcomes, implied, details = [], [], []
    for m, v in run_mutants(claim, ctx, mutants):
        if m.implied:  # true whenever the printed statement is: out of the score; refuting it is a contradiction
            implied.append({"label": m.label, "op": m.op.name, "verdict": v.word, "reason": m.implied,
                            **({"detail": v.detail[:200]} if v.word == "refuted" else {})})
            continue
        kind, why = (None, "") if v.word == "refuted" else _survivor(v, m)
        outcomes.append(MutantOutcome(label=m.label, op=m.op.name, verdict=v.word, reason=why, kind=kind))
        details.append(v.detail)
    killed = sum(o.killed for o in outcomes)
    # a mutant the check proves is a theorem (out of the score), unless the check refutes none: then it shows no teeth
    true = [killed > 0 and o.verdict == "proved" for o in outcomes]
    proved = tuple({"label": o.label, "op": o.op, "reason": d[:300]} for o, d, t in zip(outcomes, details, true) if t)
    scored = [o for o, t in zip(outcomes, true) if not t]
    return replace(res, mutants=len(scored), mutants_refuted=killed,
                   survivors=tuple(o for o in scored if not o.killed), equivalent=equivalent,
                   implied=tuple(implied), proved_true=proved)


def _worker(cids: tuple[str, ...], ctx: CheckContext, mutate: bool) -> list[Result]:
    return [run_one(registry.get(cid), ctx, mutate=mutate) for cid in cids]


def _groups(claims: Sequence[Claim]) -> list[list[int]]:
    """Indices of the claims grouped by section module: the claims of one section share its memoised work
    (``kit.cached``: trajectories, instances), which then lives in one process of the pool."""
    by_module: dict[str, list[int]] = {}
    for k, c in enumerate(claims):
        by_module.setdefault(c.where.rsplit(".", 1)[0] if c.check is not None else f"prose:{k // 16}", []).append(k)
    return sorted(by_module.values(), key=len, reverse=True)  # large groups first: fewer stragglers


def run(claims: Iterable[Claim], ctx: CheckContext | None = None,
        progress: Callable[[str], None] | None = None, *, mutate: bool = False, jobs: int = 1) -> list[Result]:
    """Run claims; results in selection order whatever ``jobs`` is (a pool of ``jobs`` processes when > 1).

    ``progress(claim_id)`` is called as each claim finishes.  On Ctrl-C raises :class:`Interrupted` carrying the
    results that finished.
    """
    ctx = ctx or CheckContext()
    claims = list(claims)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise InvalidArgument(f"jobs={jobs!r} must be an integer >= 1")
    if jobs == 1 or len(claims) <= 1:
        return _run_serial(claims, ctx, progress, mutate)
    return _run_pool(claims, ctx, progress, mutate, jobs)


def _run_serial(claims, ctx, progress, mutate) -> list[Result]:
    results: list[Result] = []
    try:
        for c in claims:
            results.append(run_one(c, ctx, mutate=mutate))
            if progress is not None:
                progress(c.id)
    except KeyboardInterrupt:
        raise Interrupted(results, len(claims)) from None
    return results


def _run_pool(claims, ctx, progress, mutate, jobs) -> list[Result]:
    done: dict[int, Result] = {}
    # the slowest claims first would balance better, but the order of submission does not change any result
    pool = futures.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        pending = {pool.submit(_worker, tuple(claims[k].id for k in group), ctx, mutate): group
                   for group in _groups(claims)}
        for fut in futures.as_completed(pending):
            for k, result in zip(pending[fut], fut.result()):
                done[k] = result
                if progress is not None:
                    progress(claims[k].id)
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        raise Interrupted([done[k] for k in sorted(done)], len(claims)) from None
    pool.shutdown(wait=True)
    return [done[k] for k in range(len(claims))]


# ---------------------------------------------------------------------------------------------------- report

def summary(results: Sequence[Result]) -> dict[str, Any]:
    """Counts per verdict and per source, the mismatches, the refuted IDs, mutants and total time."""
    per_verdict = {w: 0 for w in WORDS}
    per_source: dict[str, dict[str, int]] = {}
    for r in results:
        per_verdict[r.verdict] += 1
        per_source.setdefault(r.source, {w: 0 for w in WORDS})[r.verdict] += 1
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
        out["survivors"] = [{"id": r.id, **s.to_dict()} for r in results for s in r.survivors]
        out["survivor_classes"] = {c.value: sum(s.kind is c for r in results for s in r.survivors) for c in Survivor}
        out["mutants_implied"] = sum(len(r.implied) for r in results)
        out["mutants_proved_true"] = sum(len(r.proved_true) for r in results)
        out["mutants_equivalent"] = sum(len(r.equivalent) for r in results)
        out["unsound"] = [{"id": r.id, **u} for r in results for u in r.unsound]
    return out


def to_json(results: Sequence[Result]) -> list[dict[str, Any]]:
    """The ``--json`` list: one object per claim (the contract fields of docs/contract.md, plus ok, seconds, evidence
    and, under ``--mutate``, mutants, mutants_refuted, survivors, equivalent, implied, proved_true)."""
    return [_jsonable(r.to_dict()) for r in results]
