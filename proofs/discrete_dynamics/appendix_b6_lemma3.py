r"""App. B.6 of DDyn (spec §3.13): the proof steps of Lemma 3, (80)-(86).

Each step is a relation at one point x = a_i^{(t)} (``X``/``A``) of one mode, decided exactly at drawn rational
(σ, λ, η, x) (:func:`._discrete.point_search`; an equality case of a strict relation is a violation).  The printed
proof works on x in (0, 1) and with the fixed point λ/σ; the lemma needs (0, σ/λ) and σ/λ: the steps that use the
printed interval or point are refuted, and each gets a companion on (0, σ/λ).
"""

from __future__ import annotations

from dataclasses import replace

import sympy
from sympy import Eq, GreaterThan, Rational, StrictGreaterThan, StrictLessThan

from symflow.claims import Kind, Statement, claim, kit
from symflow.discrete import product_step
from symflow.verdict import Proved, Refuted, Verified

from ._discrete import A, A1, ETA, LAM, S, X, H_MODE
from .appendix_b6_domain import BASIN, BASIN_X, NEXT, STEP, declared, tight_point_search

H_L3P = H_MODE + "; proof of Lemma 3 (1 <= i <= r_xy: σ_i > 0)"
F = X + ETA * X * (S - LAM * X) * (2 + ETA * (S - LAM * X))
G = X + X * (1 - LAM / S * X) * (Rational(5, 2) - LAM / (2 * S) * X) / 2
H_PRINTED = dict(h1=StrictLessThan(0, X), h2=StrictLessThan(X, 1), h3=StrictLessThan(2 * ETA * S, 1),
                 h4=StrictGreaterThan(S, 0))
H_LEMMA = dict(h1=StrictLessThan(0, X), h2=StrictLessThan(LAM * X, S), h3=StrictLessThan(2 * ETA * S, 1),
               h4=StrictGreaterThan(S, 0))


def _values(ex) -> dict:
    s, lam, eta, x = (sympy.Rational(v) for v in ex)
    return {S: s, LAM: lam, ETA: eta, X: x, A: x, A1: product_step(x, s, lam, eta)}


def steps(ctx, s=None, what="the step"):
    c = ctx if s is None else replace(ctx, statement=s)
    return tight_point_search(c, _values, what=what)


EQ80 = declared(Statement(h1=StrictLessThan(0, A), h2=StrictLessThan(LAM * A, S), h3=StrictLessThan(2 * ETA * S, 1),
                          h4=StrictGreaterThan(S, 0), rel1=Eq(A1, F.subs(X, A)), rel2=StrictGreaterThan(A1, A),
                          rel3=StrictGreaterThan(A, 0)), BASIN, STEP, NEXT, positive=(S, LAM))


@claim("DDyn-Eq80", text=r"$a_i^{(t+1)} = a_i^{(t)} + \eta a_i^{(t)}(\sigma_i-\lambda_ia_i^{(t)})(2+\eta(\sigma_i-"
       r"\lambda_ia_i^{(t)})) > a_i^{(t)} > 0$ (80)", expect=Verified, kind=Kind.PROPERTY, statement=EQ80, hyp=H_L3P)
def eq80(ctx):
    return steps(ctx, what="(80)")


EQ82 = Statement(**H_PRINTED, rel=StrictLessThan(F, X + ETA * X * (S - LAM * X) * (2 + (S - LAM * X) / (2 * S))))
EQ83 = Statement(**H_PRINTED, rel=StrictLessThan(F, G))


@claim("DDyn-Eq82", text=r"$f_i(x) < x + \eta x(\sigma_i-\lambda_ix)\left(2+\frac{\sigma_i-\lambda_ix}{2\sigma_i}"
       r"\right),\ \forall x\in(0,1)$ (82)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ82, hyp=H_L3P)
@claim("DDyn-Eq82/corrected", text=r"the same for $x\in(0,\sigma_i/\lambda_i)$", expect=Verified, kind=Kind.PROPERTY,
       statement=declared(EQ82.replace(**H_LEMMA), BASIN_X, STEP, positive=(S, LAM)), hyp=H_L3P)
def eq82(ctx):
    """The difference is ηx(σ - λx)^2(η - 1/(2σ)) < 0 except at x = σ/λ, where both sides equal x: when σ < λ
    that point lies in (0, 1) and the strict inequality fails."""
    return steps(ctx, what="(82)")


@claim("DDyn-Eq83", text=r"$f_i(x) < x + \frac{x(1-\frac{\lambda_i}{\sigma_i}x)(\frac52-\frac{\lambda_i}{2\sigma_i}x)}"
       r"{2} =: g_i(x),\ \forall x\in(0,1)$ (83)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ83, hyp=H_L3P)
@claim("DDyn-Eq83/corrected", text=r"$f_i(x) < g_i(x)$ for $x\in(0,\sigma_i/\lambda_i)$", expect=Verified,
       kind=Kind.PROPERTY, statement=declared(EQ83.replace(**H_LEMMA), BASIN_X, STEP, positive=(S, LAM)), hyp=H_L3P)
def eq83(ctx):
    """With y = 1 - λx/σ: f < g iff h y(2 + h y) < y(1 + y/4) (h = ησ); for y < 0 (x > σ/λ, possible in (0, 1)
    when σ < λ) the direction flips."""
    return steps(ctx, what="(83)")


TARGET = Statement(h1=StrictLessThan(0, X), h2=StrictLessThan(X, LAM / S), h4=StrictGreaterThan(S, 0),
                   rel=StrictLessThan(G, LAM / S))
TARGET_CORRECTED = declared(Statement(h1=StrictLessThan(0, X), h2=StrictLessThan(X, S / LAM),
                                      h4=StrictGreaterThan(S, 0), rel=StrictLessThan(G, S / LAM)),
                            BASIN_X, positive=(S, LAM))


@claim("DDyn-Claim-L3-target", text=r"It remains to show $g(x)<\frac{\lambda_i}{\sigma_i}$ for all $x\in(0,"
       r"\frac{\lambda_i}{\sigma_i})$.", expect=Refuted, kind=Kind.PROPERTY, statement=TARGET, hyp=H_L3P)
@claim("DDyn-Claim-L3-target/corrected", text=r"$g(x)<\frac{\sigma_i}{\lambda_i}$ for all $x\in(0,\frac{\sigma_i}"
       r"{\lambda_i})$", expect=Verified, kind=Kind.PROPERTY, statement=TARGET_CORRECTED, hyp=H_L3P)
def l3_target(ctx):
    """The fixed point of g is σ/λ (g(x) - x vanishes at 1 - λx/σ = 0), not λ/σ."""
    return steps(ctx, what="the target of Lemma 3")


POLY = 9 - 12 * LAM / S * X + 3 * LAM ** 2 / S ** 2 * X ** 2
EQ85 = Statement(g=G, poly=POLY, h1=StrictLessThan(0, X), h2=StrictLessThan(X, LAM / S), h4=StrictGreaterThan(S, 0),
                 rel=StrictGreaterThan(POLY, 0))
EQ85_CORRECTED = declared(EQ85.replace(h2=StrictLessThan(X, S / LAM)), BASIN_X, positive=(S, LAM))


@claim("DDyn-Eq85", text=r"$4g'(x) = 9 - 12\frac{\lambda_i}{\sigma_i}x + 3\frac{\lambda_i^2}{\sigma_i^2}x^2 > 0,\ "
       r"\forall x\in(0,\tfrac{\lambda_i}{\sigma_i})$ (85)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ85,
       hyp=H_L3P)
@claim("DDyn-Eq85/corrected", text=r"$4g'(x) = 9 - 12\frac{\lambda_i}{\sigma_i}x + 3\frac{\lambda_i^2}{\sigma_i^2}"
       r"x^2 = 3(1-u)(3-u) > 0$ for $x\in(0,\sigma_i/\lambda_i)$, $u = \lambda_ix/\sigma_i$", expect=Verified,
       kind=Kind.PROPERTY, statement=EQ85_CORRECTED, hyp=H_L3P)
def eq85(ctx):
    """The derivative is an exact identity; its positivity holds for u = λx/σ < 1 only (zero at u = 1 and 3)."""
    v = kit.identity(4 * sympy.diff(ctx.s.g, X), ctx.s.poly, what="4 g' = the printed polynomial",
                     argument="g and the polynomial in symbolic x, σ, λ: every mode")
    if not isinstance(v, Proved):
        return v
    return steps(ctx, what="positivity of 4 g'")


def _monotone(ctx, fix, hi, what):
    """g(fix) = fix exactly, and on the drawn x in (0, hi): g' >= 0 and g(x) < g(fix)."""
    v = kit.identity(G.subs(X, fix), fix, what=f"g({fix}) = {fix}",
                     argument="symbolic σ, λ: every mode")
    if not isinstance(v, Proved):
        return v
    derived = Statement(h1=StrictLessThan(0, X), h2=StrictLessThan(X, hi), h4=StrictGreaterThan(S, 0),
                        rel1=GreaterThan(sympy.diff(G, X), 0), rel2=StrictLessThan(G, G.subs(X, fix)))
    return steps(ctx, derived, what)


MONO = Statement(fix=LAM / S, hi=sympy.Integer(1))
# hi: the right end of the interval where g is claimed increasing (a smaller one is weaker); fix: no role
MONO_CORRECTED = Statement(fix=S / LAM, hi=S / LAM).monotone("hi", "smaller").assuming(positive=(S, LAM))


@claim("DDyn-Claim-L3-monotone", text=r"$g$ is non-decreasing on $(0,1)$ and $g(x)<g(\frac{\lambda_i}{\sigma_i}) = "
       r"\frac{\lambda_i}{\sigma_i}$ for all $x\in(0,1)$.", expect=Refuted, kind=Kind.PROPERTY, statement=MONO,
       hyp=H_L3P)
@claim("DDyn-Claim-L3-monotone/corrected", text=r"$g$ is increasing on $(0,\sigma_i/\lambda_i)$ and $g(x)<g(\sigma_i/"
       r"\lambda_i) = \sigma_i/\lambda_i$ there", expect=Verified, kind=Kind.PROPERTY, statement=MONO_CORRECTED,
       hyp=H_L3P)
def l3_monotone(ctx):
    return _monotone(ctx, ctx.s.fix, ctx.s.hi, "g monotone below its fixed point")


EQ86 = Statement(fix=LAM / S)
EQ86_CORRECTED = Statement(fix=S / LAM)


@claim("DDyn-Eq86", text=r"$a_i^{(t+1)} = f_i(a_i^{(t)}) < g(a_i^{(t)}) < g(\tfrac{\lambda_i}{\sigma_i}) = "
       r"\frac{\lambda_i}{\sigma_i}$ (86)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ86, hyp=H_L3P)
@claim("DDyn-Eq86/corrected", text=r"$a_i^{(t+1)} = f_i(a_i^{(t)}) < g(a_i^{(t)}) < g(\sigma_i/\lambda_i) = "
       r"\sigma_i/\lambda_i$", expect=Verified, kind=Kind.PROPERTY, statement=EQ86_CORRECTED, hyp=H_L3P)
def eq86(ctx):
    """The chain at a = a_i^{(t)} in (0, σ/λ) with a^{(t+1)} from the recursion; the last equality decided exactly."""
    fix = ctx.s.fix
    v = kit.identity(G.subs(X, fix), fix, what="the last equality of (86)", argument="symbolic σ, λ: every mode")
    if not isinstance(v, Proved):
        return v
    chain = Statement(**H_LEMMA, rel1=StrictLessThan(A1, G), rel2=StrictLessThan(G, G.subs(X, fix)),
                      rel3=Eq(A1, F))
    return steps(ctx, chain, "(86)")
