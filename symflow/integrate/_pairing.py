"""Greedy pairing of the factors that several products share (each pair then costs one Cauchy product).

A product :math:`f_1 \\cdots f_m` costs :math:`m - 1` Cauchy products per Taylor order; a pair
:math:`(f_a, f_b)` that occurs in several products is computed once.  Repeatedly, the most frequent pair
(count >= 2; ties to the pair of earliest-seen factors) becomes a new factor.  Products with the same factors
(``c1*x*y`` and ``c2*x*y``) count once: their product is one node of the DAG anyway.

Counts are kept incrementally (a heap with lazy deletion), so the cost is about (number of factor pairs) x
log, not (pairs) x (rounds): on the S50 system (150 states) the old full recount took 21 s.  The traversal order
is that of the expressions' arguments, so the pairing does not depend on Python's hash seed.
"""

from __future__ import annotations

import heapq
from itertools import combinations

import sympy

__all__ = ["pair_products"]


def _factor_lists(exprs, nonconst):
    """Each Mul with >= 2 non-constant factors (and no negative powers): its factors, in first-seen order."""
    muls: dict = {}
    for ex in exprs:
        for sub in sympy.preorder_traversal(ex):
            if sub.is_Mul and sub not in muls:
                ns = [f for f in sub.args if f.free_symbols & nonconst]
                if len(ns) >= 2 and not any(f.is_Pow and f.exp.is_Rational and f.exp < 0 for f in ns):
                    muls[sub] = ns
    return muls


def _pairs(ids):
    return {(a, b) if a <= b else (b, a) for a, b in combinations(ids, 2)}


def pair_products(exprs, nonconst, max_factors: int = 200000):
    """``(plan, pairdefs)``: for each product (Mul) its new factor list; for each pair symbol its two factors."""
    muls = _factor_lists(exprs, nonconst)
    if not muls or sum(len(v) for v in muls.values()) > max_factors:
        return {}, {}
    ids: dict = {}
    objs: list = []

    def fid(f) -> int:
        if f not in ids:
            ids[f] = len(objs)
            objs.append(f)
        return ids[f]

    groups: dict = {}  # sorted factor ids -> the Muls with those factors
    for m, ns in muls.items():
        groups.setdefault(tuple(sorted(fid(f) for f in ns)), []).append(m)
    lists = [list(k) for k in groups]
    where: dict = {}  # pair -> indices of the lists holding it
    for i, ls in enumerate(lists):
        for p in _pairs(ls):
            where.setdefault(p, set()).add(i)
    heap = [(-len(s), p) for p, s in where.items() if len(s) >= 2]
    heapq.heapify(heap)
    names = sympy.numbered_symbols("_pair", cls=sympy.Dummy)
    pairdefs: dict = {}
    while heap:
        negc, (a, b) = heapq.heappop(heap)
        holders = where.get((a, b), ())
        if -negc != len(holders):
            continue  # stale entry
        sym = next(names)
        pairdefs[sym] = (objs[a], objs[b])
        s = fid(sym)
        for i in sorted(holders):
            ls = lists[i]
            touched = _pairs(ls)
            for p in touched:
                where[p].discard(i)
            ls.remove(a)
            ls.remove(b)
            ls.append(s)
            new = _pairs(ls)
            for p in new:
                where.setdefault(p, set()).add(i)
            for p in touched | new:
                if len(where[p]) >= 2:
                    heapq.heappush(heap, (-len(where[p]), p))
    plan = {m: [objs[j] for j in ls] for ls, members in zip(lists, groups.values()) for m in members}
    return plan, pairdefs
