r"""The claim kit: declaring claims (statements as data, next to their checks), the registry, the runner, the
generated mutants and the report behind ``symflow verify``.

Writing a claim (see docs/claims.md)::

    from symflow.claims import Kind, Statement, claim, cite, kit, prose
    from symflow.verdict import Proved, Refuted

    EQ7 = Statement(h=u_j**2 - u_k**2, rhs=0)           # the printed formula, encoded once

    @claim("DD-Eq7", text=r"... as printed ...", expect=Proved, statement=EQ7, hyp="(u^j) follows (5)")
    def eq7(ctx):                                       # ctx.s: the statement in force (printed, or a mutant)
        return kit.identity(kit.ddt(ctx.s.h, FLOW), ctx.s.rhs, argument="generic layers j != k, every L and d")

The runner (:func:`run`) runs a selection, in one process or a pool (``jobs``), and with ``mutate=True`` re-runs
each holding claim on every mutant generated from its statement (:meth:`Statement.mutants`): a check has teeth
when it refutes them.  Results are :class:`Result` records; :func:`summary` and :func:`to_json` shape them.
Sources are packages ``proofs/<source>/`` (:data:`SOURCES`) checked for completeness against ``proofs/spec/``.

Example::

    >>> from symflow.claims import select, run, CheckContext
    >>> [r.verdict for r in run(select(["DD-Eq7"]), CheckContext(dps=30, fast=True))]
    ['proved']
"""

from . import kit
from ._cache import clear_caches
from ._context import MIN_DPS, CheckContext
from ._registry import (CITED_FRACTION, ID_PATTERN, SOURCES, Claim, Coverage, IncompleteCatalogue, Registry,
                        SourceInfo, cite, cite_table, claim, prose, prose_table, registry, spec_ids)
from ._runner import (Interrupted, MutantOutcome, Result, all_claims, citations, load_source, run, run_mutants,
                      run_one, select, summary, to_json)
from ._statement import Mutant, MutationOp, Statement
from ._types import IMPLIED, LOOSE, Kind, Survivor

__all__ = [
    "kit", "Kind", "Statement", "Mutant", "MutationOp", "CheckContext", "MIN_DPS", "IMPLIED", "LOOSE", "Survivor",
    "Claim", "Registry", "registry", "SourceInfo", "SOURCES", "ID_PATTERN", "Coverage", "IncompleteCatalogue",
    "CITED_FRACTION", "claim", "prose", "cite", "prose_table", "cite_table", "spec_ids",
    "Result", "MutantOutcome", "Interrupted", "select", "citations", "load_source", "all_claims", "run", "run_one",
    "run_mutants", "summary", "to_json", "clear_caches",
]
