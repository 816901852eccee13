r"""The two-layer ReLU network with fixed first-layer directions (hypentropy_003 §3) as numbers, and the constants of
its mirror-flow rates.

* :func:`design` -- :math:`X_{ij} = (\langle\theta_j, x_i\rangle)_+` (HY-Def-X34), exact.
* :func:`network_flow` -- gradient flow of :math:`f(a,b) = \frac12\sum_i(\sum_j b_j(a_j\langle\theta_j,x_i\rangle)_+
  - y_i)^2` on the weights themselves, the ReLU evaluated as written (no use of :math:`a_j > 0`), with the
  activation pattern of the start frozen and re-checked along the trajectory; Taylor jet, digits measured.
* :func:`pinv_opnorm` -- :math:`\|X^{\top\dagger}\|_{op} = 1/\sigma_{\min}(X)` for X of full row rank (ℓ2 norms),
  from the smallest eigenvalue of :math:`XX^\top` (mpmath ``eigsy``).
* :func:`rate_constants` -- :math:`\kappa_1 = R/\|X^{\top\dagger}\|^2` (Lemma 3.6),
  :math:`C = 2m\log(1 + 2M/(mR))`, :math:`\kappa_2 = 1/(C^2\|X^{\top\dagger}\|^2)` (Lemma 3.7); works on mpf and on
  mpmath intervals (``mpmath.iv``), so printed, rounded inputs give the interval of the constants.

Source: HY-Def-Net, HY-Def-X34, HY-Def-fA2, HY-Lem3.6, HY-Lem3.7, HY-Def-C (hypentropy_003).
"""

from __future__ import annotations

from typing import Sequence

import mpmath
import sympy

from .errors import InvalidArgument
from .errors import PrecisionError
from .integrate import solve
from .validation import exact_number, to_mpf

__all__ = ["design", "network_loss", "network_flow", "pinv_opnorm", "rate_constants", "relu"]


def relu(v):
    """:math:`(v)_+ = \\max(0, v)` for exact numbers and mpf."""
    return v if v > 0 else 0 * v


def design(thetas: Sequence[Sequence], xs: Sequence[Sequence]) -> list[list]:
    r"""Exact :math:`X_{ij} = (\langle\theta_j, x_i\rangle)_+` (n x m) from directions and samples (exact numbers)."""
    if not thetas or not xs:
        raise InvalidArgument("design() needs at least one direction and one sample")
    th = [[exact_number(v, "theta") for v in row] for row in thetas]
    X = [[exact_number(v, "x") for v in row] for row in xs]
    if len({len(r) for r in th + X}) != 1:
        raise InvalidArgument("directions and samples must all have the same dimension d")
    return [[relu(sum(p * q for p, q in zip(tj, xi))) for tj in th] for xi in X]


def network_loss(thetas, xs, ys, m: int):
    r"""The network's loss :math:`f(a,b)` as SymPy, the ReLU written as ``Max(0, .)`` (HY-Def-fA2); returns
    ``(f, a, b)`` with the weight symbols."""
    a = sympy.symbols(f"a1:{m + 1}", real=True)
    b = sympy.symbols(f"b1:{m + 1}", real=True)
    S = [[sum(exact_number(p, "theta") * exact_number(q, "x") for p, q in zip(tj, xi)) for tj in thetas]
         for xi in xs]
    f = sum((sum(b[j] * sympy.Max(0, a[j] * S[i][j]) for j in range(m)) - exact_number(ys[i], "y")) ** 2
            for i in range(len(xs))) / 2
    return f, a, b, S


def network_flow(thetas, xs, ys, a0, b0, T, dps: int = 50):
    r"""Gradient flow of the network's own loss from :math:`(a_0, b_0)` up to T.

    SymPy differentiates the loss with its ReLUs (``Heaviside`` factors appear); each ``Heaviside(a_j s_ij)`` is
    frozen at its value at t = 0 (every :math:`a_{0,j} s_{ij} \ne 0` is required), the resulting polynomial field
    is integrated by the Taylor jet (:func:`symflow.integrate.solve`, digits measured), and the activation pattern is
    then checked at every step time: a sign change of some :math:`a_j(t) s_{ij}` raises ``PrecisionError`` (the
    frozen field would no longer be the network's).  Returns the Solution (state :math:`(a, b)`)."""
    m = len(thetas)
    if len(a0) != m or len(b0) != m or len(ys) != len(xs):
        raise InvalidArgument(f"a0, b0 need {m} entries (one per direction) and ys one per sample")
    f, a, b, S = network_loss(thetas, xs, ys, m)
    init = {**dict(zip(a, [exact_number(v, "a0") for v in a0])), **dict(zip(b, [exact_number(v, "b0") for v in b0]))}
    if any(S[i][j] == 0 or init[a[j]] == 0 for i in range(len(xs)) for j in range(m)):
        raise InvalidArgument("every a0_j <theta_j, x_i> must be non-zero (HY-SA.2-Nondiff)")
    pattern = {sympy.Heaviside(a[j] * S[i][j]): (1 if init[a[j]] * S[i][j] > 0 else 0)
               for i in range(len(xs)) for j in range(m)}

    def freeze(e):  # the activation pattern of t = 0: Heaviside(u) -> 0/1, Max(0, u) -> u or 0
        e = e.replace(lambda q: isinstance(q, sympy.Heaviside), lambda q: pattern[sympy.Heaviside(q.args[0])])
        return e.replace(lambda q: isinstance(q, sympy.Max),
                         lambda q: q.args[1] * pattern[sympy.Heaviside(q.args[1])] if q.args[0] == 0 else q)

    rhs = [sympy.expand(-freeze(sympy.diff(f, v))) for v in a + b]
    sol = solve(rhs, list(a + b), [init[v] for v in a + b], T, dps=dps)
    with mpmath.workdps(dps):
        for tk in list(sol.ts) + [sol.t1]:
            state = sol(sympy.Rational(str(mpmath.nstr(tk, 30))) if not isinstance(tk, sympy.Rational) else tk)
            if any((state[j] > 0) != (init[a[j]] > 0) for j in range(m)):
                raise PrecisionError(f"the activation pattern changes before t = {mpmath.nstr(tk, 8)}: a_j changed "
                                     "sign; integrate piecewise")
    return sol


def pinv_opnorm(X, dps: int = 30) -> mpmath.mpf:
    r""":math:`\|X^{\top\dagger}\|_{op} = \sup_{\|v\|_2\le1}\|(X^\top)^\dagger v\|_2 = \lambda_{\min}(XX^\top)^{-1/2}` for
    X (n x m) of rank n, exact entries."""
    Xs = sympy.Matrix(X)
    if Xs.rank() != Xs.rows:
        raise InvalidArgument(f"X has rank {Xs.rank()} < n = {Xs.rows}: the pseudo-inverse norm is that of a "
                              "rank-deficient X (HY-S5.4-Infinite); give X of full row rank")
    with mpmath.workdps(dps + 10):
        A = mpmath.matrix([[to_mpf(v) for v in row] for row in (Xs * Xs.T).tolist()])
        ev = mpmath.eigsy(A, eigvals_only=True)
        lam = min(ev[i] for i in range(A.rows))
        out = 1 / mpmath.sqrt(lam)
    with mpmath.workdps(dps):
        return +out


def rate_constants(R, opnorm, M, m, ctx=mpmath.mp) -> dict:
    r"""κ1 = R/op², C = 2m log(1 + 2M/(mR)), κ2 = 1/(C² op²) in the arithmetic of ``ctx`` (``mpmath.mp`` or
    ``mpmath.iv``); the inputs are numbers of that context."""
    k1 = R / opnorm ** 2
    C = 2 * m * ctx.log(1 + 2 * M / (m * R))
    k2 = 1 / (C ** 2 * opnorm ** 2)
    return {"kappa1": k1, "C": C, "kappa2": k2}
