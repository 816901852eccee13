r"""Appendix A.1 of 000, the potential (20) and the implicit bias (spec §3.9, DD-SA.1-Nu ... DD-Eq22).

The printed potential is data: ``Q`` (in θ, ``Delta0``, ``ell`` = log|(u0+v0)/(u0-v0)|) and ``psi`` = Ψ(ξ) of (17).
∇Q is *differentiated* from ``Q``; "∇Q = Ψ^{-1}" is decided as ∇Q(Ψ(ξ)) = ξ (Ψ is a bijection of R), after the
substitution θ = (Δ0/2) sinh z of :mod:`.appendix_a12`: arcsinh(sinh z) = z and sqrt(K^2 (1 + sinh^2 z)) = K cosh z
(K > 0), then sinh z = a, cosh z = b with b^2 = 1 + a^2 (``kit.identity(defs=...)``).  Printed coefficient 1/2,
corrected 1/4 (docs/errata.md).
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Matrix, Rational, Symbol, asinh, cosh, sinh, sqrt

from symflow.claims import IMPLIED, Kind, Statement, claim, kit
from symflow.integrate import solve
from symflow.precision import agreeing_digits, precision
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

from ._model import g, jacobian_velocity, u, w
from ._network import ls_grad, mpq
from .appendix_a12 import A, B, D0, ELL, TH, XI

__all__ = ["Q20", "Q20_CORRECTED"]


def _smooth(Q, sgn=1):
    """|x| as sgn·x on a half-line (a mutant may turn sqrt(4θ^2 + Δ0^2) into 2|θ|): no sign/DiracDelta terms."""
    return Q.replace(lambda e: isinstance(e, sympy.Abs), lambda e: sgn * e.args[0])


def _halves(Q, decide):
    """``decide(Q')`` on each half-line where |.| is linear (both must hold); one call when Q has no |.|."""
    if not Q.has(sympy.Abs):
        return decide(Q)
    for sgn in (1, -1):
        v = decide(_smooth(Q, sgn))
        if not isinstance(v, Proved):
            return v
    return v


def _q(c):
    return c * (2 * TH * asinh(2 * TH / D0) - sqrt(4 * TH ** 2 + D0 ** 2) + D0) - ELL * TH / 2


PSI = D0 / 2 * sinh(2 * XI + ELL)  # (17) with Δ0 = |u0^2 - v0^2|, ℓ = log|(u0+v0)/(u0-v0)| (DD-Eq17, proved)
# Q enters (20), (21) and the argmin only through ∇Q (a constant shift is invisible), (22) only through ∇²Q (an
# affine shift is invisible): declared, so that such mutants are listed as equivalent instead of run
Q20 = Statement(Q=_q(Rational(1, 2))).shift_free("Q", (TH,), 0)
Q20_CORRECTED = Q20.replace(Q=_q(Rational(1, 4)))
Q22 = Q20.shift_free("Q", (TH,), 1)
Q22_CORRECTED = Q20_CORRECTED.shift_free("Q", (TH,), 1)
ARG_Q = ("one coordinate (Q is a sum over coordinates); θ = (Δ0/2) sinh z is a bijection of R, so an identity in z "
         "(with cosh z = sqrt(1 + sinh^2 z)) holds for every θ, Δ0 > 0, ℓ and ξ")


def _reduce(expr):
    """arcsinh(sinh z) -> z and sqrt(K^2 (1 + sinh(z)^2)) -> K cosh z (K > 0)."""
    expr = expr.replace(lambda e: isinstance(e, asinh) and isinstance(e.args[0], sinh), lambda e: e.args[0].args[0])
    sinhs = list(expr.atoms(sinh))

    def root(e):
        base = sympy.expand(e.base)
        for s in sinhs:
            ratio = sympy.cancel(base / (s ** 2 + 1))
            if not ratio.has(sinh) and ratio.is_positive:
                k = sqrt(ratio)
                if not isinstance(k, sympy.Pow) or k.exp != Rational(1, 2):
                    return k * cosh(s.args[0]) if e.exp == Rational(1, 2) else (k * cosh(s.args[0])) ** (2 * e.exp)
        return e
    return expr.replace(lambda e: isinstance(e, sympy.Pow) and e.exp.is_Rational and e.exp.q == 2, root)


def _ab(expr):
    """sinh z -> a, cosh z -> b for the (single) argument z of the reduced expression."""
    zs = {f.args[0] for f in expr.atoms(sinh, cosh)}
    return expr.xreplace({f: (A if isinstance(f, sinh) else B) for f in expr.atoms(sinh, cosh)}), zs


def _decide(residual, what):
    res, zs = _ab(_reduce(residual))
    if len(zs) > 1 or res.has(asinh):
        return kit.identity(residual, 0, argument=ARG_Q, what=what)  # not reducible: decided numerically
    return kit.identity(res, 0, argument=ARG_Q, what=what, defs={B: 1 + A ** 2} if res.has(B) else None)


def _shift(ctx, degree):
    """Under --mutate: the mutant's Q differs from the printed one by a polynomial of degree <= ``degree`` in θ
    (a constant leaves ∇Q and every argmin unchanged; an affine term leaves ∇²Q, hence (22), unchanged)."""
    if not ctx.mutating or ctx.printed is None:
        return {}
    diff = sympy.expand(ctx.s.Q - ctx.printed.Q)
    if diff != 0 and sympy.expand(sympy.diff(diff, TH, degree + 1)) == 0 and not diff.has(asinh, sqrt(TH)):
        return {IMPLIED: f"the mutant changes Q by {diff} (degree <= {degree} in θ): "
                         + ("∇Q and the argmin do not see a constant" if degree == 0 else "(22) only involves ∇²Q")}
    return {}


def _with(v, extra):
    if extra and isinstance(v, Proved):
        return Proved(v.detail, certificate={**dict(v.certificate), **extra})
    return v


def qpsi(s, what="∇Q(Ψ(ξ)) = ξ"):
    return _halves(s.Q, lambda Q: _decide(sympy.diff(Q, TH).subs(TH, PSI) - XI, what))


@claim("DD-Eq20", text=r"$\mathcal{Q}(\theta)=\frac12\sum_i(2\theta_i\operatorname{arcsinh}(\frac{2\theta_i}{\Delta_0})-"
       r"\sqrt{4\theta_i^2+\Delta_0^2}+\Delta_0)-\frac12\langle\log|\frac{u(0)+v(0)}{u(0)-v(0)}|,\theta\rangle$ "
       r"(20), with $\nabla\mathcal{Q}=\Psi^{-1}$", expect=Refuted, statement=Q20, cites=("DD-Def-Delta0", "DD-Eq17"))
@claim("DD-Eq20/corrected", text=r"$\mathcal{Q}(\theta)=\frac14\sum_i(2\theta_i\operatorname{arcsinh}(\frac{2\theta_i}{"
       r"\Delta_0})-\sqrt{4\theta_i^2+\Delta_0^2}+\Delta_0)-\frac12\langle\log|\frac{u(0)+v(0)}{u(0)-v(0)}|,\theta"
       r"\rangle$", expect=Proved, statement=Q20_CORRECTED, cites=("DD-Def-Delta0", "DD-Eq17"))
@claim("DD-SA.1-QPsi", text=r"The $\mathcal{Q}$ of (20) satisfies $\nabla\mathcal{Q}(\theta)=\Psi^{-1}(\theta)$ for every "
       r"$\theta$", expect=Refuted, statement=Q20, cites=("DD-Eq17",))
@claim("DD-SA.1-QPsi/corrected", text=r"$\mathcal{Q}$ of DD-Eq20/corrected satisfies $\nabla\mathcal{Q}=\Psi^{-1}$",
       expect=Proved, statement=Q20_CORRECTED, cites=("DD-Eq17",))
@claim("DD-Eq21", text=r"$\nabla\mathcal{Q}(\theta(t))=\Psi^{-1}(\theta(t))=\xi(t)$ (21), $\mathcal{Q}$ of (20)",
       expect=Refuted, statement=Q20, cites=("DD-Eq17",))
@claim("DD-Eq21/corrected", text=r"$\nabla\mathcal{Q}(\theta(t))=\Psi^{-1}(\theta(t))=\xi(t)$, $\mathcal{Q}$ of "
       "DD-Eq20/corrected", expect=Proved, statement=Q20_CORRECTED, cites=("DD-Eq17",))
def eq20(ctx):
    """∇Q differentiated from the statement's Q, evaluated at θ = Ψ(ξ) of (17): must be ξ."""
    return _with(qpsi(ctx.s), _shift(ctx, 0))


@claim("DD-Eq22", text=r"$\frac{d\nabla\mathcal{Q}(\theta(t))}{dt}+\nabla\mathcal{L}(\theta(t))=0$ (22), $\mathcal{Q}$ of "
       "(20)", expect=Refuted, statement=Q22, cites=("DD-SA.1-XiODE",))
@claim("DD-Eq22/corrected", text=r"(22) with $\mathcal{Q}$ of DD-Eq20/corrected", expect=Proved,
       statement=Q22_CORRECTED, cites=("DD-SA.1-XiODE",))
def eq22(ctx):
    """d/dt ∇Q(θ(t)) = (d/dξ ∇Q(Ψ(ξ))) ξ' with ξ' = -∇L (DD-SA.1-XiODE)."""
    def decide(Q):
        gq = _reduce(sympy.diff(Q, TH).subs(TH, PSI))
        return _decide(sympy.diff(gq, XI) * (-g) + g, "d/dt ∇Q(θ(t)) + ∇L")
    return _with(_halves(ctx.s.Q, decide), _shift(ctx, 1))


# ------------------------------------------------------------------------- the implicit bias: Nu, (19), GradQ

XAK, REST, OM, DQS, DL = (Symbol(n, real=True) for n in ("X_ak", "rest_a", "omega_a", "dQ_k", "dl_a"))
NU = Statement(entry=XAK * DL)
EQ19 = Statement(stationarity=DQS - XAK * OM)
ARG_ENTRY = ("entry k of a sum over residuals a: θ_k enters r_a = X_ak θ_k + (the rest) linearly; summing the "
             "generic term over a gives (Xᵀv)_k: every n, d")


def _symbolize(expr, sym):
    return expr.replace(lambda e: isinstance(e, (sympy.Subs, sympy.Derivative)), lambda e: sym)


@claim("DD-SA.1-Nu", text=r"$\theta_\infty=\Psi(X^T\nu)$, since $\lim\xi=-X^T\int_0^\infty\nabla\ell(X\theta(s)-y)ds$",
       expect=Proved, statement=NU, hyp="L(θ) = ℓ(Xθ - y)", cites=("DD-Eq17",))
def nu(ctx):
    """Chain rule: ∂_{θ_k} ℓ(r) = Σ_a X_ak ∂_aℓ(r), so ∇L = Xᵀ∇ℓ(Xθ - y) and ξ(t) = -Xᵀ∫∇ℓ ∈ range(Xᵀ); with
    (17), θ(t) = Ψ(ξ(t)) -> Ψ(Xᵀν)."""
    th = Symbol("theta_k", real=True)
    ell = sympy.Function("ell")
    term = _symbolize(sympy.diff(ell(XAK * th + REST), th), DL)
    return kit.identity(term, ctx.s.entry, argument=ARG_ENTRY, what="∂_{θ_k} ℓ(X θ - y), residual a")


@claim("DD-Eq19", text=r"KKT of (18): $X\theta_\infty=y$, $\exists\omega$, $\nabla\mathcal{Q}(\theta_\infty)=X^T\omega$ "
       "(19)", expect=Proved, statement=EQ19, hyp="Q convex, differentiable", cites=("DD-Eq18",))
def eq19(ctx):
    """Stationarity of Q(θ) - ωᵀ(Xθ - y) in θ_k (generic entry); for a convex Q and affine constraints the KKT
    conditions are necessary and sufficient (Slater holds for affine constraints)."""
    th = Symbol("theta_k", real=True)
    Q = sympy.Function("Q")(th)
    term = _symbolize(sympy.diff(Q - OM * (XAK * th + REST), th), DQS)
    return kit.identity(term, ctx.s.stationarity, argument=ARG_ENTRY, what="∂_{θ_k} of the Lagrangian")


@claim("DD-SA.1-GradQ", text=r"If $\nabla\mathcal{Q}=\Psi^{-1}$ then $\nabla\mathcal{Q}(\theta_\infty)=X^T\nu$ and (18) "
       "follows.", expect=Proved, hyp="Q strictly convex with ∇Q = Ψ^{-1}; θ(t) → θ∞, Xθ∞ = y",
       cites=("DD-Eq18", "DD-Eq19", "DD-SA.1-Nu"))
def grad_q(ctx):
    """∇Q(θ∞) = Ψ^{-1}(Ψ(Xᵀν)) = Xᵀν (DD-SA.1-Nu) is (19) with ω = ν (DD-Eq19): both checked on their
    statements."""
    for fn, st in ((nu, NU), (eq19, EQ19)):
        v = fn(ctx.with_statement(st))
        if not isinstance(v, Proved):
            return v
    return Proved("∇Q(θ∞) = Xᵀν and Xθ∞ = y are the KKT conditions (19) of (18), sufficient for convex Q",
                  certificate={"steps": ["DD-SA.1-Nu", "DD-Eq19"]})


# ----------------------------------------------------------------------------------- the limit, numerically

LIMIT = {"X": [[1, 2]], "y": [1], "u0": (1, Rational(1, 2)), "v0": (Rational(1, 3), Rational(1, 4)), "T": 12}


@kit.cached
def _uv_limit(dps: int, fast: bool):
    P = LIMIT
    us = [Symbol(f"u{i}", real=True) for i in (1, 2)]
    vs = [Symbol(f"v{i}", real=True) for i in (1, 2)]
    X, y = Matrix(P["X"]), Matrix(P["y"])
    grad, _ = ls_grad(X, y, [us[i] * vs[i] for i in range(2)])
    rhs = []
    for i in range(2):
        vel = jacobian_velocity(u * w, (u, w))
        rhs.append(vel[u].subs({w: vs[i], g: grad[i]}))
    rhs += [jacobian_velocity(u * w, (u, w))[w].subs({u: us[i], g: grad[i]}) for i in range(2)]
    T = Rational(P["T"]) / (2 if fast else 1)
    sol = solve(rhs, us + vs, list(P["u0"]) + list(P["v0"]), T, dps=dps)
    with precision(dps + 10):
        theta = [sol.y1[i] * sol.y1[2 + i] for i in range(2)]
    return sol, theta, T


def _limit_check(ctx):
    """θ(T) of the u⊙v flow against argmin_{Xθ=y} Q by the KKT system with ∇Q differentiated from the statement
    (and ∇²Q > 0 there: a minimizer).  The flow is within about |Xθ(T) - y| of its limit: an argmin that differs by
    more is refuted; a constant change of Q is invisible (same argmin) and reported as such."""
    sol, theta, T = _uv_limit(ctx.dps, ctx.fast)
    P = LIMIT
    gq = sympy.lambdify([TH, D0, ELL], sympy.diff(ctx.s.Q, TH), "mpmath")
    qf = sympy.lambdify([TH, D0, ELL], ctx.s.Q, "mpmath")
    hq = lambda t, a, b: mpmath.diff(lambda x: qf(x, a, b), t, 2)  # noqa: E731 - numeric ∇²Q (|.| allowed)
    with precision(ctx.dps + 10):
        d0 = [abs(mpq(a) ** 2 - mpq(b) ** 2) for a, b in zip(P["u0"], P["v0"])]
        ell = [mpmath.log(abs((mpq(a) + mpq(b)) / (mpq(a) - mpq(b)))) for a, b in zip(P["u0"], P["v0"])]
        F = lambda t1, t2, om: [gq(t1, d0[0], ell[0]) - om, gq(t2, d0[1], ell[1]) - 2 * om, t1 + 2 * t2 - 1]  # noqa
        info = {"theta(T)": [kit.nstr(x, 25) for x in theta], "T": str(T),
                "data": "X = [[1, 2]], y = 1, u(0) = (1, 1/2), v(0) = (1/3, 1/4)"}
        try:
            z = mpmath.findroot(F, [theta[0], theta[1], mpmath.mpf(0)])
        except (ZeroDivisionError, ValueError) as exc:
            return Refuted("the KKT system of Q has no solution near the limit", counterexample={
                **info, "error": str(exc)[:120]}, measured_digits=sol.digits)
        kkt = [z[0], z[1]]
        info["argmin Q"] = [kit.nstr(x, 25) for x in kkt]
        if any(hq(kkt[i], d0[i], ell[i]) <= 0 for i in range(2)):
            return Refuted("Q is not convex at its KKT point: a maximizer, not the argmin", counterexample=info,
                           measured_digits=sol.digits)
        dig = agreeing_digits(theta, kkt, cap=ctx.dps)
        conv = int(-mpmath.log10(abs(theta[0] + 2 * theta[1] - 1) + mpmath.mpf(10) ** (-ctx.dps)))
    digits = min(dig, sol.digits or 0)
    info["residual digits |Xθ(T) - y|"] = conv
    if dig < min(conv, sol.digits or 0) - 5:
        return Refuted(f"the flow's limit and argmin Q agree to {dig} digits, while θ(T) is within 10^-{conv} of the "
                       "limit", counterexample=info, measured_digits=sol.digits)
    if digits >= (8 if ctx.fast else 20):
        return Verified(f"θ(T) = argmin_(Xθ=y) Q to {digits} digits (T = {T}, convergence-limited)", n_digits=digits,
                        points=(str(info),), dps=ctx.dps, method="Taylor jet vs KKT (mpmath.findroot)",
                        scope="u⊙v, d = 2, n = 1, one initialization", info=_shift(ctx, 0))
    return Inconclusive(f"only {digits} digits at T = {T}", reason=Reason.PRECISION)


@claim("DD-SA.1-GradQ/limit", text=r"The flow's limit is $\arg\min_{X\theta=y}\mathcal{Q}$ with $\mathcal{Q}$ of "
       "DD-Eq20/corrected (u⊙v, d=2, n=1)", expect=Verified, kind=Kind.NUMERIC,
       statement=Q20_CORRECTED, cites=("DD-Eq20/corrected",))
def limit_corrected(ctx):
    return _limit_check(ctx)


@claim("DD-SA.1-GradQ/limit-printed", text=r"The flow's limit is $\arg\min_{X\theta=y}\mathcal{Q}$ with $\mathcal{Q}$ of "
       "(20) as printed", expect=Refuted, kind=Kind.NUMERIC, statement=Q20, cites=("DD-Eq20",))
def limit_printed(ctx):
    return _limit_check(ctx)
