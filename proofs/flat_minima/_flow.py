r"""Gradient-flow trajectories of Part II (FM-Def-SI-model, d_L = 1, p = 1): exact data, small initializations, the
Taylor integrator of :mod:`symflow.integrate` at ``dps`` and ``2 dps`` digits (dense output), sampled at fixed
times; each sample carries the digits on which the two runs agree.

Initializations: :math:`W_k(0) = \alpha M_k` with fixed rational :math:`M_k` (entries :math:`\pm(k \bmod 5 + 1)/5`);
``alpha`` is the scale whose role the claims discuss.  :math:`\varepsilon` (FM-Def-eps) is computed from the
initialization at the working precision (``epsilon``).
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy
from sympy import Rational as Q

from symflow import sharpness as sh
from symflow.claims import kit
from symflow.families import deep_linear
from symflow.integrate import solve
from symflow.precision import agreeing_digits, precision

__all__ = ["TRAJ", "Sample", "trajectory", "epsilon", "problem_of", "layers", "svd1", "tail2"]

_SIGMA = sympy.ImmutableMatrix([[2, Q(1, 2)], [Q(1, 2), 1]])
PROBLEMS = {
    "A": sh.Problem(_SIGMA, sympy.ImmutableMatrix([Q(3, 2), Q(-1, 2)]), sympy.ImmutableMatrix([1])),
    "B": sh.Problem(_SIGMA, sympy.ImmutableMatrix([Q(3, 10), Q(-1, 10)]), sympy.ImmutableMatrix([1])),
    "C": sh.Problem(_SIGMA, sympy.ImmutableMatrix([15, -5]), sympy.ImmutableMatrix([1])),
    # width 1 (S_min exact: the balanced minimizer) and ||pi*|| < 1/4 (so that ||pi*||^(1/L) > 2 ||pi*||)
    "D1": sh.Problem(sympy.ImmutableMatrix([[2]]), sympy.ImmutableMatrix([Q(1, 10)]), sympy.ImmutableMatrix([1])),
}
# name -> (problem, widths, alpha, horizon T, sample times); the corollary's hypothesis 32 L sqrt(eps) <= 1 holds
# for the alpha = 1/250 runs (checked by the claims), not for the L = 3 run (lemma only: no hypothesis there)
TRAJ = {
    "L2-A": ("A", (2, 2, 1), Q(1, 250), 20, (0, Q(1, 2), 1, 2, 3, 4, 5, 6, 8, 10, 15, 20)),
    "L2-B": ("B", (2, 3, 1), Q(1, 250), 60, (0, 1, 5, 10, 20, 30, 40, 50, 60)),
    "L2-A-tiny": ("A", (2, 2, 1), Q(1, 1000), 20, (0, 1, 2, 4, 6, 8, 10, 15, 20)),
    "L2-C": ("C", (2, 2, 1), Q(1, 250), 2, (0, Q(1, 4), Q(1, 2), 1, Q(3, 2), 2)),
    "L3-A": ("A", (2, 2, 2, 1), Q(1, 5), 4, (0, Q(1, 2), 1, Q(3, 2), 2, 3, 4)),
    # epsilon / sigma^2 below 10^-6 (large ||pi*||, tiny alpha): the alignment bounds are within 10^-6 of 1 there
    "L2-C-tiny": ("C", (2, 2, 1), Q(1, 2000), 3, (0, Q(1, 2), 1, 2, 3)),
    "L2-D1": ("D1", (1, 1, 1), Q(1, 250), 150, (0, 1, 10, 30, 60, 100, 150)),
    # pi(1) ~ 10^-7: R(pi = 0) - R(pi) = 2 pi^T Sigma pi* - pi^T Sigma pi is within 10^-6 of its first-order bound
    # 2 ||pi|| ||Sigma pi*|| there (lemma and PL claims only: not converged at T)
    "L2-D1-tiny": ("D1", (1, 1, 1), Q(1, 5000), 2, (0, 1, 2)),
}
COROLLARY = ("L2-A", "L2-A-tiny", "L2-B", "L2-C", "L2-C-tiny", "L2-D1")


def problem_of(name: str) -> sh.Problem:
    return PROBLEMS[TRAJ[name][0]]


@dataclass(frozen=True)
class Sample:
    """The layers at time ``t`` (mpmath matrices, from the 2 dps run) and the digits the dps run agrees on."""

    t: object
    Ws: tuple
    digits: int


def _system(name: str):
    key, dims, alpha, T, _ = TRAJ[name]
    prob = PROBLEMS[key]
    G = deep_linear(dims)
    e = sympy.Matrix(G.outputs) - sympy.Matrix(prob.pi_star)
    gap = sympy.expand((e.T * sympy.Matrix(prob.Sigma) * e)[0, 0])
    rhs = [-sympy.diff(gap, v) for v in G.params]
    y0 = [alpha * Q((-1) ** k * (k % 5 + 1), 5) for k in range(1, len(G.params) + 1)]
    at0 = dict(zip(G.params, y0))
    if gap.subs(at0) > gap.subs({v: 0 for v in G.params}):  # FM-Ass-SI-init: R(0) <= ||y||^2/n = R at pi = 0
        n1 = dims[0] * dims[1]
        y0 = [-v for v in y0[:n1]] + y0[n1:]  # W_1 -> -W_1 flips pi(0) and restores the assumption
    return G, rhs, y0, dims, T


def layers(flat, dims) -> tuple:
    out, k = [], 0
    for r, c in zip(dims[1:], dims[:-1]):
        W = mpmath.matrix(r, c)
        for i in range(r):
            for j in range(c):
                W[i, j] = flat[k]
                k += 1
        out.append(W)
    return tuple(out)


@kit.cached
def trajectory(name: str, dps: int) -> tuple:
    """The samples of trajectory ``name`` (TRAJ) at ``min(dps, 30)`` digits, rerun at twice that for the digits
    (the claims on these trajectories are inequalities with slack far above 10^-20; 30 digits keep the FM run
    within its time budget)."""
    dps = min(dps, 30)
    G, rhs, y0, dims, T = _system(name)
    times = TRAJ[name][4]
    sols = [solve(rhs, G.params, y0, T, dps=prec, measure_digits=False) for prec in (dps, 2 * dps)]
    out = []
    for t in times:
        ys = [sol(t) if t else [kit.mp(v) for v in y0] for sol in sols]
        with precision(2 * dps):
            dg = agreeing_digits(list(ys[0]), list(ys[1]), cap=dps)
            out.append(Sample(t, layers(list(ys[1]), dims), dg))
    return tuple(out)


def epsilon(Ws0) -> mpmath.mpf:
    r"""FM-Def-eps: :math:`3\max_k\|W_k(0)\|_F^2 + 2\sum_{k<L}\|W_k(0)W_k(0)^\top - W_{k+1}(0)^\top W_{k+1}(0)\|_2`."""
    first = 3 * max(mpmath.mnorm(W, "f") ** 2 for W in Ws0)
    second = 2 * mpmath.fsum(_spec(Ws0[k] * Ws0[k].T - Ws0[k + 1].T * Ws0[k + 1]) for k in range(len(Ws0) - 1))
    return first + second


def _spec(M) -> mpmath.mpf:
    return max(abs(x) for x in mpmath.eigsy(M, eigvals_only=True))


def svd1(W):
    """(sigma_1, u_1, v_1) of W (FM-Def-svd), from the symmetric eigenproblems of W W^T and W^T W (mpmath.eigsy is
    accurate to the working precision; signs of u_1, v_1 are immaterial to the squared inner products used)."""
    El, Ul = mpmath.eigsy(W * W.T)
    Er, Vr = mpmath.eigsy(W.T * W)
    i, j = max(range(len(El)), key=lambda k: El[k]), max(range(len(Er)), key=lambda k: Er[k])
    top = El[i] if W.rows <= W.cols else Er[j]  # from the smaller Gram matrix
    return mpmath.sqrt(top), Ul[:, i], Vr[:, j]


def tail2(W) -> mpmath.mpf:
    """||W||_F^2 - ||W||_2^2 without cancellation: the sum of the Gram eigenvalues other than the top one
    (exactly 0 for a row or column)."""
    E = mpmath.eigsy(W * W.T if W.rows <= W.cols else W.T * W, eigvals_only=True)
    top = max(range(len(E)), key=lambda k: E[k])
    return mpmath.fsum(abs(E[k]) for k in range(len(E)) if k != top)
