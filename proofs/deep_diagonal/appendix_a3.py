r"""Appendix A.3 of 000, the deep redundant network θ = u^{⊙L} (spec §3.11): (27)-(32).

One coordinate (coordinates decouple), the depth ``L`` a *symbol* (integer > 2): ``U`` = u_i(t) > 0,
``U0`` = u_i(0) > 0, ``XI`` = ξ_i, ``g`` = ∂_iL, ``TH`` = θ_i > 0.  Powers with symbolic exponents are compared
after ``powsimp`` with positive bases (exact); a failing identity is refuted at an exact point (L, u0, ξ, θ in
small rationals, bases positive) evaluated to 30 digits.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Matrix, Rational, Symbol

from symflow.claims import IMPLIED, Kind, Statement, claim, kit
from symflow.integrate import solve
from symflow.precision import agreeing_digits, precision
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

from ._model import g
from ._network import ls_grad, mpq

__all__ = ["Q30", "Q30_CORRECTED"]

L = Symbol("L", integer=True, positive=True)
U, U0, TH = Symbol("u", positive=True), Symbol("u0", positive=True), Symbol("theta", positive=True)
XI, UD, Z = Symbol("xi", real=True), Symbol("udot", real=True), Symbol("z", real=True)
BASE = Symbol("a", positive=True)  # u0^{-(L-2)} - L(L-2)ξ > 0 along the flow (28)
ARG_L = ("one coordinate (coordinates decouple), depth L symbolic (every integer L > 2), u, u0, θ > 0 and the base "
         "u0^{-(L-2)} - L(L-2)ξ > 0 (positive along the flow by (28)): every d")
_POINTS = [{L: l, U0: a, U: b, TH: c, XI: x, g: Rational(3, 7), BASE: c, Z: x}
           for l in (3, 4, 5) for a, b, c, x in ((Rational(1, 2), Rational(2, 3), Rational(3, 2), Rational(1, 9)),
                                                  (2, Rational(5, 4), Rational(1, 3), Rational(-1, 5)))]


def _norm(expr):
    """powsimp (positive bases) with every exponent put in canonical rational form, to a fixed point."""
    expr = sympy.sympify(expr)
    for _ in range(4):
        new = sympy.powsimp(sympy.powdenest(sympy.expand(expr), force=True), force=True)
        new = new.replace(lambda e: isinstance(e, sympy.Pow), lambda e: sympy.Pow(e.base, sympy.cancel(e.exp)))
        new = sympy.expand(new)
        if new == expr:
            break
        expr = new
    return sympy.cancel(sympy.together(expr))


def decide(entries, what):
    """Each (label, lhs, rhs): exact after powsimp (positive bases) -> Proved (every L); a listed point where an
    entry fails -> Refuted; an entry neither reduced nor separated -> Inconclusive (after trying the others)."""
    undecided = []
    for label, lhs, rhs in entries:
        lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
        diff = _norm(lhs - rhs)
        if diff == 0:
            continue
        for pt in _POINTS:
            val = sympy.N(diff.subs(pt), 30)
            if not val.is_number:
                continue
            if not val.is_real or abs(val) > sympy.Rational(1, 10 ** 20):  # a complex value: not a real flow
                return Refuted(f"{what}: {label} fails", counterexample={
                    "entry": label, "point": {str(k): str(v) for k, v in pt.items() if diff.has(k)},
                    "lhs": str(sympy.N(lhs.subs(pt), 25)), "rhs": str(sympy.N(rhs.subs(pt), 25))})
        undecided.append(label)
    if undecided:
        return Inconclusive(f"{what}: {', '.join(undecided)} not reduced to 0 and no listed point separates it",
                            reason=Reason.UNDECIDED)
    return Proved(f"{what}: exact ({len(entries)} entries, powsimp with positive bases); {ARG_L}",
                  certificate={"argument": ARG_L, "entries": [e[0] for e in entries]})


EQ27 = Statement(lhs=UD + L * U ** (L - 1) * g).scale_free("lhs")


@claim("DD-Eq27", text=r"$\dot u+Lu^{\odot(L-1)}\odot\nabla\mathcal{L}(\theta)=0$ (27)", expect=Proved, statement=EQ27,
       cites=("DD-SA.3-Setting",))
def eq27(ctx):
    """u' = -(dθ/du) g with θ = u^L, differentiated with L symbolic."""
    return decide([("(27)", ctx.s.lhs.subs(UD, -sympy.diff(U ** L, U) * g), 0)], "(27) from θ = u^L")


@claim("DD-SA.3-Nonzero", text=r"Supposing $u_i(t)\ne0$ for all $t$ can be done by enforcing positivity of $X$, $y$ and "
       "the initialization.", expect=Proved, cites=("DD-Eq27",))
def a3_nonzero(ctx):
    """The right side of (27) is u^{L-1} times a bounded factor (-L g), so {u_i = 0} is invariant and, by
    uniqueness, u_i(0) != 0 gives u_i(t) != 0 for every t (u_i(0) > 0 keeps u_i > 0); positivity of X and y is not
    needed.  Checked: (27)'s right side divided by u^{L-1} is free of u, for symbolic L."""
    rhs = -sympy.diff(U ** L, U) * g
    q = sympy.powsimp(rhs / U ** (L - 1), force=True)
    if q.has(U):
        return Refuted("the field is not divisible by u^{L-1}", counterexample={"quotient": str(q)})
    return Proved(f"u' = u^(L-1)·({q}): {{u = 0}} is invariant; every L > 2, every d", certificate={"quotient": str(q)})


EQ28 = Statement(u=(U0 ** (-(L - 2)) - L * (L - 2) * XI) ** (-1 / (L - 2)))


@claim("DD-Eq28", text=r"$u(t)=(u(0)^{\odot-(L-2)}-L(L-2)\xi(t))^{\odot-\frac{1}{L-2}}$ (28)", expect=Proved,
       statement=EQ28, hyp="u(0) > 0, L > 2", cites=("DD-Eq27", "DD-Def-Xi"))
def eq28(ctx):
    """The printed u(ξ) solves (27) with ξ' = -g (du/dξ = L u^{L-1}) and equals u(0) at ξ = 0 (uniqueness)."""
    u_xi = ctx.s.u
    base = U0 ** (-(L - 2)) - L * (L - 2) * XI
    on = lambda e: e.subs(XI, (U0 ** (-(L - 2)) - BASE) / (L * (L - 2)))  # noqa: E731 - base -> a > 0
    return decide([("du/dξ = L u^(L-1)", on(sympy.diff(u_xi, XI)), on(L * u_xi ** (L - 1))),
                   ("u at ξ = 0", u_xi.subs(XI, 0), U0)], "(28)") if base.has(XI) else Inconclusive("no ξ")


EQ29 = Statement(theta=(U0 ** (-(L - 2)) - L * (L - 2) * XI) ** (-L / (L - 2)))


@claim("DD-Eq29", text=r"$\theta(t)=(u(0)^{\odot-(L-2)}-L(L-2)\xi(t))^{\odot-\frac{L}{L-2}}=:\Psi(L(L-2)\xi(t))$ (29)",
       expect=Proved, statement=EQ29, hyp="u(0) > 0, L > 2", cites=("DD-Def-PsiA3", "DD-Eq28"))
def eq29(ctx):
    """θ = u^L with u of (28)."""
    on = lambda e: e.subs(XI, (U0 ** (-(L - 2)) - BASE) / (L * (L - 2)))  # noqa: E731
    return decide([("θ = u^L", on(ctx.s.theta), on(EQ28.u ** L))], "(29)")


def psi(z):
    """Ψ of (29): θ = Ψ(L(L-2)ξ) = (u0^{-(L-2)} - z)^{-L/(L-2)} at z = L(L-2)ξ."""
    return EQ29.theta.subs(XI, z / (L * (L - 2)))


PSIINV = Statement(psiinv=U0 ** (-(L - 2)) - TH ** (-(1 - 2 / L)))


@claim("DD-SA.3-Psiinv", text=r"$\Psi^{-1}(\theta)=u(0)^{\odot-(L-2)}-\theta^{\odot-(1-\frac2L)}$", expect=Proved,
       statement=PSIINV, hyp="θ > 0", cites=("DD-Eq29",))
def psiinv(ctx):
    """Ψ^{-1}(Ψ(z)) = z, with z = u0^{-(L-2)} - a (a > 0)."""
    zz = U0 ** (-(L - 2)) - BASE
    return decide([("Ψ^{-1}(Ψ(z)) = z", ctx.s.psiinv.subs(TH, psi(zz)), zz)], "Ψ^{-1}")


def _q(sign, scale=1):
    return scale * (U0 ** (sign * (L - 2)) * TH - L / 2 * TH ** (2 / L))


# ∇Q = Ψ^{-1} (30) and the argmin (32) do not see a constant added to Q, (31) (through ∇²Q) not an affine term
Q30 = Statement(Q=_q(1)).shift_free("Q", (TH,), 0)
Q30_CORRECTED = Statement(Q=_q(-1)).shift_free("Q", (TH,), 0)
Q31 = Q30.shift_free("Q", (TH,), 1)
Q31_CORRECTED = Statement(Q=_q(-1, 1 / (L * (L - 2)))).shift_free("Q", (TH,), 1)


@claim("DD-Eq30", text=r"$\mathcal{Q}(\theta)=\langle u(0)^{\odot(L-2)},\theta\rangle-\frac L2\langle\mathbf1,\theta^{"
       r"\odot\frac2L}\rangle$ (30) satisfies $\nabla\mathcal{Q}=\Psi^{-1}$", expect=Refuted, statement=Q30,
       hyp="θ > 0", cites=("DD-SA.3-Psiinv",))
@claim("DD-Eq30/corrected", text=r"$\mathcal{Q}(\theta)=\langle u(0)^{\odot-(L-2)},\theta\rangle-\frac L2\langle\mathbf1,"
       r"\theta^{\odot\frac2L}\rangle$ satisfies $\nabla\mathcal{Q}=\Psi^{-1}$", expect=Proved, statement=Q30_CORRECTED,
       hyp="θ > 0", cites=("DD-SA.3-Psiinv",))
def eq30(ctx):
    """∇Q differentiated from the statement's Q against Ψ^{-1} of DD-SA.3-Psiinv."""
    return decide([("∇Q = Ψ^{-1}", sympy.diff(ctx.s.Q, TH), PSIINV.psiinv)], "∇Q of (30)")


@claim("DD-Eq31", text=r"$\frac{d\nabla\mathcal{Q}(\theta(t))}{dt}+\nabla\mathcal{L}(\theta(t))=0$ (31), $\mathcal{Q}$ of "
       "(30)", expect=Refuted, statement=Q31, hyp="θ = u^L, (27), u(0) > 0", cites=("DD-Eq29",))
@claim("DD-Eq31/corrected", text=r"(31) with $\mathcal{Q}(\theta)=\frac{1}{L(L-2)}(\langle u(0)^{\odot-(L-2)},\theta\rangle"
       r"-\frac L2\langle\mathbf1,\theta^{\odot\frac2L}\rangle)$", expect=Proved, statement=Q31_CORRECTED,
       hyp="θ = u^L, (27), u(0) > 0", cites=("DD-Eq29",))
def eq31(ctx):
    """d/dt ∇Q(θ(t)) = (d/dξ ∇Q(Ψ(L(L-2)ξ))) ξ' with ξ' = -g; must equal -g."""
    gq = sympy.diff(ctx.s.Q, TH).subs(TH, EQ29.theta)
    lhs = sympy.diff(gq, XI) * (-g) + g
    on = lambda e: e.subs(XI, (U0 ** (-(L - 2)) - BASE) / (L * (L - 2)))  # noqa: E731
    v = decide([("d∇Q/dt + ∇L", on(lhs), 0)], "(31)")
    if isinstance(v, Proved) and ctx.mutating and ctx.printed is not None:
        diff = sympy.expand(ctx.s.Q - ctx.printed.Q)
        if sympy.expand(sympy.diff(diff, TH, 2)) == 0:
            return Proved(v.detail, certificate={**dict(v.certificate), IMPLIED: f"the mutant changes Q by {diff}, "
                                                 "affine in θ: (31) only involves ∇²Q"})
    return v


# ------------------------------------------------------------------------------------------- (32), numeric

LIMIT = {"L": 3, "X": [[1, 2]], "y": [Rational(3, 2)], "u0": (Rational(1, 2), 1), "T": 6}


@kit.cached
def _flow(dps: int, fast: bool):
    P = LIMIT
    us = [Symbol(f"u{i}", positive=True) for i in (1, 2)]
    grad, _ = ls_grad(Matrix(P["X"]), Matrix(P["y"]), [x ** P["L"] for x in us])
    rhs = [-P["L"] * us[i] ** (P["L"] - 1) * grad[i] for i in range(2)]
    T = Rational(P["T"]) / (2 if fast else 1)
    sol = solve(rhs, us, list(P["u0"]), T, dps=dps)
    with precision(dps + 10):
        theta = [x ** P["L"] for x in sol.y1]
    return sol, theta, T


def _limit(ctx):
    """θ(T) of the flow (27) against argmin_{Xθ=y} Q by KKT (∇Q differentiated from the statement, ∇²Q > 0)."""
    P = LIMIT
    sol, theta, T = _flow(ctx.dps, ctx.fast)
    Q = ctx.s.Q.subs(L, P["L"])
    gqs = [sympy.lambdify([TH], sympy.diff(Q, TH).subs(U0, a), "mpmath") for a in P["u0"]]
    hqs = [sympy.lambdify([TH], sympy.diff(Q, TH, 2).subs(U0, a), "mpmath") for a in P["u0"]]
    info = {"theta(T)": [], "T": str(T), "data": str(P)}
    with precision(ctx.dps + 10):
        info["theta(T)"] = [kit.nstr(x, 25) for x in theta]
        F = lambda t1, t2, om: [gqs[0](t1) - om, gqs[1](t2) - 2 * om, t1 + 2 * t2 - mpq(P["y"][0])]  # noqa: E731
        try:
            z = mpmath.findroot(F, [theta[0], theta[1], mpmath.mpf(0)])
        except Exception as exc:  # noqa: BLE001 - a singular or divergent KKT solve: no minimizer found
            return Refuted("no KKT point of Q near the limit", counterexample={**info, "error": str(exc)[:100]})
        kkt = [z[0], z[1]]
        info["argmin Q"] = [kit.nstr(x, 25) for x in kkt]
        if any(not (hqs[i](kkt[i]) > 0) for i in range(2)):
            return Refuted("Q is not convex at its KKT point", counterexample=info)
        dig = agreeing_digits(theta, kkt, cap=ctx.dps)
        conv = int(-mpmath.log10(abs(theta[0] + 2 * theta[1] - mpq(P["y"][0])) + mpmath.mpf(10) ** (-ctx.dps)))
    if dig < min(conv, sol.digits or 0) - 5:
        return Refuted(f"θ(T) is within 10^-{conv} of the limit but agrees with argmin Q to {dig} digits",
                       counterexample=info, measured_digits=sol.digits)
    digits = min(dig, sol.digits or 0)
    if digits >= 8:
        return Verified(f"θ(T) of (27) = argmin_(Xθ=y) Q to {digits} digits (T = {T})", n_digits=digits,
                        points=(str(info),), dps=ctx.dps, method="Taylor jet vs KKT (mpmath.findroot)",
                        scope="L = 3, d = 2, n = 1, one initialization")
    return Inconclusive(f"only {digits} digits at T = {T}", reason=Reason.PRECISION)


@claim("DD-Eq32", text=r"If $\theta(t)\to\theta_\infty$ with $X\theta_\infty=y$ then $\theta_\infty=\arg\min_{X\theta=y}"
       r"\mathcal{Q}(\theta)$ (32), $\mathcal{Q}$ of (30)", expect=Refuted, kind=Kind.NUMERIC, statement=Q30,
       hyp="θ = u^L, L = 3, X = [[1, 2]], y = 3/2, u(0) = (1/2, 1)", cites=("DD-Eq30",))
@claim("DD-Eq32/corrected", text=r"(32) with $\mathcal{Q}$ of DD-Eq31/corrected (or DD-Eq30/corrected: same argmin)",
       expect=Verified, kind=Kind.NUMERIC, statement=Q30_CORRECTED,
       hyp="θ = u^L, L = 3, X = [[1, 2]], y = 3/2, u(0) = (1/2, 1)", cites=("DD-Eq31/corrected",))
def eq32(ctx):
    return _limit(ctx)
