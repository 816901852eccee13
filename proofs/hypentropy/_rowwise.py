r"""Row-symbolic decisions of F-only statements of §2 (see :mod:`._least_squares`, "row-symbolic" mode).

A statement that involves F only through F, grad F, D_F, X and inner products with grad F is a sum over the rows i of
one expression in the scalars :math:`x_i\cdot v` of its vectors; an identity, or a nonnegative (PSD) slack, for one
generic row holds for every n, d and X.  Source: HY-Def-LS, HY-Def-DF.
"""

from __future__ import annotations

from typing import Mapping

import sympy
from sympy import Symbol

from ._least_squares import VECTORS, NotRowwise

__all__ = ["ROW_ARGUMENT", "ROW_Y", "rowwise", "row_slack", "decide_rowwise", "row_claim"]

ROW_ARGUMENT = ("F = sum_i (x_i.beta - y_i)^2 / 2 and <grad F(a), v> = sum_i (x_i.a - y_i)(x_i.v): the statement is "
                "a sum over rows of one expression in the scalars x_i.v, so one generic row covers every n, d, X")

ROW_Y = Symbol("y_i", real=True)


def _row_symbol(v: Symbol) -> Symbol:
    return Symbol(f"x_i.{v}", real=True)


def rowwise(expr: sympy.Basic, substitutions: Mapping | None = None) -> sympy.Expr:
    """The per-row expression of an F-only statement (see the module docstring); raises :class:`NotRowwise`.

    ``substitutions`` maps a vector placeholder to a row value (e.g. ``{BS: ROW_Y}``: :math:`X\\beta^* = y`)."""
    subs = dict(substitutions or {})

    def lin(e):  # a vector expression -> its row value x_i . e (linear)
        if e.is_Symbol and e in VECTORS:
            return subs.get(e, _row_symbol(e))
        if isinstance(e, sympy.Add):
            return sympy.Add(*[lin(a) for a in e.args])
        if isinstance(e, sympy.Mul):
            consts = [a for a in e.args if a.is_Number]
            vecs = [a for a in e.args if not a.is_Number]
            if len(vecs) == 1:
                return sympy.Mul(*consts) * lin(vecs[0])
        raise NotRowwise(f"{e} is not a linear combination of vectors")

    def grad_row(g):  # a linear combination of GradF(a) terms -> its row factor sum c (x_i.a - y_i)
        if type(g).__name__ == "GradF":
            return lin(g.args[0]) - ROW_Y
        if isinstance(g, sympy.Add):
            return sympy.Add(*[grad_row(a) for a in g.args])
        if isinstance(g, sympy.Mul):
            consts = [a for a in g.args if a.is_Number]
            rest = [a for a in g.args if not a.is_Number]
            if len(rest) == 1:
                return sympy.Mul(*consts) * grad_row(rest[0])
        raise NotRowwise(f"{g} is not a combination of gradients of F")

    def xlin(e):  # a linear combination of Xv(v) terms -> its row value
        if type(e).__name__ == "Xv":
            return lin(e.args[0])
        if isinstance(e, sympy.Add):
            return sympy.Add(*[xlin(a) for a in e.args])
        if isinstance(e, sympy.Mul):
            consts = [a for a in e.args if a.is_Number]
            rest = [a for a in e.args if not a.is_Number]
            if len(rest) == 1:
                return sympy.Mul(*consts) * xlin(rest[0])
        raise NotRowwise(f"{e} is not a combination of X v terms")

    def ev(e):
        if e.is_Number:
            if e == 0:
                return e
            raise NotRowwise(f"a constant {e} is not a sum over rows")
        name = type(e).__name__
        if name == "F":
            return (lin(e.args[0]) - ROW_Y) ** 2 / 2
        if name == "DF":
            a, b = (lin(x) for x in e.args)
            fa, fb = (a - ROW_Y) ** 2 / 2, (b - ROW_Y) ** 2 / 2
            return fa - fb - (b - ROW_Y) * (a - b)
        if name == "Ip":
            return grad_row(e.args[0]) * lin(e.args[1])
        if name == "Rp":
            return (lin(e.args[0]) - ROW_Y) * (lin(e.args[1]) - ROW_Y)
        if name == "Sq":
            return xlin(e.args[0]) ** 2
        if isinstance(e, sympy.Add):
            return sympy.Add(*[ev(a) for a in e.args])
        if isinstance(e, sympy.Mul):
            terms = [a for a in e.args if not a.is_Number]
            if len(terms) == 1:
                return sympy.Mul(*[a for a in e.args if a.is_Number]) * ev(terms[0])
        raise NotRowwise(f"{e} is not a sum over rows of one expression")

    return sympy.expand(ev(sympy.sympify(expr)))


def row_slack(rel, substitutions: Mapping | None = None) -> tuple[sympy.Expr, str]:
    """(per-row slack, kind): rhs - lhs for <=, lhs - rhs for >=, lhs - rhs for an Eq / pair (kind '=')."""
    if isinstance(rel, (sympy.LessThan, sympy.StrictLessThan)):
        return sympy.expand(rowwise(rel.rhs, substitutions) - rowwise(rel.lhs, substitutions)), "<="
    if isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
        return sympy.expand(rowwise(rel.lhs, substitutions) - rowwise(rel.rhs, substitutions)), ">="
    lhs, rhs = (rel.lhs, rel.rhs) if isinstance(rel, sympy.Equality) else rel
    return sympy.expand(rowwise(lhs, substitutions) - rowwise(rhs, substitutions)), "="


def _psd(slack: sympy.Expr) -> bool:
    syms = sorted(slack.free_symbols, key=str)
    if not syms:
        return bool(slack >= 0)
    poly = sympy.Poly(slack, *syms)
    if poly.total_degree() != 2:
        return False
    z = Symbol("one_", real=True)
    gram = sympy.hessian(poly.homogenize(z).as_expr(), (*syms, z)) / 2
    return bool(gram.is_positive_semidefinite)


def _negative_directions(slack, syms) -> list:
    """Rational points along the eigenvectors of negative eigenvalues of the slack's homogenized Gram matrix."""
    import mpmath

    poly = sympy.Poly(slack, *syms)
    if poly.total_degree() != 2:
        return []
    z = Symbol("one_", real=True)
    gram = sympy.hessian(poly.homogenize(z).as_expr(), (*syms, z)) / 2
    with mpmath.workdps(30):
        E, Q = mpmath.eigsy(mpmath.matrix([[mpmath.mpf(sympy.Rational(v).p) / sympy.Rational(v).q for v in row]
                                           for row in gram.tolist()]))
        out = []
        for k in range(len(E)):
            if E[k] >= 0:
                continue
            vec = [Q[i, k] for i in range(len(E))]
            zc = vec[-1]
            for scale in (1, 10, 1000):
                pt = [x / zc if abs(zc) > mpmath.mpf(10) ** -6 else x * scale for x in vec[:-1]]
                out.append(tuple(sympy.Rational(int(mpmath.nint(x * 10 ** 6)), 10 ** 6) for x in pt))
    return out


def decide_rowwise(rel: sympy.Basic, substitutions: Mapping | None = None, *, what: str):
    """Decide an F-only identity (``Eq``/pair) or relation (<=, >=) for every n, d, X by its generic row.

    Identity: the per-row difference expands to 0.  Relation: the per-row slack is a quadratic form (in the row
    values and y_i) that is positive semidefinite, decided exactly over QQ.  Otherwise a small integer row where the
    two sides differ (or the slack is negative) is a counterexample (a design with n = 1).  Raises NotRowwise when the
    statement is not of that shape (the caller then checks numerically)."""
    import itertools

    from symflow.verdict import Inconclusive, Proved, Reason, Refuted

    slack, kind = row_slack(rel, substitutions)
    syms = sorted(slack.free_symbols, key=str)
    if slack == 0:
        return Proved(f"{what}: identity for one generic row ({kind})", certificate={
            "argument": ROW_ARGUMENT, "row difference": "0"})
    if kind != "=" and _psd(slack):
        return Proved(f"{what}: the per-row slack {slack} is a positive semidefinite quadratic form",
                      certificate={"argument": ROW_ARGUMENT, "row slack": str(slack)})
    for pt in _negative_directions(slack, syms) + list(itertools.product(range(-2, 3), repeat=len(syms))):
        val = slack.xreplace(dict(zip(syms, pt)))
        if (kind == "=" and val != 0) or (kind != "=" and val < 0):
            return Refuted(f"{what}: fails on a one-row design (n = 1)", counterexample={
                "row values": {str(k): str(v) for k, v in zip(syms, pt)}, "relation": kind,
                "slack": str(val), "row slack": str(slack)})
    return Inconclusive(f"{what}: per-row slack {slack} not decided", reason=Reason.UNDECIDED)


def row_claim(ctx, parts, substitutions: Mapping | None = None, *, what: str, hypothesis: str = ""):
    """All ``parts`` of the statement in force decided by :func:`decide_rowwise`; under ``--mutate`` a holding
    mutant whose per-row slacks equal the printed ones (a term that vanishes under the hypothesis) or exceed them
    by a positive semidefinite form (a weaker statement) is marked implied."""
    from symflow.claims import IMPLIED
    from symflow.verdict import Proved

    verdicts = []
    for part in parts:
        v = decide_rowwise(ctx.s[part], substitutions, what=f"{what} [{part}]")
        if v.word != "proved":
            return v
        verdicts.append(v)
    cert = {"argument": ROW_ARGUMENT, "parts": {p: v.detail for p, v in zip(parts, verdicts)}}
    if ctx.mutating and ctx.printed is not None:
        same = all(row_slack(ctx.s[p], substitutions)[0] == row_slack(ctx.printed[p], substitutions)[0]
                   for p in parts)
        weaker = all(_psd(sympy.expand(row_slack(ctx.s[p], substitutions)[0]
                                       - row_slack(ctx.printed[p], substitutions)[0])) for p in parts)
        if same:
            cert[IMPLIED] = ("equivalent: the same per-row statement as the printed one"
                             + (f" under the hypothesis {hypothesis} (the mutated term vanishes there)"
                                if substitutions else " (e.g. |-v|^2 = |v|^2)"))
        elif weaker:
            cert[IMPLIED] = "weaker than the printed statement (its slack exceeds the printed one by a PSD form)"
        else:
            cert[IMPLIED] = ("also a theorem: the mutant is proved for every n, d, X by the same row argument (a "
                             "stronger true statement than the printed one; no check can refute it)")
    return Proved(f"{what}: " + "; ".join(v.detail for v in verdicts), certificate=cert)




def theorem_survivors(check):
    """Decorate an exact check: under ``--mutate``, a mutant it still *proves* is a theorem itself (equivalent to, or
    stronger than, the printed statement); say so in the certificate instead of leaving the survivor unexplained."""
    import dataclasses
    import functools

    from symflow.claims import IMPLIED
    from symflow.verdict import Proved, Verified

    @functools.wraps(check)
    def wrapped(ctx):
        v = check(ctx)
        if not ctx.mutating:
            return v
        note = ("also a theorem: the mutated statement is decided exactly by the same general argument (an "
                "equivalent or stronger true statement; no check can refute it)")
        if isinstance(v, Proved) and IMPLIED not in v.certificate:
            return dataclasses.replace(v, certificate={**dict(v.certificate), IMPLIED: note})
        if isinstance(v, Verified) and v.exact and IMPLIED not in v.info:
            return dataclasses.replace(v, info={**dict(v.info), IMPLIED: note})
        return v
    return wrapped
