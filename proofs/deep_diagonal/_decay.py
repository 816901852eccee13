r"""Integrated loss curves for Theorem 2: exact decoupled instances, and the trajectories of random problems.

A *decoupled instance* has :math:`X = I_d`, :math:`y = 0`: :math:`\mathcal L = \|\theta\|^2`, :math:`\mathcal L^* = 0`,
:math:`\mu = 2` (DD-Def-PL) and, per coordinate, :math:`\frac{d}{dt}\theta_i^2 = -4M_{ii}\theta_i^2`.  Along it
:math:`\theta_i^2` decreases, hence so does the minimal layer's square :math:`s` (:math:`\theta_i^2 = s\prod_k(s +
c_k)` is increasing in :math:`s`) and so does :math:`M_{ii}` (increasing in :math:`s`).  Therefore, for
:math:`t \ge T`, :math:`\theta_i(t)^2 \ge \theta_i(T)^2 e^{-4M_{ii}(T)(t - T)}`: :func:`envelope` is a rigorous
lower bound of the loss beyond the integrated horizon, which lets a bound whose rate is too large by any factor
be refuted at a finite time.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational

from symflow.claims import kit
from symflow.integrate import solve
from symflow.precision import precision

from ._network import argmin_layers, dd, dd_system, ls_optimum, m_funcs, mpq, y0

__all__ = ["Curve", "decoupled_curve", "envelope", "problem_curve", "P_VALUES"]


class Curve:
    """A loss curve: times, L(θ(t)) - L*, the start gap, μ, digits, and (decoupled) θ_i(T)^2, M_ii(T)."""

    def __init__(self, times, gaps, gap0, mu, digits, theta2=(), m_end=(), horizon=None, label=""):
        self.times, self.gaps, self.gap0, self.mu, self.digits = times, gaps, gap0, mu, digits
        self.theta2, self.m_end, self.horizon, self.label = theta2, m_end, horizon, label


def P_VALUES(init, factor, u0, w0):
    """P_i = ∏_{k≠k_i} factor(u^k_i(0), u^{k_i}_i(0)) for each coordinate, exact, from a statement's factor."""
    L, d = len(init), len(init[0])
    ks = argmin_layers(init)
    return [kit.product(factor.subs({u0: Rational(init[k][i]), w0: Rational(init[ks[i]][i])})
                        for k in range(L) if k != ks[i]) for i in range(d)]


@kit.cached
def decoupled_curve(init: tuple, T, points: int, dps: int) -> Curve:
    """The flow (5) on ||θ||^2 (X = I, y = 0) from ``init`` (layers x coordinates), sampled at T k/points."""
    L, d = len(init), len(init[0])
    variables, rhs, th, loss = dd_system(L, d, sympy.eye(d), sympy.zeros(d, 1))
    sol = solve(rhs, variables, y0(init, L, d), T, dps=dps)
    _, U, _, _ = dd(L, d)
    times = [T * Rational(k, points) for k in range(1, points + 1)]
    with precision(dps + 10):
        f = sympy.lambdify(variables, loss, modules="mpmath")
        gap0 = f(*[mpq(v) for v in y0(init, L, d)])
        gaps = [f(*(sol(t) if t != T else sol.y1)) for t in times]
        end = dict(zip(variables, sol.y1))
        theta2 = [mpmath.fprod(end[U[j][i]] for j in range(L)) ** 2 for i in range(d)]
        m_end = [f(*sol.y1) for f in m_funcs(L, d)]
    return Curve(times, gaps, gap0, mpmath.mpf(2), sol.digits or 1, theta2, m_end, T,
                 label=f"L={L}, d={d}, X=I, y=0, u(0)={[[str(x) for x in row] for row in init]}")


def envelope(curve: Curve, t) -> mpmath.mpf:
    """A lower bound of L(θ(t)) - L* for t >= T on a decoupled instance (module docstring)."""
    return mpmath.fsum(a * mpmath.exp(-4 * m * (t - curve.horizon)) for a, m in zip(curve.theta2, curve.m_end))


def problem_curve(problem, dps: int, T=Rational(1, 2), points: int = 4):
    """A random problem's curve (strategies.deep_diagonal_problem): times, gaps, its μ and L*, states."""
    L, d = problem.L, problem.d
    variables, rhs, th, loss = dd_system(L, d, problem.X, problem.y)
    sol = solve(rhs, variables, y0(problem.init, L, d), T, dps=dps)
    Lstar, mu = ls_optimum(problem.X, problem.y, dps)
    times = [T * Rational(k, points) for k in range(1, points + 1)]
    with precision(dps + 10):
        f = sympy.lambdify(variables, loss, modules="mpmath")
        gap0 = f(*[mpq(v) for v in y0(problem.init, L, d)]) - mpq(Lstar)
        states = [sol(t) if t != T else sol.y1 for t in times]
        gaps = [f(*s) - mpq(Lstar) for s in states]
    curve = Curve(times, gaps, gap0, mu, sol.digits or 1, label=f"X={problem.X.tolist()}, y={list(problem.y)}, "
                  f"u(0)={[[str(x) for x in row] for row in problem.init]}")
    return curve, states

