"""The numeric path of the zero test: evaluation at rational points at dps and 2 dps, the residual made relative by
the scale of the terms that cancel; digits measured."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import mpmath
import sympy

from ..precision import agreeing_digits, precision
from ..validation import run_bounded
from ..verdict import Inconclusive, Reason, Refuted, Verdict, Verified
from ._points import _exact_at, _PairCache, _point_str, rational_points


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
