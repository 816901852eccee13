"""First integrals of the gradient fields by the method of characteristics (separable reduction, ``dsolve`` for
two variables), time-bounded; the engine the leaf charts of :mod:`symflow.potentials` use too."""

from __future__ import annotations


import sympy

from ..errors import InvalidArgument, TimeLimitExceeded
from ..validation import time_limit
from ..parameterization import Parameterization, check_parameterization


# --------------------------------------------------------------------------------------------------------------
# first integrals of the gradient fields (transcendental laws)
# --------------------------------------------------------------------------------------------------------------
_FIRST_INTEGRAL_SECONDS = 10  # budget of each SymPy integration / dsolve of the first-integral route


def separable_first_integral(g: sympy.Expr, p: sympy.Symbol, pivot: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr]:
    r"""The law of one output g in the pair (p, pivot) when the characteristic equation separates.

    Along :math:`\nabla g`, :math:`dx_p/dx_k = \partial_p g/\partial_k g` (k = pivot).  When this ratio is
    :math:`c\,a(x_p)\,b(x_k)`, integrating :math:`dx_p/a(x_p) = c\,b(x_k)\,dx_k` gives :math:`F_p(x_p) - F_k(x_k)`
    constant, :math:`F_p = \int dx_p/a`, :math:`F_k = c\int b\,dx_k` (the method of characteristics for the linear
    PDE :math:`\langle\nabla h, \nabla g\rangle = 0`).  This is the engine of the leaf charts of
    :mod:`symflow.potentials` as well.

    Returns:
        ``(F_p, F_k)`` with the law :math:`F_p(x_p) - F_k(x_k)`.

    Raises:
        InvalidArgument: the ratio involves other variables or does not separate, or SymPy leaves an integral
            unevaluated within the time budget.
    """
    r = sympy.cancel(sympy.diff(g, p) / sympy.diff(g, pivot))
    if r.free_symbols - {p, pivot}:
        raise InvalidArgument(f"d{p} g / d{pivot} g = {r} involves other variables; the characteristic in "
                              f"({p}, {pivot}) does not close")
    sep = sympy.separatevars(r, [p, pivot], dict=True)
    if sep is None:
        raise InvalidArgument(f"d{p}/d{pivot} = {r} does not separate")
    try:
        with time_limit(_FIRST_INTEGRAL_SECONDS):
            Fp = sympy.integrate(1 / sep[p], p)
            Fk = sep["coeff"] * sympy.integrate(sep[pivot], pivot)
    except TimeLimitExceeded:
        raise InvalidArgument(f"the integrals of d{p}/d{pivot} = {r} took longer than "
                              f"{_FIRST_INTEGRAL_SECONDS} s") from None
    if Fp.has(sympy.Integral) or Fk.has(sympy.Integral):
        raise InvalidArgument(f"SymPy leaves the integrals of d{p}/d{pivot} = {r} unevaluated")
    return Fp, Fk


def _characteristic_integral(g: sympy.Expr, x: sympy.Symbol, y: sympy.Symbol) -> sympy.Expr | None:
    """Two variables, non-separable: the first integral of dy/dx = d_y g / d_x g by ``dsolve`` (time-bounded)."""
    f = sympy.Function("f")
    C1 = sympy.Symbol("C1")
    r = sympy.cancel(sympy.diff(g, y) / sympy.diff(g, x))
    try:
        with time_limit(_FIRST_INTEGRAL_SECONDS):
            sols = sympy.dsolve(sympy.Eq(f(x).diff(x), r.xreplace({y: f(x)})), f(x))
            for sol in (sols if isinstance(sols, list) else [sols]):
                eq = sympy.Eq(sol.lhs.xreplace({f(x): y}), sol.rhs.xreplace({f(x): y}))
                for c in sympy.solve(eq, C1):
                    if not c.has(C1) and c.free_symbols <= {x, y}:
                        return c
    except (TimeLimitExceeded, NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    return None


def first_integrals(G: Parameterization) -> list[sympy.Expr]:
    r"""Laws found by the method of characteristics, one output at a time (any smooth G, polynomial or not).

    For each output whose parameters no other output uses (a separable G, or d = 1), every parameter p is paired
    with the block's first parameter k whose partial derivative is not 0: :func:`separable_first_integral` when the
    characteristic separates, else (two parameters) ``sympy.dsolve`` on :math:`dx_p/dx_k = \partial_p g/
    \partial_k g`.  Outputs that share parameters give no law here (the law must be orthogonal to every
    :math:`\nabla G_i`).  Each candidate still has to pass :func:`check_law`; duplicates are not removed here.
    """
    check_parameterization(G)
    seen: dict = {}
    for g in G.outputs:
        for s in g.free_symbols:
            seen[s] = seen.get(s, 0) + 1
    out = []
    for g in G.outputs:
        block = [p for p in G.params if p in g.free_symbols]
        if any(seen[p] > 1 for p in block) or len(block) < 2:
            continue
        pivot = next((p for p in block if sympy.diff(g, p) != 0), None)
        for p in block:
            if p == pivot:
                continue
            try:
                Fp, Fk = separable_first_integral(g, p, pivot)
                out.append(Fp - Fk)
            except InvalidArgument:
                h = _characteristic_integral(g, pivot, p) if len(block) == 2 else None
                if h is not None:
                    out.append(h)
    return out


