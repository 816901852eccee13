"""Polynomial and Laurent laws: the exact nullspace over QQ of the linear system in the unknown coefficients of h
(Marcotte et al., Algorithm 2, over QQ)."""

from __future__ import annotations

import itertools
import math
from typing import Any

import sympy
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix

from ..errors import InvalidArgument
from ..validation import check_int
from ..parameterization import Parameterization, check_parameterization


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


