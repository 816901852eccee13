r"""Gragg--Bulirsch--Stoer extrapolation for right-hand sides that are numeric callables only.

:func:`extrapolate` integrates :math:`\dot y = f(y)` when ``f`` is a Python callable on mpmath numbers (a root solve
inside, a numeric linear solve: nothing the Taylor jet can differentiate): the modified midpoint rule with step
sequence :math:`n_j = 2j` extrapolated in :math:`h^2` (Neville--Aitken), order :math:`2k` with
:math:`k = \min(24, \max(6, dps/4 + 3))`, adaptive step, local tolerance :math:`10^{-(dps+3)}` relative to
:math:`\max(1, |y|)`.  Its ``digits`` are measured by precision doubling: a second run at ``max(2 dps, dps + 20)``
digits with the tolerance tightened to match.  Dense output re-integrates from the nearest accepted node.

Failures are types: :class:`~symflow.errors.MaxStepsReached` (the work bound), :class:`~symflow.errors.StepUnderflow`
(the step fell below the working precision, or every step tried from some time on took the state past
:math:`10^{60}|y(0)|`: a singularity).  A trial step that overflows is rejected and shortened, never reported as a
blow-up by itself (a stiff decay overflows the midpoint rule at long steps).

Source: Hairer, Norsett, Wanner, *Solving ODEs I*, II.9 (GBS extrapolation).
"""

from __future__ import annotations

from typing import Callable

import mpmath
import sympy

from ..errors import MaxStepsReached, StepUnderflow
from ..precision import GUARD_DPS, agreeing_digits
from ..validation import check_dps, check_max_steps, exact_number, to_mpf
from .base import Solution

__all__ = ["extrapolate"]


def _gbs_step(f: Callable, y: list, fy: list, H, k: int):
    r"""One Gragg--Bulirsch--Stoer step of size H: extrapolated modified midpoint, sequence n_j = 2j, j <= k.

    Returns (value of the highest extrapolation column, error estimate = its difference to the previous column).
    """
    prev: list = []
    ns = [2 * j for j in range(1, k + 1)]
    err = None
    for j, n in enumerate(ns):
        h = H / n
        z0 = y
        z1 = [a + h * b for a, b in zip(y, fy)]
        for _ in range(1, n):
            fz = f(z1)
            z0, z1 = z1, [a + 2 * h * b for a, b in zip(z0, fz)]
        fz = f(z1)
        S = [(a + b + h * c) / 2 for a, b, c in zip(z1, z0, fz)]
        row = [S]
        for i in range(1, j + 1):  # Neville / Aitken in h^2
            ratio = mpmath.mpf(n) / ns[j - i]
            den = ratio * ratio - 1
            row.append([a + (a - b) / den for a, b in zip(row[i - 1], prev[i - 1])])
        if j >= 1:
            err = max(abs(a - b) for a, b in zip(row[-1], row[-2]))
        prev = row
    return prev[-1], err


def _integrate_nodes(f: Callable, y0: list, t_end, tol, k: int, H0, max_steps: int = 20000):
    """Adaptive GBS from 0 to t_end; returns the accepted nodes [(t, y)] (t = 0 and t_end included)."""
    t = mpmath.mpf(0)
    y = list(y0)
    nodes = [(t, list(y))]
    H = H0
    expo = mpmath.mpf(1) / (2 * k - 1)
    huge = mpmath.mpf(10) ** 60 * max([abs(v) for v in y] + [mpmath.mpf(1)])  # growth beyond this = blow-up
    for _ in range(max_steps):
        if t >= t_end:
            return nodes
        last = t + H >= t_end
        h = t_end - t if last else H
        fy = f(y)
        ynew, err = _gbs_step(f, y, fy, h, k)
        scale = max([abs(v) for v in ynew] + [mpmath.mpf(1)])
        # a trial step too long for the midpoint rule (stiff decay) can overflow: a rejection, not a blow-up
        wild = not mpmath.isfinite(scale) or scale > huge or not mpmath.isfinite(err)
        rel = mpmath.inf if wild else err / scale
        if rel <= tol:
            t = t_end if last else t + h
            y = ynew
            nodes.append((t, list(y)))
            fac = mpmath.mpf(4) if rel == 0 else min(mpmath.mpf(4), mpmath.mpf("0.8") * (tol / rel) ** expo)
            H = max(h, H) * fac if last else h * fac
        else:
            H = h * (mpmath.mpf("0.2") if wild else max(mpmath.mpf("0.2"), mpmath.mpf("0.8") * (tol / rel) ** expo))
            if H <= max(abs(t), abs(t_end)) * mpmath.eps * 2 ** 8:
                raise StepUnderflow(
                    f"the solution blows up near t={mpmath.nstr(t, 10)} (|y| > 1e60 |y(0)| on every step tried): stop "
                    "before that time" if wild else f"step size underflow at t={mpmath.nstr(t, 10)}; the solution "
                    "is singular near there: stop before that time")
    raise MaxStepsReached(f"max_steps={max_steps} reached by extrapolation at t={mpmath.nstr(t, 10)}; the "
                         "solution may blow up before T: shorten T or pass a larger max_steps")


def extrapolate(f: Callable, y0, T, dps: int | None = None, *, out: Callable | None = None,
                         measure_digits: bool = True, label: str = "extrapolation", max_steps: int = 20000):
    r"""Integrate :math:`\dot y = f(y)` (``f`` numeric) by GBS extrapolation; a :class:`Solution` with dense output.

    ``y0``: exact numbers, or a callable returning the initial state at the current precision.
    ``out`` maps the state to the reported quantity (e.g. :math:`\theta = \nabla R^{-1}(\eta)`); ``y1`` and the dense
    output report ``out(y)``.  ``digits``: agreement of ``out(y(T))`` with a rerun at ``max(2 dps, dps + 20)``
    digits and tolerance (precision doubling).
    """
    check_max_steps(max_steps)
    dps = check_dps(dps)
    T = exact_number(T, "T")
    out = out or (lambda y: list(y))

    def run(d: int):
        wp = d + GUARD_DPS
        k = min(24, max(6, d // 4 + 3))
        with mpmath.workdps(wp):
            Tm = to_mpf(T)
            tol = mpmath.mpf(10) ** (-(d + 3))
            start = y0() if callable(y0) else [to_mpf(v) for v in y0]
            nodes = _integrate_nodes(f, start, Tm, tol, k, Tm / 4, max_steps)
        return nodes, k, wp

    nodes, k, wp = run(dps)
    ts = [t for t, _ in nodes]

    def dense(te: sympy.Expr):
        with mpmath.workdps(wp):
            tv = to_mpf(te)
            i = max(0, min(len(ts) - 1, int(sum(1 for s in ts if s <= tv)) - 1))
            t_i, y_i = nodes[i]
            h = tv - t_i
            if h == 0:
                y = y_i
            else:
                tol = mpmath.mpf(10) ** (-(dps + 3))
                y = _integrate_nodes(f, y_i, h, tol, k, h, max_steps)[-1][1]
            val = out(y)
        with mpmath.workdps(dps):
            return tuple(+mpmath.mpf(v) for v in val)

    with mpmath.workdps(wp):
        y1_full = out(nodes[-1][1])
    digits = reference = None
    if measure_digits:
        d2 = max(2 * dps, dps + 20)
        nodes2, _, wp2 = run(d2)
        with mpmath.workdps(wp2):
            ref = out(nodes2[-1][1])
            digits = agreeing_digits(y1_full, ref, cap=dps)
        with mpmath.workdps(dps):
            reference = tuple(+mpmath.mpf(v) for v in ref)
    with mpmath.workdps(dps):
        y1 = tuple(+mpmath.mpf(v) for v in y1_full)
        return Solution(t0=mpmath.mpf(0), t1=to_mpf(T), y1=y1, dps=dps, method=f"{label}(k={k})",
                        steps=len(nodes) - 1, digits=digits, reference=reference, ts=tuple(ts), dense=dense)
