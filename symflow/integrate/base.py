"""The shared interface of symflow's integrators and the :class:`Solution` they return.

An integrator solves the autonomous initial-value problem

.. math:: \\dot y = f(y), \\qquad y(t_0) = y_0, \\qquad f = (f_1, \\dots, f_D) \\text{ given as SymPy expressions},

from :math:`t_0` to :math:`t_1` (either direction, where the method allows it) at ``dps`` significant digits.
Every integrator works internally at ``working_bits(dps)`` bits (at least 6 guard digits) on ``gmpy2.mpfr`` (or
``mpz`` fixed point for the Taylor jet of a polynomial system, or mpmath for the odefun wrapper) and returns ``mpmath.mpf`` values rounded to ``dps`` digits.  Inputs enter
exactly: integers, SymPy Rationals, ``fractions.Fraction``, decimal or ``p/q`` strings and ``mpmath.mpf`` (a
dyadic rational) are converted without error; other SymPy constants (``sqrt(2)``, ``pi``) are evaluated at the
working precision.  Python floats are refused.

Which integrator shows what (docs/contract.md and docs/internals.md):

* ``TaylorJet`` (taylor.py): Taylor coefficients by automatic differentiation, adaptive order and step
  (Jorba & Zou 2005), dense output.  Its truncation error is controlled; precision doubling measures its digits.
* ``GaussLegendre`` (gauss_legendre.py): collocation, order 2s.  It conserves *quadratic* invariants (such as
  :math:`u_i v_i`) to round-off by construction, so its invariant drift says nothing about its accuracy; its value
  is as an independent second method for the trajectory, and as a sharp falsifier of claimed quadratic invariants.
* ``MpmathOdefun`` (odefun.py): ``mpmath.odefun``, a third opinion on short horizons; forward in time only and slow.
"""

from __future__ import annotations

import abc
import bisect
import fractions
import numbers
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Mapping, Sequence, Union

import gmpy2
import mpmath
import sympy

from ..errors import InvalidArgument
from ..precision import GUARD_DPS
from ..validation import check_dps, exact_number
from . import _codegen

__all__ = ["AbstractIntegrator", "Solution", "ExactNumber", "MpVector", "working_bits", "System", "compile_system",
           "prepare", "to_mpfr", "mpfr_to_mpf", "mpf_to_mpfr", "dense_from_steps"]

ExactNumber = Union[int, sympy.Rational, fractions.Fraction, str, mpmath.mpf]  # what y0, t0, t1, params accept
MpVector = tuple  # tuple[mpmath.mpf, ...]


def working_bits(dps: int) -> int:
    """Binary precision used internally for ``dps`` digits: ``dps log2(10)`` plus at least 20 guard bits (6 digits),
    rounded up to whole 64-bit limbs (MPFR's cost is per limb, so the rounding is free accuracy): 30 digits ->
    128 bits, 50 -> 192, 100 -> 384."""
    return -(-((dps * 3322 + 999) // 1000 + 20) // 64) * 64


# ---------------------------------------------------------------- exact conversion at the boundaries

def _exact(value: Any, name: str) -> sympy.Expr:
    """``value`` as an exact SymPy number (Rational, or a real constant such as ``sqrt(2)``): the shared rule of
    :func:`symflow.validation.exact_number`."""
    return exact_number(value, name)


def to_mpfr(value: sympy.Expr):
    """An exact SymPy number as ``gmpy2.mpfr``, correctly rounded in the current gmpy2 context."""
    if value.is_Rational:
        return gmpy2.mpfr(gmpy2.mpq(int(value.p), int(value.q)))
    prec = gmpy2.get_context().precision + 16
    with mpmath.workprec(prec):
        f = sympy.Float(value.evalf(n=int(prec * 0.30103) + 5))
        sign, man, exp, _ = f._mpf_
    return gmpy2.mpfr(gmpy2.mul_2exp(gmpy2.mpfr(gmpy2.mpz((-1) ** sign * man), prec), int(exp)))


def mpfr_to_mpf(x) -> mpmath.mpf:
    """``gmpy2.mpfr`` -> ``mpmath.mpf`` exactly, then rounded to the current mpmath precision."""
    if not gmpy2.is_finite(x):
        return mpmath.mpf(str(x))
    man, exp = x.as_mantissa_exp()
    return mpmath.mpf((int(man), int(exp)))


def mpf_to_mpfr(x):
    """``mpmath.mpf`` -> ``gmpy2.mpfr`` rounded in the current gmpy2 context."""
    if not isinstance(x, mpmath.mpf):
        x = mpmath.mpmathify(x)
    man, exp = x.man_exp  # never through mpmath.mpf(x): that would round to the ambient mpmath precision
    if man is None or man == 0:
        return gmpy2.mpfr(0)
    m = int(man) * (-1 if x < 0 else 1)
    return gmpy2.mpfr(gmpy2.mul_2exp(gmpy2.mpfr(gmpy2.mpz(m), max(64, abs(m).bit_length() + 1)), int(exp)))


# ---------------------------------------------------------------- a compiled system

@dataclass(frozen=True, eq=False)
class System:
    """A right-hand side compiled once: DAG, generated jet ``_jet(X, C, N)`` and evaluator ``_f(X, C)``."""

    rhs: tuple
    variables: tuple
    program: Any
    jet: Callable
    f: Callable
    jet_source: str

    def consts(self, bits: int) -> list:
        return _const_values(self, bits)


@lru_cache(maxsize=64)
def _const_values(system: System, bits: int) -> list:
    with gmpy2.context(gmpy2.get_context(), precision=bits):
        return [to_mpfr(c) for c in system.program.consts]


@lru_cache(maxsize=64)
def compile_system(rhs: tuple, variables: tuple) -> System:
    """Build (and cache) the generated code for ``rhs`` in ``variables``."""
    prog = _codegen.build_program(rhs, variables)
    src = _codegen.jet_source(prog)
    return System(rhs, variables, prog, _codegen.compile_function(src, "_jet"),
                  _codegen.compile_function(_codegen.eval_source(prog), "_f"), src)


def prepare(rhs, variables, y0, params=None):
    """Validate and normalise user input: ``(rhs tuple with params substituted, variables, exact y0)``."""
    if isinstance(rhs, sympy.Basic) and not isinstance(rhs, sympy.MatrixBase):
        rhs = [rhs]
    if isinstance(variables, sympy.Symbol):
        variables = [variables]
    try:
        rhs = tuple(sympy.sympify(r, strict=True) for r in rhs)
    except (sympy.SympifyError, TypeError):
        raise InvalidArgument("rhs must be a sequence of SymPy expressions (build them with sympy, not strings)") \
            from None
    for r in rhs:
        floats = sorted(map(str, r.atoms(sympy.Float)))
        if floats:
            raise InvalidArgument(f"rhs {r} contains the float(s) {', '.join(floats)}, whose binary rounding would cap "
                                  "the accuracy; write constants as sympy.Rational (e.g. Rational(1, 10))")
    variables = tuple(variables)
    if not all(isinstance(v, sympy.Symbol) for v in variables) or len(set(variables)) != len(variables):
        raise InvalidArgument(f"variables={variables!r} must be distinct sympy.Symbol objects")
    if len(rhs) != len(variables):
        raise InvalidArgument(
            f"rhs has {len(rhs)} components but variables has {len(variables)}; give one equation per variable")
    y0 = tuple(y0) if not isinstance(y0, (str, numbers.Number, mpmath.mpf, sympy.Basic)) else (y0,)
    if len(y0) != len(variables):
        raise InvalidArgument(f"y0 has {len(y0)} entries but variables has {len(variables)}; give one per variable")
    y0 = tuple(_exact(v, f"y0[{i}]") for i, v in enumerate(y0))
    if params:
        sub = {}
        for k, v in params.items():
            if not isinstance(k, sympy.Symbol):
                raise InvalidArgument(f"params key {k!r} ({type(k).__name__}) must be a sympy.Symbol")
            if k in variables:
                raise InvalidArgument(f"params key {k} is also a variable; a symbol is either a state or a parameter")
            sub[k] = _exact(v, f"params[{k}]")
        rhs = tuple(r.xreplace(sub) for r in rhs)
    return rhs, variables, y0


# ---------------------------------------------------------------- the result

_validate_dps = check_dps  # shared validation (symflow.validation)


@dataclass(frozen=True)
class Solution:
    """The solution of :math:`\\dot y = f(y)` from ``t0`` to ``t1``.

    ``y1`` is :math:`y(t_1)` rounded to ``dps`` digits; ``digits`` is the number of significant digits (relative to
    the largest component) on which ``y1`` agrees with ``reference``, a recomputation at ``max(2 dps, dps + 20)``
    digits (``None`` when ``measure_digits=False``); ``ts`` are the step times.  Calling the solution at a time
    between ``t0`` and ``t1`` evaluates the dense output (Taylor polynomials of the steps), ``sample(n)`` gives
    ``n`` equally spaced points for plotting.
    """

    t0: mpmath.mpf
    t1: mpmath.mpf
    y1: MpVector
    dps: int
    method: str
    steps: int
    digits: int | None = None
    reference: MpVector | None = None
    ts: tuple = ()
    dense: Callable | None = field(default=None, repr=False, compare=False)

    def __call__(self, t) -> MpVector:
        if self.dense is None:
            raise InvalidArgument(
                f"method={self.method!r} keeps no dense output; solve with method='taylor' to evaluate at any t")
        te = _exact(t, "t")
        with mpmath.workdps(self.dps + GUARD_DPS):
            lo, hi = sorted((self.t0, self.t1))
            tv = mpmath.mpf(te.p) / te.q if te.is_Rational else mpmath.mpf(te.evalf(self.dps + GUARD_DPS))
            if not (lo - mpmath.mpf(10) ** (-self.dps) <= tv <= hi + mpmath.mpf(10) ** (-self.dps)):
                raise InvalidArgument(f"t={t} lies outside [{mpmath.nstr(lo, 8)}, {mpmath.nstr(hi, 8)}]; "
                                      "dense output does not extrapolate: solve to a later t1")
        return self.dense(te)

    def sample(self, n: int = 200) -> tuple[list, list]:
        """``n >= 2`` equally spaced times from ``t0`` to ``t1`` and the states there: ``(ts, ys)``."""
        if not isinstance(n, int) or n < 2:
            raise InvalidArgument(f"n={n!r} ({type(n).__name__}) must be an integer >= 2")
        with mpmath.workdps(self.dps + GUARD_DPS):
            t0 = _exact(self.t0, "t0")
            t1 = _exact(self.t1, "t1")
        times = [t0 + (t1 - t0) * sympy.Rational(i, n - 1) for i in range(n)]
        ys = [self(t) for t in times]
        with mpmath.workdps(self.dps):
            return [mpmath.mpf(t.p) / t.q for t in times], ys


class AbstractIntegrator(abc.ABC):
    """An integration method for :math:`\\dot y = f(y)`.

    Attributes:
        name: the method's name as used by ``solve(method=...)``.
        order: the classical order of the method (``None`` for adaptive-order methods such as the Taylor jet).
        backward: whether ``t1 < t0`` is allowed.
    """

    name: str = ""
    order: int | None = None
    backward: bool = True

    @abc.abstractmethod
    def integrate(self, rhs: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol], y0: Sequence[ExactNumber],
                  t1: ExactNumber, *, t0: ExactNumber = 0, dps: int | None = None,
                  params: Mapping | None = None, max_steps: int = 100000) -> Solution:
        """Integrate once at ``dps`` digits; the returned Solution has ``digits=None`` (not measured)."""

    def _check_times(self, t0, t1):
        t0, t1 = _exact(t0, "t0"), _exact(t1, "t1")
        if not self.backward and t1 < t0:
            raise InvalidArgument(f"t1={t1} < t0={t0}: method {self.name!r} integrates forward only; "
                                  "use method='taylor' for backward time")
        return t0, t1


def dense_from_steps(starts: list, hs: list, jets: list, bits: int, dps: int):
    """Dense output from per-step Taylor polynomials: ``y(t) = sum_m y_m (t - t_start)^m`` on the step holding t."""

    def dense(t_exact: sympy.Expr) -> MpVector:
        with gmpy2.context(gmpy2.get_context(), precision=bits):
            t = to_mpfr(t_exact)
            forward = len(hs) == 0 or hs[0] >= 0
            if forward:
                i = max(0, bisect.bisect_right(starts, t) - 1)
            else:
                neg = [-s for s in starts]
                i = max(0, bisect.bisect_right(neg, -t) - 1)
            tau = t - starts[i]
            vals = [_horner(s, tau) for s in jets[i]]
        with mpmath.workdps(dps):
            return tuple(+mpfr_to_mpf(v) for v in vals)

    return dense


def _horner(coeffs, h):
    acc = coeffs[-1]
    for c in reversed(coeffs[:-1]):
        acc = acc * h + c
    return acc
