"""Tests of symflow.sharpness: Hessian by complex step against SymPy's exact Hessian, minimizers, closed forms,
power iteration, GD, and bad input."""

import mpmath
import pytest
import sympy
from sympy import Rational as Q

from symflow import sharpness as sh
from symflow.errors import InvalidArgument

PROB = sh.Problem(sympy.ImmutableMatrix([[2, Q(1, 2)], [Q(1, 2), 1]]), sympy.ImmutableMatrix([Q(3, 2), Q(-1, 2)]),
                  sympy.ImmutableMatrix([1]))
DIMS = (2, 2, 2, 1)
POINT = [sympy.Matrix([[1, 2], [0, 1]]), sympy.Matrix([[1, Q(1, 2)], [1, 1]]), sympy.Matrix([[1, -1]])]


def test_complex_step_hessian_matches_exact_sympy_hessian():
    H = sh.exact_hessian(DIMS, PROB, POINT)
    with mpmath.workdps(40):
        Hc = sh.hessian([sh._mpm(W) for W in POINT], PROB)
        He = mpmath.matrix(H.tolist())
        assert mpmath.mnorm(Hc - He, 1) < mpmath.mpf(10) ** -35


def test_sharpness_reports_measured_digits_and_matches_exact_eigenvalue():
    m = sh.sharpness(POINT, PROB, 30)
    H = sh.exact_hessian(DIMS, PROB, POINT)
    with mpmath.workdps(40):
        exact = max(mpmath.eigsy(mpmath.matrix(H.tolist()), eigvals_only=True))
    assert m.digits >= 25
    assert abs(m.value - exact) < mpmath.mpf(10) ** -25 * exact


def test_minimizers_are_factorizations_and_closed_forms_agree():
    rot = sh.cayley(sympy.Matrix([[0, Q(1, 3)], [Q(-1, 3), 0]]))
    for build in (sh.minimizer(PROB, DIMS),
                  sh.minimizer(PROB, DIMS, scales=[2, Q(1, 4), 2], rotations=[rot, rot],
                               kernel=sympy.Matrix([[1, 2], [3, -1]]))):
        with mpmath.workdps(40):
            Ws = build(40)
            assert sh.risk_gap(Ws, PROB) < mpmath.mpf(10) ** -70
            closed = sh.minimizer_sharpness(Ws, PROB)
        full = sh.sharpness(build, PROB, 30)
        assert abs(full.value - closed) < mpmath.mpf(10) ** -25 * closed
    with mpmath.workdps(40):
        assert abs(sh.balanced_sharpness(PROB, 3) - sh.minimizer_sharpness(sh.minimizer(PROB, DIMS)(40), PROB)) \
            < mpmath.mpf(10) ** -30


def test_power_iteration_agrees_with_full_hessian():
    build = sh.minimizer(PROB, DIMS)
    assert abs(sh.power_sharpness(build, PROB, 20, iters=200).value - sh.sharpness(build, PROB, 20).value) \
        < mpmath.mpf(10) ** -15


def test_cayley_is_exactly_orthogonal():
    Qm = sh.cayley(sympy.Matrix([[0, Q(1, 2), 1], [Q(-1, 2), 0, 2], [-1, -2, 0]]))
    assert Qm.T * Qm == sympy.eye(3)
    with pytest.raises(InvalidArgument):
        sh.cayley(sympy.Matrix([[1, 0], [0, 1]]))


def test_gd_decreases_the_risk_and_train_converges():
    W0 = [sympy.Matrix([[Q(1, 2), 0], [0, Q(1, 2)]]), sympy.Matrix([[Q(1, 2), Q(1, 3)], [0, Q(1, 2)]]),
          sympy.Matrix([[Q(1, 2), Q(1, 2)]])]
    with mpmath.workdps(30):
        r0 = sh.risk_gap([sh._mpm(W) for W in W0], PROB)
        r1 = sh.risk_gap(sh.descend(W0, PROB, Q(1, 50), 5, 30)[-1], PROB)
    assert r1 < r0
    Ws, gap, n = sh.train(W0, PROB, Q(1, 20), 20)
    assert gap < mpmath.mpf(10) ** -29 and n <= 2000


def test_bad_input_is_refused():
    with pytest.raises(InvalidArgument):
        sh.least_squares_problem([[1.0, 2.0]], [1])
    with pytest.raises(InvalidArgument):
        sh.least_squares_problem([[1, 2], [2, 4]], [1, 2])
    with pytest.raises(InvalidArgument):
        sh.minimizer(PROB, (3, 2, 1))
    with pytest.raises(InvalidArgument):
        sh.minimizer(PROB, DIMS, scales=[2, 2, 2])
    prob = sh.least_squares_problem([[1, 0], [0, 2], [1, 1]], [1, 2, 3])
    assert prob.Sigma * prob.pi_star == sympy.Matrix([[1, 0], [0, 2], [1, 1]]).T * sympy.Matrix([1, 2, 3]) / 3
