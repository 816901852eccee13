r"""Conservation laws of gradient flows :math:`\dot x = -\partial G(x)^\top \nabla \mathcal{L}(G(x))`.

A function :math:`h(x)` is conserved for every loss iff :math:`\langle \nabla h, \nabla G_i \rangle \equiv 0` for
:math:`i = 1..d` (Marcotte, Gribonval, Peyré 2023, Prop. 2.5).  Then it is also orthogonal to every bracket of the
:math:`\nabla G_i`, and (their Thm 3.3, a Frobenius argument) the number of functionally independent laws near a
generic point is

.. math:: N(G) = D - \dim \mathrm{Lie}(\nabla G_1, \dots, \nabla G_d)(x).

* :func:`law_count` -- :math:`N(G)` via :func:`symflow.lie.lie_algebra_dimension`, with certificate;
* :func:`polynomial_laws` -- every polynomial law of a given degree: the exact nullspace over QQ of the linear
  system in the unknown coefficients of :math:`h` (Marcotte et al., Algorithm 2, done over QQ instead of RR);
* :func:`laurent_laws` -- the same over monomials with negative exponents (:math:`1/u + 1/v` for :math:`u^3 - v^3`);
* :func:`first_integrals` -- laws of any smooth G (exp, log, sinh, ...) by the method of characteristics
  (:func:`separable_first_integral`, the engine the leaf charts of :mod:`symflow.potentials` use too; ``dsolve``
  for two variables), time-bounded;
* :func:`check_law` -- is a given :math:`h` conserved: exact for rational functions, and for transcendental ones
  whose inner products vanish with exp, log, ... as indeterminates (:func:`symflow.identity.vanishes_formally`);
* :func:`independent_laws` -- exact rank of the gradients of laws at a rational point;
* :func:`conservation_laws` -- what ``symflow analyze`` prints, a :class:`LawSet`: the count (from the Lie
  algebra, with its own verdict) and the explicit laws found, each checked, separately.

Known counts used as oracles: :math:`x_1 x_2 x_3` has 2 laws; deep linear networks
:math:`W_L\cdots W_1` with hidden widths >= 2 have :math:`\sum_{k=1}^{L-1} n_k(n_k+1)/2` (the entries of
:math:`W_{k+1}^\top W_{k+1} - W_k W_k^\top`, FM-Eq-conservation; with a width-1 layer the count can differ, e.g.
dims (1, 3, 1) has 5 = D - d, not 6); :math:`u \odot v` has the :math:`u_i^2 - v_i^2` (HY-S3.1-Conserved); a commuting
and regular G has exactly :math:`D - d` (Li, Wang, Lee, Arora 2022, with Marcotte et al.: the Lie algebra is spanned
by the :math:`\nabla G_i`).
"""

from ._ansatz import laurent_laws, polynomial_laws
from ._checks import check_law, independent_laws
from ._count import Law, LawSet, conservation_laws, law_count
from ._integrals import first_integrals, separable_first_integral

__all__ = ["law_count", "polynomial_laws", "laurent_laws", "first_integrals", "separable_first_integral",
           "check_law", "independent_laws", "conservation_laws", "LawSet", "Law"]
