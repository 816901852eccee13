r"""Rate measurements of §2.2 on the mirror flows of :mod:`._instances`: the ball :math:`B_{\beta^*}(r)`
(HY-Def-Ball), the hitting time :math:`T_0`, :math:`D_\phi(\beta^*,\beta(t))` and its time derivative, the constants
:math:`L_\phi`, :math:`C_\phi`, :math:`\|X^{\top\dagger}\|_{op}` for Euclidean norms.

* :math:`r = D_\phi(\beta^*,\beta(T_0))` at a fixed :math:`T_0` (:data:`WINDOW`); :math:`D_\phi(\beta^*,\beta(t))`
  decreases (HY-Eq2), so :math:`T_0` is the hitting time of that r; samples up to :math:`t_{\max}`, where D is still
  far above the working precision (D is a difference of O(1) numbers: it is evaluated at 2 dps on the 2 dps run).
* Ball samples: :math:`\beta = (\nabla\phi)^{-1}(\nabla\phi(\beta^*) + X^\top u)` along 12 directions u, scaled by
  bisection to :math:`D_\phi(\beta^*,\beta) = s\,r`, s in {1/4, 1/2, 1}; plus the trajectory points after T0.
* :math:`L_\phi` bounds :math:`\lambda_{\max}\nabla^2\phi` on the convex hull of the ball, exactly: hypentropy
  :math:`\phi'' = (x^2+\alpha^2)^{-1/2} \le 1/\alpha`; power potential :math:`\phi'' = 1 + 3x^2` with
  :math:`|x - \beta^*_i| \le \sqrt{2r}` on the ball (:math:`D_\phi \ge \frac12|\beta-\beta^*|^2` as
  :math:`\phi''\ge1`).  :math:`C_\phi = \max\|\nabla\phi(\beta)-\nabla\phi(\beta^*)\|_2` over the samples.
* :math:`\|X^{\top\dagger}\|_{op} = \lambda_{\min}(XX^\top)^{-1/2}` (Euclidean norms, rank X = n).
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy

from symflow.claims import kit

from ._instances import Instance, projection, run
from ._least_squares import DESIGNS, POTENTIALS

__all__ = ["RATE_INSTANCES", "rate_instances", "RateData", "rate_data", "H"]

RATE_INSTANCES = (Instance("hyp1", "A", 80), Instance("quartic", "A", 60), Instance("hyp1/2-d4", "B", 60))
WINDOW = {"hyp1": (1, 8), "quartic": (1, 8), "hyp1/2-d4": (4, 32)}  # [T0, t_max]: D stays above ~1e-20
H = sympy.Rational(1, 10 ** 12)  # central-difference step for dD/dt (error ~ 1e-24 relative)


def rate_instances(fast: bool) -> tuple:
    return RATE_INSTANCES[:1] if fast else RATE_INSTANCES


@dataclass(frozen=True)
class RateData:
    inst: Instance
    star: tuple
    T0: object
    r: object
    times: tuple          # exact sample times t >= T0
    traj: tuple           # beta(t) at those times
    D: tuple              # D_phi(beta*, beta(t))
    dD: tuple             # d/dt D_phi(beta*, beta(t)), central difference of the dense output
    digits: int
    ball: tuple           # ball samples (beta in B(r)), trajectory points included
    L: object             # bound on lambda_max(hess phi) on the hull of the ball
    opnorm: object        # ||X^{T dagger}||_op, Euclidean
    C: object             # max ||grad phi(beta) - grad phi(beta*)||_2 over the ball samples


def _fns(inst):
    pot = POTENTIALS[inst.pot]
    th = pot.theta
    f = sympy.lambdify([th], pot.phi, modules="mpmath")
    gr = sympy.lambdify([th], [sympy.diff(pot.phi, t) for t in th], modules="mpmath")
    return pot, f, gr


def _inverse_grad(pot, eta):
    """(grad phi)^{-1}(eta) for the separable potentials: alpha sinh(eta_i), or the real root of x + x^3 = eta_i."""
    if pot.kind == "hyp":
        return [kit.mp(pot.alpha) * mpmath.sinh(e) for e in eta]
    def rcbrt(z):
        return mpmath.sign(z) * abs(z) ** (mpmath.mpf(1) / 3)
    q = mpmath.mpf(1) / 27
    return [rcbrt(e / 2 + mpmath.sqrt(e ** 2 / 4 + q)) + rcbrt(e / 2 - mpmath.sqrt(e ** 2 / 4 + q)) for e in eta]


@kit.cached
def rate_data(inst: Instance, dps: int) -> RateData:
    pot, f, gr = _fns(inst)
    des = DESIGNS[inst.design]
    sol = run(inst, dps)
    star = list(projection(inst.pot, inst.design, dps).theta)
    T0, tmax = (sympy.Integer(v) for v in WINDOW[inst.pot])
    ts = tuple(T0 + (tmax - T0) * sympy.Rational(k, 8) for k in range(0, 9))
    with mpmath.workdps(2 * dps):
        starh = [kit.mp(x) for x in star]

        def Dh(beta):
            return f(starh) - f(beta) - mpmath.fsum(q * (x - y) for q, x, y in zip(gr(beta), starh, beta))
        traj, Ds, dDs, digs = [], [], [], []
        for t in ts:
            lo, hi = [list(sol.lo(t))[: pot.d], list(sol.hi(t))[: pot.d]]
            a, b = Dh(lo), Dh(hi)
            traj.append([+x for x in hi])
            Ds.append(b)
            ap, am = (list(sol.hi(t + H))[: pot.d], list(sol.hi(t - H))[: pot.d])
            dDs.append((Dh(ap) - Dh(am)) / (2 * kit.mp(H)))
            digs.append(min(mpmath.floor(-mpmath.log10(abs(a - b) / abs(b))) if a != b else dps, 22))
    with mpmath.workdps(dps):
        gs = gr(star)

        def D(beta):
            return f(star) - f(beta) - mpmath.fsum(q * (x - y) for q, x, y in zip(gr(beta), star, beta))
        r = Ds[0]
        Xm = mpmath.matrix([[kit.mp(v) for v in row] for row in des.X])
        ball = list(traj)
    scales = []
    with mpmath.workdps(20):  # the bisection needs no more: the samples are rebuilt at dps on the exact dual line
        gs20 = gr(star)
        for k in range(12):
            ang = 2 * mpmath.pi * k / 12
            u = mpmath.matrix([mpmath.cos(ang * (j + 1)) + (j + 1) * mpmath.sin(ang) / 3 for j in range(des.n)])
            direction = Xm.T * u
            lo, hi = mpmath.mpf(0), mpmath.mpf(1)
            while D(_inverse_grad(pot, [a + hi * b for a, b in zip(gs20, direction)])) < r:
                hi *= 2
            for _ in range(30):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if D(_inverse_grad(pot, [a + mid * b for a, b in zip(gs20, direction)])) < r \
                    else (lo, mid)
            scales.append((u, lo))
    with mpmath.workdps(dps):
        for u, lo in scales:
            direction = Xm.T * u
            for s in (mpmath.mpf(1) / 4, mpmath.mpf(1) / 2, mpmath.mpf(1)):
                ball.append(_inverse_grad(pot, [a + s * lo * b for a, b in zip(gs, direction)]))
        if pot.kind == "hyp":
            L = 1 / kit.mp(pot.alpha)
        else:
            L = 1 + 3 * (max(abs(x) for x in star) + mpmath.sqrt(2 * r)) ** 2
        lam = min(mpmath.eigsy(Xm * Xm.T, eigvals_only=True))
        opn = 1 / mpmath.sqrt(lam)
        C = max(mpmath.norm(mpmath.matrix(gr(b)) - mpmath.matrix(gs)) for b in ball)
    return RateData(inst, tuple(star), T0, r, ts, tuple(traj), tuple(Ds), tuple(dDs), max(1, int(min(digs))),
                    tuple(ball), L, opn, C)
