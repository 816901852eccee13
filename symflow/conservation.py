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

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import mpmath
import sympy
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix

from .errors import InvalidArgument, TimeLimitExceeded
from .validation import check_int, time_limit
from .lie import is_commuting, lie_algebra_dimension
from .parameterization import Parameterization, check_parameterization, rational_point
from .verdict import Inconclusive, Proved, Reason, Refuted, Verdict, Verified

__all__ = ["law_count", "polynomial_laws", "laurent_laws", "first_integrals", "separable_first_integral",
           "check_law", "independent_laws", "conservation_laws", "LawSet", "Law"]


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
    from .identity import is_zero, vanishes_formally

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


def _laurent_exponents(D: int, degree: int) -> list[tuple]:
    """Exponents alpha in Z^D, alpha != 0, with sum |alpha_j| <= degree (monomials with negative powers allowed)."""
    out = []
    for support_size in range(1, min(D, degree) + 1):
        for support in itertools.combinations(range(D), support_size):
            for mags in itertools.product(range(1, degree + 1), repeat=support_size):
                if sum(mags) > degree:
                    continue
                for signs in itertools.product((1, -1), repeat=support_size):
                    e = [0] * D
                    for l, m, sg in zip(support, mags, signs):
                        e[l] = m * sg
                    out.append(tuple(e))
    out.sort(key=lambda e: (-sum(e), tuple(-x for x in e)))  # positive powers first, then lex
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


def polynomial_laws(G: Parameterization, degree: int = 2, *, homogeneous: bool = True) -> list[sympy.Expr]:
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
    >>> polynomial_laws(uv(1))
    [u**2 - v**2]

    Raises:
        InvalidArgument: G not polynomial over QQ, or degree not an integer >= 1.
    """
    check_parameterization(G)
    check_int(degree, "degree", 1)
    _need_polynomial(G, "polynomial_laws")
    return _nullspace_laws(G, _exponents(G.D, degree, homogeneous))


def laurent_laws(G: Parameterization, degree: int = 2) -> list[sympy.Expr]:
    r"""Every conservation law that is a Laurent polynomial :math:`\sum_\alpha a_\alpha x^\alpha`,
    :math:`\alpha \in \mathbb{Z}^D \setminus 0`, :math:`\sum_j |\alpha_j| \le` ``degree`` (negative powers allowed).

    The same exact nullspace over QQ as :func:`polynomial_laws`, on the Laurent monomials: e.g. every two-branch
    map :math:`u^L - v^L` has the law :math:`u^{2-L} + v^{2-L}` (``laurent_laws(two_branch(3, 1), 1)`` finds
    :math:`1/u + 1/v`).  The law holds where it is defined (off the coordinate planes of its negative powers).

    >>> from symflow.families import two_branch
    >>> laurent_laws(two_branch(3, 1), 1)
    [1/um + 1/up]
    """
    check_parameterization(G)
    check_int(degree, "degree", 1)
    _need_polynomial(G, "laurent_laws")
    return _nullspace_laws(G, _laurent_exponents(G.D, degree))


def _need_polynomial(G: Parameterization, what: str) -> None:
    if not G.is_polynomial:
        raise InvalidArgument(f"G={G!r} is not polynomial over QQ; {what} solves a linear system over QQ and needs "
                              "polynomial outputs; test a candidate law with check_law instead")


def _law_rows(G: Parameterization, expos: list[tuple]) -> dict[int, dict[int, Any]]:
    """The linear system <grad h, grad G_i> = 0 in the coefficients of h: row (i, monomial) -> {column: QQ}.

    Monomials are keyed by one integer, sum_k e_k B^k with B = 2^16 (balanced digits |e_k| < B/2 make it unique,
    negative Laurent exponents included), so that shifting a monomial costs a few additions, not a D-tuple."""
    R, gens, polys = G.polys()
    B = 1 << 16
    powers = [B**k for k in range(G.D)]
    grads = []  # per output: {l: [(key of the monomial, coefficient) of d G_i / d x_l]}
    for p in polys:
        gi = {}
        for l, x in enumerate(gens):
            t = p.diff(x)
            if t:
                gi[l] = [(sum(e * powers[k] for k, e in enumerate(m) if e), c) for m, c in t.iterterms()]
        grads.append(gi)
    row_index: dict = {}
    rows: list[dict[int, Any]] = []
    for col, alpha in enumerate(expos):
        supp = [(l, a) for l, a in enumerate(alpha) if a]
        base = sum(a * powers[l] for l, a in supp)
        for i, gi in enumerate(grads):
            for l, a in supp:
                terms = gi.get(l)
                if not terms:
                    continue
                shift = base - powers[l]  # x^(alpha - e_l)
                for key, c in terms:
                    k = (i, key + shift)
                    r = row_index.get(k)
                    if r is None:
                        r = row_index[k] = len(rows)
                        rows.append({})
                    row = rows[r]
                    v = row.get(col)
                    v = c * a if v is None else v + c * a
                    if v:
                        row[col] = v
                    else:
                        del row[col]
    return dict(enumerate(row for row in rows if row))


def _nullspace_laws(G: Parameterization, expos: list[tuple]) -> list[sympy.Expr]:
    """The laws spanned by the monomials ``expos``: exact nullspace over QQ, rref, sparser, integer coefficients."""
    rows = _law_rows(G, expos)
    n = len(expos)
    basis = DomainMatrix(rows, (len(rows), n), QQ).nullspace() if rows else DomainMatrix.eye(n, QQ)
    if basis.shape[0] == 0:
        return []
    Bref, _ = basis.rref()
    vecs = [{j: QQ(x) for j, x in enumerate(r) if x} for r in Bref.to_list() if any(r)]
    laws = []
    for v in _reduce_support(vecs):
        cols = sorted(v)
        den = math.lcm(*[int(v[j].denominator) for j in cols])
        ints = [int(v[j] * den) for j in cols]
        g = math.gcd(*ints)
        sign = -1 if ints[0] < 0 else 1
        laws.append(sympy.Add(*[sympy.Integer(sign * c // g) * sympy.Mul(*[p**e for p, e in zip(G.params, expos[j])
                                                                           if e]) for c, j in zip(ints, cols)]))
    return laws


# --------------------------------------------------------------------------------------------------------------
# first integrals of the gradient fields (transcendental laws)
# --------------------------------------------------------------------------------------------------------------
_FIRST_INTEGRAL_SECONDS = 10  # budget of each SymPy integration / dsolve of the first-integral route


def separable_first_integral(g: sympy.Expr, p: sympy.Symbol, pivot: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr]:
    r"""The law of one output g in the pair (p, pivot) when the characteristic equation separates.

    Along :math:`\nabla g`, :math:`dx_p/dx_k = \partial_p g/\partial_k g` (k = pivot).  When this ratio is
    :math:`c\,a(x_p)\,b(x_k)`, integrating :math:`dx_p/a(x_p) = c\,b(x_k)\,dx_k` gives :math:`F_p(x_p) - F_k(x_k)`
    constant, :math:`F_p = \int dx_p/a`, :math:`F_k = c\int b\,dx_k` (the method of characteristics for the linear
    PDE :math:`\langle\nabla h, \nabla g\rangle = 0`).  This is the engine of the leaf charts of
    :mod:`symflow.potentials` as well.

    Returns:
        ``(F_p, F_k)`` with the law :math:`F_p(x_p) - F_k(x_k)`.

    Raises:
        InvalidArgument: the ratio involves other variables or does not separate, or SymPy leaves an integral
            unevaluated within the time budget.
    """
    r = sympy.cancel(sympy.diff(g, p) / sympy.diff(g, pivot))
    if r.free_symbols - {p, pivot}:
        raise InvalidArgument(f"d{p} g / d{pivot} g = {r} involves other variables; the characteristic in "
                              f"({p}, {pivot}) does not close")
    sep = sympy.separatevars(r, [p, pivot], dict=True)
    if sep is None:
        raise InvalidArgument(f"d{p}/d{pivot} = {r} does not separate")
    try:
        with time_limit(_FIRST_INTEGRAL_SECONDS):
            Fp = sympy.integrate(1 / sep[p], p)
            Fk = sep["coeff"] * sympy.integrate(sep[pivot], pivot)
    except TimeLimitExceeded:
        raise InvalidArgument(f"the integrals of d{p}/d{pivot} = {r} took longer than "
                              f"{_FIRST_INTEGRAL_SECONDS} s") from None
    if Fp.has(sympy.Integral) or Fk.has(sympy.Integral):
        raise InvalidArgument(f"SymPy leaves the integrals of d{p}/d{pivot} = {r} unevaluated")
    return Fp, Fk


def _characteristic_integral(g: sympy.Expr, x: sympy.Symbol, y: sympy.Symbol) -> sympy.Expr | None:
    """Two variables, non-separable: the first integral of dy/dx = d_y g / d_x g by ``dsolve`` (time-bounded)."""
    f = sympy.Function("f")
    C1 = sympy.Symbol("C1")
    r = sympy.cancel(sympy.diff(g, y) / sympy.diff(g, x))
    try:
        with time_limit(_FIRST_INTEGRAL_SECONDS):
            sols = sympy.dsolve(sympy.Eq(f(x).diff(x), r.xreplace({y: f(x)})), f(x))
            for sol in (sols if isinstance(sols, list) else [sols]):
                eq = sympy.Eq(sol.lhs.xreplace({f(x): y}), sol.rhs.xreplace({f(x): y}))
                for c in sympy.solve(eq, C1):
                    if not c.has(C1) and c.free_symbols <= {x, y}:
                        return c
    except (TimeLimitExceeded, NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    return None


def first_integrals(G: Parameterization) -> list[sympy.Expr]:
    r"""Laws found by the method of characteristics, one output at a time (any smooth G, polynomial or not).

    For each output whose parameters no other output uses (a separable G, or d = 1), every parameter p is paired
    with the block's first parameter k whose partial derivative is not 0: :func:`separable_first_integral` when the
    characteristic separates, else (two parameters) ``sympy.dsolve`` on :math:`dx_p/dx_k = \partial_p g/
    \partial_k g`.  Outputs that share parameters give no law here (the law must be orthogonal to every
    :math:`\nabla G_i`).  Each candidate still has to pass :func:`check_law`; duplicates are not removed here.
    """
    check_parameterization(G)
    seen: dict = {}
    for g in G.outputs:
        for s in g.free_symbols:
            seen[s] = seen.get(s, 0) + 1
    out = []
    for g in G.outputs:
        block = [p for p in G.params if p in g.free_symbols]
        if any(seen[p] > 1 for p in block) or len(block) < 2:
            continue
        pivot = next((p for p in block if sympy.diff(g, p) != 0), None)
        for p in block:
            if p == pivot:
                continue
            try:
                Fp, Fk = separable_first_integral(g, p, pivot)
                out.append(Fp - Fk)
            except InvalidArgument:
                h = _characteristic_integral(g, pivot, p) if len(block) == 2 else None
                if h is not None:
                    out.append(h)
    return out


# --------------------------------------------------------------------------------------------------------------
# law_count and conservation_laws
# --------------------------------------------------------------------------------------------------------------
_MAX_MONOMIALS = 6000  # law_count looks for polynomial laws of degree <= 2 itself while they are this few unknowns


def law_count(G: Parameterization, *, known_laws: Iterable | None = None, points: int = 2, seed: int = 0,
              max_depth: int | None = None) -> tuple[int, dict]:
    r"""Number of functionally independent conservation laws at generic points: :math:`D - \dim\mathrm{Lie}(G)(x)`.

    Marcotte, Gribonval, Peyré 2023 (Thm 3.3 and Algorithm 1), with exact ranks over QQ
    (:func:`symflow.lie.lie_algebra_dimension`).  The rank at a point is a lower bound of the Lie-algebra
    dimension, so the count is a deterministic UPPER bound.  It is EXACT (``certificate["exact"]``) when an upper
    bound of the dimension is reached: ``D - k`` for k independent laws known (each checked exactly first), or
    ``d`` when G is commuting (proved), since then the Lie algebra is spanned by the :math:`\nabla G_i`.

    ``known_laws=None`` (default) feeds in the polynomial laws of degree <= 2 that :func:`polynomial_laws` finds
    (while they have at most 6000 unknown coefficients), so that the count is exact whenever those laws are complete;
    pass ``known_laws=()`` for the bare Lie-algebra computation.

    Raises:
        InvalidArgument: G not polynomial over QQ, or a known law that is not conserved.
    """
    check_parameterization(G)
    if not G.is_polynomial:
        raise InvalidArgument(f"G={G!r} is not polynomial over QQ; law_count computes exact brackets at rational "
                              "points and needs polynomial outputs; conservation_laws(G) also counts "
                              "commuting non-polynomial maps")
    if known_laws is None:
        n_monomials = G.D * (G.D + 3) // 2
        known = polynomial_laws(G, 2, homogeneous=False) if n_monomials <= _MAX_MONOMIALS else []
        source = "polynomial laws of degree <= 2 found by polynomial_laws"
    else:
        known = [_as_law(G, h) for h in known_laws]
        source = "known laws given"
        for h in known:
            v = check_law(G, h)
            if v.word != "proved":
                raise InvalidArgument(f"known law {h} is not conserved ({v.summary()}); pass only conserved laws")
    k = independent_laws(G, known) if known else 0
    upper, sources = G.D - k, [f"D - {k} independent {source} = {G.D - k}"] if k else []
    commuting = is_commuting(G)
    if commuting.word == "proved" and G.d < upper:
        upper = G.d
        sources = [f"G is commuting (proved), so Lie(G) = span of the d = {G.d} gradients"]
    dim, lie = lie_algebra_dimension(G, points=points, seed=seed, max_depth=max_depth,
                                     upper_bound=upper if upper < G.D else None)
    exact = bool(lie["exact"])
    cert = {
        "method": "count = D - dim Lie(grad G_1..grad G_d)(x) (Marcotte-Gribonval-Peyre 2023, Thm 3.3)",
        "D": G.D, "d": G.d, "dim_lie": dim, "count": G.D - dim, "exact": exact,
        "commuting": commuting.word,
        "upper_bound_of_dim": upper, "upper_bound_source": sources or ["D"],
        "known_laws_independent": k,
        "direction": ("exact: the rank at a point reached a proven upper bound of dim Lie" if exact else
                      "count is a deterministic UPPER bound of the number of independent laws (see lie.failure_bound)"),
        "lie": lie,
    }
    return G.D - dim, cert


@dataclass(frozen=True)
class Law:
    """An explicit conservation law with its own check (``verdict`` from :func:`check_law`) and how it was found."""

    expr: sympy.Expr
    verdict: Verdict
    method: str


@dataclass(frozen=True)
class LawSet:
    r"""What gradient flow under G conserves (``symflow analyze``): the count and the explicit laws, separately.

    ``count``: the number of functionally independent laws near generic points (None when unknown);
    ``count_verdict``: ``proved`` when that number is exact (a proven bound of the Lie algebra was reached), else
    ``inconclusive`` (an upper bound, or unknown); ``laws``: functionally independent explicit laws, each checked
    by :math:`\langle\nabla h, \nabla G_i\rangle = 0`; ``not_found``: count minus explicit laws (None when the count
    is unknown); ``verdict``: ``proved`` when the explicit laws are a complete set, else ``inconclusive``.
    """

    count: int | None
    count_verdict: Verdict
    laws: tuple
    not_found: int | None
    verdict: Verdict
    certificate: dict

    def summary(self) -> str:
        """One line: ``2 laws (count proved); explicit: h1, h2; 1 not found in closed form``."""
        if self.count is None:
            head = f"count unknown ({self.count_verdict.word})"
        else:
            head = f"{self.count} law{'s' if self.count != 1 else ''} (count {self.count_verdict.word})"
        explicit = "; explicit: " + ", ".join(f"{law.expr} [{law.verdict.word}]" for law in self.laws) \
            if self.laws else "; no explicit law found"
        missing = f"; {self.not_found} not found in closed form" if self.not_found else ""
        return head + explicit + missing


def conservation_laws(G: Parameterization, degree: int = 2) -> LawSet:
    r"""The conservation laws of gradient flow under G: their number (from the Lie algebra) and explicit laws.

    Explicit laws, in this order, each kept only if it is functionally independent of those before and passes
    :func:`check_law`: polynomial laws of degree <= ``degree`` (:func:`polynomial_laws`), Laurent laws
    (:func:`laurent_laws`, D <= 8) and first integrals of the gradient fields (:func:`first_integrals`), the last two
    only while laws are missing.  The count: :func:`law_count` for polynomial G (exact once the rational laws found
    reach the bound); for other G, :math:`D - d` when G is commuting (proved) and of generic rank d (proved), since
    then :math:`\mathrm{Lie}(G)` is spanned by the d gradients (Marcotte et al. 2023, Thm 3.3).
    """
    check_parameterization(G)
    check_int(degree, "degree", 1)
    laws: list[Law] = []
    if G.is_polynomial:
        _add_laws(G, laws, polynomial_laws(G, degree, homogeneous=False), "polynomial ansatz over QQ")
    count, count_verdict, cert = _count(G, laws)
    routes = [("Laurent ansatz over QQ", lambda: laurent_laws(G, degree) if G.is_polynomial and G.D <= 8 else []),
              ("first integral (method of characteristics)", lambda: first_integrals(G))]
    for method, find in routes:
        if count is not None and len(laws) >= count:
            break
        _add_laws(G, laws, find(), method)
        if G.is_polynomial and method.startswith("Laurent") and not count_verdict.holds:
            count, count_verdict, cert = _count(G, laws)  # rational laws can make the count exact
    not_found = None if count is None else max(0, count - len(laws))
    if count is not None and count_verdict.holds and not not_found:
        verdict: Verdict = Proved(f"{len(laws)} functionally independent explicit laws and exactly {count} laws "
                                  "exist near generic points: a complete set", certificate={"count": count})
    else:
        missing = (f"{not_found} of {count} not found in closed form" if not_found else
                   "the count is not exact" if count is not None else "the number of laws is not known")
        verdict = Inconclusive(f"found {len(laws)} explicit laws; {missing}; try a higher degree",
                               reason=Reason.INCOMPLETE)
    return LawSet(count=count, count_verdict=count_verdict, laws=tuple(laws), not_found=not_found,
                  verdict=verdict, certificate=cert)


def _add_laws(G: Parameterization, laws: list, candidates: Iterable, method: str) -> None:
    """Append the candidates that hold and are functionally independent of the laws already kept."""
    current = [law.expr for law in laws]
    for h in candidates:
        h = -h if h.could_extract_minus_sign() else h  # u - v**2/2 rather than -u + v**2/2
        if len(_select_independent(G, current + [h])) <= len(current):
            continue
        v = check_law(G, h)
        if v.holds:
            laws.append(Law(expr=h, verdict=v, method=method))
            current.append(h)


def _count(G: Parameterization, laws: list) -> tuple[int | None, Verdict, dict]:
    """(count, its verdict, certificate): from law_count (polynomial G) or from commuting + generic rank d."""
    if G.is_polynomial:
        known = [law.expr for law in laws if _gradient_rows(G, [law.expr], 0) is not None]
        count, cert = law_count(G, known_laws=known)
        if cert["exact"]:
            return count, Proved(f"{cert['upper_bound_source'][0]}; the exact rank of the Lie algebra at a "
                                 f"rational point reaches it: dim Lie = {cert['dim_lie']}, {count} laws",
                                 certificate={"dim_lie": cert["dim_lie"], "D": G.D}), cert
        return count, Inconclusive(f"at most {count} laws: {cert['lie']['failure_bound']}",
                                   reason=Reason.UNDECIDED), cert
    from .parameterization import regularity

    commuting, rank = is_commuting(G), regularity(G)[0]
    cert = {"commuting": commuting.word, "generic_rank_d": rank.word, "D": G.D, "d": G.d}
    if commuting.word == "proved" and rank.word == "proved":
        return G.D - G.d, Proved(f"G is commuting (proved) and of generic rank d = {G.d} (proved): Lie(G) is "
                                 f"spanned by the d gradients, so D - d = {G.D - G.d} laws (Marcotte et al. 2023, "
                                 "Thm 3.3)", certificate=cert), cert
    return None, Inconclusive(f"G is not polynomial and not shown commuting ({commuting.word}) of generic rank d "
                              f"({rank.word}): the Lie algebra is not computed", reason=Reason.UNDECIDED), cert
