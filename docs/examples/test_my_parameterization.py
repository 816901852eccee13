"""A user's regression tests for a parameterization of their own: θ = a·b·c (a three-layer scalar network).

Copy this file next to your own tests and change the map.  Every assertion comes from ``symflow.testing``: when one
fails, pytest prints the verdict, its one-line reason and the evidence to re-run it (the counterexample point, the
measured digits).  Run it with ``python -m pytest -q docs/examples/test_my_parameterization.py``.

To see a failure, break a law on purpose: ``SYMFLOW_EXAMPLE_BREAK=1 python -m pytest -q docs/examples/...``.
"""

import os

from hypothesis import given

from symflow import Parameterization, strategies
from symflow.testing import (assert_commuting, assert_conserved, assert_cross_check, assert_law_count,
                             property_settings)

G = Parameterization.from_strings("a b c", "a*b*c")
# the balancedness law of a product of layers; "a**2 + b**2" (set by the env variable) is not conserved
LAW = "a**2 + b**2" if os.environ.get("SYMFLOW_EXAMPLE_BREAK") else "a**2 - b**2"


def test_commuting_and_law_count():
    assert_commuting(G)          # exact: every Lie bracket of the gradients vanishes in QQ[a, b, c]
    assert_law_count(G, 2)       # D - dim Lie(G) = 3 - 1, the count proved


def test_balancedness_is_conserved():
    assert_conserved(G, LAW, proved=True)


def test_mirror_flow_agrees_with_gradient_flow():
    assert_cross_check(G, {"a": "1/2", "b": 1, "c": 2}, min_digits=20, dps=30)


@property_settings(max_examples=5)
@given(x0=strategies.initializations(G))
def test_law_at_random_exact_points(x0):
    assert G.jacobian_at(x0).rank() == 1   # drawn off the singular set
    assert_conserved(G, "b**2 - c**2")
