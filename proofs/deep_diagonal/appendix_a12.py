r"""Appendices A.1 and A.2 of 000 (spec §3.9-§3.10): the Woodworth et al. strategy for θ = u ⊙ v (L = 2).

One coordinate (coordinates decouple): ``u``, ``w`` (= v) the two layers, ``g`` = ∂_iL, ``XI`` = ξ_i; (16) is the
flow of :func:`._model.jacobian_velocity` for θ = u·v.  Initial values enter through ``p = |z+(0)|``,
``q = |z-(0)|`` (z± = u ± v, DD-Def-Zpm) and the signs ``s1``, ``s2`` of z±(0): u(0) = (s1 p + s2 q)/2,
v(0) = (s1 p - s2 q)/2 covers every u(0) ≠ ±v(0).  Exponentials are the symbol ``E`` = e^ξ (positive), so the
identities are rational (exact); the hyperbolic forms of (17), (20) are reduced by the substitution θ = (Δ0/2) sinh s
(a bijection of R): arcsinh(sinh s) = s, sqrt(Δ0^2 sinh^2 s + Δ0^2) = Δ0 cosh s, cosh s = sqrt(1 + sinh^2 s).
"""

from __future__ import annotations

import sympy
from sympy import Abs, Symbol, exp, log, sinh

from symflow.claims import Statement, claim, kit
from symflow.verdict import Proved

from ._model import g, jacobian_velocity, u, w

__all__ = ["EQ17", "THETA_SYM", "D0", "ELL", "to_exact"]

XI, TH = Symbol("xi", real=True), Symbol("theta", real=True)
D0, ELL = Symbol("Delta0", positive=True), Symbol("ell", real=True)
U0, V0 = Symbol("u0", real=True), Symbol("v0", real=True)
P_, Q_ = Symbol("p", positive=True), Symbol("q", positive=True)
E, A, B = Symbol("E", positive=True), Symbol("a", real=True), Symbol("b", positive=True)
UD, VD, ZP, ZM = (Symbol(n, real=True) for n in ("udot", "vdot", "zp", "zm"))
ZPD, ZMD, ZP0, ZM0 = (Symbol(n, real=True) for n in ("zpdot", "zmdot", "zp0", "zm0"))
THETA_SYM = TH
FLOW16 = jacobian_velocity(u * w, (u, w))
ARG_UV = "θ = u ⊙ v: coordinates decouple, one coordinate with g = ∂_iL any real is the general case (every d)"
SIGNS = [(s1, s2) for s1 in (1, -1) for s2 in (1, -1)]


def to_exact(expr):
    """Exponentials and hyperbolic functions of ξ-linear arguments as rational functions of E = e^ξ and of the
    constants (exp(c) kept as a symbol-free factor)."""
    expr = sympy.expand(expr.rewrite(exp))
    expr = sympy.expand(sympy.powsimp(sympy.expand_log(expr, force=True)))
    expr = expr.replace(lambda e: isinstance(e, sympy.exp), lambda e: sympy.expand(
        sympy.exp(sympy.expand(e.args[0])), power_exp=True))
    return sympy.expand(expr).subs(exp(XI), E)


def _initial(s1, s2):
    return {U0: (s1 * P_ + s2 * Q_) / 2, V0: (s1 * P_ - s2 * Q_) / 2}


# ------------------------------------------------------------------------------------------------ (16), (23)

EQ16 = Statement(u=UD + w * g, v=VD + u * g).scale_free("u", "v")


@claim("DD-Eq16", text=r"$\dot u+v\odot\nabla\mathcal{L}(\theta)=0,\ \dot v+u\odot\nabla\mathcal{L}(\theta)=0$ (16)",
       expect=Proved, statement=EQ16, cites=("DD-SA.1-Setting",))
@claim("DD-Eq23", text=r"$\dot u+v\odot\nabla\mathcal{L}(\theta)=0,\ \dot v+u\odot\nabla\mathcal{L}(\theta)=0$ (23)",
       expect=Proved, statement=EQ16, cites=("DD-SA.1-Setting",))
def eq16(ctx):
    """Gradient flow of the layers: u' = -(∂θ/∂u) g, v' = -(∂θ/∂v) g, substituted into the printed left sides."""
    s = ctx.s
    return kit.identities([("u", s.u.subs(UD, FLOW16[u]), 0), ("v", s.v.subs(VD, FLOW16[w]), 0)], argument=ARG_UV,
                          what="(16) from the Jacobian of θ = u⊙v")


# ----------------------------------------------------------------------------------------------- A.2: z±, ξ

EQ24 = Statement(plus=ZPD + ZP * g, minus=ZMD - ZM * g).scale_free("plus", "minus")


@claim("DD-Eq24", text=r"$\dot z_++z_+\odot\nabla\mathcal{L}(\theta)=0,\ \dot z_--z_-\odot\nabla\mathcal{L}(\theta)=0$ "
       "(24)", expect=Proved, statement=EQ24, cites=("DD-Def-Zpm", "DD-Eq23"))
def eq24(ctx):
    """z± = u ± v, z±' = u' ± v' along (16)."""
    s = ctx.s
    zp, zm = u + w, u - w
    return kit.identities([("z+", s.plus.subs({ZPD: kit.ddt(zp, FLOW16), ZP: zp}), 0),
                           ("z-", s.minus.subs({ZMD: kit.ddt(zm, FLOW16), ZM: zm}), 0)], argument=ARG_UV,
                          what="(24)")


EQ25 = Statement(plus=ZP0 * exp(XI), minus=ZM0 * exp(-XI))


@claim("DD-Eq25", text=r"$z_+(t)=z_+(0)e^{\xi(t)},\ z_-(t)=z_-(0)e^{-\xi(t)}$ (25)", expect=Proved, statement=EQ25,
       cites=("DD-Eq24", "DD-Def-Xi"))
def eq25(ctx):
    """The printed functions of ξ solve (24) with ξ' = -g (d/dt = -g d/dξ) and take the values z±(0) at ξ = 0;
    solutions of (24) are unique."""
    s = ctx.s
    entries = [("z+ solves (24)", to_exact(sympy.diff(s.plus, XI) * (-g) + s.plus * g), 0),
               ("z- solves (24)", to_exact(sympy.diff(s.minus, XI) * (-g) - s.minus * g), 0),
               ("z+ at ξ = 0", s.plus.subs(XI, 0), ZP0), ("z- at ξ = 0", s.minus.subs(XI, 0), ZM0)]
    return kit.identities(entries, argument=ARG_UV + "; uniqueness of solutions of the linear ODE (24)", what="(25)")


XI_DEF = Statement(xi=-sympy.Integral(sympy.Function("gradL")(Symbol("s", real=True)),
                                      (Symbol("s", real=True), 0, Symbol("t", real=True))))


@claim("DD-SA.1-XiODE", text=r"$\dot\xi(t)+\nabla\mathcal{L}(\theta(t))=0$", expect=Proved, statement=XI_DEF,
       cites=("DD-Def-Xi",))
@claim("DD-SA.2-Xi", text=r"$\dot\xi(t)+\nabla\mathcal{L}(\theta(t))=0$, $\xi(0)=0$", expect=Proved,
       statement=XI_DEF, cites=("DD-Def-Xi",))
def xi_ode(ctx):
    """Fundamental theorem of calculus on the statement's ξ (d/dt of the integral, and its value at t = 0)."""
    t = Symbol("t", real=True)
    gL = sympy.Function("gradL")
    xi = ctx.s.xi
    lhs = sympy.diff(xi, t).doit() + gL(t)
    calls = sorted(lhs.atoms(sympy.core.function.AppliedUndef), key=str)  # values of ∇L at distinct times: symbols
    lhs = lhs.xreplace({c: Symbol(f"gradL_{k}", real=True) for k, c in enumerate(calls)})
    return kit.identities([("ξ' + ∇L", lhs, 0), ("ξ(0)", xi.subs(t, 0).doit(), 0)],
                          argument="FTC for a continuous ∇L(θ(s)): every t, every d (componentwise)", what="ξ")


THETAZ = Statement(theta=(ZP ** 2 - ZM ** 2) / 4)


@claim("DD-SA.2-ThetaZ", text=r"$\theta(t)=\frac{z_+(t)^{\odot2}-z_-(t)^{\odot2}}{4}$", expect=Proved,
       statement=THETAZ, cites=("DD-Def-Zpm",))
def theta_z(ctx):
    return kit.identity(ctx.s.theta.subs({ZP: u + w, ZM: u - w}), u * w, argument=ARG_UV, what="θ from z±")


EQ26 = Statement(exp_form=(ZP0 ** 2 * exp(2 * XI) - ZM0 ** 2 * exp(-2 * XI)) / 4,
                 sinh_form=Abs(ZP0 * ZM0) / 2 * sinh(2 * XI + log(Abs(ZP0 / ZM0))))


@claim("DD-Eq26", text=r"$\theta(t)=\frac{z_+(0)^{\odot2}e^{2\xi}-z_-(0)^{\odot2}e^{-2\xi}}{4}=\frac{|z_+(0)\odot z_-(0)|}{2}"
       r"\sinh(2\xi+\log|\frac{z_+(0)}{z_-(0)}|)$ (26)", expect=Proved, statement=EQ26, hyp="z±(0) ≠ 0",
       cites=("DD-Eq25", "DD-SA.2-ThetaZ"))
def eq26(ctx):
    """θ = (z+^2 - z-^2)/4 with z± of (25); both printed forms must equal it (signs of z±(0) by cases)."""
    s = ctx.s
    entries = []
    for s1, s2 in SIGNS:
        zp0, zm0 = s1 * P_, s2 * Q_
        true = to_exact(THETAZ.theta.subs({ZP: EQ25.plus.subs(ZP0, zp0), ZM: EQ25.minus.subs(ZM0, zm0)}))
        for name in ("exp_form", "sinh_form"):
            entries.append((f"{name}, signs ({s1}, {s2})", to_exact(s[name].subs({ZP0: zp0, ZM0: zm0})), true))
    return kit.identities(entries, argument=ARG_UV + "; every z±(0) ≠ 0 (signs by cases)", what="(26)")


EQ17 = Statement(theta=Abs(U0 ** 2 - V0 ** 2) / 2 * sinh(2 * XI + log(Abs((U0 + V0) / (U0 - V0)))))


@claim("DD-Eq17", text=r"$\theta(t)=\frac{|u(0)^{\odot2}-v(0)^{\odot2}|}{2}\sinh(2\xi(t)+\log|\frac{u(0)+v(0)}{u(0)-v(0)}|)$"
       " (17)", expect=Proved, statement=EQ17, hyp="θ = u⊙v under (16), u(0) ≠ ±v(0)",
       cites=("DD-Def-Psi", "DD-Eq26"))
def eq17(ctx):
    """(17) against θ = (z+(0)^2 e^{2ξ} - z-(0)^2 e^{-2ξ})/4 ((25) and DD-SA.2-ThetaZ), z±(0) = u(0) ± v(0)."""
    entries = []
    for s1, s2 in SIGNS:
        true = to_exact(THETAZ.theta.subs({ZP: s1 * P_ * exp(XI), ZM: s2 * Q_ * exp(-XI)}))
        entries.append((f"signs ({s1}, {s2})", to_exact(ctx.s.theta.subs(_initial(s1, s2))), true))
    return kit.identities(entries, argument=ARG_UV + "; every u(0) ≠ ±v(0) (signs of z±(0) by cases)", what="(17)")
