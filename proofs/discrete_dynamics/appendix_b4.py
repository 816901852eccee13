r"""Appendix B.4 (spec §3.11): the proof of Theorem 2 — the rescaled form (70) of (29) and the limits (71)."""

from __future__ import annotations

import sympy
from sympy import oo

from symflow.claims import Statement, claim, kit
from symflow.verdict import Proved, Refuted

from ._continuous import a, delta, lam, sigma, t
from .continuous_deep_limits import EPS, THM2, _thm2
from .continuous_deep_thm1 import M29

__all__: list[str] = []

TAU = sympy.Symbol("tau", positive=True)
EX = sympy.Symbol("X", positive=True)     # e^{δστ}


@claim("DDyn-Thm2p", text=r"Theorem' 2: $n_i(\delta t)=m_i(\delta t)\to0$, $\sqrt{\sigma_i/(\lambda_i+\sigma_i)}$, "
       r"$\sqrt{\sigma_i/\lambda_i}$ for $t<,=,>1/\sigma_i$", expect=Proved, statement=THM2, hyp="(29), δ_i = δ",
       cites=("DDyn-Thm2",))
def thm2p(ctx):
    return _thm2(ctx.s)


EQ70 = Statement(m=sympy.sqrt(sigma * sympy.exp(2 * delta * (sigma * TAU - 1))
                              / (lam * (sympy.exp(2 * delta * (sigma * TAU - 1)) - sympy.exp(-2 * delta)) + sigma)))


def _to_symbols(expr):
    e = sympy.expand(expr, power_exp=True, mul=True, multinomial=False)
    return e.subs(sympy.exp(delta * sigma * TAU), EX).subs(sympy.exp(-delta), a)


@claim("DDyn-Eq70", text=r"$m_i(\delta t)=\sqrt{\frac{\sigma_ie^{2\delta(\sigma_it-1)}}{\lambda_i(e^{2\delta(\sigma_it-1)}"
       r"-e^{-2\delta})+\sigma_i}}$ (70)", expect=Proved, statement=EQ70, hyp="(29) at time δt, δ_i = δ")
def eq70(ctx):
    lhs = _to_symbols((M29 ** 2).subs(t, delta * TAU))
    rhs = _to_symbols(ctx.s.m ** 2)
    return kit.identities([("squares", lhs, rhs), ("value at t = 0 (sign of the root)",
                                                   _to_symbols(ctx.s.m.subs(TAU, 0)), a)],
                          argument="symbolic σ, λ, δ, t (e^{δσt} and e^{-δ} as free positive symbols); equal squares "
                          "and the same sign at t = 0 (no zero in between: the radicand is positive)",
                          what="(70) = (29) at δt")


EQ71 = Statement(below=0, at=1, above=oo)


@claim("DDyn-Eq71", text=r"$e^{2\delta(\sigma_it-1)}\to0$ if $t<1/\sigma_i$, 1 if $t=1/\sigma_i$, $+\infty$ otherwise "
       "(71)", expect=Proved, statement=EQ71, hyp="δ -> ∞, t >= 0")
def eq71(ctx):
    f = sympy.exp(2 * delta * (sigma * TAU - 1))
    cases = (("t < 1/σ", (1 - EPS) / sigma, ctx.s.below), ("t = 1/σ", 1 / sigma, ctx.s.at),
             ("t > 1/σ", (1 + EPS) / sigma, ctx.s.above))
    for label, tt, want in cases:
        got = sympy.limit(f.subs(TAU, tt), delta, oo)
        if got != want:
            return Refuted(f"limit for {label} is {got}, printed {want}", counterexample={"case": label,
                                                                                          "limit": str(got)})
    return Proved("the three limits (symbolic σ, t = (1 ∓ ε)/σ with symbolic ε > 0, and t = 1/σ)",
                  certificate={"cases": [c[0] for c in cases]})
