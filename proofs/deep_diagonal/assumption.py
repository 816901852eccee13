r"""§2.1 of 000, the remarks on assumption (A) (spec §3.4): identical and random initializations, how (A) compares
with the assumptions of the literature, and which layer can cross zero.

(A) (DD-EqA): in every coordinate the minimal :math:`|u^k_i(0)|` is attained once.  On a generic pair of layers
(:mod:`._model`: ``u0``, ``w0`` the initial values of two layers of one coordinate) a tie is the zero set of
:math:`u_0^2 - w_0^2`; (A) fails in a coordinate iff its two smallest absolute values tie.
"""

from __future__ import annotations

import sympy
from sympy import Rational

from symflow.claims import Statement, claim, kit
from symflow.verdict import Proved, Refuted

from ._model import u0, w0
from .layers import H_FLOW, PROP12, prop12

__all__ = ["TIE"]

TIE = Statement(tie=u0 ** 2 - w0 ** 2).scale_free("tie")
ARG_PAIR = ("the argmin of a coordinate has >= 2 elements iff some pair of its layers ties at the minimum; a pair "
            "(u0, w0) of any two layers is the general case (every L >= 2, every d)")
_P = sympy.Symbol("p", positive=True)


def _tie_checks(tie):
    """A tie polynomial must vanish at |u0| = |w0| (both signs) and be a non-zero polynomial."""
    return [("identical layers u0 = w0", tie.subs(w0, u0), 0), ("opposite layers u0 = -w0", tie.subs(w0, -u0), 0)]


@claim("DD-S2.1-Arandom", text="Initializing every layer with the same values violates (A); random initialization "
       "satisfies (A) almost surely.", expect=Proved, statement=TIE, hyp="initialization with a density on R^{L×d}",
       cites=("DD-EqA",))
def arandom(ctx):
    """Identical layers tie, so #argmin = L >= 2 and (A) fails.  An initialization violating (A) lies in the union
    over pairs of layers and coordinates of the zero sets of the tie polynomial; each is a non-zero polynomial
    (its value at (u0, w0) = (1, 0) is not 0), so the union is Lebesgue-null and a density gives it probability 0."""
    v = kit.identities(_tie_checks(ctx.s.tie), argument=ARG_PAIR, what="ties of identical / opposite layers")
    if not isinstance(v, Proved):
        return v
    off = ctx.s.tie.subs({u0: 1, w0: Rational(1, 2)})
    if off == 0 or not ctx.s.tie.has(u0) or not ctx.s.tie.has(w0):
        return Refuted("the tie set is not the null set |u0| = |w0|: the statement vanishes off it",
                       counterexample={"u0": "1", "w0": "1/2", "value": str(off)})
    return Proved("identical layers tie (#argmin = L >= 2: (A) fails); ties lie in the zero set of the non-zero "
                  f"polynomial {ctx.s.tie} (value {off} at (1, 1/2)), a Lebesgue-null set: " + v.detail,
                  certificate=dict(v.certificate))


# ---------------------------------------------------------------------------------------------- (A) is weak

AWEAK = Statement(balanced=u0 ** 2 - w0 ** 2, zero_layer=w0).scale_free("balanced", "zero_layer")
_CEX = {"initialization": "L = 2, d = 1, u^1(0) = u^2(0) = 1 (balanced: equal squares)",
        "argmin_k |u^k(0)|": "{1, 2}: (A) fails", "zero layer": "u^1(0) = 0, u^2(0) = 1: argmin {1}, (A) holds"}


def _facts(s):
    """Balancedness on a diagonal pair is the vanishing of ``balanced`` (DD-Def-Balanced: equal squares); every
    balanced pair ties (violates (A)); a zero layer (``zero_layer`` = 0) below a non-zero layer is a unique minimum."""
    bal = kit.identities([(f"the balance relation at w0 = {sg}·u0", s.balanced.subs(w0, sg * u0), 0) for sg in (1, -1)],
                         argument=ARG_PAIR, what="balanced pairs are exactly the ties")
    if not isinstance(bal, Proved):
        return bal
    if s.balanced.subs({u0: _P, w0: _P / 2}) == 0:
        return Refuted("the balance relation holds off the balanced pairs", counterexample={"u0": "p", "w0": "p/2"})
    zero = kit.identity(s.zero_layer.subs(w0, 0), 0, argument=ARG_PAIR, what="the zero layer has value 0")
    if not isinstance(zero, Proved):
        return zero
    return Proved("balanced pairs are the ties |u0| = |w0| (they violate (A)); a zero layer under a non-zero layer is "
                  "the unique minimum (it satisfies (A)): " + bal.detail,
                  certificate={"balanced": dict(bal.certificate), "zero": dict(zero.certificate)})


@claim("DD-S2.1-Aweak", text="(A) is relatively weak compared with assumptions in the literature (Woodworth et al. "
       "impose a layer to be zero; Arora et al. impose balancedness).", expect=Refuted, statement=AWEAK,
       hyp="a pair of layers of one coordinate (the general case of (A))", cites=("DD-EqA", "DD-Def-Balanced"))
def aweak(ctx):
    """'Weaker than balancedness' would need balanced initializations to satisfy (A); they never do."""
    v = _facts(ctx.s)
    if not isinstance(v, Proved):
        return v
    return Refuted("a balanced initialization violates (A): (A) does not relax balancedness (the two sets are "
                   "disjoint); it does relax 'a layer is zero'", counterexample={**_CEX, "facts": v.detail[:200]})


@claim("DD-S2.1-Aweak/corrected", text="(A) is weaker than a zero layer with non-zero other layers (every such "
       "initialization satisfies (A)); balanced initializations ($|u^j_i(0)|$ equal across layers) never satisfy "
       "(A): (A) and balancedness are disjoint.", expect=Proved, statement=AWEAK,
       hyp="a pair of layers of one coordinate (the general case of (A))", cites=("DD-EqA", "DD-Def-Balanced"))
def aweak_corrected(ctx):
    return _facts(ctx.s)


@claim("DD-S2.1-OneCross", text="Under (A), for each component only one layer can cross zero: the one of minimal "
       "absolute value at initialization.", expect=Proved, hyp=H_FLOW + "; (A)", cites=("DD-Prop1.2", "DD-Fig-3"))
def one_cross(ctx):
    """Under (A) the argmin is one layer; every other layer never vanishes (DD-Prop1.2, decided on its statement),
    so at most the minimal layer can cross 0 (DD-Prop1.2's counterexample flow shows that it can)."""
    v = prop12(ctx.with_statement(PROP12))
    if isinstance(v, Proved):
        return Proved("(A): a single minimal layer; the others never vanish: " + v.detail,
                      certificate=dict(v.certificate))
    return v
