r"""Convex analysis of a derived potential: Legendre properties, Bregman divergence and Bregman projection.

:func:`legendre_properties`: strict convexity (:math:`\nabla^2 R = \operatorname{diag}(1/m_i) \succ 0` on the open
leaf), the domain and the range of :math:`\nabla R` per coordinate (an end of the range is infinite iff
:math:`\int dw/\partial_w g` diverges there, decided from the exact exponent), essential smoothness and Legendre type
(Rockafellar §26).  :func:`bregman`: :math:`D_R(a, b) = R(a) - R(b) - \langle\nabla R(b), a - b\rangle`.
:func:`bregman_projection`: :math:`\arg\min_{X\theta = y} D_R(\theta, \theta_0)` from its KKT system
:math:`X\theta = y`, :math:`\nabla R(\theta) - \nabla R(\theta_0) = X^\top\nu` (DD-Eq18/Eq19, the implicit-bias
prediction).  Source: Li et al. 2022 Thm 4.8; DD-Thm1.
"""

from __future__ import annotations

import mpmath
import sympy

from ..errors import InvalidArgument, PrecisionError
from ..precision import GUARD_DPS, agreeing_digits
from ..verdict import Proved
from ._block import _Block
from ..errors import TimeLimitExceeded
from ..validation import check_dps, exact_number, time_limit, to_mpf
from ._common import _CLOSED_SECONDS, _nstr
from ._potential import Potential

__all__ = ["legendre_properties", "bregman", "bregman_projection"]


def _end_exponent(h_w, w, end):
    r""":math:`\rho` with :math:`|1/h| \sim |w|^{-\rho}` as :math:`w \to \pm\infty`."""
    v = sympy.Dummy("v", positive=True)
    e = (h_w ** 2).xreplace({w: v if end == sympy.oo else -v})
    with time_limit(_CLOSED_SECONDS):
        return sympy.limit(sympy.log(e) / (2 * sympy.log(v)), v, sympy.oo)


def _finite_exponent(h_w, w, a, side: int):
    r"""At a finite end a approached from side (+1: from above): :math:`|1/h| \sim |w-a|^{-\rho}`; returns rho."""
    v = sympy.Dummy("v", positive=True)
    e = (h_w ** 2).xreplace({w: a + side * v})
    with time_limit(_CLOSED_SECONDS):
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
        with time_limit(_CLOSED_SECONDS):
            th_lim = sympy.limit(blk.theta_w, w, end, "+" if which == "lo" else "-")
        out["theta"] = str(th_lim)
        out["exponent"] = str(rho)
    except (TimeLimitExceeded, NotImplementedError, TypeError, ValueError):
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
            a = to_mpf(blk.w0)
            b = mpmath.inf if end == sympy.oo else (-mpmath.inf if end == -sympy.oo else to_mpf(end))
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
    dps = check_dps(dps)
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
    dps = check_dps(dps)
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
    return [[exact_number(v, f"{name}[{i}][{j}]") for j, v in enumerate(r)] for i, r in enumerate(rows)]


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
    dps = check_dps(dps)
    Xq = _matrix(X, "X")
    yq = [r[0] for r in _matrix([[v] for v in (y.tolist() if hasattr(y, "tolist") else y)], "y")]
    d = len(P.blocks)
    if any(len(r) != d for r in Xq) or len(yq) != len(Xq):
        raise InvalidArgument(f"X must be n x d = {len(Xq)} x {d} and y of length n; got rows of lengths "
                              f"{sorted({len(r) for r in Xq})} and len(y) = {len(yq)}")

    run = _unique_feasible(P, Xq, yq, theta0) or _kkt_newton(P, Xq, yq, theta0)
    th, nu, res = run(dps)
    if not full:
        with mpmath.workdps(dps):
            return [+v for v in th]
    th2, _, _ = run(2 * dps)
    with mpmath.workdps(2 * dps):
        digits = agreeing_digits(th, th2, cap=dps)
    with mpmath.workdps(dps):
        return {"theta": [+v for v in th], "nu": [+v for v in nu], "kkt_residual": +res, "digits": digits}


def _unique_feasible(P: Potential, Xq, yq, theta0):
    """When X has full column rank (exact), the run(prec) -> (theta, nu, residual) of the single feasible point
    (nu from X^T nu = grad R(theta*) - grad R(theta0)); else None."""
    d = len(P.blocks)
    XS = sympy.Matrix(Xq)
    if XS.rank() != d:
        return None
    if XS.row_join(sympy.Matrix(yq)).rank() != d:
        raise InvalidArgument(f"y={[str(v) for v in yq]}: X theta = y has no solution (X has full column rank "
                              f"{d}); pass y in the range of X")
    star = list(XS.gauss_jordan_solve(sympy.Matrix(yq))[0])

    def run(prec):
        with mpmath.workdps(prec + GUARD_DPS):
            th0 = [to_mpf(v) for v in (theta0 if theta0 is not None else P.theta0)]
            eta = (mpmath.matrix(P.grad(star, dps=prec + GUARD_DPS))
                   - mpmath.matrix(P.grad(th0, dps=prec + GUARD_DPS)))
            Xm = mpmath.matrix([[to_mpf(v) for v in r] for r in Xq])
            nu = Xm * mpmath.lu_solve(Xm.T * Xm, eta)
            return [to_mpf(v) for v in star], [nu[i] for i in range(len(yq))], mpmath.mpf(0)
    return run


def _kkt_newton(P: Potential, Xq, yq, theta0):
    """The run(prec) -> (theta, nu, residual) of damped Newton on F(nu) = X (grad R)^{-1}(grad R(theta0) + X^T nu)
    - y, Jacobian X diag(m) X^T (m the inverse Hessian), halving the step until the residual drops."""
    d = len(P.blocks)

    def run(prec):
        with mpmath.workdps(prec + GUARD_DPS):
            Xm = mpmath.matrix([[to_mpf(v) for v in r] for r in Xq])
            ym = mpmath.matrix([to_mpf(v) for v in yq])
            th0 = [to_mpf(v) for v in (theta0 if theta0 is not None else P.theta0)]
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
                step = mpmath.lu_solve(Xm * P.hess_inv(th, dps=prec + GUARD_DPS) * Xm.T, -F)
                lam, th_new, F_new = _damped(theta_of, nu, step, Xm, ym, res)
                nu, th, F = nu + lam * step, th_new, F_new
            else:
                raise PrecisionError(f"Bregman projection: KKT Newton did not converge at dps={prec}; "
                                     f"check that y is reachable, or lower dps")
            return th, [nu[i] for i in range(n)], res
    return run


def _damped(theta_of, nu, step, Xm, ym, res):
    """The first step length 2^-k whose residual is below ``res`` (or 2^-60), with its theta and residual."""
    n = len(ym)
    lam = mpmath.mpf(1)
    while True:
        try:
            th_new = theta_of(nu + lam * step)
            F_new = Xm * mpmath.matrix(th_new) - ym
            if max(abs(F_new[i]) for i in range(n)) < res or lam < mpmath.mpf(2) ** -60:
                return lam, th_new, F_new
        except InvalidArgument:
            pass
        lam /= 2
        if lam < mpmath.mpf(2) ** -80:
            raise PrecisionError("Bregman projection: Newton step left the range of grad R; is y in "
                                 "X(dom R)? (see legendre_properties)")
