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
    return (s.cxy ** 2 * sum(v ** 2 for v in C), sympy.expand(s.cx ** 2 * sum(sympy.expand(v ** 2) for v in D)))


@claim("DDyn-Eq41", text=r"$\Delta_{xy} := \tfrac12\|[\hat\Sigma_{xy}\hat\Sigma_{xy}^\top,\hat\Sigma_x]\|$, "
       r"$\Delta_x := \tfrac12\|\hat\Sigma_x - \hat I_d\|$, Frobenius norm, $\hat I_d = I_d/\|I_d\|$ (41)",
       expect=Verified, statement=EQ41, hyp="both printed normalizations: hatted Σ's with and without 1/n")
def eq41(ctx):
    """symflow.commutation (integer arithmetic, both normalizations) against the printed formula evaluated
    directly on 3 random integer data sets: the exact squares must coincide."""
    rng = random.Random(ctx.seed)
    pts = []
    for k in range(3):
        n, d, p = rng.randint(3, 6), rng.randint(2, 4), rng.randint(2, 3)
        X = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(n)]
        Y = one_hot([rng.randrange(p) for _ in range(n)], p)
        for per in (False, True):
            m = commutation_measures(X, Y, per_sample=per, dps=ctx.dps)
            dxy, dx = _direct(X, Y.tolist(), ctx.s, per)
            for name, a, b in (("Delta_xy^2", m.delta_xy_sq, dxy), ("Delta_x^2", m.delta_x_sq, dx)):
                if sympy.simplify(sympy.nsimplify(a) - b) != 0:
                    return Refuted(f"{name} differs from the printed formula", counterexample={
                        "X": str(X), "Y": str(Y.tolist()), "per_sample": per, "module": str(a), "printed": str(b)})
            pts.append(f"n={n}, d={d}, p={p}, per_sample={per}")
    return Verified("symflow.commutation equals the printed (41) exactly on 3 data sets, both normalizations",
                    exact=True, points=tuple(pts), method="exact (integers / algebraic numbers)",
                    scope="exact on 3 random integer data sets, both normalizations")


@st.composite
def _data(draw):
    n, d, p = draw(st.integers(1, 6)), draw(st.integers(1, 9)), draw(st.integers(1, 3))
    rows = draw(st.lists(st.lists(st.integers(-4, 4), min_size=d, max_size=d), min_size=n, max_size=n))
    if all(v == 0 for r in rows for v in r):
        rows[0][0] = 1
    labels = draw(st.lists(st.integers(0, p - 1), min_size=n, max_size=n))
    return (tuple(map(tuple, rows)), tuple(labels), p, draw(st.booleans()))


RANGE = Statement(lo=sympy.Integer(0), hi=sympy.Integer(1))


@claim("DDyn-Claim-Delta-range", text="The normalized quantities lie between 0 and 1; near 0 the assumption "
       "approximately holds, near 1 it does not.", expect=Verified, kind=Kind.PROPERTY, statement=RANGE,
       hyp="any data; both normalizations", cites=("DDyn-Eq41",))
def delta_range(ctx):
    """Δ's of drawn integer data (and the one-hot labels), both normalizations; margin = distance to the nearer end
    of [lo, hi], targeted toward the largest Δ.  (Proof: ||Σ̂x||_F, ||Σ̂xyΣ̂xy^T||_F <= 1, see symflow.commutation.)"""
    def compute(ex):
        rows, labels, p, per = ex
        m = commutation_measures([list(r) for r in rows], one_hot(labels, p), per_sample=per, dps=ctx.dps)
        return (m.delta_xy, m.delta_x)

    def judge(vals, s):
        lo, hi = kit.mp(s.lo), kit.mp(s.hi)
        with mpmath.workdps(ctx.dps + 10):
            margin = min(min(v - lo, hi - v) for v in vals)
        return kit.Margin(margin, ctx.dps - 5, {"Delta_xy": vals[0], "Delta_x": vals[1]})

    return kit.search(ctx, _data(), compute, judge, what="0 <= Δ <= 1", full=100, fast=20)
