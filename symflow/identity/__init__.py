r"""Is this expression zero?  Exact first, then high-precision evaluation with measured digits.

:func:`is_zero` decides :math:`f \equiv 0` for a SymPy expression :math:`f(x_1,\dots,x_n)`:

1. **Exact** (``proved`` / ``refuted``).  If :math:`f` is built from the variables and rational numbers by
   :math:`+,-,\times,/` and integer powers, it is an element of the field :math:`\mathbb{Q}(x_1,\dots,x_n)`: it is
   written as :math:`N/D` with :math:`N, D \in \mathbb{Q}[x_1,\dots,x_n]` (``sympy.polys.rings`` over ``QQ``, no gcds,
   no ``simplify``; :math:`D` is a product of non-zero polynomials) and :math:`N` is compared with the zero polynomial.
   Zero gives :class:`~symflow.verdict.Proved`; a non-zero numerator gives
   :class:`~symflow.verdict.Refuted` at an exact rational point of the domain where the numerator and denominator do
   not vanish (such a point exists in every open box, by Schwartz--Zippel), with the exact value there.
2. **Numeric** (``verified`` / ``refuted`` / ``inconclusive``).  Otherwise :math:`f` is evaluated with mpmath at
   rational points (Latin-hypercube strata of the domain, seeded) at ``dps`` digits and again at ``2*dps`` digits.
   The residual is made relative by a *scale*: the magnitude of the terms that cancel (an ``Add`` has the largest
   magnitude of its terms, a ``Mul`` the product of its factors' magnitudes, a positive power the power of its
   base's magnitude).  With :math:`r = |f|/\text{scale}`:

   * :math:`r < 10^{-(dps-5)}` at both precisions at every point: ``verified``, with
     ``digits`` = :math:`\min(-\log_{10} r_{dps}, -\log_{10} r_{2dps}, \text{agreement of the two})`, capped at ``dps``;
   * :math:`r` large and the two precisions agree on the value: ``refuted`` with the point and the value;
   * otherwise ``inconclusive`` (precision): the message says to raise ``dps``.

   Numeric agreement never upgrades to ``proved``; SymPy's ``Expr.equals`` is never consulted.

``simplify`` is not on the default path; with ``simplify_seconds`` it runs in a child process that is killed at the
time limit (brian2#384's ``safe_simplify``; sympy#21787, #26453 are simplify hangs).
"""
from ._points import DEFAULT_INTERVAL, POSITIVE_INTERVAL, rational_points


from ._public import equal, is_zero, vanishes_formally

__all__ = ["is_zero", "equal", "vanishes_formally", "rational_points", "DEFAULT_INTERVAL", "POSITIVE_INTERVAL"]
