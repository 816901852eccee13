r"""Deep linear networks on least squares: exact commuting instances, the matrix gradient flow, closed-form modes,
transition times and reduced-rank regression.

The loss of :math:`W = W_1\cdots W_L` (:math:`W_l \in \mathcal M_{r_{l-1}, r_l}`, :math:`r_0 = d`, :math:`r_L = p`)
is :math:`f = \frac1{2n}\|Y - XW\|_F^2 = \frac12\operatorname{tr}(W^\top\Sigma_xW) - \operatorname{tr}(W^\top
\Sigma_{xy}) + \frac1{2n}\|Y\|_F^2` with :math:`\Sigma_x = X^\top X/n`, :math:`\Sigma_{xy} = X^\top Y/n`
(Gidel, Bach, Lacoste-Julien, DDyn-Eq9, DDyn-Def-cov).  This module gives

* exact instances satisfying the commutation assumption (DDyn-Ass1): :func:`cayley`, :func:`commuting_moments`;
* the loss in the moments (:func:`moment_loss`) and the full matrix gradient flow :math:`\dot W_l = -\partial f /
  \partial W_l` derived from it by differentiation (:func:`matrix_flow`), for any widths;
* the closed-form scalar modes of the two-layer flow with balanced initialization,
  :math:`\dot w = 2w(\sigma - \lambda w)`: :func:`logistic_mode` (:math:`\sigma > 0`) and :func:`decay_mode`
  (:math:`\sigma = 0`), and the exact time at which a mode reaches a fraction of its limit (:func:`reach_time`);
* :func:`reduced_rank_regression`: the minimum-Frobenius-norm minimizer of :math:`\|Y - XW\|_F` under
  :math:`\operatorname{rank} W \le k` (DDyn-Eq10), written from its definition (Eckart–Young on the projected
  response), and :func:`trace_norm`.

Source: discrete_dynamics_004 (DDyn-Eq9, DDyn-Eq19, DDyn-Eq20, DDyn-Eq62, DDyn-Eq67, DDyn-Eq10).
"""

from __future__ import annotations

from typing import Sequence

import mpmath
import sympy

from .errors import InvalidArgument
from .precision import precision

__all__ = ["cayley", "commuting_moments", "moment_loss", "matrix_flow", "logistic_mode", "decay_mode",
           "reach_time", "reduced_rank_regression", "trace_norm", "to_mp", "common_eigenprojectors",
           "loss_gradient"]


def cayley(A: sympy.Matrix) -> sympy.Matrix:
    r"""The exact orthogonal matrix :math:`(I - A)(I + A)^{-1}` of a skew-symmetric rational :math:`A`.

    >>> import sympy
    >>> Q = cayley(sympy.Matrix([[0, sympy.Rational(1, 2)], [-sympy.Rational(1, 2), 0]]))
    >>> Q.T * Q == sympy.eye(2)
    True
    """
    A = sympy.Matrix(A)
    if A.rows != A.cols or A + A.T != sympy.zeros(A.rows):
        raise InvalidArgument(f"cayley() needs a square skew-symmetric matrix, got shape {A.shape}: {A.tolist()}")
    eye = sympy.eye(A.rows)
    return (eye - A) * (eye + A).inv()


def commuting_moments(U: sympy.Matrix, V: sympy.Matrix, sigma: Sequence, lam: Sequence):
    r"""(:math:`\Sigma_x`, :math:`\Sigma_{xy}`) = (:math:`U\,\mathrm{diag}(\lambda)U^\top`,
    :math:`U\,\mathrm{diag}_{d\times p}(\sigma)V^\top`): moments satisfying the commutation assumption (DDyn-Eq21).

    ``U`` is d×d and ``V`` p×p orthogonal; ``lam`` has d entries, ``sigma`` at most min(d, p)."""
    d, p = U.rows, V.rows
    if len(lam) != d or len(sigma) > min(d, p):
        raise InvalidArgument(f"lam has {len(lam)} entries (need d={d}) and sigma {len(sigma)} (need <= {min(d, p)})")
    S = sympy.zeros(d, p)
    for i, s in enumerate(sigma):
        S[i, i] = sympy.sympify(s)
    return U * sympy.diag(*lam) * U.T, U * S * V.T


def moment_loss(Ws: Sequence[sympy.Matrix], Sx: sympy.Matrix, Sxy: sympy.Matrix) -> sympy.Expr:
    r""":math:`\frac12\operatorname{tr}(W^\top\Sigma_xW) - \operatorname{tr}(W^\top\Sigma_{xy})`,
    :math:`W = W_1\cdots W_L`: the loss (9) minus the constant :math:`\|Y\|_F^2/(2n)`."""
    W = Ws[0]
    for M in Ws[1:]:
        W = W * M
    return sympy.expand((W.T * Sx * W).trace() / 2 - (W.T * Sxy).trace())


def matrix_flow(dims: Sequence[int], Sx: sympy.Matrix, Sxy: sympy.Matrix, name: str = "W"):
    r"""The gradient flow :math:`\dot W_l = -\partial f/\partial W_l` of every entry of every layer.

    ``dims = (r_0, ..., r_L)`` (:math:`r_0 = d`, :math:`r_L = p`).  Returns ``(layers, variables, rhs)``: the
    symbolic layers (entries ``W{l}_{i}_{j}``), the entries in order, and :math:`-\partial f/\partial` entry,
    obtained by differentiating :func:`moment_loss` (no gradient formula is typed in)."""
    dims = tuple(int(x) for x in dims)
    if len(dims) < 2 or Sx.shape != (dims[0], dims[0]) or Sxy.shape != (dims[0], dims[-1]):
        raise InvalidArgument(f"dims={dims} does not match Sigma_x {Sx.shape} and Sigma_xy {Sxy.shape}")
    layers = [sympy.Matrix(dims[l - 1], dims[l], lambda i, j, l=l: sympy.Symbol(f"{name}{l}_{i + 1}_{j + 1}",
                                                                                   real=True))
              for l in range(1, len(dims))]
    f = moment_loss(layers, Sx, Sxy)
    variables = [s for M in layers for s in M]
    return layers, variables, [sympy.expand(-sympy.diff(f, s)) for s in variables]


def loss_gradient(Ws: Sequence[sympy.Matrix], Sx: sympy.Matrix, Sxy: sympy.Matrix) -> list:
    r""":math:`\partial f/\partial W_l` at an exact rational point, entry by entry.

    Along one entry, :math:`\varepsilon\mapsto f(\dots, W_l + \varepsilon E_{ij}, \dots)` is a polynomial of
    degree 2 (W is affine in one layer, f quadratic in W), so its derivative at 0 is exactly
    :math:`(f(1) - f(-1))/2`: two evaluations of :func:`moment_loss` over QQ (DomainMatrix), no symbols."""
    from sympy.polys.matrices import DomainMatrix

    def dm(M):
        return DomainMatrix.from_Matrix(sympy.Matrix(M)).convert_to(sympy.QQ)

    dWs, dSx, dSxy = [dm(M) for M in Ws], dm(Sx), dm(Sxy)

    def f(layers):
        W = layers[0]
        for M in layers[1:]:
            W = W * M
        A, B = (W.transpose() * dSx * W).to_list(), (W.transpose() * dSxy).to_list()
        return sum((A[k][k] for k in range(len(A))), sympy.QQ(0)) / 2 - sum((B[k][k] for k in range(len(B))),
                                                                        sympy.QQ(0))

    out = []
    for l, M in enumerate(dWs):
        rows, cols = M.shape
        G = sympy.zeros(rows, cols)
        for i in range(rows):
            for j in range(cols):
                E = DomainMatrix.zeros((rows, cols), sympy.QQ)
                E[i, j] = sympy.QQ(1)
                vals = [f(dWs[:l] + [M + E] + dWs[l + 1:]), f(dWs[:l] + [M - E] + dWs[l + 1:])]
                G[i, j] = sympy.QQ.to_sympy((vals[0] - vals[1]) / 2)
        out.append(G)
    return out


def logistic_mode(sigma, lam, w0, t) -> sympy.Expr:
    r"""The solution of :math:`\dot w = 2w(\sigma - \lambda w)`, :math:`w(0) = w_0`, :math:`\sigma \ne 0`:
    :math:`w(t) = \frac{w_0\sigma e^{2\sigma t}}{w_0\lambda(e^{2\sigma t} - 1) + \sigma}` (logistic growth)."""
    e = sympy.exp(2 * sigma * t)
    return w0 * sigma * e / (w0 * lam * (e - 1) + sigma)


def decay_mode(lam, w0, t) -> sympy.Expr:
    r"""The solution of :math:`\dot w = -2\lambda w^2`, :math:`w(0) = w_0`: :math:`w_0/(1 + 2w_0\lambda t)`."""
    return w0 / (1 + 2 * w0 * lam * t)


def reach_time(sigma, lam, w0, frac) -> sympy.Expr:
    r"""The time at which the logistic mode from :math:`w_0 \in (0, \sigma/\lambda)` reaches
    :math:`\mathrm{frac}\cdot\sigma/\lambda`: :math:`\frac1{2\sigma}\ln\frac{\mathrm{frac}\,(\sigma - \lambda w_0)}
    {(1 - \mathrm{frac})\lambda w_0}` (solve :func:`logistic_mode` for t)."""
    return sympy.log(frac * (sigma - lam * w0) / ((1 - frac) * lam * w0)) / (2 * sigma)


def to_mp(M) -> mpmath.matrix:
    """An exact SymPy matrix (or nested list) as an mpmath matrix at the current precision."""
    rows = M.tolist() if isinstance(M, sympy.MatrixBase) else M
    return mpmath.matrix([[mpmath.mpf(sympy.Rational(x).p) / sympy.Rational(x).q if sympy.sympify(x).is_Rational
                           else mpmath.mpf(sympy.N(x, mpmath.mp.dps + 5)) for x in r] for r in rows])


def reduced_rank_regression(X, Y, k: int, dps: int) -> mpmath.matrix:
    r"""The minimum-Frobenius-norm :math:`W^{k,*} \in \arg\min_{\operatorname{rank} W\le k}\|Y - XW\|_F` (DDyn-Eq10).

    From the definition: :math:`\|Y - XW\|^2 = \|Y - P Y\|^2 + \|PY - XW\|^2` with :math:`P = XX^\dagger` the
    projector on the range of X, and XW ranges over the matrices of rank <= k in that range; by Eckart–Young the
    best is the truncation :math:`(PY)_k = PY V_kV_k^\top` (:math:`V_k`: top-k right singular vectors of PY); the
    least-norm W with :math:`XW = (PY)_k` is :math:`X^\dagger (PY)_k = X^\dagger Y V_k V_k^\top`.  Computed with
    mpmath at ``dps`` digits from exact X, Y (the pseudoinverse is exact, SymPy)."""
    X, Y = sympy.Matrix(X), sympy.Matrix(Y)
    if X.rows != Y.rows or not 0 <= int(k) <= min(X.cols, Y.cols):
        raise InvalidArgument(f"X {X.shape}, Y {Y.shape}, k={k}: X and Y need as many rows, 0 <= k <= min(d, p)")
    Xp = X.pinv()
    with precision(dps):
        PY = to_mp(X * Xp * Y)
        _, s, Vt = mpmath.svd_r(PY)
        order = sorted(range(len(s)), key=lambda i: -s[i])[:int(k)]
        Vk = mpmath.matrix(Y.cols, len(order))
        for c, i in enumerate(order):
            for r in range(Y.cols):
                Vk[r, c] = Vt[i, r]
        return to_mp(Xp * Y) * Vk * Vk.T


def trace_norm(M, dps: int) -> mpmath.mpf:
    r"""The trace norm :math:`\|M\|_* = \sum_i s_i(M)` at ``dps`` digits."""
    with precision(dps):
        A = M if isinstance(M, mpmath.matrix) else to_mp(M)
        return mpmath.fsum(mpmath.svd_r(A, compute_uv=False))


def common_eigenprojectors(Sx: sympy.Matrix, Sxy: sympy.Matrix, weight=2):
    r"""Exact spectral projectors :math:`P_i` of :math:`C = \Sigma_x + w\,\Sigma_{xy}\Sigma_{xy}^\top` (a generic
    combination), with :math:`\lambda_i = \operatorname{tr}(P_i\Sigma_x)/\operatorname{tr}P_i` and
    :math:`\sigma_i^2 = \operatorname{tr}(P_i\Sigma_{xy}\Sigma_{xy}^\top)/\operatorname{tr}P_i`.

    When the two matrices commute, the :math:`P_i` diagonalize both (DDyn-Eq21, DDyn-Prop3); the caller checks
    :math:`\Sigma_x = \sum_i\lambda_iP_i` and :math:`\Sigma_{xy}\Sigma_{xy}^\top = \sum_i\sigma_i^2P_i`.
    Needs C with rational eigenvalues (exact eigenvectors over QQ); returns ``[(P_i, lambda_i, sigma_i^2)]``."""
    K = Sxy * Sxy.T
    C = Sx + weight * K
    out = []
    for ev, mult, vecs in C.eigenvects():
        if not ev.is_Rational:
            raise InvalidArgument(f"common_eigenprojectors() needs rational eigenvalues; got {ev}")
        B = sympy.Matrix.hstack(*vecs)
        P = B * (B.T * B).inv() * B.T
        out.append((P, (P * Sx).trace() / mult, (P * K).trace() / mult))
    return out
