"""Tests of symflow.deep_linear: exact commuting instances, the derived gradients and flow, closed-form modes,
reach times, reduced-rank regression and the trace norm."""

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Rational as R

from symflow import deep_linear as dl
from symflow.errors import InvalidArgument

U = dl.cayley(sympy.Matrix([[0, R(1, 2)], [-R(1, 2), 0]]))
V = dl.cayley(sympy.Matrix([[0, R(1, 3)], [-R(1, 3), 0]]))


def test_cayley_is_orthogonal_and_rejects_non_skew():
    assert U.T * U == sympy.eye(2)
    with pytest.raises(InvalidArgument):
        dl.cayley(sympy.Matrix([[1, 0], [0, 1]]))


def test_commuting_moments_commute():
    Sx, Sxy = dl.commuting_moments(U, V, [2, 1], [4, R(1, 2)])
    K = Sxy * Sxy.T
    assert Sx * K == K * Sx
    with pytest.raises(InvalidArgument):
        dl.commuting_moments(U, V, [1, 2, 3], [1, 1])


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=8, max_size=8))
def test_loss_gradient_matches_symbolic_derivative(entries):
    W1 = sympy.Matrix(2, 2, [R(e, 3) for e in entries[:4]])
    W2 = sympy.Matrix(2, 2, [R(e, 2) for e in entries[4:]])
    Sx, Sxy = dl.commuting_moments(U, V, [2, 1], [4, R(1, 2)])
    layers, variables, rhs = dl.matrix_flow((2, 2, 2), Sx, Sxy)
    sub = dict(zip(variables, list(W1) + list(W2)))
    g = dl.loss_gradient([W1, W2], Sx, Sxy)
    assert [-r.xreplace(sub) for r in rhs] == list(g[0]) + list(g[1])


def test_logistic_mode_solves_its_equation():
    s, lam, w0, t = sympy.symbols("s lam w0 t", positive=True)
    w = dl.logistic_mode(s, lam, w0, t)
    assert sympy.simplify(sympy.diff(w, t) - 2 * w * (s - lam * w)) == 0
    assert sympy.simplify(w.subs(t, 0) - w0) == 0
    d = dl.decay_mode(lam, w0, t)
    assert sympy.simplify(sympy.diff(d, t) + 2 * lam * d ** 2) == 0


def test_reach_time_inverts_the_mode():
    T = dl.reach_time(R(2), R(1, 2), R(1, 100), R(1, 2))
    w = dl.logistic_mode(R(2), R(1, 2), R(1, 100), T)
    assert abs(sympy.N(w - R(2), 30)) < 1e-25  # half of σ/λ = 4


def test_reduced_rank_regression_attains_the_eckart_young_bound():
    X = sympy.Matrix([[1, 0, 1], [0, 1, 1], [1, 1, 2], [2, -1, 1]])
    Y = sympy.Matrix([[1, 2], [0, 1], [1, 0], [3, -1]])
    with mpmath.workdps(40):
        W = dl.reduced_rank_regression(X, Y, 1, 40)
        Xm, Ym = dl.to_mp(X), dl.to_mp(Y)
        loss = mpmath.norm(Ym - Xm * W) ** 2
        PY = dl.to_mp(X * X.pinv() * Y)
        s = sorted(mpmath.svd_r(PY, compute_uv=False), reverse=True)
        bound = mpmath.norm(Ym - PY) ** 2 + s[1] ** 2
        assert abs(loss - bound) < mpmath.mpf(10) ** -35
        # rank 1 and in the row space of X (minimum norm)
        assert mpmath.svd_r(W, compute_uv=False)[1] < mpmath.mpf(10) ** -35
    with pytest.raises(InvalidArgument):
        dl.reduced_rank_regression(X, Y, 3, 30)


def test_trace_norm_of_a_rotated_diagonal():
    M = U * sympy.diag(3, R(1, 2)) * V.T
    assert abs(dl.trace_norm(M, 30) - mpmath.mpf(7) / 2) < mpmath.mpf(10) ** -25


def test_common_eigenprojectors_diagonalize_both():
    Sx, Sxy = dl.commuting_moments(U, V, [2, 1], [4, R(1, 2)])
    parts = dl.common_eigenprojectors(Sx, Sxy)
    assert sum((l * P for P, l, _ in parts), sympy.zeros(2)) == Sx
    assert sum((s2 * P for P, _, s2 in parts), sympy.zeros(2)) == Sxy * Sxy.T


def test_matrix_flow_rejects_mismatched_shapes():
    with pytest.raises(InvalidArgument):
        dl.matrix_flow((3, 2), sympy.eye(2), sympy.eye(2))
