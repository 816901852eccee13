import pytest
import sympy

from symflow.errors import InvalidArgument
from symflow.families import deep_diagonal, deep_linear, power, uv
from symflow.parameterization import Parameterization, rational_point, regularity, theta_symbols

u, v, w = sympy.symbols("u v w", real=True)


def test_jacobian_metric_fields():
    G = Parameterization((u, v), (u * v,))
    assert G.jacobian() == sympy.Matrix([[v, u]])
    assert G.metric() == sympy.Matrix([[u**2 + v**2]])
    (f,) = G.gradient_fields()
    assert f == sympy.Matrix([v, u])
    assert G.hessian(0) == sympy.Matrix([[0, 1], [1, 0]])
    assert G.theta == (sympy.Symbol("theta", real=True),)
    assert G.is_polynomial and G.is_separable


def test_theta_names():
    assert [str(s) for s in theta_symbols(3)] == ["theta1", "theta2", "theta3"]


def test_bad_input():
    with pytest.raises(InvalidArgument, match="not parameters"):
        Parameterization((u,), (u * v,))
    with pytest.raises(InvalidArgument):
        Parameterization((), (u,))
    with pytest.raises(InvalidArgument):
        Parameterization((u, u), (u,))


def test_regularity_uv_singular_at_origin():
    verdict, singular = regularity(uv(1))
    assert verdict.word == "proved"
    assert singular == "u = v = 0"


def test_regularity_power_and_deep_diagonal():
    assert regularity(power(3, 2))[1] == "u1 = 0 or u2 = 0"
    verdict, singular = regularity(deep_diagonal(3, 1))
    # dG = (u2 u3, u1 u3, u1 u2) vanishes iff two of the three layers vanish (DD-SA.4-Rank, DD-Eq33)
    assert verdict.word == "proved"
    assert singular == "u1_1 = u2_1 = 0 or u1_1 = u3_1 = 0 or u2_1 = u3_1 = 0"


def test_regularity_refuted_when_rank_deficient():
    G = Parameterization((u, v), (u + v, 2 * u + 2 * v))
    verdict, singular = regularity(G)
    assert verdict.word == "refuted" and singular == "everywhere"


def test_jacobian_at_is_exact():
    G = deep_linear((2, 2, 2))
    pt = rational_point(G.params, seed=3)
    J = G.jacobian_at(pt)
    assert J.domain == sympy.QQ
    assert J.rank() == 4


def test_text_outputs_are_parsed_never_evaluated(tmp_path):
    import sympy

    from symflow.errors import ParseError

    u, v = sympy.symbols("u v", real=True)
    G = Parameterization((u, v), ("u*v", 2))
    assert G.outputs == (u * v, sympy.Integer(2))
    marker = tmp_path / "pwned"
    with pytest.raises(ParseError):
        Parameterization((u, v), (f"__import__('os').system('touch {marker}')",))
    assert not marker.exists()
    with pytest.raises(InvalidArgument, match="float"):
        Parameterization((u, v), (0.5,))


def test_generic_rank_of_transcendental_maps_is_proved_and_singular_sets_drop_nonvanishing_factors():
    G = Parameterization.from_strings("u v", "v*exp(u)")
    verdict, singular = regularity(G)
    assert verdict.word == "proved" and singular == "empty"
    verdict, singular = regularity(Parameterization.from_strings("u v", "(u+v)**2; (u-v)**2"))
    assert verdict.word == "proved" and set(singular.split(" or ")) == {"u + v = 0", "u - v = 0"}


def test_regular_on_leaf_is_about_the_flow_domain():
    import sympy

    from symflow.parameterization import regular_on_leaf

    R = sympy.Rational
    G = uv(1)
    u, v = G.params
    on = regular_on_leaf(G, {u: 1, v: 2}, [u**2 - v**2])
    assert on.word == "proved" and "does not meet" in on.detail  # u^2 - v^2 = -3 never reaches u = v = 0
    assert regular_on_leaf(G, {u: 1, v: 1}, [u**2 - v**2]).word == "inconclusive"  # the leaf u = v meets 0
    off = regular_on_leaf(G, {u: 0, v: 0}, [u**2 - v**2])
    assert off.word == "refuted" and off.counterexample["rank"] == 0
    G3 = Parameterization.from_strings("u v", "u**3 - v**3")
    u, v = G3.params
    # the Laurent law is undefined on u = 0 or v = 0: the Rabinowitsch equation keeps those points out
    assert regular_on_leaf(G3, {u: 1, v: 2}, [1 / u + 1 / v]).word == "proved"
    assert regular_on_leaf(G3, {u: R(1), v: R(2)}, []).word == "inconclusive"


def test_string_params_are_refused_before_the_outputs_are_parsed():
    from symflow.errors import InvalidArgument
    from symflow.parameterization import Parameterization

    with pytest.raises(InvalidArgument, match="must all be sympy Symbols"):
        Parameterization(["u", "v"], ["u*v"])
