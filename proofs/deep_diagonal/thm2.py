r"""Theorem 2 of 000 (spec §3.8): the bound (15), its rate, and the two steps of its proof.

Statement symbols: ``GAP`` = :math:`\mathcal L(\theta(t)) - \mathcal L^*`, ``GAP0`` its value at 0, ``T`` the time,
``MU`` the PL constant, ``SIG`` = :math:`\sigma`, defined by the part ``sigma`` from the products ``P1``, ``P2`` of two
coordinates, each a product over :math:`k \ne k_i` of the part ``factor`` (:math:`u^k_i(0)^2 - u^{k_i}_i(0)^2`,
``u0``/``w0`` = the layer / the minimal layer at 0).  A check evaluates the statement in force: a mutated factor or
σ changes the bound it tests.

Instances are decoupled (:mod:`._decay`): :math:`X = I`, :math:`y = 0`, so that beyond the integrated horizon a
rigorous lower envelope of the loss is known and a bound with a rate too large by any factor is refuted at a finite
time.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import LessThan, Min, Rational, Symbol, exp

from symflow.claims import IMPLIED, Kind, Statement, claim, kit, prose
from symflow.precision import precision
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

from ._decay import P_VALUES, decoupled_curve, envelope
from ._leaf import nonneg_poly
from ._model import g, u0, w0
from .convergence import EQ13, LAM, MS, P1, P2, check_factor
from .layers import H_FLOW

__all__ = ["THM2", "GAP", "GAP0", "SIG", "MU", "T", "TIGHT", "bound_instances", "envelope_check"]

H_THM2 = H_FLOW + "; (A); argmin L ≠ ∅; L is PL(μ)"
GAP, GAP0 = Symbol("gap", real=True), Symbol("gap0", real=True)
SIG, MU, T = Symbol("sigma", real=True), Symbol("mu", positive=True), Symbol("t", nonnegative=True)

# domain: the gaps L - L* >= 0, σ = min(P1, P2) > 0 under (A); (15) is concluded and is weaker for a smaller σ
THM2 = Statement(bound=LessThan(GAP, exp(-2 * SIG * MU * T) * GAP0), sigma=Min(P1, P2), factor=EQ13.factor) \
    .assuming(nonnegative=(GAP, GAP0), positive=(SIG,)).monotone("bound", "looser").monotone("sigma", "smaller")

# coordinate 1 (minimal layer 1/2 != 0) sets σ; coordinate 2 has a much larger product (σ's min matters)
TIGHT = ((Rational(1, 2), Rational(1, 2)), (Rational(3, 2), 2), (Rational(3, 2), 2))
GENERAL = ((Rational(1, 2), Rational(-1, 2)), (Rational(3, 2), 2), (Rational(-3, 2), Rational(3, 2)),
           (Rational(3, 2), -2))


def _curve(init, ctx):
    return decoupled_curve(init, Rational(3, 2) if ctx.fast else Rational(3), 8, ctx.dps)


def _sigma_value(s, init):
    p = P_VALUES(init, s.factor, u0, w0)
    return s.sigma.subs({P1: p[0], P2: p[1]})


def bound_instances(init, ctx):
    """instances(statement) for kit.inequality: the integrated times (digits measured)."""
    curve = _curve(init, ctx)

    def instances(s):
        base = {GAP0: curve.gap0, SIG: _sigma_value(s, init), MU: curve.mu}
        return [(f"{curve.label}, t = {t}", {**base, GAP: gap, T: t}, curve.digits)
                for t, gap in zip(curve.times, curve.gaps)]
    return instances


def envelope_check(s, init, ctx):
    """A <= bound against the rigorous lower envelope of the loss for t = T 2^k (values far below any absolute
    floor: compared relatively)."""
    if not isinstance(s.bound, (sympy.LessThan, sympy.StrictLessThan)):
        return None
    curve = _curve(init, ctx)
    base = {GAP0: curve.gap0, SIG: _sigma_value(s, init), MU: curve.mu}
    for k in range(1, 48, 2):
        t = curve.horizon * 2 ** k
        env = envelope(curve, t)
        rhs = kit.evaluate(s.bound.rhs, {**base, GAP: env, T: t}, ctx.dps)
        lhs = kit.evaluate(s.bound.lhs, {**base, GAP: env, T: t}, ctx.dps)
        if lhs > rhs and (lhs - rhs) > abs(rhs) * kit.tolerance(curve.digits):
            return Refuted(f"the bound fails at t = {t}: the loss is at least the envelope "
                           "θ_i(T)^2 exp(-4 M_ii(T)(t - T)) (decreasing M_ii, _decay) there", measured_digits=curve.digits,
                           counterexample={"instance": curve.label, "t": str(t), "horizon T": str(curve.horizon),
                                           "loss lower bound": kit.nstr(lhs, 20), "bound": kit.nstr(rhs, 20),
                                           "theta_i(T)^2": [kit.nstr(a, 20) for a in curve.theta2],
                                           "M_ii(T)": [kit.nstr(m, 20) for m in curve.m_end]})
    return None


def _bound(ctx, init, what):
    v = check_factor(ctx.s.factor)
    if isinstance(v, (Refuted, Inconclusive)):
        return v
    tail = envelope_check(ctx.s, init, ctx)
    if tail is not None:
        return tail
    return kit.inequality(ctx, "bound", bound_instances(init, ctx), what=what,
                          scope=f"instance {_curve(init, ctx).label}: integrated to t = {_curve(init, ctx).horizon} "
                                "(digits measured), and the rigorous lower envelope of the loss up to t ~ 4e14",
                          method="Taylor jet (digits by a doubled-precision rerun) + decoupled envelope")


@claim("DD-Thm2", text=r"Under (5), (A), argmin ≠ ∅ and PL($\mu$): $\mathcal{L}(\theta(t))-\mathcal{L}^*\le e^{-2\sigma"
       r"\mu t}(\mathcal{L}(\theta(0))-\mathcal{L}^*)$, $\sigma=\min_i\prod_{k\ne k_i}(u^k_i(0)^2-u^{k_i}_i(0)^2)$",
       expect=Verified, kind=Kind.NUMERIC, statement=THM2, hyp=H_THM2 + "; instance L=3, d=2, X=I, y=0",
       cites=("DD-Def-PL", "DD-Def-kiSigma"))
def thm2(ctx):
    """(15) on the near-tight instance TIGHT (coordinate 1 sets σ = 9/16 and its rate tends to 2σμ)."""
    return _bound(ctx, TIGHT, "Theorem 2")


@claim("DD-Eq15", text=r"$\mathcal{L}(\theta(t))-\mathcal{L}^*\le e^{-2\sigma\mu t}(\mathcal{L}(\theta(0))-"
       r"\mathcal{L}^*)$ (15)", expect=Verified, kind=Kind.NUMERIC, statement=THM2,
       hyp=H_THM2 + "; instance L=4, d=2, X=I, y=0, mixed signs")
def eq15(ctx):
    """(15) on a second instance (L = 4, both coordinates with a non-zero minimal layer, mixed signs)."""
    return _bound(ctx, GENERAL, "(15)")


RATE = Statement(rate=2 * SIG * MU, sigma=THM2.sigma, factor=THM2.factor)


@claim("DD-Thm2/rate", text="The rate constant 2σμ of (15) is attained asymptotically on a decoupled instance "
       "(the bound cannot hold with a larger constant).", expect=Verified, kind=Kind.NUMERIC, statement=RATE,
       hyp=H_THM2 + "; instance TIGHT (L=3, d=2, X=I, y=0)")
def thm2_rate(ctx):
    """The loss's decay rate at the horizon, -d/dt log(L - L*) = 4 Σ M_ii θ_i^2 / Σ θ_i^2 (exact in the state),
    against the statement's rate; the relative gap is measured, and a rate above the decay rate is refuted by the
    envelope of _decay (the bound with it fails at a finite time)."""
    v = check_factor(ctx.s.factor)
    if isinstance(v, (Refuted, Inconclusive)):
        return v
    curve = _curve(TIGHT, ctx)
    with precision(ctx.dps + 10):
        local = 4 * mpmath.fsum(m * a for m, a in zip(curve.m_end, curve.theta2)) / mpmath.fsum(curve.theta2)
        sig = _sigma_value(ctx.s, TIGHT)
        r = kit.evaluate(ctx.s.rate, {SIG: sig, MU: curve.mu}, ctx.dps)
        rel = (local - r) / abs(r) if r != 0 else mpmath.inf
    info = {"decay rate at t = %s" % curve.horizon: kit.nstr(local, 25), "rate": kit.nstr(r, 25),
            "relative gap": kit.nstr(rel, 8), "instance": curve.label}
    err = mpmath.mpf(10) ** (-(curve.digits - 3))
    need = 5 if ctx.fast else 9
    if rel < -err:
        return Refuted("the loss decays slower than the stated rate: the bound with it fails at a finite time "
                       "(DD-Thm2's envelope)", counterexample=info, measured_digits=curve.digits)
    if rel < mpmath.mpf(10) ** (-need):
        digits = max(1, min(curve.digits, int(-mpmath.log10(max(rel, err)))))
        return Verified(f"decay rate at t = {curve.horizon} exceeds the stated rate by a relative {kit.nstr(rel, 4)}"
                        " (it tends to it from above: attained asymptotically)", n_digits=digits,
                        points=(str(info),), dps=ctx.dps, method="Taylor jet, digits by a doubled-precision rerun",
                        scope=f"instance {curve.label}")
    return Refuted("the stated rate is not attained: the loss decays faster on the instance where (15) is tightest",
                   counterexample=info, measured_digits=curve.digits)


# --------------------------------------------------------------------------------------------- proof steps

F, FD, G2 = Symbol("f", nonnegative=True), Symbol("fdot", real=True), Symbol("gradnorm2", nonnegative=True)
# domain: M_ii >= λ_min >= σ > 0 ((14)); both inequalities are concluded
PF1 = Statement(rayleigh=LessThan(-MS * g ** 2, -LAM * g ** 2), sigma_step=LessThan(-LAM * g ** 2, -SIG * g ** 2)) \
    .assuming(positive=(SIG, LAM)).monotone("rayleigh", "looser").monotone("sigma_step", "looser")


def _ordered(rel, chain, what):
    """``rel`` under MS >= LAM >= SIG > 0: MS = LAM + e, LAM = SIG + h (e, h >= 0); Proved when the slack is a
    non-negative polynomial in (SIG, e, h, g^2 even); else refuted at a point of that cone."""
    e, h, s = Symbol("e", nonnegative=True), Symbol("h", nonnegative=True), Symbol("s", positive=True)
    sub = {MS: s + h + e, LAM: s + h, SIG: s} if chain else {}
    sl = sympy.expand((rel.rhs - rel.lhs if isinstance(rel, (sympy.LessThan, sympy.StrictLessThan))
                       else rel.lhs - rel.rhs).subs(sub))
    if nonneg_poly(sl, [s, e, h, g], even=[g]):
        return Proved(f"{what}: the slack {sl} is >= 0 whenever M_ii >= λ_min >= σ > 0", certificate={
            "slack": str(sl), **({IMPLIED: "weaker than the printed step"} if sympy.expand(sl - g ** 2 * (e if
                                 rel.lhs.has(MS) else h)) != 0 else {})})
    for pt in ({s: 1, e: 1, h: 1, g: 1}, {s: 1, e: 1, h: 1, g: -1}, {s: 1, e: 0, h: 1, g: 2}, {s: 1, e: 1, h: 0,
               g: 2}, {s: 2, e: 0, h: 0, g: 1}, {s: Rational(1, 2), e: 2, h: 3, g: -3},
               {s: 1, e: 0, h: 0, g: Rational(1, 2)}, {s: 1, e: 0, h: 1, g: Rational(-1, 3)}):
        if sl.subs(pt) < 0:
            return Refuted(f"{what}: fails for admissible values", counterexample={
                "sigma": str(pt[s]), "lambda_min": str(pt[s] + pt[h]), "M_ii": str(pt[s] + pt[h] + pt[e]),
                "grad_i": str(pt[g]), "slack": str(sl.subs(pt))})
    return Inconclusive(f"{what}: undecided", reason=Reason.UNDECIDED)


@claim("DD-Thm2-pf.1", text=r"$\frac{d}{dt}(\mathcal{L}-\mathcal{L}^*)=-\langle\nabla\mathcal{L},M\nabla\mathcal{L}"
       r"\rangle\le-\lambda_{min}(M)\|\nabla\mathcal{L}\|^2\le-\sigma\|\nabla\mathcal{L}\|^2$", expect=Proved,
       statement=PF1, hyp=H_THM2, cites=("DD-Eq12", "DD-Eq14"))
def thm2_pf1(ctx):
    """The equality is (12) and the chain rule (DD-Eq12, proved); M is diagonal, so per coordinate the two
    inequalities read -M_ii g_i^2 <= -λ_min g_i^2 <= -σ g_i^2, decided from the statement for every
    M_ii >= λ_min >= σ > 0 (which (14) gives); summing over i gives the printed chain for every d."""
    implied = {}
    for name in ("rayleigh", "sigma_step"):
        v = _ordered(ctx.s[name], True, name)
        if not isinstance(v, Proved):
            return v
        implied.update({IMPLIED: v.certificate[IMPLIED]} if IMPLIED in v.certificate else {})
    return Proved("both inequalities hold per coordinate for every M_ii >= λ_min >= σ > 0 (every L, d)",
                  certificate={"argument": "M diagonal: <g, M g> = Σ M_ii g_i^2; (14) gives λ_min >= σ > 0",
                               **implied})


# the factor e^{-2σμt} is concluded (a larger factor is weaker; σ > 0); the step has no role: it is concluded
# (from pf.1 and PL) and assumed (by Grönwall), so neither a looser nor a tighter step is implied
PF2 = Statement(step=LessThan(FD, -2 * SIG * MU * F), conclusion=exp(-2 * SIG * MU * T)) \
    .assuming(positive=(SIG,)).monotone("conclusion", "larger")


@claim("DD-Thm2-pf.2", text=r"With PL: $\frac{d}{dt}(\mathcal{L}-\mathcal{L}^*)\le-2\sigma\mu(\mathcal{L}-\mathcal{L}^*)"
       r"$, from which (15) follows.", expect=Proved, statement=PF2, hyp=H_THM2, cites=("DD-Def-PL", "DD-Thm2-pf.1"))
def thm2_pf2(ctx):
    """Step: from f' <= -σ|g|^2 (pf.1) and |g|^2 >= 2μ f (PL): f' = -σ|g|^2 - a, |g|^2 = 2μf + b (a, b >= 0);
    the printed step's slack must be >= 0 for all of these.  Conclusion: Grönwall with the step's rate r gives
    f(t) <= e^{-rt} f(0); the printed factor e^{-Kt} follows iff K <= r (f(t) = e^{-rt} f(0) attains the step)."""
    s = ctx.s
    a, b = Symbol("a", nonnegative=True), Symbol("b", nonnegative=True)
    sig, mu = Symbol("s", positive=True), Symbol("m", positive=True)
    step = s.step.subs({SIG: sig, MU: mu})
    sl = sympy.expand((step.rhs - step.lhs if isinstance(step, (sympy.LessThan, sympy.StrictLessThan))
                       else step.lhs - step.rhs).subs(FD, -sig * (2 * mu * F + b) - a))
    if not nonneg_poly(sl, [sig, mu, F, a, b]):
        pt = {sig: 1, mu: 1, F: 1, a: 0, b: 0}
        return Refuted("the step does not follow from pf.1 and PL (both premises with equality)", counterexample={
            "sigma": "1", "mu": "1", "f": "1", "|grad|^2": "2", "f'": "-2", "step slack": str(sl.subs(pt))})
    r = sympy.cancel(-(step.rhs if isinstance(step, (sympy.LessThan, sympy.StrictLessThan)) else step.lhs) / F)
    K = sympy.cancel(-sympy.diff(sympy.log(s.conclusion.subs({SIG: sig, MU: mu})), T))
    at0 = s.conclusion.subs(T, 0)
    if at0 != 1:
        return Refuted("(15)'s factor is not 1 at t = 0, so the conclusion fails at t = 0", counterexample={
            "factor at t = 0": str(at0), "f(0)": "1"})
    if r.has(F) or r.has(FD) or K.has(T):
        return Inconclusive("the step or the conclusion is not of the form f' <= -r f, e^{-Kt}", reason=Reason.UNDECIDED)
    gap = sympy.factor(r - K)
    if nonneg_poly(sympy.expand(gap), [sig, mu]):
        cert = {"rate of the step": str(r), "rate of the conclusion": str(K)}
        if sympy.expand(gap) != 0:
            cert[IMPLIED] = "the conclusion's rate is smaller than the step's: a weaker, true conclusion"
        return Proved("the step follows from pf.1 and PL (slack %s >= 0); d/dt(e^{Kt} f) = e^{Kt}(f' + K f) <= "
                      "(K - r) e^{Kt} f <= 0 with K = %s <= r = %s, so (15) follows" % (sl, K, r), certificate=cert)
    return Refuted("(15)'s factor does not follow: f(t) = e^{-rt} f(0) satisfies the step and exceeds it",
                   counterexample={"sigma": "1", "mu": "1", "f(t)": f"exp(-({r.subs({sig: 1, mu: 1})}) t) f(0)",
                                   "conclusion": str(s.conclusion.subs({SIG: 1, MU: 1})), "t": "1"})


prose("DD-S2.3-SigmaRole", "The initialization strongly affects the rate; a linear rate need not be fast; a small gap "
      "makes σ small and slows convergence; Figure 4 shows larger initial values give a better rate.",
      "qualitative remarks; their quantitative content is checked as DD-Thm2 (rate 2σμ with σ of the gaps), "
      "DD-Thm2/rate (the rate is attained, so a small σ really slows the loss), DD-S1.2-Contrib3 (small "
      "initialization measured slower) and DD-Fig-4", cites=("DD-Thm2", "DD-Fig-4"))
