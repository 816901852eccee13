"""Tests of symflow.flows: losses, gradient flow, mirror flow, gradient descent, cross-check.

Closed-form reference (linear loss L(theta) = theta under theta = u v): u' = -v, v' = -u, so
u(t) = u0 cosh t - v0 sinh t, v(t) = v0 cosh t - u0 sinh t (hand computation, exact).
"""

import dataclasses
import fractions

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symflow import flows, strategies
from symflow.errors import InvalidArgument
from symflow.families import deep_diagonal, uv
from symflow.potentials import derive_potential

R = sympy.Rational


def _uv_data():
    G = uv(1)
    return G, flows.least_squares([[1]], [2], G.theta)


# ------------------------------------------------------------------------------------------------ least squares
def test_least_squares_is_exact_and_has_the_normal_gradient():
    t1, t2 = sympy.symbols("theta1 theta2", real=True)
    X = [[1, R(1, 2)], ["3/4", -2], [fractions.Fraction(1, 3), 0]]
    y = [1, "-1/5", 2]
    loss = flows.least_squares(X, y, (t1, t2), scale=R(1, 6))
    L = loss.expr
    assert not L.atoms(sympy.Float)
    Xm, ym, th = sympy.Matrix([[1, R(1, 2)], [R(3, 4), -2], [R(1, 3), 0]]), sympy.Matrix([1, R(-1, 5), 2]), \
        sympy.Matrix([t1, t2])
    expected = R(1, 6) * ((Xm * th - ym).T * (Xm * th - ym))[0, 0]
    assert sympy.expand(L - expected) == 0
    grad = [sympy.diff(L, t) for t in (t1, t2)]
    normal = R(2, 6) * Xm.T * (Xm * th - ym)
    assert all(sympy.expand(g - n) == 0 for g, n in zip(grad, normal))
    assert loss.y == (1, R(-1, 5), 2) and loss.scale == R(1, 6) and loss.X[1] == (R(3, 4), -2)
    assert not loss.interpolates  # 3 equations, 2 unknowns, inconsistent


def test_least_squares_accepts_a_parameterization_and_matrices():
    G = uv(2)
    L = flows.least_squares(sympy.Matrix([[1, 2]]), sympy.Matrix([3]), G).expr
    assert L.free_symbols == set(G.theta)
    assert L.subs({G.theta[0]: 1, G.theta[1]: 1}) == 0


@pytest.mark.parametrize("X, y, msg", [
    ([[0.5]], [1], "float"),
    ([[1, 2], [3]], [1, 2], "different lengths"),
    ([[1]], [1, 2], "one target per row"),
    ([[1, 2]], [1], "columns"),
    ("1 2", [1], "list of rows"),
])
def test_least_squares_rejects_bad_data(X, y, msg):
    t = sympy.Symbol("theta", real=True)
    with pytest.raises(InvalidArgument, match=msg):
        flows.least_squares(X, y, (t,))


def test_least_squares_rejects_nonpositive_scale():
    with pytest.raises(InvalidArgument, match="scale"):
        flows.least_squares([[1]], [1], uv(1), scale=0)


# ------------------------------------------------------------------------------------------------ gradient flow
def test_gradient_flow_matches_closed_form_for_linear_loss():
    G = uv(1)
    (th,) = G.theta
    u0, v0, T = R(2), R(1, 3), R(3, 4)
    sol = flows.gradient_flow(G, th, {"u": u0, "v": v0}, T, dps=40)
    assert sol.digits >= 38
    with mpmath.workdps(60):
        t = mpmath.mpf(3) / 4
        exact = (2 * mpmath.cosh(t) - mpmath.sinh(t) / 3, mpmath.cosh(t) / 3 - 2 * mpmath.sinh(t))
        assert max(abs(a - b) for a, b in zip(sol.y1, exact)) < mpmath.mpf(10) ** -37
        half = sol(R(3, 8))
        t2 = t / 2
        assert abs(half[0] - (2 * mpmath.cosh(t2) - mpmath.sinh(t2) / 3)) < mpmath.mpf(10) ** -37


def test_gradient_flow_extra_state_accumulates_minus_integral_of_grad_loss():
    G = uv(1)
    (th,) = G.theta
    sol = flows.gradient_flow(G, th, [1, 1], 2, dps=30, extra=True)  # grad L = 1, so xi(t) = -t
    assert len(sol.y1) == 3
    with mpmath.workdps(30):
        assert abs(sol.y1[2] + 2) < mpmath.mpf(10) ** -28


def test_gradient_flow_extrapolation_agrees_with_taylor():
    G, L = _uv_data()
    a = flows.gradient_flow(G, L, {"u": 1, "v": R(1, 2)}, 1, dps=25)
    b = flows.gradient_flow(G, L, {"u": 1, "v": R(1, 2)}, 1, dps=25, method="extrapolation")
    assert b.digits >= 22
    with mpmath.workdps(25):
        assert max(abs(x - y) for x, y in zip(a.y1, b.y1)) < mpmath.mpf(10) ** -21


@settings(deadline=None, max_examples=10)
@given(st.fractions(min_value=R(1, 4), max_value=2, max_denominator=20),
       st.fractions(min_value=-2, max_value=2, max_denominator=20),
       st.integers(min_value=-3, max_value=3))
def test_balancedness_is_conserved_along_the_flow(u0, v0, target):
    G = uv(1)
    L = flows.least_squares([[1]], [target], G.theta)
    sol = flows.gradient_flow(G, L, [u0, v0], R(1, 2), dps=20)
    with mpmath.workdps(30):
        u, v = sol.y1
        drift = abs((u * u - v * v) - (mpmath.mpf(u0.numerator) / u0.denominator) ** 2
                    + (mpmath.mpf(v0.numerator) / v0.denominator) ** 2)
        assert drift < mpmath.mpf(10) ** -(sol.digits - 3)


@pytest.mark.parametrize("kwargs, msg", [
    (dict(x0={"u": 0.5, "v": 1}), "float"),
    (dict(x0={"u": 1}), "missing"),
    (dict(x0={"u": 1, "v": 1, "w": 1}), "unknown"),
    (dict(x0=[1, 2, 3]), "needs 2"),
    (dict(T=0), "T=0"),
    (dict(T=-1), "> 0"),
    (dict(dps=3), "dps"),
    (dict(method=3), "method"),
    (dict(extra="yes"), "extra"),
])
def test_gradient_flow_rejects_bad_arguments(kwargs, msg):
    G, L = _uv_data()
    args = dict(x0={"u": 1, "v": 1}, T=1, dps=15)
    args.update(kwargs)
    x0, T = args.pop("x0"), args.pop("T")
    with pytest.raises(InvalidArgument, match=msg):
        flows.gradient_flow(G, L, x0, T, **args)


def test_gradient_flow_rejects_bad_G_and_loss():
    G, L = _uv_data()
    with pytest.raises(InvalidArgument, match="Parameterization"):
        flows.gradient_flow("u*v", L, [1, 1], 1)
    with pytest.raises(InvalidArgument, match="not outputs"):
        flows.gradient_flow(G, sympy.Symbol("z") ** 2, [1, 1], 1)
    with pytest.raises(InvalidArgument, match="SymPy expression"):
        flows.gradient_flow(G, "theta**2", [1, 1], 1)
    with pytest.raises(InvalidArgument, match="floating-point"):
        flows.gradient_flow(G, sympy.Float(0.5) * G.theta[0] ** 2, [1, 1], 1)


# ------------------------------------------------------------------------------------------------ mirror flow
def test_mirror_flow_routes_agree_for_uv():
    G, L = _uv_data()
    init = {"u": 1, "v": R(1, 2)}
    P = derive_potential(G, init)
    a = flows.mirror_flow(P, L, [R(1, 2)], R(1, 4), dps=20)
    b = flows.mirror_flow(P, L, [R(1, 2)], R(1, 4), dps=20, method="dual")
    assert a.digits >= 18 and b.digits >= 18
    with mpmath.workdps(20):
        assert abs(a.y1[0] - b.y1[0]) < mpmath.mpf(10) ** -17
        assert b(R(1, 8))[0] > R(1, 2)  # theta increases towards the target 2


def test_mirror_flow_chart_route_for_implicit_potential():
    G = deep_diagonal(3, 1)
    init = {"u1_1": R(1, 2), "u2_1": 1, "u3_1": R(3, 2)}
    L = flows.least_squares([[1]], [1], G.theta)
    P = derive_potential(G, init)
    assert P.kind == "implicit" or P.grad_exprs is not None
    m = flows.mirror_flow(P, L, [R(3, 4)], R(1, 2), dps=30, method="chart")
    g = flows.gradient_flow(G, L, init, R(1, 2), dps=30)
    with mpmath.workdps(30):
        assert abs(m.y1[0] - g.y1[0] * g.y1[1] * g.y1[2]) < mpmath.mpf(10) ** -27


def test_mirror_flow_rejects_bad_input():
    G, L = _uv_data()
    P = derive_potential(G, {"u": 1, "v": R(1, 2)})
    with pytest.raises(InvalidArgument, match="Potential"):
        flows.mirror_flow(G, L, [1], 1)
    with pytest.raises(InvalidArgument, match="method"):
        flows.mirror_flow(P, L, [R(1, 2)], 1, method="euler")
    with pytest.raises(InvalidArgument, match="needs 1"):
        flows.mirror_flow(P, L, [1, 2], 1)


# ------------------------------------------------------------------------------------------------ descent
def test_gradient_descent_is_exact_for_polynomial_problems():
    G = uv(1)
    (th,) = G.theta
    its = flows.gradient_descent(G, th, [1, R(1, 2)], R(1, 10), 3)
    u, v = R(1), R(1, 2)
    for k in range(3):
        u, v = u - v / 10, v - u / 10  # x_{k+1} = x_k - step * (v, u)
    assert its[-1] == (u, v) and len(its) == 4


def test_gradient_descent_approaches_the_flow_for_small_steps():
    G, L = _uv_data()
    its = flows.gradient_descent(G, L, [1, R(1, 2)], R(1, 200), 100, dps=20, exact=False)
    sol = flows.gradient_flow(G, L, [1, R(1, 2)], R(1, 2), dps=20)
    with mpmath.workdps(20):
        err = max(abs(a - b) for a, b in zip(its[-1], sol.y1))
        assert err < mpmath.mpf("0.02") and err > 0  # first-order method: O(step) error, not zero


def test_gradient_descent_rejects_bad_steps():
    G, L = _uv_data()
    with pytest.raises(InvalidArgument, match="step"):
        flows.gradient_descent(G, L, [1, 1], 0, 3)
    with pytest.raises(InvalidArgument, match="n_steps"):
        flows.gradient_descent(G, L, [1, 1], R(1, 10), -1)


# ------------------------------------------------------------------------------------------------ cross-check
def test_cross_check_uv_reaches_40_digits_at_50():
    G, L = _uv_data()
    r = flows.cross_check(G, L, {"u": 1, "v": R(1, 2)}, 2, dps=50)
    assert r.verdict.word == "verified"
    assert r.digits >= 40 and r.dps == 50 and r.T == "2"
    assert r.potential_kind == "closed"
    assert r.law_drift.laws == ("u**2 - v**2",)
    assert mpmath.mpf(r.law_drift.drift) < mpmath.mpf(10) ** -40  # Taylor: the drift witnesses the accuracy


def test_cross_check_deep_diagonal_reaches_40_digits_at_50():
    G = deep_diagonal(4, 2)
    x0 = {"u1_1": R(1, 2), "u2_1": R(4, 5), "u3_1": 1, "u4_1": R(6, 5),
          "u1_2": R(-3, 4), "u2_2": R(2, 5), "u3_2": R(9, 10), "u4_2": R(11, 10)}
    L = flows.least_squares([[1, R(1, 2)], [R(-1, 3), 1], [1, 1]], [1, R(1, 2), R(-1, 4)], G.theta)
    r = flows.cross_check(G, L, x0, R(1, 2), dps=50, samples=4)
    assert r.verdict.word == "verified", r.detail
    assert r.digits >= 40
    assert r.potential_kind == "implicit"
    assert r.dual_identity.digits >= 40  # grad R by quadrature = xi(T) = -int grad L along the flow


def test_cross_check_refutes_the_mirror_flow_of_a_wrong_potential():
    G, L = _uv_data()
    wrong = derive_potential(G, {"u": 2, "v": R(1, 4)})  # same theta0 = 1/2, different u^2 - v^2
    r = flows.cross_check(G, L, {"u": 1, "v": R(1, 2)}, 1, dps=30, potential=wrong, samples=4)
    v = r.verdict
    assert v.word == "refuted", r
    assert r.dual_identity.digits < 5  # the wrong potential's gradient misses xi(T) too
    assert set(v.counterexample) >= {"t", "G(x(t))", "theta_mirror(t)"}
    assert r.agreement_digits < 5


def test_cross_check_is_inconclusive_without_a_potential():
    from symflow.parameterization import Parameterization

    a, b = sympy.symbols("a b", real=True)
    G = Parameterization((a, b), (a * b, a + b))  # not separable: no potential can be derived here
    L = flows.least_squares([[1, 0], [0, 1]], [1, 1], G.theta)
    r = flows.cross_check(G, L, {"a": 1, "b": R(1, 2)}, R(1, 4), dps=20)
    assert r.verdict.word == "inconclusive"
    assert r.verdict.reason.name == "DOMAIN", r.detail
    assert r.flow_digits >= 18


def test_cross_check_limit_is_the_bregman_projection_for_interpolating_data():
    G = uv(2)
    L = flows.least_squares([[1, 2]], [1], G.theta)  # underdetermined: X theta = y has a line of solutions
    x0 = {"u1": R(1, 10), "u2": R(1, 5), "v1": R(1, 10), "v2": R(-1, 10)}
    r = flows.cross_check(G, L, x0, 30, dps=20, samples=2)
    assert r.verdict.word == "verified"
    lim = r.limit_vs_bregman
    assert lim.converged and mpmath.mpf(lim.loss_at_T) < mpmath.mpf(10) ** -15
    assert mpmath.mpf(lim.distance) < mpmath.mpf(10) ** -15
    theta = [mpmath.mpf(v) for v in lim.projection]
    assert abs(theta[0] + 2 * theta[1] - 1) < mpmath.mpf(10) ** -15  # on the constraint set, not just anywhere


@pytest.mark.parametrize("kwargs, msg", [
    (dict(samples=0), "samples"),
    (dict(data=([[1]],)), "pair"),
    (dict(data=([[0.5]], [1])), "float"),
])
def test_cross_check_rejects_bad_options_before_integrating(kwargs, msg):
    G, L = _uv_data()
    with pytest.raises(InvalidArgument, match=msg):
        flows.cross_check(G, L, [1, 1], 1, dps=15, **kwargs)


@settings(deadline=None, max_examples=6)
@given(strategies.deep_diagonal_problem(3, 1, 1, max_abs=1))
def test_cross_check_agrees_on_random_problems_satisfying_A(problem):
    G = deep_diagonal(3, 1)
    x0 = {f"u{j + 1}_1": problem.init[j][0] for j in range(3)}
    L = flows.least_squares(problem.X, problem.y, G.theta)
    r = flows.cross_check(G, L, x0, R(1, 4), dps=20, samples=2)
    assert r.verdict.word == "verified", r.detail
    assert r.digits >= 15


class _Quadratic:
    """A duck-typed potential R = t1^2 + t1 t2 + t2^2 (non-diagonal Hessian [[2, 1], [1, 2]])."""

    def __init__(self):
        self.theta = sympy.symbols("theta1 theta2", real=True)
        t1, t2 = self.theta
        self.grad_exprs = (2 * t1 + t2, t1 + 2 * t2)
        self.kind = "closed"

    def grad(self, th, dps=None):
        return [2 * th[0] + th[1], th[0] + 2 * th[1]]

    def grad_inv(self, eta, dps=None):
        return [(2 * eta[0] - eta[1]) / 3, (2 * eta[1] - eta[0]) / 3]


def test_mirror_flow_non_diagonal_hessian_primal_and_dual_agree():
    P = _Quadratic()
    t1, t2 = P.theta
    L = (t1 - 1) ** 2 + t2 ** 2
    a = flows.mirror_flow(P, L, [0, 1], 1, dps=20)
    b = flows.mirror_flow(P, L, [0, 1], 1, dps=20, method="dual")
    assert "primal" in a.method and "dual" in b.method
    assert a.digits >= 18 and b.digits >= 18
    with mpmath.workdps(30):
        # exact: theta' = -H^{-1} 2 (theta - e1), so theta(t) - e1 = expm(-2 H^{-1} t) (theta0 - e1)
        Hinv = mpmath.inverse(mpmath.matrix([[2, 1], [1, 2]]))
        exact = mpmath.expm(-2 * Hinv) * mpmath.matrix([-1, 1]) + mpmath.matrix([1, 0])
        for sol in (a, b):
            assert max(abs(sol.y1[i] - exact[i]) for i in range(2)) < mpmath.mpf(10) ** -18


def test_cross_check_is_inconclusive_when_too_few_digits_to_refute(monkeypatch):
    """A gap above the error bars is not a refutation when a flow has fewer than 15 measured digits."""
    import dataclasses

    G, L = _uv_data()
    wrong = derive_potential(G, {"u": 2, "v": R(1, 4)})
    real = flows.mirror_flow
    monkeypatch.setattr(flows._crosscheck, "mirror_flow", lambda *a, **k: dataclasses.replace(real(*a, **k), digits=8))
    r = flows.cross_check(G, L, {"u": 1, "v": R(1, 2)}, 1, dps=15, potential=wrong, samples=2)
    assert r.verdict.word == "inconclusive" and r.verdict.reason.name == "PRECISION", r.detail


# ------------------------------------------------------------------------------ maps outside the paper families
def _fuzz(text):
    from symflow.parameterization import Parameterization

    G = Parameterization.from_strings("u v", text)
    return G, flows.least_squares([[R(3, 4)]], [R(-8, 3)], G.theta, R(1, 2)), [R(1, 2), R(3, 2)]


def test_cross_check_flow_leaving_the_domain_is_retried_on_a_shorter_horizon():
    """sqrt(u)*v: the gradient flow reaches u = 0 (edge of the domain) near t = 0.14 (loss (3 theta/4 + 8/3)^2/2,
    the default loss of `symflow analyze`)."""
    from symflow.verdict import Reason

    G, loss, x0 = _fuzz("sqrt(u)*v")
    rep = flows.cross_check(G, loss, x0, 1, dps=30)
    assert rep.verdict.word == "verified" and rep.T == "1/8" and rep.T_requested == "1"
    assert "shortened horizon T = 1/8" in rep.detail and "underflow" in rep.detail
    rep = flows.cross_check(G, loss, x0, 2, dps=30)  # T/8 = 1/4 is past the edge too
    assert rep.verdict.word == "inconclusive" and rep.verdict.reason is Reason.DOMAIN
    assert "nor to T/8" in rep.detail


def test_cross_check_nonsmooth_map_is_inconclusive():
    from symflow.verdict import Reason

    G, loss, x0 = _fuzz("abs(u)*v")
    v = flows.cross_check(G, loss, x0, 1, dps=30).verdict
    assert v.word == "inconclusive" and v.reason is Reason.DOMAIN and "Abs(u)" in v.detail


def test_cross_check_turning_point_map_verified():
    """exp(u)*v: derived in the global chart (pivot v), the mirror flow follows G(x(t)) through v = 0."""
    G, loss, x0 = _fuzz("exp(u)*v")
    rep = flows.cross_check(G, loss, x0, 1, dps=30, samples=3)
    assert rep.verdict.word == "verified" and rep.digits >= 25
    assert rep.limit_vs_bregman.projection[0].startswith("-3.5555")  # X^+ y = -32/9


def test_work_is_bounded_by_max_steps():
    """The bound holds on every route; the Taylor jet reports it as MaxStepsReached naming max_steps, and
    cross_check classifies it as the work bound (TIMEOUT)."""
    from symflow.errors import MaxStepsReached
    from symflow.verdict import Reason
    from symflow.families import power

    G = power(3)
    loss = flows.least_squares([[1]], [2], G.theta)
    P = derive_potential(G, {"u": 1})
    with pytest.raises(MaxStepsReached, match="max_steps=2"):
        flows.mirror_flow(P, loss, [1], 2, dps=30, max_steps=2)
    with pytest.raises(InvalidArgument, match="max_steps"):
        flows.mirror_flow(P, loss, [1], 2, dps=30, max_steps=0)
    rep = flows.cross_check(G, loss, [1], 2, dps=30, max_steps=2)
    v = rep.verdict
    assert v.word == "inconclusive" and "max_steps=2" in v.detail and rep.flow_digits is None
    assert v.reason is Reason.TIMEOUT


def test_cross_check_classifies_failures_by_type(monkeypatch):
    """MaxStepsReached is the work bound (TIMEOUT, no retry); StepUnderflow is the domain (retried on T/8)."""
    from symflow.errors import MaxStepsReached, StepUnderflow
    from symflow.verdict import Reason

    G, L = _uv_data()
    calls = []

    def raising(exc):
        def fake(*a, **k):
            calls.append(a[3])
            raise exc("stop")
        return fake

    monkeypatch.setattr(flows._crosscheck, "gradient_flow", raising(MaxStepsReached))
    v = flows.cross_check(G, L, [1, 1], 1, dps=15).verdict
    assert v.reason is Reason.TIMEOUT and calls == [1]
    calls.clear()
    monkeypatch.setattr(flows._crosscheck, "gradient_flow", raising(StepUnderflow))
    v = flows.cross_check(G, L, [1, 1], 1, dps=15).verdict
    assert v.reason is Reason.DOMAIN and "nor to T/8" in v.detail and calls == [1, R(1, 8)]


def test_cross_check_result_is_typed_and_complete():
    G, L = _uv_data()
    r = flows.cross_check(G, L, [1, R(1, 2)], R(1, 4), dps=20, samples=2)
    assert isinstance(r, flows.CrossCheck)
    d = r.to_dict()
    assert set(d) >= {"verdict", "digits", "dps", "T", "T_requested", "law_drift", "dual_identity",
                      "limit_vs_bregman", "flow_digits", "mirror_digits", "potential_kind", "times", "detail"}
    assert d["verdict"] == "verified" and d["T"] == d["T_requested"] == "1/4" and len(d["times"]) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.digits = 0
