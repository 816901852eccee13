r"""Lie brackets of gradient fields, the commuting test, and the dimension of the generated Lie algebra.

Convention (Li, Wang, Lee, Arora 2022, Def. 4.1; DD-Def-Commuting): for vector fields :math:`f, g` on
:math:`\mathbb{R}^D`,

.. math:: [f, g] = (\partial g)\, f - (\partial f)\, g, \qquad
          [\nabla G_i, \nabla G_j] = \nabla^2 G_j\, \nabla G_i - \nabla^2 G_i\, \nabla G_j .

:math:`G` is *commuting* when every :math:`[\nabla G_i, \nabla G_j]` vanishes identically (DD-Def-Commuting writes
:math:`\nabla^2 G_{i_1}\nabla G_{i_2} - \nabla^2 G_{i_2}\nabla G_{i_1} = 0`, the same condition with the opposite
sign).

:func:`lie_algebra_dimension` is Algorithm 1 of Marcotte, Gribonval, Peyré (NeurIPS 2023, "Abide by the law and
follow the flow") done exactly: the generators :math:`\nabla G_1, \dots, \nabla G_d` and their iterated brackets are
polynomials over QQ, they are evaluated at random integer (hence rational) points and a bracket is kept only if it
raises the *exact* rank over QQ of the evaluated family (an incremental row-echelon form over QQ).

Why pruning is sound: if a field :math:`V` does not raise the rank at a generic point, then
:math:`V = \sum_j c_j K_j` with rational-function coefficients over the kept fields :math:`K_j`, and
:math:`[g, V] = \sum_j c_j [g, K_j] + g(c_j) K_j` lies in the span of fields that are still bracketed.  When a level
adds nothing, the span (over functions) of the kept fields is invariant under :math:`\mathrm{ad}_{\nabla G_i}`, so it
contains the whole Lie algebra; the rank of the kept fields at a generic point is then :math:`\dim \mathrm{Lie}(G)(x)`.

Direction of the bound (deterministic): every kept field belongs to the Lie algebra, so the exact rank at *any*
point is a LOWER bound of the generic dimension of the Lie-algebra trace (and ``D - dim`` an UPPER bound of the
number of independent conservation laws).  Equality fails only when the point is a zero of one fixed non-zero minor;
the certificate states the Schwartz-Zippel bound of that event.
"""

from __future__ import annotations

import random
from typing import Any, Sequence

import sympy
from sympy.polys.rings import PolyElement

from .errors import InvalidArgument
from .parameterization import Parameterization, check_parameterization, rational_point
from .verdict import Inconclusive, Proved, Reason, Refuted, Verdict, Verified

__all__ = ["bracket", "is_commuting", "lie_algebra_dimension", "SAMPLE_BITS"]

SAMPLE_BITS = 20  # coordinates of sample points are uniform integers in [-2^20, 2^20] (|S| = 2^21 + 1)


# --------------------------------------------------------------------------------------------------------------
# brackets
# --------------------------------------------------------------------------------------------------------------
def bracket(f, g, params):
    r"""The Lie bracket :math:`[f, g] = (\partial g) f - (\partial f) g` of two vector fields on :math:`\mathbb{R}^D`.

    So that :math:`[\nabla G_i, \nabla G_j] = \nabla^2 G_j \nabla G_i - \nabla^2 G_i \nabla G_j`.

    Arguments:
        f, g: either SymPy column matrices (D x 1, or sequences of D expressions), or sequences of D
            ``sympy.polys`` ring elements over QQ (fast path: :meth:`PolyElement.diff`, no expression trees).
        params: the D coordinates (SymPy symbols).  On the ring path they must be the ring's symbols, in order.

    Returns:
        A D x 1 ``sympy.Matrix`` (entries expanded) on the expression path; a list of D ring elements on the
        ring path.

    Raises:
        InvalidArgument: lengths differ from ``len(params)``, or ring elements from a ring other than ``params``.

    >>> u, v = sympy.symbols("u v")
    >>> bracket(sympy.Matrix([v, u]), sympy.Matrix([u, -v]), [u, v]).T   # [grad(uv), grad((u^2-v^2)/2)]
    Matrix([[2*v, -2*u]])
    """
    params = tuple(params)
    D = len(params)
    try:
        f_list, g_list = list(f), list(g)
    except TypeError:
        raise InvalidArgument(f"bracket: f={f!r} and g={g!r} must be column matrices or sequences of D components "
                              "(one per parameter)") from None
    if len(f_list) != D or len(g_list) != D:
        raise InvalidArgument(f"bracket: fields of length {len(f_list)} and {len(g_list)} but len(params)={D}; "
                              "give one component per parameter")
    if D and all(isinstance(c, PolyElement) for c in f_list + g_list):
        ring = f_list[0].ring
        if any(c.ring != ring for c in f_list + g_list):
            raise InvalidArgument("bracket: ring elements come from different rings; convert both fields to one ring")
        if tuple(str(s) for s in ring.symbols) != tuple(str(s) for s in params):
            raise InvalidArgument(f"bracket: params={params!r} are not the ring's symbols {ring.symbols!r}")
        return _poly_bracket(f_list, g_list, ring.gens)
    fm = sympy.Matrix(f_list)
    gm = sympy.Matrix(g_list)
    X = sympy.Matrix(params)
    out = gm.jacobian(X) * fm - fm.jacobian(X) * gm
    return out.applyfunc(sympy.expand)


def _poly_bracket(f: Sequence, g: Sequence, gens: Sequence) -> list:
    """Ring path of :func:`bracket`: component k is sum_l dg_k/dx_l f_l - df_k/dx_l g_l (sparse in l)."""
    zero = gens[0].ring.zero
    nz_f = [l for l, c in enumerate(f) if c]
    nz_g = [l for l, c in enumerate(g) if c]
    out = []
    for k in range(len(f)):
        acc = zero
        gk, fk = g[k], f[k]
        if gk:
            for l in nz_f:
                d = gk.diff(gens[l])
                if d:
                    acc = acc + d * f[l]
        if fk:
            for l in nz_g:
                d = fk.diff(gens[l])
                if d:
                    acc = acc - d * g[l]
        out.append(acc)
    return out


# --------------------------------------------------------------------------------------------------------------
# polynomial backends (sympy.polys ring, or python-flint fmpq_mpoly as an exact accelerator)
# --------------------------------------------------------------------------------------------------------------

def _pivot_columns(Rm, rank: int, ncols: int) -> list[int]:
    """Column of the leading non-zero entry of each of the first ``rank`` rows of a row-reduced matrix."""
    out = []
    for i in range(rank):
        for j in range(ncols):
            if int(Rm[i, j]):
                out.append(j)
                break
    return out

class _SympyRing:
    """Polynomials as sympy.polys ring elements over QQ."""

    name = "sympy.polys ring over QQ"

    def __init__(self, ring):
        self.ring = ring
        self.gens = ring.gens
        self.D = len(ring.gens)
        self.zero = ring.zero

    def convert(self, p):
        return p

    def diff(self, p, l):
        return p.diff(self.gens[l])

    def vars_of(self, p) -> list[int]:
        return [l for l, e in enumerate(p.degrees()) if e > 0]

    def degree(self, p) -> int:
        return max((sum(m) for m in p.itermonoms()), default=0) if p else -1

    def evaluate(self, p, vals) -> Any:
        if not p:
            return 0
        total = 0
        for monom, coeff in p.iterterms():
            t = coeff
            for v, e in zip(vals, monom):
                if e:
                    t = t * v**e
            total += t
        return total

    def gradient_at(self, p, vals, inv) -> dict:
        """{l: dp/dx_l at the point} in one pass over the terms: d(c x^m)/dx_l = m_l (c x^m) / x_l (x_l != 0)."""
        out: dict = {}
        for monom, coeff in p.iterterms():
            t = coeff
            idx = [(l, e) for l, e in enumerate(monom) if e]
            for l, e in idx:
                t = t * vals[l] ** e
            for l, e in idx:
                out[l] = out.get(l, 0) + t * e * inv[l]
        return {l: x for l, x in out.items() if x}


class _FlintRing:
    """Polynomials as python-flint fmpq_mpoly (exact over QQ, C speed)."""

    name = "python-flint fmpq_mpoly over QQ"

    def __init__(self, ring):
        import flint

        self.flint = flint
        self.ring = ring
        self.D = len(ring.gens)
        self.ctx = flint.fmpq_mpoly_ctx.get(("x", self.D), "degrevlex")
        self.zero = self.ctx.from_dict({})

    def convert(self, p):
        fq = self.flint.fmpq
        return self.ctx.from_dict({m: fq(int(c.numerator), int(c.denominator)) for m, c in p.iterterms()})

    def diff(self, p, l):
        return p.derivative(l)

    def vars_of(self, p) -> list[int]:
        return [l for l, e in enumerate(p.degrees()) if e > 0]

    def degree(self, p) -> int:
        return p.total_degree() if not p.is_zero() else -1

    def evaluate(self, p, vals):
        if p.is_zero():
            return 0
        return p(*vals)


def _make_backend(name: str, ring):
    if name not in ("auto", "sympy", "flint"):
        raise InvalidArgument(f"backend={name!r} ({type(name).__name__}) must be 'auto', 'sympy' or 'flint'")
    if name in ("auto", "flint"):
        try:
            return _FlintRing(ring)
        except ImportError:
            if name == "flint":
                raise InvalidArgument("backend='flint' needs python-flint: pip install python-flint") from None
    return _SympyRing(ring)


class _Field:
    """A polynomial vector field (D components) with its Jacobian cached sparsely: jac[k] = {l: d f_k / d x_l}."""

    __slots__ = ("comps", "_jac", "be")

    def __init__(self, comps: list, be):
        self.comps = comps
        self.be = be
        self._jac = None

    @property
    def jac(self) -> list[dict]:
        if self._jac is None:
            be = self.be
            jac = []
            for c in self.comps:
                row = {}
                if c:
                    for l in be.vars_of(c):
                        d = be.diff(c, l)
                        if d:
                            row[l] = d
                jac.append(row)
            self._jac = jac
        return self._jac

    def degree(self) -> int:
        return max((self.be.degree(c) for c in self.comps), default=-1)


def _field_bracket(f: _Field, g: _Field) -> _Field:
    """[f, g] = (Dg) f - (Df) g with both Jacobians cached."""
    be = f.be
    zero = be.zero
    fc, gc = f.comps, g.comps
    Jf, Jg = f.jac, g.jac
    out = []
    for k in range(len(fc)):
        acc = zero
        for l, d in Jg[k].items():
            if fc[l]:
                acc = acc + d * fc[l]
        for l, d in Jf[k].items():
            if gc[l]:
                acc = acc - d * gc[l]
        out.append(acc)
    return _Field(out, be)


class _Echelon:
    """Incremental row-echelon form over QQ: ``add(v)`` reduces v and keeps it iff it raises the rank."""

    def __init__(self):
        self.rows: list[tuple[int, dict]] = []  # (pivot column, sparse row normalized to 1 at the pivot)

    @property
    def rank(self) -> int:
        return len(self.rows)

    def add(self, v: list) -> bool:
        v = list(v)
        for piv, row in self.rows:
            c = v[piv]
            if c:
                for k, r in row.items():
                    v[k] = v[k] - c * r
        for k, c in enumerate(v):
            if c:
                self.rows.append((k, {j: x / c for j, x in enumerate(v) if x}))
                return True
        return False


_PRIME = 2**61 - 1  # Mersenne prime: rank decisions are screened modulo it, then confirmed over QQ


def _mod(x, p=_PRIME) -> int:
    q = int(x.denominator) if hasattr(x, "denominator") else 1
    n = int(x.numerator) if hasattr(x, "numerator") else int(x)
    if q == 1:
        return n % p
    if q % p == 0:
        raise ZeroDivisionError
    return n * pow(q, -1, p) % p


class _Selector:
    r"""Greedy choice, in order, of the vectors of a batch that raise the exact rank over QQ of the kept ones.

    With python-flint: the pivots of the reduced echelon form modulo a large prime p are independent over QQ
    (a non-zero minor mod p is non-zero), so every vector kept is kept rightly.  The vectors rejected mod p are then
    checked EXACTLY to lie in the QQ-span of the kept ones (r rows P of the kept matrix K that are independent mod p
    give an invertible :math:`A = K_P`; a vector v is in the span iff :math:`v_Q = K_Q A^{-1} v_P`).  A vector that
    fails the check (p divides a minor: rare) is decided by an exact incremental echelon over QQ.  Without
    python-flint the same scheme runs in pure Python (an incremental echelon form modulo p, exact confirmation with
    ``DomainMatrix`` over QQ).
    """

    def __init__(self, D: int):
        self.D = D
        self.kept: list[list] = []
        try:
            import flint
        except ImportError:  # pragma: no cover - python-flint is a dependency; keep a pure-Python path anyway
            flint = None
        self.flint = flint
        self._modrows: list[tuple[int, dict]] = []  # echelon form of self.kept modulo p (pure-Python path)
        self.exact_only = False  # set once p divided a minor: every later decision is made exactly over QQ

    @property
    def rank(self) -> int:
        return len(self.kept)

    def select(self, batch: list[list], cap: int) -> list[int]:
        if not batch or self.rank >= cap:
            return []
        if not self.exact_only:
            try:
                if self.flint is not None:
                    return self._select_flint(batch, cap)
                return self._select_modp(batch, cap)
            except ZeroDivisionError:  # a denominator divisible by p: use the exact path from now on
                self.exact_only = True
        return self._select_exact(batch, cap, range(len(batch)))

    def _select_modp(self, batch, cap) -> list[int]:
        p = _PRIME
        chosen, rejected = [], []
        for t, v in enumerate(batch):
            if self.rank >= cap:
                break
            w = [_mod(x) for x in v]
            for piv, row in self._modrows:
                c = w[piv]
                if c:
                    for k, r in row.items():
                        w[k] = (w[k] - c * r) % p
            k0 = next((k for k, x in enumerate(w) if x), None)
            if k0 is None:
                rejected.append(t)
                continue
            inv = pow(w[k0], -1, p)
            self._modrows.append((k0, {k: x * inv % p for k, x in enumerate(w) if x}))
            self.kept.append(v)
            chosen.append(t)
        if self.rank >= cap or self.rank >= self.D or not rejected:
            return chosen
        bad = self._not_in_span_domainmatrix([batch[t] for t in rejected])
        if bad:  # p divided a minor: decide those exactly, and stay exact from now on
            self.exact_only = True
            chosen = sorted(chosen + self._select_exact(batch, cap, [rejected[b] for b in bad]))
        return chosen

    def _not_in_span_domainmatrix(self, vecs) -> list[int]:
        """Exact over QQ (DomainMatrix): indices of vecs not in the span of self.kept; rows P = mod-p pivots."""
        from sympy.polys.matrices import DomainMatrix

        QQ = sympy.QQ
        r = self.rank
        if r == 0:
            return [j for j, v in enumerate(vecs) if any(v)]
        rows = [piv for piv, _ in self._modrows]  # K[rows, :] is invertible mod p, hence over QQ
        rest = [k for k in range(self.D) if k not in set(rows)]

        def q(x):
            return QQ.convert(x)

        A = DomainMatrix([[q(self.kept[b][k]) for b in range(r)] for k in rows], (r, r), QQ)
        KQ = DomainMatrix([[q(self.kept[b][k]) for b in range(r)] for k in rest], (len(rest), r), QQ)
        Y = A.transpose().lu_solve(KQ.transpose()).transpose()  # K_Q A^{-1}
        VP = DomainMatrix([[q(v[k]) for v in vecs] for k in rows], (r, len(vecs)), QQ)
        VQ = DomainMatrix([[q(v[k]) for v in vecs] for k in rest], (len(rest), len(vecs)), QQ)
        diff = (Y * VP - VQ).to_list()
        return [j for j in range(len(vecs)) if any(diff[i][j] for i in range(len(rest)))]

    def _select_exact(self, batch, cap, order) -> list[int]:
        ech = _Echelon()
        for v in self.kept:
            ech.add(v)
        chosen = []
        for t in order:
            if ech.rank >= cap:
                break
            if ech.add(batch[t]):
                chosen.append(t)
                self.kept.append(batch[t])
        return sorted(chosen)

    def _select_flint(self, batch, cap) -> list[int]:
        fl = self.flint
        D, r0 = self.D, self.rank
        cols = self.kept + batch
        n = len(cols)
        entries = [_mod(cols[j][k]) for k in range(D) for j in range(n)]
        Rm, rank = fl.nmod_mat(D, n, entries, _PRIME).rref()
        pivots = _pivot_columns(Rm, rank, n)
        chosen = [j - r0 for j in pivots if j >= r0][: cap - r0]
        for t in chosen:
            self.kept.append(batch[t])
        if self.rank >= cap or self.rank >= D:
            return chosen
        rejected = [t for t in range(len(batch)) if t not in set(chosen)]
        if not rejected:
            return chosen
        bad = self._not_in_span([batch[t] for t in rejected])
        if bad:  # p divided a minor: decide those vectors exactly, in order, and stay exact from now on
            self.exact_only = True
            more = self._select_exact(batch, cap, [rejected[b] for b in bad])
            chosen = sorted(chosen + more)
        return chosen

    def _not_in_span(self, vecs) -> list[int]:
        """Indices of vecs that are NOT in the QQ-span of self.kept (exact)."""
        fl = self.flint
        D, r = self.D, self.rank
        if r == 0:
            return [j for j, v in enumerate(vecs) if any(v)]
        KT = fl.nmod_mat(r, D, [_mod(v[k]) for v in self.kept for k in range(D)], _PRIME)
        Rm, rank = KT.rref()
        rows = _pivot_columns(Rm, rank, D)
        rest = [k for k in range(D) if k not in set(rows)]
        q = fl.fmpq

        def qq(x):
            return x if isinstance(x, q) else q(int(x.numerator), int(x.denominator)) if hasattr(x, "numerator") \
                else q(int(x))

        A = fl.fmpq_mat(r, r, [qq(self.kept[b][k]) for k in rows for b in range(r)])
        KQ = fl.fmpq_mat(len(rest), r, [qq(self.kept[b][k]) for k in rest for b in range(r)])
        Y = A.transpose().solve(KQ.transpose()).transpose()  # K_Q A^{-1}
        VP = fl.fmpq_mat(r, len(vecs), [qq(v[k]) for k in rows for v in vecs])
        VQ = fl.fmpq_mat(len(rest), len(vecs), [qq(v[k]) for k in rest for v in vecs])
        diff = Y * VP - VQ
        bad = []
        for j in range(len(vecs)):
            if any(diff[i, j] != 0 for i in range(len(rest))):
                bad.append(j)
        return bad


# --------------------------------------------------------------------------------------------------------------
# commuting test
# --------------------------------------------------------------------------------------------------------------
def _supports(G: Parameterization) -> list[frozenset]:
    pset = set(G.params)
    return [frozenset(e.free_symbols & pset) for e in G.outputs]


def _names(G: Parameterization, i: int) -> str:
    return str(G.theta[i])


def is_commuting(G: Parameterization, *, seed: int = 0) -> Verdict:
    r"""Is G commuting: :math:`[\nabla G_i, \nabla G_j] \equiv 0` for all :math:`i < j` (DD-Def-Commuting)?

    Polynomial G (coefficients in QQ): decided exactly in :math:`\mathbb{Q}[x]`.  ``Proved`` when every bracket is
    the zero polynomial; ``Refuted`` with the pair (i, j) (1-based), an exact rational point where the bracket is
    non-zero and the bracket's value there (strings).  Pairs whose outputs depend on disjoint parameter sets
    commute trivially (:math:`\nabla^2 G_j \nabla G_i = 0` since the supports do not meet) and are not computed.

    Other G: each component of each bracket goes to :func:`symflow.identity.is_zero` (exact for rational
    expressions, high-precision evaluation otherwise); the weakest answer wins.

    Source: Li, Wang, Lee, Arora 2022, Def. 4.1 (DD-Def-Commuting).
    """
    check_parameterization(G)
    supports = _supports(G)
    d = G.d
    pairs = [(i, j) for i in range(d) for j in range(i + 1, d)]
    overlapping = [(i, j) for i, j in pairs if supports[i] & supports[j]]
    n_trivial = len(pairs) - len(overlapping)
    base_cert: dict[str, Any] = {"convention": "[grad G_i, grad G_j] = Hess(G_j) grad G_i - Hess(G_i) grad G_j",
                                 "pairs": len(pairs), "trivial_disjoint_support": n_trivial,
                                 "computed": len(overlapping)}
    if not pairs:
        return Proved("d = 1: a single gradient field; there is no pair to bracket",
                      certificate=dict(base_cert, method="nothing to compute (d = 1)"))
    if G.is_polynomial:
        return _commuting_poly(G, overlapping, base_cert, seed)
    return _commuting_expr(G, overlapping, base_cert)


def _commuting_poly(G, overlapping, cert, seed) -> Verdict:
    R, gens, polys = G.polys()
    grads: dict[int, list] = {}

    def grad(i):
        if i not in grads:
            grads[i] = [polys[i].diff(x) for x in gens]
        return grads[i]

    for i, j in overlapping:
        b = _poly_bracket(grad(i), grad(j), gens)
        if any(b):
            return _refute_poly(G, i, j, b, seed)
    cert = dict(cert, method="every bracket is the zero polynomial in QQ[x] (exact)",
                ring=f"QQ[{', '.join(map(str, G.params[:6]))}{', ...' if G.D > 6 else ''}]")
    why = (f"all {cert['pairs']} brackets vanish identically in QQ[x]; {cert['trivial_disjoint_support']} pairs "
           f"trivially (outputs on disjoint parameter sets), {cert['computed']} computed exactly")
    return Proved(why, certificate=cert)


def _refute_poly(G, i, j, b, seed) -> Refuted:
    nz = [k for k, c in enumerate(b) if c]
    for s in range(seed, seed + 50):
        point = rational_point(G.params, s)
        vals = [point[p] for p in G.params]
        be = _SympyRing(b[0].ring)
        values = [sympy.Rational(str(be.evaluate(c, [sympy.QQ(int(v.p), int(v.q)) for v in vals]))) for c in b]
        if any(values):
            break
    else:  # pragma: no cover - a non-zero polynomial cannot vanish at 50 random points in practice
        raise RuntimeError("no point found where a non-zero bracket is non-zero; report this as a bug")
    shown = {str(G.params[k]): str(b[k].as_expr()) for k in nz[:8]}
    ce = {"pair": [i + 1, j + 1], "outputs": [_names(G, i), _names(G, j)],
          "point": {str(k): str(v) for k, v in point.items()},
          "bracket_value": [str(v) for v in values],
          "bracket_nonzero_components": shown,
          "convention": "[grad G_i, grad G_j] = Hess(G_j) grad G_i - Hess(G_i) grad G_j"}
    k0 = next(k for k, v in enumerate(values) if v)
    detail = (f"[grad G_{i + 1}, grad G_{j + 1}] is not 0: its {G.params[k0]}-component is {b[k0].as_expr()}, "
              f"= {values[k0]} at the point given")
    return Refuted(detail, counterexample=ce)


def _commuting_expr(G, overlapping, cert) -> Verdict:
    from .identity import is_zero

    grads = G.gradient_fields()
    weakest: Verdict | None = None
    digits: list[int] = []
    points: list = []
    for i, j in overlapping:
        b = bracket(grads[i], grads[j], G.params)
        for k, comp in enumerate(b):
            if comp == 0:
                continue
            v = is_zero(comp, symbols=G.params)
            if v.word == "refuted":
                ce = {"pair": [i + 1, j + 1], "outputs": [_names(G, i), _names(G, j)],
                      "component": str(G.params[k]), "bracket_component": str(comp)}
                ce["is_zero"] = dict(getattr(v, "counterexample", {}))
                return Refuted(f"[grad G_{i + 1}, grad G_{j + 1}] has a non-zero {G.params[k]}-component {comp}",
                               counterexample=ce, measured_digits=v.digits)
            if v.word == "inconclusive":
                weakest = v
            elif v.word == "verified":
                digits.append(v.digits)
                points.extend(getattr(v, "points", ())[:1])
    if weakest is not None:
        return Inconclusive(f"some bracket component could not be decided: {weakest.detail}",
                            reason=getattr(weakest, "reason", Reason.UNDECIDED))
    if digits:
        return Verified(f"all {cert['pairs']} brackets vanish numerically ({cert['trivial_disjoint_support']} "
                        "trivially); non-polynomial components checked by high-precision evaluation",
                        n_digits=min(digits), points=tuple(points) or ("see identity.is_zero",),
                        method="identity.is_zero on each bracket component")
    return Proved(f"all {cert['pairs']} brackets vanish identically ({cert['trivial_disjoint_support']} trivially, "
                  "the rest by exact identity tests)", certificate=dict(cert, method="identity.is_zero (exact)"))


# --------------------------------------------------------------------------------------------------------------
# Lie algebra dimension (Marcotte-Gribonval-Peyre 2023, Algorithm 1, exact)
# --------------------------------------------------------------------------------------------------------------
def _word_json(w):
    return w if isinstance(w, int) else [_word_json(w[0]), _word_json(w[1])]


def _depth(w) -> int:
    return 1 if isinstance(w, int) else 1 + _depth(w[1])


def _sz_degree_bound(e: int, r_max: int, depth_cap: int | None) -> int:
    """Degree bound of the r* x r* minor of the kept fields (j-th kept field has depth <= j, degree <= k(e-1)+1)."""
    if e <= 0:
        return 0
    total = 0
    for j in range(1, r_max + 1):
        k = j if depth_cap is None else min(j, depth_cap)
        total += k * (e - 1) + 1
    return total


def lie_algebra_dimension(G: Parameterization, *, points: int = 2, seed: int = 0, max_depth: int | None = None,
                          upper_bound: int | None = None, backend: str = "auto") -> tuple[int, dict]:
    r"""Dimension of the trace :math:`\mathrm{Lie}(\nabla G_1, \dots, \nabla G_d)(x)` at generic x, with certificate.

    Marcotte, Gribonval, Peyré 2023, Algorithm 1, exact: level 1 is the generators :math:`\nabla G_i`; level
    :math:`k+1` brackets each field kept at level k with each kept generator, :math:`[\nabla G_i, V]`; a field is
    kept iff its value at the sample point raises the exact rank over QQ (incremental echelon form); the run stops
    when a level adds nothing, when the rank reaches D, or when it reaches ``upper_bound``.  The run is repeated at
    ``points`` independent points (bracket polynomials are shared) and the largest rank is returned.

    Arguments:
        G: a polynomial parameterization (coefficients in QQ).
        points: number of independent sample points (each coordinate uniform in
            :math:`S = \{-2^{20}, \dots, 2^{20}\}`).
        seed: seed of the sample points (reproducible).
        max_depth: stop after brackets of this depth (then the result is only a lower bound; the certificate says so).
        upper_bound: a PROVEN upper bound of the generic dimension, e.g. D minus the number of independent
            conservation laws known; when the rank reaches it the dimension is exact (no probability left).
        backend: ``"auto"`` (python-flint fmpq_mpoly when installed), ``"flint"`` or ``"sympy"`` (sympy.polys ring);
            both are exact over QQ.

    Returns:
        ``(dim, certificate)``.  The certificate holds the points, the kept brackets as index words (``[1, [2, 3]]``
        means :math:`[\nabla G_1, [\nabla G_2, \nabla G_3]]`), the rank after each level, how many brackets were
        tried, and the Schwartz-Zippel bound: ``dim`` is a deterministic LOWER bound of the generic dimension, and it
        is smaller than the generic dimension only if each point is a zero of one fixed non-zero minor of degree
        <= ``degree_bound``, which has probability <= ``degree_bound / |S|`` per point (the product over points).

    Raises:
        InvalidArgument: G not polynomial over QQ, or bad option values.
    """
    G = _check_lie_args(G, points, max_depth, upper_bound)
    R, gens, polys = G.polys()
    be = _make_backend(backend, R)
    cap = G.D if upper_bound is None else upper_bound
    gen_fields = [_Field([be.convert(p.diff(x)) for x in gens], be) for p in polys]
    fields = _FieldCache(gen_fields)
    rng = random.Random(seed)
    N = 2 ** SAMPLE_BITS
    runs = [_LieRun(fields, be, [rng.randint(-N, N) for _ in range(G.D)], cap, max_depth).run()
            for _ in range(points)]
    return _lie_certificate(G, runs, be, gen_fields, cap, max_depth, points)


def _check_lie_args(G, points, max_depth, upper_bound) -> Parameterization:
    check_parameterization(G)
    if not G.is_polynomial:
        raise InvalidArgument(f"G={G!r} is not polynomial over QQ; lie_algebra_dimension evaluates exact "
                              "polynomial brackets at rational points and needs polynomial outputs")
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise InvalidArgument(f"points={points!r} ({type(points).__name__}) must be an integer >= 1; pass points=2")
    if max_depth is not None and (isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1):
        raise InvalidArgument(f"max_depth={max_depth!r} ({type(max_depth).__name__}) must be None or an integer >= 1")
    if upper_bound is not None and (not isinstance(upper_bound, int) or not 0 <= upper_bound <= G.D):
        raise InvalidArgument(f"upper_bound={upper_bound!r} must be None or an integer in [0, D={G.D}]")
    return G


class _FieldCache:
    """The polynomial field of a bracket word, built only for kept words (whose Jacobian is needed later)."""

    def __init__(self, gen_fields: list):
        self.d = len(gen_fields)
        self.cache: dict = {i + 1: gen_fields[i] for i in range(self.d)}

    def __call__(self, w) -> _Field:
        f = self.cache.get(w)
        if f is None:
            i, rest = w
            f = _field_bracket(self.cache[i], self(rest))  # [grad G_i, V] = (DV) grad G_i - (D grad G_i) V
            self.cache[w] = f
        return f


class _LieRun:
    """Algorithm 1 at one sample point: values and Jacobians of kept fields at the point, brackets from them."""

    def __init__(self, fields: _FieldCache, be, ints: list[int], cap: int, max_depth: int | None):
        self.fields, self.be, self.ints, self.cap, self.max_depth = fields, be, ints, cap, max_depth
        self.D = len(ints)
        self.vals = [be.flint.fmpq(v) for v in ints] if isinstance(be, _FlintRing) else [sympy.QQ(v) for v in ints]
        self.value: dict = {}   # word -> exact value of the field at the point
        self.jac_at: dict = {}  # word -> Jacobian at the point, sparse rows {l: value}
        self.fast_rows = isinstance(be, _SympyRing) and all(self.vals)  # one pass over the terms, no symbolic Jacobian
        self.inv = [1 / v for v in self.vals] if self.fast_rows else None

    def jac(self, w):
        if w not in self.jac_at:
            be, vals = self.be, self.vals
            if self.fast_rows:
                self.jac_at[w] = [be.gradient_at(c, vals, self.inv) if c else {} for c in self.fields(w).comps]
            else:
                self.jac_at[w] = [{l: be.evaluate(p, vals) for l, p in row.items()} for row in self.fields(w).jac]
        return self.jac_at[w]

    def candidate(self, i, w) -> list:
        """Value of [grad G_i, V] at the point, from values and Jacobians at the point: no new polynomial."""
        gi, vw, Ji, Jw = self.value[i], self.value[w], self.jac(i), self.jac(w)
        out = []
        for k in range(self.D):
            acc = 0
            for l, a in Jw[k].items():
                if gi[l]:
                    acc += a * gi[l]
            for l, a in Ji[k].items():
                if vw[l]:
                    acc -= a * vw[l]
            out.append(acc)
        return out

    def run(self) -> dict:
        d, cap = self.fields.d, self.cap
        sel = _Selector(self.D)
        for i in range(1, d + 1):
            self.value[i] = [self.be.evaluate(c, self.vals) for c in self.fields(i).comps]
        tried = d
        kept_gen = [i + 1 for i in sel.select([self.value[i] for i in range(1, d + 1)], cap)]
        kept, rank_by_level, new, depth = list(kept_gen), [sel.rank], list(kept_gen), 1
        while new and sel.rank < cap and (self.max_depth is None or depth < self.max_depth):
            depth += 1
            words = [(i, w) for w in new for i in kept_gen
                     if not (isinstance(w, int) and i >= w)]  # [g_i, g_i] = 0, [g_i, g_j] = -[g_j, g_i]
            batch = [self.candidate(i, w) for i, w in words]
            tried += len(words)
            chosen = sel.select(batch, cap)
            new = [words[t] for t in chosen]
            for t in chosen:
                self.value[words[t]] = batch[t]
            kept.extend(new)
            rank_by_level.append(sel.rank)
        rank = sel.rank
        stopped = ("rank reached D" if rank >= self.D else "rank reached the proven upper bound" if rank >= cap else
                   "max_depth reached" if new else "a level added nothing")
        return {"exact_only": sel.exact_only, "point": self.ints, "dim": rank, "kept": kept,
                "rank_by_level": rank_by_level, "tried": tried, "stopped": stopped, "flint": sel.flint is not None}


def _lie_certificate(G, runs, be, gen_fields, cap, max_depth, points) -> tuple[int, dict]:
    """``(dim, certificate)`` from the runs at the sample points: the best rank and its Schwartz-Zippel bound."""
    D = G.D
    best = max(runs, key=lambda r: r["dim"])
    dim = best["dim"]
    e = max((f.degree() for f in gen_fields), default=0)
    exact = dim >= cap
    degree_bound = _sz_degree_bound(e, min(D, cap), max_depth)
    S = 2 * 2 ** SAMPLE_BITS + 1
    p_all = sympy.Rational(degree_bound, S) ** points
    truncated = any(r["stopped"] == "max_depth reached" for r in runs) and not exact
    cert: dict[str, Any] = {
        "algorithm": "Marcotte-Gribonval-Peyre 2023, Algorithm 1, exact ranks over QQ",
        "backend": be.name,
        "rank_method": ("pivots modulo the prime 2^61-1 (independent mod p implies independent over QQ), every "
                        "rejection confirmed exactly over QQ (v_Q = K_Q K_P^-1 v_P, "
                        + ("python-flint fmpq_mat)" if best["flint"] else "DomainMatrix)")
                        + ("; an exact incremental echelon over QQ where p divided a minor"
                           if any(r["exact_only"] for r in runs) else "")),
        "D": D, "d": G.d, "dim": dim, "exact": exact,
        "points": [{str(p): str(v) for p, v in zip(G.params, r["point"])} for r in runs],
        "dims_per_point": [r["dim"] for r in runs],
        "brackets": [_word_json(w) for w in best["kept"]],
        "rank_by_level": best["rank_by_level"],
        "brackets_tried": sum(r["tried"] for r in runs),
        "stopped": best["stopped"],
        "sample_set": f"each coordinate uniform in the integers [-2^{SAMPLE_BITS}, 2^{SAMPLE_BITS}], |S| = {S}",
        "generator_field_degree": e,
        "degree_bound": degree_bound,
        "direction": ("dim is a deterministic LOWER bound of the generic dimension of the Lie-algebra trace "
                      "(exact rank at a point <= generic rank; every kept field is in the Lie algebra)"),
    }
    if exact:
        cert["failure_bound"] = "0"
        cert["why_exact"] = ("rank at a point is a lower bound and reached "
                             + ("D" if cap == D else f"the proven upper bound {cap}"))
    elif truncated:
        cert["failure_bound"] = "not bounded: stopped at max_depth, dim is only a lower bound"
    else:
        cert["failure_bound"] = (f"P(dim < generic dim) <= ({degree_bound}/{S})^{points} = {p_all} "
                                 f"~ {sympy.Float(p_all, 3)}; per point the failure event is the vanishing of one "
                                 f"fixed non-zero minor of degree <= {degree_bound} (Schwartz-Zippel)")
    return dim, cert
