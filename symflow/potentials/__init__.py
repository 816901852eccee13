r"""Mirror potentials of gradient flow under a commuting and regular parameterization: derive, check, use.

Li, Wang, Lee, Arora (2022, Thm 4.8): under a commuting and regular :math:`G`, gradient flow
:math:`\dot x = -\nabla_x \mathcal{L}(G(x))` makes :math:`\theta = G(x)` follow the mirror flow
:math:`\tfrac{d}{dt}\nabla R(\theta) = -\nabla\mathcal{L}(\theta)`, with a Legendre potential :math:`R` fixed by the
initialization and :math:`\nabla^2 R(\theta) = (\partial G\,\partial G^\top)^{-1}` on the leaf of the conservation
laws through :math:`x(0)`.  This module *derives* :math:`R` (it looks nothing up), following docs/potentials.md:

1. **Blocks.**  For a separable :math:`G` (each :math:`\theta_i = g_i(x^{(i)})` depends on its own block of
   variables) the metric is diagonal, :math:`m_i = |\nabla g_i|^2`, and :math:`R = \sum_i R_i(\theta_i)`.
2. **Leaf.**  On a block, gradient flow moves along the integral curves of :math:`\nabla g` (up to a change of time),
   so :math:`dx_j/dx_k = \partial_j g/\partial_k g`.  When this ratio separates, integrating it gives the
   conservation law :math:`F_j(x_j) - F_k(x_k) = c_j` and the leaf through :math:`x(0)` as a curve
   :math:`x = \varphi(w)` in one coordinate :math:`w` (the *pivot*: the variable of least :math:`|x_j(0)|`, the one
   that may cross zero, DD-Ass-A, unless its chart stops at a turning point of the leaf or has ends that are not
   exact roots and another variable's chart covers the whole leaf; see ``_reduce_block``).
3. **Dual coordinate.**  With :math:`s` the time of :math:`\nabla g`, :math:`d\theta/ds = m` and
   :math:`d\eta/ds = (d\theta/ds)/m = 1`: the mirror coordinate :math:`\eta = R'(\theta)` is the time along the
   integral curve, :math:`d\eta/dw = g'(w)/m(w) = 1/\partial_w g(\varphi(w))`.
4. **Closed form** when SymPy can eliminate :math:`w` (resultant), solve for the metric :math:`m = M(\theta)` and
   integrate :math:`1/M` twice; otherwise an **implicit potential**: :math:`w(\theta)` by safeguarded Newton,
   :math:`\eta(w) = \int_{w_0}^{w} dw/\partial_w g` by ``mpmath.quad``, and
   :math:`R = \eta\,\theta - \int_{w_0}^{w} \theta(w)\,dw/\partial_w g` (integration by parts).

Normalisation (stated once, used everywhere): :math:`R(\theta(0)) = 0` and :math:`\nabla R(\theta(0)) = 0`.  Then
:math:`R(\theta) = D_R(\theta, \theta(0))` for *any* potential of the flow, and the implicit-bias statement
:math:`\theta_\infty = \arg\min_{X\theta = y} D_R(\theta, \theta_0)` (DD-Eq18) reads
:math:`\theta_\infty = \arg\min_{X\theta=y} R(\theta)`.

Source: Li et al. 2022 Thm 4.8; DD-Thm1, DD-Eq20, DD-Eq30; hypentropy_003 Def. 3.1/3.2; Woodworth et al. 2020.

Layout (one concept per module): ``_common`` (budgets), ``_block`` (one block as numbers: the
implicit potential), ``_reduce`` (step 2: leaf chart and pivot), ``_closed`` (step 4: closed forms),
``_potential`` (:class:`Potential`, :func:`derive_potential`), ``_checks`` (:func:`check_potential`),
``_convex`` (:func:`legendre_properties`, :func:`bregman`, :func:`bregman_projection`).
"""

from __future__ import annotations

from ._checks import check_derived, check_potential
from ._convex import bregman, bregman_projection, legendre_properties
from ._explicit import AffineSolution, affine_data, affine_kkt, affine_minimize, affine_solve
from ._potential import Potential, derive_potential

__all__ = ["Potential", "derive_potential", "check_potential", "check_derived", "bregman", "bregman_projection",
           "legendre_properties", "AffineSolution", "affine_data", "affine_kkt", "affine_minimize", "affine_solve"]
