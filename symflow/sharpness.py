r"""Sharpness of deep linear networks for regression: the Hessian of the risk, its largest eigenvalue at high
precision, and the minimizers (every factorization of the regressor).

Model (Marion & Chizat, spec ``flat_minima_002`` FM-Def-model, FM-Def-risk): :math:`x\mapsto p^\top W_L\cdots W_1x`,
:math:`R(\mathcal W) = \frac1n\|y - X\pi(\mathcal W)\|^2` with the end-to-end regressor
:math:`\pi^\top = p^\top W_L\cdots W_1`.  With :math:`\Sigma = X^\top X/n` and :math:`\pi^*` the least-squares
solution, :math:`R - R_{\min} = (\pi - \pi^*)^\top\Sigma(\pi - \pi^*)` exactly, so a :class:`Problem` is
:math:`(\Sigma, \pi^*, p)`.

* :func:`gradient` -- :math:`\partial R/\partial W_k = a_k g^\top B_k^\top` with :math:`a_k = (p^\top W_L\cdots
  W_{k+1})^\top`, :math:`B_k = W_{k-1}\cdots W_1`, :math:`g = 2\Sigma(\pi - \pi^*)`.
* :func:`hvp` -- Hessian-vector product by the complex step (the gradient is a polynomial, so
  :math:`\mathrm{Im}\,\nabla R(\mathcal W + ihV)/h = \nabla^2R\,V + O(h^2)`, with :math:`h = 10^{-\text{dps}}`).
* :func:`sharpness` -- :math:`S(\mathcal W) = \lambda_{\max}(\nabla^2 R)` (FM-Def-sharpness) from the full Hessian
  (columns by :func:`hvp`), :func:`power_sharpness` by power iteration on :func:`hvp` (large sizes); both rerun at
  twice the precision and report the agreeing digits.  :func:`exact_hessian` is SymPy's Hessian (small sizes).
* :func:`minimizer` -- a factorization of :math:`\pi^*`: the balanced rank-one one, with rescalings
  :math:`c_k` (:math:`\prod c_k = 1`), rotations between layers (exact rational orthogonal matrices by
  :func:`cayley`) and a component in the kernel of the next layer.  :func:`minimizer_sharpness` is the closed form
  :math:`S = 2\lambda_{\max}(C^\top MC)` at a minimizer (:math:`\Sigma = CC^\top`,
  :math:`M = \sum_k\|a_k\|^2B_k^\top B_k`), :func:`balanced_sharpness` the balanced value
  :math:`2c\,\lambda_{\max}(\Sigma + (L-1)ww^\top)` with :math:`c = \|\pi^*\|^{2-2/L}\|p\|^{2/L}`,
  :math:`w = \Sigma^{1/2}\pi^*/\|\pi^*\|`, an upper bound on the smallest sharpness :math:`S_{\min}`.
* :func:`descend` -- gradient descent (FM-Def-GD) at ``dps`` digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import mpmath
import sympy

from .errors import InvalidArgument
from .precision import agreeing_digits, precision

__all__ = ["Problem", "least_squares_problem", "end_to_end", "risk_gap", "gradient", "hvp", "hessian",
           "exact_hessian", "sharpness", "power_sharpness", "cayley", "minimizer", "minimizer_sharpness",
           "balanced_sharpness", "descend", "train", "Measured"]


@dataclass(frozen=True)
class Problem:
    r"""Exact regression data: :math:`\Sigma` (d x d, SymPy Rationals), :math:`\pi^*` (d), :math:`p` (d_L)."""

    Sigma: sympy.ImmutableMatrix
    pi_star: sympy.ImmutableMatrix
    p: sympy.ImmutableMatrix

    @property
    def d(self) -> int:
        return self.Sigma.rows

    def mp(self):
        """(Sigma, pi_star, p) as mpmath matrices at the current precision."""
        return _mpm(self.Sigma), _mpm(self.pi_star), _mpm(self.p)


@dataclass(frozen=True)
class Measured:
    """A value computed at ``dps`` and ``2 dps`` digits (``value`` from the latter) and the digits they share."""

    value: mpmath.mpf
    digits: int
    dps: int


def _q(x) -> sympy.Rational:
    if isinstance(x, float):
        raise InvalidArgument(f"{x!r} is a float; give exact numbers (int, Rational, '1/3')")
    return sympy.Rational(x)


def _mpm(M) -> mpmath.matrix:
    M = sympy.Matrix(M)
    return mpmath.matrix([[mpmath.mpf(int(_q(M[i, j]).p)) / int(_q(M[i, j]).q) for j in range(M.cols)]
                          for i in range(M.rows)])


def least_squares_problem(X, y, p=None) -> Problem:
    r"""The problem of data ``X`` (n x d), ``y`` (n), exact: :math:`\Sigma = X^\top X/n`, :math:`\pi^* =
    (X^\top X)^{-1}X^\top y` (FM-Claim-unique-pi needs :math:`\Sigma` full rank), ``p`` default ``(1,)``."""
    Xm = sympy.Matrix([[_q(v) for v in row] for row in X])
    ym = sympy.Matrix([_q(v) for v in y])
    n, d = Xm.shape
    if ym.rows != n:
        raise InvalidArgument(f"X has {n} rows but y has {ym.rows} entries")
    A = Xm.T * Xm
    if A.rank() < d:
        raise InvalidArgument("X^T X is singular: the least-squares solution is not unique (FM-Ass-fullrank)")
    pv = sympy.Matrix([_q(v) for v in (p if p is not None else (1,))])
    return Problem(sympy.ImmutableMatrix(A / n), sympy.ImmutableMatrix(A.LUsolve(Xm.T * ym)),
                   sympy.ImmutableMatrix(pv))


def _prod(Ws: Sequence, lo: int, hi: int, d: int):
    """W_{hi} ... W_{lo} (1-based, inclusive); the identity of size d (columns of W_lo) when empty."""
    out = mpmath.eye(d) if hi < lo else Ws[lo - 1]
    for k in range(lo + 1, hi + 1):
        out = Ws[k - 1] * out
    return out


def end_to_end(Ws: Sequence, p) -> mpmath.matrix:
    r""":math:`\pi = W_1^\top\cdots W_L^\top p` (a d x 1 matrix); ``p`` an mpmath column."""
    return (p.T * _prod(Ws, 1, len(Ws), Ws[0].cols)).T


def risk_gap(Ws: Sequence, prob: Problem) -> mpmath.mpf:
    r""":math:`R(\mathcal W) - R_{\min} = (\pi - \pi^*)^\top\Sigma(\pi - \pi^*)` at the current precision."""
    S, ps, p = prob.mp()
    e = end_to_end(Ws, p) - ps
    return (e.T * S * e)[0, 0]


def gradient(Ws: Sequence, prob: Problem, mats=None) -> list:
    r""":math:`\partial R/\partial W_k = a_k g^\top B_k^\top` (works on mpc entries, for :func:`hvp`)."""
    S, ps, p = mats if mats is not None else prob.mp()
    L, d = len(Ws), Ws[0].cols
    g = 2 * S * (end_to_end(Ws, p) - ps)
    out = []
    for k in range(1, L + 1):
        a = (p.T * _prod(Ws, k + 1, L, Ws[k - 1].rows)).T if k < L else p
        B = _prod(Ws, 1, k - 1, d)
        out.append(a * g.T * B.T)
    return out


def hvp(Ws: Sequence, prob: Problem, Vs: Sequence, mats=None) -> list:
    r""":math:`\nabla^2R(\mathcal W)[V]` by the complex step :math:`h = 10^{-\text{dps}-5}` (exact up to
    :math:`O(h^2)` for the polynomial gradient: no subtractive cancellation)."""
    h = mpmath.mpf(10) ** (-(mpmath.mp.dps + 5))
    Z = [W + mpmath.mpc(0, 1) * h * V for W, V in zip(Ws, Vs)]
    return [G.apply(lambda z: mpmath.im(z) / h) for G in gradient(Z, prob, mats)]


def _flat(Ms) -> list:
    return [M[i, j] for M in Ms for i in range(M.rows) for j in range(M.cols)]


def _unflat(v, like) -> list:
    out, k = [], 0
    for M in like:
        N = mpmath.matrix(M.rows, M.cols)
        for i in range(M.rows):
            for j in range(M.cols):
                N[i, j] = v[k]
                k += 1
        out.append(N)
    return out


def hessian(Ws: Sequence, prob: Problem) -> mpmath.matrix:
    """The full Hessian of R in the flattened parameters (layer by layer, row-major), column by column by hvp."""
    mats = prob.mp()
    n = sum(W.rows * W.cols for W in Ws)
    H = mpmath.matrix(n, n)
    for c in range(n):
        e = [mpmath.mpf(0)] * n
        e[c] = mpmath.mpf(1)
        col = _flat(hvp(Ws, prob, _unflat(e, Ws), mats))
        for r in range(n):
            H[r, c] = col[r]
    return (H + H.T) / 2


def _as_layers(build, dps: int) -> list:
    with precision(dps + 10):
        Ws = build(dps + 10) if callable(build) else build
        return [W if isinstance(W, mpmath.matrix) else _mpm(W) for W in Ws]


def sharpness(build, prob: Problem, dps: int) -> Measured:
    r""":math:`S(\mathcal W) = \lambda_{\max}(\nabla^2R(\mathcal W))`, computed at ``dps`` and ``2 dps`` digits.

    ``build``: the layers (exact SymPy matrices or mpmath matrices) or a callable ``dps -> layers`` (for layers
    that are irrational, e.g. a balanced minimizer, rebuilt at each precision)."""
    vals = []
    for prec in (dps, 2 * dps):
        Ws = _as_layers(build, prec)
        with precision(prec + 10):
            vals.append(max(mpmath.eigsy(hessian(Ws, prob), eigvals_only=True)))
    with precision(2 * dps):
        return Measured(+vals[1], agreeing_digits([vals[0]], [vals[1]], cap=dps), dps)


def power_sharpness(build, prob: Problem, dps: int, iters: int = 400) -> Measured:
    """Largest Hessian eigenvalue by power iteration on :func:`hvp` (shifted by the Gershgorin-free bound
    ``|lambda_min| <= lambda_max`` is not assumed: the iteration runs on H + s I with s = |first Rayleigh quotient|)
    at ``dps`` and ``2 dps``; digits = agreement (a slow gap shows as few digits, never as a wrong claim of many)."""
    vals = []
    for prec in (dps, 2 * dps):
        Ws = _as_layers(build, prec)
        with precision(prec + 10):
            mats = prob.mp()
            n = sum(W.rows * W.cols for W in Ws)
            v = [mpmath.mpf(1) / (k + 2) for k in range(n)]
            shift, lam = mpmath.mpf(0), mpmath.mpf(0)
            for it in range(iters):
                nv = mpmath.sqrt(mpmath.fsum(x * x for x in v))
                v = [x / nv for x in v]
                Hv = _flat(hvp(Ws, prob, _unflat(v, Ws), mats))
                lam = mpmath.fsum(a * b for a, b in zip(v, Hv))
                if it == 0:
                    shift = abs(lam) * 2 + 1
                v = [a + shift * b for a, b in zip(Hv, v)]
            vals.append(lam)
    with precision(2 * dps):
        return Measured(+vals[1], agreeing_digits([vals[0]], [vals[1]], cap=dps), dps)


def exact_hessian(dims: Sequence[int], prob: Problem, point: Sequence) -> sympy.Matrix:
    """SymPy's exact Hessian of R - R_min at rational layers ``point`` (small sizes: the symbolic Hessian has
    (sum d_k d_{k-1})^2 polynomial entries)."""
    Ws = [sympy.Matrix(dims[k], dims[k - 1], lambda r, c, k=k: sympy.Symbol(f"W{k}_{r}_{c}"))
          for k in range(1, len(dims))]
    prod = sympy.Matrix(prob.p).T
    for W in reversed(Ws):
        prod = prod * W
    e = prod.T - sympy.Matrix(prob.pi_star)
    R = sympy.expand((e.T * sympy.Matrix(prob.Sigma) * e)[0, 0])
    syms = [s for W in Ws for s in W]
    vals = {s: _q(v) for W, P in zip(Ws, point) for s, v in zip(W, sympy.Matrix(P))}
    return sympy.hessian(R, syms).subs(vals)


def cayley(A) -> sympy.Matrix:
    r"""The exact rational orthogonal matrix :math:`(I - A)(I + A)^{-1}` of a skew-symmetric rational ``A``."""
    A = sympy.Matrix(A)
    if A.T != -A:
        raise InvalidArgument("cayley() needs a skew-symmetric matrix (A^T = -A)")
    eye = sympy.eye(A.rows)
    return (eye - A) * (eye + A).inv()


def minimizer(prob: Problem, dims: Sequence[int], *, scales=None, rotations=None, kernel=None) -> Callable:
    r"""A minimizer of R with widths ``dims`` = (d, d_1, ..., d_L) (d_L = len(p)): a callable ``dps -> layers``.

    Balanced rank-one layers :math:`W_k = \sigma u_k u_{k-1}^\top` with :math:`u_0 = \pi^*/\|\pi^*\|`,
    :math:`u_L = p/\|p\|`, :math:`u_k = e_1` otherwise, :math:`\sigma^L = \|\pi^*\|/\|p\|`; then
    :math:`W_k \to c_kQ_kW_kQ_{k-1}^\top` for ``scales`` c (rationals, product 1) and ``rotations`` Q_1..Q_{L-1}
    (orthogonal; Q_0 = Q_L = I), then ``kernel`` K (d_1 x d, rational) adds :math:`(I - \hat v\hat v^\top)K` to
    :math:`W_1`, with :math:`\hat v` the unit row direction of :math:`W_2` (killed by :math:`W_2`, rank one).
    Every product equals :math:`\pi^*` exactly in exact arithmetic."""
    dims = tuple(int(x) for x in dims)
    L = len(dims) - 1
    if dims[0] != prob.d or dims[-1] != prob.p.rows or L < 1:
        raise InvalidArgument(f"dims={dims} must start with d={prob.d} and end with len(p)={prob.p.rows}")
    c = [_q(x) for x in (scales or [1] * L)]
    if len(c) != L or sympy.prod(c) != 1:
        raise InvalidArgument(f"scales={scales!r} must be {L} rationals with product 1")
    Q = [sympy.eye(dims[0])] + [sympy.Matrix(R) for R in (rotations or [sympy.eye(n) for n in dims[1:-1]])] \
        + [sympy.eye(dims[-1])]

    def build(dps: int) -> list:
        with precision(dps):
            S, ps, p = prob.mp()
            npi, np_ = mpmath.norm(ps), mpmath.norm(p)
            sigma = (npi / np_) ** (mpmath.mpf(1) / L)
            us = [ps / npi] + [_unit(n) for n in dims[1:-1]] + [p / np_]
            Ws = []
            for k in range(1, L + 1):
                W = sigma * (mpmath.mpf(int(c[k - 1].p)) / int(c[k - 1].q)) * us[k] * us[k - 1].T
                Ws.append(_mpm(Q[k]) * W * _mpm(Q[k - 1]).T)
            if kernel is not None and L >= 2:
                v = Ws[1].T[:, 0] if Ws[1].rows == 1 else _top_row_direction(Ws[1])
                v = v / mpmath.norm(v)
                Ws[0] = Ws[0] + (mpmath.eye(dims[1]) - v * v.T) * _mpm(kernel)
            return Ws
    return build


def _unit(n: int) -> mpmath.matrix:
    e = mpmath.matrix(n, 1)
    e[0] = 1
    return e


def _top_row_direction(W) -> mpmath.matrix:
    """The right singular direction of a rank-one W (its largest row, normalised)."""
    best = max(range(W.rows), key=lambda i: mpmath.norm(W[i, :]))
    return W[best, :].T


def minimizer_sharpness(Ws: Sequence, prob: Problem) -> mpmath.mpf:
    r"""At a minimizer (:math:`\pi = \pi^*`): :math:`S = 2\lambda_{\max}(C^\top MC)`, :math:`\Sigma = CC^\top`,
    :math:`M = \sum_k\|a_k\|^2B_k^\top B_k` (the Hessian is the Gauss-Newton matrix :math:`2J^\top\Sigma J` there)."""
    S, _, p = prob.mp()
    L, d = len(Ws), Ws[0].cols
    M = mpmath.matrix(d, d)
    for k in range(1, L + 1):
        a = (p.T * _prod(Ws, k + 1, L, Ws[k - 1].rows)).T if k < L else p
        B = _prod(Ws, 1, k - 1, d)
        M += (a.T * a)[0, 0] * (B.T * B)
    C = mpmath.cholesky(S)
    return 2 * max(mpmath.eigsy(C.T * M * C, eigvals_only=True))


def balanced_sharpness(prob: Problem, L: int) -> mpmath.mpf:
    r"""The sharpness of the balanced rank-one minimizer: :math:`2c\,\lambda_{\max}(\Sigma + (L-1)ww^\top)`,
    :math:`c = \|\pi^*\|^{2-2/L}\|p\|^{2/L}`, :math:`w = \Sigma^{1/2}\pi^*/\|\pi^*\|` (so :math:`\|w\|^2 = a`)."""
    S, ps, p = prob.mp()
    npi, np_ = mpmath.norm(ps), mpmath.norm(p)
    C = mpmath.cholesky(S)
    w = C.T * (ps / npi)
    c = npi ** (2 - mpmath.mpf(2) / L) * np_ ** (mpmath.mpf(2) / L)
    # eigenvalues of C^T (I + (L-1) v v^T) C equal those of Sigma^{1/2}(...)Sigma^{1/2}
    return 2 * c * max(mpmath.eigsy(C.T * C + (L - 1) * w * w.T, eigvals_only=True))


def descend(Ws0: Sequence, prob: Problem, eta, steps: int, dps: int, every: int = 0) -> list:
    r"""Gradient descent :math:`\mathcal W_{t+1} = \mathcal W_t - \eta\nabla R(\mathcal W_t)` at ``dps`` digits
    (``eta`` exact); returns the final layers, or every ``every``-th iterate as well when ``every > 0``."""
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise InvalidArgument(f"steps={steps!r} must be an integer >= 0")
    e = _q(eta)
    with precision(dps):
        mats = prob.mp()
        h = mpmath.mpf(int(e.p)) / int(e.q)
        Ws = [W if isinstance(W, mpmath.matrix) else _mpm(W) for W in Ws0]
        Ws = [+W for W in Ws]
        path = [Ws]
        for t in range(steps):
            G = gradient(Ws, prob, mats)
            Ws = [W - h * g for W, g in zip(Ws, G)]
            if max(abs(x) for W in Ws for x in W) > mpmath.mpf(10) ** 30:  # diverged: stop, keep the iterate
                break
            if every and (t + 1) % every == 0:
                path.append(Ws)
        return path + [Ws] if every else [Ws]


def train(Ws0: Sequence, prob: Problem, eta, dps: int, max_steps: int = 2000, chunk: int = 50):
    r"""GD from ``Ws0`` until the risk gap is below :math:`10^{-3\,	ext{dps}/2}` (converged: the distance to the
    minimizers is then about :math:`10^{-3\,	ext{dps}/4}`), the iterates exceed :math:`10^{29}` (diverged) or
    ``max_steps`` is reached; returns ``(layers, risk gap, steps)`` at ``dps`` digits."""
    stop = mpmath.mpf(10) ** (-(3 * dps // 2))
    with precision(dps):
        Ws = [W if isinstance(W, mpmath.matrix) else _mpm(W) for W in Ws0]
        done, gap = 0, risk_gap(Ws, prob)
        while done < max_steps and gap >= stop:
            Ws = descend(Ws, prob, eta, chunk, dps)[-1]
            done += chunk
            gap = risk_gap(Ws, prob)
            if max(abs(x) for W in Ws for x in W) > mpmath.mpf(10) ** 29:
                break
        return Ws, gap, done
