"""Tests of symflow.potentials._explicit (affine_kkt, affine_minimize) and symflow.flows.mirror_flow_expr.

Closed-form references: for phi = |theta|^2 / 2 the Bregman projection of theta0 onto {X theta = y} is the Euclidean
one, theta0 + X^T (X X^T)^{-1} (y - X theta0); the mirror flow of phi on F = (theta - 1)^2 / 2 (d = 1) is
theta(t) = 1 + (theta0 - 1) e^{-t}."""

import mpmath
import pytest
import sympy
from sympy import Rational as R

from symflow.errors import InvalidArgument
from symflow.flows import mirror_flow_expr
from symflow.potentials import affine_kkt, affine_minimize

th = sympy.symbols("t1:4", real=True)
X, y, t0 = [[1, R(1, 2), -1], [R(1, 3), 2, 1]], [1, R(1, 2)], [R(1, 2), R(-1, 3), R(1, 5)]


def test_kkt_projection_of_the_euclidean_potential_is_the_orthogonal_projection():
    phi = sum(t ** 2 for t in th) / 2
    sol = affine_kkt(phi, th, X, y, t0, dps=30)
    Xm, ym, t0m = sympy.Matrix(X), sympy.Matrix(y), sympy.Matrix(t0)
    exact = t0m + Xm.T * (Xm * Xm.T).inv() * (ym - Xm * t0m)
    with mpmath.workdps(30):
        assert max(abs(a - mpmath.mpf(sympy.N(b, 40))) for a, b in zip(sol.theta, exact)) < mpmath.mpf(10) ** -25
    assert sol.digits >= 25


def test_minimize_agrees_with_kkt_and_reports_curvature():
    phi = sum(t * sympy.asinh(t) - sympy.sqrt(t ** 2 + 1) for t in th)
    kkt = affine_kkt(phi, th, X, y, t0, dps=30)
    grad0 = [sympy.diff(phi, t).subs(dict(zip(th, t0))) for t in th]
    breg = phi - phi.subs(dict(zip(th, t0))) - sum(g * (t - a) for g, t, a in zip(grad0, th, t0))
    m = affine_minimize(breg, th, X, y, t0, dps=30)
    with mpmath.workdps(30):
        assert max(abs(a - b) for a, b in zip(kkt.theta, m.theta)) < mpmath.mpf(10) ** -25
    assert m.min_eig > 0
    assert affine_minimize(-breg, th, X, y, t0, dps=30).min_eig < 0  # a maximum is reported as such


def test_mirror_flow_expr_matches_the_closed_form():
    t = sympy.Symbol("t", real=True)
    sol = mirror_flow_expr(t ** 2 / 2, (t,), (t - 1) ** 2 / 2, [R(3)], 2, dps=30)
    with mpmath.workdps(30):
        assert abs(sol.y1[0] - (1 + 2 * mpmath.exp(-2))) < mpmath.mpf(10) ** -25
    assert sol.digits >= 25


def test_mirror_flow_expr_refuses_a_wrong_metric():
    phi = (th[0] + th[1]) ** 2 / 2 + (th[0] ** 2 + th[1] ** 2) / 2
    with pytest.raises(InvalidArgument, match="not diagonal"):
        mirror_flow_expr(phi, th[:2], th[0] ** 2, [1, 2], 1, dps=20)
    with pytest.raises(InvalidArgument, match="not the inverse"):
        mirror_flow_expr(phi, th[:2], th[0] ** 2, [1, 2], 1, dps=20, metric=sympy.eye(2))


def test_affine_solve_of_the_euclidean_characterization_is_the_orthogonal_projection():
    from symflow.potentials import affine_solve

    sol = affine_solve([t - a for t, a in zip(th, t0)], th, X, y, [0, 0, 0], dps=30)
    Xm, ym, t0m = sympy.Matrix(X), sympy.Matrix(y), sympy.Matrix(t0)
    exact = t0m + Xm.T * (Xm * Xm.T).inv() * (ym - Xm * t0m)
    with mpmath.workdps(30):
        assert max(abs(a - mpmath.mpf(sympy.N(b, 40))) for a, b in zip(sol.theta, exact)) < mpmath.mpf(10) ** -25
