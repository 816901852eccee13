"""Rational sample points of a domain (Latin-hypercube strata, seeded) and the argument checks of the zero test."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sympy
from sympy.core.sympify import _sympify

from ..errors import InvalidArgument
from ..validation import exact_rational


DEFAULT_INTERVAL = (sympy.Rational(-2), sympy.Rational(2))  # real symbols; |x| < 1/4 is avoided
POSITIVE_INTERVAL = (sympy.Rational(1, 2), sympy.Rational(2))
_NEGATIVE_INTERVAL = (sympy.Rational(-2), sympy.Rational(-1, 2))
_ZERO_GAP = sympy.Rational(1, 4)  # default intervals avoid (-1/4, 1/4): special values sit near 0
_DENOMS = [q for q in range(11, 98) if all(q % d for d in range(2, int(q**0.5) + 1))]  # primes 11..97
_MAX_TERMS = 200_000  # upper bound on expanded terms before the exact path is attempted
_SEARCH = 40  # candidate points for an exact counterexample / numeric attempts per requested point

_Domain = Callable[[dict], bool] | Mapping[Any, tuple] | None


# ----------------------------------------------------------------------------------------------------------- points
def _to_rational(x, what: str) -> sympy.Rational:
    return exact_rational(x, what)  # the shared rule (symflow.validation)


def _default_interval(sym: sympy.Symbol, assumptions: Mapping | None) -> tuple[sympy.Rational, sympy.Rational, bool]:
    """(lo, hi, avoid_zero_gap) for a symbol, from its SymPy assumptions and the ``assumptions`` mapping."""
    tags: set[str] = set()
    if assumptions:
        a = assumptions.get(sym, assumptions.get(sym.name))
        if isinstance(a, str):
            tags = {a}
        elif isinstance(a, Mapping):  # SymPy style: {"positive": True}
            tags = {k for k, val in a.items() if val}
        elif a is not None:
            tags = set(a)
    if sym.is_positive or sym.is_nonnegative or tags & {"positive", "nonnegative"}:
        return (*POSITIVE_INTERVAL, False)
    if sym.is_negative or sym.is_nonpositive or tags & {"negative", "nonpositive"}:
        return (*_NEGATIVE_INTERVAL, False)
    return (*DEFAULT_INTERVAL, True)


def _intervals(symbols, domain, assumptions) -> list[tuple[sympy.Rational, sympy.Rational, bool]]:
    out = []
    boxes = domain if isinstance(domain, Mapping) else {}
    for s in symbols:
        box = boxes.get(s, boxes.get(s.name)) if boxes else None
        if box is None:
            out.append(_default_interval(s, assumptions))
            continue
        if not (isinstance(box, (tuple, list)) and len(box) == 2):
            raise InvalidArgument(f"domain[{s}]={box!r} ({type(box).__name__}) must be a pair (lo, hi)")
        lo, hi = _to_rational(box[0], f"domain[{s}][0]"), _to_rational(box[1], f"domain[{s}][1]")
        if not lo < hi:
            raise InvalidArgument(f"domain[{s}]=({lo}, {hi}) is empty; pass (lo, hi) with lo < hi")
        out.append((lo, hi, False))
    return out


def _pick(rng: random.Random, a: sympy.Rational, b: sympy.Rational) -> sympy.Rational:
    """A rational p/q strictly inside (a, b), q a prime in 11..97 when the stratum is wide enough, never 0."""
    for _ in range(8):
        q = rng.choice(_DENOMS)
        lo, hi = math.floor(a * q) + 1, math.ceil(b * q) - 1
        cands = hi - lo + 1
        if cands >= 1:
            p = rng.randint(lo, hi)
            if p != 0:
                return sympy.Rational(p, q)
            if cands >= 2:
                return sympy.Rational(lo if lo != 0 else hi, q)
    # narrow stratum: a fine denominator
    q = sympy.nextprime(max(97, int(math.ceil(4 / (b - a)))))
    lo, hi = math.floor(a * q) + 1, math.ceil(b * q) - 1
    p = rng.randint(lo, hi)
    if p == 0:
        p = hi if hi != 0 else lo
    return sympy.Rational(p, q)


def _stratum(lo, hi, gap: bool, k: int, n: int) -> tuple[sympy.Rational, sympy.Rational]:
    """The k-th of n equal strata of (lo, hi), or of (lo, -1/4) U (1/4, hi) when ``gap``."""
    if gap and lo < -_ZERO_GAP and hi > _ZERO_GAP:
        neg, pos = -_ZERO_GAP - lo, hi - _ZERO_GAP
        total = neg + pos
        a, b = total * sympy.Rational(k, n), total * sympy.Rational(k + 1, n)
        # map [0, total] onto the two pieces; a stratum straddling the gap is clipped to its larger side
        to = lambda t: lo + t if t <= neg else _ZERO_GAP + (t - neg)  # noqa: E731
        if b <= neg or a >= neg:
            return to(a), to(b) if b != neg else -_ZERO_GAP
        return (to(a), -_ZERO_GAP) if neg - a >= b - neg else (_ZERO_GAP, to(b))
    w = (hi - lo) / n
    return lo + k * w, lo + (k + 1) * w


def rational_points(
    symbols: Iterable[sympy.Symbol],
    n: int,
    seed: int = 0,
    domain: _Domain = None,
    *,
    assumptions: Mapping | None = None,
) -> list[dict[sympy.Symbol, sympy.Rational]]:
    """``n`` deterministic rational points (Latin-hypercube strata, ``random.Random(seed)``) inside ``domain``.

    Each coordinate is ``p/q`` with ``q`` a prime in 11..97 (small denominators such as 1/2 hit special values),
    never 0, strictly inside its interval.  Intervals: ``domain[symbol]`` (or its name) if given, else
    ``(1/2, 2)`` for positive symbols, ``(-2, -1/2)`` for negative ones, ``(-2, 2)`` without ``(-1/4, 1/4)``
    otherwise.  With ``n`` strata per coordinate, a sign change inside an interval is always sampled on both sides
    once ``n >= 2``.  A callable ``domain(point) -> bool`` filters points drawn from the default intervals; fewer than
    ``n`` points are returned when it rejects too many (at most ``40*n`` draws).

    Examples:
        >>> x = sympy.Symbol("x", positive=True)
        >>> pts = rational_points([x], 3, seed=1)
        >>> all(sympy.Rational(1, 2) < p[x] < 2 for p in pts) and pts == rational_points([x], 3, seed=1)
        True
    """
    symbols = _check_symbols(symbols)
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise InvalidArgument(f"n={n!r} ({type(n).__name__}) must be an integer >= 1")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise InvalidArgument(f"seed={seed!r} ({type(seed).__name__}) must be an integer")
    if domain is not None and not (callable(domain) or isinstance(domain, Mapping)):
        raise InvalidArgument(
            f"domain={domain!r} ({type(domain).__name__}) must be None, a mapping Symbol -> (lo, hi) or a callable"
            f" point -> bool"
        )
    ivs = _intervals(symbols, domain, assumptions)
    rng = random.Random(seed)
    pred = domain if callable(domain) and not isinstance(domain, Mapping) else None
    out: list[dict] = []
    rounds = 0
    while len(out) < n and rounds < _SEARCH:
        perms = [rng.sample(range(n), n) for _ in symbols]
        for k in range(n):
            if len(out) >= n:
                break
            pt = {
                s: _pick(rng, *_stratum(lo, hi, gap, perm[k], n))
                for s, (lo, hi, gap), perm in zip(symbols, ivs, perms)
            }
            if pred is not None:
                try:
                    ok = pred(pt)
                except Exception as exc:
                    raise InvalidArgument(
                        f"domain callable raised {type(exc).__name__}: {exc} at {_point_str(pt)}; make it total"
                    ) from None
                if ok is not True and ok is not False and not isinstance(ok, sympy.logic.boolalg.BooleanAtom):
                    raise InvalidArgument(
                        f"domain callable returned {ok!r} ({type(ok).__name__}); it must return a bool"
                    )
                if not bool(ok):
                    continue
            if pt not in out:
                out.append(pt)
        rounds += 1
        if pred is None and not symbols:
            break
    return out


def _point_str(pt: Mapping) -> str:
    """``"u=3/7, v=-5/11"``: re-parsable by :func:`symflow.parse.parse_assignments`."""
    return ", ".join(f"{s}={v}" for s, v in pt.items()) if pt else "no variables"


# ------------------------------------------------------------------------------------------------------ validation
def _check_expr(expr, what: str = "expr", symbols=None) -> sympy.Expr:
    if isinstance(expr, str):
        from ..parse import parse_expr

        return parse_expr(expr, symbols, allow_unknown=symbols is None)
    if isinstance(expr, float):
        raise InvalidArgument(f"{what}={expr!r} (float) must be exact; pass sympy.Rational or a str like '1/10'")
    try:
        e = _sympify(expr)
    except Exception:
        raise InvalidArgument(
            f"{what}={str(expr)[:60]!r} ({type(expr).__name__}) must be a SymPy expression, a number or a str"
        ) from None
    if not isinstance(e, (sympy.Expr, sympy.MatrixBase)):
        raise InvalidArgument(f"{what}={str(e)[:60]!r} ({type(e).__name__}) must be a SymPy expression")
    return e


def _check_symbols(symbols) -> tuple[sympy.Symbol, ...]:
    if isinstance(symbols, sympy.Symbol):
        return (symbols,)
    if isinstance(symbols, str) or not isinstance(symbols, Iterable):
        raise InvalidArgument(f"symbols={symbols!r} ({type(symbols).__name__}) must be an iterable of sympy.Symbol")
    out = tuple(symbols)
    for s in out:
        if not isinstance(s, sympy.Symbol):
            raise InvalidArgument(f"symbols contains {s!r} ({type(s).__name__}); pass sympy.Symbol objects")
    if len(set(out)) != len(out):
        raise InvalidArgument(f"symbols={out!r} has duplicates; list each symbol once")
    return out


def _variables(expr: sympy.Basic, symbols) -> tuple[sympy.Symbol, ...]:
    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if symbols is None:
        return tuple(free)
    given = _check_symbols(symbols)
    extra = [s for s in free if s not in given]
    return given + tuple(extra)


class _PairCache:
    """Memoised ``pair(e)`` over a subexpression DAG: ``_pair`` is computed once per distinct node."""

    cache: dict

    def pair(self, e) -> tuple[Any, Any]:
        hit = self.cache.get(e)
        if hit is None:
            hit = self._pair(e)
            self.cache[e] = hit
        return hit


def _exact_at(expr: sympy.Expr, pt: Mapping) -> sympy.Expr | None:
    """Exact value of an expression at a rational point by substitution, or None where it is undefined."""
    val = expr.xreplace(dict(pt)) if pt else expr
    if val.has(sympy.zoo, sympy.nan, sympy.oo):
        return None
    return val
