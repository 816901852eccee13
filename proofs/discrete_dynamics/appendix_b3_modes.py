r"""Appendix B.3, the scalar modes (spec §3.10, second part): Lemma 1, the two cases, the integration (61)–(62) and
(66)–(67), and the layer values (63)–(65), (68) for L = 2.

Every closed form is checked by differentiating it (exact rational functions in :math:`E = e^{2\sigma t}` or
:math:`a = e^{-\delta}`) against the mode equation derived from the mode loss (:func:`._continuous.mode_flow`).
"""

from __future__ import annotations

import sympy

from symflow.claims import Statement, claim, kit
from symflow.verdict import Proved, Refuted

from ._continuous import MODE_ARG, a, exp_to_symbols, lam, m, mode_flow, n, sigma, t, w0
from .continuous_deep_thm1 import M29, M30, M30_CORRECTED, _mode_identity, undefined_at_zero

__all__: list[str] = []

w = sympy.Symbol("w", positive=True)
LL = sympy.Symbol("L", integer=True, positive=True)


def _wflow(sg):
    """ẇ for w = nm at m = n (balanced), from the mode flow; σ -> sg."""
    return kit.ddt(n * m, mode_flow()).subs(n, m).subs(sigma, sg).subs(m, sympy.sqrt(w))


@claim("DDyn-Lemma1", text=r"If $w_i(0)\in(0,\sigma_i/\lambda_i)$ the equation has a unique solution, increasing, "
       r"with $w_i(t)\in(0,\sigma_i/\lambda_i)$ for all t", expect=Proved, hyp="(60), σ_i, λ_i > 0, any L >= 2")
def lemma1(ctx):
    r"""The field :math:`F(w) = Lw^{2-2/L}(\sigma - \lambda w)` vanishes at 0 and σ/λ and is positive between
    (w = (σ/λ)s/(1+s), s > 0, symbolic L >= 2); it is C^1 on [0, ∞) (exponent 2 - 2/L >= 1), so solutions are
    unique, cannot cross the equilibria, and increase.  (The printed proof refers to 'the solution of (1)': (60).)"""
    s_ = sympy.Symbol("s", positive=True)
    F = LL * w ** (2 - 2 / LL) * (sigma - lam * w)
    inside = F.subs(w, sigma / lam * s_ / (1 + s_))
    at_top = sympy.simplify(F.subs(w, sigma / lam))
    Lg2 = sympy.Symbol("k", integer=True, nonnegative=True)            # L = k + 2
    pos = sympy.simplify(inside.subs(LL, Lg2 + 2)).is_positive
    zero0 = sympy.limit(F.subs(LL, Lg2 + 2), w, 0, "+")
    if at_top == 0 and zero0 == 0 and pos:
        return Proved("F(0) = F(σ/λ) = 0 and F > 0 on (0, σ/λ) (symbolic σ, λ, L = k + 2): the interval is invariant "
                      "and w increases", certificate={"F": str(F), "F(σ/λ)": "0", "F(0+)": "0", "F inside": "> 0"})
    return Refuted("the sign analysis fails", counterexample={"F(σ/λ)": str(at_top), "F(0+)": str(zero0),
                                                               "positive inside": str(pos)})


@claim("DDyn-Claim-B3-cases", text=r"Two situations, $\sigma_i>0$ and $\sigma_i=0<\lambda_i$; $\sigma_i=\lambda_i=0$ "
       "gives constant functions", expect=Proved, hyp="(58)")
def b3_cases(ctx):
    """With σ_i = λ_i = 0 every velocity of (58) is 0 (constant); the other two cases are (61)-(62) and (66)-(67)."""
    wm, wp = sympy.symbols("w_minus_l w_i", real=True)
    rhs = wm * (sigma - lam * wp)
    if sympy.expand(rhs.subs({sigma: 0, lam: 0})) == 0:
        return Proved("σ_i = λ_i = 0 makes the right side of (58) vanish identically: constant solutions",
                      certificate={"rhs": str(rhs)})
    return Refuted("not constant", counterexample={"rhs": str(rhs)})


EQ61 = Statement(integrand=1 / (2 * w * (sigma - lam * w)),
                 split=(1 / w + lam / (sigma - lam * w)) / (2 * sigma),
                 antiderivative=sympy.log(w * (sigma - lam * w0) / (w0 * (sigma - lam * w))) / (2 * sigma))


@claim("DDyn-Eq61", text=r"$t=\int\frac{dw}{2w(\sigma-\lambda w)}=\frac1{2\sigma}\int\frac{dw}{w}+\frac{\lambda dw}"
       r"{\sigma-\lambda w}=\frac1{2\sigma}\ln\frac{w(\sigma-\lambda w(0))}{w(0)(\sigma-\lambda w)}$ (61)",
       expect=Proved, statement=EQ61, hyp="(60) with L = 2, σ_i > 0")
def eq61(ctx):
    s = ctx.s
    return kit.identities([("integrand = 1/ẇ", s.integrand, 1 / _wflow(sigma)),
                           ("partial fractions", s.integrand, s.split),
                           ("d/dw antiderivative", sympy.diff(s.antiderivative, w), s.split),
                           ("antiderivative at w(0)", sympy.expand_log(s.antiderivative.subs(w, w0), force=True), 0)],
                          argument=MODE_ARG + "; symbolic w, w(0)", what="(61)")


EQ62 = Statement(w=w0 * sigma * sympy.exp(2 * sigma * t) / (w0 * lam * (sympy.exp(2 * sigma * t) - 1) + sigma))


@claim("DDyn-Eq62", text=r"$w_i(t)=\frac{w_i(0)\sigma_ie^{2\sigma_it}}{w_i(0)\lambda_i(e^{2\sigma_it}-1)+\sigma_i}$ (62)",
       expect=Proved, statement=EQ62, hyp="(60) with L = 2, σ_i > 0")
def eq62(ctx):
    W = ctx.s.w
    if W.subs(t, 0).has(sympy.zoo, sympy.nan, sympy.oo):
        return undefined_at_zero(W, "(62)")
    return kit.identities([("ẇ = 2w(σ - λw)", exp_to_symbols(sympy.diff(W, t)), exp_to_symbols(_wflow(sigma).subs(
        w, W))), ("w(0) = w0", W.subs(t, 0), w0)], argument=MODE_ARG + "; symbolic w(0), t", what="(62)")


@claim("DDyn-Eq63", text=r"$w_{2,i}=w_{1,i}=\sqrt{\frac{\sigma_ie^{2\sigma_it-2\delta_i}}{\lambda_i(e^{2\sigma_it-2\delta_i}-"
       r"e^{-2\delta_i})+\sigma_i}}$ (63)", expect=Proved, statement=Statement(m29=M29),
       hyp="(62) with m_i(0) = n_i(0) = e^{-δ_i}", cites=("DDyn-Eq62",))
def eq63(ctx):
    return _mode_identity(ctx.s.m29, sigma, "(63) solves the balanced mode equation")


W1S, W2S = sympy.Symbol("w_1i", positive=True), sympy.Symbol("w_2i", positive=True)
EQ64 = Statement(rhs=W1S * (sigma - lam * W1S * W2S))
EQ65 = Statement(rhs=W2S * (sigma - lam * W1S * W2S))


def _layer_equation(rhs, what):
    """(63) for both layers: d/dt (w_{·,i}²) = 2 w_{·,i} · rhs, exact in a = e^{-δ}, E = e^{σt}; initial value."""
    sub = {W1S: M29, W2S: M29}
    return kit.identities([("d/dt w² = 2 w · rhs", exp_to_symbols(sympy.diff(M29 ** 2, t)),
                            exp_to_symbols(2 * M29 * rhs.xreplace(sub))),
                           ("w(0)² = e^{-2δ}", exp_to_symbols((M29 ** 2).subs(t, 0)), a ** 2)],
                          argument=MODE_ARG + "; every δ_i, t (positive roots)", what=what)


@claim("DDyn-Eq64", text=r"$\dot w_{2,i}=w_{1,i}(\sigma_i-\lambda_iw_{1,i}w_{2,i})$, $m_i(0)=e^{-\delta_i}$ (64)",
       expect=Proved, statement=EQ64, hyp="(63)")
def eq64(ctx):
    return _layer_equation(ctx.s.rhs, "(64) for the functions (63)")


@claim("DDyn-Eq65", text=r"$\dot w_{1,i}=w_{2,i}(\sigma_i-\lambda_iw_{1,i}w_{2,i})$, $n_i(0)=e^{-\delta_i}$ (65)",
       expect=Proved, statement=EQ65, hyp="(63)")
def eq65(ctx):
    return _layer_equation(ctx.s.rhs, "(65) for the functions (63)")


EQ66 = Statement(integrand=1 / (-2 * lam * w ** 2), antiderivative=(1 / w - 1 / w0) / (2 * lam))


@claim("DDyn-Eq66", text=r"$t=\int\frac{\dot w}{-2\lambda w^2}dt=\frac1{2\lambda}(\frac1{w(t)}-\frac1{w(0)})$ (66)",
       expect=Proved, statement=EQ66, hyp="(60) with L = 2, σ_i = 0 < λ_i")
def eq66(ctx):
    s = ctx.s
    return kit.identities([("integrand = 1/ẇ", s.integrand, 1 / _wflow(0)),
                           ("d/dw antiderivative", sympy.diff(s.antiderivative, w), s.integrand),
                           ("antiderivative at w(0)", s.antiderivative.subs(w, w0), 0)],
                          argument=MODE_ARG + "; symbolic w, w(0)", what="(66)")


EQ67 = Statement(w=w0 / (1 + 2 * w0 * lam * t))


@claim("DDyn-Eq67", text=r"$w_i(t)=\frac{w_i(0)}{1+2w_i(0)\lambda_it}$ (67)", expect=Proved, statement=EQ67,
       hyp="(66)")
def eq67(ctx):
    W = ctx.s.w
    if W.subs(t, 0).has(sympy.zoo, sympy.nan, sympy.oo):
        return undefined_at_zero(W, "(67)")
    return kit.identities([("ẇ = -2λw²", sympy.diff(W, t), _wflow(0).subs(w, W)), ("w(0) = w0", W.subs(t, 0), w0)],
                          argument=MODE_ARG + "; symbolic w(0), t", what="(67)")


@claim("DDyn-Eq68", text=r"$w_{1,i}=w_{2,i}=\frac{e^{-\delta_i}}{\sqrt{1+2e^{-\delta_i}\lambda_it}}$ (68)",
       expect=Refuted, statement=Statement(m30=M30), hyp="(67), m_i(0) = n_i(0) = e^{-δ_i}")
@claim("DDyn-Eq68/corrected", text=r"$w_{1,i}=w_{2,i}=\frac{e^{-\delta_i}}{\sqrt{1+2e^{-2\delta_i}\lambda_it}}$",
       expect=Proved, statement=Statement(m30=M30_CORRECTED), hyp="(67), m_i(0) = n_i(0) = e^{-δ_i}")
def eq68(ctx):
    return _mode_identity(ctx.s.m30, 0, "(68) solves the balanced mode equation with σ_i = 0")
