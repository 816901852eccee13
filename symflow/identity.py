r"""Is this expression zero?  Exact first, then high-precision evaluation with measured digits.

:func:`is_zero` decides :math:`f \equiv 0` for a SymPy expression :math:`f(x_1,\dots,x_n)`:

1. **Exact** (``proved`` / ``refuted``).  If :math:`f` is built from the variables and rational numbers by
   :math:`+,-,\times,/` and integer powers, it is an element of the field :math:`\mathbb{Q}(x_1,\dots,x_n)`: it is
   written as :math:`N/D` with :math:`N, D \in \mathbb{Q}[x_1,\dots,x_n]` (``sympy.polys.rings`` over ``QQ``, no gcds,
   no ``simplify``; :math:`D` is a product of non-zero polynomials) and :math:`N` is compared with the zero polynomial.
   Zero gives :class:`~symflow.verdict.Proved`; a non-zero numerator gives
   :class:`~symflow.verdict.Refuted` at an exact rational point of the domain where the numerator and denominator do
   not vanish (such a point exists in every open box, by Schwartz--Zippel), with the exact value there.
2. **Numeric** (``verified`` / ``refuted`` / ``inconclusive``).  Otherwise :math:`f` is evaluated with mpmath at
   rational points (Latin-hypercube strata of the domain, seeded) at ``dps`` digits and again at ``2*dps`` digits.
   The residual is made relative by a *scale*: the magnitude of the terms that cancel (an ``Add`` has the largest
   magnitude of its terms, a ``Mul`` the product of its factors' magnitudes, a positive power the power of its
   base's magnitude).  With :math:`r = |f|/\text{scale}`:

   * :math:`r < 10^{-(dps-5)}` at both precisions at every point: ``verified``, with
     ``digits`` = :math:`\min(-\log_{10} r_{dps}, -\log_{10} r_{2dps}, \text{agreement of the two})`, capped at ``dps``;
   * :math:`r` large and the two precisions agree on the value: ``refuted`` with the point and the value;
   * otherwise ``inconclusive`` (precision): the message says to raise ``dps``.

   Numeric agreement never upgrades to ``proved``; SymPy's ``Expr.equals`` is never consulted.

``simplify`` is not on the default path; with ``simplify_seconds`` it runs in a child process that is killed at the
time limit (brian2#384's ``safe_simplify``; sympy#21787, #26453 are simplify hangs).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import mpmath
import sympy
from sympy.core.sympify import _sympify
from sympy.polys.domains import QQ
from sympy.polys.rings import ring as _qq_ring

from .errors import InvalidArgument
from .precision import agreeing_digits, precision
from .validation import check_dps, check_int, exact_rational, run_bounded, time_limit
from .verdict import Inconclusive, Proved, Reason, Refuted, Verdict, Verified

__all__ = ["is_zero", "equal", "vanishes_formally", "rational_points", "DEFAULT_INTERVAL", "POSITIVE_INTERVAL"]

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
        from .parse import parse_expr

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


# ------------------------------------------------------------------------------------------------------- exact path
def _term_bound(e: sympy.Basic, syms: frozenset, cap: int = _MAX_TERMS) -> int | None:
    """Upper bound on the terms of the expanded numerator, or None if ``e`` is not rational in ``syms`` over QQ."""
    if e.is_Rational:
        return 1
    if e.is_Symbol:
        return 1 if e in syms else None
    if e.is_Add or e.is_Mul:
        total = 0 if e.is_Add else 1
        for a in e.args:
            t = _term_bound(a, syms, cap)
            if t is None:
                return None
            total = total + t if e.is_Add else total * t
            total = min(total, cap + 1)
        return total
    if e.is_Pow and e.exp.is_Integer:
        t = _term_bound(e.base, syms, cap)
        if t is None:
            return None
        n = abs(int(e.exp))
        if t == 1:
            return 1
        if n > 10_000:
            return cap + 1
        return min(math.comb(t + n - 1, n), cap + 1)  # monomials of degree n in t terms
    return None


class _NotRational(Exception):
    pass


class _PairCache:
    """Memoised ``pair(e)`` over a subexpression DAG: ``_pair`` is computed once per distinct node."""

    cache: dict

    def pair(self, e) -> tuple[Any, Any]:
        hit = self.cache.get(e)
        if hit is None:
            hit = self._pair(e)
            self.cache[e] = hit
        return hit


class _Fraction(_PairCache):
    """``expr`` as numerator / denominator in the ring QQ[variables], built without gcds (no cancellation).

    ``expr`` is 0 as a rational function iff ``num`` is the zero polynomial (``den`` is a product of non-zero
    polynomials).  ``conditions`` are the inner denominators: the expression is defined at a point iff they and
    ``den`` are non-zero there.  Sums of many monomials are merged in one dictionary (linear time).
    """

    def __init__(self, expr: sympy.Expr, variables):
        self.ring, *gens = _qq_ring(list(variables), QQ)
        self.gens = dict(zip(variables, gens))
        self.variables = tuple(variables)
        self.conditions: set = set()
        self.cache: dict = {}
        self.num, self.den = self.pair(expr)

    def _pair(self, e):
        R = self.ring
        if e.is_Rational:
            return R.ground_new(QQ(int(e.p), int(e.q))), R.one
        if e.is_Symbol:
            if e not in self.gens:
                raise _NotRational(e)
            return self.gens[e], R.one
        if e.is_Mul:
            num, den = R.one, R.one
            for a in e.args:
                an, ad = self.pair(a)
                num, den = num * an, den * ad
            return num, den
        if e.is_Pow and e.exp.is_Integer:
            bn, bd = self.pair(e.base)
            n = int(e.exp)
            if n >= 0:
                return bn**n, bd**n
            if not bn:
                raise _NotRational(e)  # 1/0: undefined everywhere, let the numeric path report it
            if not bd.is_ground:
                self.conditions.add(bd)
            return bd ** (-n), bn ** (-n)
        if e.is_Add:
            groups: dict = {}  # denominator -> {monomial: coefficient}
            for a in e.args:
                an, ad = self.pair(a)
                acc = groups.setdefault(ad, {})
                for m, c in an.items():
                    acc[m] = acc.get(m, QQ.zero) + c
            num, den = R.zero, R.one
            for d, acc in groups.items():
                part = R.from_dict({m: c for m, c in acc.items() if c})
                num, den = (part, d) if den == R.one and not num else (num * d + part * den, den * d)
            return num, den
        raise _NotRational(e)

    def at(self, pt: Mapping):
        """Exact value at a rational point (a sympy Rational), or None where the expression is undefined."""
        vals = [QQ(int(pt[s].p), int(pt[s].q)) for s in self.variables]
        dv = self.den(*vals)
        if not dv or any(not c(*vals) for c in self.conditions):
            return None
        return QQ.to_sympy(self.num(*vals) / dv)


def _as_fraction(expr: sympy.Expr, variables):
    """``(_Fraction or None, term bound)``: None if ``expr`` is not rational over QQ in ``variables`` (or too big)."""
    bound = _term_bound(expr, frozenset(variables))
    if bound is None or bound > _MAX_TERMS:
        return None, bound
    if not variables:
        return (expr if expr.is_Rational else None), bound
    try:
        return _Fraction(expr, variables), bound
    except _NotRational:
        return None, bound


def _exact_at(expr: sympy.Expr, pt: Mapping) -> sympy.Expr | None:
    """Exact value of an expression at a rational point by substitution, or None where it is undefined."""
    val = expr.xreplace(dict(pt)) if pt else expr
    if val.has(sympy.zoo, sympy.nan, sympy.oo):
        return None
    return val


def _exact(expr, variables, frac, domain, assumptions, seed, sides, bound) -> Verdict:
    ring = f"QQ[{', '.join(map(str, variables))}]" if variables else "QQ"
    if not variables:
        if expr == 0:
            return Proved("the constant is exactly 0", certificate={"method": "exact rational arithmetic", "ring": "QQ"})
        return Refuted(f"the constant is {expr}, not 0", counterexample=_cex({}, expr, sides, exact=True))
    form = "polynomial" if frac.den.is_ground else "rational function"
    if not frac.num:
        cert = {
            "method": "polynomial identity over QQ",
            "ring": ring,
            "form": form,
            "symbols": [str(s) for s in variables],
            "expanded_terms_bound": bound,
        }
        if form == "rational function":
            cert["note"] = "numerator of the rational function is 0: holds wherever the denominators are non-zero"
            cert["denominator_terms"] = len(frac.den)
        return Proved(f"{form} identity: the numerator in {ring} is 0", certificate=cert)
    # a non-zero numerator vanishes on a measure-zero set: a few points nearly always suffice
    candidates = rational_points(variables, 4, seed, domain, assumptions=assumptions)
    candidates += [p for p in rational_points(variables, _SEARCH, seed + 1, domain, assumptions=assumptions)
                   if p not in candidates]
    for pt in candidates:
        value = frac.at(pt)
        if value is not None and value != 0:
            return Refuted(
                f"{form} is not 0 (numerator in {ring} has {len(frac.num)} terms): its value at {_point_str(pt)} is"
                f" {value}",
                counterexample=_cex(pt, value, sides, exact=True),
            )
    return Inconclusive(
        f"the {form} is not 0 (numerator {str(frac.num.as_expr())[:80]}), but none of {len(candidates)} rational"
        f" points of the domain gives a defined non-zero value; widen the domain",
        reason=Reason.DOMAIN,
    )


def _cex(pt: Mapping, value, sides, *, exact: bool, dps: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {str(s): str(v) for s, v in pt.items()}
    out["value"] = str(value)
    if sides is not None:
        lhs, rhs = sides
        if exact:
            out["lhs"] = str(_exact_at(lhs, pt))
            out["rhs"] = str(_exact_at(rhs, pt))
        else:
            with precision(dps or 50):
                for name, side in (("lhs", lhs), ("rhs", rhs)):
                    try:
                        out[name] = mpmath.nstr(_Evaluator(pt).value(side), 30)
                    except Exception as exc:  # a side undefined at the point: say so
                        out[name] = f"undefined ({type(exc).__name__})"
    return out


# ----------------------------------------------------------------------------------------------------- numeric path
_MP_FUNCS: dict[type, Callable] = {getattr(sympy, n): getattr(mpmath, n) for n in (
    "exp", "log", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "sin", "cos", "tan", "asin", "acos", "atan", "sign",
    "erf", "gamma")}
_MP_FUNCS[sympy.Abs] = abs


class _Unevaluable(Exception):
    """A node that cannot be evaluated numerically at all (not a domain problem)."""


class _Evaluator(_PairCache):
    """Evaluates a SymPy tree with mpmath at the current precision, with exact rational inputs.

    ``pair(e)`` returns ``(value, magnitude)``: the magnitude of an Add is the largest magnitude of its terms, of a
    Mul the product of its factors' magnitudes, of ``b**n`` (n > 0 a number) ``mag(b)**n``; anything else is
    ``|value|``.  It is the scale against which cancellation is measured.
    """

    def __init__(self, point: Mapping[sympy.Symbol, sympy.Rational]):
        self.point = {s: mpmath.mpf(int(v.p)) / int(v.q) for s, v in point.items()}
        self.cache: dict = {}

    def value(self, e) -> Any:
        return self.pair(e)[0]

    def _pair(self, e):
        if e.is_Symbol:
            if e not in self.point:
                raise KeyError(f"no value for {e}")
            v = self.point[e]
            return v, abs(v)
        if e.is_Rational:
            v = mpmath.mpf(int(e.p)) / int(e.q)
            return v, abs(v)
        if e is sympy.pi:
            return +mpmath.pi, +mpmath.pi
        if e is sympy.E:
            return +mpmath.e, +mpmath.e
        if e is sympy.I:
            return mpmath.mpc(0, 1), mpmath.mpf(1)
        if e.is_Add:
            pairs = [self.pair(a) for a in e.args]
            return mpmath.fsum(p[0] for p in pairs), max(p[1] for p in pairs)
        if e.is_Mul:
            v, m = mpmath.mpf(1), mpmath.mpf(1)
            for a in e.args:
                av, am = self.pair(a)
                v, m = v * av, m * am
            return v, m
        if e.is_Pow:
            bv, bm = self.pair(e.base)
            ex = e.exp
            if ex.is_Integer:
                v = bv ** int(ex)
            elif ex == sympy.S.Half:
                v = mpmath.sqrt(bv)
            elif ex.is_Rational:
                v = mpmath.power(bv, mpmath.mpf(int(ex.p)) / int(ex.q))
            else:
                v = mpmath.power(bv, self.value(ex))
            if ex.is_Number and ex > 0:
                return v, bm ** (mpmath.mpf(int(ex.p)) / int(ex.q)) if ex.is_Rational else abs(v)
            return v, abs(v)
        f = _MP_FUNCS.get(e.func)
        if f is not None and len(e.args) == 1:
            v = f(self.value(e.args[0]))
            return v, abs(v)
        # anything else (other functions, constants, Piecewise ...): mpmath code generated from the tree by SymPy
        syms = sorted(e.free_symbols, key=lambda s: s.name)
        try:
            fn = sympy.lambdify(syms, e, modules="mpmath")
        except Exception as exc:  # e.g. an unevaluated Derivative: SymPy has no mpmath code for it
            raise _Unevaluable(f"{str(e)[:60]} has no numeric evaluation ({type(exc).__name__})") from None
        args = [self.value(s) for s in syms]
        try:
            v = fn(*args)
        except NameError as exc:  # an undefined function such as f(x)
            raise _Unevaluable(f"{str(e)[:60]} has no numeric evaluation ({exc})") from None
        v = mpmath.mpmathify(v)
        return v, abs(v)


def _eval_at(expr, pt, dps):
    """(value, scale) at ``dps`` digits, or None where the expression is undefined or not a number."""
    with precision(dps):
        try:
            v, m = _Evaluator(pt).pair(expr)
            v = mpmath.mpmathify(v)
        except (ZeroDivisionError, ValueError, OverflowError, TypeError, KeyError, AttributeError):
            return None
        if not (mpmath.isfinite(v) and mpmath.isfinite(m)):
            return None
        return v, +m


def _rel(v, scale):
    if v == 0:
        return mpmath.mpf(0)
    return abs(v) / scale if scale != 0 else mpmath.inf


def _digits_of(r, cap: int) -> int:
    if r == 0:
        return cap
    return max(0, min(cap, int(mpmath.floor(-mpmath.log10(r)))))


def _numeric(expr, variables, domain, assumptions, dps, n_points, seed, sides) -> Verdict:
    # the first n_points are stratified (both sides of a sign change); the rest replace points where expr is undefined
    pts = rational_points(variables, n_points, seed, domain, assumptions=assumptions)
    if variables:
        pts += [p for p in rational_points(variables, 3 * n_points, seed + 1, domain, assumptions=assumptions)
                if p not in pts]
    used: list[dict] = []
    digits = dps
    threshold = mpmath.mpf(10) ** (-(dps - 5))
    unsure: list[str] = []
    for pt in pts:
        if len(used) >= n_points:
            break
        try:
            a = _eval_at(expr, pt, dps)
            b = _eval_at(expr, pt, 2 * dps)
        except _Unevaluable as exc:
            return Inconclusive(f"not a rational function and {exc}", reason=Reason.UNDECIDED)
        if a is None or b is None:
            continue  # undefined there (log of a negative, 1/0 ...): take the next point
        used.append(pt)
        (v1, s1), (v2, s2) = a, b
        with precision(2 * dps):
            r1, r2 = _rel(v1, s1), _rel(v2, s2)
            agree = _rel(v1 - v2, max(s2, s1))
            if r1 < threshold and r2 < threshold:
                d = min(_digits_of(r1, dps), _digits_of(r2, dps), _digits_of(agree, dps))
                digits = min(digits, d)
                continue
            stable = agreeing_digits(v1, v2, cap=dps)
            # a value that two precisions reproduce to >= 5 significant digits is a measured non-zero value
            if r2 >= threshold and stable >= min(5, dps // 2):
                return Refuted(
                    f"not zero at {_point_str(pt)}: value {mpmath.nstr(v2, 20)} (|value|/scale ="
                    f" {mpmath.nstr(r2, 5)}), stable to {stable} digits between dps={dps} and dps={2 * dps}",
                    counterexample=_cex(pt, mpmath.nstr(v2, 30), sides, exact=False, dps=2 * dps),
                    measured_digits=stable,
                )
            unsure.append(
                f"at {_point_str(pt)}: |value|/scale = {mpmath.nstr(r1, 3)} at dps={dps}, {mpmath.nstr(r2, 3)} at"
                f" dps={2 * dps}"
            )
    if unsure:
        return Inconclusive(f"the two precisions disagree ({unsure[0]}); rerun with dps={2 * dps}",
                            reason=Reason.PRECISION)
    if not used:
        return Inconclusive(f"the expression is undefined (or not finite) at all {len(pts)} points tried in the "
                            "domain; check the domain or the assumptions", reason=Reason.DOMAIN)
    digits = max(1, digits)
    return Verified(f"zero to {digits} digits relative to its terms at {len(used)} rational point(s), dps={dps} and "
                    f"{2 * dps}", n_digits=digits, points=tuple(_point_str(p) for p in used), dps=dps,
                    method="mpmath evaluation at exact rational points, precision doubling")


def _bounded_simplify(expr, seconds: float):
    """``sympy.simplify(expr)`` in a child process, or None when it takes more than ``seconds`` (or fails)."""
    return run_bounded(sympy.simplify, expr, seconds)


# -------------------------------------------------------------------------------------------------------- public
def _check_common(dps, points, seed, simplify_seconds, domain):
    check_dps(dps)
    check_int(points, "points", 1)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise InvalidArgument(f"seed={seed!r} ({type(seed).__name__}) must be an integer")
    if simplify_seconds is not None and (
            isinstance(simplify_seconds, bool) or not isinstance(simplify_seconds, (int, float)) or simplify_seconds <= 0):
        raise InvalidArgument(f"simplify_seconds={simplify_seconds!r} ({type(simplify_seconds).__name__}) must be "
                              "None or a positive number of seconds")
    if domain is not None and not (callable(domain) or isinstance(domain, Mapping)):
        raise InvalidArgument(f"domain={domain!r} ({type(domain).__name__}) must be None, a mapping Symbol -> (lo, hi)"
                              " or a callable point -> bool")


def _is_zero(expr, sides, symbols, assumptions, domain, dps, points, seed, simplify_seconds) -> Verdict:
    variables = _variables(expr, symbols)
    frac, bound = _as_fraction(expr, variables)
    if frac is not None:
        return _exact(expr, variables, frac, domain, assumptions, seed, sides, bound)
    if simplify_seconds is not None:
        simpler = _bounded_simplify(expr, simplify_seconds)
        if simpler is not None and simpler != expr:
            if simpler == 0:
                check = _numeric(expr, variables, domain, assumptions, dps, points, seed, sides)
                if check.word == "refuted":  # simplify disagrees with the numbers: trust the re-runnable numbers
                    return check
                return Proved(
                    "sympy.simplify (time-bounded) reduced it to 0; numeric check: " + check.summary(),
                    certificate={"method": "sympy.simplify", "seconds_limit": simplify_seconds, "numeric": check.word},
                )
            frac, bound = _as_fraction(simpler, variables)
            if frac is not None and (simpler == 0 if not variables else not frac.num):
                return Proved(
                    "sympy.simplify (time-bounded) gave a rational function that is 0 over QQ",
                    certificate={"method": "sympy.simplify, then polynomial identity over QQ"},
                )
    return _numeric(expr, variables, domain, assumptions, dps, points, seed, sides)


def _combine(verdicts: list[tuple[tuple[int, int], Verdict]]) -> Verdict:
    """One verdict for a matrix: the first refutation, else the weakest of the rest."""
    for idx, v in verdicts:
        if v.word == "refuted":
            cex = {"entry": str(idx), **dict(v.counterexample)}
            return Refuted(f"entry {idx}: {v.detail}", counterexample=cex, measured_digits=v.measured_digits)
    for idx, v in verdicts:
        if v.word == "inconclusive":
            return Inconclusive(f"entry {idx}: {v.detail}", reason=v.reason)
    numeric = [v for _, v in verdicts if v.word == "verified"]
    if not numeric:
        return Proved(f"all {len(verdicts)} entries are exact identities", certificate={
            "method": "polynomial identity over QQ", "entries": len(verdicts)})
    weakest = min(numeric, key=lambda v: v.n_digits)
    points = tuple(dict.fromkeys(p for v in numeric for p in v.points))
    return Verified(
        f"all {len(verdicts)} entries: {len(verdicts) - len(numeric)} exact, {len(numeric)} numeric;"
        f" weakest {weakest.n_digits} digits",
        n_digits=weakest.n_digits, points=points, dps=weakest.dps, method=weakest.method,
    )


def is_zero(
    expr,
    *,
    symbols: Iterable[sympy.Symbol] | None = None,
    assumptions: Mapping | None = None,
    domain: _Domain = None,
    dps: int = 50,
    points: int = 3,
    seed: int = 0,
    simplify_seconds: float | None = None,
    _sides: tuple | None = None,
) -> Verdict:
    r"""Decide :math:`\text{expr} \equiv 0` on a domain: exact when rational over QQ, else measured numerics.

    Arguments:
        expr: a SymPy expression (or Matrix: every entry is checked), a number, or a str (whitelist-parsed).
        symbols: the variables (default: the free symbols, by name); other free symbols are added after them.
        assumptions: ``{symbol or name: "positive" | "negative" | "nonnegative" | ...}``: chooses default intervals
            (the Symbol's own assumptions, e.g. ``positive=True``, count too).
        domain: ``{symbol or name: (lo, hi)}`` open intervals with exact rational ends, or a callable
            ``point -> bool`` filtering points drawn from the default intervals.
        dps: decimal digits of the first evaluation; the second uses ``2*dps``.
        points: number of rational points for the numeric test.
        seed: seed of the points (deterministic).
        simplify_seconds: if set, ``sympy.simplify`` runs in a child process for at most this long before the
            numeric test (off by default).

    Returns:
        :class:`Proved` (certificate: ring, form), :class:`Refuted` (counterexample: the point as exact strings and
        ``value``), :class:`Verified` (measured digits, points, dps) or :class:`Inconclusive` (reason).

    Examples:
        >>> u, v = sympy.symbols("u v", real=True)
        >>> is_zero((u + v)**2 - u**2 - 2*u*v - v**2).word
        'proved'
        >>> x = sympy.Symbol("x", positive=True)
        >>> is_zero(sympy.asinh(sympy.sinh(x)) - x).digits >= 45
        True

    Limitations:
        A numeric ``verified`` is evidence at the listed points, not a proof; a branch cut or a special value that
        falls between the sampled points is not seen.  The exact path needs an expanded size below 200000 terms.
    """
    _check_common(dps, points, seed, simplify_seconds, domain)
    expr = _check_expr(expr, "expr", symbols)
    if isinstance(expr, sympy.MatrixBase):
        results = []
        for i in range(expr.rows):
            for j in range(expr.cols):
                side = (_sides[0][i, j], _sides[1][i, j]) if _sides is not None else None
                results.append(((i, j), _is_zero(expr[i, j], side, symbols, assumptions, domain, dps, points, seed,
                                                 simplify_seconds)))
        return _combine(results)
    if expr.has(sympy.zoo, sympy.nan, sympy.oo):
        raise InvalidArgument(f"expr={str(expr)[:60]!r} contains zoo/nan/oo; it is undefined, not an identity")
    return _is_zero(expr, _sides, symbols, assumptions, domain, dps, points, seed, simplify_seconds)


def equal(lhs, rhs, **kw) -> Verdict:
    """Decide ``lhs == rhs`` (as :func:`is_zero` of ``lhs - rhs``); a counterexample reports both sides' values.

    Examples:
        >>> x = sympy.Symbol("x", real=True)
        >>> v = equal(sympy.sqrt(x**2), x)
        >>> v.word, v.counterexample["lhs"] != v.counterexample["rhs"]
        ('refuted', True)
    """
    if "_sides" in kw:
        raise InvalidArgument("_sides is internal; pass lhs and rhs")
    symbols = kw.get("symbols")
    lhs = _check_expr(lhs, "lhs", symbols)
    rhs = _check_expr(rhs, "rhs", symbols)
    if isinstance(lhs, sympy.MatrixBase) != isinstance(rhs, sympy.MatrixBase) or (
        isinstance(lhs, sympy.MatrixBase) and lhs.shape != rhs.shape
    ):
        raise InvalidArgument(
            f"lhs and rhs have different shapes ({getattr(lhs, 'shape', 'scalar')} vs"
            f" {getattr(rhs, 'shape', 'scalar')}); compare a matrix with a matrix of the same shape"
        )
    return is_zero(lhs - rhs, _sides=(lhs, rhs), **kw)


def vanishes_formally(expr, *, seconds: int = 10) -> bool:
    r"""True when ``expr`` is 0 as a rational function of its symbols and of its other atoms taken as independent
    indeterminates: ``exp(c t)`` (c rational) becomes :math:`T_t^c` after ``exp(a + b) = exp(a) exp(b)``, every
    other function application (``log(v)``, ``asinh(w)``...) becomes a new symbol, and the
    fractional powers of one base :math:`b^{p/q}` become integer powers of a new symbol :math:`t_b = b^{1/q_b}`
    (:math:`q_b` the lcm of the denominators; a symbol base is replaced by :math:`t_b^{q_b}` everywhere).

    Sound, not complete: an identity between the atoms (``exp(u)**2 = exp(2 u)``) is not used, so False means
    "not shown", never "non-zero".  A substitution of values into a formally zero expression gives zero, so True
    proves ``expr == 0`` wherever it is defined.  Expansion runs under a ``seconds`` budget (False when it runs out).

    >>> u, v = sympy.symbols("u v", positive=True)
    >>> vanishes_formally(v * sympy.exp(u) - sympy.exp(u) * v), vanishes_formally(sympy.sqrt(u) ** 2 - u)
    (True, True)
    """
    from .errors import TimeLimitExceeded

    e = sympy.sympify(expr, strict=True)
    try:
        with time_limit(seconds):
            e = sympy.expand(e, power_exp=True)  # exp(a + b) -> exp(a) exp(b)
            bases: dict = {}  # exp(c t) -> T_t**c: exp(t/2), exp(-t), 1/exp(t) are powers of one indeterminate
            rep_exp = {}
            for f in e.atoms(sympy.exp):
                c, t = f.args[0].as_coeff_Mul()
                rep_exp[f] = bases.setdefault(t, sympy.Dummy("T", positive=True)) ** c
            e = e.xreplace(rep_exp)
            funcs = sorted(e.atoms(sympy.Function), key=sympy.default_sort_key)
            e = e.xreplace({f: sympy.Dummy(f"f{k}") for k, f in enumerate(funcs)})
            dens: dict = {}
            for a in e.atoms(sympy.Pow):
                if a.exp.is_Rational and not a.exp.is_Integer:
                    dens[a.base] = math.lcm(dens.get(a.base, 1), int(a.exp.q))
            rep, sym_rep = {}, {}
            for b, q in dens.items():
                t = sympy.Dummy("t", positive=True)
                if b.is_Symbol:
                    sym_rep[b] = t ** q
                for a in e.atoms(sympy.Pow):
                    if a.base == b and a.exp.is_Rational:
                        rep[a] = t ** int(a.exp * q)
            e = e.xreplace(rep).xreplace(sym_rep)
            if e.atoms(sympy.Pow) and any(not a.exp.is_Integer for a in e.atoms(sympy.Pow)):
                return False
            num = sympy.together(e).as_numer_denom()[0]
            return sympy.expand(num) == 0
    except TimeLimitExceeded:
        return False
