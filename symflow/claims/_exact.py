r"""Exact helpers of the claim kit: time derivatives along a flow, identities that prove, identities at listed sizes.

* :func:`identity` / :func:`identities` decide ``lhs == rhs`` as rational functions over :math:`\mathbb{Q}` of the
  symbols they contain (:func:`symflow.identity.equal`), optionally modulo square roots ``defs={w: sqrt(r)}``
  (``w`` is reduced by :math:`w^2 = r`; the remainder, multilinear in the roots, must vanish coefficient-wise).
  A holding identity is :class:`Proved` **only** when the caller states the ``argument`` that makes these symbols
  cover everything the statement quantifies over (generic layers, one separable coordinate, an induction step).
* :func:`at_sizes` decides identities built for listed sizes: exact, but :class:`Verified` (``exact=True``) with the
  sizes in its ``scope``, never ``Proved``.
* A failing identity is :class:`Refuted` at an exact rational point with both sides (or, with ``defs``, at a point
  evaluated at ``dps`` and ``2 dps`` digits, the digits measured).
"""

from __future__ import annotations

from typing import Callable, Iterable, Mapping, Sequence

import mpmath
import sympy

from ..errors import InvalidArgument
from ..identity import equal
from ..precision import agreeing_digits, precision
from ..verdict import Inconclusive, Proved, Reason, Refuted, Verdict, Verified

__all__ = ["ddt", "identity", "identities", "at_sizes", "product", "Entry"]

Entry = tuple  # (label, lhs, rhs)


def ddt(expr: sympy.Expr, velocity: Mapping[sympy.Symbol, sympy.Expr]) -> sympy.Expr:
    r"""The time derivative along :math:`\dot x = v(x)`: :math:`\dot h = \sum_k \partial_{x_k} h\, v_k`."""
    return sympy.expand(sum((sympy.diff(expr, x) * v for x, v in velocity.items()), sympy.Integer(0)))


def _check_entries(entries) -> list[tuple[str, sympy.Expr, sympy.Expr]]:
    out = []
    for e in entries:
        if not (isinstance(e, tuple) and len(e) == 3):
            raise InvalidArgument(f"entry {e!r} must be a tuple (label, lhs, rhs)")
        label, lhs, rhs = e
        out.append((str(label), sympy.sympify(lhs, strict=True), sympy.sympify(rhs, strict=True)))
    return out


def _reduce_roots(expr: sympy.Expr, defs: Mapping[sympy.Symbol, sympy.Expr]) -> list[sympy.Expr]:
    """Coefficients of the multilinear form of ``expr``'s numerator in the roots ``w`` (``w**2 -> r``)."""
    num, _ = sympy.fraction(sympy.together(expr))
    roots = list(defs)
    poly = sympy.Poly(sympy.expand(num), *roots)
    reduced: dict[tuple, sympy.Expr] = {}
    for monom, coeff in poly.terms():
        key, factor = [], sympy.Integer(1)
        for w, k in zip(roots, monom):
            factor *= sympy.expand(defs[w] ** (k // 2))
            key.append(k % 2)
        reduced[tuple(key)] = reduced.get(tuple(key), 0) + coeff * factor
    return [c for c in (sympy.cancel(sympy.expand(v)) for v in reduced.values()) if c != 0]


def _in_domain(sym: sympy.Symbol, magnitude: sympy.Rational, positive: bool) -> sympy.Rational:
    """A grid value for ``sym`` that respects its assumptions (sign, integrality): a counterexample must lie in the
    domain the statement quantifies over."""
    if sym.is_integer:
        magnitude = sympy.Integer(max(1, int(sympy.ceiling(magnitude))))
    if sym.is_nonnegative or sym.is_positive:
        return magnitude
    if sym.is_nonpositive or sym.is_negative:
        return -magnitude
    return magnitude if positive else -magnitude


def _root_counterexample(label, lhs, rhs, defs, dps: int, seed: int) -> Verdict:
    """A point where lhs != rhs with w = sqrt(r): base symbols rational (radicands > 0), both sides at dps and
    2 dps (digits measured)."""
    base = sorted((lhs - rhs).free_symbols - set(defs), key=str)
    grid = [sympy.Rational(p, q) for p, q in ((3, 2), (2, 3), (5, 4), (7, 3), (1, 5), (9, 7), (11, 4))]
    for k in range(40):
        pt = {s: _in_domain(s, grid[(k + 3 * j + seed) % len(grid)], (k + j) % 3 != 0) for j, s in enumerate(base)}
        radic = {w: r.xreplace(pt) for w, r in defs.items()}
        if any(not (v.is_number and v > 0) for v in radic.values()):
            continue
        vals = []
        for prec in (dps, 2 * dps):
            with precision(prec):
                sub = {**{s: mpmath.mpf(v.p) / v.q for s, v in pt.items()},
                       **{w: mpmath.sqrt(mpmath.mpf(v.p) / v.q) if v.is_Rational else mpmath.sqrt(sympy.N(v, prec))
                          for w, v in radic.items()}}
                f = sympy.lambdify(list(sub), [lhs, rhs], modules="mpmath")
                vals.append(f(*sub.values()))
        with precision(2 * dps):
            digits = agreeing_digits(vals[0], vals[1], cap=dps)
            gap = abs(vals[1][0] - vals[1][1])
            scale = max(abs(vals[1][0]), abs(vals[1][1]), mpmath.mpf(1))
            if gap / scale > mpmath.mpf(10) ** (-(digits - 3)):
                return Refuted(f"{label}: the two sides differ", measured_digits=digits, counterexample={
                    "entry": label, "point": {str(s): str(v) for s, v in pt.items()},
                    "roots": {str(w): f"sqrt({r})" for w, r in defs.items()},
                    "lhs": mpmath.nstr(vals[1][0], 25), "rhs": mpmath.nstr(vals[1][1], 25),
                    "lhs_expr": str(lhs), "rhs_expr": str(rhs)})
    return Inconclusive(f"{label}: the reduced form is not 0 but no point with positive radicands separated the "
                        "sides", reason=Reason.DOMAIN)


def _decide(label: str, lhs, rhs, defs, dps: int, seed: int) -> Verdict:
    """Proved (as an identity in the symbols, certificate) / Refuted / Inconclusive for one entry."""
    if defs:
        residue = _reduce_roots(lhs - rhs, defs)
        if not residue:
            return Proved(f"{label}: identity modulo w^2 = r for the roots", certificate={
                "method": "numerator reduced modulo w^2 - r, multilinear coefficients 0",
                "roots": {str(w): f"sqrt({r})" for w, r in defs.items()}})
        return _root_counterexample(label, lhs, rhs, defs, dps, seed)
    v = equal(lhs, rhs, dps=dps, seed=seed)
    if v.word == "refuted":
        return Refuted(f"{label}: {v.detail}", counterexample={"entry": label, **dict(v.counterexample),
                                                              "lhs_expr": str(lhs)[:400], "rhs_expr": str(rhs)[:400]},
                       measured_digits=v.digits)
    return v


def identities(entries: Iterable[Entry], *, argument: str, what: str = "", defs=None, dps: int = 50,
               seed: int = 0) -> Verdict:
    """Decide every entry ``(label, lhs, rhs)``; :class:`Proved` with ``argument`` when all hold exactly.

    ``argument`` (required, a sentence) says why the symbols of the entries cover the whole statement (e.g.
    "generic layer: theta = u*P with P the product of the other L-1 layers, for every L >= 2; coordinates
    decouple, so every d").  An entry that holds only numerically (transcendental, undecided exactly) makes the
    result :class:`Verified` at best.
    """
    if not isinstance(argument, str) or len(argument.strip()) < 15:
        raise InvalidArgument("identities() needs argument='why these symbols cover every case' (a sentence)")
    entries = _check_entries(entries)
    if not entries:
        raise InvalidArgument("identities() got no entries")
    defs = dict(defs or {})
    numeric: list[Verdict] = []
    for label, lhs, rhs in entries:
        v = _decide(label, lhs, rhs, defs, dps, seed)
        if v.word in ("refuted", "inconclusive"):
            return v
        if v.word == "verified":
            numeric.append(v)
    head = f"{what}: " if what else ""
    if numeric:
        worst = min(numeric, key=lambda v: v.digits or 0)
        return Verified(f"{head}{len(entries)} entries hold, {len(numeric)} only numerically (weakest "
                        f"{worst.digits} digits); {argument}", n_digits=worst.digits, points=worst.points,
                        dps=worst.dps, method=worst.method,
                        scope="numeric for the transcendental entries, at the points listed")
    return Proved(f"{head}exact identity ({len(entries)} entries); {argument}",
                  certificate={"argument": argument, "entries": [e[0] for e in entries][:40],
                               "method": "numerator over QQ is 0" + (" modulo the roots" if defs else "")})


def identity(lhs, rhs, *, argument: str, what: str = "", label: str = "lhs = rhs", defs=None, dps: int = 50,
             seed: int = 0) -> Verdict:
    """One identity; see :func:`identities`."""
    return identities([(label, lhs, rhs)], argument=argument, what=what or label, defs=defs, dps=dps, seed=seed)


def at_sizes(build: Callable[..., Sequence[Entry]], sizes: Sequence[tuple], *, what: str,
             names: str = "(L, d)", dps: int = 50) -> Verdict:
    """Entries ``build(*size)`` decided exactly for each listed size: :class:`Verified` (exact, scope = the sizes)
    when all hold, never :class:`Proved`; :class:`Refuted` with the size and the point otherwise."""
    sizes = [tuple(s) if isinstance(s, (tuple, list)) else (s,) for s in sizes]
    if not sizes:
        raise InvalidArgument("at_sizes() needs at least one size")
    n = 0
    for size in sizes:
        for label, lhs, rhs in _check_entries(build(*size)):
            n += 1
            v = _decide(label, lhs, rhs, {}, dps, 0)
            if v.word == "refuted":
                cex = {names: list(size), **dict(v.counterexample)}
                return Refuted(f"{what}: fails for {names} = {size}: {v.detail}", counterexample=cex,
                               measured_digits=v.digits)
            if v.word != "proved":
                return Inconclusive(f"{what}: undecided exactly for {names} = {size} ({label}): {v.detail}",
                                    reason=Reason.UNDECIDED)
    listed = ", ".join(str(s if len(s) > 1 else s[0]) for s in sizes)
    return Verified(f"{what}: exact identity over QQ for {names} in {listed} ({n} entries)", exact=True,
                    points=tuple(str(s) for s in sizes), method="exact (QQ) at listed sizes",
                    scope=f"exact for {names} in {listed}")


def product(items: Iterable) -> sympy.Expr:
    """The product of SymPy expressions (1 for none)."""
    out = sympy.Integer(1)
    for x in items:
        out = out * x
    return out
