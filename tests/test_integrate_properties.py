"""Property tests of the generated Taylor jets: coefficients equal the exact Lie-series coefficients.

For :math:`\\dot y = f(y)` the Taylor coefficients at a point are :math:`y_k = (L_f^k \\mathrm{id})(y_0) / k!` with
:math:`L_f g = \\nabla g \\cdot f` (Lie derivative); SymPy computes them exactly, the jet in floating point.
"""

from __future__ import annotations

import gmpy2
import mpmath
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symflow.integrate import solve
from symflow.integrate.base import compile_system, to_mpfr

X, Y = sympy.symbols("X Y")
_ATOMS = [X, Y, X * Y, X**2, Y**3, sympy.Integer(1)]


def _lie_coefficients(rhs, point, n):
    vs = (X, Y)
    out = [[sympy.Rational(p) for p in point]]
    gs = list(vs)
    for k in range(1, n + 1):
        gs = [sum(sympy.diff(g, v) * r for v, r in zip(vs, rhs)) for g in gs]
        out.append([g.subs(dict(zip(vs, point))) / sympy.factorial(k) for g in gs])
    return out


exprs = st.lists(st.tuples(st.integers(-3, 3), st.sampled_from(_ATOMS)), min_size=1, max_size=4).map(
    lambda terms: sum((c * a for c, a in terms), sympy.Integer(0)))
funcs = st.sampled_from([lambda e: e, sympy.exp, lambda e: sympy.sqrt(4 + e**2), lambda e: 1 / (3 + e**2),
                         sympy.sin, sympy.atan, lambda e: sympy.log(2 + e**2)])


@settings(deadline=None, max_examples=12)
@given(f1=exprs, f2=exprs, h=funcs, x0=st.fractions(-1, 1, max_denominator=5),
       y0=st.fractions(-1, 1, max_denominator=5))
def test_jet_coefficients_equal_lie_series(f1, f2, h, x0, y0):
    rhs = (h(f1), f2)
    n = 4
    exact = _lie_coefficients(rhs, (x0, y0), n)
    system = compile_system(rhs, (X, Y))
    with gmpy2.context(gmpy2.get_context(), precision=200):
        jet = system.jet([to_mpfr(sympy.Rational(x0)), to_mpfr(sympy.Rational(y0))], system.consts(200), n)
        for k in range(n + 1):
            for comp in range(2):
                want = to_mpfr(exact[k][comp])
                err = abs(jet[comp][k] - want)
                assert err <= gmpy2.mpfr(2) ** -150 * max(1, abs(want)), (k, comp, jet[comp][k], exact[k][comp])


@settings(deadline=None, max_examples=10)
@given(a=st.fractions(-2, 2, max_denominator=7), y0=st.fractions(-3, 3, max_denominator=7),
       t1=st.fractions(-2, 2, max_denominator=4))
def test_linear_flow_matches_exponential(a, y0, t1):
    y = sympy.Symbol("y")
    sol = solve([sympy.Rational(a) * y], [y], [y0], t1, dps=30)
    with mpmath.workdps(40):
        exact = mpmath.mpf(y0.numerator) / y0.denominator * mpmath.exp(
            mpmath.mpf(a.numerator) / a.denominator * mpmath.mpf(t1.numerator) / t1.denominator)
        assert abs(sol.y1[0] - exact) <= mpmath.mpf(10) ** -28 * max(1, abs(exact))
    assert sol.digits >= 28 or y0 == 0
