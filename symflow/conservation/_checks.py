"""Input handling, the exact check of one law, and the independence of laws (exact ranks at rational points)."""

from __future__ import annotations

from typing import Iterable, Sequence

import mpmath
import sympy
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix

from ..errors import InvalidArgument
from ..validation import check_int
from ..parameterization import Parameterization, check_parameterization, rational_point
from ..verdict import Inconclusive, Proved, Reason, Refuted, Verdict, Verified


# --------------------------------------------------------------------------------------------------------------
# input handling
# --------------------------------------------------------------------------------------------------------------
def _as_law(G: Parameterization, h) -> sympy.Expr:
    """A law as a SymPy expression in G.params; user text goes through the whitelist parser, symbols match by name."""
    if isinstance(h, str):
        try:
            from ..parse import parse_exprs
        except ImportError:  # pragma: no cover - parse.py is part of symflow
            raise InvalidArgument(f"h={h!r} (str): give a SymPy expression (the text parser is unavailable)") from None
        exprs = parse_exprs(h, G.params)
        if len(exprs) != 1:
            raise InvalidArgument(f"h={h!r} (str) has {len(exprs)} expressions; give one law at a time")
        h = exprs[0]
    try:
        h = sympy.sympify(h, strict=True)
    except (sympy.SympifyError, TypeError):
        raise InvalidArgument(f"h={h!r} ({type(h).__name__}) must be a SymPy expression in the parameters") from None
    if not isinstance(h, sympy.Expr):
        raise InvalidArgument(f"h={h!r} ({type(h).__name__}) must be a SymPy expression in the parameters")
    by_name = {str(p): p for p in G.params}
    rename = {}
    for s in h.free_symbols:
        if s not in G.params:
            if str(s) in by_name:
                rename[s] = by_name[str(s)]
            else:
                raise InvalidArgument(f"h={h} uses {s}, which is not a parameter of {G!r}; "
                                      f"use the parameters {', '.join(map(str, G.params[:8]))}")
    return h.xreplace(rename) if rename else h


def _is_poly(expr, params) -> bool:
    try:
        return sympy.Poly(expr, *params).domain in (sympy.ZZ, sympy.QQ)
    except sympy.PolynomialError:
        return False


def _qq_point(G: Parameterization, seed: int):
    point = rational_point(G.params, seed)
    return point, [QQ(int(point[p].p), int(point[p].q)) for p in G.params]


# --------------------------------------------------------------------------------------------------------------
# check_law
# --------------------------------------------------------------------------------------------------------------
def check_law(G: Parameterization, h, *, seed: int = 0) -> Verdict:
    r"""Is :math:`h` conserved by the gradient flow of every loss: :math:`\langle\nabla h, \nabla G_i\rangle \equiv 0`?

    Polynomial G and h (coefficients in QQ): decided exactly in :math:`\mathbb{Q}[x]` -- ``Proved``, or ``Refuted``
    with the index i (1-based), an exact rational point and the value of :math:`\langle\nabla h,\nabla G_i\rangle`
    there.  Otherwise each :math:`\langle\nabla h,\nabla G_i\rangle` goes to :func:`symflow.identity.is_zero`.

    Arguments:
        G: the parameterization.
        h: a SymPy expression in ``G.params`` (symbols are matched by name), or text for the whitelist parser.

    >>> from symflow.families import uv
    >>> check_law(uv(1), "u**2 - v**2").word, check_law(uv(1), "u**2 + v**2").word
    ('proved', 'refuted')
    """
    check_parameterization(G)
    h = _as_law(G, h)
    if G.is_polynomial and _is_poly(h, G.params):
        R, gens, polys = G.polys()
        hp = R.from_expr(h) if h.free_symbols else R.zero
        dh = [hp.diff(x) for x in gens]
        for i, g in enumerate(polys):
            s = R.zero
            for l, x in enumerate(gens):
                if dh[l]:
                    dg = g.diff(x)
                    if dg:
                        s = s + dh[l] * dg
            if s:
                for sd in range(seed, seed + 50):
                    point, vals = _qq_point(G, sd)
                    val = s.evaluate(list(zip(gens, vals))) if len(gens) > 1 else s.evaluate(gens[0], vals[0])
                    if val:
                        break
                ce = {"index": i + 1, "output": str(G.theta[i]),
                      "point": {str(k): str(v) for k, v in point.items()},
                      "inner_product": f"<grad h, grad G_{i + 1}>", "value": str(sympy.Rational(str(val))),
                      "expected": "0", "expression": str(s.as_expr())}
                return Refuted(f"<grad h, grad G_{i + 1}> = {s.as_expr()} is not identically 0 "
                               f"(= {val} at the point given)", counterexample=ce)
        return Proved(f"<grad h, grad G_i> = 0 identically in QQ[x] for all {G.d} outputs",
                      certificate={"method": "exact polynomial identity in QQ[x]", "law": str(h), "outputs": G.d})
    return _check_law_expr(G, h)


def _check_law_expr(G: Parameterization, h) -> Verdict:
    from ..identity import is_zero, vanishes_formally

    J = G.jacobian()
    dh = [sympy.diff(h, p) for p in G.params]
    digits, points, undecided = [], [], None
    for i in range(G.d):
        s = sympy.Add(*[dh[l] * J[i, l] for l in range(G.D) if dh[l] != 0 and J[i, l] != 0])
        if s == 0 or vanishes_formally(s):  # exact: 0 with exp(u), log(v), ... as independent indeterminates
            continue
        v = is_zero(s, symbols=G.params)
        if v.word == "refuted":
            ce = {"index": i + 1, "output": str(G.theta[i]), "inner_product": f"<grad h, grad G_{i + 1}>",
                  "expression": str(s)}
            ce["is_zero"] = dict(getattr(v, "counterexample", {}))
            return Refuted(f"<grad h, grad G_{i + 1}> = {s} is not 0", counterexample=ce, measured_digits=v.digits)
        if v.word == "inconclusive":
            undecided = v
        elif v.word == "verified":
            digits.append(v.digits)
            points.extend(tuple(getattr(v, "points", ()))[:1])
    if undecided is not None:
        return Inconclusive(f"could not decide <grad h, grad G_i> = 0: {undecided.detail}",
                            reason=getattr(undecided, "reason", Reason.UNDECIDED))
    if digits:
        return Verified(f"<grad h, grad G_i> = 0 for all {G.d} outputs (numerically)", n_digits=min(digits),
                        points=tuple(points) or ("see identity.is_zero",), method="identity.is_zero")
    return Proved(f"<grad h, grad G_i> = 0 identically for all {G.d} outputs",
                  certificate={"method": "exact: the inner products are 0 as rational functions of x and of the "
                                         "functions of x they contain (identity.vanishes_formally, is_zero)",
                               "law": str(h)})


# --------------------------------------------------------------------------------------------------------------
# independent_laws
# --------------------------------------------------------------------------------------------------------------
def _gradient_rows(G: Parameterization, laws: Sequence[sympy.Expr], seed: int):
    """Gradients of the laws at a rational point: exact QQ rows, or None when an entry is not rational."""
    point = rational_point(G.params, seed)
    rows = []
    for h in laws:
        row = []
        for p in G.params:
            v = sympy.diff(h, p).xreplace(point)
            if not v.is_Rational:
                return None
            row.append(QQ(int(v.p), int(v.q)))
        rows.append(row)
    return rows


def _gradient_rank(G: Parameterization, laws: Sequence[sympy.Expr], seed: int) -> int:
    rows = _gradient_rows(G, laws, seed)
    if rows is None:
        raise InvalidArgument(f"a law of {[str(h) for h in laws][:4]} has a gradient that is not rational at a "
                              "rational point; independent_laws needs laws with rational gradients (e.g. polynomial "
                              "or Laurent laws)")
    return DomainMatrix(rows, (len(rows), G.D), QQ).rank() if rows else 0


def independent_laws(G: Parameterization, laws: Iterable, *, seed: int = 0, points: int = 2) -> int:
    r"""Number of functionally independent laws: the exact rank over QQ of :math:`(\nabla h_k(x))_k` at rational x.

    The rank at a point is a lower bound of the generic rank; the largest over ``points`` independent rational
    points is returned (it equals the generic rank unless every point is a zero of a fixed non-zero minor).
    """
    check_parameterization(G)
    laws = [_as_law(G, h) for h in laws]
    check_int(points, "points", 1)
    return max(_gradient_rank(G, laws, seed + s) for s in range(points)) if laws else 0


def _select_independent(G: Parameterization, laws: Sequence[sympy.Expr], seed: int = 0) -> list[sympy.Expr]:
    """The laws that raise the rank of the gradients at a rational point, in order (exact over QQ when the
    gradients are rational there, else at 60 digits with a 10^-40 threshold: a selection, not a verdict)."""
    kept: list = []
    for h in laws:
        trial = kept + [h]
        rows = _gradient_rows(G, trial, seed)
        if rows is not None:
            rank = DomainMatrix(rows, (len(rows), G.D), QQ).rank()
        else:
            point = rational_point(G.params, seed)
            with mpmath.workdps(60):
                M = mpmath.matrix([[mpmath.mpf(sympy.N(sympy.diff(f, p).xreplace(point), 70)) for p in G.params]
                                   for f in trial])
                sv = mpmath.svd_r(M, compute_uv=False)
                rank = sum(1 for x in sv if x > mpmath.mpf(10) ** -40 * max(1, max(sv)))
        if rank == len(trial):
            kept.append(h)
    return kept


