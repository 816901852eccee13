r"""Checking a claimed potential: :func:`check_potential` and :func:`check_derived`.

The Hessian identity :math:`\nabla^2 R(G(x))\,\partial G(x)\,\partial G(x)^\top = I` on the leaf through
:math:`x(0)`: exactly, by substituting the leaf chart :math:`x = \varphi(w)` of :mod:`._reduce` and cancelling
(``proved``), else at leaf sample points at ``dps`` and ``2*dps`` (``verified`` with measured digits, or
``refuted`` with both sides).  A second, independent identity runs along a gradient flow in x
(:func:`_mirror_identity`): :math:`\nabla R(\theta(t)) - \nabla R(\theta_0) = -\int_0^t \nabla\mathcal{L}(\theta)`.
Linear terms of R are invisible to both; the detail reports :math:`\nabla R(\theta_0)`.
Source: Li et al. 2022 Thm 4.8; DD-Eq20, DD-Eq30.
"""

from __future__ import annotations

import math
from typing import Mapping

import mpmath
import sympy

from ..errors import InvalidArgument, PrecisionError
from ..parameterization import Parameterization
from ..precision import GUARD_DPS, agreeing_digits
from ..verdict import Inconclusive, Proved, Reason, Refuted, Verdict, Verified
from ._block import _Block
from ._closed import _sample_ws
from ..errors import TimeLimitExceeded
from ..validation import check_dps, time_limit, to_mpf
from ._common import _CLOSED_SECONDS, _MAX_STEPS, _nstr
from ._potential import Potential
from ._reduce import _check_init, _reduce_block, _sep
from ._rotate import _separable_view

__all__ = ["check_potential", "check_derived"]


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
    """Bounded normalisation on the leaf: factor radicands (so sqrt((2w^2+3)^2) -> 2w^2+3), drop the absolute value
    of factors without real roots (Sturm count, exact: |w^2 - 2w + 2| = w^2 - 2w + 2), then cancel."""
    for _ in range(3):
        new = e.replace(lambda a: a.is_Pow and not a.exp.is_Integer and a.base.has(sympy.Symbol, sympy.Dummy),
                        lambda a: sympy.Pow(sympy.factor(sympy.together(sympy.expand(a.base))), a.exp))
        new = sympy.powdenest(new).replace(lambda a: isinstance(a, sympy.Abs), _abs_of_definite)
        if new == e:
            break
        e = new
    return sympy.cancel(sympy.together(sympy.expand(e)))


def _abs_of_definite(a):
    """|p| = +-p for a univariate polynomial p over QQ without real roots (its sign is that of p(0)); else |p|."""
    p = a.args[0]
    syms = p.free_symbols
    if len(syms) != 1:
        return a
    (w,) = syms
    try:
        poly = sympy.Poly(p, w)
    except sympy.PolynomialError:
        return a
    if poly.domain not in (sympy.ZZ, sympy.QQ) or poly.count_roots() != 0:
        return a
    return p if poly.eval(0) > 0 else -p


def _as_expr(G: Parameterization, R) -> sympy.Expr:
    if isinstance(R, str):
        from ..parse import parse_expr

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
    check_dps(dps)
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise InvalidArgument(f"points={points!r} ({type(points).__name__}) must be a positive integer")
    if not isinstance(G, Parameterization):
        raise InvalidArgument(f"G={G!r} ({type(G).__name__}) must be a Parameterization (e.g. families.uv(1))")
    R = R if isinstance(R, Potential) else _as_expr(G, R)
    G, init, _ = _separable_view(G, _check_init(G, init))  # (u+v)^2, (u-v)^2: in the coordinates that separate G
    if isinstance(R, Potential):
        verdict = _check_numeric_potential(G, init, R, dps, points)
    else:
        verdict = _check_expr_potential(G, init, R, dps, points, trajectory)
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
                ths = [b.theta_of_w(to_mpf(w)) for b, w in zip(blocks, pt)]
                Hn = hess_fn(ths)
                ms = [mpmath.re(b._f_m(to_mpf(w))) for b, w in zip(blocks, pt)]
                Hm = [[mpmath.re(Hn[i][j]) * ms[j] for j in range(d)] for i in range(d)]
                vals[prec] = (ths, Hm, [mpmath.re(Hn[i][i]) for i in range(d)], ms)
        ths, Hm_lo, _, ms = vals[dps]
        _, Hm_hi, lhs_hi, _ = vals[2 * dps]
        with mpmath.workdps(2 * dps):
            ident = [[mpmath.mpf(int(i == j)) for j in range(d)] for i in range(d)]
            stable = agreeing_digits(Hm_lo, Hm_hi, cap=dps)
            agree = agreeing_digits(Hm_hi, ident, cap=dps)
            point = {str(p): _nstr(v, 30) for b, w in zip(blocks, pt) for p, v in b.point(to_mpf(w)).items()}
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
        with time_limit(_CLOSED_SECONDS):
            for i in range(d):
                for j in range(d):
                    Eij = H[i, j].xreplace(subs) * blocks[j].m_w.xreplace(wsubs) - (1 if i == j else 0)
                    if _tidy(Eij) != 0:
                        symbolic_zero = False
                        break
                if not symbolic_zero:
                    break
    except TimeLimitExceeded:
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
            th = [b.theta_of_w(to_mpf(w)) for b, w in zip(blocks, _sample_points(blocks, 1)[0])]
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
    from ..integrate import solve

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
            th0 = [to_mpf(b.theta0) for b in blocks]
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
