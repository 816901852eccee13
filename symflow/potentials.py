r"""Mirror potentials of gradient flow under a commuting and regular parameterization: derive, check, use.

Li, Wang, Lee, Arora (2022, Thm 4.8): under a commuting and regular :math:`G`, gradient flow
:math:`\dot x = -\nabla_x \mathcal{L}(G(x))` makes :math:`\theta = G(x)` follow the mirror flow
:math:`\tfrac{d}{dt}\nabla R(\theta) = -\nabla\mathcal{L}(\theta)`, with a Legendre potential :math:`R` fixed by the
initialization and :math:`\nabla^2 R(\theta) = (\partial G\,\partial G^\top)^{-1}` on the leaf of the conservation
laws through :math:`x(0)`.  This module *derives* :math:`R` (it looks nothing up), following docs/potentials.md:

1. **Blocks.**  For a separable :math:`G` (each :math:`\theta_i = g_i(x^{(i)})` depends on its own block of
   variables) the metric is diagonal, :math:`m_i = |\nabla g_i|^2`, and :math:`R = \sum_i R_i(\theta_i)`.
2. **Leaf.**  On a block, gradient flow moves along the integral curves of :math:`\nabla g` (up to a change of time),
   so :math:`dx_j/dx_k = \partial_j g/\partial_k g`.  When this ratio separates, integrating it gives the
   conservation law :math:`F_j(x_j) - F_k(x_k) = c_j` and the leaf through :math:`x(0)` as a curve
   :math:`x = \varphi(w)` in one coordinate :math:`w` (the *pivot*: the variable of least :math:`|x_j(0)|`, the one
   that may cross zero, DD-Ass-A, unless its chart stops at a turning point of the leaf or has ends that are not
   exact roots and another variable's chart covers the whole leaf; see ``_reduce_block``).
3. **Dual coordinate.**  With :math:`s` the time of :math:`\nabla g`, :math:`d\theta/ds = m` and
   :math:`d\eta/ds = (d\theta/ds)/m = 1`: the mirror coordinate :math:`\eta = R'(\theta)` is the time along the
   integral curve, :math:`d\eta/dw = g'(w)/m(w) = 1/\partial_w g(\varphi(w))`.
4. **Closed form** when SymPy can eliminate :math:`w` (resultant), solve for the metric :math:`m = M(\theta)` and
   integrate :math:`1/M` twice; otherwise an **implicit potential**: :math:`w(\theta)` by safeguarded Newton,
   :math:`\eta(w) = \int_{w_0}^{w} dw/\partial_w g` by ``mpmath.quad``, and
   :math:`R = \eta\,\theta - \int_{w_0}^{w} \theta(w)\,dw/\partial_w g` (integration by parts).

Normalisation (stated once, used everywhere): :math:`R(\theta(0)) = 0` and :math:`\nabla R(\theta(0)) = 0`.  Then
:math:`R(\theta) = D_R(\theta, \theta(0))` for *any* potential of the flow, and the implicit-bias statement
:math:`\theta_\infty = \arg\min_{X\theta = y} D_R(\theta, \theta_0)` (DD-Eq18) reads
:math:`\theta_\infty = \arg\min_{X\theta=y} R(\theta)`.

Source: Li et al. 2022 Thm 4.8; DD-Thm1, DD-Eq20, DD-Eq30; hypentropy_003 Def. 3.1/3.2; Woodworth et al. 2020.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Mapping

import mpmath
import sympy
from sympy.polys.polyerrors import BasePolynomialError

from .errors import InvalidArgument, PrecisionError
from .parameterization import Parameterization
from .precision import GUARD_DPS, agreeing_digits, resolve_dps
from .verdict import Inconclusive, Proved, Reason, Refuted, Verdict, Verified

__all__ = ["Potential", "derive_potential", "check_potential", "check_derived", "bregman", "bregman_projection",
           "legendre_properties"]

_CLOSED_SECONDS = 20  # time budget of each SymPy step of the closed-form route
_MAX_STEPS = 20000  # work bound of the trajectory check (integrate.solve raises PrecisionError beyond it)


# ---------------------------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------------------------
class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: int):
    """SIGALRM budget for a SymPy call (main thread only; elsewhere unbounded)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    outer_left = signal.alarm(0)  # an enclosing alarm (e.g. `symflow analyze --timeout`) keeps its deadline
    start = time.monotonic()
    outer_first = 0 < outer_left <= seconds

    def _raise(signum, frame):
        if outer_first and callable(old):
            old(signum, frame)  # the enclosing deadline came first: its handler decides
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(outer_left if outer_first else seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        if outer_left:
            signal.alarm(max(1, math.ceil(outer_left - (time.monotonic() - start))))


_dps = resolve_dps  # shared validation (symflow.precision)


def _mp(value) -> mpmath.mpf:
    """An exact SymPy number, int, str or mpf as mpf at the current precision (no Python floats)."""
    if isinstance(value, float):
        raise InvalidArgument(f"value={value!r} (float) is inexact; pass an int, a string or a sympy Rational")
    if isinstance(value, (mpmath.mpf, mpmath.mpc)):
        return value
    if isinstance(value, bool):
        raise InvalidArgument(f"value={value!r} (bool) is not a number; pass an int, a string or a Rational")
    if isinstance(value, int):
        return mpmath.mpf(value)
    e = _exact(value, "value")
    if e.is_Rational:
        return mpmath.mpf(int(e.p)) / int(e.q)
    return mpmath.mpf(sympy.N(e, mpmath.mp.dps + 5))


def _lam(var, expr):
    return sympy.lambdify(var, expr, modules="mpmath")


def _nstr(x, n: int = 30) -> str:
    return mpmath.nstr(x, n)


def _exact(value, name: str):
    if isinstance(value, float):
        raise InvalidArgument(f"{name}={value!r} (float) is inexact; pass a sympy Rational or a string like '1/10'")
    try:
        if isinstance(value, str):  # whitelist parser: user text is never eval'ed (no sympify of strings)
            from .parse import parse_expr

            e = parse_expr(value, [])
        elif isinstance(value, (int, sympy.Basic)):
            e = sympy.sympify(value)
        elif isinstance(value, mpmath.mpf):
            if not mpmath.isfinite(value):
                raise TypeError
            e = sympy.Integer(int(value.man)) * sympy.Integer(2) ** int(value.exp)  # an mpf is a dyadic rational
        else:
            import fractions

            if isinstance(value, fractions.Fraction):
                e = sympy.Rational(value.numerator, value.denominator)
            else:
                raise TypeError
    except (sympy.SympifyError, TypeError) as exc:
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) is not a number; pass a Rational") from exc
    if not (e.is_number and e.is_real):
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) must be a real number")
    return e


# ---------------------------------------------------------------------------------------------------------------
# one block: the leaf through x(0) as a curve in the pivot w
# ---------------------------------------------------------------------------------------------------------------
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
        return -mpmath.inf if self.lo == -sympy.oo else _mp(self.lo)

    def hi_mp(self):
        return mpmath.inf if self.hi == sympy.oo else _mp(self.hi)

    def theta_of_w(self, w):
        return mpmath.re(self._f_theta(w))

    def dtheta_dw(self, w):
        return mpmath.re(self._f_m(w) / self._f_h(w))

    def eta_of_w(self, w):
        if self.eta_theta is not None:
            return mpmath.re(self._f_eta_theta(self.theta_of_w(w)))
        if self.eta_w is not None:
            return mpmath.re(self._f_eta_w(w))
        return mpmath.quad(lambda s: mpmath.re(self._f_inv_h(s)), [_mp(self.w0), w])

    def w_of_theta(self, t):
        return _invert(self.theta_of_w, self.dtheta_dw, t, _mp(self.w0), self.lo_mp(), self.hi_mp(),
                       what=f"theta_{self.index + 1}")

    def w_of_eta(self, eta):
        return _invert(self.eta_of_w, lambda s: mpmath.re(self._f_inv_h(s)), eta, _mp(self.w0), self.lo_mp(),
                       self.hi_mp(), what=f"eta_{self.index + 1} (the range of grad R)")

    def value(self, t):
        if self.R_theta is not None:
            return mpmath.re(self._f_R_theta(t))
        w = self.w_of_theta(t)
        eta = self.eta_of_w(w)
        if self.tail_w is not None:
            tail = mpmath.re(self._f_tail_w(w))
        else:
            tail = mpmath.quad(lambda s: mpmath.re(self._f_theta_over_h(s)), [_mp(self.w0), w])
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


def _sep(G: Parameterization):
    """The blocks of a separable G: for each output, the parameters it uses (in G.params order)."""
    if not G.is_separable:
        raise InvalidArgument(f"G={G!r} is not separable (outputs share parameters); derive_potential handles "
                              f"separable parameterizations (diagonal families); see docs/potentials.md")
    blocks = []
    for i, g in enumerate(G.outputs):
        ps = tuple(p for p in G.params if p in g.free_symbols)
        if not ps:
            raise InvalidArgument(f"output {i + 1} ({g}) is constant; every output must depend on a parameter")
        blocks.append(ps)
    return blocks


def _check_init(G: Parameterization, init) -> dict:
    if not isinstance(init, Mapping):
        raise InvalidArgument(f"init={init!r} ({type(init).__name__}) must be a dict Symbol -> exact number, "
                              f"e.g. {{u: 1, v: 2}}")
    by_name = {str(p): p for p in G.params}
    out = {}
    for k, v in init.items():
        key = by_name.get(str(k))
        if key is None:
            raise InvalidArgument(f"init key {k!r} is not a parameter of {G!r}; parameters: "
                                  f"{', '.join(by_name)}")
        out[key] = _exact(v, f"init[{k}]")
    missing = [str(p) for p in G.params if p not in out]
    if missing:
        raise InvalidArgument(f"init misses {', '.join(missing)}; give a value for every parameter")
    return out


def _branch(cands, w, w0, target):
    """The candidate expression of w taking the value ``target`` at w = w0 (checked at 30 digits)."""
    tol = sympy.Float("1e-30", 50) * max(1, abs(target))
    for c in cands:
        gap = sympy.N(c.subs(w, w0) - target, 50)
        if gap.is_number and abs(gap) < tol:
            return c
    return None


def _real_roots(q, w) -> set:
    """Exact real roots of a polynomial factor in w (empty if q is not a polynomial over QQ)."""
    if w not in q.free_symbols:
        return set()
    try:
        poly = sympy.Poly(q, w)
    except sympy.PolynomialError:
        return set()
    if poly.domain not in (sympy.ZZ, sympy.QQ):
        return set()
    return set(poly.real_roots())


def _factor_points(e, w, zeros: bool) -> set:
    """Zeros (if ``zeros``) and poles of e, factor by factor; fractional powers contribute their base's zeros/poles."""
    pts: set = set()
    num, den = sympy.together(e).as_numer_denom()
    for part, want in ((num, zeros), (den, True)):
        if not want:
            continue
        for f in sympy.Mul.make_args(sympy.factor_terms(part)):
            if f.is_Pow and f.base.has(w):
                pts |= _factor_points(f.base, w, True)
            elif f.is_polynomial(w):
                pts |= _real_roots(f, w)
            else:
                for a in f.atoms(sympy.Pow):
                    if not a.exp.is_Integer and a.base.has(w):
                        pts |= _factor_points(a.base, w, True)
    return pts


def _boundary(exprs, w):
    """Real points where the leaf curve stops: zeros/poles of d_pivot g (exprs[0]), poles and branch points of the
    other coordinates (exprs[1:]), radicands and logarithm arguments; all exact real roots."""
    pts = set(_factor_points(exprs[0], w, True))
    for e in exprs:
        pts |= _factor_points(e, w, False)
        for a in e.atoms(sympy.Pow):
            if not a.exp.is_Integer and a.base.has(w):
                pts |= _factor_points(a.base, w, True)
        for a in e.atoms(sympy.log):
            pts |= _factor_points(a.args[0], w, True)
    return pts


def _reduce_block(i: int, theta: sympy.Symbol, g: sympy.Expr, params: tuple, init: dict) -> _Block:
    r"""Step 2 of the module docstring: the leaf of block i through x(0) as a curve in the pivot.

    Pivot rule: the first coordinate, in order of least :math:`|x_j(0)|` with :math:`\partial_j g(x(0)) \ne 0`
    (the layer that may cross zero, DD-Ass-A), whose chart covers the whole leaf: every finite end of its
    w-interval is a true end of the leaf (a zero of :math:`\nabla g`, an edge of the domain of g, or a point
    where a coordinate blows up), not a *turning point* of the pivot, where the other coordinates have a branch
    point but the leaf continues through a regular point (``exp(u)*v`` from (1/2, 3/2): pivot u gives
    :math:`v = \sqrt{8u+5}/2`, which breaks at u = -5/8 where v crosses 0; pivot v gives the global chart
    :math:`u = (v^2 - 5/4)/2`).  When no pivot gives a global chart, the first one is kept.
    """
    grads = {p: sympy.diff(g, p) for p in params}
    if all(grads[p].xreplace(init) == 0 for p in params):
        raise InvalidArgument(f"init is on the singular set of output {i + 1}: grad {g} = 0 at "
                              f"{ {str(p): str(init[p]) for p in params} }; move the initialization off it")
    _check_smooth(i, g)
    key = (g, params, tuple(init[p] for p in params))
    if key in _PIVOTS:  # the choice costs one chart per candidate: remember it (derive, check, cross-check)
        pivot, note = _PIVOTS[key]
        blk = _chart_block(i, theta, g, params, init, grads, pivot)
        if note:
            blk.steps.insert(0, (note, "w = " + sympy.latex(pivot)))
        return blk
    order = sorted(range(len(params)), key=lambda k: (abs(init[params[k]]), k))
    cands = [params[k] for k in order if grads[params[k]].xreplace(init) != 0]
    first, first_exc, global_ = None, None, None
    why = {}
    for pivot in cands:
        try:
            blk = _chart_block(i, theta, g, params, init, grads, pivot)
        except (InvalidArgument, NotImplementedError, ValueError, BasePolynomialError, _Timeout) as exc:
            first_exc = first_exc or exc  # re-raised when no pivot works (SymPy cannot solve for this one)
            continue
        turning = _turning_ends(blk)
        opaque = _opaque_ends(blk)
        if turning:
            why[pivot] = f"it stops at a turning point {pivot} = {', '.join(map(str, turning))} (a regular point " \
                         f"of the leaf where {pivot} reverses)"
        elif opaque:
            why[pivot] = f"the real zeros of {opaque} (ends of its interval) are not exact roots over Q"
        first = first or blk
        if not turning and not opaque:
            global_ = blk
            break
        global_ = global_ or (blk if not turning else None)
    if first is None:
        raise first_exc
    chosen = global_ or first
    note = ""
    if why:
        note = "; ".join(f"the chart in {p} is not used first: {t}" for p, t in why.items() if p != chosen.pivot)
        if chosen.pivot in why:
            note = (note + "; " if note else "") + f"the chart in {chosen.pivot} is kept although {why[chosen.pivot]}" \
                f" (no pivot does better): the potential holds on this chart"
        note = f"block {i + 1}: pivot {chosen.pivot}: {note}"
        chosen.steps.insert(0, (note, "w = " + sympy.latex(chosen.pivot)))
    if len(_PIVOTS) > 256:
        _PIVOTS.pop(next(iter(_PIVOTS)))
    _PIVOTS[key] = (chosen.pivot, note)
    return chosen


_PIVOTS: dict = {}  # (g, params, init values) -> (pivot, note): a small memo of the pivot choice


def _qq_rational(e, w) -> bool:
    """e is a rational function of w with rational coefficients (its real zeros and poles are found exactly)."""
    num, den = sympy.together(e).as_numer_denom()
    try:
        return all(sympy.Poly(q, w).domain in (sympy.ZZ, sympy.QQ) for q in (num, den))
    except sympy.PolynomialError:
        return False


def _opaque_ends(blk: "_Block"):
    """A part of the chart whose real zeros bound the interval but are not found exactly (None if there is none):
    a radicand or logarithm argument that is not rational over Q in w, or a factor of d_w g like sinh(w)."""
    w = blk.w

    def unknown(e) -> bool:  # has w, its zeros are not exact roots, and SymPy cannot tell its sign
        return e.has(w) and not _qq_rational(e, w) and not (e.is_positive or e.is_negative)

    exprs = [blk.h_w] + [e for p, e in blk.phi.items() if p != blk.pivot]
    for e in exprs:
        for a in e.atoms(sympy.Pow):
            if not a.exp.is_Integer and unknown(a.base):
                return a.base
        for a in e.atoms(sympy.log):
            if unknown(a.args[0]):
                return a.args[0]
    num, den = sympy.together(blk.h_w).as_numer_denom()
    for part in (num, den):
        for f in sympy.Mul.make_args(sympy.factor_terms(part)):
            base = f.base if f.is_Pow else f
            if not (f.is_Pow and not f.exp.is_Integer) and unknown(base):
                return base
    return None


_NONSMOOTH = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Max, sympy.Min, sympy.floor, sympy.ceiling)


def _check_smooth(i: int, g: sympy.Expr) -> None:
    """Refuse abs/sign: G is not differentiable where their argument vanishes, so there is no metric there."""
    bad = sorted({str(a) for a in g.atoms(*_NONSMOOTH)})
    if bad:
        raise InvalidArgument(f"output {i + 1} = {g} uses {', '.join(bad)}, which make G non-smooth (no Hessian "
                              f"where the argument vanishes); potentials need a smooth G: on the branch of the "
                              f"initialization write the map without abs/sign (e.g. u*v for abs(u)*v with u > 0)")


def _turning_ends(blk: "_Block") -> list:
    r"""Finite ends a of the chart where the leaf continues: :math:`m = |\nabla g|^2` and every coordinate
    :math:`\varphi_p` tend to finite limits, with m > 0, as w -> a (sampled at a -/+ 10^-20 and 10^-30 at 60
    digits; agreement to 6 digits).  A true end (zero of the gradient, edge of the domain, a coordinate blowing
    up) makes m tend to 0 or infinity, or a coordinate diverge."""
    out = []
    with mpmath.workdps(60):
        for end, side in ((blk.lo, 1), (blk.hi, -1)):
            if end in (sympy.oo, -sympy.oo):
                continue
            try:
                a = mpmath.mpf(str(sympy.N(end, 70)))
                vals = []
                for k in (20, 30):
                    wv = a + side * mpmath.mpf(10) ** -k
                    vals.append([mpmath.re(blk._f_m(wv))] + [mpmath.re(f(wv)) for f in blk._f_x.values()])
            except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
                continue
            (m1, *x1), (m2, *x2) = vals
            finite = all(mpmath.isfinite(v) for v in vals[0] + vals[1])
            if finite and m1 > mpmath.mpf(10) ** -12 and m2 > mpmath.mpf(10) ** -12 and \
                    abs(m1 - m2) <= mpmath.mpf(10) ** -6 * m2 and \
                    all(abs(p - q) <= mpmath.mpf(10) ** -6 * max(1, abs(q)) for p, q in zip(x1, x2)):
                out.append(end)
    return out


def _chart_block(i: int, theta, g, params: tuple, init: dict, grads: dict, pivot) -> "_Block":
    """The leaf of block i as a curve in the given pivot w = pivot: laws, phi, theta(w), h(w), m(w), (lo, hi)."""
    wname = f"w{i + 1}"
    while any(str(s) == wname for s in init):
        wname += "_"
    w = sympy.Symbol(wname, real=True)  # the leaf coordinate of block i (distinct per block)
    w0 = init[pivot]
    phi = {pivot: w}
    laws = []
    steps = []
    for p in params:
        if p == pivot:
            continue
        if sympy.expand(grads[p].xreplace({p: init[p]})) == 0:
            # x_p never moves: on {x_p = x_p(0)} its velocity -d_p g * dL vanishes (e.g. a zero branch u_- = 0)
            phi[p] = init[p]
            laws.append((p, init[p]))
            steps.append((f"block {i + 1}: d{p} g = {grads[p]} vanishes on {p} = {init[p]}, so {p} stays "
                          f"{init[p]} along the flow", sympy.latex(sympy.Eq(p, init[p]))))
            continue
        r = sympy.cancel(grads[p] / grads[pivot])
        if r.free_symbols - {p, pivot}:
            raise InvalidArgument(f"block {i + 1}: d{p} g / d{pivot} g = {r} involves other variables; only blocks "
                                  f"whose leaf separates variable by variable are supported")
        sep = sympy.separatevars(r, [p, pivot], dict=True)
        if sep is None:
            raise InvalidArgument(f"block {i + 1}: d{p}/d{pivot} = {r} does not separate; not supported")
        with _time_limit(_CLOSED_SECONDS):
            Fp = sympy.integrate(1 / sep[p], p)
            Fk = sep["coeff"] * sympy.integrate(sep[pivot], pivot)
        law = Fp - Fk
        c = sympy.nsimplify(law.xreplace(init)) if law.xreplace(init).has(sympy.log) else law.xreplace(init)
        laws.append((law, sympy.simplify(c) if c.has(sympy.log) else c))
        cands = sympy.solve(sympy.Eq(Fp, Fk.subs(pivot, w) + c), p)
        x_w = _branch(cands, w, w0, init[p])
        if x_w is None:
            raise InvalidArgument(f"block {i + 1}: could not express {p} on the leaf through the init "
                                  f"(candidates {cands}); not supported")
        phi[p] = sympy.powsimp(x_w)
        steps.append((f"law of block {i + 1}: along grad g, d{p}/d{pivot} = {r}, so {law} = {c} on the leaf; "
                      f"{p} = {phi[p]} with w = {pivot}",
                      sympy.latex(sympy.Eq(law, c))))
    sub = {p: phi[p] for p in params}
    theta_w = g.xreplace(sub)
    h_w = grads[pivot].xreplace(sub)
    m_w = sympy.expand(sum(grads[p].xreplace(sub) ** 2 for p in params))
    pts = _boundary([h_w] + [phi[p] for p in params if p != pivot], w)
    w0n = sympy.N(w0, 50)
    if any(sympy.N(q - w0, 50) == 0 for q in pts):
        raise InvalidArgument(f"init puts block {i + 1} on the singular set ({pivot}={w0}); move it off")
    below = [q for q in pts if sympy.N(q, 50) < w0n]
    above = [q for q in pts if sympy.N(q, 50) > w0n]
    lo = max(below, key=lambda q: sympy.N(q, 50)) if below else -sympy.oo
    hi = min(above, key=lambda q: sympy.N(q, 50)) if above else sympy.oo
    blk = _Block(i, theta, g, params, pivot, w, w0, phi, laws, theta_w, h_w, m_w, lo, hi,
                 theta0=sympy.expand(g.xreplace(init)), steps=steps)
    blk.steps.append((f"block {i + 1}: theta = {theta_w}, metric m = |grad g|^2 = {m_w}, "
                      f"d eta/dw = 1/d{pivot} g = {sympy.simplify(1 / h_w) if len(str(h_w)) < 80 else 1 / h_w}, "
                      f"w = {pivot} in ({lo}, {hi}), w(0) = {w0}",
                      r"\frac{d\eta}{dw} = \frac{g'(w)}{m(w)} = " + sympy.latex(1 / h_w)))
    return blk


# ---------------------------------------------------------------------------------------------------------------
# the closed-form route
# ---------------------------------------------------------------------------------------------------------------
def _sample_ws(blk: _Block, n: int = 3) -> list:
    w0 = blk.w0
    scale = max(sympy.Integer(1), abs(w0))
    out = [w0]
    for k, f in enumerate((sympy.Rational(1, 3), sympy.Rational(2, 3), sympy.Rational(5, 2))[:n]):
        for side, b in ((-1, blk.lo), (1, blk.hi)):
            if b in (sympy.oo, -sympy.oo):
                out.append(w0 + side * f * 3 * scale)
            else:
                out.append(w0 + (b - w0) * min(f, sympy.Rational(9, 10)))
    return out


def _closed_block(blk: _Block) -> None:
    """Try: eliminate w (resultant), solve for M(theta), integrate 1/M twice; sets the closed fields or the note."""
    w, t = blk.w, blk.theta
    T, Msym = sympy.Dummy("T"), sympy.Dummy("M")
    try:
        with _time_limit(_CLOSED_SECONDS):
            P1 = sympy.minimal_polynomial(blk.theta_w, T, polys=False, domain=sympy.QQ.frac_field(w))
            P1 = sympy.together(P1).as_numer_denom()[0]
            P2 = sympy.together(blk.m_w - Msym).as_numer_denom()[0]
            res = sympy.resultant(sympy.Poly(P1, w), sympy.Poly(P2, w)).as_expr()
            factors = [f for f, _ in sympy.factor_list(res)[1] if f.has(Msym)]
    except (_Timeout, NotImplementedError, BasePolynomialError, ValueError) as exc:  # e.g. NotAlgebraic (exp)
        blk.closed_note = f"elimination of w failed ({type(exc).__name__})"
        return
    samples = _sample_ws(blk)
    pts = [(sympy.N(blk.theta_w.subs(w, s), 40), sympy.N(blk.m_w.subs(w, s), 40)) for s in samples]
    best = None
    for f in factors:
        deg = sympy.degree(f, Msym)
        if deg > 2 and len(sympy.Poly(f, Msym).terms()) > 2:
            blk.closed_note = (f"the metric m is a root of a degree-{deg} polynomial in m over Q(theta) "
                               f"(no radical closed form attempted)")
            continue
        # theta's sign on the leaf decides the real branch of roots like T**(4/3)
        signs = {sympy.sign(p[0]) for p in pts}
        tp = sympy.Dummy("tp", positive=True)
        sigma = 1 if signs == {1} else (-1 if signs == {-1} else None)
        tt = tp if sigma is not None else sympy.Dummy("tr", real=True)
        try:
            with _time_limit(_CLOSED_SECONDS):
                cands = sympy.solve(f.subs(T, (sigma or 1) * tt), Msym)
        except (_Timeout, NotImplementedError):
            continue
        for c in cands:
            ok = True
            for th, mv in pts:
                val = sympy.N(c.subs(tt, th * (sigma or 1)), 40)
                if not val.is_real or abs(val - mv) > sympy.Float("1e-25", 40) * abs(mv):
                    ok = False
                    break
            if ok and (best is None or sympy.count_ops(c) < sympy.count_ops(best[0])):
                best = (c, tt, sigma or 1, f)
    if best is None:
        if not blk.closed_note:
            blk.closed_note = "no root of the eliminant matches the metric on the leaf"
        return
    Mc, tt, sigma, f = best
    M_t = Mc.subs(tt, sigma * t)
    th0 = blk.theta0
    try:
        with _time_limit(_CLOSED_SECONDS):
            Eta = sympy.integrate(1 / Mc, tt)
            if Eta.has(sympy.Integral):
                raise NotImplementedError
            Eta_t = sigma * Eta.subs(tt, sigma * t)      # theta = sigma*tt: d/dtheta Eta_t = 1/M(sigma*theta)
            eta_t = Eta_t - Eta_t.subs(t, th0)
            Rr = sympy.integrate(Eta, tt)                # antiderivative of Eta in tt
            if Rr.has(sympy.Integral):
                raise NotImplementedError
            R_raw = Rr.subs(tt, sigma * t)               # d/dtheta R_raw = sigma*Eta(sigma*theta) = Eta_t
            lin = -Eta_t.subs(t, th0)
            R_t = R_raw + lin * t
            R_t = R_t - R_t.subs(t, th0)
    except (_Timeout, NotImplementedError, ValueError) as exc:
        blk.closed_note = f"SymPy could not integrate 1/M(theta) in closed form ({type(exc).__name__})"
        return
    # light tidy-up only (no simplify on the default path)
    blk.M_theta = M_t
    blk.eta_theta = eta_t
    blk.R_theta = R_t
    blk.linear = lin  # relative to SymPy's antiderivative; _identify restates it against the named potential
    shown = f.xreplace({Msym: sympy.Symbol("m"), T: sympy.Symbol("theta")})
    blk.steps.append((f"eliminating w: m = M(theta) = {M_t} (the root of {shown} = 0 matching m on the leaf), "
                      f"so d^2R/dtheta^2 = 1/M(theta)",
                      r"\nabla^2 R(\theta) = " + sympy.latex(1 / M_t)))
    blk.steps.append((f"eta = R' = int_{{theta0}}^theta dt/M(t) = {eta_t}  (theta0 = {th0}, R'(theta0) = 0)",
                      r"R'(\theta) = " + sympy.latex(eta_t)))
    blk.steps.append((f"R = int_{{theta0}}^theta R' = {R_t}; its linear term, fixed by the initialization, is "
                      f"({lin})*theta", r"R(\theta) = " + sympy.latex(R_t)))
    _identify(blk)


def _elliptic_eta(blk: _Block) -> None:
    r"""Closed :math:`\eta(w)` when :math:`(\partial_w g)^2 = C (w^2+A)(w^2+B)`, A, B > 0 (deep_diagonal L = 3).

    .. math:: \int_0^x \frac{dt}{\sqrt{(t^2+A)(t^2+B)}} = \frac{1}{\sqrt B}\,
              F\!\left(\arctan\frac{x}{\sqrt A}\,\middle|\,1-\frac AB\right)
    (differentiate: the derivative is the integrand; docs/potentials.md).
    """
    w = blk.w
    h2 = sympy.expand(blk.h_w ** 2)
    if not h2.is_polynomial(w) or h2.has(sympy.I):
        return
    poly = sympy.Poly(h2, w)
    if poly.degree() != 4 or poly.coeff_monomial(w) != 0 or poly.coeff_monomial(w ** 3) != 0:
        return
    C = poly.LC()
    z = sympy.Dummy("z")
    quad_ = sympy.Poly(sympy.expand(h2 / C).subs(w ** 2, z), z)
    roots = sympy.roots(quad_)
    if sum(roots.values()) != 2:
        return
    rts = [r for r, k in roots.items() for _ in range(k)]
    if not all(r.is_real and r.is_negative for r in rts) or not C.is_positive:
        return
    A, B = -rts[0], -rts[1]
    sigma = sympy.sign(sympy.N(blk.h_w.subs(w, blk.w0), 30))

    def F(x):
        return sympy.elliptic_f(sympy.atan(x / sympy.sqrt(A)), 1 - A / B) / sympy.sqrt(B)

    blk.eta_w = sigma / sympy.sqrt(C) * (F(w) - F(blk.w0))
    blk.steps.append((f"(d_w g)^2 = {C}*(w^2 + {A})*(w^2 + {B}): eta(w) is an incomplete elliptic integral of the "
                      f"first kind, eta = {blk.eta_w}; w(theta) still needs root finding (theta^2 is a "
                      f"cubic in w^2)", r"\eta(w) = " + sympy.latex(blk.eta_w)))


def _hypentropy(x, alpha):
    r"""HY Def. 3.1: :math:`\phi_\alpha(x) = x\,\operatorname{asinh}(x/\alpha) - \sqrt{x^2+\alpha^2} + \alpha`."""
    return x * sympy.asinh(x / alpha) - sympy.sqrt(x ** 2 + alpha ** 2) + alpha


def _numerically_zero(e, t, pts) -> bool:
    return all(abs(sympy.N(e.subs(t, q), 50)) < sympy.Float("1e-40", 50) for q in pts)


def _identify(blk: _Block) -> None:
    """Name the derived closed form (hypentropy / entropy / power potential) after checking it at 3 points."""
    t, M = blk.theta, blk.M_theta
    pts = [sympy.N(blk.theta_w.subs(blk.w, q), 60) for q in _sample_ws(blk)[1:4]]
    name = None
    Q = sympy.expand(M ** 2)
    if Q.is_polynomial(t) and sympy.degree(Q, t) == 2 and Q.coeff(t, 1) == 0:
        a, b = Q.coeff(t, 2), Q.coeff(t, 0)
        if a.is_positive and b.is_positive:
            alpha, k = sympy.sqrt(b / a), 1 / sympy.sqrt(a)
            ref = k * _hypentropy(t, alpha)
            lin = sympy.diff(blk.R_theta - ref, t).subs(t, blk.theta0)
            if _numerically_zero(sympy.diff(blk.R_theta - ref, t) - lin, t, pts):
                name = (f"the hypentropy (HY Def. 3.1/3.2): R = ({k})*phi_alpha(theta) + ({lin})*theta + const, "
                        f"phi_alpha(x) = x asinh(x/alpha) - sqrt(x^2+alpha^2) + alpha, alpha = {alpha}",
                        sympy.latex(k) + r"\,\phi_{\alpha}(\theta) + \left(" + sympy.latex(lin) +
                        r"\right)\theta + c,\ \alpha = " + sympy.latex(alpha))
    if name is None:
        c, p = sympy.Wild("c", exclude=[t]), sympy.Wild("p", exclude=[t])
        mt = M.match(c * t ** p) or (M.subs(t, -t).match(c * t ** p) if sympy.N(blk.theta0) < 0 else None)
        if mt and mt[p] != 0:
            cc, pp = mt[c], mt[p]
            tt = t if sympy.N(blk.theta0) > 0 else -t
            ref = (tt * sympy.log(tt) - tt) / cc if pp == 1 else tt ** (2 - pp) / (cc * (1 - pp) * (2 - pp))
            lin = sympy.diff(blk.R_theta - ref, t).subs(t, blk.theta0)
            if _numerically_zero(sympy.diff(blk.R_theta - ref, t) - lin, t, pts):
                kind = "the entropy (exponentiated-gradient potential)" if pp == 1 else \
                    f"a power (Tsallis-type) potential, exponent {2 - pp}"
                name = (f"{kind}: R = {ref} + ({lin})*theta + const", sympy.latex(ref) + r" + \left(" +
                        sympy.latex(lin) + r"\right)\theta + c")
    if name:
        blk.steps.append((f"recognised: {name[0]} (checked at 3 leaf points to 40 digits)", name[1]))
        blk.closed_note = name[0]


# ---------------------------------------------------------------------------------------------------------------
# the potential
# ---------------------------------------------------------------------------------------------------------------
@dataclass(eq=False)
class Potential:
    r"""A mirror potential :math:`R(\theta) = \sum_i R_i(\theta_i)` derived from G and an initialization.

    ``kind`` is ``"closed"`` (``expr`` is the SymPy expression) or ``"implicit"`` (``expr`` is None and the numbers
    come from :math:`w(\theta)` by root finding and :math:`\eta(w)` by quadrature; ``formula`` shows how).
    Normalised by :math:`R(\theta_0) = 0`, :math:`\nabla R(\theta_0) = 0`.  All numeric methods take ``dps`` (None:
    the current precision), work with guard digits and round back.
    """

    G: Parameterization
    init: dict
    kind: str
    theta: tuple
    expr: sympy.Expr | None
    grad_exprs: tuple | None
    formula: str
    latex: str
    steps: list
    blocks: list
    theta0: tuple

    # -- numbers --------------------------------------------------------------------------------------------------
    def _vec(self, theta, name="theta"):
        if not isinstance(theta, (list, tuple)) and not hasattr(theta, "tolist"):
            theta = [theta]
        vals = list(theta.tolist() if hasattr(theta, "tolist") and not isinstance(theta, (list, tuple)) else theta)
        vals = [v[0] if isinstance(v, list) else v for v in vals]
        if len(vals) != len(self.blocks):
            raise InvalidArgument(f"{name} has {len(vals)} entries but the potential has d = {len(self.blocks)}")
        return [_mp(v) for v in vals]

    def _run(self, fn, theta, dps, name="theta"):
        dps = _dps(dps)
        with mpmath.workdps(dps + GUARD_DPS):
            vals = self._vec(theta, name)
            out = fn(vals)
        with mpmath.workdps(dps):
            return [+v for v in out] if isinstance(out, list) else +out

    def value(self, theta, dps=None) -> mpmath.mpf:
        r""":math:`R(\theta)`."""
        return self._run(lambda v: mpmath.fsum(b.value(x) for b, x in zip(self.blocks, v)), theta, dps)

    def grad(self, theta, dps=None) -> list:
        r""":math:`\nabla R(\theta)` (the mirror coordinate :math:`\eta`)."""
        return self._run(lambda v: [b.grad(x) for b, x in zip(self.blocks, v)], theta, dps)

    def hess(self, theta, dps=None) -> mpmath.matrix:
        r""":math:`\nabla^2 R(\theta) = \operatorname{diag}(1/m_i)` (diagonal: G is separable)."""
        diag = self._run(lambda v: [b.hess(x) for b, x in zip(self.blocks, v)], theta, dps)
        return mpmath.diag(diag)

    def hess_inv(self, theta, dps=None) -> mpmath.matrix:
        r""":math:`(\nabla^2 R)^{-1} = \partial G\,\partial G^\top` at the point of the leaf over :math:`\theta`."""
        diag = self._run(lambda v: [b.metric(x) for b, x in zip(self.blocks, v)], theta, dps)
        return mpmath.diag(diag)

    def grad_inv(self, eta, dps=None) -> list:
        r""":math:`\theta` with :math:`\nabla R(\theta) = \eta` (raises InvalidArgument outside the range)."""
        return self._run(lambda v: [b.theta_of_w(b.w_of_eta(e)) for b, e in zip(self.blocks, v)], eta, dps,
                         name="eta")

    def leaf_point(self, theta, dps=None) -> dict:
        """The point x of the leaf through x(0) with G(x) = theta (a dict param -> mpf)."""
        out: dict = {}

        def fn(v):
            for b, x in zip(self.blocks, v):
                out.update(b.point(b.w_of_theta(x)))
            return [0]

        self._run(fn, theta, dps)
        with mpmath.workdps(_dps(dps)):
            return {k: +v for k, v in out.items()}

    def measured(self, what: str, theta, dps=None):
        """``(value, digits)`` of ``value|grad|hess`` at theta: recomputed at 2*dps, digits measured."""
        dps = _dps(dps)
        fn = {"value": self.value, "grad": self.grad, "hess": self.hess}.get(what)
        if fn is None:
            raise InvalidArgument(f"what={what!r} (str) must be 'value', 'grad' or 'hess'")
        lo = fn(theta, dps=dps)
        hi = fn(theta, dps=2 * dps)
        with mpmath.workdps(2 * dps):
            digits = agreeing_digits(lo, hi, cap=dps)
        return lo, digits

    def __repr__(self) -> str:
        what = self.expr if self.kind == "closed" else self.formula
        return f"Potential({self.kind}, {self.G.name or self.G!r}: {what})"


def _implicit_formula(b: _Block) -> tuple[str, str]:
    """(text, latex) of one block's R: closed, or the integrals it is built from."""
    if b.R_theta is not None:
        return str(b.R_theta), sympy.latex(b.R_theta)
    k, w, s = b.index + 1, b.w, sympy.Symbol("s")
    eta = (str(b.eta_w) if b.eta_w is not None else f"Integral(1/({b.h_w.xreplace({w: s})}), (s, {b.w0}, {w}))")
    q = sympy.cancel(b.theta_w / b.h_w).xreplace({w: s})
    tail = str(b.tail_w) if b.tail_w is not None else f"Integral({q}, (s, {b.w0}, {w}))"
    text = (f"R_{k}(theta_{k}) = eta_{k}*theta_{k} - ({tail}) with eta_{k} = {eta} and {w} solving theta_{k} = {b.theta_w}")
    eta_l = (sympy.latex(b.eta_w) if b.eta_w is not None else
             r"\int_{%s}^{%s} \frac{ds}{%s}" % (sympy.latex(b.w0), sympy.latex(w), sympy.latex(b.h_w.xreplace({w: s}))))
    latex = (r"R_{%d}(\theta_{%d}) = \eta_{%d}\theta_{%d} - \int_{%s}^{%s} %s\,ds,\ "
             r"\eta_{%d} = %s,\ \theta_{%d} = %s" % (
                 k, k, k, k, sympy.latex(b.w0), sympy.latex(w), sympy.latex(q), k, eta_l, k, sympy.latex(b.theta_w)))
    return text, latex


def derive_potential(G: Parameterization, init: Mapping) -> Potential:
    r"""Derive the mirror potential of gradient flow under a separable G, fixed by the initialization.

    .. math:: \nabla^2 R(\theta) = (\partial G\,\partial G^\top)^{-1}\ \text{on the leaf through } x(0),
              \quad R(\theta_0) = 0,\ \nabla R(\theta_0) = 0.

    Source: Li et al. 2022 Thm 4.8; DD-Thm1 (existence only: this builds the potential); DD-Eq20, DD-Eq30.

    Arguments:
        G: a separable Parameterization (each output uses its own parameters).
        init: the initialization x(0), a dict Symbol (or name) -> exact number.

    Returns:
        A :class:`Potential`; ``kind == "closed"`` when every block has a closed form, else ``"implicit"``.

    Raises:
        InvalidArgument: non-separable G, float or missing init values, init on the singular set.

    Examples:
        >>> from symflow.families import power
        >>> P = derive_potential(power(2), {"u": 1})
        >>> P.kind, P.grad([1])[0] == 0
        ('closed', True)

    Limitations: separable G whose leaf separates variable by variable (all families of the sources); the closed
    route needs the metric to be a root of a polynomial of degree <= 2 (or a binomial) in m over Q(theta).
    """
    if not isinstance(G, Parameterization):
        raise InvalidArgument(f"G={G!r} ({type(G).__name__}) must be a Parameterization (e.g. families.uv(1))")
    x0 = _check_init(G, init)
    blocks = []
    for i, (ps, g, th) in enumerate(zip(_sep(G), G.outputs, G.theta)):
        blk = _reduce_block(i, th, g, ps, x0)
        _closed_block(blk)
        if blk.R_theta is None:
            _elliptic_eta(blk)
            q = sympy.cancel(blk.theta_w / blk.h_w)
            if q.is_rational_function(blk.w):
                with _time_limit(_CLOSED_SECONDS):
                    blk.tail_w = sympy.integrate(q, (blk.w, blk.w0, blk.w))
        blk.finish()
        if blk.R_theta is None:
            how = "the elliptic closed form above" if blk.eta_w is not None else "mpmath.quad"
            blk.steps.append((f"block {i + 1} is implicit ({blk.closed_note}): w(theta) by Newton-bisection on "
                              f"theta = {blk.theta_w}, eta(w) = int_{{w0}}^w dw/({blk.h_w}) by {how}, "
                              f"R = eta*theta - int_{{w0}}^w {sympy.cancel(blk.theta_w / blk.h_w)} dw"
                              + (f" = eta*theta - ({blk.tail_w})" if blk.tail_w is not None else " by mpmath.quad"),
                              r"R(\theta) = \eta(w)\,\theta - \int_{w_0}^{w(\theta)} \frac{g(s)}{\partial_w g(s)}"
                              r"\,ds,\quad \eta(w)=\int_{w_0}^{w}\frac{ds}{" + sympy.latex(blk.h_w.subs(blk.w, sympy.Symbol("s"))) + "}"))
        blocks.append(blk)
    closed = all(b.R_theta is not None for b in blocks)
    theta0 = tuple(b.theta0 for b in blocks)
    steps = [("gradient flow on L(G(x)) moves each block along the integral curves of grad g_i; "
              "the mirror coordinate eta_i = dR/dtheta_i is the time along that curve (d eta/ds = 1); "
              "normalisation R(theta0) = 0, grad R(theta0) = 0",
              r"\frac{d}{dt}\nabla R(\theta) = -\nabla\mathcal{L}(\theta),\quad "
              r"\nabla^2R = (\partial G\partial G^\top)^{-1}")]
    for b in blocks:
        steps.extend(b.steps)
    if closed:
        expr = sympy.Add(*[b.R_theta for b in blocks])
        grads = tuple(b.eta_theta for b in blocks)
        formula = str(expr)
        latex = sympy.latex(expr)
    else:
        expr, grads = None, None
        formula = " + ".join(_implicit_formula(b)[0] for b in blocks)
        latex = " + ".join(_implicit_formula(b)[1] for b in blocks)
    return Potential(G=G, init=x0, kind="closed" if closed else "implicit", theta=tuple(G.theta), expr=expr,
                     grad_exprs=grads, formula=formula, latex=latex, steps=steps, blocks=blocks, theta0=theta0)


# ---------------------------------------------------------------------------------------------------------------
# checking a claimed potential
# ---------------------------------------------------------------------------------------------------------------
def _leaf(G: Parameterization, init) -> list:
    """The reduced blocks (no closed-form route): the leaf through init, one curve per output."""
    x0 = _check_init(G, init)
    return [_reduce_block(i, th, g, ps, x0) for i, (ps, g, th) in enumerate(zip(_sep(G), G.outputs, G.theta))]


def _signed_w(blk: _Block):
    """Substitution w -> w' with w' carrying the sign of the leaf's domain (lets SymPy take real roots)."""
    if blk.lo != -sympy.oo and sympy.N(blk.lo, 30) >= 0:
        wp = sympy.Dummy("w", positive=True)
        return wp, wp
    if blk.hi != sympy.oo and sympy.N(blk.hi, 30) <= 0:
        wp = sympy.Dummy("w", positive=True)
        return wp, -wp
    return blk.w, blk.w


def _tidy(e: sympy.Expr) -> sympy.Expr:
    """Bounded normalisation on the leaf: factor radicands (so sqrt((2w^2+3)^2) -> 2w^2+3), then cancel."""
    for _ in range(3):
        new = e.replace(lambda a: a.is_Pow and not a.exp.is_Integer and a.base.has(sympy.Symbol, sympy.Dummy),
                        lambda a: sympy.Pow(sympy.factor(sympy.together(sympy.expand(a.base))), a.exp))
        new = sympy.powdenest(new)
        if new == e:
            break
        e = new
    return sympy.cancel(sympy.together(sympy.expand(e)))


def _as_expr(G: Parameterization, R) -> sympy.Expr:
    if isinstance(R, str):
        from .parse import parse_expr

        R = parse_expr(R, list(G.theta))
    if not isinstance(R, sympy.Expr):
        raise InvalidArgument(f"R={R!r} ({type(R).__name__}) must be a SymPy expression (or text) in "
                              f"{', '.join(map(str, G.theta))}")
    extra = R.free_symbols - set(G.theta)
    if extra:
        raise InvalidArgument(f"R uses {', '.join(sorted(map(str, extra)))}, which are not output names; write "
                              f"it in {', '.join(map(str, G.theta))}")
    return R


def _sample_points(blocks, n: int) -> list:
    """n points of the leaf: per block a sample w (exact), combined index by index."""
    per = [_sample_ws(b)[1:] for b in blocks]
    return [[s[k % len(s)] for s in per] for k in range(n)]


def check_potential(G: Parameterization, init: Mapping, R, *, dps: int = 50, points: int = 3,
                    trajectory: bool | None = None, raise_on_failure: bool = False) -> Verdict:
    r"""Is R a mirror potential of gradient flow under G from ``init``?  Checks the Hessian identity on the leaf.

    .. math:: \nabla^2 R(G(x))\;\partial G(x)\,\partial G(x)^\top = I \quad\text{for } x \text{ on the leaf through } x(0).

    * ``proved``: the identity holds symbolically after substituting the leaf parameterization :math:`x = \varphi(w)`
      (derived from the conservation laws) and :math:`\theta = G(\varphi(w))`;
    * ``verified``: it holds numerically at ``points`` leaf points at ``dps`` digits (measured by recomputation at
      2 dps), plus, when ``trajectory`` (default: whenever the symbolic test did not decide, and always for an
      implicit :class:`Potential`), the mirror-flow identity :math:`\nabla R(\theta(t)) - \nabla R(\theta_0) =
      -\int_0^t \nabla\mathcal{L}(\theta)` along a gradient flow in x (symflow.integrate.solve);
    * ``refuted``: a leaf point with both sides :math:`R''(\theta)` and :math:`1/m(x)`.

    What it cannot show: linear terms and constants of R are invisible to both identities.  The detail therefore
    reports :math:`\nabla R(\theta_0)` (``0`` means R is normalised like :func:`derive_potential`); implicit-bias
    claims (the limit is :math:`\arg\min_{X\theta=y} R`) need that normalisation: check them with
    :func:`bregman_projection`.

    Arguments:
        G, init: as :func:`derive_potential`.
        R: SymPy expression (or text) in ``G.theta``, or a :class:`Potential` (checked numerically).

    Source: Li et al. 2022 Thm 4.8; DD-Eq20, DD-Eq30 (their printed potentials are checked with this).
    """
    if isinstance(dps, bool) or not isinstance(dps, int) or dps < 15:
        raise InvalidArgument(f"dps={dps!r} ({type(dps).__name__}) must be an integer >= 15; pass e.g. dps=50")
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise InvalidArgument(f"points={points!r} ({type(points).__name__}) must be a positive integer")
    if not isinstance(G, Parameterization):
        raise InvalidArgument(f"G={G!r} ({type(G).__name__}) must be a Parameterization (e.g. families.uv(1))")
    if isinstance(R, Potential):
        verdict = _check_numeric_potential(G, init, R, dps, points)
    else:
        verdict = _check_expr_potential(G, init, _as_expr(G, R), dps, points, trajectory)
    if raise_on_failure and not verdict.holds:
        raise InvalidArgument(f"check_potential: {verdict.summary()}")
    return verdict


def check_derived(P: "Potential", dps: int = 50, points: int = 3) -> Verdict:
    """``check_potential(P.G, P.init, R, dps=dps)`` with R = ``P.expr`` (closed) or P itself (implicit, numeric)."""
    if not isinstance(P, Potential):
        raise InvalidArgument(f"P={P!r} ({type(P).__name__}) must be a Potential from derive_potential")
    return check_potential(P.G, P.init, P.expr if P.kind == "closed" else P, dps=dps, points=points)


def _grad_at_init(R: sympy.Expr, theta, blocks) -> tuple[str, bool]:
    sub = {t: b.theta0 for t, b in zip(theta, blocks)}
    vals = [sympy.diff(R, t).xreplace(sub) for t in theta]
    num = [sympy.N(v, 30) for v in vals]
    zero = all(abs(v) < sympy.Float("1e-25") for v in num)
    text = ("grad R(theta0) = 0: normalised like derive_potential" if zero else
            f"grad R(theta0) = {[str(sympy.nsimplify(v) if v.is_Rational else sympy.N(v, 15)) for v in vals]} != 0:"
            f" R differs from the normalised potential by a linear term (invisible to the Hessian; it changes the "
            f"implicit-bias argmin)")
    return text, zero


def _leaf_residual_numeric(blocks, hess_fn, dps, points):
    """Hessian identity at leaf points, at dps and 2 dps.  hess_fn(thetas) -> list of rows (current precision)."""
    d = len(blocks)
    used, min_digits = [], None
    for pt in _sample_points(blocks, points):
        vals = {}
        for prec in (dps, 2 * dps):
            with mpmath.workdps(prec + GUARD_DPS):
                ths = [b.theta_of_w(_mp(w)) for b, w in zip(blocks, pt)]
                Hn = hess_fn(ths)
                ms = [mpmath.re(b._f_m(_mp(w))) for b, w in zip(blocks, pt)]
                Hm = [[mpmath.re(Hn[i][j]) * ms[j] for j in range(d)] for i in range(d)]
                vals[prec] = (ths, Hm, [mpmath.re(Hn[i][i]) for i in range(d)], ms)
        ths, Hm_lo, _, ms = vals[dps]
        _, Hm_hi, lhs_hi, _ = vals[2 * dps]
        with mpmath.workdps(2 * dps):
            ident = [[mpmath.mpf(int(i == j)) for j in range(d)] for i in range(d)]
            stable = agreeing_digits(Hm_lo, Hm_hi, cap=dps)
            agree = agreeing_digits(Hm_hi, ident, cap=dps)
            point = {str(p): _nstr(v, 30) for b, w in zip(blocks, pt) for p, v in b.point(_mp(w)).items()}
        used.append(point)
        if agree < dps // 2 and stable < 5:
            return "unstable", point, stable
        if agree < dps // 2:
            with mpmath.workdps(dps):
                return "refuted", {"x": point, "theta": [_nstr(t, 30) for t in ths],
                                   "lhs R''(theta)": [_nstr(v, 30) for v in lhs_hi],
                                   "rhs 1/m(x)": [_nstr(1 / m, 30) for m in ms],
                                   "H*m": [[_nstr(v, 20) for v in row] for row in Hm_hi]}, stable
        dig = min(agree, stable)
        min_digits = dig if min_digits is None else min(min_digits, dig)
    return "ok", used, min_digits


def _check_expr_potential(G, init, R, dps, points, trajectory) -> Verdict:
    x0 = _check_init(G, init)
    blocks = _leaf(G, x0)
    theta = G.theta
    d = len(theta)
    H = sympy.hessian(R, theta)
    gtext, _ = _grad_at_init(R, theta, blocks)
    subs, wsubs = {}, {}
    for b in blocks:
        _, we = _signed_w(b)
        wsubs[b.w] = we
        subs[b.theta] = b.theta_w.xreplace({b.w: we})
    symbolic_zero = True
    try:
        with _time_limit(_CLOSED_SECONDS):
            for i in range(d):
                for j in range(d):
                    Eij = H[i, j].xreplace(subs) * blocks[j].m_w.xreplace(wsubs) - (1 if i == j else 0)
                    if _tidy(Eij) != 0:
                        symbolic_zero = False
                        break
                if not symbolic_zero:
                    break
    except _Timeout:
        symbolic_zero = False
    leaf_text = "; ".join(f"{b.pivot} = {b.w}" + "".join(
        f", {p} = {e}" for p, e in b.phi.items() if p != b.pivot) for b in blocks)
    laws = [f"{law} = {c}" for b in blocks for law, c in b.laws]
    if symbolic_zero and not trajectory:
        return Proved(f"Hessian identity R''(G(x)) dG dG^T = I holds exactly on the leaf ({leaf_text}); {gtext}",
                      certificate={"leaf": leaf_text, "laws": laws,
                                   "method": "substitute the leaf parameterization, factor radicands, cancel"})
    f_H = sympy.lambdify(list(theta), H, modules="mpmath")

    def hess_fn(ths):
        Hn = f_H(*ths)
        return [[Hn[i, j] for j in range(d)] for i in range(d)]

    try:
        res = _leaf_residual_numeric(blocks, hess_fn, dps, points)
    except (ZeroDivisionError, ValueError, TypeError) as exc:
        return Inconclusive(f"R or its Hessian cannot be evaluated on the leaf ({type(exc).__name__}: {exc}); "
                            f"{gtext}", reason=Reason.DOMAIN)
    if res[0] == "unstable":
        return Inconclusive(f"the Hessian residual at {res[1]} changes between dps {dps} and {2 * dps}; {gtext}",
                            reason=Reason.PRECISION)
    if res[0] == "refuted":
        cex = res[1]
        lhs, rhs = cex["lhs R''(theta)"][0][:18], cex["rhs 1/m(x)"][0][:18]
        return Refuted(f"Hessian identity fails on the leaf: R''(theta) = {lhs} but 1/m(x) = {rhs} at theta = "
                       f"{cex['theta'][0][:18]} (first coordinate; full matrix in the counterexample); {gtext}",
                       counterexample=cex, measured_digits=res[2])
    _, used, n_dig = res
    if not n_dig:
        return Inconclusive(f"Hessian identity residual not resolved at dps={dps}; {gtext}", reason=Reason.PRECISION)
    detail = (f"Hessian identity R''(G(x)) dG dG^T = I {'holds exactly on the leaf and ' if symbolic_zero else ''}"
              f"agrees to {n_dig} digits at {len(used)} leaf points (dps {dps}, remeasured at {2 * dps})")
    method = "hessian identity at leaf points"
    if trajectory or trajectory is None:
        grads = [sympy.diff(R, t) for t in theta]
        f_g = sympy.lambdify(list(theta), grads, modules="mpmath")
        try:
            tr = _mirror_identity(G, x0, blocks, lambda ths: [mpmath.re(v) for v in f_g(*ths)], dps)
        except (InvalidArgument, PrecisionError, NotImplementedError) as exc:
            tr = None
            detail += f"; mirror-flow identity not run ({type(exc).__name__}: {str(exc)[:120]})"
        if isinstance(tr, Verdict):
            return tr
        if tr is not None:
            tdig, ttext = tr
            n_dig = min(n_dig, tdig)
            detail += f"; {ttext}"
            method += " + mirror-flow identity along gradient flow"
    if symbolic_zero:
        return Proved(detail + f"; {gtext}", certificate={"leaf": leaf_text, "laws": laws, "numeric_digits": n_dig})
    return Verified(detail + f"; {gtext}", n_digits=max(1, n_dig), points=tuple(used), dps=dps, method=method)


def _check_numeric_potential(G, init, P: "Potential", dps, points) -> Verdict:
    """An implicit (or closed) Potential: d/dtheta of P.grad by mpmath.diff against 1/m from G's own metric."""
    x0 = _check_init(G, init)
    if tuple(P.G.outputs) != tuple(G.outputs) or P.init != x0:
        raise InvalidArgument("R is a Potential derived for another G or initialization; derive it for this one")
    blocks = P.blocks
    metric = sympy.lambdify(list(G.params), G.metric(), modules="mpmath")

    def hess_fn(ths):
        # derivative of the numeric gradient, and the metric of G at the leaf point (independent of P.hess)
        d = len(ths)
        rows = [[mpmath.mpf(0)] * d for _ in range(d)]
        for i in range(d):
            rows[i][i] = mpmath.diff(lambda t: blocks[i].grad(t), ths[i])
        return rows

    try:
        res = _leaf_residual_numeric(blocks, hess_fn, dps, points)
    except (InvalidArgument, PrecisionError, ArithmeticError, ValueError) as exc:
        return Inconclusive(f"numeric potential: cannot be evaluated at the leaf sample points "
                            f"({type(exc).__name__}: {exc})", reason=Reason.DOMAIN)
    if res[0] == "unstable":
        return Inconclusive(f"numeric potential: d(grad R)/dtheta changes between dps {dps} and {2 * dps} at "
                            f"{res[1]}", reason=Reason.PRECISION)
    if res[0] == "refuted":
        return Refuted("numeric potential: d(grad R)/dtheta != 1/m on the leaf", counterexample=res[1],
                       measured_digits=res[2])
    _, used, n_dig = res
    # second method: G's metric evaluated at the leaf point, against P.hess_inv
    try:
        with mpmath.workdps(dps + GUARD_DPS):
            th = [b.theta_of_w(_mp(w)) for b, w in zip(blocks, _sample_points(blocks, 1)[0])]
            xp = P.leaf_point(th, dps=dps)
            Mx = metric(*[xp[p] for p in G.params])
            mdig = agreeing_digits([Mx[i, i] for i in range(G.d)],
                                   [P.hess_inv(th, dps=dps)[i, i] for i in range(G.d)], cap=dps)
    except (InvalidArgument, PrecisionError, ArithmeticError, ValueError) as exc:
        return Inconclusive(f"numeric potential: the leaf point over a sample theta cannot be found "
                            f"({type(exc).__name__}: {exc})", reason=Reason.DOMAIN)
    method = "numeric Hessian identity + mirror-flow identity along gradient flow"
    try:
        tr = _mirror_identity(G, x0, blocks, lambda ths: P.grad(ths), dps)
    except (InvalidArgument, PrecisionError, ArithmeticError, ValueError) as exc:
        # the gradient flow leaves the chart (edge of the domain, max_steps): the identity is only at leaf points
        tr = (dps, f"mirror-flow identity not run ({type(exc).__name__}: {str(exc)[:120]})")
        method = "numeric Hessian identity"
    if isinstance(tr, Verdict):
        return tr
    tdig, ttext = tr
    n = min(n_dig, tdig, mdig)
    if n < 1:
        return Inconclusive("numeric potential not resolved", reason=Reason.PRECISION)
    return Verified(f"d(grad R)/dtheta * m = 1 to {n_dig} digits at {len(used)} leaf points (mpmath.diff of the "
                    f"numeric gradient against G's metric at the leaf point; metric at the leaf point {mdig} digits); "
                    f"{ttext}", n_digits=n, points=tuple(used), dps=dps, method=method)


def _default_loss(G, blocks):
    r"""A least-squares pull :math:`\tfrac12\sum_i(\theta_i - c_i)^2`, :math:`c_i = \theta_{0,i} \pm (i+1)/3` (exact)."""
    targets = [b.theta0 + sympy.Rational(b.index + 1, 3) * (1 if b.index % 2 == 0 else -1) for b in blocks]
    return sympy.Rational(1, 2) * sum((t - c) ** 2 for t, c in zip(G.theta, targets))


def _mirror_identity(G, x0, blocks, grad_fn, dps, T=None):
    r"""Gradient flow in x with accumulators :math:`\dot q = \nabla\mathcal{L}(\theta)`; compare
    :math:`\nabla R(\theta(t)) - \nabla R(\theta_0)` with :math:`-q(t)` at t = T/3, 2T/3, T.

    Returns ``(digits, text)`` or a Refuted verdict.  ``grad_fn(list of mpf) -> list of mpf`` at current precision.
    """
    from .integrate import solve

    loss = _default_loss(G, blocks)
    if T is None:  # about one time unit of the fastest coordinate: T = 1/2 / max m_i(x0), a power of 2
        mmax = max(sympy.N(b.m_w.subs(b.w, b.w0), 15) for b in blocks)
        T = sympy.Rational(1, 2 ** max(1, int(math.ceil(math.log2(max(1.0, float(mmax)))) + 1)))
    sub = dict(zip(G.theta, G.outputs))
    gradL = [sympy.expand(sympy.diff(loss, t).xreplace(sub)) for t in G.theta]
    xs = list(G.params)
    rhs_x = [sympy.expand(-sum(sympy.diff(G.outputs[i], p) * gradL[i] for i in range(G.d))) for p in xs]
    qs = [sympy.Dummy(f"q{i}") for i in range(G.d)]
    y0 = [x0[p] for p in xs] + [0] * G.d
    sol = solve(rhs_x + gradL, xs + qs, y0, T, dps=dps, max_steps=_MAX_STEPS)
    f_out = sympy.lambdify(xs, list(G.outputs), modules="mpmath")
    times = [T * sympy.Rational(k, 3) for k in (1, 2, 3)]
    worst = dps
    for t in times:
        y = sol.y1 if t == T else sol(t)
        with mpmath.workdps(dps + GUARD_DPS):
            th = list(f_out(*y[:len(xs)]))
            th0 = [_mp(b.theta0) for b in blocks]
            lhs = [a - b for a, b in zip(grad_fn(th), grad_fn(th0))]
            rhs = [-q for q in y[len(xs):]]
            dig = agreeing_digits(lhs, rhs, cap=dps)
        if dig < min(10, dps // 3):
            return Refuted(f"mirror-flow identity fails at t = {t}: grad R(theta(t)) - grad R(theta0) != "
                           f"-int_0^t grad L(theta)", counterexample={
                               "t": str(t), "x0": {str(p): str(v) for p, v in x0.items()}, "loss": str(loss),
                               "lhs": [_nstr(v, 30) for v in lhs], "rhs": [_nstr(v, 30) for v in rhs]},
                           measured_digits=sol.digits)
        worst = min(worst, dig)
    if sol.digits is not None:
        worst = min(worst, sol.digits)
    return worst, (f"mirror-flow identity grad R(theta(t)) - grad R(theta0) = -int_0^t grad L agrees to {worst} "
                   f"digits at t = {', '.join(map(str, times))} (loss {loss}; trajectory digits {sol.digits})")


# ---------------------------------------------------------------------------------------------------------------
# Legendre properties, Bregman divergence and projection
# ---------------------------------------------------------------------------------------------------------------
def _end_exponent(h_w, w, end):
    r""":math:`\rho` with :math:`|1/h| \sim |w|^{-\rho}` as :math:`w \to \pm\infty`."""
    v = sympy.Dummy("v", positive=True)
    e = (h_w ** 2).xreplace({w: v if end == sympy.oo else -v})
    with _time_limit(_CLOSED_SECONDS):
        return sympy.limit(sympy.log(e) / (2 * sympy.log(v)), v, sympy.oo)


def _finite_exponent(h_w, w, a, side: int):
    r"""At a finite end a approached from side (+1: from above): :math:`|1/h| \sim |w-a|^{-\rho}`; returns rho."""
    v = sympy.Dummy("v", positive=True)
    e = (h_w ** 2).xreplace({w: a + side * v})
    with _time_limit(_CLOSED_SECONDS):
        return sympy.limit(sympy.log(e) / (2 * sympy.log(v)), v, 0, "+")


def _range_end(blk: _Block, which: str, dps: int) -> dict:
    """theta and eta = grad R at one end of the leaf: finite or infinite (decided exactly), value measured."""
    w = blk.w
    end = blk.lo if which == "lo" else blk.hi
    out: dict = {"w_end": str(end)}
    try:
        if end in (sympy.oo, -sympy.oo):
            rho = _end_exponent(blk.h_w, w, end)
            converges = bool(rho > 1)
        else:
            rho = _finite_exponent(blk.h_w, w, end, 1 if which == "lo" else -1)
            converges = bool(rho < 1)
        with _time_limit(_CLOSED_SECONDS):
            th_lim = sympy.limit(blk.theta_w, w, end, "+" if which == "lo" else "-")
        out["theta"] = str(th_lim)
        out["exponent"] = str(rho)
    except (_Timeout, NotImplementedError, TypeError, ValueError):
        return {**out, "theta": "?", "eta": "?", "verdict": "inconclusive",
                "detail": "SymPy could not decide the behaviour of 1/d_w g at this end"}
    if not converges:
        sgn = 1 if which == "hi" else -1
        hsign = sympy.sign(sympy.N(blk.h_w.subs(w, blk.w0), 30))
        inf = "oo" if sgn * hsign > 0 else "-oo"
        out.update(eta=inf, finite=False, verdict="proved",
                   detail=f"int dw/d_w g diverges at w -> {end} (1/|d_w g| ~ distance^-{rho})")
        return out
    vals = []
    for prec in (dps, 2 * dps):
        with mpmath.workdps(prec + GUARD_DPS):
            a = _mp(blk.w0)
            b = mpmath.inf if end == sympy.oo else (-mpmath.inf if end == -sympy.oo else _mp(end))
            vals.append(mpmath.quad(lambda s: mpmath.re(blk._f_inv_h(s)), [a, b]))
    with mpmath.workdps(2 * dps):
        digits = agreeing_digits(vals[0], vals[1], cap=dps)
    with mpmath.workdps(dps):
        out.update(eta=_nstr(+vals[0], dps), finite=True, digits=digits, verdict="verified",
                   detail=f"int dw/d_w g converges at w -> {end} (exponent {rho}); value by mpmath.quad, "
                          f"{digits} digits (dps {dps} vs {2 * dps})")
    return out


def legendre_properties(P: Potential, dps: int = 30) -> dict:
    r"""Legendre properties of a derived potential, each with its own verdict.

    * ``strictly_convex``: :math:`\nabla^2 R = \operatorname{diag}(1/m_i)` with :math:`m_i = |\nabla g_i|^2
      \ge (\partial_w g_i)^2 > 0` on the open leaf (the leaf ends exactly at the real zeros of :math:`\partial_w g_i`,
      computed exactly): proved.
    * ``domain``: per coordinate the open interval :math:`\theta_i(\text{leaf})` (limits by SymPy).
    * ``gradient_range``: per coordinate the interval of :math:`\eta_i = \partial_i R`; each end is infinite iff
      :math:`\int dw/\partial_w g` diverges there, decided from the exact exponent of :math:`1/\partial_w g` at the end;
      finite ends are computed by ``mpmath.quad`` with measured digits.  E.g. for ``power(L >= 3)`` the range is a
      half-line, for ``deep_diagonal(L >= 3)`` a bounded interval: such R is *not* of full gradient range.
    * ``full_range``: whether :math:`\nabla R(\operatorname{dom} R) = \mathbb{R}^d`.
    * ``essentially_smooth``: :math:`|\nabla R| \to \infty` at every finite end of the domain (with strict convexity:
      R is of Legendre type on its domain, Rockafellar §26).

    Source: Li et al. 2022 (Legendre function of Thm 4.8); DD-Thm1 ("convex entropy function Q: R^d -> R").
    """
    if not isinstance(P, Potential):
        raise InvalidArgument(f"P={P!r} ({type(P).__name__}) must be a Potential from derive_potential")
    dps = _dps(dps)
    coords = []
    all_full, all_smooth = True, True
    for b in P.blocks:
        lo, hi = _range_end(b, "lo", dps), _range_end(b, "hi", dps)
        # order by theta (theta may decrease in w)
        inc = sympy.N(b.m_w.subs(b.w, b.w0) / b.h_w.subs(b.w, b.w0), 30) > 0
        first, last = (lo, hi) if inc else (hi, lo)
        dom = (first["theta"], last["theta"])
        rng = (first["eta"], last["eta"])
        full = rng == ("-oo", "oo")
        smooth = all(e["theta"] in ("oo", "-oo") or e["eta"] in ("oo", "-oo") for e in (lo, hi))
        all_full &= full
        all_smooth &= smooth
        verdicts = [e["verdict"] for e in (lo, hi)]
        coords.append({"theta": str(b.theta), "domain": dom, "gradient_range": rng, "full_range": full,
                       "essentially_smooth": smooth,
                       "verdict": "inconclusive" if "inconclusive" in verdicts else
                       ("verified" if "verified" in verdicts else "proved"),
                       "ends": [first, last]})
    zeros = {str(b.theta): f"real zeros of d_w g = {b.h_w}: none in ({b.lo}, {b.hi})" for b in P.blocks}
    convex = Proved("Hessian diag(1/m_i), m_i = |grad g_i|^2 >= (d_w g_i)^2 > 0 on the open leaf, whose ends are "
                    "the exact real zeros/poles of d_w g_i and of its radicands", certificate=zeros)
    word = "inconclusive" if any(c["verdict"] == "inconclusive" for c in coords) else \
        ("verified" if any(c["verdict"] == "verified" for c in coords) else "proved")
    return {"strictly_convex": convex.to_dict(),
            "coordinates": coords,
            "full_range": {"value": all_full, "verdict": word,
                           "detail": "grad R maps the domain onto R^d" if all_full else
                           "grad R does NOT map onto R^d: " + "; ".join(
                               f"{c['theta']}: ({c['gradient_range'][0][:20]}, {c['gradient_range'][1][:20]})"
                               for c in coords if not c["full_range"])},
            "essentially_smooth": {"value": all_smooth, "verdict": word},
            "legendre_type": {"value": all_smooth, "verdict": word,
                              "detail": "strictly convex and essentially smooth on its (open) domain"
                              if all_smooth else "grad R stays bounded at a finite end of the domain"}}


def bregman(P: Potential, a, b, dps=None) -> mpmath.mpf:
    r"""Bregman divergence :math:`D_R(a, b) = R(a) - R(b) - \langle \nabla R(b), a - b\rangle \ge 0`."""
    dps = _dps(dps)
    with mpmath.workdps(dps + GUARD_DPS):
        av, bv = P._vec(a, "a"), P._vec(b, "b")
        val = P.value(av, dps=dps + GUARD_DPS) - P.value(bv, dps=dps + GUARD_DPS) - mpmath.fsum(
            g * (x - y) for g, x, y in zip(P.grad(bv, dps=dps + GUARD_DPS), av, bv))
    with mpmath.workdps(dps):
        return +val


def _matrix(X, name):
    rows = X.tolist() if hasattr(X, "tolist") else X
    if not isinstance(rows, (list, tuple)) or not rows:
        raise InvalidArgument(f"{name}={X!r} must be a non-empty matrix (list of rows or sympy Matrix)")
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in rows]
    return [[_exact(v, f"{name}[{i}][{j}]") for j, v in enumerate(r)] for i, r in enumerate(rows)]


def bregman_projection(P: Potential, X, y, theta0=None, dps=None, *, full: bool = False):
    r"""The Bregman projection :math:`\arg\min_{X\theta = y} D_R(\theta, \theta_0)` by its KKT system.

    .. math:: X\theta = y,\qquad \nabla R(\theta) - \nabla R(\theta_0) = X^\top \nu .

    Solved for :math:`\nu \in \mathbb{R}^n` by damped Newton on :math:`F(\nu) = X\,(\nabla R)^{-1}(\nabla R(\theta_0) +
    X^\top\nu) - y` with Jacobian :math:`X\,\operatorname{diag}(m)\,X^\top` (:math:`m` the metric: the inverse
    Hessian).  ``theta0`` defaults to :math:`\theta(0)` of the initialization, where :math:`\nabla R = 0`: then this
    is the implicit-bias prediction of the limit of gradient flow on :math:`\|X\theta - y\|^2` (DD-Eq18/Eq19).

    When X has full column rank d (exact rank over QQ) the constraint set is the single point
    :math:`X^+y`: that point is the projection (no Newton; it must lie in dom R, else ``grad`` raises).

    Returns the list :math:`\theta` (or, with ``full=True``, a dict with ``theta, nu, kkt_residual, digits``; digits
    measured against a solve at 2 dps).  Raises PrecisionError when Newton does not converge (e.g. y outside
    :math:`X(\operatorname{dom} R)`).
    """
    dps = _dps(dps)
    Xq = _matrix(X, "X")
    yq = [r[0] for r in _matrix([[v] for v in (y.tolist() if hasattr(y, "tolist") else y)], "y")]
    d = len(P.blocks)
    if any(len(r) != d for r in Xq) or len(yq) != len(Xq):
        raise InvalidArgument(f"X must be n x d = {len(Xq)} x {d} and y of length n; got rows of lengths "
                              f"{sorted({len(r) for r in Xq})} and len(y) = {len(yq)}")

    XS = sympy.Matrix(Xq)
    if XS.rank() == d:  # exact: X theta = y has at most one solution, which is then the projection
        sol_ = XS.gauss_jordan_solve(sympy.Matrix(yq))[0] if XS.row_join(sympy.Matrix(yq)).rank() == d else None
        if sol_ is None:
            raise InvalidArgument(f"y={[str(v) for v in yq]}: X theta = y has no solution (X has full column rank "
                                  f"{d}); pass y in the range of X")
        star = list(sol_)

        def run(prec):  # noqa: F811 -- the unique feasible point; nu from X^T nu = grad R(theta*) - grad R(theta0)
            with mpmath.workdps(prec + GUARD_DPS):
                th0 = [_mp(v) for v in (theta0 if theta0 is not None else P.theta0)]
                eta = (mpmath.matrix(P.grad(star, dps=prec + GUARD_DPS))
                       - mpmath.matrix(P.grad(th0, dps=prec + GUARD_DPS)))
                Xm = mpmath.matrix([[_mp(v) for v in r] for r in Xq])
                nu = Xm * mpmath.lu_solve(Xm.T * Xm, eta)
                return [_mp(v) for v in star], [nu[i] for i in range(len(yq))], mpmath.mpf(0)
    else:
        run = None

    def run_newton(prec):
        with mpmath.workdps(prec + GUARD_DPS):
            Xm = mpmath.matrix([[_mp(v) for v in r] for r in Xq])
            ym = mpmath.matrix([_mp(v) for v in yq])
            th0 = [_mp(v) for v in (theta0 if theta0 is not None else P.theta0)]
            eta0 = mpmath.matrix(P.grad(th0, dps=prec + GUARD_DPS))
            n = len(yq)
            nu = mpmath.matrix(n, 1)

            def theta_of(nu_):
                eta = eta0 + Xm.T * nu_
                return P.grad_inv([eta[i] for i in range(d)], dps=prec + GUARD_DPS)

            th = theta_of(nu)
            F = Xm * mpmath.matrix(th) - ym
            tol = mpmath.mpf(10) ** (-(prec + GUARD_DPS - 3))
            scale = max(mpmath.mpf(1), max(abs(v) for v in ym))
            for _ in range(200):
                res = max(abs(F[i]) for i in range(n))
                if res <= tol * scale:
                    break
                m = P.hess_inv(th, dps=prec + GUARD_DPS)
                J = Xm * m * Xm.T
                step = mpmath.lu_solve(J, -F)
                lam = mpmath.mpf(1)
                while True:
                    try:
                        th_new = theta_of(nu + lam * step)
                        F_new = Xm * mpmath.matrix(th_new) - ym
                        if max(abs(F_new[i]) for i in range(n)) < res or lam < mpmath.mpf(2) ** -60:
                            break
                    except InvalidArgument:
                        pass
                    lam /= 2
                    if lam < mpmath.mpf(2) ** -80:
                        raise PrecisionError("Bregman projection: Newton step left the range of grad R; is y in "
                                             "X(dom R)? (see legendre_properties)")
                nu, th, F = nu + lam * step, th_new, F_new
            else:
                raise PrecisionError(f"Bregman projection: KKT Newton did not converge at dps={prec}; "
                                     f"check that y is reachable, or lower dps")
            return th, [nu[i] for i in range(n)], res

    run = run or run_newton
    th, nu, res = run(dps)
    if not full:
        with mpmath.workdps(dps):
            return [+v for v in th]
    th2, _, _ = run(2 * dps)
    with mpmath.workdps(2 * dps):
        digits = agreeing_digits(th, th2, cap=dps)
    with mpmath.workdps(dps):
        return {"theta": [+v for v in th], "nu": [+v for v in nu], "kkt_residual": +res, "digits": digits}
