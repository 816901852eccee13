r"""Shared notation of the HY sections §3.3-§4 (spec ``hypentropy_003.md``): symbols, the hypentropy of Def. 3.1
as a SymPy expression, one neuron of the fixed-direction network.

======================================  ==========================================================================
paper                                   here
======================================  ==========================================================================
:math:`\phi_\alpha` (Def 3.1, α > 0)    :func:`phi` (``alpha`` positive), :data:`PHI_POS`
:math:`\phi_0` (Def 3.1)                :data:`PHI_ZERO` (on x > 0) / :data:`PHI_ZERO_NEG` (on x < 0)
:math:`a_j, b_j` (one neuron)           ``a``, ``b``; ``g`` = :math:`[\nabla F(\beta)]_j`, generic
:math:`\beta_j = a_j b_j`, :math:`r_j`  ``beta``, ``r`` (:math:`r = \frac12(a^2 - b^2)`)
======================================  ==========================================================================

A separable statement checked on one coordinate with a generic gradient value ``g`` covers every width m, every
sample size n and all data: the coordinates of the network and of :math:`\Phi_r` decouple.
"""

from __future__ import annotations

import sympy
from sympy import Symbol, asinh, log, sqrt

__all__ = ["x", "t", "alpha", "z", "a", "b", "g", "beta", "r", "phi", "PHI_POS", "PHI_ZERO", "PHI_ZERO_NEG",
           "NEURON", "ARG_NEURON", "ARG_COORD", "X_NEG", "PHI_ZERO_NEG_DOM", "W", "W_DEF",
           "reduce_roots", "X_POS", "at_point", "identities_w",
           "also_true", "POINT"]

x = Symbol("x", real=True)
t = Symbol("t", positive=True)
alpha = Symbol("alpha", positive=True)
z = Symbol("z", positive=True)
a = Symbol("a", positive=True)            # a_j > 0 along the flow (Lemma A.2 with a_j(0) > 0)
b = Symbol("b", real=True)
g = Symbol("g", real=True)                # [grad F(beta)]_j, a generic value
beta = Symbol("beta", real=True)
r = Symbol("r", positive=True)


def phi(al, var=x) -> sympy.Expr:
    r"""Def. 3.1 for α ≠ 0: :math:`\phi_\alpha(x) = x\,\mathrm{arcsinh}(x/\alpha) - \sqrt{x^2+\alpha^2} + \alpha`."""
    return var * asinh(var / al) - sqrt(var ** 2 + al ** 2) + al


PHI_POS = phi(alpha)
_xp = Symbol("x", positive=True)
PHI_ZERO = _xp * log(_xp) - _xp + 1                    # |x| log|x| - |x| + 1 on x > 0
PHI_ZERO_NEG = -x * log(-x) + x + 1                     # the same on x < 0 (|x| = -x)
X_POS = _xp

# one neuron of the network along gradient flow on L∘N, with a > 0 (so (a<θ,x>)_+ = a(<θ,x>)_+):
# ∂(L∘N)/∂a_j = b_j g, ∂(L∘N)/∂b_j = a_j g  with g = Σ_i (<θ_j,x_i>)_+ ∂L/∂y_i = [∇F(β)]_j
NEURON = {a: -b * g, b: -a * g}
ARG_NEURON = ("one neuron j with a generic gradient value g = [grad F(beta)]_j: the neurons decouple given g, so "
              "every width m, sample size n and data set is covered")
ARG_COORD = ("one coordinate with symbolic alpha > 0 (resp. z of either sign for alpha = 0): Phi_alpha is separable, "
             "so every dimension k and every alpha in R_+^k is covered")


X_NEG = Symbol("x", negative=True)
PHI_ZERO_NEG_DOM = PHI_ZERO_NEG.subs(x, X_NEG)          # on its own domain x < 0 (sign known to SymPy)
W = Symbol("W", positive=True)                          # W = sqrt(x^2 + alpha^2)
W_DEF = {W: x ** 2 + alpha ** 2}


def reduce_roots(e, var=x, al=alpha):
    r"""Write every power :math:`B^{k/2}` with :math:`B = x^2+\alpha^2` or :math:`B = 1 + x^2/\alpha^2` through
    ``W`` = :math:`\sqrt{x^2+\alpha^2}` (α > 0), so that :func:`kit.identity` with ``defs=W_DEF`` decides exactly."""
    target = var ** 2 + al ** 2

    def rep(node):
        if isinstance(node, sympy.Pow) and node.exp.is_Rational and node.exp.q == 2:
            B = node.base
            if sympy.cancel(B - target) == 0:
                return W ** node.exp.p
            if sympy.cancel(B * al ** 2 - target) == 0:
                return (W / al) ** node.exp.p
        return None

    return e.replace(lambda n: rep(n) is not None, rep)


def at_point(v, entries, point):
    """``v`` (an undecided verdict) unless an entry ``(label, lhs, rhs)`` differs at ``point`` (40 digits): then
    Refuted with both values."""
    from symflow.verdict import Refuted

    for label, lhs, rhs in entries:
        lv, rv = sympy.N(lhs.subs(point), 40), sympy.N(rhs.subs(point), 40)
        if lv.is_number and rv.is_number and abs(lv - rv) > sympy.Rational(1, 10 ** 30) * (1 + abs(lv)):
            return Refuted(f"{label} fails at {point}", counterexample={"entry": label, "point": str(point),
                                                                         "lhs": str(lv), "rhs": str(rv)})
    return v


POINT = {x: sympy.Rational(1, 2), alpha: sympy.Rational(3, 2), X_POS: sympy.Rational(1, 2),
         X_NEG: sympy.Rational(-1, 2), r: sympy.Rational(3, 2), beta: sympy.Rational(1, 3)}


def identities_w(entries, *, argument: str, what: str):
    """:func:`kit.identities` modulo W = sqrt(x^2 + alpha^2); when that cannot decide, the entries are compared at a
    point that respects the signs of the symbols (the kit's root search draws points of either sign)."""
    from symflow.claims import kit
    from symflow.verdict import Inconclusive

    v = kit.identities(entries, argument=argument, what=what, defs=W_DEF)
    if isinstance(v, Inconclusive):
        back = [(lb, l.subs(W, sqrt(x ** 2 + alpha ** 2)), q.subs(W, sqrt(x ** 2 + alpha ** 2)))
                for lb, l, q in entries]
        return at_point(v, back, POINT)
    return v


def also_true(ctx, v, what: str):
    """Under --mutate, a mutant that passes the same exact checks is a different function with the same property:
    say so (it is a true statement; no check of this claim can refute it)."""
    from symflow.verdict import Proved

    if ctx.mutating and isinstance(v, Proved):
        from symflow.claims import IMPLIED
        reason = (f"the mutated function also has the property ({what}), decided by the same exact checks: a true "
                  "statement about another function")
        return Proved(v.detail, certificate={**v.certificate, IMPLIED: reason})
    return v
