"""``mpmath.odefun`` as a third opinion on short horizons.

``mpmath.odefun`` (mpmath 1.3, ``calculus/odes.py``) is a Taylor method, but not an automatic-differentiation one:
it takes ``degree = 3 + 1.5 dps`` explicit Euler steps of size :math:`2^{-\\mathrm{tol\\_prec}}` at about
``prec * (1 + degree)`` bits and recovers the coefficients by finite differences.  Its step radius is
:math:`\\min_j (\\mathrm{tol}/|c_n|)^{1/n}/2`.

What it can show: an independent implementation agreeing with the Taylor jet (different coefficient algorithm,
different step control).  What it cannot: it integrates forward only (``t1 >= t0``), gives no error estimate, and is
slow (P2 to T = 10: ~3 s at 30 digits, minutes at 100), so the benchmark shortens its horizon at high precision and
says so.  Rational constants are printed by SymPy's mpmath printer as ``mpf(p)/mpf(q)``, so no float enters.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import mpmath
import sympy

from .base import AbstractIntegrator, Solution, _validate_dps, prepare

__all__ = ["MpmathOdefun"]


def _mp(value: sympy.Expr) -> mpmath.mpf:
    if value.is_Rational:
        return mpmath.mpf(int(value.p)) / int(value.q)
    return mpmath.mpmathify(value.evalf(mpmath.mp.dps + 5))


def _segments(fn, depth: int = 0) -> int:
    """Number of Taylor segments mpmath cached (its ``series_data`` list, two closures deep); 0 if not found."""
    for cell in getattr(fn, "__closure__", None) or ():
        c = cell.cell_contents
        if isinstance(c, list) and c and isinstance(c[0], tuple) and len(c[0]) == 3:
            return len(c)
        if callable(c) and depth < 2:
            n = _segments(c, depth + 1)
            if n:
                return n
    return 0


class MpmathOdefun(AbstractIntegrator):
    """Wrapper of ``mpmath.odefun``: forward only, no error estimate, no own digits (use ``solve`` to measure)."""

    name = "odefun"
    order = None  # degree 3 + 1.5 dps, chosen by mpmath
    backward = False

    def integrate(self, rhs: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol], y0, t1, *, t0=0,
                  dps: int | None = None, params: Mapping | None = None, max_steps: int = 100000) -> Solution:
        dps = _validate_dps(dps)
        rhs, variables, y0 = prepare(rhs, variables, y0, params)
        t0e, t1e = self._check_times(t0, t1)
        f = sympy.lambdify(variables, list(rhs), modules="mpmath")  # SymPy's printer, no user text
        with mpmath.workdps(dps):
            ta, tb = _mp(t0e), _mp(t1e)
            sol = mpmath.odefun(lambda t, y: f(*y), ta, [_mp(v) for v in y0])
            y1 = tuple(+v for v in sol(tb))
        steps = _segments(sol)

        def dense(t_exact):
            with mpmath.workdps(dps):
                return tuple(+v for v in sol(_mp(t_exact)))

        return Solution(t0=+_mp(t0e), t1=tb, y1=y1, dps=dps, method=self.name, steps=steps, dense=dense)
