r"""The deep diagonal network at fixed sizes, and its gradient flow on least squares (shared by the section modules).

* :func:`dd` -- ``families.deep_diagonal(L, d)`` with its layers ``U[j][i]``, generic gradient symbols ``g`` and
  the gradient field of (4), :math:`\dot x = -\partial G^\top g` (DD-Eq4), built from the Jacobian;
* :func:`theta`, :func:`m_diag` (DD-Def-Mt), :func:`argmin_layers`, :func:`sigma` (DD-Def-kiSigma);
* :func:`dd_system` -- the flow (5) on :math:`\|X\theta - y\|^2` (optionally with :math:`\dot\xi = -\nabla\mathcal L`,
  DD-Def-Xi), :func:`y0` (stacked order DD-Def-Stack), :func:`ls_optimum` (:math:`\mathcal L^*` and the PL constant
  :math:`\mu = 2\lambda^+_{\min}(X^\top X)`, DD-Def-PL).
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Matrix, Rational, Symbol

from symflow import families
from symflow.claims import kit
from symflow.precision import precision

__all__ = ["dd", "theta", "m_diag", "m_funcs", "argmin_layers", "sigma", "dd_system", "y0", "ls_grad", "ls_optimum", "mpq"]


@kit.cached
def dd(L: int, d: int):
    """(G, U, g, vel): the family, its layers U[j][i] (0-based), generic gradients g, the field of (4)."""
    G = families.deep_diagonal(L, d)
    U = G.meta["layers"]
    g = tuple(Symbol(f"g{i + 1}", real=True) for i in range(d))
    xdot = -(G.jacobian().T * Matrix(g))
    vel = {p: sympy.expand(xdot[k]) for k, p in enumerate(G.params)}
    return G, U, g, vel


def theta(U, i: int, L: int) -> sympy.Expr:
    return kit.product(U[j][i] for j in range(L))


def m_diag(U, i: int, L: int) -> sympy.Expr:
    r""":math:`M_{ii} = \sum_j \prod_{k\ne j}(u^k_i)^2` (DD-Def-Mt)."""
    return sympy.Add(*[kit.product(U[k][i] ** 2 for k in range(L) if k != j) for j in range(L)])


@kit.cached
def m_funcs(L: int, d: int):
    """M_ii as mpmath functions of the stacked state (DD-Def-Stack order), one per coordinate."""
    _, U, _, _ = dd(L, d)
    variables = [U[j][i] for i in range(d) for j in range(L)]
    return tuple(sympy.lambdify(variables, m_diag(U, i, L), "mpmath") for i in range(d))


def argmin_layers(init) -> list[int]:
    r""":math:`k_i = \arg\min_k |u^k_i(0)|` (DD-Def-kiSigma); (A) requires the minimum to be attained once."""
    L, d = len(init), len(init[0])
    out = []
    for i in range(d):
        a = [abs(Rational(init[j][i])) for j in range(L)]
        if a.count(min(a)) != 1:
            raise ValueError(f"coordinate {i + 1}: (A) fails, minimal |u^k_i(0)| attained {a.count(min(a))} times")
        out.append(a.index(min(a)))
    return out


def sigma(init) -> sympy.Rational:
    r""":math:`\sigma = \min_i \prod_{k\ne k_i}(u^k_i(0)^2 - u^{k_i}_i(0)^2)` (DD-Thm2), exact."""
    L, d = len(init), len(init[0])
    ks = argmin_layers(init)
    return min(kit.product(Rational(init[k][i]) ** 2 - Rational(init[ks[i]][i]) ** 2 for k in range(L) if k != ks[i])
               for i in range(d))


def ls_grad(X: Matrix, y: Matrix, th):
    r""":math:`\nabla\mathcal L = 2X^\top(X\theta - y)` and :math:`\mathcal L = \|X\theta - y\|^2`."""
    r = X * Matrix(th) - y
    return list(2 * X.T * r), sum(x ** 2 for x in r)


def dd_system(L: int, d: int, X: Matrix, y: Matrix, *, xi: bool = False):
    """(variables, rhs, theta exprs, loss expr) of the flow (5) on ||Xθ - y||^2 (ξ states appended with ``xi``)."""
    G, U, g, vel = dd(L, d)
    th = [theta(U, i, L) for i in range(d)]
    grad, loss = ls_grad(X, y, th)
    sub = dict(zip(g, grad))
    variables = list(G.params)
    rhs = [vel[p].subs(sub) for p in variables]
    if xi:
        xs = [Symbol(f"xi{i + 1}", real=True) for i in range(d)]
        variables += xs
        rhs += [-gi for gi in grad]
    return variables, rhs, th, loss


def y0(init, L: int, d: int) -> list:
    """Initial state in the stacked order of DD-Def-Stack (coordinate-major)."""
    return [Rational(init[j][i]) for i in range(d) for j in range(L)]


def mpq(x) -> mpmath.mpf:
    x = Rational(x)
    return mpmath.mpf(x.p) / x.q


def ls_optimum(X: Matrix, y: Matrix, dps: int):
    r"""(L*, mu): :math:`\mathcal L^* = \|(I - XX^+)y\|^2` (exact) and :math:`\mu = 2\lambda^+_{\min}(X^\top X)`
    (mpmath at ``dps``; the positive eigenvalues are separated from 0 by the exact rank)."""
    r = X * (X.pinv() * y) - y
    Lstar = sympy.nsimplify(sum(v ** 2 for v in r))
    A = X.T * X
    rank = A.rank()
    with precision(dps + 10):
        ev = sorted(mpmath.eigsy(mpmath.matrix([[mpq(A[a, b]) for b in range(A.cols)] for a in range(A.rows)]),
                                 eigvals_only=True))
        lam = ev[len(ev) - rank]
    return Lstar, 2 * lam
