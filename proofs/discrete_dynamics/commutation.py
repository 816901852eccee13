r"""§4.1 of DDyn (spec §3.5): the commutation measures (41) and their range.

(41) is implemented once in :mod:`symflow.commutation` (exact integer arithmetic); here it is checked against a
direct SymPy evaluation of the printed formula (the constants ½ and :math:`\hat I_d = I_d/\|I_d\|` read from the
statement), in both printed normalizations, and its range [0, 1] is searched with Hypothesis over small integer
data sets (``target`` toward the largest values).
"""

from __future__ import annotations

import random

import mpmath
import sympy
from hypothesis import strategies as st

from symflow.claims import Kind, Statement, claim, kit
from symflow.commutation import commutation_measures, one_hot
from symflow.verdict import Refuted, Verified

from ._discrete import _ambient

DIM = sympy.Symbol("d", positive=True, integer=True)
EQ41 = Statement(cxy=sympy.Rational(1, 2), cx=sympy.Rational(1, 2), ihat=1 / sympy.sqrt(DIM))


def _direct(X, Y, s, per_sample: bool):
    """(Δxy^2, Δx^2) from the printed formula with SymPy matrices (exact, algebraic)."""
    Xm, Ym = sympy.Matrix(X), sympy.Matrix(Y)
    n, d = Xm.shape
    nx, ny = sum(v ** 2 for v in Xm), sum(v ** 2 for v in Ym)
    c = sympy.Rational(1, n) if per_sample else 1
    Sx = c * Xm.T * Xm / nx
    Sxy = c * Xm.T * Ym / sympy.sqrt(nx * ny)
    A = (Sxy * Sxy.T).applyfunc(sympy.expand)
    C = A * Sx - Sx * A
    D = Sx - s.ihat.subs(DIM, d) * sympy.eye(d)
    return (s.cxy * sympy.sqrt(sum(v ** 2 for v in C)), s.cx * sympy.sqrt(sympy.expand(sum(sympy.expand(v ** 2)
                                                                                          for v in D))))


@claim("DDyn-Eq41", text=r"$\Delta_{xy} := \tfrac12\|[\hat\Sigma_{xy}\hat\Sigma_{xy}^\top,\hat\Sigma_x]\|$, "
       r"$\Delta_x := \tfrac12\|\hat\Sigma_x - \hat I_d\|$, Frobenius norm, $\hat I_d = I_d/\|I_d\|$ (41)",
       expect=Verified, statement=EQ41, hyp="both printed normalizations: hatted Σ's with and without 1/n")
def eq41(ctx):
    """symflow.commutation (integer arithmetic, both normalizations) against the printed formula evaluated
    directly (SymPy, algebraic numbers) on 3 random integer data sets, compared at dps digits."""
    rng = random.Random(ctx.seed)
    pts = []
    for k in range(3):
        n, d, p = rng.randint(3, 6), rng.randint(2, 4), rng.randint(2, 3)
        X = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(n)]
        Y = one_hot([rng.randrange(p) for _ in range(n)], p)
        for per in (False, True):
            m = commutation_measures(X, Y, per_sample=per, dps=ctx.dps)
            dxy, dx = _direct(X, Y.tolist(), ctx.s, per)
            for name, a, b in (("Delta_xy", m.delta_xy, dxy), ("Delta_x", m.delta_x, dx)):
                with mpmath.workdps(ctx.dps):
                    gap = abs(a - mpmath.mpf(sympy.N(b, ctx.dps + 10)))
                if gap > kit.tolerance(ctx.dps - 5) * max(abs(a), 1):
                    return Refuted(f"{name} differs from the printed formula", counterexample={
                        "X": str(X), "Y": str(Y.tolist()), "per_sample": per, "module": str(a), "printed": str(b)})
            pts.append(f"n={n}, d={d}, p={p}, per_sample={per}")
    return Verified("symflow.commutation equals the printed (41) on 3 data sets, both normalizations",
                    n_digits=ctx.dps - 5, points=tuple(pts), dps=ctx.dps,
                    method="integer arithmetic vs SymPy algebraic evaluation (two methods)",
                    scope="3 random integer data sets, both normalizations")


@st.composite
def _data(draw):
    n, d, p = draw(st.integers(1, 6)), draw(st.integers(1, 9)), draw(st.integers(1, 3))
    rows = draw(st.lists(st.lists(st.integers(-4, 4), min_size=d, max_size=d), min_size=n, max_size=n))
    if all(v == 0 for r in rows for v in r):
        rows[0][0] = 1
    labels = draw(st.lists(st.integers(0, p - 1), min_size=n, max_size=n))
    return (tuple(map(tuple, rows)), tuple(labels), p, draw(st.booleans()))


RANGE = Statement(lo=sympy.Integer(0), hi=sympy.Integer(1), floor_x=sympy.Integer(0))
# the upper end 1 is concluded (a larger one is weaker); the lower ends are attained ("0 iff", "reached"): no role
RANGE_CORRECTED = RANGE.replace(floor_x=(1 - 1 / sympy.sqrt(DIM)) / 2).monotone("hi", "larger")


def _floor_at_identity(s, dps):
    """Δx at X = I_d (Σx ∝ I_d, the assumption of Saxe et al. holding exactly) against the statement's value."""
    for d in range(1, 7):
        m = commutation_measures([[int(i == j) for j in range(d)] for i in range(d)], one_hot(range(d), d))
        want = s.floor_x.subs(DIM, d)
        if sympy.simplify(m.delta_x_sq - want ** 2) != 0 or not want >= 0:
            return Refuted("Δx does not take the stated value when Σx is proportional to I_d", counterexample={
                "X": f"I_{d}", "Delta_x": kit.nstr(m.delta_x, 20), "stated": str(want),
                "why": "Σ̂x = X^T X/||X||_F^2 = I/d but Î = I/||I||_F = I/sqrt(d)"})
    return None


@claim("DDyn-Claim-Delta-range", text="The normalized quantities lie between 0 and 1; values near 0 mean the "
       "corresponding assumption approximately holds, values near 1 that it does not.", expect=Refuted,
       kind=Kind.PROPERTY, statement=RANGE, hyp="any data; both normalizations; Frobenius norms as §4.1 says",
       cites=("DDyn-Eq41",))
@claim("DDyn-Claim-Delta-range/corrected", text=r"$0\le\Delta_{xy}\le1$ (0 iff Assumption 1 holds); "
       r"$rac12(1-rac1{\sqrt d})\le\Delta_x\le1$, the lower end reached when $\Sigma_x\propto I_d$",
       expect=Verified, kind=Kind.PROPERTY, statement=RANGE_CORRECTED, hyp="any data, without the factor 1/n")
def delta_range(ctx):
    """Δx at Σx ∝ I_d against ``floor_x`` (exact, d = 1..6), then the range over drawn integer data (and the
    one-hot labels), margin = distance to the nearer end, targeted toward the extremes.  (Range proof:
    ||Σ̂x||_F, ||Σ̂xyΣ̂xy^T||_F <= 1; floor: ||Σ̂x||_F^2 >= 1/d, see symflow.commutation.)"""
    bad = _floor_at_identity(ctx.s, ctx.dps)
    if bad is not None:
        return bad

    def compute(ex):
        rows, labels, p, per = ex
        m = commutation_measures([list(r) for r in rows], one_hot(labels, p), per_sample=per, dps=ctx.dps)
        return (m.delta_xy, m.delta_x, len(rows[0]), per)

    def judge(vals, s):
        dxy, dx, d, per = vals
        lo, hi = kit.mp(s.lo), kit.mp(s.hi)
        with mpmath.workdps(ctx.dps + 10):
            floor = kit.evaluate(s.floor_x, {DIM: d}, ctx.dps + 10) if not per else lo
            margin = min(dxy - lo, hi - dxy, dx - max(lo, floor), hi - dx)
        return kit.Margin(_ambient(margin), ctx.dps - 5, {"Delta_xy": dxy, "Delta_x": dx, "d": d, "per_sample": per})

    return kit.search(ctx, _data(), compute, judge, what="the range of Δxy and Δx", full=100, fast=20)
