r"""Property claims: a Hypothesis search for a violation, driven toward it with ``hypothesis.target``.

:func:`search` draws examples from a strategy, computes each example's data once (``compute``: the expensive,
statement-independent part, e.g. an integrated trajectory; cached per example, see :func:`clear_caches`), judges it
against the statement in force (``judge``: cheap, reads ``ctx.s``) and returns

* :class:`Refuted` with the (shrunk) example when a margin is negative beyond its measured error;
* :class:`Verified` with the smallest margin, the number of examples and the weakest measured digits otherwise.

Settings: ``ctx.examples()`` examples (>= 100 in a full run), derandomized (seeded by ``ctx.seed``), no database,
no deadline, and no ``explain`` phase (it cost minutes on failing properties); under ``--mutate`` no ``shrink``
either (a mutant only needs to be caught).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import mpmath

from ..verdict import Refuted, Verdict, Verified
from ._cache import example_cache
from ._context import CheckContext
from ._numeric import nstr, tolerance
from ._types import IMPLIED, LOOSE

__all__ = ["Margin", "search", "settings_for"]


@dataclass(frozen=True)
class Margin:
    """The judged margin of one example: ``value`` >= 0 when the property holds (relative, comparable across
    examples), ``digits`` measured for it, ``info`` what a reader needs to re-run it (both sides, the instance)."""

    value: mpmath.mpf
    digits: int
    info: Mapping[str, Any] = field(default_factory=dict)


class _Violation(Exception):
    def __init__(self, margin: Margin, example_key: str) -> None:
        super().__init__(example_key)
        self.margin = margin
        self.example_key = example_key


def settings_for(ctx: CheckContext, full: int = 100, fast: int = 10):
    """Hypothesis settings of a property claim (see the module docstring)."""
    from hypothesis import HealthCheck, Phase, settings

    phases = [Phase.explicit, Phase.generate, Phase.target]
    if not ctx.mutating:
        phases.append(Phase.shrink)
    return settings(max_examples=ctx.examples(full, fast), derandomize=True, database=None, deadline=None,
                    phases=phases, suppress_health_check=list(HealthCheck), print_blob=False,
                    report_multiple_bugs=False)


def search(ctx: CheckContext, strategy, compute: Callable[[Any], Any], judge: Callable[[Any, Any], Margin], *,
           what: str, key: Callable[[Any], str] = repr, full: int = 100, fast: int = 10, scope: str = "",
           method: str = "Hypothesis (derandomized, targeted) + mpmath") -> Verdict:
    """Search ``strategy`` for an example whose margin ``judge(compute(example), ctx.s)`` is negative."""
    from hypothesis import given, seed, target

    cache = example_cache(compute, ctx.dps, ctx.fast)
    records: list[tuple[str, Margin, Any]] = []

    def data_of(example):
        k = key(example)
        if k not in cache:
            cache[k] = compute(example)
        return k, cache[k]

    @seed(ctx.seed)
    @settings_for(ctx, full, fast)
    @given(strategy)
    def prop(example):
        k, data = data_of(example)
        m = judge(data, ctx.s)
        records.append((k, m, data))
        if mpmath.isfinite(m.value):
            target(-float(m.value), label=f"{what}: margin, minimized")  # a float for Hypothesis' scoring only
        if m.value < -tolerance(m.digits):
            raise _Violation(m, k)

    try:
        prop()
    except _Violation as v:
        return Refuted(f"{what}: fails on a drawn example (margin {nstr(v.margin.value, 8)})",
                       measured_digits=v.margin.digits,
                       counterexample={"example": v.example_key, "margin": nstr(v.margin.value, 15),
                                       **{str(a): nstr(b, 25) for a, b in v.margin.info.items()}})
    worst = min(records, key=lambda r: r[1].value)
    digits = min(r[1].digits for r in records)
    info: dict[str, Any] = {"examples": len(records), "smallest margin": nstr(worst[1].value, 8),
                            "worst example": worst[0]}
    if ctx.mutating and ctx.printed is not None:
        printed = [judge(data, ctx.printed) for _, _, data in records]
        if all(m.value >= p.value - tolerance(m.digits) for (_, m, _), p in zip(records, printed)):
            info[IMPLIED] = True
        else:
            tight = min(range(len(records)), key=lambda i: printed[i].value)
            info[LOOSE] = (f"the printed statement's smallest margin is {nstr(printed[tight].value, 4)} "
                           f"({records[tight][0]}), the mutant's {nstr(worst[1].value, 4)} ({worst[0]})")
    return Verified(f"{what}: holds on {len(records)} Hypothesis examples; smallest margin "
                    f"{nstr(worst[1].value, 6)}", n_digits=max(1, digits),
                    points=tuple(dict.fromkeys(r[0] for r in records))[:5], dps=ctx.dps, method=method,
                    scope=scope or f"property, {len(records)} drawn examples", info=info)
