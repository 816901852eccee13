r"""App. B.6 of DDyn (spec §3.13): Theorem′ 3, (87)-(88), and the three chains of its proof, (89)-(108).

With :math:`b_t = 1/a^{(t)} - \lambda/\sigma`, :math:`h = \eta\sigma` and :math:`y = 1 - \lambda a/\sigma`:
:math:`b_{t+1} = b_t\,[b_t^2 + b_tk(2-2h-h^2) + k^2(1-2h)]/((1+h)b_t + k)^2` (k = λ/σ), so
:math:`1-2h-h^2 \le b_{t+1}/b_t \le 1-2h+4h^2`.  The upper chain then fails twice: (93) iterates a negative factor
when :math:`h > \sqrt2-1`, and (94) uses :math:`(1-u)^t \ge e^{-ut}`, which runs the other way.  The lower chain
drops η in (96)-(97) and (102) and prints (99) with the same index on both sides.  A step is judged as the relation
the chain asserts between :math:`1/a^{(t+1)} - \lambda/\sigma` (or :math:`a^{(t)}`) and the display.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import sympy
from sympy import Eq, GreaterThan, LessThan, StrictGreaterThan, StrictLessThan, exp

from symflow.claims import Kind, Statement, claim, kit
from symflow.discrete import product_step
from symflow.verdict import Proved, Refuted, Verified

from ._discrete import A, A0, A1, AM1, ETA, LAM, S, T, H_MODE, orbit_search, sub_statement, zero_params
from .appendix_b6_domain import BASIN, BASIN0, C_A, NEXT, STEP, STEP_U, TIGHT_POINTS, declared, tight_orbit_search,\
    tight_point_search
from .discrete_thm3 import PART3, PART3_CORRECTED, _lower, _upper, bound, conjunction

H_B6 = H_MODE + "; Thm′ 3: σ_i/λ_i > a_i^(0) > 0, 2ησ_i < 1"
K = LAM / S
Y = 1 - LAM / S * A
B = 1 / A - LAM / S
H_PT = dict(h1=StrictLessThan(0, A), h2=StrictLessThan(LAM * A, S), h3=StrictLessThan(2 * ETA * S, 1),
            h4=StrictGreaterThan(S, 0))
H_ORB = dict(h1=StrictLessThan(0, A0), h2=StrictLessThan(LAM * A0, S), h3=StrictLessThan(2 * ETA * S, 1),
             h4=StrictGreaterThan(S, 0))


def _values(ex) -> dict:
    """A point a = a^{(t)} (and a^{(t-1)} = a for the steps that look back) with a^{(t+1)} from the recursion."""
    s, lam, eta, x = (sympy.Rational(v) for v in ex)
    return {S: s, LAM: lam, ETA: eta, A: x, A1: product_step(x, s, lam, eta), AM1: x}


def _values_back(ex) -> dict:
    """AM1 = the drawn point a^{(t-1)}, A = a^{(t)} its successor (for (92), printed one index back)."""
    s, lam, eta, x = (sympy.Rational(v) for v in ex)
    return {S: s, LAM: lam, ETA: eta, AM1: x, A: product_step(x, s, lam, eta)}


def point(ctx, values=_values, what="the step", corners=TIGHT_POINTS):
    return tight_point_search(ctx, values, what=what, corners=corners)


def orbit(ctx, what="the bound", zero=False):
    """The statement on the orbits: σ = 0 modes (drawn), or the tight orbits and then drawn ones (σ > 0)."""
    if not zero:
        return tight_orbit_search(ctx, what=what)
    n = 40 if ctx.fast else 150
    return orbit_search(ctx, zero_params(n), what=what)


def identity_step(ctx, what):
    """``lhs = rhs`` with a^{(t+1)} from the recursion: exact, general (one generic mode and step)."""
    s = ctx.s
    return kit.identity(s.lhs.subs(A1, product_step(A, S, LAM, ETA)), s.rhs, what=what,
                        argument="one generic mode and step (σ, λ, η, a^{(t)} symbolic): every i and t")


# -------------------------------------------------------------------------------------- Theorem′ 3, (87), (88)

EQ87 = Statement(**H_ORB, rel=_upper(A0, exp((-2 * ETA * S - ETA ** 2 * S ** 2) * T)))
EQ88 = Statement(**H_ORB, rel=_lower(A0, exp((-2 * ETA * S + 4 * ETA ** 2 * S ** 2) * T)))
H_ORB_U = {k: v for k, v in H_ORB.items() if k != "h3"}  # 2h + h^2 < 1 implies 2h < 1
EQ87_CORRECTED = declared(Statement(**H_ORB_U, h5=StrictLessThan(2 * ETA * S + ETA ** 2 * S ** 2, 1),
                                    rel=_upper(S * A0, (1 - 2 * ETA * S - ETA ** 2 * S ** 2) ** T)),
                          BASIN0, BASIN, STEP_U, positive=(S, LAM, A0))
EQ88_CORRECTED = declared(Statement(**H_ORB, rel=_lower(S * A0, exp((-2 * ETA * S + 4 * ETA ** 2 * S ** 2) * T))),
                          BASIN0, BASIN, STEP, positive=(S, LAM, A0))
PART3_DECLARED = declared(PART3_CORRECTED, positive=(A0, LAM, ETA), nonnegative=(A,))


@claim("DDyn-Eq87", text=r"$a_i^{(t)}\le\frac{a_i^{(0)}}{(\sigma_i-\lambda_ia_i^{(0)})e^{(-2\eta\sigma_i-\eta^2"
       r"\sigma_i^2)t} + a_i^{(0)}\lambda_i}$ (87)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ87, hyp=H_B6)
@claim("DDyn-Eq87/corrected", text=r"$a_i^{(t)}\le\frac{\sigma_ia_i^{(0)}}{(\sigma_i-\lambda_ia_i^{(0)})(1-2\eta"
       r"\sigma_i-\eta^2\sigma_i^2)^t + a_i^{(0)}\lambda_i}$ when $2\eta\sigma_i+\eta^2\sigma_i^2<1$",
       expect=Verified, kind=Kind.PROPERTY, statement=EQ87_CORRECTED, hyp=H_B6)
def eq87(ctx):
    return orbit(ctx, "(87)")


@claim("DDyn-Eq88", text=r"$a_i^{(t)}\ge\frac{a_i^{(0)}}{(\sigma_i-\lambda_ia_i^{(0)})e^{(-2\eta\sigma_i+4\eta^2"
       r"\sigma_i^2)t}+a_i^{(0)}\lambda_i}$ (88)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ88, hyp=H_B6)
@claim("DDyn-Eq88/corrected", text=r"$a_i^{(t)}\ge\frac{\sigma_ia_i^{(0)}}{(\sigma_i-\lambda_ia_i^{(0)})e^{(-2\eta"
       r"\sigma_i+4\eta^2\sigma_i^2)t}+a_i^{(0)}\lambda_i}$", expect=Verified, kind=Kind.PROPERTY,
       statement=EQ88_CORRECTED, hyp=H_B6)
def eq88(ctx):
    return orbit(ctx, "(88)")


@claim("DDyn-Thm3p-part3", text=r"for $r_{xy}\le i\le r_x$: $a_i^{(t)}\le\frac{a_i^{(0)}}{1+a_i^{(0)}\lambda_i\eta t}$",
       expect=Refuted, kind=Kind.PROPERTY, statement=PART3, hyp=H_MODE + "; r_xy <= i admits σ_i > 0")
@claim("DDyn-Thm3p-part3/corrected", text=r"for $r_{xy} < i\le r_x$ and $\eta\lambda_ia_i^{(0)}\le1$: the same",
       expect=Verified, kind=Kind.PROPERTY, statement=PART3_DECLARED, hyp=H_MODE)
def thm3p_part3(ctx):
    return bound(ctx, what="Thm′ 3, third bound")


THM3P = Statement(**{f"u_{k}": v for k, v in EQ87.items()}, **{f"l_{k}": v for k, v in EQ88.items()},
                  **{f"p3_{k}": v for k, v in PART3.items()})


@claim("DDyn-Thm3p", text="Theorem′ 3: if σ_i/λ_i > a_i^(0) > 0 and 2ησ_i < 1 then (87), (88) for 1 <= i <= r, and "
       "the third bound for r_xy <= i <= r_x.", expect=Refuted, kind=Kind.PROPERTY, statement=THM3P, hyp=H_B6,
       cites=("DDyn-Eq87", "DDyn-Eq88", "DDyn-Thm3p-part3"))
def thm3p(ctx):
    s = ctx.s
    return conjunction([(label, (lambda p=p, label=label: bound(replace(ctx, statement=sub_statement(s, p)),
                                                                what=label))) for p, label in
                        (("u", "(87)"), ("l", "(88)"), ("p3", "third bound"))], "Thm′ 3")


# ------------------------------------------------------------------------------------------- upper chain

EQ89 = Statement(lhs=1 / A1 - K, rhs=(1 / A) / (1 + 2 * ETA * S * Y + ETA ** 2 * S ** 2 * Y ** 2) - K)


@claim("DDyn-Eq89", text=r"$1/a^{(t+1)} - \frac\lambda\sigma = \frac1{a^{(t)}}\left(\frac{1}{1+2\eta\sigma(1-"
       r"\frac\lambda\sigma a^{(t)}) + \eta^2\sigma^2(1-\frac\lambda\sigma a^{(t)})^2}\right) - \frac\lambda\sigma$ (89)",
       expect=Proved, statement=EQ89, hyp=H_B6, cites=("DDyn-Eq78",))
def eq89(ctx):
    return identity_step(ctx, "(89)")


def _chain(rel, **h):
    """A step at a = a^{(t)} in the basin, a^{(t+1)} from the recursion, under 2ησ < 1."""
    return declared(Statement(**{**H_PT, **h}, rel=rel), BASIN, STEP, NEXT, positive=(S, LAM))


EQ90 = _chain(GreaterThan(1 / A1 - K, (1 / A) / (1 + (2 * ETA * S + ETA ** 2 * S ** 2) * Y) - K))
EQ91 = _chain(GreaterThan(1 / A1 - K, 1 / A - K - (2 * ETA * S + ETA ** 2 * S ** 2) / A * Y))
EQ92 = declared(Statement(h1=StrictLessThan(0, AM1), h2=StrictLessThan(LAM * AM1, S),
                          h3=StrictLessThan(2 * ETA * S, 1), h4=StrictGreaterThan(S, 0),
                          rel=GreaterThan(1 / A - K, (1 / AM1 - K) * (1 - 2 * ETA * S - ETA ** 2 * S ** 2))),
                {AM1: BASIN[A], A: NEXT[A1].xreplace({A: AM1})}, STEP, positive=(S, LAM))
B0 = 1 / A0 - K
EQ93 = Statement(**H_ORB, rel=GreaterThan(B, B0 * (1 - 2 * ETA * S - ETA ** 2 * S ** 2) ** T))
EQ93_CORRECTED = declared(EQ93.replace(h3=StrictLessThan(2 * ETA * S + ETA ** 2 * S ** 2, 1)), BASIN0, BASIN,
                          STEP_U, positive=(S, LAM, A0))
EQ94 = Statement(**H_ORB, rel=GreaterThan(B, B0 * exp((-2 * ETA * S - ETA ** 2 * S ** 2) * T)))
_U = 2 * ETA * S + ETA ** 2 * S ** 2
EQ94_CORRECTED = declared(Statement(**H_ORB_U, h5=StrictLessThan(_U, 1), rel=GreaterThan(B, B0 * exp(-_U * T / (1 - _U)))),
                          BASIN0, BASIN, STEP_U, positive=(S, LAM, A0))
EQ95 = Statement(**H_ORB, rel=_upper(S * A0, exp(T * (-2 * ETA * S - ETA ** 2 * S ** 2))))
EQ95_CORRECTED = declared(Statement(**H_ORB_U, h5=StrictLessThan(_U, 1), rel=_upper(S * A0, exp(-_U * T / (1 - _U)))),
                          BASIN0, BASIN, STEP_U, positive=(S, LAM, A0))


@claim("DDyn-Eq90", text=r"$\ge\frac1{a^{(t)}}\left(\frac{1}{1+(2\eta\sigma+\eta^2\sigma^2)(1-\frac\lambda\sigma "
       r"a^{(t)})}\right) - \frac\lambda\sigma$ (90)", expect=Verified, kind=Kind.PROPERTY, statement=EQ90, hyp=H_B6)
@claim("DDyn-Eq91", text=r"$\ge\frac1{a^{(t)}} - \frac\lambda\sigma - \frac{2\eta\sigma+\eta^2\sigma^2}{a^{(t)}}(1-"
       r"\frac\lambda\sigma a^{(t)})$ (91)", expect=Verified, kind=Kind.PROPERTY, statement=EQ91, hyp=H_B6)
def eq90_91(ctx):
    return point(ctx, what="a step of the upper chain")


@claim("DDyn-Eq92", text=r"$1/a^{(t)} - \frac\lambda\sigma\ge\left(\frac1{a^{(t-1)}}-\frac\lambda\sigma\right)"
       r"(1-2\eta\sigma-\eta^2\sigma^2)$ (92)", expect=Verified, kind=Kind.PROPERTY, statement=EQ92, hyp=H_B6)
def eq92(ctx):
    return point(ctx, _values_back, "(92)")


@claim("DDyn-Eq93", text=r"$\ge\left(\frac1{a^{(0)}}-\frac\lambda\sigma\right)(1-2\eta\sigma-\eta^2\sigma^2)^t$ (93)",
       expect=Refuted, kind=Kind.PROPERTY, statement=EQ93, hyp=H_B6)
@claim("DDyn-Eq93/corrected", text="(93) when 2ησ + η²σ² < 1 (the factor of (92) is positive)", expect=Verified,
       kind=Kind.PROPERTY, statement=EQ93_CORRECTED, hyp=H_B6)
@claim("DDyn-Eq94", text=r"$\ge\left(\frac1{a^{(0)}}-\frac\lambda\sigma\right)e^{(-2\eta\sigma-\eta^2\sigma^2)t}$ (94)",
       expect=Refuted, kind=Kind.PROPERTY, statement=EQ94, hyp=H_B6)
@claim("DDyn-Eq94/corrected", text=r"$\ge\left(\frac1{a^{(0)}}-\frac\lambda\sigma\right)e^{-ut/(1-u)}$, "
       r"$u = 2\eta\sigma+\eta^2\sigma^2 < 1$ (from $\ln(1-u)\ge -u/(1-u)$)", expect=Verified, kind=Kind.PROPERTY,
       statement=EQ94_CORRECTED, hyp=H_B6)
@claim("DDyn-Eq95", text=r"$a^{(t)}\le\frac{\sigma a^{(0)}}{(\sigma-\lambda a^{(0)})e^{t(-2\eta\sigma-\eta^2\sigma^2)}"
       r"+a^{(0)}\lambda}$ (95)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ95, hyp=H_B6)
@claim("DDyn-Eq95/corrected", text=r"$a^{(t)}\le\frac{\sigma a^{(0)}}{(\sigma-\lambda a^{(0)})e^{-ut/(1-u)}+"
       r"a^{(0)}\lambda}$, $u = 2\eta\sigma+\eta^2\sigma^2 < 1$", expect=Verified, kind=Kind.PROPERTY,
       statement=EQ95_CORRECTED, hyp=H_B6)
def eq93_95(ctx):
    """Orbit bounds: b_t decays like (1 - 2h)^t near convergence, faster than e^{-(2h+h^2)t}; for h > sqrt 2 - 1
    the factor 1 - 2h - h^2 is negative and (93) at even t exceeds b_t."""
    return orbit(ctx, "upper-chain bound on the orbit")


UPPER = Statement(**{f"e89_{k}": v for k, v in EQ89.items()}, **{f"e93_{k}": v for k, v in EQ93.items()},
                  **{f"e94_{k}": v for k, v in EQ94.items()})


@claim("DDyn-Thm3p-proof-upper", text="Proof of (87): the chain (89)-(95).", expect=Refuted, kind=Kind.PROPERTY,
       statement=UPPER, hyp=H_B6, cites=("DDyn-Eq90", "DDyn-Eq91", "DDyn-Eq92", "DDyn-Eq95"))
def proof_upper(ctx):
    s = ctx.s
    return conjunction([("(89)", lambda: identity_step(replace(ctx, statement=sub_statement(s, "e89")), "(89)")),
                        ("(93)", lambda: orbit(replace(ctx, statement=sub_statement(s, "e93")), "(93)")),
                        ("(94)", lambda: orbit(replace(ctx, statement=sub_statement(s, "e94")), "(94)"))],
                       "the upper chain")


# ------------------------------------------------------------------------------------------- lower chain

EQ96 = Statement(lhs=1 / A1 - K, rhs=(1 / A) / (1 + 2 * S * Y + S ** 2 * Y ** 2) - K)
EQ96_CORRECTED = EQ89
EQ97 = _chain(LessThan(1 / A1 - K, (1 / A) / (1 + 2 * S * Y) - K))
EQ97_CORRECTED = _chain(LessThan(1 / A1 - K, (1 / A) / (1 + 2 * ETA * S * Y) - K))
EQ98 = _chain(LessThan(1 / A1 - K, 1 / A - K - 2 * ETA * S / A * Y + 4 * ETA ** 2 * S ** 2 / A * Y ** 2))
EQ99 = _chain(LessThan(1 / A - K, (1 / A - K) * (1 - 2 * S * ETA + 4 * ETA ** 2 * S ** 2)))
EQ99_CORRECTED = _chain(LessThan(1 / A1 - K, (1 / A - K) * (1 - 2 * S * ETA + 4 * ETA ** 2 * S ** 2)))
EQ100 = declared(Statement(**H_ORB, rel=LessThan(B, B0 * (1 - 2 * S * ETA + 4 * ETA ** 2 * S ** 2) ** T)),
                 BASIN0, BASIN, STEP, positive=(S, LAM, A0))
EQ101 = declared(Statement(**H_ORB, rel=LessThan(B, B0 * exp((-2 * S * ETA + 4 * ETA ** 2 * S ** 2) * T))),
                 BASIN0, BASIN, STEP, positive=(S, LAM, A0))
EQ102 = Statement(**H_ORB, rel=_lower(S * A0, exp(T * (-2 * S + 4 * ETA ** 2 * S ** 2))))
EQ102_CORRECTED = declared(Statement(**H_ORB, rel=_lower(S * A0, exp(T * (-2 * ETA * S + 4 * ETA ** 2 * S ** 2)))),
                           BASIN0, BASIN, STEP, positive=(S, LAM, A0))


@claim("DDyn-Eq96", text=r"$1/a^{(t+1)}-\frac\lambda\sigma = \frac1{a^{(t)}}\left(\frac{1}{1+2\sigma(1-\frac\lambda"
       r"\sigma a^{(t)})+\sigma^2(1-\frac\lambda\sigma a^{(t)})^2}\right)-\frac\lambda\sigma$ (96)", expect=Refuted,
       statement=EQ96, hyp=H_B6)
@claim("DDyn-Eq96/corrected", text="(96) with ησ in place of σ (that is, (89))", expect=Proved,
       statement=EQ96_CORRECTED, hyp=H_B6)
def eq96(ctx):
    return identity_step(ctx, "(96)")


@claim("DDyn-Eq97", text=r"$\le\frac1{a^{(t)}}\left(\frac{1}{1+2\sigma(1-\frac\lambda\sigma a^{(t)})}\right)-"
       r"\frac\lambda\sigma$ (97)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ97, hyp=H_B6)
@claim("DDyn-Eq97/corrected", text=r"$\le\frac1{a^{(t)}}\frac{1}{1+2\eta\sigma(1-\frac\lambda\sigma a^{(t)})}-"
       r"\frac\lambda\sigma$", expect=Verified, kind=Kind.PROPERTY, statement=EQ97_CORRECTED, hyp=H_B6)
@claim("DDyn-Eq98", text=r"$\le\frac1{a^{(t)}}-\frac\lambda\sigma-\frac{2\eta\sigma}{a^{(t)}}(1-\frac\lambda\sigma "
       r"a^{(t)})+\frac{4\eta^2\sigma^2}{a^{(t)}}(1-\frac\lambda\sigma a^{(t)})^2$ (98)", expect=Verified,
       kind=Kind.PROPERTY, statement=EQ98, hyp=H_B6)
@claim("DDyn-Eq99", text=r"$1/a^{(t)}-\frac\lambda\sigma\le\left(\frac1{a^{(t)}}-\frac\lambda\sigma\right)(1-2\sigma"
       r"\eta+4\eta^2\sigma^2)$ (99)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ99, hyp=H_B6)
@claim("DDyn-Eq99/corrected", text=r"$1/a^{(t+1)}-\frac\lambda\sigma\le\left(\frac1{a^{(t)}}-\frac\lambda\sigma"
       r"\right)(1-2\sigma\eta+4\eta^2\sigma^2)$", expect=Verified, kind=Kind.PROPERTY, statement=EQ99_CORRECTED,
       hyp=H_B6)
def eq97_99(ctx):
    return point(ctx, what="a step of the lower chain")


@claim("DDyn-Eq100", text=r"$\le\left(\frac1{a^{(0)}}-\frac\lambda\sigma\right)(1-2\sigma\eta+4\eta^2\sigma^2)^t$ "
       "(100)", expect=Verified, kind=Kind.PROPERTY, statement=EQ100, hyp=H_B6)
@claim("DDyn-Eq101", text=r"$\le\left(\frac1{a^{(0)}}-\frac\lambda\sigma\right)e^{(-2\sigma\eta+4\eta^2\sigma^2)t}$ "
       "(101)", expect=Verified, kind=Kind.PROPERTY, statement=EQ101, hyp=H_B6)
@claim("DDyn-Eq102", text=r"$a^{(t)}\ge\frac{\sigma a^{(0)}}{(\sigma-\lambda a^{(0)})e^{t(-2\sigma+4\eta^2\sigma^2)}"
       r"+\lambda a^{(0)}}$ (102)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ102, hyp=H_B6)
@claim("DDyn-Eq102/corrected", text=r"the same with $e^{t(-2\eta\sigma+4\eta^2\sigma^2)}$", expect=Verified,
       kind=Kind.PROPERTY, statement=EQ102_CORRECTED, hyp=H_B6)
def eq100_102(ctx):
    return orbit(ctx, "lower-chain bound on the orbit")


LOWER = Statement(**{f"e96_{k}": v for k, v in EQ96.items()}, **{f"e101_{k}": v for k, v in EQ101.items()})


@claim("DDyn-Thm3p-proof-lower", text="Proof of (88): the chain (96)-(102).", expect=Refuted, kind=Kind.PROPERTY,
       statement=LOWER, hyp=H_B6, cites=("DDyn-Eq97", "DDyn-Eq98", "DDyn-Eq99", "DDyn-Eq100", "DDyn-Eq102"))
def proof_lower(ctx):
    s = ctx.s
    return conjunction([("(96)", lambda: identity_step(replace(ctx, statement=sub_statement(s, "e96")), "(96)")),
                        ("(101)", lambda: orbit(replace(ctx, statement=sub_statement(s, "e101")), "(101)"))],
                       "the lower chain")


# ------------------------------------------------------------------------------------- σ = 0 chain

LAMETA = LAM * ETA
EQ103 = Statement(lhs=A1, rhs=A * (1 - 2 * LAMETA * A + LAMETA ** 2 * A ** 2))
EQ104 = Statement(lhs=1 / A1, rhs=1 / A * (1 - 2 * LAMETA * A + LAMETA ** 2 * A ** 2) ** -1)
EQ106 = Statement(lhs=1 / A * (1 + 2 * LAMETA * A - LAMETA ** 2 * A ** 2), rhs=1 / A + 2 * LAMETA - LAMETA ** 2 * A)


def zero_identity(ctx, what):
    s = ctx.s
    return kit.identity(s.lhs.subs(A1, product_step(A, 0, LAM, ETA)), s.rhs, what=what,
                        argument="one generic mode with σ_i = 0 (λ, η, a symbolic): every i > r_xy and t")


@claim("DDyn-Eq103", text=r"$a_i^{(t+1)} = a_i^{(t)}(1-2\lambda\eta a_i^{(t)}+\lambda^2\eta^2(a_i^{(t)})^2)$ (103)",
       expect=Proved, statement=EQ103, hyp=H_MODE + "; σ_i = 0")
@claim("DDyn-Eq104", text=r"$1/a_i^{(t+1)} = 1/a_i^{(t)}(1-2\lambda\eta a_i^{(t)}+\lambda^2\eta^2(a_i^{(t)})^2)^{-1}$ "
       "(104)", expect=Proved, statement=EQ104, hyp=H_MODE + "; σ_i = 0")
@claim("DDyn-Eq106", text=r"$= 1/a_i^{(t)}+2\lambda\eta-\lambda^2\eta^2a_i^{(t)}$ (106)", expect=Proved,
       statement=EQ106, hyp=H_MODE + "; σ_i = 0")
def eq103_106(ctx):
    return zero_identity(ctx, "a step of the σ = 0 chain")


def _values_zero(ex) -> dict:
    s, lam, eta, x = (sympy.Rational(v) for v in ex)
    return {S: sympy.Integer(0), LAM: lam, ETA: eta, A: x, A1: product_step(x, 0, lam, eta)}


EQ105 = declared(Statement(h1=StrictLessThan(0, A), h2=StrictLessThan(LAMETA * A, 1),
                           rel=GreaterThan(1 / A1, 1 / A * (1 + 2 * LAMETA * A - LAMETA ** 2 * A ** 2))),
                 {A: 1 / (LAMETA * (1 + C_A)), A1: A * (1 - LAMETA * A) ** 2}, positive=(LAM, ETA))


# σ = 0 corners (σ, λ, η, a): v = ηλa tiny, inside, at the edge of v < 1 and just beyond it
ZERO_POINTS = tuple((Fraction(0), lam, v / (lam * a), a) for lam in (Fraction(1), Fraction(3))
                    for a in (Fraction(1, 2), Fraction(2)) for v in (Fraction(1, 10 ** 9), Fraction(1, 2),
                                                                      1 - Fraction(1, 10 ** 9), 1 + Fraction(1, 10 ** 9)))


@claim("DDyn-Eq105", text=r"$\ge1/a_i^{(t)}(1+2\lambda\eta a_i^{(t)}-\lambda^2\eta^2(a_i^{(t)})^2)$ (105)",
       expect=Verified, kind=Kind.PROPERTY, statement=EQ105, hyp=H_MODE + "; σ_i = 0; ηλa < 1 (premise of (107))")
def eq105(ctx):
    return point(ctx, _values_zero, "(105)", corners=ZERO_POINTS)


H_ZERO = dict(h1=StrictLessThan(0, A0), h2=Eq(S, 0), h3=LessThan(LAMETA * A0, 1))
# σ = 0, 0 < ηλa0 <= 1: a^(t) = a^(t-1)(1 - ηλa^(t-1))^2 >= 0 (0 from t = 1 on when ηλa0 = 1)
EQ107 = declared(Statement(**H_ZERO, rel1=GreaterThan(1 / A, 1 / AM1 + LAMETA),
                           rel2=GreaterThan(1 / A, 1 / A0 + LAMETA * T)), positive=(LAM, ETA, A0),
                 nonnegative=(A, AM1))
EQ108 = declared(Statement(**H_ZERO, rel=LessThan(A, A0 / (1 + A0 * LAMETA * T))), positive=(LAM, ETA, A0),
                 nonnegative=(A,))


@claim("DDyn-Eq107", text=r"$1/a_i^{(t)}\ge1/a_i^{(t-1)}+\lambda\eta\ge1/a_i^{(0)}+\lambda\eta t$ (107)",
       expect=Verified, kind=Kind.PROPERTY, statement=EQ107, hyp=H_MODE + "; σ_i = 0; premise 1/a_i^(0) >= λη")
@claim("DDyn-Eq108", text=r"$a_i^{(t)}\le\frac{a_i^{(0)}}{1+a_i^{(0)}\lambda\eta t}$ (108)", expect=Verified,
       kind=Kind.PROPERTY, statement=EQ108, hyp=H_MODE + "; σ_i = 0; premise 1/a_i^(0) >= λη")
def eq107_108(ctx):
    return orbit(ctx, "the σ = 0 bound", zero=True)


ZERO = declared(Statement(**{f"e103_{k}": v for k, v in EQ103.items()}, **{f"e108_{k}": v for k, v in EQ108.items()}),
                positive=(LAM, ETA, A0), nonnegative=(A,))


@claim("DDyn-Thm3p-proof-zero", text="Proof of the third bound (σ = 0 < λ): the chain (103)-(108).",
       expect=Verified, kind=Kind.PROPERTY, statement=ZERO, hyp=H_MODE + "; σ_i = 0; premise 1/a_i^(0) >= λη",
       cites=("DDyn-Eq104", "DDyn-Eq105", "DDyn-Eq106", "DDyn-Eq107"))
def proof_zero(ctx):
    s = ctx.s
    return conjunction([("(103)", lambda: zero_identity(replace(ctx, statement=sub_statement(s, "e103")), "(103)")),
                        ("(108)", lambda: orbit(replace(ctx, statement=sub_statement(s, "e108")), "(108)", True))],
                       "the σ = 0 chain")
