"""The reference problems of ``symflow bench``: P1, P2 and the scaling family S5, S20, S50, S200.

Exact data (every constant a Rational) as specified for the benchmark (indices from 0):

* **P1** deep diagonal network, :math:`\\theta_i = \\prod_{j} u^j_i`, L = 4, d = 5, n = 10,
  :math:`\\mathcal L(\\theta) = \\|X\\theta - y\\|^2` (no 1/2), gradient flow
  :math:`\\dot u^j = -(\\odot_{k \\ne j} u^k) \\odot \\nabla \\mathcal L(\\theta)` on the 20 weights, T = 1, with
  :math:`X_{ai} = (((a+1)(i+2)\\,37 \\bmod 19) - 9)/10`, :math:`y_a = (((a+3)\\,53 \\bmod 17) - 8)/8`,
  :math:`u^j_i(0) = (5 + ((j+1)(i+1)\\,29 \\bmod 11))/10`.
* **P2** Woodworth et al.'s :math:`\\theta = u \\odot u - v \\odot v`, d = 4, n = 2,
  :math:`\\mathcal L = \\frac{1}{2n}\\|X\\theta - y\\|^2`, :math:`u(0) = v(0) = \\alpha \\mathbb 1`, α = 1/10, T = 10;
  exact invariant :math:`u_i v_i = \\alpha^2`.
* **S(d)** (S5, S20, S50, S200) the P1 construction with L = 3, d coordinates, :math:`n = \\lfloor 2d/5 \\rfloor + 2`
  rows, T = 2: 3d weights.  How the cost grows with the width.

A least-squares problem also carries its data (:class:`LeastSquares`), so that a peer can be given the factored
form :math:`r = X\\theta - y`, :math:`\\nabla\\mathcal L = 2 X^\\top r` (the way one writes it by hand; the SymPy
right-hand side is the expanded one, :math:`\\nabla \\mathcal L = A\\theta - b`, which SymPy produces by itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy

from ..errors import InvalidArgument

__all__ = ["Problem", "LeastSquares", "problem", "PROBLEMS", "deep_diagonal_problem"]


@dataclass(frozen=True)
class LeastSquares:
    """The data of :math:`\\mathcal L(\\theta) = \\|X\\theta - y\\|^2` for :math:`\\theta_i = \\prod_j u^j_i`."""

    X: tuple  # n rows of d Rationals
    y: tuple  # n Rationals
    depth: int  # L


@dataclass(frozen=True)
class Problem:
    """An autonomous IVP with exact data: ``rhs`` in ``variables``, exact ``y0``, horizon ``t1`` (from 0)."""

    name: str
    description: str
    rhs: tuple
    variables: tuple
    y0: tuple
    t1: sympy.Rational
    invariants: tuple = ()  # SymPy expressions conserved exactly along the flow
    short_t1: sympy.Rational | None = None  # horizon for mpmath.odefun from 80 digits on (it cannot finish t1)
    least_squares: LeastSquares | None = None
    default_dps: tuple = (30, 50, 100)
    odefun: bool = True  # run mpmath.odefun on it (it takes minutes beyond a few states)


def _data(d: int, n: int):
    X = tuple(tuple(sympy.Rational(((a + 1) * (i + 2) * 37) % 19 - 9, 10) for i in range(d)) for a in range(n))
    y = tuple(sympy.Rational(((a + 3) * 53) % 17 - 8, 8) for a in range(n))
    return X, y


def deep_diagonal_problem(name: str, L: int, d: int, n: int, t1, **kw) -> Problem:
    """The deep diagonal least-squares flow of P1 / S(d) with the benchmark's data.

    The right-hand side is built as :math:`-(\\prod_{k \\ne j} u^k_i)\\,(\\sum_l A_{il}\\theta_l - b_i)` with
    :math:`A = 2X^\\top X`, :math:`b = 2X^\\top y`: the same expression SymPy makes of :math:`2X^\\top(X\\theta - y)`,
    built in :math:`O(d^2)` instead of through nested sums (S200: seconds instead of minutes).
    """
    X, y = _data(d, n)
    u = [[sympy.Symbol(f"u{j + 1}_{i + 1}") for i in range(d)] for j in range(L)]
    theta = [sympy.Mul(*[u[j][i] for j in range(L)]) for i in range(d)]
    Xi = [[int(v * 10) for v in row] for row in X]  # X has denominator 10 and y denominator 8: integer sums
    yi = [int(v * 8) for v in y]
    A = [[sympy.Rational(2 * sum(Xi[a][i] * Xi[a][m] for a in range(n)), 100) for m in range(d)] for i in range(d)]
    b = [sympy.Rational(2 * sum(Xi[a][i] * yi[a] for a in range(n)), 80) for i in range(d)]
    g = [sympy.Add(*[A[i][m] * theta[m] for m in range(d)], -b[i]) for i in range(d)]
    rhs, variables, y0 = [], [], []
    for j in range(L):
        for i in range(d):
            others = sympy.Mul(*[u[k][i] for k in range(L) if k != j])
            rhs.append(-others * g[i])
            variables.append(u[j][i])
            y0.append(sympy.Rational(5 + ((j + 1) * (i + 1) * 29) % 11, 10))
    return Problem(name, f"deep diagonal L={L}, d={d}, n={n}, ||X theta - y||^2, T={t1}, {L * d} weights",
                   tuple(rhs), tuple(variables), tuple(y0), sympy.Integer(t1),
                   least_squares=LeastSquares(X, y, L), **kw)


def _p1() -> Problem:
    return deep_diagonal_problem("P1", 4, 5, 10, 1, short_t1=sympy.Rational(1, 100))


def _p2() -> Problem:
    d, n = 4, 2
    alpha = sympy.Rational(1, 10)
    X = [[1, 2, -1, sympy.Rational(1, 2)], [0, 1, 3, -2]]
    y = [sympy.Integer(1), sympy.Rational(-1, 2)]
    u = [sympy.Symbol(f"u{i + 1}") for i in range(d)]
    v = [sympy.Symbol(f"v{i + 1}") for i in range(d)]
    theta = [u[i] ** 2 - v[i] ** 2 for i in range(d)]
    r = [sum(X[a][i] * theta[i] for i in range(d)) - y[a] for a in range(n)]
    g = [sympy.Rational(1, n) * sum(X[a][i] * r[a] for a in range(n)) for i in range(d)]  # dL/dtheta
    rhs = [-2 * u[i] * g[i] for i in range(d)] + [2 * v[i] * g[i] for i in range(d)]
    inv = tuple(u[i] * v[i] - alpha**2 for i in range(d))
    return Problem("P2", "Woodworth u*u - v*v, d=4, n=2, alpha=1/10, (1/2n)||X theta - y||^2, T=10",
                   tuple(rhs), tuple(u + v), (alpha,) * (2 * d), sympy.Integer(10), inv, sympy.Integer(1))


def _s(d: int) -> Callable[[], Problem]:
    def make() -> Problem:
        small = d <= 5  # S5 at 30, 50, 100 digits and against odefun; the wider ones at 50 digits, peers heyoka
        return deep_diagonal_problem(f"S{d}", 3, d, 2 * d // 5 + 2, 2, short_t1=sympy.Rational(1, 10),
                                     default_dps=(30, 50, 100) if small else (50,), odefun=small)

    return make


PROBLEMS: dict[str, Callable[[], Problem]] = {"P1": _p1, "P2": _p2, "S5": _s(5), "S20": _s(20), "S50": _s(50),
                                              "S200": _s(200)}


def problem(name: str) -> Problem:
    """The reference problem ``name`` (``P1``, ``P2``, ``S5``, ``S20``, ``S50``, ``S200``)."""
    if name not in PROBLEMS:
        raise InvalidArgument(f"problem={name!r} ({type(name).__name__}) is not a reference problem; "
                              f"use one of {sorted(PROBLEMS)}")
    return PROBLEMS[name]()
