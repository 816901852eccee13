r"""Lie brackets of gradient fields, the commuting test, and the dimension of the generated Lie algebra.

Convention (Li, Wang, Lee, Arora 2022, Def. 4.1; DD-Def-Commuting): for vector fields :math:`f, g` on
:math:`\mathbb{R}^D`,

.. math:: [f, g] = (\partial g)\, f - (\partial f)\, g, \qquad
          [\nabla G_i, \nabla G_j] = \nabla^2 G_j\, \nabla G_i - \nabla^2 G_i\, \nabla G_j .

:math:`G` is *commuting* when every :math:`[\nabla G_i, \nabla G_j]` vanishes identically (DD-Def-Commuting writes
:math:`\nabla^2 G_{i_1}\nabla G_{i_2} - \nabla^2 G_{i_2}\nabla G_{i_1} = 0`, the same condition with the opposite
sign).

:func:`lie_algebra_dimension` is Algorithm 1 of Marcotte, Gribonval, Peyré (NeurIPS 2023, "Abide by the law and
follow the flow") done exactly: the generators :math:`\nabla G_1, \dots, \nabla G_d` and their iterated brackets are
polynomials over QQ, they are evaluated at random integer (hence rational) points and a bracket is kept only if it
raises the *exact* rank over QQ of the evaluated family (an incremental row-echelon form over QQ).

Why pruning is sound: if a field :math:`V` does not raise the rank at a generic point, then
:math:`V = \sum_j c_j K_j` with rational-function coefficients over the kept fields :math:`K_j`, and
:math:`[g, V] = \sum_j c_j [g, K_j] + g(c_j) K_j` lies in the span of fields that are still bracketed.  When a level
adds nothing, the span (over functions) of the kept fields is invariant under :math:`\mathrm{ad}_{\nabla G_i}`, so it
contains the whole Lie algebra; the rank of the kept fields at a generic point is then :math:`\dim \mathrm{Lie}(G)(x)`.

Direction of the bound (deterministic): every kept field belongs to the Lie algebra, so the exact rank at *any*
point is a LOWER bound of the generic dimension of the Lie-algebra trace (and ``D - dim`` an UPPER bound of the
number of independent conservation laws).  Equality fails only when the point is a zero of one fixed non-zero minor;
the certificate states the Schwartz-Zippel bound of that event.
"""
from ._algebra import lie_algebra_dimension


from ._commuting import is_commuting
from ._rings import SAMPLE_BITS, bracket


__all__ = ["bracket", "is_commuting", "lie_algebra_dimension", "SAMPLE_BITS"]
