r"""§3.2 of DDyn (spec §3.4): Corollary 3 (sequential learning by discrete GD) and the eigen-gap remark.

Corollary 3 is a limit as :math:`\delta\to\infty` with :math:`a_i^{(0)} = e^{-2\delta}`, at the steps
:math:`T_j(\delta) = \delta/(\sigma_j\eta)`.  It is checked on fixed spectra (three positive σ and one mode with
σ = 0 < λ, i.e. :math:`i > r_{xy}`): for δ = D, 2D, 4D the distance of :math:`a_i^{(T_j)}` to the stated limit must
shrink and end below 10⁻³ (relative to :math:`\sigma_i/\lambda_i`).  Four spectra violating the printed step-size
hypotheses are in the list too (three violate only η < 1/(2σ1), where component 1 is unstable: 1 - 2ησ1 < -1): a
mutant with a weaker hypothesis admits them and is refuted there.

Why the corollary holds although (87) and (88) are false: the true transition step is :math:`\delta/\ln(1+\eta\sigma_i)`
(first order: :math:`\delta/(\eta\sigma_i)`); :math:`a_i^{(T_j)}\to0` for j < i since
:math:`\ln(1+\eta\sigma_i) < \eta\sigma_i < \eta\sigma_j`, and :math:`\to\sigma_i/\lambda_i` for j > i iff
:math:`\ln(1+\eta\sigma_i) > \eta\sigma_j`, implied by :math:`\eta < 2(\sigma_i-\sigma_{i+1})/\sigma_i^2` through
:math:`\ln(1+u) > u - u^2/2`.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import StrictLessThan, symbols

from symflow.claims import IMPLIED, Kind, Statement, claim, kit
from symflow.discrete import product_orbit
from symflow.verdict import Inconclusive, Reason, Refuted, Verified

from ._discrete import DELTA, ETA, H_MODE

S1, S2, S3, SJ, SI, LI = symbols("sigma_1 sigma_2 sigma_3 sigma_j sigma_i lambda_i", positive=True)
R = sympy.Rational
# (sigmas of the 4 modes (the last is 0: i > r_xy), lambdas, eta)
SPECTRA = (((1, R(1, 2), R(1, 4), 0), (1, 1, 1, 1), R(1, 10)),
           ((2, 1, R(1, 2), 0), (R(1, 2), 1, 2, 1), R(1, 20)),
           ((1, R(9, 10), R(1, 2), 0), (1, 1, 1, 1), R(9, 20)),   # violates η < 2(σ1 - σ2)/σ1^2
           # violate only η < 1/(2σ1), with ησ1 = 3/2 (component 1 unstable), at σ1 = 1, 1/4, 4
           ((1, R(1, 10), R(1, 20), 0), (1, 1, 1, 1), R(3, 2)),
           ((R(1, 4), R(1, 40), R(1, 80), 0), (1, 1, 1, 1), 6),
           ((4, R(2, 5), R(1, 5), 0), (1, 1, 1, 1), R(3, 8)))

COR3 = Statement(h1=StrictLessThan(ETA, 1 / (2 * S1)),
                 h2=StrictLessThan(ETA, 2 * (S1 - S2) / S1 ** 2), h3=StrictLessThan(ETA, (S1 - S2) / (2 * S2 ** 2)),
                 h4=StrictLessThan(ETA, 2 * (S2 - S3) / S2 ** 2), h5=StrictLessThan(ETA, (S2 - S3) / (2 * S3 ** 2)),
                 T=DELTA / (SJ * ETA), lim_low=sympy.Integer(0), lim_high=SI / LI)
# domain: ordered singular values σ1 >= σ2 >= σ3 > 0 (G1, G2 >= 0 the gaps); the step-size conditions are assumed
_G1, _G2 = symbols("g_1 g_2", nonnegative=True)
COR3 = COR3.assuming(cases=({S1: S3 + _G1 + _G2, S2: S3 + _G2},))
for _h in ("h1", "h2", "h3", "h4", "h5"):
    COR3 = COR3.monotone(_h, "tighter")
H_COR3 = H_MODE + "; a_i^(0) = e^{-2δ} for every mode; spectra listed in the module; δ -> ∞ read on δ = D, 2D, 4D"


def _admitted(s, spec) -> bool:
    sig, lam, eta = spec
    vals = {S1: sig[0], S2: sig[1], S3: sig[2], ETA: eta}
    return all(part.subs(vals) is sympy.true for name, part in s.items() if name.startswith("h"))


@kit.cached
def _orbit(a0_delta: int, sigma, lam, eta, steps: int, dps: int):
    with mpmath.workdps(dps):
        return product_orbit(mpmath.exp(-2 * a0_delta), sigma, lam, eta, steps, dps)


def _deviations(s, spec, deltas, dps):
    """{(i, j): [relative distance of a_i^(T_j) to the stated limit, for each δ]}."""
    sig, lam, eta = spec
    out = {}
    for i in range(4):
        for j in range(3):
            if j == i:
                continue
            low = i == 3 or j < i
            row = []
            for delta in deltas:
                with mpmath.workdps(dps):
                    T = kit.evaluate(s.T, {DELTA: delta, SJ: sig[j], ETA: eta}, dps)
                    if not (mpmath.isfinite(T) and T >= 0):
                        return None
                    step = int(mpmath.floor(T))
                    a = _orbit(delta, sig[i], lam[i], eta, step, dps)[-1]
                    scale = kit.mp(R(sig[i]) / lam[i]) if sig[i] else mpmath.mpf(1)
                    lim = kit.evaluate(s.lim_low, {}, dps) if low else kit.evaluate(
                        s.lim_high, {SI: sig[i], LI: lam[i]}, dps)
                    row.append(abs(a - lim) / scale)
            out[(i + 1, j + 1)] = row
    return out


def _converges(row) -> bool:
    return row[-1] < mpmath.mpf(10) ** -3 and (row[-1] < row[0] or row[-1] < mpmath.mpf(10) ** -12)


def cor3_check(ctx, s=None):
    """Corollary 3 on the listed spectra (module docstring)."""
    s = ctx.s if s is None else s
    D = 10 if ctx.fast else 15
    deltas, checked = (D, 2 * D, 4 * D), []
    for spec in SPECTRA:
        if not _admitted(s, spec):
            continue
        dev = _deviations(s, spec, deltas, ctx.dps)
        if dev is None:
            return Refuted("T_j is not a non-negative time", counterexample={"T": str(s.T)})
        for (i, j), row in dev.items():
            if not _converges(row):
                return Refuted(f"a_{i}^(T_{j}) does not approach the stated limit", counterexample={
                    "sigma": [str(v) for v in spec[0]], "lambda": [str(v) for v in spec[1]], "eta": str(spec[2]),
                    "i": i, "j": j, "delta": list(deltas), "relative distance": [kit.nstr(v, 6) for v in row]})
        checked.append(spec)
    info = {"spectra admitted": len(checked), "delta": list(deltas)}
    if ctx.mutating and ctx.printed is not None:
        printed = [sp for sp in SPECTRA if _admitted(ctx.printed, sp)]
        if all(sp in printed for sp in checked):
            info[IMPLIED] = "the mutated hypotheses admit a subset of the spectra the printed ones admit"
    if not checked:
        if ctx.mutating:  # stronger hypotheses than printed on every listed spectrum: vacuous there
            return Verified("no listed spectrum satisfies the mutated hypotheses (vacuous there)", exact=True,
                            points=("none",), scope="vacuous on the listed spectra", info={
                                IMPLIED: "the mutated hypotheses admit none of the listed spectra (a subset of the "
                                         "printed ones): vacuous there"})
        return Inconclusive("no listed spectrum satisfies the hypotheses", reason=Reason.DOMAIN)
    return Verified(f"on {len(checked)} spectra every a_i^(T_j) approaches its limit (distance < 1e-3 at δ = "
                    f"{deltas[-1]}, shrinking with δ)", exact=True, points=tuple(str(sp[0]) for sp in checked),
                    info=info, method="orbits of symflow.discrete.product_orbit at dps",
                    scope=f"numeric on {len(checked)} spectra (3 positive σ, one σ = 0), δ = {deltas}")


@claim("DDyn-Cor3", text=r"If $\eta<\frac1{2\sigma_1}$, $\eta<2\frac{\sigma_i-\sigma_{i+1}}{\sigma_i^2}$, "
       r"$\eta<\frac{\sigma_i-\sigma_{i+1}}{2\sigma_{i+1}^2}$: $w_i^{(T_j)}\to0$ if $i>r_{xy}$ or $j<i$, "
       r"$\to\frac{\sigma_i}{\lambda_i}$ if $i\le r_{xy}$ and $j>i$, $T_j(\delta) = \frac{\delta}{\sigma_j\eta}$",
       expect=Verified, kind=Kind.NUMERIC, statement=COR3, hyp=H_COR3, cites=("DDyn-Thm3",))
def cor3(ctx):
    return cor3_check(ctx)


EIGENGAP = Statement(gap1=(S1 - S2) / S1 ** 2, gap2=(S1 - S2) / S2 ** 2)


@claim("DDyn-Rem-eigengap", text=r"$\frac{\sigma_i-\sigma_{i+1}}{\sigma_i^2}$ and $\frac{\sigma_i-\sigma_{i+1}}"
       r"{\sigma_{i+1}^2}$ are relative eigen-gaps; a larger step could not separate some components.",
       expect=Verified, kind=Kind.NUMERIC, statement=EIGENGAP, hyp=H_COR3)
def eigengap(ctx):
    """(a) Sharpness: components i and i+1 separate at T_{i+1} iff ln(1 + ησ_i) > ησ_{i+1}; for a small gap
    (σ_i = 2, σ_{i+1} = 2(1 - 10^-4)) the critical step η* of that condition equals 2·gap1 and 2·gap2 to first
    order (ratios within 10^-3 of 1).  (b) Beyond the gap: σ = (1, 9/10, 1/2), η = 9/20 > 2·gap1 (but η < 1/(2σ1)):
    a_1^(T_2) stays far below σ1/λ1 as δ grows -- component 1 is not learned by T_2."""
    s1, s2 = R(2), 2 * (1 - R(1, 10 ** 4))
    with mpmath.workdps(ctx.dps):
        a, b = kit.mp(s1), kit.mp(s2)
        eta_star = mpmath.findroot(lambda e: mpmath.log(1 + e * a) - e * b, 2 * (a - b) / a ** 2)
        ratios = [eta_star / (2 * kit.evaluate(ctx.s[p], {S1: s1, S2: s2}, ctx.dps)) for p in ("gap1", "gap2")]
    info = {"eta*": kit.nstr(eta_star, 12), "eta*/(2 gap1)": kit.nstr(ratios[0], 10),
            "eta*/(2 gap2)": kit.nstr(ratios[1], 10)}
    if not all(abs(r - 1) < mpmath.mpf(10) ** -3 for r in ratios):
        return Refuted("the stated gap is not the separation threshold", counterexample=info)
    sig, lam, eta = SPECTRA[2]
    g1 = kit.evaluate(ctx.s.gap1, {S1: sig[0], S2: sig[1]}, ctx.dps)
    if not kit.mp(eta) > 2 * g1:
        return Refuted("the spectrum meant to exceed the gap does not", counterexample={"eta": str(eta),
                                                                                      "gap1": kit.nstr(g1, 10)})
    D = 10 if ctx.fast else 15
    row = []
    for delta in (D, 2 * D, 4 * D):
        T = int(delta / (sig[1] * eta))
        row.append(_orbit(delta, sig[0], lam[0], eta, T, ctx.dps)[-1] / (kit.mp(R(sig[0]) / lam[0])))
    info["a_1^(T_2) lambda_1/sigma_1 beyond the gap"] = [kit.nstr(v, 4) for v in row]
    if row[-1] >= mpmath.mpf(1) / 2:
        return Refuted("the components are separated although η exceeds the gap", counterexample=info)
    if ctx.mutating and all(abs(kit.mp(ctx.s[p] / ctx.printed[p]) - 1) < mpmath.mpf(10) ** -4
                            for p in ("gap1", "gap2") if (ctx.s[p] / ctx.printed[p]).is_number):
        info[IMPLIED] = "within the first-order accuracy (10^-3) of the relative gap: the same remark"
    return Verified("the relative gaps are the separation thresholds to first order (η*/(2 gap) = "
                    f"{kit.nstr(ratios[0], 8)}, {kit.nstr(ratios[1], 8)}), and beyond the gap component 1 is not "
                    "learned by T_2", exact=True, points=("sigma=(2, 2(1-1e-4))", str(SPECTRA[2][0])), info=info,
                    method="mpmath root of ln(1 + ησ_i) = ησ_{i+1}; orbits at dps",
                    scope="one small-gap pair (sharpness) and one spectrum beyond the gap")


PENDING: tuple[str, ...] = ()
