"""heyoka, the compiled Taylor integrator, as the benchmark's peer: its system built from a reference problem.

heyoka is given its best form of each problem, at symflow's working precision and tolerance:

* constants are correctly rounded ``hy.real`` numbers at the working precision (``hy.from_sympy`` refuses
  non-dyadic rationals, and a quotient ``real(p)/real(q)`` would be a node of the expression graph);
* a least-squares problem is written the way one writes it by hand, :math:`r = X\\theta - y`,
  :math:`g = 2X^\\top r` (O(nd) per Taylor order), not as the expanded :math:`A\\theta - b` (O(d^2));
  on S50 this is 2.8 s against 8.2 s for the expanded form (heyoka 7.13, 50 digits);
* sums and products are ``hy.sum`` / ``hy.prod`` (heyoka's own n-ary nodes).
"""

from __future__ import annotations

import importlib.util

import gmpy2
import sympy

__all__ = ["load", "heyoka_system"]


def load():
    """The heyoka module, or None when it is not installed (it is an optional peer)."""
    if importlib.util.find_spec("heyoka") is None:
        return None
    import heyoka

    return heyoka


def _const(hy, q, bits: int):
    """The rational ``q`` correctly rounded to ``bits`` bits, as a heyoka constant expression."""
    with gmpy2.context(gmpy2.get_context(), precision=bits):
        man, exp = gmpy2.mpfr(gmpy2.mpq(int(q.p), int(q.q))).as_mantissa_exp()
    value = hy.real(int(man), bits)
    if exp:
        value = value * hy.real(2, bits) ** int(exp)  # a power of two: exact
    return hy.expression(value)


def _convert(hy, expr, varmap, bits, memo):
    if expr in memo:
        return memo[expr]
    if expr.is_Symbol:
        out = varmap[expr]
    elif expr.is_Rational:
        out = _const(hy, expr, bits)
    elif expr.is_Add or expr.is_Mul:
        parts = [_convert(hy, a, varmap, bits, memo) for a in expr.args]
        out = hy.sum(parts) if expr.is_Add else hy.prod(parts)
    elif expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        out = hy.prod([_convert(hy, expr.base, varmap, bits, memo)] * int(expr.exp))
    else:
        out = hy.from_sympy(expr, s_dict=dict(varmap))
    memo[expr] = out
    return out


def _least_squares(hy, p, varmap, bits):
    ls = p.least_squares
    L, n, d = ls.depth, len(ls.X), len(ls.X[0])
    u = [[varmap[p.variables[j * d + i]] for i in range(d)] for j in range(L)]
    theta = [hy.prod([u[j][i] for j in range(L)]) for i in range(d)]
    r = [hy.sum([_const(hy, ls.X[a][i], bits) * theta[i] for i in range(d) if ls.X[a][i] != 0])
         - _const(hy, ls.y[a], bits) for a in range(n)]
    two = _const(hy, sympy.Integer(2), bits)
    g = [two * hy.sum([_const(hy, ls.X[a][i], bits) * r[a] for a in range(n) if ls.X[a][i] != 0])
         for i in range(d)]
    return [-hy.prod([u[k][i] for k in range(L) if k != j]) * g[i] for j in range(L) for i in range(d)]


def heyoka_system(hy, p, bits: int):
    """``(system, form)``: heyoka's ``[(var, rhs), ...]`` for problem ``p`` and a note saying which form."""
    names = [hy.make_vars(str(v)) for v in p.variables]
    varmap = dict(zip(p.variables, names))
    if p.least_squares is not None:
        rhs = _least_squares(hy, p, varmap, bits)
        form = "factored r = X theta - y, g = 2 X^T r"
    else:
        memo: dict = {}
        rhs = [_convert(hy, r, varmap, bits, memo) for r in p.rhs]
        form = "from the SymPy rhs"
    return list(zip(names, rhs)), form
