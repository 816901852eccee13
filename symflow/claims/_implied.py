r"""Exact proof that a mutant is *implied* by the printed statement (a weaker statement: true whenever it is).

A mutant changes one node :math:`n \to n'` of one part.  When the part is a relation :math:`\ell \le r`, the claim
gets weaker exactly when its slack :math:`r - \ell` grows.  The change travels from the node to the root along the
path of ancestors, each of which is monotone in the child on the way for known reasons:

* a sum is increasing in each term; a product is monotone with the sign of the other factors;
* :math:`b^e` with :math:`b > 0` (at both ends) is monotone in :math:`b` with the sign of :math:`e` (with
  :math:`e > 0`, :math:`b \ge 0` suffices), and in :math:`e` non-decreasing when :math:`b \ge 1` (or :math:`b` a
  non-negative integer and :math:`e > 0`), decreasing when :math:`0 < b < 1`; an odd integer power is increasing;
* :math:`\exp`, :math:`\operatorname{asinh}`, :math:`\arctan`, :math:`\tanh`, Min and Max are increasing; :math:`\log`
  and the square root are increasing on :math:`(0, \infty)`;
* a relation's slack is increasing in its right side and decreasing in its left side (for :math:`\le, <`); more
  slack is weaker for a relation the claim concludes and stronger for one it assumes (declared with
  :meth:`Statement.monotone`, never guessed).

So :math:`\operatorname{sign}(r' - \ell' - (r - \ell)) = \operatorname{sign}(n' - n)\prod(\text{monotonicity})`, each
sign decided by SymPy's assumption system on the statement's declared domain (:meth:`Statement.assuming`).  When every
factor is decided and the product says "slack grows", the mutant is implied **for every value of the domain**: it is
a true statement whenever the printed one is, and no sound check can refute it.  Such mutants are listed as
``implied`` (with this argument) and left out of the mutation score, as equivalent ones are; they are still run, and
a check that refutes one contradicts itself (reported as ``unsound``).

A part that is not a relation is used by the check (a hypothesis bound, a constant of a rate); the claim declares
with :meth:`Statement.monotone` in which direction it gets weaker.  Anything undecided returns ``""`` (not shown
implied): the mutant then stays in the score.
"""

from __future__ import annotations

import functools
from typing import Sequence

import sympy
from sympy.core.relational import Relational

__all__ = ["implication", "sign", "follows"]

_MAX_OPS = 200  # factor() only on small expressions (bounded cost)
_INCREASING = (sympy.exp, sympy.asinh, sympy.atan, sympy.tanh, sympy.erf, sympy.Min, sympy.Max)
_UP = (sympy.LessThan, sympy.StrictLessThan)


@functools.lru_cache(maxsize=4096)  # exact expressions carry their assumptions: a pure function of its argument
def sign(expr: sympy.Expr) -> int:
    """+1 when ``expr >= 0`` is decided by SymPy's assumptions, -1 when ``expr <= 0``, 0 when undecided."""
    for e in _forms(expr):
        if e.is_nonnegative:
            return 1
        if e.is_nonpositive:
            return -1
    return 0


def _forms(expr: sympy.Expr, deep: bool = False):
    yield from _cheap_forms(expr)
    if sympy.count_ops(expr) <= _MAX_OPS // 4:  # factor() is costly: small expressions only
        for d in (False, True) if deep else (False,):  # deep: inside powers too (a0 + d (1 - u)**t)
            try:
                yield sympy.factor(expr, deep=d)
            except Exception:  # noqa: BLE001 - a failed rewriting only means "undecided"
                return


def _positive(*values: sympy.Expr) -> bool:
    """Every value > 0 on the domain, decided on rewritings too (σ - σ/(1 + q) is σq/(1 + q) together; 1 - 2h - h²
    with h = u/(1 + √(1 + u)) is positive once factored)."""
    return all(_is_positive(v) for v in values)


@functools.lru_cache(maxsize=4096)
def _is_positive(value: sympy.Expr) -> bool:
    return any(f.is_positive for f in _forms(value, deep=True))


def _cheap_forms(expr: sympy.Expr):
    yield expr
    if sympy.count_ops(expr) <= _MAX_OPS:
        try:
            yield sympy.together(expr)
            yield sympy.factor_terms(sympy.together(expr))
        except Exception:  # noqa: BLE001 - a failed rewriting only means "undecided"
            return


def _monotone(node: sympy.Basic, k: int, old: sympy.Expr, new: sympy.Expr, sub) -> int:
    """+1 / -1 when ``node`` is non-decreasing / non-increasing in argument ``k`` on the segment [old, new].

    ``old``/``new`` are the child's values on the domain; ``sub`` maps the other arguments there (piece by piece:
    substituting into the whole node could merge its terms)."""
    args = node.args
    if isinstance(node, sympy.Add):
        return 1
    if isinstance(node, sympy.Mul):
        return sign(sympy.Mul(*[sub(a) for a in args[:k] + args[k + 1:]]))
    if isinstance(node, sympy.Pow):
        base, exp = sub(args[0]), sub(args[1])
        if k == 0:
            if exp.is_integer and exp.is_odd and exp.is_positive:
                return 1
            if exp.is_positive and old.is_nonnegative and new.is_nonnegative:
                return 1  # b**e, e > 0, is non-decreasing on [0, oo) (0**e = 0)
            return sign(exp) if _positive(old, new) else 0
        if sign(base - 1) > 0:
            return 1
        if base.is_integer and base.is_nonnegative and _positive(old, new):
            return 1  # b in {0, 1, 2, ...}: b**e is non-decreasing in e > 0 (0 and 1 constant)
        if _positive(base, 1 - base):
            return -1
        return 0
    if isinstance(node, _INCREASING):
        return 1
    if isinstance(node, sympy.log) or isinstance(node, sympy.Abs):
        if _positive(old, new):
            return 1
        if isinstance(node, sympy.Abs) and _positive(-old, -new):
            return -1
    return 0


def _relation_reason(old, new, weaker_if: int, sub) -> str:
    """A relation replaced as a whole: implied when it is the printed one on the domain, or (for a relation the claim
    concludes) true on the whole domain -- the claim's hypotheses included (:meth:`Statement.given`)."""
    o, n = sub(old), sub(new)
    if o == n:
        return "implied (proved): equal to the printed statement on the declared domain"
    if weaker_if > 0 and n is sympy.true:
        return "implied (proved): the mutated conclusion holds on the whole declared domain"
    return ""


def _short(e, n: int = 60) -> str:
    text = str(e)
    return text if len(text) <= n else text[: n - 3] + "..."


def _equal_on_domain(old, new, sub) -> bool:
    change = sub(new) - sub(old)
    return sympy.count_ops(change) <= _MAX_OPS and sympy.expand(change) == 0


def _even_power(node, k: int, sub) -> bool:
    if not (isinstance(node, sympy.Pow) and k == 0):
        return False
    exp = sub(node.exp)
    return bool(exp.is_integer and exp.is_even and exp.is_positive)


def _squares(old, new) -> int:
    """sign(new^2 - old^2), expanded (e.g. (-L - 1)^2 - (L - 1)^2 = 4L)."""
    try:
        return sign(sympy.expand(new ** 2 - old ** 2))
    except Exception:  # noqa: BLE001 - undecided
        return 0


def _exponent_change(old, new, sub) -> int:
    """The direction of b**e -> b**e' (the exponent operators) from the monotonicity of b**e in e, when the
    difference itself is undecided (e.g. (L - 1)**2 -> (L - 1)**3 for an integer L >= 1)."""
    if not (isinstance(old, sympy.Pow) and isinstance(new, sympy.Pow) and old.base == new.base):
        return 0
    e_old, e_new = sub(old.exp), sub(new.exp)
    return _monotone(old, 1, e_old, e_new, sub) * sign(e_new - e_old)


def implication(part: sympy.Basic, path: Sequence[tuple[sympy.Basic, int]], old: sympy.Basic, new: sympy.Basic,
                weaker_if: int = 0, domain: dict | None = None) -> str:
    """Why the mutant replacing ``old`` by ``new`` (reached from ``part`` along ``path``: (ancestor, child index)
    pairs, root first) is weaker than the printed statement, or ``""`` when that is not proved.

    ``weaker_if``: +1 when the claim is weaker as the part grows (an expression) or gets more slack (a concluded
    relation), -1 the other way (an assumed relation), 0 undeclared: nothing is proved.  ``domain`` maps the
    statement's symbols to symbols carrying its declared assumptions."""
    dom = domain or {}
    sub = (lambda e: e.xreplace(dom)) if dom else (lambda e: e)
    if not path:
        if isinstance(part, Relational):  # the whole relation replaced (<= <-> >=, a negated side)
            return _relation_reason(old, new, weaker_if, sub)
        if not weaker_if:
            return ""
    if not all(isinstance(e, sympy.Expr) for e in (old, new)):
        return ""
    if _equal_on_domain(old, new, sub):
        return "implied (proved): equal to the printed statement on the declared domain"
    chain = list(reversed(list(path)))
    cur_old, cur_new, lifted = old, new, 0
    direction = sign(sub(new) - sub(old)) or _exponent_change(old, new, sub)
    while direction == 0:  # undecided here: carry the change up to the first ancestor whose change is decided
        if lifted == len(chain):
            return ""
        node, k = chain[lifted]
        args = list(node.args)
        args[k] = cur_new
        cur_old, cur_new, lifted = node, node.func(*args), lifted + 1
        if isinstance(node, Relational):
            return _relation_reason(cur_old, cur_new, weaker_if, sub) if node is part else ""
        if _equal_on_domain(cur_old, cur_new, sub):
            return "implied (proved): equal to the printed statement on the declared domain"
        direction = sign(sub(cur_new) - sub(cur_old))
    first = direction
    steps = [f"carried up to {_short(cur_old)}, whose change is decided"] if lifted else []
    for node, k in chain[lifted:]:
        if isinstance(node, Relational):
            if node is not part or type(node) not in (sympy.LessThan, sympy.GreaterThan, sympy.StrictLessThan,
                                                       sympy.StrictGreaterThan):
                return ""
            if not weaker_if:
                return ""  # a relation's role (concluded or assumed) is declared, never guessed
            up = type(node) in _UP
            factor = (1 if k == 1 else -1) * (1 if up else -1)
            direction *= factor * weaker_if
            steps.append(f"slack {'increasing' if factor > 0 else 'decreasing'} in the {'right' if k else 'left'} "
                         f"side; the claim {'concludes' if weaker_if > 0 else 'assumes'} this relation")
            break
        if _even_power(node, k, sub):  # b**(2m) = (b**2)**m: the direction is that of b**2, whatever b's sign
            direction = _squares(sub(cur_old), sub(cur_new))
            if direction == 0:
                return ""
            steps.append(f"even power: the square {'grows' if direction > 0 else 'shrinks'}")
        else:
            factor = _monotone(node, k, sub(cur_old), sub(cur_new), sub)
            if factor == 0:
                return ""
            direction *= factor
            steps.append(f"{type(node).__name__} {'increasing' if factor > 0 else 'decreasing'}")
        args = list(node.args)
        args[k] = cur_new
        cur_old, cur_new = node, node.func(*args)
        if _equal_on_domain(cur_old, cur_new, sub):  # e.g. the change multiplies a value the domain makes 0
            return "implied (proved): equal to the printed statement on the declared domain"
    else:
        if not isinstance(part, sympy.Expr) or not weaker_if:
            return ""
        direction *= weaker_if
        steps.append(f"the claim is declared weaker as this part {'grows' if weaker_if > 0 else 'shrinks'}")
    if direction <= 0:
        return ""
    return ("implied (proved): the change moves every value of the domain the weaker way "
            f"({'; '.join(['node ' + ('grows' if first > 0 else 'shrinks')] + steps)})")


def _bound(rel) -> tuple | None:
    """``small < big`` (or <=) as (small, big, strict), or None for another relation."""
    if isinstance(rel, (sympy.StrictLessThan, sympy.LessThan)):
        return rel.lhs, rel.rhs, isinstance(rel, sympy.StrictLessThan)
    if isinstance(rel, (sympy.StrictGreaterThan, sympy.GreaterThan)):
        return rel.rhs, rel.lhs, isinstance(rel, sympy.StrictGreaterThan)
    return None


def follows(rel, by: dict, sub) -> str:
    """The name of a relation of ``by`` that implies ``rel`` on the domain ``sub`` maps to, or "": both bound the same
    side (a < f from a < g with g <= f; f < a from g < a with f <= g), every sign decided exactly (:func:`sign`)."""
    target = _bound(sub(rel))
    if target is None:
        return ""
    small, big, strict = target
    for name, other in by.items():
        b = _bound(sub(other))
        if b is None:
            continue
        need = (lambda e: _positive(e)) if strict and not b[2] else (lambda e: sign(e) > 0)
        if b[0] == small and need(big - b[1]) or b[1] == big and need(b[0] - small):
            return name
    return ""
