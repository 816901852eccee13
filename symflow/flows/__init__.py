r"""Gradient flow in the weights, mirror flow in the model, discrete gradient descent, and their cross-check.

For a parameterization :math:`\theta = G(x)` and a loss :math:`\mathcal{L}(\theta)`:

* gradient flow on :math:`\mathcal{L}\circ G` (DD-Eq4): :math:`\dot x = -\partial G(x)^\top \nabla\mathcal{L}(G(x))`;
* mirror flow of a potential :math:`R` (DD-Def-MirrorFlow): :math:`\frac{d}{dt}\nabla R(\theta) = -\nabla
  \mathcal{L}(\theta)`, i.e. :math:`\dot\theta = -(\nabla^2 R(\theta))^{-1}\nabla\mathcal{L}(\theta)`, or in the
  dual variable :math:`\eta = \nabla R(\theta)`: :math:`\dot\eta = -\nabla\mathcal{L}(\nabla R^{-1}(\eta))`;
* Li, Wang, Lee, Arora (2022, Thm 4.8): when :math:`G` is commuting and regular, :math:`\theta(t) = G(x(t))` follows
  the mirror flow of a potential determined by :math:`x(0)`.  :func:`cross_check` integrates both, by different
  methods, and measures how many digits :math:`G(x(t))` and :math:`\theta_{\rm mirror}(t)` share; it returns a
  :class:`CrossCheck` (frozen, every field always present).

Integrators: SymPy right-hand sides go to :func:`symflow.integrate.solve` (Taylor jet by default; digits measured by
precision doubling).  Right-hand sides that are only numeric callables (the dual route through ``P.grad_inv``, a root
solve; non-diagonal Hessians) go to :func:`symflow.integrate.extrapolate` (Gragg--Bulirsch--Stoer).

Losses: any SymPy expression in ``G.theta``, or the :class:`LeastSquares` loss built by :func:`least_squares`, which
carries its data (so that :func:`cross_check` can test the interpolation limit against the Bregman projection).

Source: DD-Eq4, DD-Def-MirrorFlow, DD-Thm1 (deep_diagonal_000); Li et al. 2022 Thm 4.8.
"""

from ._crosscheck import BregmanLimit, CrossCheck, DualIdentity, LawDrift, cross_check
from ._dynamics import gradient_descent, gradient_flow, mirror_flow, mirror_flow_expr
from ._losses import LeastSquares, least_squares, loss_expr

__all__ = ["least_squares", "LeastSquares", "loss_expr", "gradient_flow", "mirror_flow", "mirror_flow_expr", "gradient_descent",
           "cross_check", "CrossCheck", "LawDrift", "DualIdentity", "BregmanLimit"]
