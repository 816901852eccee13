r"""Closed-form potentials on an affine set: the Bregman projection by its KKT system, and minimisation of an
arbitrary objective over :math:`\{X\theta = y\}` (two independent solvers, digits measured).

For a closed-form potential :math:`\phi` (a SymPy expression in ``theta``), the Bregman projection of
:math:`\theta_0` onto :math:`\{X\theta = y\}` is characterised (convex problem, linear constraint) by

.. math:: X\theta = y, \qquad \nabla\phi(\theta) - \nabla\phi(\theta_0) \in \operatorname{Im}(X^\top)
          \iff N^\top(\nabla\phi(\theta) - \nabla\phi(\theta_0)) = 0,

with :math:`N` an exact basis of :math:`\ker X` (over QQ).  :func:`affine_kkt` solves these :math:`d` equations by
Newton (``mpmath.findroot``); :func:`affine_minimize` instead minimises an objective :math:`f(\theta)` on the affine
set in null-space coordinates :math:`\theta = \theta_p + N z` (gradient :math:`N^\top\nabla f`, Hessian
:math:`N^\top\nabla^2 f N`) and reports the smallest eigenvalue of the reduced Hessian at the solution (a strict
local minimum when > 0).  Both rerun at doubled precision; ``digits`` is the agreement.

Source: HY-Thm2.2-char (hypentropy_003, the characterisation of (1)), DD-Eq18.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import mpmath
import sympy

from ..errors import InvalidArgument, PrecisionError
from ..precision import GUARD_DPS, agreeing_digits
from ..validation import check_dps, exact_number, to_mpf

__all__ = ["AffineSolution", "affine_kkt", "affine_solve", "affine_minimize", "affine_data"]


@dataclass(frozen=True)
class AffineSolution:
    """A point of :math:`\\{X\\theta = y\\}` found by Newton: ``theta`` (mpf, at ``dps``), ``digits`` (agreement with
    the rerun at ``2 dps``), ``min_eig`` (smallest eigenvalue of the reduced Hessian, or None), ``residual``."""

    theta: tuple
    digits: int
    dps: int
    min_eig: mpmath.mpf | None
    residual: mpmath.mpf


def affine_data(X, y, d: int):
    """Exact ``(X, y, theta_p, N)``: a particular solution of X theta = y and a basis N (d x k) of ker X over QQ."""
    Xs = sympy.Matrix([[exact_number(v, "X") for v in row] for row in X])
    ys = sympy.Matrix([exact_number(v, "y") for v in y])
    if Xs.cols != d or Xs.rows != ys.rows:
        raise InvalidArgument(f"X must be n x d = {ys.rows} x {d}, got {Xs.rows} x {Xs.cols}")
    try:
        sol, params = Xs.gauss_jordan_solve(ys)
    except ValueError:
        raise InvalidArgument("X theta = y has no solution; pass y in the range of X") from None
    theta_p = sol.xreplace({p: 0 for p in params})
    ker = Xs.nullspace()
    N = sympy.Matrix.hstack(*ker) if ker else sympy.zeros(d, 0)
    return Xs, ys, theta_p, N


def _newton(exprs, unknowns, start, dps: int, what: str):
    f = sympy.lambdify(unknowns, list(exprs), modules="mpmath")
    jac = sympy.Matrix(exprs).jacobian(unknowns)
    J = sympy.lambdify(unknowns, jac, modules="mpmath")
    with mpmath.workdps(dps + GUARD_DPS):
        x0 = [to_mpf(v) if not isinstance(v, mpmath.mpf) else v for v in start]
        try:
            root = mpmath.findroot(lambda *v: f(*v), x0, J=lambda *v: J(*v), tol=mpmath.mpf(10) ** (-2 * (dps + 5)),
                                   maxsteps=200)
        except (ValueError, ZeroDivisionError, TypeError) as exc:
            raise PrecisionError(f"{what}: Newton did not converge at dps={dps} ({exc})") from None
        vals = [root[i] for i in range(len(unknowns))] if isinstance(root, mpmath.matrix) else [root]
        if any(mpmath.im(mpmath.mpmathify(v)) != 0 for v in vals):
            raise PrecisionError(f"{what}: Newton left the real domain")
        res = max((abs(v) for v in f(*vals)), default=mpmath.mpf(0))
        return [mpmath.re(v) for v in vals], res


def _measured(run, dps: int) -> tuple:
    lo, res = run(dps)
    hi, _ = run(2 * dps)
    with mpmath.workdps(2 * dps):
        digits = agreeing_digits(lo, hi, cap=dps)
    with mpmath.workdps(dps):
        return [+v for v in hi], digits, +res


def affine_kkt(phi: sympy.Expr, theta: Sequence[sympy.Symbol], X, y, theta0, dps: int | None = None,
               start=None) -> AffineSolution:
    r"""The Bregman projection :math:`\arg\min_{X\theta=y} D_\phi(\theta,\theta_0)` from its KKT system
    :math:`X\theta = y`, :math:`N^\top(\nabla\phi(\theta)-\nabla\phi(\theta_0)) = 0` (Newton; digits measured)."""
    dps = check_dps(dps)
    theta = tuple(theta)
    Xs, ys, theta_p, N = affine_data(X, y, len(theta))
    th0 = [exact_number(v, "theta0") for v in theta0]
    grad = sympy.Matrix([sympy.diff(phi, t) for t in theta])
    g0 = grad.xreplace(dict(zip(theta, th0)))
    eqs = list(N.T * (grad - g0)) + list(Xs * sympy.Matrix(theta) - ys)
    first = list(start) if start is not None else list(theta_p + N * (N.T * N).inv() * N.T *
                                                        (sympy.Matrix(th0) - theta_p))
    sol, digits, res = _measured(lambda p: _newton(eqs, theta, first, p, "Bregman projection (KKT)"), dps)
    return AffineSolution(theta=tuple(sol), digits=digits, dps=dps, min_eig=None, residual=res)


def affine_solve(member: Sequence[sympy.Expr], theta: Sequence[sympy.Symbol], X, y, start, dps: int | None = None
                 ) -> AffineSolution:
    r"""Solve :math:`X\theta = y`, :math:`m(\theta)\in\operatorname{Im}(X^\top)` (i.e. :math:`N^\top m = 0`) for a
    vector expression ``member`` in ``theta``, by Newton from ``start`` (exact numbers or mpf); digits measured."""
    dps = check_dps(dps)
    theta = tuple(theta)
    Xs, ys, _, N = affine_data(X, y, len(theta))
    eqs = list(N.T * sympy.Matrix(member)) + list(Xs * sympy.Matrix(theta) - ys)
    sol, digits, res = _measured(lambda p: _newton(eqs, theta, list(start), p, "affine system"), dps)
    return AffineSolution(theta=tuple(sol), digits=digits, dps=dps, min_eig=None, residual=res)


def affine_minimize(objective: sympy.Expr, theta: Sequence[sympy.Symbol], X, y, start, dps: int | None = None
                    ) -> AffineSolution:
    r"""A critical point of ``objective`` on :math:`\{X\theta = y\}` in null-space coordinates, with the smallest
    eigenvalue of the reduced Hessian :math:`N^\top\nabla^2 f N` there (> 0: a strict local minimum)."""
    dps = check_dps(dps)
    theta = tuple(theta)
    Xs, ys, theta_p, N = affine_data(X, y, len(theta))
    k = N.cols
    if k == 0:
        raise InvalidArgument("X has full column rank: the affine set is a point, nothing to minimise")
    z = sympy.symbols(f"z1:{k + 1}", real=True)
    point = theta_p + N * sympy.Matrix(z)
    sub = dict(zip(theta, point))
    grad = N.T * sympy.Matrix([sympy.diff(objective, t) for t in theta]).xreplace(sub)
    z0 = list((N.T * N).inv() * N.T * (sympy.Matrix([exact_number(v, "start") for v in start]) - theta_p))
    zs, digits, res = _measured(lambda p: _newton(list(grad), z, z0, p, "minimisation on X theta = y"), dps)
    hess = N.T * sympy.hessian(objective, theta) * N
    with mpmath.workdps(dps + GUARD_DPS):
        th = [to_mpf(theta_p[i]) + mpmath.fsum(to_mpf(N[i, j]) * zs[j] for j in range(k))
              for i in range(len(theta))]
        Hm = mpmath.matrix(sympy.lambdify(theta, hess, modules="mpmath")(*th))
        eig = min(mpmath.eigsy((Hm + Hm.T) / 2, eigvals_only=True))
    with mpmath.workdps(dps):
        return AffineSolution(theta=tuple(+v for v in th), digits=digits, dps=dps, min_eig=+eig, residual=res)
