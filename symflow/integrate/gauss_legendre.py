"""Gauss-Legendre collocation: the independent second method.

The s-stage Gauss-Legendre method (Butcher 1964) with nodes :math:`c_i` the roots of the shifted Legendre
polynomial :math:`P_s(2c - 1)`, :math:`a_{ij} = \\int_0^{c_i} \\ell_j`, :math:`b_j = \\int_0^1 \\ell_j`
(:math:`\\ell_j` the Lagrange basis on the nodes) has order :math:`2s`:

.. math:: K_i = f\\Big(y_n + h \\sum_j a_{ij} K_j\\Big), \\qquad y_{n+1} = y_n + h \\sum_j b_j K_j .

The stage equations are solved by fixed-point iteration to working precision (this needs :math:`h L < 1`; a
non-converging step is refused and the step count doubled).  Step size: ``n_steps`` equal steps when given;
otherwise the number of steps is doubled until the Richardson estimate
:math:`\\|y_{2n} - y_n\\|_\\infty / (2^{2s} - 1)` is below :math:`10^{-(dps+1)}\\max(1, \\|y\\|_\\infty)`.

What it can show: a trajectory computed by a method sharing nothing with the Taylor jet (no coefficient
recurrences, no step heuristic), so agreement of the two measures digits independently.  What it cannot:
Gauss-Legendre conserves every *quadratic* invariant (e.g. :math:`u_i v_i`) to round-off by construction, so its
invariant drift proves nothing about its accuracy (it is only a sharp falsifier of a claimed quadratic invariant);
it is much slower than the Taylor jet at high precision; it keeps no dense output.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Mapping, Sequence

import gmpy2
import mpmath
import sympy

from ..errors import InvalidArgument, PrecisionError
from .base import (AbstractIntegrator, Solution, compile_system, mpfr_to_mpf, mpf_to_mpfr, prepare, to_mpfr,
                   working_bits, _validate_dps)

__all__ = ["GaussLegendre", "butcher_tableau", "default_stages"]


def _lagrange(nodes, j):
    """Coefficients (highest first) of the Lagrange basis polynomial l_j on ``nodes``."""
    poly = [mpmath.mpf(1)]
    for m, c in enumerate(nodes):
        if m == j:
            continue
        d = nodes[j] - c
        new = poly + [mpmath.mpf(0)]  # poly * tau
        for k in range(1, len(new)):
            new[k] -= c * poly[k - 1]
        poly = [v / d for v in new]
    return poly


@lru_cache(maxsize=32)
def butcher_tableau(s: int, prec: int):
    """``(c, A, b)`` of the s-stage Gauss-Legendre method as mpmath numbers at ``prec`` bits (+64 guard bits)."""
    with mpmath.workprec(prec + 64):
        nodes = []
        for i in range(s):
            x = mpmath.cos(mpmath.pi * (i + mpmath.mpf(3) / 4) / (s + mpmath.mpf(1) / 2))
            for _ in range(200):
                p, q = mpmath.legendre(s, x), mpmath.legendre(s - 1, x)
                dx = p / (s * (x * p - q) / (x * x - 1))
                x -= dx
                if abs(dx) < mpmath.mpf(2) ** (-prec - 60):
                    break
            nodes.append((1 - x) / 2)
        A = [[None] * s for _ in range(s)]
        b = []
        for j in range(s):
            lj = _lagrange(nodes, j)
            n = len(lj)
            integ = [c / (n - k) for k, c in enumerate(lj)] + [mpmath.mpf(0)]
            b.append(mpmath.polyval(integ, 1))
            for i in range(s):
                A[i][j] = mpmath.polyval(integ, nodes[i])
        return tuple(nodes), tuple(tuple(r) for r in A), tuple(b)


def default_stages(dps: int) -> int:
    """Stages for ``dps`` digits: about ``(dps + 3) / 5``, between 2 and 16 (flat optimum of cost vs order)."""
    return max(2, min(16, math.ceil((dps + 3) / 5)))


class GaussLegendre(AbstractIntegrator):
    """s-stage Gauss-Legendre collocation (order 2s), fixed-point stage solve, fixed or step-doubling step count.

    Arguments:
        stages: s (default ``default_stages(dps)``).
        n_steps: a fixed number of equal steps (no error control) instead of step doubling.
    """

    name = "gauss-legendre"
    backward = True

    def __init__(self, stages: int | None = None, n_steps: int | None = None, max_doublings: int = 16):
        for nm, v in (("stages", stages), ("n_steps", n_steps)):
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 1):
                raise InvalidArgument(f"{nm}={v!r} ({type(v).__name__}) must be a positive integer or None")
        self.stages = stages
        self.n_steps = n_steps
        self.max_doublings = max_doublings

    @property
    def order(self):
        return None if self.stages is None else 2 * self.stages

    def __repr__(self) -> str:
        return f"GaussLegendre(stages={self.stages}, n_steps={self.n_steps})"

    def integrate(self, rhs: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol], y0, t1, *, t0=0,
                  dps: int | None = None, params: Mapping | None = None, max_steps: int = 100000) -> Solution:
        dps = _validate_dps(dps)
        rhs, variables, y0 = prepare(rhs, variables, y0, params)
        t0e, t1e = self._check_times(t0, t1)
        system = compile_system(rhs, variables)
        s = self.stages or default_stages(dps)
        bits = working_bits(dps)
        with gmpy2.context(gmpy2.get_context(), precision=bits):
            c, A, b = (_to_mpfr_tree(x) for x in butcher_tableau(s, bits))
            C = system.consts(bits)
            x0 = [to_mpfr(v) for v in y0]
            ta, tb = to_mpfr(t0e), to_mpfr(t1e)
            if self.n_steps is not None:
                n = self.n_steps
                y = _run(system.f, C, A, b, x0, ta, tb, n, bits)
                if y is None:
                    raise PrecisionError(f"n_steps={n}: the fixed-point stage solve diverges (h L too large); "
                                         "pass a larger n_steps or n_steps=None")
            else:
                tol = gmpy2.mpfr(10) ** (-(dps + 1))
                n, prev, y = 2, None, None
                for _ in range(self.max_doublings):
                    if n > max_steps:
                        break
                    y = _run(system.f, C, A, b, x0, ta, tb, n, bits)
                    if y is not None and prev is not None:
                        scale = max(gmpy2.mpfr(1), max(abs(v) for v in y))
                        err = max(abs(u - v) for u, v in zip(y, prev)) / (2 ** (2 * s) - 1)
                        if err <= tol * scale:
                            break
                    prev = y
                    n *= 2
                else:
                    y = None
                if y is None or n > max_steps:
                    raise PrecisionError(f"Gauss-Legendre (s={s}) did not reach 1e-{dps + 1} within "
                                         f"max_steps={max_steps}; pass more max_steps or more stages")
        with mpmath.workdps(dps):
            y1 = tuple(+mpfr_to_mpf(v) for v in y)
            return Solution(t0=+mpfr_to_mpf(ta), t1=+mpfr_to_mpf(tb), y1=y1, dps=dps, method=self.name, steps=n,
                            dense=None)


def _to_mpfr_tree(x):
    if isinstance(x, tuple):
        return tuple(_to_mpfr_tree(v) for v in x)
    return mpf_to_mpfr(x)


def _run(f, C, A, b, x0, ta, tb, n, bits):
    """n equal GL steps from ta to tb; None when a stage solve does not converge."""
    s, D = len(b), len(x0)
    h = (tb - ta) / n
    y = list(x0)
    hA = [[h * a for a in row] for row in A]
    hb = [h * v for v in b]
    tiny = gmpy2.mpfr(2) ** (12 - bits)
    for _ in range(n):
        fy = f(y, C)
        K = [list(fy) for _ in range(s)]
        for it in range(4 * bits):
            Knew = []
            for i in range(s):
                row = hA[i]
                Y = [y[d] + gmpy2.fsum(row[j] * K[j][d] for j in range(s)) for d in range(D)]
                Knew.append(f(Y, C))
            delta = max(abs(Knew[i][d] - K[i][d]) for i in range(s) for d in range(D))
            scale = max(gmpy2.mpfr(1), max(abs(v) for r in Knew for v in r))
            K = Knew
            if delta <= tiny * scale:
                break
            if not gmpy2.is_finite(delta) or (it > 8 and delta > scale):
                return None
        else:
            return None
        y = [y[d] + gmpy2.fsum(hb[j] * K[j][d] for j in range(s)) for d in range(D)]
    return y
