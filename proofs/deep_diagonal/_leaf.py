r"""Inequalities on a leaf of (7), decided from the statement: exact proof, or a point of a real trajectory.

On a coordinate :math:`i` take a non-minimal layer :math:`u = u^j_i` (initial value ``u0``) and the minimal layer
:math:`w = u^l_i` (``w0``), :math:`|w_0| < |u_0|` (hypothesis (A)).  By (7) (DD-Eq7, proved),
:math:`u(t)^2 = w(t)^2 + c` with :math:`c = u_0^2 - w_0^2 > 0`, and :math:`u` keeps the sign of :math:`u_0`
(DD-Prop1.2).  Two points of every such leaf lie on a real trajectory: :math:`t = 0` (:math:`u = u_0`,
:math:`w = w_0`) and the time where the minimal layer crosses 0 (:math:`w = 0`, :math:`u = \pm\sqrt c`; reached in
finite time on :math:`(\theta - y)^2` with :math:`y` of the other sign, DD-Prop1.2's counterexample flow).

:func:`leaf_relation` decides a relation ``lhs R rhs`` in ``u, u0, w0`` (``R`` one of <=, >=, <, >) on the leaf:
``Proved`` when, with :math:`u^2 = w^2 + c` and :math:`u_0^2 = w_0^2 + c`, the slack is a polynomial in
:math:`(w, w_0, c)` with non-negative coefficients and even degrees in :math:`w, w_0` (it is then >= 0 for every
real :math:`w, w_0` and :math:`c > 0`: every L, d and loss); ``Refuted`` at one of the trajectory points above
otherwise, with the point.  ``IMPLIED`` is set when the slack exceeds the printed slack (``w**2``) by such a
polynomial: a weaker, true statement.
"""

from __future__ import annotations

import sympy
from sympy import Rational, Symbol

from symflow.claims import IMPLIED
from symflow.verdict import Inconclusive, Proved, Reason, Refuted

from ._model import ARG_TWO, u, u0, w, w0

__all__ = ["leaf_relation", "positive_under_A", "C", "slack", "nonneg_poly", "LEAF_POINTS"]

C = Symbol("c", positive=True)  # u0^2 - w0^2 > 0 under (A)

# initial values (u0, w0) with |w0| < |u0| (both signs, a zero minimal layer included)
_MINIMAL = (0, Rational(1, 5), Rational(-2, 5), Rational(9, 20), Rational(11, 10), Rational(-5, 2), Rational(5, 2))
LEAF_POINTS = tuple((a, b) for a in (Rational(1, 2), 1, Rational(3, 2), 3, Rational(-2), Rational(-7, 10))
                    for b in _MINIMAL
                    if abs(b) < abs(a)) + ((1, Rational(9999999, 10000000)),)  # a gap of 2e-7


def slack(rel) -> sympy.Expr:
    """rhs - lhs for <=, <; lhs - rhs for >=, > (>= 0 when the relation holds)."""
    if isinstance(rel, (sympy.LessThan, sympy.StrictLessThan)):
        return rel.rhs - rel.lhs
    if isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
        return rel.lhs - rel.rhs
    raise TypeError(f"{rel} is not an inequality")


def nonneg_poly(expr, gens, even=()) -> bool:
    """``expr`` is a polynomial in ``gens`` with non-negative coefficients and even degrees in ``even``."""
    expr = sympy.expand(expr)
    if expr == 0:
        return True
    try:
        poly = sympy.Poly(expr, *gens)
    except sympy.PolynomialError:
        return False
    if any(not c.is_number or c < 0 for c in poly.coeffs()):
        return False
    idx = [gens.index(e) for e in even]
    return all(m[k] % 2 == 0 for m in poly.monoms() for k in idx)


def _on_leaf(expr, su: int, s0: int):
    """``expr`` with u = su*sqrt(w^2 + c), u0 = s0*sqrt(w0^2 + c) (u keeps the sign of u0: su = s0)."""
    return sympy.expand(expr.subs({u: su * sympy.sqrt(w ** 2 + C), u0: s0 * sympy.sqrt(w0 ** 2 + C)}))


def _points():
    for a, b in LEAF_POINTS:
        c = a ** 2 - b ** 2
        yield "t = 0", {u: a, u0: a, w0: b, w: b}
        yield "the minimal layer crosses 0", {u: sympy.sign(a) * sympy.sqrt(c), u0: a, w0: b, w: 0}


def leaf_relation(rel, *, what: str, strict_positive: bool = False):
    """Decide ``rel`` (in u, u0, w0; u = u(t) a non-minimal layer) on every leaf of (7) under (A)."""
    if isinstance(rel, sympy.logic.boolalg.BooleanAtom):
        return Refuted(f"{what}: the relation is {rel} identically", counterexample={"relation": str(rel)}) \
            if rel is sympy.false else Proved(f"{what}: trivially true", certificate={IMPLIED: "trivially true"})
    sl = slack(rel)
    strict = isinstance(rel, (sympy.StrictLessThan, sympy.StrictGreaterThan))
    reduced = [_on_leaf(sl, s, s) for s in (1, -1)]
    if all(nonneg_poly(r, [w, w0, C], even=[w, w0]) for r in reduced) and not strict:
        extra = [sympy.expand(r - w ** 2) for r in reduced]
        cert = {"slack on the leaf": str(reduced[0]), "argument": ARG_TWO}
        if any(e != 0 for e in extra):
            cert[IMPLIED] = "weaker than the printed relation: its slack exceeds w^2 by a non-negative polynomial"
        return Proved(f"{what}: with u^2 = w^2 + c (by (7)) the slack is {reduced[0]} >= 0 for every real w, w0 and "
                      "c = u0^2 - w0^2 > 0", certificate=cert)
    for label, pt in _points():
        value = sl.subs(pt)
        num = sympy.N(value, 30)
        if not num.is_real:
            continue
        if num < -sympy.Rational(1, 10 ** 20) or (strict and abs(num) < sympy.Rational(1, 10 ** 20)):
            return Refuted(f"{what}: fails at a point of a trajectory ({label})", counterexample={
                "where": label, "u(0)": str(pt[u0]), "w(0) (minimal layer)": str(pt[w0]), "u(t)": str(pt[u]),
                "w(t)": str(pt[w]), "relation": str(rel), "slack": str(sympy.nsimplify(value))})
    return Inconclusive(f"{what}: not decided by the leaf argument and no trajectory point violates it",
                        reason=Reason.UNDECIDED)


def positive_under_A(expr, *, what: str):
    """Decide ``expr(u0, w0) > 0`` for every |w0| < |u0|: Proved when, with u0^2 = w0^2 + c, it is a non-negative
    polynomial in (w0, c) (even in w0) that does not vanish at w0 = 0; else Refuted at an initial pair."""
    reduced = [sympy.expand(expr.subs(u0, s * sympy.sqrt(w0 ** 2 + C))) for s in (1, -1)]
    if all(nonneg_poly(r, [w0, C], even=[w0]) and sympy.expand(r.subs(w0, 0)) != 0 for r in reduced):
        return Proved(f"{what}: with u0^2 = w0^2 + c it is {reduced[0]} > 0 for c > 0", certificate={
            "reduced": str(reduced[0]), "argument": "c = u0^2 - w0^2 > 0 under (A); every L, d"})
    for a, b in LEAF_POINTS:
        value = expr.subs({u0: a, w0: b})
        if sympy.N(value, 30) <= 0:
            return Refuted(f"{what}: not positive at an initialization satisfying (A)", counterexample={
                "u(0)": str(a), "minimal layer w(0)": str(b), "value": str(value), "expr": str(expr)})
    return Inconclusive(f"{what}: positivity not decided", reason=Reason.UNDECIDED)
