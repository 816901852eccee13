"""Tests of symflow.lie: bracket convention, commuting test, exact Lie-algebra dimension with certificate."""

from __future__ import annotations

import sympy
import pytest
from hypothesis import given, settings, strategies as st
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix

from symflow.errors import InvalidArgument
from symflow.families import deep_diagonal, deep_linear, merged_direction_relu, two_branch, uv
from symflow.lie import bracket, is_commuting, lie_algebra_dimension
from symflow.parameterization import Parameterization

u, v, w = sympy.symbols("u v w", real=True)


# -- bracket ---------------------------------------------------------------------------------------------------
def test_bracket_convention_on_gradients():
    # [grad f, grad g] = Hess(g) grad f - Hess(f) grad g, checked against the formula written out by hand
    f, g = u * v, (u**2 - v**2) / 2
    gf, gg = sympy.Matrix([v, u]), sympy.Matrix([u, -v])
    expected = sympy.hessian(g, (u, v)) * gf - sympy.hessian(f, (u, v)) * gg
    assert bracket(gf, gg, (u, v)) == expected.applyfunc(sympy.expand)
    assert list(bracket(gf, gg, (u, v))) == [2 * v, -2 * u]


_poly = st.lists(st.tuples(st.integers(-3, 3), st.integers(0, 2), st.integers(0, 2), st.integers(0, 2)),
                 min_size=1, max_size=3).map(lambda ts: sum(c * u**a * v**b * w**e for c, a, b, e in ts))
_field = st.lists(_poly, min_size=3, max_size=3)


@settings(deadline=None, max_examples=15)
@given(_field, _field, _field)
def test_bracket_ring_path_matches_expressions_and_is_a_lie_bracket(f, g, h):
    R, *gens = sympy.ring([u, v, w], QQ)
    P = lambda F: [R.from_expr(sympy.sympify(c)) if c != 0 else R.zero for c in F]  # noqa: E731
    fg = bracket(P(f), P(g), (u, v, w))
    assert [c.as_expr() for c in fg] == list(bracket(f, g, (u, v, w)))
    # antisymmetry and Jacobi identity, exactly in QQ[u, v, w]
    gf = bracket(P(g), P(f), (u, v, w))
    assert all(not (a + b) for a, b in zip(fg, gf))
    B = lambda a, b: bracket(a, b, (u, v, w))  # noqa: E731
    F, Gp, H = P(f), P(g), P(h)
    jac = [x + y + z for x, y, z in zip(B(F, B(Gp, H)), B(Gp, B(H, F)), B(H, B(F, Gp)))]
    assert all(not c for c in jac)


def test_bracket_rejects_bad_lengths():
    with pytest.raises(InvalidArgument, match="len\\(params\\)"):
        bracket([u, v], [u], (u, v))


# -- is_commuting ----------------------------------------------------------------------------------------------
def test_deep_diagonal_commutes_trivially():
    verdict = is_commuting(deep_diagonal(4, 6))
    assert verdict.word == "proved"
    assert verdict.certificate["pairs"] == 15 and verdict.certificate["trivial_disjoint_support"] == 15


def test_commuting_with_overlapping_supports_is_computed():
    # G = ((u+v)^2, (u-v)^2): separable in orthogonal coordinates, so commuting, but supports overlap
    G = Parameterization((u, v), ((u + v) ** 2, (u - v) ** 2))
    verdict = is_commuting(G)
    assert verdict.word == "proved" and verdict.certificate["computed"] == 1
    # while (uv, u^2 - v^2) does not commute
    assert is_commuting(Parameterization((u, v), (u * v, u**2 - v**2))).word == "refuted"


@pytest.mark.parametrize("dims", [(2, 2, 2), (1, 2, 2)])
def test_deep_linear_is_not_commuting_and_the_counterexample_rechecks(dims):
    G = deep_linear(dims)
    verdict = is_commuting(G)
    assert verdict.word == "refuted"
    ce = verdict.counterexample
    i, j = ce["pair"]
    point = {p: sympy.Rational(ce["point"][str(p)]) for p in G.params}
    # independent recomputation: plain SymPy Hessians and gradients, then exact substitution
    gi = sympy.Matrix([sympy.diff(G.outputs[i - 1], p) for p in G.params])
    gj = sympy.Matrix([sympy.diff(G.outputs[j - 1], p) for p in G.params])
    b = sympy.hessian(G.outputs[j - 1], G.params) * gi - sympy.hessian(G.outputs[i - 1], G.params) * gj
    value = [sympy.expand(c.xreplace(point)) for c in b]
    assert value == [sympy.Rational(s) for s in ce["bracket_value"]]
    assert any(value)


def test_uv_and_merged_relu_commute():
    assert is_commuting(uv(3)).word == "proved"
    assert is_commuting(merged_direction_relu((2, 1))).word == "proved"


def test_non_polynomial_commuting_uses_identity():
    pytest.importorskip("symflow.identity")
    G = Parameterization((u, v), (sympy.exp(u + v), sympy.exp(u - v)))
    assert is_commuting(G).holds
    H = Parameterization((u, v), (sympy.exp(u * v), sympy.sin(u)))
    verdict = is_commuting(H)
    assert verdict.word == "refuted" and verdict.counterexample["pair"] == [1, 2]


def test_is_commuting_rejects_non_parameterization():
    with pytest.raises(InvalidArgument, match="Parameterization"):
        is_commuting([u * v])


# -- lie_algebra_dimension -------------------------------------------------------------------------------------
def _word_field(word, grads, params):
    if isinstance(word, int):
        return grads[word - 1]
    return bracket(grads[word[0] - 1], _word_field(word[1], grads, params), params)


@pytest.mark.parametrize("dims, dim", [((2, 2, 2), 5), ((2, 3, 2, 2), 7), ((3, 3, 3), 12)])
def test_deep_linear_dimension_and_certificate_recheck(dims, dim):
    G = deep_linear(dims)
    got, cert = lie_algebra_dimension(G)
    assert got == dim and cert["dim"] == dim
    assert len(cert["brackets"]) == dim and cert["rank_by_level"][-1] == dim
    assert "LOWER bound" in cert["direction"] and "Schwartz-Zippel" in cert["failure_bound"]
    # recompute the rank of the certified brackets at the certified point, independently (SymPy expressions)
    grads = [sympy.Matrix([sympy.diff(e, p) for p in G.params]) for e in G.outputs]
    k = cert["dims_per_point"].index(dim)
    point = {p: sympy.Rational(cert["points"][k][str(p)]) for p in G.params}
    rows = [[sympy.expand(c.xreplace(point)) for c in _word_field(wd, grads, G.params)] for wd in cert["brackets"]]
    assert DomainMatrix.from_list_sympy(len(rows), G.D, rows).convert_to(QQ).rank() == dim


def test_dimension_backends_agree_and_small_cases():
    x1, x2, x3 = sympy.symbols("x1 x2 x3", real=True)
    G = Parameterization((x1, x2, x3), (x1 * x2 * x3,))
    assert lie_algebra_dimension(G)[0] == 1
    assert lie_algebra_dimension(uv(3))[0] == 3
    G = deep_linear((2, 2, 2))
    assert lie_algebra_dimension(G, backend="sympy")[0] == 5
    assert lie_algebra_dimension(G, backend="auto")[0] == 5


def test_flint_backend_agrees():
    pytest.importorskip("flint")
    G = deep_linear((2, 3, 2))
    assert lie_algebra_dimension(G, backend="flint")[0] == lie_algebra_dimension(G, backend="sympy")[0] == 6


def test_max_depth_and_upper_bound():
    G = deep_linear((2, 2, 2))
    dim, cert = lie_algebra_dimension(G, max_depth=1)
    assert dim == 4 and cert["stopped"] == "max_depth reached" and "not bounded" in cert["failure_bound"]
    dim, cert = lie_algebra_dimension(G, upper_bound=5)
    assert dim == 5 and cert["exact"] and cert["failure_bound"] == "0"


def test_constant_and_linear_maps():
    G = Parameterization((u, v), (sympy.Integer(3),))  # no field at all: every coordinate is conserved
    dim, cert = lie_algebra_dimension(G)
    assert dim == 0 and cert["degree_bound"] == 0
    G = Parameterization((u, v, w), (u + v, v - w))  # constant fields: brackets vanish, rank 2
    assert lie_algebra_dimension(G)[0] == 2


def test_commuting_generators_give_their_rank():
    assert lie_algebra_dimension(deep_diagonal(3, 4))[0] == 4
    assert lie_algebra_dimension(two_branch(3, 2))[0] == 2


@pytest.mark.parametrize("kwargs", [{"points": 0}, {"max_depth": 0}, {"backend": "numpy"}, {"upper_bound": 99}])
def test_lie_dimension_invalid_arguments(kwargs):
    with pytest.raises(InvalidArgument):
        lie_algebra_dimension(uv(1), **kwargs)


def test_lie_dimension_needs_polynomials():
    with pytest.raises(InvalidArgument, match="not polynomial"):
        lie_algebra_dimension(Parameterization((u, v), (sympy.exp(u) * v,)))


@pytest.mark.parametrize("use_flint", [True, False])
def test_rank_screening_modulo_p_is_confirmed_exactly(use_flint):
    # a vector that vanishes modulo the screening prime is independent over QQ: the exact check must catch it
    from symflow.lie._rings import _PRIME, _Selector

    sel = _Selector(3)
    if not use_flint:
        sel.flint = None
    elif sel.flint is None:
        pytest.skip("python-flint not installed")
    one = QQ(1)
    assert sel.select([[one, QQ(2), QQ(0)], [QQ(2), QQ(4), QQ(0)]], 3) == [0]
    assert sel.select([[QQ(0), QQ(0), QQ(_PRIME)], [QQ(3), QQ(6), QQ(0)]], 3) == [0]
    assert sel.rank == 2
    # [0, 0, 1] is zero modulo nothing but lies in the QQ-span of [0, 0, p]: rejected
    assert sel.select([[QQ(0), QQ(0), one]], 3) == [] and sel.rank == 2
    # a denominator divisible by p: decided by the exact echelon
    assert sel.select([[QQ(0), QQ(1, _PRIME), QQ(0)]], 3) == [0] and sel.rank == 3
