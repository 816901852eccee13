"""The Taylor method of ``taylor.py`` on fixed-point integers, for polynomial right-hand sides.

Same order (Jorba-Zou), same step rule and tolerance as :class:`~symflow.integrate.taylor.TaylorJet`'s ``mpfr``
engine; only the arithmetic differs.  Every number is an integer :math:`Y = \\lfloor y\\, 2^F \\rceil` with
:math:`F` = ``working_bits(dps)`` + 8 (``gmpy2.mpz``): sums and products of integers are exact, and each node
of the DAG rounds once per order (``_fixedgen``).  The precision is therefore *absolute*, :math:`2^{-F}`, which
matches the step control: the truncation error is held below :math:`\\varepsilon \\max(1, \\|y\\|_\\infty)`, i.e.
absolutely for states below 1, as in the ``mpfr`` engine.

The jet is the scaled one, :math:`\\hat y_k = y_k \\eta^k`, with :math:`\\eta` the step the previous step's
coefficients asked for (the first step: :math:`\\min(1, |t_1 - t_0|)`); the step taken is
:math:`h \\le \\eta` and the new state is :math:`\\sum_k \\hat y_k (h/\\eta)^k`, so no coefficient error is
amplified.  Scaled coefficients shrink with the order (about 2.9 bits per order with the Jorba-Zou step), so
the last orders need few bits: once every state coefficient is within :math:`2^{40}` of the tolerance, the rest of
the jet runs on Python floats (``_fixedgen``, "the float tail"; about a third of the Cauchy terms at 50 digits).

Measured on S50 (150 states, 50 digits): 2.0 s of CPU against 4.9 s for the ``mpfr`` engine and 2.6 s for
heyoka, with the same measured digits; see ``benchmarks/README.md``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import gmpy2
import mpmath

from ..errors import MaxStepsReached, PrecisionError
from ._fixedgen import compile_fixed_jet, output_weights
from .base import to_mpfr

__all__ = ["run_fixed", "FRACTION_GUARD_BITS", "max_steps_error"]

FRACTION_GUARD_BITS = 8  # F = working_bits + this: room for the one-ulp floor of each node and order
# the next guess: a little above the step this jet asked for (S50: 2 made larger integers, 1 took 6 more steps)
_ETA_MARGIN = 1.15
_MAX_GROWTH_BITS = 4096  # a state this many bits above 2^F is a blow-up
_FLOAT_TAIL_MAX_F = 300  # products of the float tail stay far below 2^1023


def _fixed(q, F: int):
    """An exact SymPy number as the nearest integer to ``q 2^F`` (irrational constants evaluated at F + 32
    bits first)."""
    if q.is_Rational:
        return gmpy2.mpz(round(Fraction(int(q.p), int(q.q)) * (1 << F)))
    with gmpy2.context(gmpy2.get_context(), precision=F + 32):
        return gmpy2.mpz(gmpy2.rint(gmpy2.mul_2exp(to_mpfr(q), F)))


def _to_mpf(v, F: int) -> mpmath.mpf:
    return mpmath.mpf((int(v), -F))


def _weights(kinds, consts, eta, F: int, p: int) -> list:
    """``W[w][k] = round(w eta 2^F / (k + 1))`` for each weight constant ``w`` (1, -1, or a fused constant)."""
    out = []
    for kind in kinds:
        num = eta if kind is None else -eta if kind == "neg" else (consts[kind] * eta) >> F
        out.append([(num + (k + 1) // 2) // (k + 1) if num >= 0 else -((-num + (k + 1) // 2) // (k + 1))
                    for k in range(p)])
    return out


def _horner(coeffs, R, F: int):
    """``sum_k c_k r^k`` with ``r = R / 2^F``."""
    if R == 1 << F:
        return sum(coeffs)
    acc = coeffs[-1]
    for c in reversed(coeffs[:-1]):
        acc = ((acc * R) >> F) + c
    return acc


def _log2(v) -> float:
    """log2 of a positive integer of any size."""
    n = int(v).bit_length()
    return n - 64 + math.log2(int(v) >> (n - 64)) if n > 64 else math.log2(int(v))


def _step_ratio(jet, x, F: int, p: int, safety: float) -> float:
    """:math:`\\rho\\, e^{-2 - 0.7/(p-1)} / \\eta` from the last two scaled coefficients.

    When both are 0 (below :math:`2^{-F}`: the series ends, or its terms fall below one unit at this
    :math:`\\eta`), the guess was safe and may grow: 2 (the ``mpfr`` engine's estimate would be at least
    :math:`2^{F/p} e^{-2} > 1`)."""
    scale = max(1 << F, max(abs(v) for v in x))
    lg = None
    for order in (p - 1, p):
        n = max(abs(s[order]) for s in jet)
        if n:
            r = (_log2(scale) - _log2(n)) / order
            lg = r if lg is None else min(lg, r)
    if lg is None:
        return 2.0
    return 2.0 ** min(lg, 1000.0) * safety


def max_steps_error(max_steps: int, t, t1e) -> MaxStepsReached:
    """The error of a Taylor run that used up ``max_steps`` at time ``t`` (shared with the mpfr engine)."""
    return MaxStepsReached(f"max_steps={max_steps} reached at t={mpmath.nstr(t, 10)} before t1={t1e}; the solution "
                          "may blow up there: pass a shorter t1 or a larger max_steps")


@lru_cache(maxsize=64)
def _fixed_jet(system):
    return compile_fixed_jet(system.program)


def _tail_start(F: int, p: int, tol_dps: int) -> tuple[int, int]:
    """``(KMIN, LIM)`` of the generated jet: from order p/2 on, once every state coefficient is below
    :math:`2^{F - b + 40}` ulps (:math:`2^{-b}` the tolerance :math:`10^{-\\mathrm{tol\\_dps}}`), the rest of the
    jet runs on floats.  Their rounding, :math:`2^{-53}` of terms that small, is :math:`2^{-13}` of the tolerance
    (room for sums of up to p terms and for cancellation).  Off where floats could overflow (:math:`F > 300`,
    beyond about 80 digits)."""
    if F > _FLOAT_TAIL_MAX_F:
        return p, 0
    tol_bits = math.ceil(tol_dps * math.log2(10))
    return p // 2, 1 << max(0, F - tol_bits + 40)


def run_fixed(system, y0, t0e, t1e, dps: int, p: int, bits: int, max_steps: int, dense: bool, tol_dps: int):
    """Integrate the compiled polynomial ``system`` from ``t0e`` to ``t1e``; returns
    ``(t0, y1, ts, steps, dense_fn)`` with ``t0``, ``y1``, ``ts`` as ``mpmath.mpf`` rounded to ``dps`` digits."""
    F = bits + FRACTION_GUARD_BITS
    jet_fn = _fixed_jet(system)
    consts = [_fixed(c, F) for c in system.program.consts]
    kinds = output_weights(system.program)
    safety = math.exp(-2.0 - 0.7 / (p - 1))
    kmin, lim = _tail_start(F, p, tol_dps)
    x = [_fixed(v, F) for v in y0]
    T, T1 = _fixed(t0e, F), _fixed(t1e, F)
    sign = 1 if T1 >= T else -1
    eta = gmpy2.mpz(min(1 << F, abs(T1 - T)))
    starts, etas, jets = [], [], []
    steps, done = 0, T == T1
    while not done:
        if steps >= max_steps:
            raise max_steps_error(max_steps, _to_mpf(T, F), t1e)
        jet = jet_fn(x, consts, p, F, _weights(kinds, consts, sign * eta, F, p), kmin, lim)
        ratio = _step_ratio(jet, x, F, p, safety)
        remaining = abs(T1 - T)
        H = min(eta, int(eta * ratio) if ratio < 2.0 ** 60 else eta)
        if H >= remaining:
            H, done = remaining, True
        if not done and (H <= 0 or H <= abs(T) >> (bits - 8)):
            raise PrecisionError(f"step size underflow at t={mpmath.nstr(_to_mpf(T, F), 10)}; the solution is "
                                 f"singular near there: stop before that time or raise dps={dps}")
        if dense:
            starts.append(T)
            etas.append(sign * eta)
            jets.append(jet)
        R = (H << F) // eta
        x = [_horner(s, R, F) for s in jet]
        T = T1 if done else T + sign * H
        steps += 1
        if max(abs(v) for v in x).bit_length() > F + _MAX_GROWTH_BITS:
            raise PrecisionError(f"state beyond 2^{_MAX_GROWTH_BITS} at t={mpmath.nstr(_to_mpf(T, F), 10)}; "
                                 "the solution blows up: stop before that time")
        if not done:
            eta = gmpy2.mpz(max(1, min(int(eta * ratio * _ETA_MARGIN), abs(T1 - T))))
    with mpmath.workdps(dps):
        y1 = tuple(+_to_mpf(v, F) for v in x)
        ts = tuple(+_to_mpf(v, F) for v in starts + [T1])
        t0 = +_to_mpf(_fixed(t0e, F), F)
    return t0, y1, ts, steps, (_dense(starts, etas, jets, F, dps) if dense and steps else None)


def _dense(starts: list, etas: list, jets: list, F: int, dps: int):
    """Dense output: on the step starting at ``T_n`` with guess ``eta_n``, ``y(t) = sum_k yhat_k ((t-T_n)/eta_n)^k``."""
    forward = etas[0] > 0

    def dense(t_exact) -> tuple:
        T = _fixed(t_exact, F)
        keys = starts if forward else [-s for s in starts]
        lo, hi = 0, len(keys)
        key = T if forward else -T
        while lo < hi:  # last start <= t
            mid = (lo + hi) // 2
            if keys[mid] <= key:
                lo = mid + 1
            else:
                hi = mid
        i = max(0, lo - 1)
        R = ((T - starts[i]) << F) // etas[i]
        with mpmath.workdps(dps):
            return tuple(+_to_mpf(_horner(s, R, F), F) for s in jets[i])

    return dense
