r"""App. B.6 of DDyn (spec §3.13): Corollary′ 3 and the steps of its proof, (109)-(111).

The bounds (109)-(110) are evaluated on the admitted spectra of :mod:`.discrete_cor3` at δ = D, 2D, 4D, the orbits
from :math:`a_i^{(0)} = e^{-2\delta}` computed at ``dps``.  (110) is printed with :math:`\lambda_i/\sigma_i` as the
upper bound and :math:`+\sigma_i` in the denominator: its limit is then 1, not :math:`\sigma_i/\lambda_i`.
"""

from __future__ import annotations

import mpmath
import sympy
from hypothesis import strategies as st
from sympy import Eq, LessThan, StrictLessThan, exp
from fractions import Fraction

from symflow.claims import Kind, Statement, claim, kit
from symflow.discrete import product_orbit
from symflow.verdict import Proved, Refuted, Verified

from ._discrete import A, A0, DELTA, ETA, LAM, S, T, H_MODE, orbit_search, zero_params
from .discrete_cor3 import COR3, H_COR3, LI, S1, S2, S3, SI, SPECTRA, _admitted, _orbit, cor3_check
from .appendix_b6_domain import declared, tight_point_search
from .discrete_thm3 import conjunction

C1, C2 = (sympy.Symbol(n, positive=True) for n in ("c_12", "c_23"))
C0 = sympy.Symbol("c_0", nonnegative=True)
C_B = sympy.Symbol("c_b", positive=True)
# σ_1 > σ_2 > σ_3 > 0 (Cor. 3 orders the spectrum strictly)
ORDERED = {S2: S1 / (1 + C1), S3: S1 / ((1 + C1) * (1 + C2))}
COR3P = declared(COR3, ORDERED, positive=(S1, ETA))

SP, SN = sympy.symbols("sigma_prev sigma_next", positive=True)
R = sympy.Rational


@claim("DDyn-Cor3p", text="Corollary′ 3: the statement of Corollary 3, restated in App. B.6.", expect=Verified,
       kind=Kind.NUMERIC, statement=COR3P, hyp=H_COR3, cites=("DDyn-Cor3",))
def cor3p(ctx):
    return cor3_check(ctx)


@st.composite
def _sorted_spectra(draw):
    fr = st.fractions(min_value=Fraction(1, 20), max_value=Fraction(4), max_denominator=40)
    a, b, c = sorted({draw(fr), draw(fr), draw(fr), draw(fr)}, reverse=True)[:3] if False else sorted(
        [draw(fr), draw(fr), draw(fr)], reverse=True)
    eta = draw(st.fractions(min_value=Fraction(1, 1000), max_value=Fraction(1, 2), max_denominator=1000))
    return (a, b, c, eta)


def _spectrum_values(ex) -> dict:
    a, b, c, eta = (sympy.Rational(v) for v in ex)
    return {S1: a, S2: b, S3: c, ETA: eta}


# (σ_1, σ_2, σ_3, η) where C3-order and C3-gap1 are tight: σ_2 -> σ_1 with η -> 1/(2σ_1) (order), or with η
# below the gap conditions (gap1: (2 + ησ_2)σ_2/σ_1 -> 2); and points just beyond the hypotheses
_E = Fraction(1, 10 ** 8)
SPECTRUM_CORNERS = ((Fraction(1), Fraction(1), Fraction(1, 2), Fraction(1, 2) - _E ** 2),
                    (Fraction(1), 1 - _E, Fraction(1, 2), _E / 10), (Fraction(2), 2 - _E, Fraction(1), _E / 40),
                    (Fraction(1), Fraction(1), Fraction(1, 2), Fraction(1, 2) + _E ** 2),
                    (Fraction(4), Fraction(1), Fraction(1, 20), Fraction(1, 8) - _E ** 2),
                    # σ_2 > σ_1 (outside the order), and σ_1 = σ_2 = 4 with η = 2/5 > 1/(2σ_1)
                    (Fraction(1), Fraction(2), Fraction(1, 2), Fraction(2, 5)),
                    (Fraction(4), Fraction(4), Fraction(1), Fraction(2, 5)))
ORDER = declared(Statement(h1=LessThan(S2, S1), h2=StrictLessThan(ETA, 1 / (2 * S1)), rel=StrictLessThan(2 * ETA * S2, 1)),
                 {S2: S1 / (1 + C0), ETA: 1 / (2 * S1 * (1 + C1))}, positive=(S1,))


@claim("DDyn-Claim-C3-order", text=r"Since $\sigma_1>\dots>\sigma_{r_{xy}}>0$, $\eta<1/(2\sigma_1)$ implies "
       r"$\eta<1/(2\sigma_i)$, $1\le i\le d$.", expect=Verified, kind=Kind.PROPERTY, statement=ORDER,
       hyp="σ_i <= σ_1 (σ_i = 0 for i > r_xy: then trivially)")
def c3_order(ctx):
    return tight_point_search(ctx, _spectrum_values, what="η < 1/(2σ_1) => 2ησ_i < 1", corners=SPECTRUM_CORNERS,
                              strategy=_sorted_spectra())


INIT = Statement(a0=exp(-2 * DELTA))


@claim("DDyn-Claim-C3-init", text=r"Thm. 3 (as used here) assumes $a_i^{(0)} = e^{-2\delta_i}$.", expect=Proved,
       statement=INIT, hyp="m_i^(0) = n_i^(0) = e^{-δ} (recalled before Cor. 3)", cites=("DDyn-Def-init-scale",))
def c3_init(ctx):
    """a0 = m0 n0 = e^{-δ} e^{-δ}: the statement's a0 must equal it (and it lies in (0, 1) for δ > 0, inside
    Thm. 3's hypothesis 0 < w0 < 1; Thm. 3 itself assumes only that)."""
    return kit.identity(sympy.exp(-DELTA) * sympy.exp(-DELTA), ctx.s.a0, what="a0 = m0 n0",
                        argument="symbolic δ: every initial scale")


GAP1 = Statement(h1=StrictLessThan(ETA, 1 / (2 * S1)), h2=StrictLessThan(ETA, 2 * (S1 - S2) / S1 ** 2),
                 h3=StrictLessThan(ETA, 2 * (S2 - S3) / S2 ** 2), h4=StrictLessThan(ETA, (S1 - S2) / (2 * S2 ** 2)),
                 h5=StrictLessThan(ETA, (S2 - S3) / (2 * S3 ** 2)), rel=StrictLessThan((2 + ETA * S2) * S2 / S1, 2))
GAP1 = declared(GAP1, ORDERED, positive=(S1, ETA))


@claim("DDyn-Claim-C3-gap1", text=r"$(2+\eta\sigma_i)\sigma_i/\sigma_{i-1}<2$, from $\eta<2\frac{\sigma_i-\sigma_{i+1}}"
       r"{\sigma_i^2}$, $\forall i$", expect=Verified, kind=Kind.PROPERTY, statement=GAP1,
       hyp="three consecutive σ_{i-1} > σ_i > σ_{i+1} > 0 (S1, S2, S3) under Cor. 3's hypotheses for every i")
def c3_gap1(ctx):
    """Needs η < 2(σ_{i-1} - σ_i)/σ_i^2, implied by the hypothesis at index i - 1 (σ_{i-1}^2 > σ_i^2)."""
    return tight_point_search(ctx, _spectrum_values, what="(2 + ησ_i)σ_i/σ_{i-1} < 2", corners=SPECTRUM_CORNERS,
                              strategy=_sorted_spectra())


GAP2 = Statement(lhs=1 - S1 / S2 + 2 * ETA * S1 ** 2 / S2, thr=(S1 - S2) / (2 * S1 ** 2))


@claim("DDyn-Claim-C3-gap2", text=r"$(e^{2\delta_i}-1)e^{\delta_i(-2\sigma_i/\sigma_j+4\eta\sigma_i^2/\sigma_j)}\to0$ "
       r"because $1-\sigma_i/\sigma_{i+1}+2\eta\sigma_i^2/\sigma_{i+1}<0\Leftrightarrow\eta<(\sigma_i-\sigma_{i+1})/"
       r"(2\sigma_i^2)$", expect=Proved, statement=GAP2, hyp="σ_i > σ_{i+1} > 0 (S1, S2)")
def c3_gap2(ctx):
    """lhs = (2σ_i^2/σ_{i+1})(η - thr) exactly, a positive multiple of η - thr: the equivalence holds for all
    σ_i, σ_{i+1} > 0, η.  (The hypothesis of Cor. 3 is η < (σ_i - σ_{i+1})/(2σ_{i+1}^2), weaker: see errata.)"""
    return kit.identity(ctx.s.lhs, 2 * S1 ** 2 / S2 * (ETA - ctx.s.thr), what="the equivalence",
                        argument="symbolic σ_i, σ_{i+1}, η; the factor 2σ_i^2/σ_{i+1} is positive")


LAST = Statement(val=sympy.Integer(0))
LAST_CORRECTED = Statement(val=SI / LI)


@claim("DDyn-Claim-C3-last", text=r"For $i=r_{xy}$: $a_i^{(T_{i+1})}=0$, $\forall\delta>0$.", expect=Refuted,
       kind=Kind.NUMERIC, statement=LAST, hyp=H_COR3 + "; T_{r_xy+1} = +∞ by convention")
@claim("DDyn-Claim-C3-last/corrected", text=r"For $i=r_{xy}$: $a_i^{(T_{i+1})} = \lim_t a_i^{(t)} = \sigma_i/"
       r"\lambda_i$", expect=Verified, kind=Kind.NUMERIC, statement=LAST_CORRECTED, hyp=H_COR3)
def c3_last(ctx):
    """Spectrum 2, i = r_xy = 3 (σ = 1/2, λ = 2, η = 1/20), δ = 10: the orbit is positive at every step and settles
    at σ/λ = 1/4; compared with the statement's value at t = 8000 (digits by precision doubling)."""
    sig, lam, eta = SPECTRA[1]
    def run(dps):
        with mpmath.workdps(dps):
            return product_orbit(mpmath.exp(-20), sig[2], lam[2], eta, 8000, dps)[-1]
    m = kit.measured(run, ctx.dps)
    val = kit.evaluate(ctx.s.val, {SI: sig[2], LI: lam[2]}, ctx.dps)
    return kit.compare(m.values[0], val, digits=m.digits, what="a_3 at T_4 = +∞ (t = 8000)",
                       point={"sigma_3": "1/2", "lambda_3": "2", "eta": "1/20", "delta": 10, "t": 8000})


def _le(x, y, dps) -> bool:
    """x <= y up to the rounding of values computed at dps digits (a strict relation cannot be told apart from
    equality at that resolution: only a violation beyond the error counts)."""
    with mpmath.workdps(2 * dps):
        return x <= y + kit.tolerance(dps - 5) * max(abs(x), abs(y), mpmath.mpf(10) ** -dps)


def _bound_rows(s, dps, D, case):
    """(label, a_i^(T_j), a_i^(T_k), bound) over the admitted spectra, i, j; k = i - 1 (case 'low') or i + 1."""
    rows = []
    for spec in SPECTRA:
        if not _admitted(COR3, spec):
            continue
        sig, lam, eta = spec
        for i in ((1, 2) if case == "low" else (0, 1)):
            k = i - 1 if case == "low" else i + 1
            js = range(i) if case == "low" else range(i + 1, 3)
            for delta in (D, 2 * D, 4 * D):
                Tk = int(delta / (sig[k] * eta))
                vals = {SI: sig[i], LI: lam[i], SP: sig[k], SN: sig[k], ETA: eta, DELTA: delta}
                bound = kit.evaluate(s.bound, vals, dps)
                ak = _orbit(delta, sig[i], lam[i], eta, Tk, dps)[-1]
                for j in js:
                    aj = _orbit(delta, sig[i], lam[i], eta, int(delta / (sig[j] * eta)), dps)[-1]
                    rows.append((f"sigma={sig}, i={i + 1}, j={j + 1}, delta={delta}", aj, ak, bound, vals))
    return rows


EQ109 = Statement(bound=SI / ((SI * exp(2 * DELTA) - LI) * exp(DELTA * (-2 * SI / SP - ETA * SI ** 2 / SP)) + SI),
                  lim=sympy.Integer(0))
# a0 = e^{-2δ} < σ_i/λ_i (Thm. 3's hypothesis, used by Cor. 3): λ_i = σ_i e^{2δ}/(1 + c).  The bound has no role: it
# bounds a_i and is claimed to tend to the limit (a larger bound is a weaker bound but may miss the limit)
A0_BELOW = {LI: SI * exp(2 * DELTA) / (1 + C_B)}
EQ109 = EQ109.assuming(cases=(A0_BELOW,))


@claim("DDyn-Eq109", text=r"$0<a_i^{(T_j)}\le a_i^{(T_{i-1})}<\frac{\sigma_i}{(\sigma_ie^{2\delta_i}-\lambda_i)"
       r"e^{\delta_i(-2\sigma_i/\sigma_{i-1}-\eta\sigma_i^2/\sigma_{i-1})}+\sigma_i}\to0$ (109)", expect=Verified,
       kind=Kind.NUMERIC, statement=EQ109, hyp=H_COR3 + "; i <= r_xy, 1 <= j < i")
def eq109(ctx):
    D = 10 if ctx.fast else 15
    rows = _bound_rows(ctx.s, ctx.dps, D, "low")
    for label, aj, ak, bound, _ in rows:
        if not (0 < aj and _le(aj, ak, ctx.dps) and _le(ak, bound, ctx.dps)):
            return Refuted("the chain of (109) fails", counterexample={"instance": label, "a^(T_j)": kit.nstr(aj, 15),
                                                                     "a^(T_{i-1})": kit.nstr(ak, 15),
                                                                     "bound": kit.nstr(bound, 15)})
    last = [r for r in rows if r[0].endswith(f"delta={4 * D}")]
    lim = kit.evaluate(ctx.s.lim, {}, ctx.dps)
    if any(abs(r[3] - lim) > mpmath.mpf(10) ** -3 for r in last):
        return Refuted("the bound does not approach the stated limit", counterexample={
            "instance": last[0][0], "bound": kit.nstr(last[0][3], 10), "limit": kit.nstr(lim, 10)})
    return Verified(f"(109) holds at {len(rows)} instances; the bound is below 1e-3 at δ = {4 * D}", exact=True,
                    points=tuple(r[0] for r in rows[:6]), method="orbits at dps",
                    scope=f"numeric on the admitted spectra, δ = {D}, {2 * D}, {4 * D}")


EQ110 = Statement(upper=LI / SI, bound=SI / ((SI * exp(2 * DELTA) - LI) * exp(DELTA * (-2 * SI / SN + 4 * ETA * SI ** 2
                                                                                   / SN)) + SI), lim=SI / LI)
EQ110_CORRECTED = EQ110.replace(upper=SI / LI, bound=SI / ((SI * exp(2 * DELTA) - LI) * exp(
    DELTA * (-2 * SI / SN + 4 * ETA * SI ** 2 / SN)) + LI)).monotone("upper", "larger").assuming(cases=(A0_BELOW,))


@claim("DDyn-Eq110", text=r"$\frac{\lambda_i}{\sigma_i}>a_i^{(T_j)}\ge a_i^{(T_{i+1})}>\frac{\sigma_i}{(\sigma_i"
       r"e^{2\delta_i}-\lambda_i)e^{\delta_i(-2\sigma_i/\sigma_{i+1}+4\eta\sigma_i^2/\sigma_{i+1})}+\sigma_i}\to"
       r"\frac{\sigma_i}{\lambda_i}$ (110)", expect=Refuted, kind=Kind.NUMERIC, statement=EQ110,
       hyp=H_COR3 + "; j > i >= 1")
@claim("DDyn-Eq110/corrected", text=r"$\frac{\sigma_i}{\lambda_i}>a_i^{(T_j)}\ge a_i^{(T_{i+1})}>\frac{\sigma_i}"
       r"{(\sigma_ie^{2\delta_i}-\lambda_i)e^{\delta_i(\dots)}+\lambda_i}\to\frac{\sigma_i}{\lambda_i}$ when "
       r"$\eta<(\sigma_i-\sigma_{i+1})/(2\sigma_i^2)$", expect=Verified, kind=Kind.NUMERIC,
       statement=EQ110_CORRECTED, hyp=H_COR3 + "; j > i >= 1; η < (σ_i - σ_{i+1})/(2σ_i^2) on the spectra used")
def eq110(ctx):
    D = 10 if ctx.fast else 15
    rows = _bound_rows(ctx.s, ctx.dps, D, "high")
    for label, aj, ak, bound, vals in rows:
        upper = kit.evaluate(ctx.s.upper, vals, ctx.dps)
        if not (_le(aj, upper, ctx.dps) and _le(ak, aj, ctx.dps) and _le(bound, ak, ctx.dps)):
            return Refuted("the chain of (110) fails", counterexample={
                "instance": label, "upper": kit.nstr(upper, 15), "a^(T_j)": kit.nstr(aj, 15),
                "a^(T_{i+1})": kit.nstr(ak, 15), "bound": kit.nstr(bound, 15)})
    for label, aj, ak, bound, vals in rows:
        if label.endswith(f"delta={4 * D}"):
            lim = kit.evaluate(ctx.s.lim, vals, ctx.dps)
            if abs(bound - lim) > mpmath.mpf(10) ** -3 * abs(lim):  # relative to |lim| (a negated limit fails)
                return Refuted("the bound does not approach the stated limit", counterexample={
                    "instance": label, "bound": kit.nstr(bound, 15), "limit": kit.nstr(lim, 15)})
    return Verified(f"(110) holds at {len(rows)} instances, the bound within 1e-3 of its limit at δ = {4 * D}",
                    exact=True, points=tuple(r[0] for r in rows[:6]), method="orbits at dps",
                    scope=f"numeric on the admitted spectra, δ = {D}, {2 * D}, {4 * D}")


EQ111 = declared(Statement(h1=Eq(S, 0), h2=StrictLessThan(0, A0), h3=LessThan(LAM * ETA * A0, 1),
                           rel=LessThan(A, A0 / (1 + LAM * ETA * A0 * T))), positive=(LAM, ETA, A0),
                 nonnegative=(A,))


@claim("DDyn-Eq111", text=r"$a_i^{(t)}\le\frac{a_i^{(0)}}{1+\lambda\eta a_i^{(0)}t}\to0$ as $\delta_i\to\infty$ "
       r"($i\ge r_{xy}+1$) (111)", expect=Verified, kind=Kind.PROPERTY, statement=EQ111,
       hyp=H_MODE + "; σ_i = 0; a0 = e^{-2δ} with δ large enough that ηλa0 <= 1 (then the bound -> 0 with a0)")
def eq111(ctx):
    n = 40 if ctx.fast else 150
    return orbit_search(ctx, zero_params(n), what="(111)")


PROOF = Statement(**{f"e109_{k}": v for k, v in EQ109.items()}, **{f"e110_{k}": v for k, v in EQ110.items()})


@claim("DDyn-Cor3p-proof", text="Proof of Corollary′ 3: (109), (110), (111) with the facts C3-order, C3-gap1, "
       "C3-gap2, C3-last.", expect=Refuted, kind=Kind.NUMERIC, statement=PROOF, hyp=H_COR3,
       cites=("DDyn-Claim-C3-order", "DDyn-Claim-C3-gap1", "DDyn-Claim-C3-gap2", "DDyn-Claim-C3-last",
              "DDyn-Eq111"))
def cor3p_proof(ctx):
    from dataclasses import replace

    from ._discrete import sub_statement
    s = ctx.s
    return conjunction([("(109)", lambda: eq109(replace(ctx, statement=sub_statement(s, "e109")))),
                        ("(110)", lambda: eq110(replace(ctx, statement=sub_statement(s, "e110"))))],
                       "the proof of Cor′ 3")


PENDING: tuple[str, ...] = ()
