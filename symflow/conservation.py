r"""Conservation laws of gradient flows :math:`\dot x = -\partial G(x)^\top \nabla \mathcal{L}(G(x))`.

A function :math:`h(x)` is conserved for every loss iff :math:`\langle \nabla h, \nabla G_i \rangle \equiv 0` for
:math:`i = 1..d` (Marcotte, Gribonval, Peyré 2023, Prop. 2.5).  Then it is also orthogonal to every bracket of the
:math:`\nabla G_i`, and (their Thm 3.3, a Frobenius argument) the number of functionally independent laws near a
generic point is

.. math:: N(G) = D - \dim \mathrm{Lie}(\nabla G_1, \dots, \nabla G_d)(x).

* :func:`law_count` -- :math:`N(G)` via :func:`symflow.lie.lie_algebra_dimension`, with certificate;
* :func:`polynomial_laws` -- every polynomial law of a given degree: the exact nullspace over QQ of the linear
  system in the unknown coefficients of :math:`h` (Marcotte et al., Algorithm 2, done over QQ instead of RR);
* :func:`check_law` -- is a given :math:`h` conserved (exact for polynomials);
* :func:`independent_laws` -- exact rank of the gradients of laws at a rational point;
* :func:`laws_summary` -- what ``symflow analyze`` prints: count, laws and whether they form a complete set.

Known counts used as oracles: :math:`x_1 x_2 x_3` has 2 laws; deep linear networks
:math:`W_L\cdots W_1` with hidden widths >= 2 have :math:`\sum_{k=1}^{L-1} n_k(n_k+1)/2` (the entries of
:math:`W_{k+1}^\top W_{k+1} - W_k W_k^\top`, FM-Eq-conservation; with a width-1 layer the count can differ, e.g.
dims (1, 3, 1) has 5 = D - d, not 6); :math:`u \odot v` has the :math:`u_i^2 - v_i^2` (HY-S3.1-Conserved); a commuting
and regular G has exactly :math:`D - d` (Li, Wang, Lee, Arora 2022, with Marcotte et al.: the Lie algebra is spanned
by the :math:`\nabla G_i`).
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Iterable, Sequence

import sympy
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix

from .errors import InvalidArgument
from .lie import is_commuting, lie_algebra_dimension
from .parameterization import Parameterization, check_parameterization, rational_point
from .verdict import Inconclusive, Proved, Reason, Refuted, Verdict, Verified

__all__ = ["law_count", "polynomial_laws", "check_law", "independent_laws", "laws_summary"]


# --------------------------------------------------------------------------------------------------------------
# input handling
# --------------------------------------------------------------------------------------------------------------
def _as_law(G: Parameterization, h) -> sympy.Expr:
    """A law as a SymPy expression in G.params; user text goes through the whitelist parser, symbols match by name."""
    if isinstance(h, str):
        try:
            from .parse import parse_exprs
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


def _check_int(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) must be an integer >= {minimum}")
    return value


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
    from .identity import is_zero

    J = G.jacobian()
    dh = [sympy.diff(h, p) for p in G.params]
    digits, points, undecided = [], [], None
    for i in range(G.d):
        s = sympy.Add(*[dh[l] * J[i, l] for l in range(G.D) if dh[l] != 0 and J[i, l] != 0])
        if s == 0:
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
    return Proved(f"<grad h, grad G_i> = 0 for all {G.d} outputs (exact identity tests)",
                  certificate={"method": "identity.is_zero (exact)", "law": str(h)})


# --------------------------------------------------------------------------------------------------------------
# independent_laws
# --------------------------------------------------------------------------------------------------------------
def _gradient_rank(G: Parameterization, laws: Sequence[sympy.Expr], seed: int) -> int:
    point = rational_point(G.params, seed)
    rows = []
    for h in laws:
        row = []
        for p in G.params:
            v = sympy.diff(h, p).xreplace(point)
            v = sympy.nsimplify(v) if not v.is_Rational and v.is_number and v.is_rational else v
            if not v.is_Rational:
                raise InvalidArgument(f"law {h}: its gradient is not rational at a rational point ({v}); "
                                      "independent_laws needs laws with rational gradients (e.g. polynomial laws)")
            row.append(QQ(int(v.p), int(v.q)))
        rows.append(row)
    if not rows:
        return 0
    return DomainMatrix(rows, (len(rows), G.D), QQ).rank()


def independent_laws(G: Parameterization, laws: Iterable, *, seed: int = 0, points: int = 2) -> int:
    r"""Number of functionally independent laws: the exact rank over QQ of :math:`(\nabla h_k(x))_k` at rational x.

    The rank at a point is a lower bound of the generic rank; the largest over ``points`` independent rational
    points is returned (it equals the generic rank unless every point is a zero of a fixed non-zero minor).
    """
    check_parameterization(G)
    laws = [_as_law(G, h) for h in laws]
    _check_int("points", points, 1)
    return max(_gradient_rank(G, laws, seed + s) for s in range(points)) if laws else 0


# --------------------------------------------------------------------------------------------------------------
# polynomial_laws
# --------------------------------------------------------------------------------------------------------------
def _exponents(D: int, degree: int, homogeneous: bool) -> list[tuple]:
    degrees = [degree] if homogeneous else list(range(degree, 0, -1))
    out: list[tuple] = []
    for k in degrees:
        block = []
        for combo in itertools.combinations_with_replacement(range(D), k):
            e = [0] * D
            for l in combo:
                e[l] += 1
            block.append(tuple(e))
        block.sort(reverse=True)  # lex order, first parameter first: u**2, u*v, v**2
        out.extend(block)
    return out


def _reduce_support(rows: list[dict], max_sweeps: int = 6) -> list[dict]:
    """Greedy: replace row_i by row_i - c row_j when that shrinks its support (same span, sparser, readable)."""
    if len(rows) > 300:
        return rows
    for _ in range(max_sweeps):
        improved = False
        for i in range(len(rows)):
            for j in range(len(rows)):
                if i == j:
                    continue
                ri, rj = rows[i], rows[j]
                common = ri.keys() & rj.keys()
                if not common:
                    continue
                best = None
                for m in common:
                    c = ri[m] / rj[m]
                    new = dict(ri)
                    for k, v in rj.items():
                        x = new.get(k, 0) - c * v
                        if x:
                            new[k] = x
                        else:
                            new.pop(k, None)
                    if len(new) < len(ri) and (best is None or len(new) < len(best)):
                        best = new
                if best is not None and best:
                    rows[i] = best
                    improved = True
        if not improved:
            break
    return rows


def polynomial_laws(G: Parameterization, degree: int, *, homogeneous: bool = True) -> list[sympy.Expr]:
    r"""Every polynomial conservation law of the given degree, as a readable basis with integer coefficients.

    Let :math:`h = \sum_\alpha a_\alpha x^\alpha` over the monomials of degree ``degree`` (or of degree
    1..``degree`` when ``homogeneous=False``; constants are not laws).  The conditions
    :math:`\langle\nabla h, \nabla G_i\rangle \equiv 0` are linear in the :math:`a_\alpha`: one equation per output i
    and monomial of the result.  Its nullspace over QQ (exact, ``DomainMatrix``) is the space of polynomial laws of
    that degree (Marcotte, Gribonval, Peyré 2023, Algorithm 2, exact).  The basis returned is the reduced row echelon
    form (monomials in lex order of ``G.params``), made sparser by a greedy support reduction, each law scaled to
    coprime integer coefficients with a positive leading coefficient.  The laws are linearly independent
    polynomials; they may be functionally dependent (see :func:`independent_laws`).

    >>> from symflow.families import uv
    >>> polynomial_laws(uv(1), 2)
    [u**2 - v**2]

    Raises:
        InvalidArgument: G not polynomial over QQ, or degree not an integer >= 1.
    """
    check_parameterization(G)
    _check_int("degree", degree, 1)
    if not G.is_polynomial:
        raise InvalidArgument(f"G={G!r} is not polynomial over QQ; polynomial_laws solves a linear system over QQ "
                              "and needs polynomial outputs; test a candidate law with check_law instead")
    R, gens, polys = G.polys()
    D = G.D
    expos = _exponents(D, degree, homogeneous)
    grads = [[(l, dict(p.diff(x).iterterms())) for l, x in enumerate(gens)] for p in polys]
    grads = [[(l, t) for l, t in gi if t] for gi in grads]
    row_index: dict = {}
    rows: dict[int, dict[int, Any]] = {}
    for col, alpha in enumerate(expos):
        for i, gi in enumerate(grads):
            for l, terms in gi:
                a = alpha[l]
                if not a:
                    continue
                shift = list(alpha)
                shift[l] -= 1
                for mono, c in terms.items():
                    key = (i, tuple(s + m for s, m in zip(shift, mono)))
                    r = row_index.setdefault(key, len(row_index))
                    row = rows.setdefault(r, {})
                    v = row.get(col, QQ(0)) + c * a
                    if v:
                        row[col] = v
                    else:
                        row.pop(col, None)
    rows = {r: row for r, row in rows.items() if row}
    rows = {k: v for k, v in zip(range(len(rows)), rows.values())}
    n = len(expos)
    if rows:
        A = DomainMatrix(rows, (len(rows), n), QQ)
        basis = A.nullspace()
    else:
        basis = DomainMatrix.eye(n, QQ)
    if basis.shape[0] == 0:
        return []
    Bref, _ = basis.rref()
    dense = Bref.to_list()
    vecs = [{j: QQ(x) for j, x in enumerate(r) if x} for r in dense if any(r)]
    vecs = _reduce_support(vecs)
    laws = []
    for v in vecs:
        cols = sorted(v)
        den = math.lcm(*[int(v[j].denominator) for j in cols])
        ints = [int(v[j] * den) for j in cols]
        g = math.gcd(*ints)
        sign = -1 if ints[0] < 0 else 1
        expr = sympy.Add(*[sympy.Integer(sign * c // g) * sympy.Mul(*[p**e for p, e in zip(G.params, expos[j]) if e])
                           for c, j in zip(ints, cols)])
        laws.append(expr)
    return laws


# --------------------------------------------------------------------------------------------------------------
# law_count and laws_summary
# --------------------------------------------------------------------------------------------------------------
def law_count(G: Parameterization, *, known_laws: Iterable = (), points: int = 2, seed: int = 0,
              max_depth: int | None = None) -> tuple[int, dict]:
    r"""Number of functionally independent conservation laws at generic points: :math:`D - \dim\mathrm{Lie}(G)(x)`.

    Marcotte, Gribonval, Peyré 2023 (Thm 3.3 and Algorithm 1), with exact ranks over QQ
    (:func:`symflow.lie.lie_algebra_dimension`).  The result is a deterministic UPPER bound of the true count (the
    rank at a point is a lower bound of the Lie-algebra dimension), equal to it except with the probability stated in
    ``certificate["lie"]["failure_bound"]``.  It is EXACT (``certificate["exact"]``) when an upper bound of the
    dimension is reached: ``D - k`` for k independent ``known_laws`` (each checked exactly first), or ``d`` when G is
    commuting (proved), since then the Lie algebra is spanned by the :math:`\nabla G_i`.

    Raises:
        InvalidArgument: G not polynomial over QQ, or a known law that is not conserved.
    """
    check_parameterization(G)
    if not G.is_polynomial:
        raise InvalidArgument(f"G={G!r} is not polynomial over QQ; law_count computes exact brackets at rational "
                              "points and needs polynomial outputs")
    known = [_as_law(G, h) for h in known_laws]
    for h in known:
        v = check_law(G, h)
        if v.word != "proved":
            raise InvalidArgument(f"known law {h} is not conserved ({v.summary()}); pass only conserved laws")
    k = independent_laws(G, known) if known else 0
    upper, sources = G.D - k, [f"D - {k} independent known laws = {G.D - k}"] if known else []
    commuting = is_commuting(G)
    if commuting.word == "proved" and G.d < upper:
        upper = G.d
        sources = [f"G is commuting (proved), so Lie(G) = span of the d = {G.d} gradients"]
    dim, lie = lie_algebra_dimension(G, points=points, seed=seed, max_depth=max_depth,
                                     upper_bound=upper if upper < G.D else None)
    count = G.D - dim
    exact = bool(lie["exact"])
    cert = {
        "method": "count = D - dim Lie(grad G_1..grad G_d)(x) (Marcotte-Gribonval-Peyre 2023, Thm 3.3)",
        "D": G.D, "d": G.d, "dim_lie": dim, "count": count, "exact": exact,
        "commuting": commuting.word,
        "upper_bound_of_dim": upper, "upper_bound_source": sources or ["D"],
        "known_laws_independent": k,
        "direction": ("count is a deterministic UPPER bound of the number of independent conservation laws; "
                      + ("it is exact: the rank at a point reached a proven upper bound of dim Lie"
                         if exact else f"it is exact unless {lie['failure_bound']}")),
        "lie": lie,
    }
    return count, cert


def laws_summary(G: Parameterization, degree: int = 2) -> dict:
    r"""Count, polynomial laws of degree <= ``degree`` and whether they are a complete set (``symflow analyze``).

    Returns a dict with keys ``count`` (int; None for a non-polynomial G), ``laws`` (strings), ``verdict`` (a Verdict), ``certificate`` and the
    numbers ``polynomial_laws`` (linearly independent polynomials found) and ``independent`` (their functional rank).
    ``proved`` when the found laws are functionally independent in number equal to the count: then they are a
    complete set of laws near generic points (k independent laws give dim Lie <= D - k; the exact rank at a point
    gives dim Lie >= D - k).  Otherwise ``inconclusive`` with what is missing.  For commuting and regular G the
    certificate also records the cross-check count == D - d (Li et al. 2022 with Marcotte et al. 2023).
    """
    check_parameterization(G)
    _check_int("degree", degree, 1)
    if not G.is_polynomial:
        commuting = is_commuting(G)
        hint = (f"G is commuting ({commuting.word}), so if it is regular there are exactly D - d = {G.D - G.d} laws "
                "(Li et al. 2022)" if commuting.holds else f"G is not known to be commuting ({commuting.word})")
        return {"count": None, "laws": [], "polynomial_laws": 0, "independent": 0, "degree": degree,
                "verdict": Inconclusive("laws are computed for maps polynomial over QQ only; " + hint,
                                        reason=Reason.UNDECIDED),
                "certificate": {"commuting": commuting.word, "D": G.D, "d": G.d}}
    laws = polynomial_laws(G, degree, homogeneous=False)
    k = independent_laws(G, laws) if laws else 0
    count, cert = law_count(G, known_laws=laws)
    cert = dict(cert)
    if cert["commuting"] == "proved":
        from .parameterization import regularity

        reg, _ = regularity(G)
        if reg.word == "proved":
            cert["cross_check"] = {"commuting_and_regular": True, "D_minus_d": G.D - G.d,
                                   "agrees": G.D - G.d == count}
    info = {"polynomial_laws": len(laws), "independent": k, "degree": degree}
    if k == count:
        verdict: Verdict = Proved(
            f"{k} functionally independent polynomial laws of degree <= {degree} and exactly {count} laws exist "
            "near generic points: a complete set", certificate=dict(info, count=count, exact=cert["exact"]))
    else:
        bound = "exactly" if cert["exact"] else "at most (upper bound, see certificate)"
        verdict = Inconclusive(
            f"found {k} independent polynomial laws of degree <= {degree}, but there are {bound} {count} "
            f"independent laws: {count - k} missing; try degree={degree + 1}, or the missing laws are not "
            "polynomial", reason=Reason.INCOMPLETE)
    return {"count": count, "laws": [str(h) for h in laws], "verdict": verdict, "certificate": cert, **info}
