"""Exact polynomial backends of the Lie-algebra code: the sympy.polys ring or python-flint's fmpq_mpoly, gradient
fields as polynomial vectors, an incremental row-echelon form over QQ, and the selector of rank-raising brackets."""

from __future__ import annotations

from typing import Any, Sequence

import sympy
from sympy.polys.rings import PolyElement

from ..errors import InvalidArgument


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


