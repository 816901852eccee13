r"""The deep diagonal network as the checks of this package use it: generic layers, for every depth and width.

Coordinates decouple.  Under (4)/(5) the layers of coordinate :math:`i` move with
:math:`\dot u^j_i = -\big(\prod_{k\ne j} u^k_i\big)\, \partial_i\mathcal{L}(\theta)` and nothing else of the network
enters; the loss enters only through the number :math:`g = \partial_i\mathcal{L}(\theta(t))`, which can be any real.
So an identity in one coordinate, with :math:`g` a free symbol, holds for every width :math:`d` and every
differentiable loss.

Generic layers.  The layers other than the ones a statement names enter only through their product.  With one named
layer :math:`u = u^j_i` and :math:`P = \prod_{k\ne j}u^k_i` (a free symbol), :math:`\theta_i = uP` and
:math:`\dot u = -Pg`: an identity in :math:`\mathbb{Q}(u, P, g)` holds for every :math:`L \ge 2` (``ONE_LAYER``).
With two named layers :math:`u = u^j_i`, :math:`w = u^k_i` and :math:`R = \prod_{l\ne j,k}u^l_i` (:math:`R = 1` when
:math:`L = 2`, a specialisation of the identity), :math:`\theta_i = uwR`, :math:`\dot u = -wRg`,
:math:`\dot w = -uRg` (``TWO_LAYERS``).  The checks build their identities from these flows, never from a fixed L.
"""

from __future__ import annotations

import sympy
from sympy import Symbol

__all__ = ["u", "w", "P", "R", "g", "TH", "u0", "w0", "ONE_LAYER", "TWO_LAYERS", "ARG_ONE", "ARG_TWO",
           "one_layer_theta", "two_layer_theta", "jacobian_velocity"]

u, w = Symbol("u", real=True), Symbol("w", real=True)          # the named layers u^j_i, u^k_i at time t
u0, w0 = Symbol("u0", real=True), Symbol("w0", real=True)      # their values at t = 0 (constants of the flow)
P, R = Symbol("P", real=True), Symbol("R", real=True)          # products of the other layers
g = Symbol("g", real=True)                                      # the gradient value ∂_i L(θ(t)), any real
TH = Symbol("theta", real=True)                                  # θ_i as printed formulas name it

ARG_ONE = ("generic layer: θ_i = u·P with u = u^j_i and P the product of the other L-1 layers of coordinate i, "
           "u' = -P g with g = ∂_i L any real; an identity in Q(u, P, g) holds for every L >= 2, every j, every "
           "width d (coordinates decouple) and every differentiable loss")
ARG_TWO = ("generic pair of layers: θ_i = u·w·R with u = u^j_i, w = u^k_i (j != k) and R the product of the other "
           "L-2 layers (R = 1 when L = 2), u' = -w R g, w' = -u R g with g = ∂_i L any real; an identity in "
           "Q(u, w, R, g) holds for every L >= 2, every pair j != k, every width d and every differentiable loss")


def one_layer_theta() -> sympy.Expr:
    return u * P


def two_layer_theta() -> sympy.Expr:
    return u * w * R


def jacobian_velocity(theta: sympy.Expr, layers) -> dict:
    r"""The gradient flow (4), :math:`\dot x = -\partial_x\theta\; g`, of the named layers (one coordinate)."""
    return {x: -sympy.diff(theta, x) * g for x in layers}


ONE_LAYER = jacobian_velocity(one_layer_theta(), (u,))
TWO_LAYERS = jacobian_velocity(two_layer_theta(), (u, w))
