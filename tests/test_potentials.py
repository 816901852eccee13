"""Tests of symflow.potentials: derived potentials (closed and implicit), check_potential, Legendre properties,
Bregman divergence and projection.

References typed in here are the *sources'* formulas (they are what the derivation must reproduce; the library
derives, it never looks them up): hypentropy phi_alpha (hypentropy_003 Def. 3.1/3.2), Woodworth et al. 2020's
Q_alpha, the entropy, the power potential, and the deep-diagonal paper's printed (20) and (30) (DD-Eq20, DD-Eq30).
"""

from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from symflow.errors import InvalidArgument
from symflow.families import deep_diagonal, deep_linear, power, two_branch, uv
from symflow.parameterization import Parameterization, rational_point
from symflow.potentials import (Potential, bregman, bregman_projection, check_potential, derive_potential,
                                legendre_properties)

R_ = sympy.Rational


def phi(x, a):
    """hypentropy_003 Def. 3.1: phi_alpha(x) = x asinh(x/alpha) - sqrt(x^2 + alpha^2) + alpha."""
    return x * sympy.asinh(x / a) - sympy.sqrt(x ** 2 + a ** 2) + a


def zero_at_points(expr, t, pts, dps=60):
    return all(abs(sympy.N(expr.subs(t, p), dps)) < sympy.Float(10) ** (-(dps - 8)) for p in pts)


# ---------------------------------------------------------------------------------------------------------- closed
def test_uv_gives_hypentropy_with_alpha_from_init():
    G = uv(1)
    u0, v0 = R_(1), R_(2)
    P = derive_potential(G, {"u": u0, "v": v0})
    assert P.kind == "closed" and P.expr is not None
    (t,) = G.theta
    alpha = abs(u0 ** 2 - v0 ** 2) / 2
    theta0 = u0 * v0
    ref = phi(t, alpha) / 2 - sympy.asinh(theta0 / alpha) / 2 * t
    # R - ref is a constant: its derivative vanishes identically (exact; simplify is fine on this small test)
    assert sympy.simplify(sympy.diff(P.expr - ref, t)) == 0
    assert P.expr.subs(t, theta0) == 0 and P.grad_exprs[0].subs(t, theta0) == 0
    v = check_potential(G, {"u": u0, "v": v0}, P.expr)
    assert v.word == "proved", v.detail
    assert "grad R(theta0) = 0" in v.detail
    assert any("hypentropy" in text for text, _ in P.steps)


def test_two_branch_2_gives_woodworth_Q_alpha():
    G = two_branch(2, 1)
    a = R_(1, 10)
    P = derive_potential(G, {"up": a, "um": a})
    (t,) = G.theta
    Q = a ** 2 * (2 - sympy.sqrt(4 + (t / a ** 2) ** 2) + (t / a ** 2) * sympy.asinh(t / (2 * a ** 2)))
    # the flow of u*u - v*v is 4x slower in eta than Woodworth's normalisation: R = Q_alpha / 4 exactly
    assert sympy.simplify(P.expr - Q / 4) == 0
    assert check_potential(G, {"up": a, "um": a}, P.expr).word == "proved"


def test_power2_gives_entropy_with_linear_term():
    G = power(2, 1)
    u0 = R_(3, 2)
    P = derive_potential(G, {"u": u0})
    (t,) = G.theta
    ref = (t * sympy.log(t) - t) / 4 - sympy.log(u0 ** 2) / 4 * t
    assert sympy.expand(sympy.diff(P.expr - ref, t)) == 0
    assert check_potential(G, {"u": u0}, P.expr).word == "proved"


def test_exp_map_gives_the_log_barrier_by_inverting_theta():
    """theta = exp(u): theta' = -theta^2 g, so R'' = 1/theta^2 and R = -log(theta) + affine (the elimination of u
    is not algebraic: the closed form comes from u = log(theta))."""
    G = Parameterization.from_strings("u", "exp(u)")
    P = derive_potential(G, {"u": 1})
    (t,) = G.theta
    assert P.kind == "closed" and any("log-barrier" in step[0] for step in P.steps)
    assert sympy.expand(sympy.diff(P.expr, t, 2) - 1 / t ** 2) == 0
    assert check_potential(G, {"u": 1}, P.expr).word == "proved"


def test_sinh_map_gives_a_closed_potential_through_radicals():
    """theta = sinh(u): m = cosh(u)^2 = 1 + theta^2 once cosh(asinh(theta)) is rewritten; R'' = 1/(1 + theta^2)."""
    G = Parameterization.from_strings("u", "sinh(u)")
    P = derive_potential(G, {"u": 1})
    (t,) = G.theta
    assert P.kind == "closed"
    assert sympy.cancel(sympy.diff(P.expr, t, 2) - 1 / (1 + t ** 2)) == 0


@pytest.mark.parametrize("L,u0", [(3, R_(3, 2)), (4, R_(-1, 2)), (3, R_(-2, 3)), (5, R_(7, 5))])
def test_power_L_gives_power_potential(L, u0):
    G = power(L, 1)
    P = derive_potential(G, {"u": u0})
    (t,) = G.theta
    assert P.kind == "closed"
    theta0 = u0 ** L
    s = 1 if theta0 > 0 else -1
    # R'' = 1/(L^2 |theta|^(2 - 2/L)) and grad R(theta0) = 0
    pts = [theta0 * R_(1, 3), theta0 * 2, theta0 * R_(7, 2)]
    assert zero_at_points(sympy.diff(P.expr, t, 2) - 1 / (L ** 2 * (s * t) ** (2 - R_(2, L))), t, pts)
    assert abs(sympy.N(P.grad_exprs[0].subs(t, theta0), 50)) < 1e-45
    assert check_potential(G, {"u": u0}, P.expr).word == "proved"


def test_closed_potentials_check_along_trajectory():
    G = uv(2)
    init = {"u1": 3, "v1": -1, "u2": R_(1, 2), "v2": R_(1, 3)}
    P = derive_potential(G, init)
    v = check_potential(G, init, P.expr, trajectory=True, dps=30)
    assert v.word == "proved" and "mirror-flow identity" in v.detail
    assert v.certificate["numeric_digits"] >= 28


def test_wrong_constant_refuted_and_linear_term_reported():
    G = uv(1)
    init = {"u": 1, "v": 2}
    P = derive_potential(G, init)
    (t,) = G.theta
    # sqrt(4 theta^2 + 9) -> sqrt(4 theta^2 + 10): one constant of the correct potential changed
    wrong = P.expr.replace(lambda e: e.is_Pow and e.exp == R_(1, 2), lambda e: sympy.sqrt(e.base + 1))
    v = check_potential(G, init, wrong)
    assert v.word == "refuted"
    cex = v.counterexample
    lhs = float(sympy.Float(cex["lhs R''(theta)"][0]))
    rhs = float(sympy.Float(cex["rhs 1/m(x)"][0]))
    assert abs(lhs - rhs) > 1e-6
    # a changed linear term is invisible to the Hessian: proved, but the detail says it is not normalised
    shifted = P.expr + R_(1, 7) * t
    v2 = check_potential(G, init, shifted)
    assert v2.word == "proved" and "!= 0" in v2.detail


def test_dd_eq20_as_printed_is_refuted_and_corrected_form_proved():
    """DD-Eq20: Q = 1/2 sum(2 theta asinh(2 theta/D0) - sqrt(4 theta^2 + D0^2) + D0) - 1/2 <log|(u0+v0)/(u0-v0)|, theta>."""
    G = uv(1)
    u0, v0 = R_(1), R_(2)
    (t,) = G.theta
    D0 = abs(u0 ** 2 - v0 ** 2)
    lin = sympy.log(abs((u0 + v0) / (u0 - v0)))
    printed = R_(1, 2) * (2 * t * sympy.asinh(2 * t / D0) - sympy.sqrt(4 * t ** 2 + D0 ** 2) + D0) - lin / 2 * t
    assert check_potential(G, {"u": u0, "v": v0}, printed).word == "refuted"
    corrected = R_(1, 4) * (2 * t * sympy.asinh(2 * t / D0) - sympy.sqrt(4 * t ** 2 + D0 ** 2) + D0) - lin / 2 * t
    v = check_potential(G, {"u": u0, "v": v0}, corrected)
    assert v.word == "proved" and "grad R(theta0) = 0" in v.detail


def test_dd_eq30_as_printed_is_refuted():
    """DD-Eq30: Q = <u0^(L-2), theta> - L/2 <1, theta^(2/L)>; off by the factor L(L-2) and u0^(L-2) -> u0^-(L-2)."""
    L, u0 = 3, R_(3, 2)
    G = power(L, 1)
    (t,) = G.theta
    printed = u0 ** (L - 2) * t - R_(L, 2) * t ** R_(2, L)
    assert check_potential(G, {"u": u0}, printed).word == "refuted"
    corrected = (u0 ** (-(L - 2)) * t - R_(L, 2) * t ** R_(2, L)) / (L * (L - 2))
    v = check_potential(G, {"u": u0}, corrected)
    assert v.word == "proved" and "grad R(theta0) = 0" in v.detail


@settings(deadline=None, max_examples=10)
@given(st.fractions(min_value=-3, max_value=3, max_denominator=9),
       st.fractions(min_value=-3, max_value=3, max_denominator=9))
@example(Fraction(1, 2), Fraction(-3))
@example(Fraction(0), Fraction(2))
def test_uv_random_init_proved(a, b):
    u0, v0 = R_(a.numerator, a.denominator), R_(b.numerator, b.denominator)
    if u0 == 0 and v0 == 0:
        with pytest.raises(InvalidArgument):
            derive_potential(uv(1), {"u": u0, "v": v0})
        return
    if abs(u0) == abs(v0):
        return  # balanced: the leaf is a half-line through a singular point (entropy-type), tested elsewhere
    P = derive_potential(uv(1), {"u": u0, "v": v0})
    assert P.kind == "closed"
    assert check_potential(uv(1), {"u": u0, "v": v0}, P.expr, trajectory=False).word == "proved"


def test_balanced_uv_gives_entropy_type():
    P = derive_potential(uv(1), {"u": 1, "v": 1})
    assert P.kind == "closed"
    assert check_potential(uv(1), {"u": 1, "v": 1}, P.expr).word == "proved"
    (t,) = P.theta
    assert zero_at_points(sympy.diff(P.expr, t, 2) - 1 / (2 * t), t, [R_(1, 3), 2, 5])


# ---------------------------------------------------------------------------------------------------------- implicit
def _assumption_A(G, init):
    """DD-Ass-A: for each coordinate the layer of minimal |u^j_i(0)| is unique."""
    for i in range(G.meta["d"]):
        vals = sorted(abs(init[G.meta["layers"][j][i]]) for j in range(G.meta["L"]))
        if vals[0] == vals[1]:
            return False
    return True


def test_deep_diagonal_4_3_implicit_potential_50_digits():
    G = deep_diagonal(4, 3)
    init = rational_point(G.params, seed=3)
    assert _assumption_A(G, init)
    P = derive_potential(G, init)
    assert P.kind == "implicit" and P.expr is None and "Integral" in P.formula
    theta = [b.theta0 + R_(1, 2) for b in P.blocks]
    g, digits = P.measured("grad", theta, dps=50)
    assert digits >= 50
    # round trip through the inverse mirror map
    with mpmath.workdps(50):
        back = P.grad_inv(g, dps=50)
        assert max(abs(x - mpmath.mpf(y.p) / y.q) for x, y in zip(back, theta)) < mpmath.mpf(10) ** -45
    v = check_potential(G, init, P, dps=50, points=2)
    assert v.word == "verified" and v.digits >= 45, v.detail


def test_deep_diagonal_3_elliptic_eta_matches_quadrature():
    G = deep_diagonal(3, 1)
    init = {"u1_1": R_(1, 3), "u2_1": 1, "u3_1": -2}
    P = derive_potential(G, init)
    (b,) = P.blocks
    assert b.eta_w is not None and b.eta_w.has(sympy.elliptic_f)
    with mpmath.workdps(40):
        for w in (mpmath.mpf(-3), mpmath.mpf("0.7"), mpmath.mpf(5)):
            q = mpmath.quad(lambda s: 1 / b._f_h(s), [mpmath.mpf(1) / 3, w])
            assert abs(q - b.eta_of_w(w)) < mpmath.mpf(10) ** -35


def test_two_branch_3_implicit_verified_and_bounded_range():
    G = two_branch(3, 1)
    init = {"up": 1, "um": R_(1, 2)}
    P = derive_potential(G, init)
    assert P.kind == "implicit"
    v = check_potential(G, init, P, dps=30, points=2)
    assert v.word == "verified" and v.digits >= 25
    props = legendre_properties(P, dps=20)
    (c,) = props["coordinates"]
    lo, hi = (mpmath.mpf(x) for x in c["gradient_range"])
    # eta = 1/(3 um) - 2/3 on um in (1/3, oo): range (-2/3, 1/3)
    assert abs(lo + mpmath.mpf(2) / 3) < 1e-15 and abs(hi - mpmath.mpf(1) / 3) < 1e-15
    assert props["full_range"]["value"] is False


# ---------------------------------------------------------------------------------------------------------- Legendre
def test_legendre_power3_half_line_and_uv_full():
    u0 = R_(3, 2)
    P = derive_potential(power(3, 1), {"u": u0})
    props = legendre_properties(P, dps=30)
    (c,) = props["coordinates"]
    assert c["domain"] == ("0", "oo")
    assert c["gradient_range"][0] == "-oo"
    with mpmath.workdps(30):
        sup = mpmath.mpf(c["gradient_range"][1])
        assert abs(sup - (1 / mpmath.mpf(u0.p) * u0.q) / 3) < mpmath.mpf(10) ** -25  # u0^-(L-2)/(L(L-2))
    assert props["full_range"]["value"] is False and props["legendre_type"]["value"] is True
    Puv = derive_potential(uv(1), {"u": 1, "v": 2})
    assert legendre_properties(Puv)["full_range"]["value"] is True
    assert legendre_properties(Puv)["strictly_convex"]["verdict"] == "proved"


def test_legendre_deep_diagonal_bounded_box():
    G = deep_diagonal(3, 1)
    P = derive_potential(G, {"u1_1": R_(1, 3), "u2_1": 1, "u3_1": -2})
    (c,) = legendre_properties(P, dps=20)["coordinates"]
    assert c["domain"] == ("-oo", "oo")
    assert all(x not in ("oo", "-oo") for x in c["gradient_range"])
    assert c["full_range"] is False


# ---------------------------------------------------------------------------------------------------------- Bregman
def test_bregman_divergence_properties():
    P = derive_potential(uv(2), {"u1": 1, "v1": 2, "u2": R_(1, 2), "v2": -1})
    a, b = [1, 1], [R_(1, 3), -2]
    with mpmath.workdps(30):
        assert bregman(P, a, a, dps=30) == 0
        assert bregman(P, a, b, dps=30) > 0 and bregman(P, b, a, dps=30) > 0
        # with the normalisation, R(theta) = D_R(theta, theta0)
        assert abs(bregman(P, a, P.theta0, dps=30) - P.value(a, dps=30)) < mpmath.mpf(10) ** -25


def test_bregman_projection_kkt():
    P = derive_potential(uv(2), {"u1": 1, "v1": 2, "u2": R_(1, 2), "v2": -1})
    X, y = [[1, 2]], [3]
    out = bregman_projection(P, X, y, dps=30, full=True)
    assert out["digits"] >= 25
    th = out["theta"]
    with mpmath.workdps(30):
        assert abs(th[0] + 2 * th[1] - 3) < mpmath.mpf(10) ** -25
        g = P.grad(th, dps=30)  # grad R(theta) = X^T nu with grad R(theta0) = 0
        assert abs(g[1] - 2 * g[0]) < mpmath.mpf(10) ** -25
        # it minimises R on the line: moving along the kernel of X increases R
        for s in ("0.01", "-0.01"):
            e = mpmath.mpf(s)
            assert P.value([th[0] + 2 * e, th[1] - e], dps=30) > P.value(th, dps=30)


def test_gradient_flow_limit_is_bregman_projection():
    """Implicit bias: gradient flow on ||X G(x) - y||^2 / 2 converges to argmin_{X theta = y} R (DD-Eq18)."""
    from symflow.integrate import solve

    G = uv(2)
    init = {"u1": 1, "v1": 2, "u2": R_(1, 2), "v2": -1}
    P = derive_potential(G, init)
    X, y = [[1, 2]], [3]
    pred = bregman_projection(P, X, y, dps=20)
    t1, t2 = G.theta
    loss = (t1 + 2 * t2 - 3) ** 2 / 2
    sub = dict(zip(G.theta, G.outputs))
    xs = list(G.params)
    rhs = [sympy.expand(-sympy.diff(loss.xreplace(sub), p)) for p in xs]
    sol = solve(rhs, xs, [init[p] if p in init else init[str(p)] for p in xs], 25, dps=20,
                measure_digits=False)
    x1 = dict(zip(xs, sol.y1))
    th = [x1[xs[0]] * x1[xs[2]], x1[xs[1]] * x1[xs[3]]]
    with mpmath.workdps(20):
        assert max(abs(a - b) for a, b in zip(th, pred)) < mpmath.mpf(10) ** -8


# ---------------------------------------------------------------------------------------------------------- errors
@pytest.mark.parametrize("call", [
    lambda: derive_potential(deep_linear((2, 2, 2)), {}),
    lambda: derive_potential(uv(1), {"u": 0.5, "v": 1}),
    lambda: derive_potential(uv(1), {"u": 1}),
    lambda: derive_potential(uv(1), {"u": 1, "v": 2, "w": 3}),
    lambda: derive_potential(power(3, 1), {"u": 0}),
    lambda: derive_potential("u*v", {"u": 1, "v": 2}),
    lambda: check_potential(uv(1), {"u": 1, "v": 2}, sympy.Symbol("z")),
    lambda: check_potential(uv(1), {"u": 1, "v": 2}, sympy.Symbol("theta"), dps=3),
    lambda: derive_potential(power(3, 1), {"u": 1}).grad([1, 2]),
    lambda: derive_potential(power(3, 1), {"u": 1}).grad_inv([5]),   # outside the half-line range
    lambda: derive_potential(power(3, 1), {"u": 1}).value([1], dps=2),
    lambda: legendre_properties("R"),
    lambda: bregman_projection(derive_potential(uv(2), {"u1": 1, "v1": 2, "u2": 1, "v2": 3}), [[1, 2, 3]], [1]),
])
def test_invalid_arguments(call):
    with pytest.raises(InvalidArgument):
        call()


def test_potential_interface_fields():
    P = derive_potential(uv(1), {"u": 1, "v": 2})
    assert isinstance(P, Potential)
    assert P.kind in ("closed", "implicit") and P.theta == uv(1).theta
    assert isinstance(P.latex, str) and "asinh" in P.latex or "sinh" in P.latex
    assert all(isinstance(a, str) and isinstance(b, str) for a, b in P.steps)
    with mpmath.workdps(30):
        th = [mpmath.mpf(3)]
        H, M = P.hess(th, dps=30), P.hess_inv(th, dps=30)
        assert abs(H[0, 0] * M[0, 0] - 1) < mpmath.mpf(10) ** -28
        x = P.leaf_point(th, dps=30)
        assert abs(x[sympy.Symbol("u", real=True)] * x[sympy.Symbol("v", real=True)] - 3) < mpmath.mpf(10) ** -28


def test_check_derived_and_numeric_refutation():
    from symflow.potentials import check_derived

    G = two_branch(3, 1)
    init = {"up": 1, "um": R_(1, 2)}
    P = derive_potential(G, init)
    assert check_derived(P, dps=20, points=1).word == "verified"
    # tamper with the dual coordinate (1% off): the numeric check must refute it
    (b,) = P.blocks
    w = b.w
    b.eta_w = R_(101, 100) * (1 / (3 * w) - R_(2, 3))
    b.finish()
    v = check_potential(G, init, P, dps=20, points=1)
    assert v.word == "refuted"
    with pytest.raises(InvalidArgument):
        check_potential(G, {"up": 2, "um": R_(1, 2)}, P)  # a potential derived for another initialization


@pytest.mark.parametrize("L,init,expected_second", [
    (2, {"up": R_(1, 2), "um": 0}, lambda t: 1 / (4 * t)),                                # entropy of up^2
    (3, {"up": 0, "um": 1}, lambda t: 1 / (9 * (-t) ** R_(4, 3))),                       # power potential of -um^3
])
def test_two_branch_with_a_zero_branch(L, init, expected_second):
    """A branch initialised at 0 never moves (Woodworth's 'a layer zero before training'): one-branch potentials."""
    G = two_branch(L, 1)
    P = derive_potential(G, init)
    (t,) = G.theta
    assert P.kind == "closed"
    th0 = P.blocks[0].theta0
    assert zero_at_points(sympy.diff(P.expr, t, 2) - expected_second(t), t, [th0 * 2, th0 / 3, th0 * 5])
    assert check_potential(G, init, P.expr).word == "proved"


@settings(deadline=None, max_examples=10)
@given(st.integers(min_value=1, max_value=5), st.fractions(min_value=-4, max_value=4, max_denominator=7))
@example(3, Fraction(-1, 2))
@example(1, Fraction(0))
def test_power_random_init_proved(L, a):
    u0 = R_(a.numerator, a.denominator)
    G = power(L, 1)
    if u0 == 0 and L >= 2:
        with pytest.raises(InvalidArgument):
            derive_potential(G, {"u": u0})
        return
    P = derive_potential(G, {"u": u0})
    assert P.kind == "closed"
    v = check_potential(G, {"u": u0}, P.expr, trajectory=False)
    assert v.word == "proved" and "grad R(theta0) = 0" in v.detail


def test_time_limit_keeps_an_enclosing_alarm():
    """The per-step SymPy budget must not cancel `symflow analyze --timeout` (nested SIGALRM)."""
    import signal

    from symflow.validation import time_limit as _time_limit

    fired = []
    old = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.alarm(50)
        with _time_limit(20):
            pass
        left = signal.alarm(0)
        assert 45 <= left <= 50  # re-armed with the remaining time
        signal.alarm(2)
        with pytest.raises(Exception):
            with _time_limit(20):  # the enclosing deadline (2 s) comes first: its handler runs
                import time
                time.sleep(5)
        assert fired == [1]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# ------------------------------------------------------------------------------ maps outside the paper families
def _fuzz_map(text):
    from symflow.parameterization import Parameterization

    G = Parameterization.from_strings("u v", text)
    u, v = G.params
    return G, u, v, {u: sympy.Rational(1, 2), v: sympy.Rational(3, 2)}


def test_pivot_with_a_global_chart_is_preferred_exp_u_v():
    """exp(u)*v: pivot u (least |x(0)|) gives v = sqrt(8u+5)/2, which stops at the turning point u = -5/8 (v = 0,
    a regular point: m = e^{2u}(v^2+1) > 0); pivot v gives the global chart u = (v^2 - 5/4)/2."""
    from symflow.potentials._reduce import _chart_block, _turning_ends

    G, u, v, init = _fuzz_map("exp(u)*v")
    P = derive_potential(G, init)
    b = P.blocks[0]
    assert b.pivot == v and (b.lo, b.hi) == (-sympy.oo, sympy.oo)
    assert sympy.expand(b.phi[u] - (b.w ** 2 - sympy.Rational(5, 4)) / 2) == 0
    grads = {p: sympy.diff(G.outputs[0], p) for p in (u, v)}
    bu = _chart_block(0, G.theta[0], G.outputs[0], (u, v), init, grads, u)
    assert bu.lo == sympy.Rational(-5, 8) and _turning_ends(bu) == [sympy.Rational(-5, 8)]
    from symflow.potentials import check_derived

    assert check_derived(P, dps=30).holds


@pytest.mark.parametrize("text, pivot", [("sqrt(u)*v", "u"), ("u**3*v", "u"), ("u/v", "u")])
def test_true_leaf_ends_keep_the_least_pivot(text, pivot):
    """Ends where |grad g| -> 0 or oo (u = 0 for u^3 v and sqrt(u) v; v = 0 for u/v) are true ends: no switch."""
    from symflow.potentials._reduce import _turning_ends

    G, u, v, init = _fuzz_map(text)
    b = derive_potential(G, init).blocks[0]
    assert str(b.pivot) == pivot and _turning_ends(b) == []


def test_nonsmooth_map_is_refused_with_a_clear_message():
    G, u, v, init = _fuzz_map("abs(u)*v")
    with pytest.raises(InvalidArgument, match="non-smooth"):
        derive_potential(G, init)
    with pytest.raises(InvalidArgument, match="non-smooth"):
        check_potential(G, init, "theta**2")


def test_bregman_projection_with_full_column_rank_is_the_feasible_point():
    """X of full column rank: the projection is X^+ y (no Newton); outside dom R the gradient refuses it."""
    G, u, v, init = _fuzz_map("u**3*v")  # implicit potential, dom R = (0, oo)
    P = derive_potential(G, init)
    out = bregman_projection(P, [[3]], [2], dps=30, full=True)
    with mpmath.workdps(30):
        assert out["theta"][0] == mpmath.mpf(2) / 3 and out["kkt_residual"] == 0
        assert abs(3 * out["nu"][0] - P.grad([sympy.Rational(2, 3)], dps=30)[0]) < mpmath.mpf(10) ** -25
    with pytest.raises(InvalidArgument):
        bregman_projection(P, [[3]], [-2], dps=30)


def test_pivot_whose_chart_ends_are_not_exact_is_avoided_cosh_u_v():
    """cosh(u)*v: pivot u gives v = sqrt(8 log sinh u + c)/2, whose radicand's real zero is not an exact root (the
    chart would wrongly be (-oo, oo) and sample points complex: a false refutation); pivot v gives u = asinh(.)
    with a radicand SymPy proves positive."""
    from symflow.potentials import check_derived
    from symflow.potentials._reduce import _opaque_ends

    G, u, v, init = _fuzz_map("cosh(u)*v")
    P = derive_potential(G, init)
    b = P.blocks[0]
    assert b.pivot == v and (b.lo, b.hi) == (-sympy.oo, sympy.oo) and _opaque_ends(b) is None
    assert any("not exact roots" in text for text, _ in P.steps)
    assert check_derived(P, dps=30).holds


# ------------------------------------------------------------------------- issue 13: readable potentials, one proof
def test_implicit_potential_of_u3_minus_v3_has_no_unevaluated_integral():
    G = Parameterization.from_strings("u v", "u**3 - v**3")
    P = derive_potential(G, {"u": 1, "v": 2})
    assert P.kind == "implicit" and "Integral" not in P.formula and "Integral" not in P.latex
    (blk,) = P.blocks
    assert blk.eta_w is not None and blk.tail_w is not None
    with mpmath.workdps(30):  # the closed eta(w) is the quadrature it replaces
        w = mpmath.mpf(3) / 2
        quad = mpmath.quad(lambda s: 1 / blk._f_h(s), [1, w])
        assert abs(blk._f_eta_w(w) - quad) < mpmath.mpf(10) ** -25


@pytest.mark.parametrize("text", ["u*v", "u**2 - v**2", "(u**2 - v**2)/2"])
def test_closed_potentials_get_the_same_exact_proof(text):
    G = Parameterization.from_strings("u v", text)
    init = {"u": 1, "v": 2}
    P = derive_potential(G, init)
    v = check_potential(G, init, P.expr)
    assert P.kind == "closed" and v.word == "proved" and "exactly on the leaf" in v.detail


def test_non_separable_commuting_map_is_separated_by_an_orthogonal_change_of_coordinates():
    G = Parameterization.from_strings("u v", "(u+v)**2; (u-v)**2")
    P = derive_potential(G, {"u": 1, "v": 2})
    assert P.kind == "closed" and "orthogonal change of coordinates" in P.coordinates
    t1, t2 = G.theta
    # R'' = 1/(8 theta_i): the entropy, from m_i = |grad G_i|^2 = 8 theta_i
    assert sympy.simplify(sympy.diff(P.expr, t1, 2) - 1 / (8 * t1)) == 0
    assert check_potential(G, {"u": 1, "v": 2}, P.expr).word == "proved"
    wrong = Parameterization.from_strings("u v", "(u+v)**2; u*v")  # spans not orthogonal: no separation
    with pytest.raises(InvalidArgument, match="no orthogonal linear change"):
        derive_potential(wrong, {"u": 1, "v": 2})
