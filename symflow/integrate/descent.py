"""Discrete gradient descent at high precision, exact when it can be.

.. math:: x_{k+1} = x_k - \\eta\\, \\nabla f(x_k), \\qquad k = 0, \\dots, n-1 .

When every gradient component is a polynomial with rational coefficients and ``x0`` and ``step`` are rational,
the iterates are computed exactly over :math:`\\mathbb Q` (``gmpy2.mpq``) and returned as SymPy Rationals;
otherwise they are computed on ``gmpy2.mpfr`` at ``working_bits(dps)`` bits and returned as ``mpmath.mpf``
rounded to ``dps`` digits.

Limitations: exact iterates of a nonlinear map grow in size geometrically (the bit length of the denominators
roughly multiplies by the degree at each step), so the exact path suits tens of steps, not thousands; pass
``exact=False`` for long runs.
"""

from __future__ import annotations

from typing import Sequence

import gmpy2
import mpmath
import sympy

from ..errors import InvalidArgument
from .base import _exact, _validate_dps, compile_system, mpfr_to_mpf, to_mpfr, working_bits

__all__ = ["gradient_descent"]


def gradient_descent(f_or_grads, variables: Sequence[sympy.Symbol], x0, step, n_steps: int, dps: int | None = None,
                     *, exact: bool | None = None) -> list[tuple]:
    """Iterates :math:`x_0, x_1, \\dots, x_{n}` of gradient descent with step :math:`\\eta` = ``step``.

    Arguments:
        f_or_grads: the objective (a SymPy expression, differentiated here) or its gradient (one expression per
            variable).
        variables: the symbols of x.
        x0, step: exact numbers (int, Rational, Fraction, ``'1/10'``, mpf); no floats.
        n_steps: number of steps (>= 0).
        dps: digits of the inexact path (default: current mpmath precision).
        exact: force (True) or forbid (False) the exact path; default: exact when possible.

    Returns:
        ``n_steps + 1`` tuples: SymPy Rationals on the exact path, mpmath.mpf otherwise.

    >>> import sympy
    >>> x = sympy.Symbol('x')
    >>> gradient_descent(x**2, [x], [1], sympy.Rational(1, 4), 2)[-1]
    (1/4,)
    """
    variables = tuple(variables)
    if isinstance(f_or_grads, sympy.Basic) and not isinstance(f_or_grads, sympy.MatrixBase):
        grads = tuple(sympy.diff(f_or_grads, v) for v in variables)
    else:
        grads = tuple(sympy.sympify(g, strict=True) for g in f_or_grads)
    if len(grads) != len(variables):
        raise InvalidArgument(f"gradient has {len(grads)} components but variables has {len(variables)}; "
                              "give one per variable or pass the objective")
    if isinstance(n_steps, bool) or not isinstance(n_steps, int) or n_steps < 0:
        raise InvalidArgument(f"n_steps={n_steps!r} ({type(n_steps).__name__}) must be an integer >= 0")
    x0 = tuple(_exact(v, f"x0[{i}]") for i, v in enumerate(x0))
    if len(x0) != len(variables):
        raise InvalidArgument(f"x0 has {len(x0)} entries but variables has {len(variables)}")
    eta = _exact(step, "step")
    dps = _validate_dps(dps)
    system = compile_system(grads, variables)
    can_exact = system.program.polynomial and eta.is_Rational and all(v.is_Rational for v in x0)
    if exact and not can_exact:
        raise InvalidArgument("exact=True needs a polynomial gradient with rational coefficients and rational "
                              "x0 and step; pass exact=None")
    if can_exact and exact is not False:
        C = [gmpy2.mpq(int(c.p), int(c.q)) for c in system.program.consts]
        x = [gmpy2.mpq(int(v.p), int(v.q)) for v in x0]
        e = gmpy2.mpq(int(eta.p), int(eta.q))
        out = [x]
        for _ in range(n_steps):
            g = system.f(x, C)
            x = [xi - e * gi for xi, gi in zip(x, g)]
            out.append(x)
        return [tuple(sympy.Rational(int(v.numerator), int(v.denominator)) for v in it) for it in out]
    bits = working_bits(dps)
    with gmpy2.context(gmpy2.get_context(), precision=bits):
        C = system.consts(bits)
        x = [to_mpfr(v) for v in x0]
        e = to_mpfr(eta)
        out = [x]
        for _ in range(n_steps):
            g = system.f(x, C)
            x = [xi - e * gi for xi, gi in zip(x, g)]
            out.append(x)
    with mpmath.workdps(dps):
        return [tuple(+mpfr_to_mpf(v) for v in it) for it in out]
