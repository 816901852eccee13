r"""Numeric helpers of the claim kit: exact inputs to mpmath, measured digits, comparisons and inequalities.

* :func:`mp` turns an exact number (int, Rational, SymPy number) into an mpf at the current precision; floats are
  refused.  :func:`evaluate` evaluates a SymPy expression (a statement part) at values, at a given precision.
* :func:`measured` runs a computation at ``dps`` and at ``2 dps`` and returns the values with the digits on which the
  two agree (precision doubling): the digits a verdict reports are measured, never assumed.
* :func:`compare` turns a computed value and a printed value into a verdict; :func:`inequality` checks a printed
  relation (``ctx.s.<part>``, a SymPy ``<=``/``>=``/``<``/``>``) at instances, and under ``--mutate`` tells a
  mutant that is merely *weaker* than the printed relation (implied by it) from a wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import mpmath
import sympy
from sympy.core.relational import Relational

from ..errors import InvalidArgument
from ..precision import agreeing_digits, precision
from ..verdict import Inconclusive, Reason, Refuted, Verdict, Verified
from ._cache import cached
from ._context import CheckContext
from ._statement import Statement
from ._types import IMPLIED, LOOSE

__all__ = ["mp", "evaluate", "measured", "Measured", "compare", "Comparison", "inequality", "tolerance", "nstr"]

def mp(x: Any) -> mpmath.mpf:
    """An exact number as an mpf at the current precision (ints, Rationals, SymPy numbers, mpf); floats refused."""
    if isinstance(x, mpmath.mpf):
        return x
    if isinstance(x, bool) or isinstance(x, float):
        raise InvalidArgument(f"{x!r} ({type(x).__name__}) is not exact; pass an int, a sympy.Rational or an mpf")
    if isinstance(x, int):
        return mpmath.mpf(x)
    x = sympy.sympify(x, strict=True)
    if x.is_Rational:
        return mpmath.mpf(int(x.p)) / int(x.q)
    if x.is_number:
        return mpmath.mpf(sympy.N(x, mpmath.mp.dps + 5))
    raise InvalidArgument(f"{x} is not a number (free symbols {sorted(map(str, x.free_symbols))})")


def nstr(x: Any, n: int = 20) -> str:
    return mpmath.nstr(x, n) if isinstance(x, (mpmath.mpf, mpmath.mpc)) else str(x)


@cached
def _lambdified(expr: sympy.Expr, syms: tuple):
    return sympy.lambdify(syms, expr, modules="mpmath")


def evaluate(expr: sympy.Expr, values: Mapping, dps: int) -> mpmath.mpf:
    """``expr`` at ``values`` ({symbol: exact number or mpf}) computed with mpmath at ``dps`` digits."""
    syms = tuple(sorted(expr.free_symbols, key=str))
    missing = [s for s in syms if s not in values]
    if missing:
        raise InvalidArgument(f"evaluate(): no value for {', '.join(map(str, missing))} in {expr}")
    f = _lambdified(expr, syms)
    with precision(dps):
        return +mpmath.mpmathify(f(*[mp(values[s]) for s in syms]))


@dataclass(frozen=True)
class Measured:
    """Values computed at ``dps`` (``values``) with the digits on which a rerun at ``2 dps`` agrees."""

    values: tuple
    digits: int
    dps: int


def measured(compute: Callable[[int], Any], dps: int) -> Measured:
    """Run ``compute(dps)`` and ``compute(2 dps)`` (each returns an mpf or a sequence of mpf); digits = agreement."""
    lo = compute(dps)
    hi = compute(2 * dps)
    lo_t = tuple(lo) if isinstance(lo, (list, tuple)) else (lo,)
    hi_t = tuple(hi) if isinstance(hi, (list, tuple)) else (hi,)
    with precision(2 * dps):
        digits = agreeing_digits(list(lo_t), list(hi_t), cap=dps)
    return Measured(values=hi_t, digits=digits, dps=dps)


def tolerance(digits: int) -> mpmath.mpf:
    """The relative gap below which two values that are good to ``digits`` digits cannot be told apart."""
    return mpmath.mpf(10) ** (-(max(digits, 3) - 2))


def compare(computed, printed, *, digits: int, what: str, point: Mapping | str, need: int | None = None,
            dps: int | None = None, method: str = "") -> Verdict:
    """Computed value(s) against the printed value(s), both good to ``digits`` measured digits.

    :class:`Verified` when they agree to at least ``need`` digits (default ``digits - 5``); :class:`Refuted` with
    both values when they differ beyond the error; :class:`Inconclusive` (precision) otherwise."""
    a = list(computed) if isinstance(computed, (list, tuple)) else [computed]
    b = list(printed) if isinstance(printed, (list, tuple)) else [printed]
    need = max(1, digits - 5) if need is None else need
    with precision(max(digits, 15) + 10):
        agree = agreeing_digits(a, b, cap=digits)
    pt = point if isinstance(point, str) else {str(k): str(v) for k, v in point.items()}
    info = {"point": pt, "computed": [nstr(x, 25) for x in a], "printed": [nstr(x, 25) for x in b]}
    if agree >= need:
        return Verified(f"{what}: agree to {agree} digits", n_digits=max(1, agree), points=(str(pt),), dps=dps,
                        method=method or "measured by precision doubling")
    if agree <= digits - 5:
        return Refuted(f"{what}: computed and printed values differ ({agree} agreeing digits of {digits} measured)",
                       counterexample=info, measured_digits=digits)
    return Inconclusive(f"{what}: {agree} digits of agreement, {digits} measured; raise --dps", reason=Reason.PRECISION)


@dataclass(frozen=True)
class Comparison:
    """One instance of a relation: its label, the values of both sides, the relation class, the digits."""

    label: str
    lhs: mpmath.mpf
    rhs: mpmath.mpf
    relation: type
    digits: int

    @property
    def slack(self) -> mpmath.mpf:
        """Relative slack: >= 0 when the relation holds (rhs - lhs for <=, <; lhs - rhs for >=, >)."""
        # at the values' own precision, not the ambient one (15 digits outside a workdps block)
        with mpmath.workdps(max(self.digits, 15) + 10):
            scale = max(abs(self.lhs), abs(self.rhs), mpmath.mpf(10) ** (-(self.digits + 10)))
            sign = 1 if self.relation in (sympy.LessThan, sympy.StrictLessThan) else -1
            return sign * (self.rhs - self.lhs) / scale

    @property
    def strict(self) -> bool:
        return self.relation in (sympy.StrictLessThan, sympy.StrictGreaterThan)

    def violated(self) -> bool:
        """Violated beyond the error of the values (an equality case of a strict relation is not a violation
        that digits can show)."""
        return self.slack < -tolerance(self.digits)


def _relation(part: sympy.Basic, name: str) -> type:
    if not isinstance(part, Relational) or type(part) not in (sympy.LessThan, sympy.GreaterThan,
                                                                sympy.StrictLessThan, sympy.StrictGreaterThan):
        raise InvalidArgument(f"statement part {name!r} must be a <=, >=, < or > relation, got {part}")
    return type(part)


def inequality(ctx: CheckContext, part: str, instances: Callable[[Statement], Sequence[tuple[str, Mapping, int]]],
               *, what: str, scope: str = "", method: str = "") -> Verdict:
    """Check the relation ``ctx.s.<part>`` at instances.

    ``instances(statement)`` returns ``(label, values, digits)`` triples: ``values`` gives every free symbol of
    the relation (mpf or exact), computed from *that* statement (so a mutated definition, e.g. of sigma, enters the
    values), ``digits`` how many of them are good (measured).  :class:`Refuted` at the worst violated instance,
    :class:`Refuted` too where a side is not a finite real number (a complex square root, a division by 0), else
    :class:`Verified` with the smallest slack; under ``--mutate`` a holding mutant whose slack is at least the
    printed statement's at every instance is marked ``implied`` (``info[IMPLIED]``).
    """
    rows = _comparisons(ctx.s, part, instances, ctx.dps)
    if not rows:
        raise InvalidArgument(f"{what}: no instances")
    undefined = next((r for r in rows if not (_real(r.lhs) and _real(r.rhs))), None)
    if undefined is not None:  # e.g. a mutant's sqrt of a negative number: the relation says nothing true there
        return Refuted(f"{what}: a side is not a finite real number at {undefined.label}",
                       measured_digits=undefined.digits,
                       counterexample={"instance": undefined.label, "lhs": nstr(undefined.lhs, 25),
                                       "rhs": nstr(undefined.rhs, 25), "relation": undefined.relation.rel_op})
    bad = [r for r in rows if r.violated()]
    worst = min(rows, key=lambda r: r.slack)
    digits = min(r.digits for r in rows)
    if bad:
        w = min(bad, key=lambda r: r.slack)
        return Refuted(f"{what}: fails at {w.label} (relative slack {nstr(w.slack, 6)})", measured_digits=w.digits,
                       counterexample={"instance": w.label, "lhs": nstr(w.lhs, 25), "rhs": nstr(w.rhs, 25),
                                       "relation": w.relation.rel_op, "relative slack": nstr(w.slack, 10)})
    info: dict[str, Any] = {"smallest relative slack": nstr(worst.slack, 8), "at": worst.label,
                            "instances": len(rows)}
    if ctx.mutating and ctx.printed is not None:
        printed = _comparisons(ctx.printed, part, instances, ctx.dps)
        if len(printed) == len(rows) and all(m.slack >= p.slack - tolerance(min(m.digits, p.digits))
                                             for m, p in zip(rows, printed)):
            info[IMPLIED] = True
        elif printed:
            tight = min(printed, key=lambda r: r.slack)
            info[LOOSE] = (f"the printed relation's smallest relative slack is {nstr(tight.slack, 4)} "
                           f"({tight.label}), the mutant's {nstr(worst.slack, 4)} ({worst.label})")
    return Verified(f"{what}: holds at {len(rows)} instances; smallest relative slack {nstr(worst.slack, 6)} "
                    f"({worst.label})", n_digits=max(1, digits), points=tuple(r.label for r in rows), dps=ctx.dps,
                    method=method or "mpmath, digits measured by the caller", scope=scope, info=info)


def _real(x) -> bool:
    """A finite real value (an mpc with a zero imaginary part counts; nan, inf and complex values do not)."""
    if isinstance(x, mpmath.mpc):
        if x.imag != 0:
            return False
        x = x.real
    return bool(mpmath.isfinite(x))


def _comparisons(statement: Statement, part: str, instances, dps: int) -> list[Comparison]:
    rel = statement[part]
    cls = _relation(rel, part)
    out = []
    for label, values, digits in instances(statement):
        with precision(dps):  # a constant side too: mp() converts at the ambient precision
            lhs = evaluate(rel.lhs, values, dps) if rel.lhs.free_symbols else mp(rel.lhs)
            rhs = evaluate(rel.rhs, values, dps) if rel.rhs.free_symbols else mp(rel.rhs)
        out.append(Comparison(label=str(label), lhs=lhs, rhs=rhs, relation=cls, digits=int(digits)))
    return out
