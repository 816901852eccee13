r"""One block of a separable potential as numbers: the leaf curve :math:`x = \varphi(w)` evaluated in mpmath.

A :class:`_Block` holds coordinate :math:`i` on the leaf through :math:`x(0)`: :math:`\theta_i = g(\varphi(w))`,
:math:`h(w) = \partial_w g(\varphi(w))` and the metric :math:`m(w) = |\nabla g|^2` for :math:`w \in (w_{lo}, w_{hi})`
(built by :mod:`._reduce`), plus the closed forms found by :mod:`._closed`.  Where no closed form exists it evaluates
the implicit potential (step 4 of the package docstring): :math:`w(\theta)` and :math:`w(\eta)` by a safeguarded
Newton-bisection (:func:`_invert`, both maps are strictly monotone on the leaf),
:math:`\eta(w) = \int_{w_0}^{w} ds/h(s)` by ``mpmath.quad`` and
:math:`R = \eta\,\theta - \int_{w_0}^{w} \theta(s)\,ds/h(s)`; :math:`R'' = 1/m`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy

from ..errors import InvalidArgument, PrecisionError
from ..validation import to_mpf
from ._common import _lam, _nstr

__all__ = ["_Block", "_invert"]


@dataclass
class _Block:
    r"""Coordinate :math:`i`: :math:`\theta_i = g(\varphi(w))` on the leaf, :math:`w \in (w_{lo}, w_{hi})`."""

    index: int
    theta: sympy.Symbol
    g: sympy.Expr
    params: tuple
    pivot: sympy.Symbol
    w: sympy.Symbol
    w0: sympy.Expr
    phi: dict                    # param -> expression in w (pivot -> w)
    laws: list                   # (law expression in params, value at init)
    theta_w: sympy.Expr          # g on the leaf
    h_w: sympy.Expr              # dw/ds = d_pivot g on the leaf  (d eta / dw = 1/h)
    m_w: sympy.Expr              # |grad g|^2 on the leaf
    lo: Any = None               # domain of w: sympy number or -oo
    hi: Any = None
    theta0: sympy.Expr = sympy.S.Zero
    # closed forms in the theta symbol (None when implicit)
    M_theta: sympy.Expr | None = None
    eta_theta: sympy.Expr | None = None
    R_theta: sympy.Expr | None = None
    linear: sympy.Expr | None = None     # the initialization-dependent linear coefficient
    eta_w: sympy.Expr | None = None      # closed eta(w) when only that is closed (deep_diagonal L = 3: elliptic F)
    tail_w: sympy.Expr | None = None     # closed int_{w0}^w theta/h dw when rational (product blocks: (w^2-w0^2)/2)
    closed_note: str = ""
    steps: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self._f_theta = _lam(self.w, self.theta_w)
        self._f_h = _lam(self.w, self.h_w)
        self._f_m = _lam(self.w, self.m_w)
        self._f_inv_h = _lam(self.w, 1 / self.h_w)
        self._f_theta_over_h = _lam(self.w, sympy.cancel(self.theta_w / self.h_w))
        self._f_x = {p: _lam(self.w, e) for p, e in self.phi.items()}

    def finish(self) -> None:
        if self.eta_w is not None:
            self._f_eta_w = _lam(self.w, self.eta_w)
        if self.tail_w is not None:
            self._f_tail_w = _lam(self.w, self.tail_w)
        if self.eta_theta is not None:
            self._f_eta_theta = _lam(self.theta, self.eta_theta)
            self._f_R_theta = _lam(self.theta, self.R_theta)
            self._f_hess_theta = _lam(self.theta, 1 / self.M_theta)

    # -- numeric primitives (current mpmath precision) -----------------------------------------------------------
    def lo_mp(self):
        return -mpmath.inf if self.lo == -sympy.oo else to_mpf(self.lo)

    def hi_mp(self):
        return mpmath.inf if self.hi == sympy.oo else to_mpf(self.hi)

    def theta_of_w(self, w):
        return mpmath.re(self._f_theta(w))

    def dtheta_dw(self, w):
        return mpmath.re(self._f_m(w) / self._f_h(w))

    def eta_of_w(self, w):
        if self.eta_theta is not None:
            return mpmath.re(self._f_eta_theta(self.theta_of_w(w)))
        if self.eta_w is not None:
            return mpmath.re(self._f_eta_w(w))
        return mpmath.quad(lambda s: mpmath.re(self._f_inv_h(s)), [to_mpf(self.w0), w])

    def w_of_theta(self, t):
        return _invert(self.theta_of_w, self.dtheta_dw, t, to_mpf(self.w0), self.lo_mp(), self.hi_mp(),
                       what=f"theta_{self.index + 1}")

    def w_of_eta(self, eta):
        return _invert(self.eta_of_w, lambda s: mpmath.re(self._f_inv_h(s)), eta, to_mpf(self.w0), self.lo_mp(),
                       self.hi_mp(), what=f"eta_{self.index + 1} (the range of grad R)")

    def value(self, t):
        if self.R_theta is not None:
            return mpmath.re(self._f_R_theta(t))
        w = self.w_of_theta(t)
        eta = self.eta_of_w(w)
        if self.tail_w is not None:
            tail = mpmath.re(self._f_tail_w(w))
        else:
            tail = mpmath.quad(lambda s: mpmath.re(self._f_theta_over_h(s)), [to_mpf(self.w0), w])
        return eta * t - tail

    def grad(self, t):
        if self.eta_theta is not None:
            return mpmath.re(self._f_eta_theta(t))
        return self.eta_of_w(self.w_of_theta(t))

    def hess(self, t):
        if self.M_theta is not None:
            return mpmath.re(self._f_hess_theta(t))
        return 1 / mpmath.re(self._f_m(self.w_of_theta(t)))

    def metric(self, t):
        return mpmath.re(self._f_m(self.w_of_theta(t)))

    def point(self, w) -> dict:
        return {p: mpmath.re(f(w)) for p, f in self._f_x.items()}


def _invert(f, df, target, w0, lo, hi, *, what: str):
    """Solve f(w) = target for w in (lo, hi), f strictly monotone: bracket outward from w0, then Newton-bisection."""
    target = mpmath.mpf(target)
    f0 = f(w0) - target
    if f0 == 0:
        return w0
    slope = df(w0)
    up = (f0 < 0) == (slope > 0)
    bound = hi if up else lo
    a, fa = w0, f0
    step = max(mpmath.mpf(1), abs(w0))
    b = None
    for _ in range(4 * mpmath.mp.prec + 200):
        if mpmath.isinf(bound):
            c = a + step if up else a - step
            step *= 2
        else:
            c = a + (bound - a) / 2
            if c == a or c == bound:
                break
        fc = f(c) - target
        if (fc > 0) != (fa > 0) or fc == 0:
            b = c
            break
        a, fa = c, fc
    if b is None:
        raise InvalidArgument(f"{what}={_nstr(target, 15)} is outside the range reached on the leaf; "
                              f"pick a value inside the domain (see legendre_properties)")
    lo_, hi_ = (a, b) if a < b else (b, a)
    flo = f(lo_) - target
    x = (lo_ + hi_) / 2
    tol = mpmath.mpf(2) ** (-mpmath.mp.prec + 4)
    for _ in range(400):
        fx = f(x) - target
        if fx == 0:
            return x
        if (fx > 0) == (flo > 0):
            lo_, flo = x, fx
        else:
            hi_ = x
        d = df(x)
        xn = x - fx / d if d != 0 else (lo_ + hi_) / 2
        if lo_ <= xn <= hi_ and abs(xn - x) <= tol * max(1, abs(x)):
            return xn
        if not (lo_ < xn < hi_):
            xn = (lo_ + hi_) / 2
        if hi_ - lo_ <= tol * max(1, abs(x)):
            return xn
        x = xn
    raise PrecisionError(f"root finding for {what}={_nstr(target, 15)} did not converge in 400 steps; "
                         f"rerun with a lower dps or report the case")
