"""The exact path of the zero test: the expression as N/D over QQ[x] (sympy.polys rings, no gcds), N compared with 0;
a non-zero N refuted at an exact rational point."""

from __future__ import annotations

import math
from collections.abc import Mapping

import sympy
from sympy.polys.domains import QQ
from sympy.polys.rings import ring as _qq_ring

from ..verdict import Inconclusive, Proved, Reason, Refuted, Verdict
from ._numeric import _cex
from ._points import _MAX_TERMS, _SEARCH, _PairCache, _point_str, rational_points


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
