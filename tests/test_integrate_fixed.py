"""Tests of the fixed-point Taylor engine (symflow.integrate.taylor_fixed, _fixedgen) and of the product pairing.

The reference is always an independent computation: closed forms (y' = y, the rotation), the mpfr engine (its
arithmetic is floating point, the fixed engine's is integer), or the same jet without its float tail.
"""

from __future__ import annotations

import os
import subprocess
import sys

import gmpy2
import mpmath
import pytest
import sympy

from symflow.errors import InvalidArgument, PrecisionError
from symflow.integrate import TaylorJet, solve
from symflow.integrate import taylor_fixed as tf
from symflow.integrate._fixedgen import fixed_jet_source, output_weights
from symflow.integrate._pairing import pair_products
from symflow.integrate.base import compile_system, working_bits
from symflow.integrate.problems import problem
from symflow.precision import agreeing_digits

y, x, z = sympy.symbols("y x z")
FIXED = TaylorJet(backend="fixed")


def test_fixed_engine_exp_and_rotation_against_closed_forms():
    e = FIXED.integrate([y], [y], [1], 1, dps=40)
    rot = FIXED.integrate([-z, x], [x, z], [1, 0], 3, dps=40)
    with mpmath.workdps(50):
        assert agreeing_digits(e.y1, [mpmath.e]) >= 39
        assert agreeing_digits(rot.y1, [mpmath.cos(3), mpmath.sin(3)]) >= 38
    back = FIXED.integrate([-z, x], [x, z], rot.y1, 0, t0=3, dps=40)
    with mpmath.workdps(50):
        assert abs(back.y1[0] - 1) < mpmath.mpf(10) ** -37 and abs(back.y1[1]) < mpmath.mpf(10) ** -37


@pytest.mark.parametrize("name, t1", [("P2", 2), ("P1", sympy.Rational(1, 4)), ("S5", sympy.Rational(1, 2))])
def test_fixed_and_mpfr_engines_agree(name, t1):
    p = problem(name)
    a = TaylorJet(backend="fixed").integrate(p.rhs, p.variables, p.y0, t1, dps=30, dense=False)
    b = TaylorJet(backend="mpfr").integrate(p.rhs, p.variables, p.y0, t1, dps=30, dense=False)
    with mpmath.workdps(40):
        assert agreeing_digits(a.y1, b.y1) >= 29
    assert abs(a.steps - b.steps) <= 3  # same order and step rule, a scaled jet


def test_solve_measures_digits_of_the_fixed_engine():
    p = problem("P2")
    sol = solve(p.rhs, p.variables, p.y0, 1, dps=30, method=FIXED)
    assert sol.method == "taylor" and sol.digits >= 28
    u, v = sol.y1[:4], sol.y1[4:]
    with mpmath.workdps(40):
        assert max(abs(ui * vi - mpmath.mpf(1) / 100) for ui, vi in zip(u, v)) < mpmath.mpf(10) ** -29


def test_dense_output_forward_and_backward():
    p = problem("P2")
    sol = FIXED.integrate(p.rhs, p.variables, p.y0, 2, dps=30)
    mid = sympy.Rational(7, 10)
    again = FIXED.integrate(p.rhs, p.variables, p.y0, mid, dps=30, dense=False)
    with mpmath.workdps(40):
        assert agreeing_digits(sol(mid), again.y1) >= 28
        assert agreeing_digits(sol(2), sol.y1) >= 29
    back = FIXED.integrate([y], [y], [1], -2, dps=30)
    with mpmath.workdps(40):
        assert agreeing_digits(back(-1), [mpmath.exp(-1)]) >= 28
        assert agreeing_digits(back(sympy.sqrt(2) - 3), [mpmath.exp(mpmath.sqrt(2) - 3)]) >= 28


def test_irrational_initial_value_and_constant_component():
    sol = FIXED.integrate([y, sympy.Rational(1, 3)], [y, x], [sympy.sqrt(2), 0], 1, dps=30)
    with mpmath.workdps(40):
        assert agreeing_digits(sol.y1, [mpmath.sqrt(2) * mpmath.e, mpmath.mpf(1) / 3]) >= 29


def test_blow_up_is_reported():
    with pytest.raises(PrecisionError):
        FIXED.integrate([y**2], [y], [1], 2, dps=20, max_steps=2000)


def test_backend_choice_and_errors():
    assert TaylorJet().backend_for(compile_system((y,), (y,))) == "fixed"
    assert TaylorJet().backend_for(compile_system((sympy.sin(y),), (y,))) == "mpfr"
    assert TaylorJet().backend_for(compile_system((sympy.sqrt(2) * y,), (y,))) == "mpfr"  # irrational constant
    assert TaylorJet(backend="mpfr").backend_for(compile_system((y,), (y,))) == "mpfr"
    with pytest.raises(InvalidArgument, match="polynomial"):
        TaylorJet(backend="fixed").integrate([sympy.sin(y)], [y], [0], 1, dps=20)
    with pytest.raises(InvalidArgument, match="backend"):
        TaylorJet(backend="flint")


def _jet(p, kmin, lim, dps=50, order=60):
    system = compile_system(p.rhs, p.variables)
    F = working_bits(dps) + tf.FRACTION_GUARD_BITS
    consts = [tf._fixed(c, F) for c in system.program.consts]
    x0 = [tf._fixed(v, F) for v in p.y0]
    eta = gmpy2.mpz((1 << F) // 64)
    weights = tf._weights(output_weights(system.program), consts, eta, F, order)
    return tf._fixed_jet(system)(x0, consts, order, F, weights, kmin, lim), F


@pytest.mark.parametrize("name", ["P2", "S5"])  # P2 has squares and unit-coefficient sums, S5 fused products
def test_float_tail_matches_the_exact_jet(name):
    """Forced on from order 20 whatever the size, the float tail still gives each coefficient to 2^-45 of the
    largest term of its order (53-bit arithmetic with a few roundings); the exact jet is the reference."""
    p = problem(name)
    exact, F = _jet(p, kmin=60, lim=0)
    tail, _ = _jet(p, kmin=20, lim=1 << (2 * F))
    for order in (20, 21, 35, 59):  # loop step k gives the states their coefficient k + 1
        scale = max(abs(s[order]) for s in exact)
        err = max(abs(a[order] - b[order]) for a, b in zip(exact, tail))
        assert (err == 0) == (order <= 20)
        assert err <= scale * 2.0 ** -45 + 2


def test_float_tail_turns_on_only_near_the_tolerance():
    F = working_bits(50) + tf.FRACTION_GUARD_BITS
    kmin, lim = tf._tail_start(F, 60, 51)
    assert kmin == 30 and lim.bit_length() - 1 == F - 170 + 40
    assert tf._tail_start(working_bits(100) + tf.FRACTION_GUARD_BITS, 118, 101)[0] == 118  # off: floats overflow
    src = fixed_jet_source(compile_system(problem("S5").rhs, problem("S5").variables).program)
    assert "if k >= KMIN and max(" in src and "for k in range(k, N):" in src


def test_pairing_shares_products_and_ignores_the_hash_seed():
    p1 = problem("P1")
    prog = compile_system(p1.rhs, p1.variables).program
    assert prog.count("mul") == 47  # as the full-recount greedy pairing it replaced
    a, b, c = sympy.symbols("a b c")
    plan, pairdefs = pair_products([a * b * c + 2 * a * b * c + a * b * x, a * b * z], {a, b, c, x, z})
    assert [set(v) for v in pairdefs.values()] == [{a, b}]  # (a, b) is in three distinct products
    code = ("from symflow.integrate.problems import problem; from symflow.integrate._codegen import build_program;"
            "p = problem('S5'); prog = build_program(p.rhs, p.variables);"
            "print([(n.kind, n.args) for n in prog.nodes if n.kind != 'lin'])")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outs) == 1


def test_start_time_is_kept_to_full_precision_and_empty_interval():
    third = sympy.Rational(1, 3)
    sol = FIXED.integrate([y], [y], [1], 1, t0=third, dps=40)
    with mpmath.workdps(50):
        assert abs(sol.t0 - mpmath.mpf(1) / 3) < mpmath.mpf(10) ** -39
        assert agreeing_digits(sol.y1, [mpmath.exp(mpmath.mpf(2) / 3)]) >= 39
    still = FIXED.integrate([y], [y], [2], third, t0=third, dps=20)
    assert still.steps == 0 and still.y1 == (2,) and still.dense is None
