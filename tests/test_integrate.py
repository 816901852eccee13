"""Tests of symflow.integrate: Taylor jet, Gauss-Legendre, odefun wrapper, gradient descent, solve().

Closed-form reference flows: y' = y (y = e^t), y' = y^2 (y = 1/(1 - t)), the rotation x' = -y, y' = x
(cos t, sin t), y' = e^{-y} (y = log(1 + t)), y' = 1 + y^2 (tan t), y' = 1/cosh y (asinh t), y' = y^{3/2}
((1 - t/2)^{-2}); the P2 invariant u_i v_i = alpha^2 (Woodworth et al. 2020, shared/benchmarks/problems.md).
"""

from __future__ import annotations

import dataclasses
import fractions

import mpmath
import pytest
import sympy

import symflow.integrate.api as api
from symflow.errors import InvalidArgument, PrecisionError
from symflow.integrate import GaussLegendre, MpmathOdefun, Solution, TaylorJet, gradient_descent, solve
from symflow.integrate.bench import problem
from symflow.precision import agreeing_digits

y, x, z, a = sympy.symbols("y x z a")


def _mp(r):
    r = sympy.Rational(r)
    return mpmath.mpf(int(r.p)) / int(r.q)


def test_exp_growth_to_e_at_50_digits():
    sol = solve([y], [y], [1], 1, dps=50)
    assert isinstance(sol, Solution) and sol.dps == 50 and sol.method == "taylor"
    assert sol.digits >= 45
    with mpmath.workdps(60):
        assert agreeing_digits(sol.y1, [mpmath.e]) >= 45
        assert isinstance(sol.y1[0], mpmath.mpf)


def test_blow_up_closed_form_at_half():
    sol = solve([y**2], [y], [1], sympy.Rational(1, 2), dps=40)
    with mpmath.workdps(50):
        assert agreeing_digits(sol.y1, [mpmath.mpf(2)]) >= 38
    assert sol.digits >= 35


def test_blow_up_is_reported_not_integrated_through():
    with pytest.raises(PrecisionError):
        solve([y**2], [y], [1], 2, dps=20, measure_digits=False, max_steps=2000)


def test_rotation_forward_backward_reversible():
    fwd = solve([-z, x], [x, z], [1, 0], 1, dps=40)
    with mpmath.workdps(50):
        assert agreeing_digits(fwd.y1, [mpmath.cos(1), mpmath.sin(1)]) >= 38
    back = solve([-z, x], [x, z], fwd.y1, 0, t0=1, dps=40, measure_digits=False)
    assert back.steps >= 1 and back.t1 == 0
    with mpmath.workdps(50):
        assert abs(back.y1[0] - 1) < mpmath.mpf(10) ** -37 and abs(back.y1[1]) < mpmath.mpf(10) ** -37


@pytest.mark.parametrize(
    "rhs, exact, y0",
    [
        (sympy.exp(-y), lambda t: mpmath.log(1 + t), 0),
        (1 + y**2, mpmath.tan, 0),
        (1 / sympy.cosh(y), mpmath.asinh, 0),
        (y ** sympy.Rational(3, 2), lambda t: 1 / (1 - t / 2) ** 2, 1),
        (1 / (2 * y), lambda t: mpmath.sqrt(1 + t), 1),
        (sympy.cos(y) ** 2, mpmath.atan, 0),
    ],
)
def test_elementary_functions_against_closed_forms(rhs, exact, y0):
    sol = solve([rhs], [y], [y0], 1, dps=30)
    with mpmath.workdps(40):
        assert agreeing_digits(sol.y1, [exact(mpmath.mpf(1))]) >= 28
    assert sol.digits >= 28


def test_more_functions_agree_with_odefun():
    rhs = sympy.atan(y) + sympy.asinh(y) + sympy.sin(y) * sympy.cos(y) - sympy.tanh(y) + sympy.log(1 + y**2) \
        + sympy.sqrt(2) * sympy.sinh(y) / 7
    t1 = sympy.Rational(1, 5)
    ours = solve([rhs], [y], ["1/2"], t1, dps=25)
    theirs = MpmathOdefun().integrate([rhs], [y], ["1/2"], t1, dps=25)
    with mpmath.workdps(30):
        assert agreeing_digits(ours.y1, theirs.y1) >= 22


def test_params_are_exact_and_substituted():
    sol = solve([a * y], [y], [1], 2, params={a: "1/2"}, dps=30)
    with mpmath.workdps(40):
        assert agreeing_digits(sol.y1, [mpmath.e]) >= 28


def test_p2_invariant_conserved_by_taylor():
    p = problem("P2")
    sol = solve(p.rhs, p.variables, p.y0, p.t1, dps=30, measure_digits=False)
    u, v = sol.y1[:4], sol.y1[4:]
    with mpmath.workdps(40):
        drift = max(abs(ui * vi - mpmath.mpf(1) / 100) for ui, vi in zip(u, v))
        assert drift < mpmath.mpf(10) ** -30  # ~ (dps) digits of alpha^2 = 1e-2
        assert max(abs(ui - vi) for ui, vi in zip(u, v)) > mpmath.mpf(10) ** -3  # the flow really moved


def test_taylor_and_gauss_legendre_agree_on_p2():
    p = problem("P2")
    ty = solve(p.rhs, p.variables, p.y0, 1, dps=30, measure_digits=False)
    gl = GaussLegendre(stages=8, n_steps=16).integrate(p.rhs, p.variables, p.y0, 1, dps=30)
    assert gl.method == "gauss-legendre" and gl.steps == 16
    with mpmath.workdps(40):
        assert agreeing_digits(gl.y1, ty.y1) >= 27


@pytest.mark.parametrize("stages", [1, 2, 3])
def test_gauss_legendre_order_of_convergence(stages):
    """Error vs step on y' = y: log2 of successive error ratios ~ 2s (as diffrax test_ode_order)."""
    errs = []
    for n in (4, 8, 16):
        sol = GaussLegendre(stages=stages, n_steps=n).integrate([y], [y], [1], 1, dps=50)
        with mpmath.workdps(60):
            errs.append(abs(sol.y1[0] - mpmath.e))
    with mpmath.workdps(30):
        slopes = [mpmath.log(errs[i] / errs[i + 1], 2) for i in range(2)]
    assert all(abs(s - 2 * stages) < 0.2 for s in slopes), slopes


def test_gauss_legendre_conserves_quadratic_invariant_even_when_inaccurate():
    """The documented caveat: GL drift of u_i v_i stays at round-off while the trajectory is only ~1e-8 good."""
    p = problem("P2")
    gl = GaussLegendre(stages=2, n_steps=20).integrate(p.rhs, p.variables, p.y0, 1, dps=30)
    ty = solve(p.rhs, p.variables, p.y0, 1, dps=30, measure_digits=False)
    with mpmath.workdps(40):
        drift = max(abs(gl.y1[i] * gl.y1[i + 4] - mpmath.mpf(1) / 100) for i in range(4))
        assert drift < mpmath.mpf(10) ** -28
        assert agreeing_digits(gl.y1, ty.y1) < 15


def test_dense_output_matches_a_re_solve():
    p = problem("P2")
    sol = solve(p.rhs, p.variables, p.y0, 2, dps=30, measure_digits=False)
    assert len(sol.ts) == sol.steps + 1
    mid = sympy.Rational(7, 10)
    again = solve(p.rhs, p.variables, p.y0, mid, dps=30, measure_digits=False)
    with mpmath.workdps(40):
        assert agreeing_digits(sol(mid), again.y1) >= 27
        assert agreeing_digits(sol(2), sol.y1) >= 29
    ts, ys = sol.sample(5)
    assert len(ts) == len(ys) == 5 and ts[0] == 0 and ts[-1] == 2
    with pytest.raises(InvalidArgument):
        sol(3)


def test_dense_output_backward():
    sol = solve([y], [y], [1], -2, dps=30, measure_digits=False)
    with mpmath.workdps(40):
        assert agreeing_digits(sol(-1), [mpmath.exp(-1)]) >= 28
        assert agreeing_digits(sol.y1, [mpmath.exp(-2)]) >= 28


def test_digits_field_is_measured(monkeypatch):
    good = solve([y], [y], [1], 1, dps=30)
    assert good.digits >= 28 and good.reference is not None

    def wrong_reference(*args, **kwargs):
        sol = TaylorJet().integrate([y], [y], [1], 1, dps=60)
        return dataclasses.replace(sol, y1=(sol.y1[0] * (1 + mpmath.mpf(10) ** -6),))

    monkeypatch.setattr(api, "_reference_run", wrong_reference)
    bad = solve([y], [y], [1], 1, dps=30)
    assert 4 <= bad.digits <= 7


def test_solve_with_other_methods_measures_digits():
    sol = solve([-z, x], [x, z], [1, 0], sympy.Rational(1, 2), dps=20, method="gauss-legendre")
    assert sol.digits >= 18 and sol.method == "gauss-legendre"
    with pytest.raises(InvalidArgument):
        sol(sympy.Rational(1, 4))  # GL keeps no dense output
    od = solve([y], [y], [1], sympy.Rational(1, 2), dps=15, method="odefun")
    with mpmath.workdps(20):
        assert agreeing_digits(od.y1, [mpmath.exp(mpmath.mpf(1) / 2)]) >= 14


def test_exact_inputs_in_every_form():
    forms = [sympy.Rational(1, 2), "1/2", "0.5", fractions.Fraction(1, 2), mpmath.mpf("0.5")]
    vals = [solve([y], [y], [f], 1, dps=20, measure_digits=False).y1[0] for f in forms]
    assert all(v == vals[0] for v in vals)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        (dict(rhs=[y], variables=[y], y0=[0.5], t1=1), "float"),
        (dict(rhs=[y], variables=[y], y0=[1, 2], t1=1), "y0 has 2"),
        (dict(rhs=[y, y], variables=[y], y0=[1], t1=1), "rhs has 2"),
        (dict(rhs=[y * a], variables=[y], y0=[1], t1=1), "neither variables nor params"),
        (dict(rhs=[sympy.Abs(y)], variables=[y], y0=[1], t1=1), "not supported"),
        (dict(rhs=[y], variables=[y], y0=[1], t1=1, method="rk4"), "not an integrator"),
        (dict(rhs=[y], variables=[y], y0=[1], t1=1, dps=3), "dps=3"),
        (dict(rhs=[y], variables=[y], y0=["abc"], t1=1), "p/q"),
        (dict(rhs=[y], variables=[y], y0=[1], t1=-1, method="odefun"), "forward only"),
        (dict(rhs=[y], variables=[y], y0=[1], t1=1, max_steps=0), "max_steps"),
        (dict(rhs=[sympy.Float("0.1") * y], variables=[y], y0=[1], t1=1), "float"),
        (dict(rhs=[y], variables=[y], y0=[1], t1=1, params={y: 1}), "also a variable"),
    ],
)
def test_invalid_arguments(kwargs, fragment):
    with pytest.raises(InvalidArgument, match=fragment):
        solve(**kwargs)


def test_generated_code_never_contains_user_names():
    evil = sympy.Symbol("__import__('os').system('false')")
    sol = solve([-evil], [evil], [1], 1, dps=20)
    with mpmath.workdps(30):
        assert agreeing_digits(sol.y1, [mpmath.exp(-1)]) >= 18
    from symflow.integrate.base import compile_system

    src = compile_system((-evil,), (evil,)).jet_source
    assert "import" not in src and "os" not in src


def test_gradient_descent_exact_on_quadratic():
    # f = (x - 3)^2 / 2 + 2 (z + 1)^2, eta = 1/4: x_k = 3 + (x0 - 3) (3/4)^k, z_k = -1 + (z0 + 1) 0^k
    f = (x - 3) ** 2 / 2 + 2 * (z + 1) ** 2
    its = gradient_descent(f, [x, z], [1, 1], sympy.Rational(1, 4), 5)
    assert len(its) == 6
    for k, (xk, zk) in enumerate(its):
        assert isinstance(xk, sympy.Rational)
        assert xk == 3 - 2 * sympy.Rational(3, 4) ** k
        assert zk == (-1 if k else 1)


def test_gradient_descent_inexact_path_and_grads_form():
    its = gradient_descent([sympy.exp(x)], [x], [0], "1/10", 3, dps=30)
    assert all(isinstance(v[0], mpmath.mpf) for v in its)
    with mpmath.workdps(40):
        e = mpmath.mpf(0)
        for _ in range(3):
            e = e - mpmath.exp(e) / 10
        assert agreeing_digits(its[-1], [e]) >= 28
    with pytest.raises(InvalidArgument):
        gradient_descent(x**2, [x], [0.5], "1/10", 3)
    with pytest.raises(InvalidArgument):
        gradient_descent(x**2, [x], [1], "1/10", -1)
