import pytest
import sympy

from symflow import families
from symflow.errors import InvalidArgument


def test_deep_diagonal_names_and_order():
    G = families.deep_diagonal(3, 2)
    # DD-Def-Stack: coordinate by coordinate, layers inside
    assert [str(p) for p in G.params] == ["u1_1", "u2_1", "u3_1", "u1_2", "u2_2", "u3_2"]
    assert str(G.outputs[1]) == "u1_2*u2_2*u3_2"


def test_two_branch_is_woodworth_for_L2():
    G = families.two_branch(2, 1)
    up, um = G.params
    assert sympy.expand(G.outputs[0] - (up**2 - um**2)) == 0


def test_deep_linear_product():
    G = families.deep_linear((2, 3, 1))
    assert G.D == 2 * 3 + 3 * 1 and G.d == 2
    W1, W2 = G.meta["W"]
    assert sympy.Matrix(G.outputs).T == (W2 * W1).applyfunc(sympy.expand)


def test_deep_linear_with_p():
    G = families.deep_linear((2, 2), p=True)
    assert G.d == 2 and G.D == 6


def test_merged_direction_relu():
    G = families.merged_direction_relu((2, 1))
    a1, a2, a3, b1, b2, b3 = G.params
    assert G.outputs == (a1 * b1 + a2 * b2, a3 * b3)


@pytest.mark.parametrize("call", [lambda: families.uv(0), lambda: families.deep_diagonal(2, -1),
                                  lambda: families.power(True, 1), lambda: families.deep_linear((2,)),
                                  lambda: families.merged_direction_relu(())])
def test_invalid_arguments(call):
    with pytest.raises(InvalidArgument):
        call()
