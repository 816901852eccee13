r"""Shared notation of the FM checks: the symbols of the printed formulas, the exact data instances, their minimizers.

Symbols (as the slides name them): ``L`` depth, ``a`` = :math:`(\pi^*/\|\pi^*\|)^\top\Sigma(\pi^*/\|\pi^*\|)`
(FM-Def-a), ``npi`` = :math:`\|\pi^*\|_2`, ``np`` = :math:`\|p\|_2`, ``lam``/``Lam`` = :math:`\lambda, \Lambda`
(FM-Def-eigs), ``eta`` the step, ``S`` a sharpness, ``Smin`` = :math:`S_{\min}` (FM-Def-Smin).

Instances: exact :class:`symflow.sharpness.Problem` (:math:`\Sigma`, :math:`\pi^*`, :math:`p`) with widths.  They
span scales (:math:`\|\pi^*\|` and :math:`\|p\|` above and below 1, :math:`\Sigma` large and small) so that a
mutated exponent or constant changes a value somewhere.  In width ``d = 1`` every minimizer is a rescaling of the
balanced one (up to signs) and :math:`S = 2a\pi^{*2}\sum_k w_k^{-2}`, convex in :math:`\log|w_k|` on
:math:`\sum\log|w_k| = \text{const}` and symmetric, so its minimum is the balanced minimizer:
:math:`S_{\min} = S(\text{balanced})` exactly there (``exact_smin``).
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational as Q
from sympy import Symbol

from symflow import sharpness as sh
from symflow.claims import kit
from symflow.precision import precision

__all__ = ["L", "a", "npi", "np_", "lam", "Lam", "eta", "S", "Smin", "C", "INSTANCES", "EXTREME", "instance", "values",
           "minimizers", "smin_upper", "exact_smin", "min_sharpness", "scaled"]

L, a, npi, np_ = (Symbol(n, positive=True) for n in ("L", "a", "npi", "np"))
lam, Lam, eta, S, Smin, C = (Symbol(n, positive=True) for n in ("lam", "Lam", "eta", "S", "Smin", "C"))


def _prob(Sigma, pi, p):
    return sh.Problem(sympy.ImmutableMatrix(Sigma), sympy.ImmutableMatrix(pi), sympy.ImmutableMatrix(p))


# name -> (problem, widths (d, d_1, ..., d_L)); d = 1 rows are where S_min is known exactly
INSTANCES = {
    "d1-L2": (_prob([[1]], [4], [1]), (1, 1, 1)),
    "d1-L3": (_prob([[3]], [Q(1, 4)], [2]), (1, 1, 1, 1)),
    "d1-L2-p": (_prob([[Q(1, 2)]], [3], [Q(1, 5)]), (1, 1, 1)),
    "d1-L4": (_prob([[Q(1, 5)]], [Q(5, 2)], [Q(3, 2)]), (1, 1, 1, 1, 1)),
    "d1-L2-flat": (_prob([[Q(1, 100)]], [1], [1]), (1, 1, 1)),
    # ||pi*|| and ||p|| far from 1 (width 1, L = 2): a wrong power of them moves a bound by a large factor
    "d1-L2-big": (_prob([[1]], [100], [1]), (1, 1, 1)),
    "d1-L2-small": (_prob([[1]], [Q(1, 100)], [1]), (1, 1, 1)),
    "d1-L2-pbig": (_prob([[1]], [1], [100]), (1, 1, 1)),
    "d1-L2-psmall": (_prob([[1]], [1], [Q(1, 100)]), (1, 1, 1)),
    "d2-L3": (_prob([[2, Q(1, 2)], [Q(1, 2), 1]], [Q(3, 2), Q(-1, 2)], [1]), (2, 2, 2, 1)),
    "d2-L2-p": (_prob([[5, 1], [1, 3]], [Q(1, 5), Q(2, 5)], [2, 1]), (2, 2, 2)),
    "d2-eig": (_prob([[3, 0], [0, Q(1, 2)]], [2, 0], [1]), (2, 2, 2, 1)),
    "d3-L4": (_prob([[Q(1, 10), Q(1, 50), 0], [Q(1, 50), Q(1, 20), 0], [0, 0, Q(1, 40)]], [3, -2, 6], [Q(1, 2)]),
              (3, 3, 3, 3, 1)),
}
EXACT = tuple(k for k in INSTANCES if k.startswith("d1"))
EXTREME = ("d1-L2-big", "d1-L2-small", "d1-L2-pbig", "d1-L2-psmall")


def instance(name: str):
    return INSTANCES[name]


@kit.cached
def values(name: str, dps: int) -> dict:
    """The printed symbols' values at an instance (mpf at ``dps``): L, a, npi, np, lam, Lam."""
    prob, dims = INSTANCES[name]
    with precision(dps):
        Sg, ps, p = prob.mp()
        npi_v, np_v = mpmath.norm(ps), mpmath.norm(p)
        u = ps / npi_v
        ev = mpmath.eigsy(Sg, eigvals_only=True)
        return {L: mpmath.mpf(len(dims) - 1), a: (u.T * Sg * u)[0, 0], npi: npi_v, np_: np_v,
                lam: min(ev), Lam: max(ev)}


def scaled(dims, c):
    """Rescalings (c, 1/c, 1, ..., 1) of the first two layers (the W^C of FM-Claim-arbitrarily-sharp is c = C)."""
    return [c, 1 / sympy.Rational(c)] + [1] * (len(dims) - 3)


def minimizers(name: str) -> list:
    """(label, build) pairs: the balanced minimizer, rescaled, rotated (exact Cayley rotations) and with a kernel
    component (widths >= 2), all factorizations of pi* (symflow.sharpness.minimizer)."""
    prob, dims = INSTANCES[name]
    out = [("balanced", sh.minimizer(prob, dims))]
    for c in (Q(1, 10), Q(1, 2), 3, 20):
        out.append((f"W^C C={c}", sh.minimizer(prob, dims, scales=scaled(dims, c))))
    if len(dims) > 3:
        out.append(("scales (2, 1/6, 3, ...)", sh.minimizer(prob, dims, scales=[2, Q(1, 6), 3] + [1] * (len(dims)
                                                                                                      - 4))))
    if dims[1] >= 2:
        rots = [sh.cayley(sympy.Matrix(n, n, lambda i, j: 0 if i == j else (Q(1, 3) if i < j else Q(-1, 3))))
                for n in dims[1:-1]]
        ker = sympy.Matrix(dims[1], dims[0], lambda i, j: Q(i + 2 * j + 1, 3))
        out.append(("rotated", sh.minimizer(prob, dims, rotations=rots)))
        out.append(("rotated + kernel", sh.minimizer(prob, dims, rotations=rots, kernel=ker)))
    return out


@kit.cached
def min_sharpness(name: str, label: str, dps: int):
    """(S at the minimizer ``label`` of ``name``, measured digits): closed form at dps and 2 dps."""
    prob, _ = INSTANCES[name]
    build = dict(minimizers(name))[label]

    def compute(prec):
        with precision(prec):
            return sh.minimizer_sharpness(build(prec), prob)
    m = kit.measured(compute, dps)
    return m.values[0], m.digits


def smin_upper(name: str, dps: int):
    """An upper bound on S_min: the smallest sharpness among the listed minimizers (with digits)."""
    return min((min_sharpness(name, lab, dps) for lab, _ in minimizers(name)), key=lambda v: v[0])


def exact_smin(name: str, dps: int):
    """S_min at a d = 1 instance: the balanced minimizer's sharpness (module docstring), by the full Hessian."""
    if not name.startswith("d1"):
        raise ValueError(f"S_min is known exactly only in width 1, not at {name}")
    return min_sharpness(name, "balanced", dps)
