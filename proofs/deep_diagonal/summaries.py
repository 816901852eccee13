r"""The summary sentences of 000 (contributions, conclusion; spec §3.1) and of the newer version 001 (spec §5).

A summary is checked through the claims it summarizes, each decided on its own statement (no canned text): the
conservation law (DD-Eq7), the mirror flow (DD-Thm1/potential), Theorem 2's bound (DD-Thm2).  The sentences with
checkable content of their own are measured on decoupled instances (:mod:`._decay`, X = I, y = 0): "small
initialization slows training" (the same network with its layers halved) and "deeper networks accelerate in some
regimes" (the loss's decay rate for L = 2, 3, 4 with gaps > 1).
"""

from __future__ import annotations

import mpmath
from sympy import Rational

from symflow.claims import Kind, claim, kit, prose, prose_table
from symflow.precision import precision
from symflow.verdict import Proved, Refuted, Verified

from ._decay import decoupled_curve
from .layers import EQ7, H_FLOW, _check_eq7
from .simplified import determined
from .thm1 import POTENTIAL, potential_check
from .thm2 import THM2, TIGHT, thm2

__all__: list[str] = []

H_A = H_FLOW + "; the initialization satisfies (A)"


def _all_proved(parts):
    for name, v in parts:
        if not isinstance(v, Proved):
            return v
    return Proved("; ".join(f"{name}: {v.detail[:120]}" for name, v in parts),
                  certificate={name: dict(v.certificate) for name, v in parts})


@claim("DD-S1.2-Contrib1", text="There are quantities conserved along the flow; the dynamic of θ is driven by an "
       "abstract layer containing the minimal nodes.", expect=Proved, hyp=H_A,
       cites=("DD-Eq7", "DD-S2.1-Determined"))
def contrib1(ctx):
    """Both halves: the laws (7) (on their statement) and θ as a function of v^1 and initial data."""
    return _all_proved([("(7)", _check_eq7(EQ7)), ("θ driven by v^1", determined(ctx))])


@claim("DD-S1.2-Contrib2", text="Under a mild assumption on the initialization, gradient flow on the layers generates a "
       "trajectory of θ that solves a Mirror Flow.", expect=Proved, hyp=H_A, cites=("DD-Thm1",))
def contrib2(ctx):
    return _all_proved([("mirror flow (DD-Thm1/potential)", potential_check(POTENTIAL))])


def _scaled(init, c):
    return tuple(tuple(c * Rational(x) for x in row) for row in init)


def _slow_init(ctx):
    """Relative loss decrease at T for TIGHT and for TIGHT with every layer halved (σ falls by 2^{2(L-1)})."""
    T = Rational(3, 2) if ctx.fast else Rational(3)
    out = []
    for c in (1, Rational(1, 2)):
        curve = decoupled_curve(_scaled(TIGHT, c), T, 8, ctx.dps)
        with precision(ctx.dps + 10):
            out.append((c, curve.gaps[-1] / curve.gap0, curve.digits))
    return out, T


def slow_training(ctx):
    rows, T = _slow_init(ctx)
    (_, big, d1), (_, small, d2) = rows
    info = {"T": str(T), "instance": "TIGHT (L=3, d=2, X=I, y=0) and its layers halved",
            "(L(T) - L*)/(L(0) - L*), original": kit.nstr(big, 15), "same, halved": kit.nstr(small, 15)}
    if small > big * 10:
        return Verified(f"halving the layers leaves {kit.nstr(small / big, 6)} times more of the initial loss gap at "
                        f"t = {T}", n_digits=min(d1, d2), points=(str(info),), dps=ctx.dps,
                        method="Taylor jet, digits by a doubled-precision rerun", scope="decoupled instance TIGHT")
    return Refuted("the smaller initialization does not train slower", counterexample=info,
                   measured_digits=min(d1, d2))


def _with_thm2(ctx, extra, what):
    bound = thm2(ctx.with_statement(THM2))
    mirror = potential_check(POTENTIAL)
    slow = slow_training(ctx)
    for v in (mirror, bound, slow) + tuple(extra):
        if not isinstance(v, (Proved, Verified)):
            return v
    return Verified(f"{what}: mirror flow proved (DD-Thm1/potential); exponential bound verified ({bound.detail[:80]}); "
                    f"small initialization slower ({slow.detail[:80]})", n_digits=min(bound.digits, slow.digits),
                    points=tuple(bound.points[:2]) + tuple(slow.points), dps=ctx.dps,
                    method="DD-Thm2 and decoupled instances", scope="the instances of DD-Thm2 and of the init scale")


@claim("DD-S1.2-Contrib3", text="Under the same assumption the loss decreases exponentially under PL; small "
       "initialization leads to slow training.", expect=Verified, kind=Kind.NUMERIC, hyp=H_A,
       cites=("DD-Thm2",))
def contrib3(ctx):
    return _with_thm2(ctx, (), "contribution 3")


@claim("DD-S3-Concl1", text="Training induces a Mirror Flow; linear decrease of the loss error under PL; small "
       "initialization slows convergence.", expect=Verified, kind=Kind.NUMERIC, hyp=H_A, cites=("DD-Thm1", "DD-Thm2"))
def concl1(ctx):
    return _with_thm2(ctx, (), "conclusion")


@claim("DD-V3-1", text="Newer abstract: convexity-preserving reparameterization with nontrivial geometry; mirror flow "
       "under mild initialization conditions; explicit convergence guarantees incl. exponential decay under PL; "
       "parametrization and initialization scale govern training speed.", expect=Verified, kind=Kind.NUMERIC,
       hyp=H_A + "; 'convexity-preserving': the loss stays a function of θ (the geometry is the metric M)",
       cites=("DD-Thm1", "DD-Thm2"))
def v3_abstract(ctx):
    return _with_thm2(ctx, (), "001's abstract")


DEPTH = {L: ((Rational(1, 2),),) + tuple((Rational(3, 2),) for _ in range(L - 1)) for L in (2, 3, 4)}


@claim("DD-V3-4", text="TL;DR: rates governed by initialization scale; deeper networks offer acceleration in some "
       "regimes; favorable geometry.", expect=Verified, kind=Kind.NUMERIC,
       hyp=H_A + "; regime: layers of size 3/2 over a minimal layer 1/2 (gaps 2 > 1), d = 1, X = 1, y = 0",
       cites=("DD-Thm2", "DD-Thm2/rate"))
def v3_depth(ctx):
    """The loss's decay rate -d/dt log L = 4 M(t) at t = T for L = 2, 3, 4 (it tends to 2σμ = 4·2^{L-1}): it
    increases with the depth in this regime (and decreases when the gaps are < 1: 'in some regimes')."""
    T = Rational(3, 2) if ctx.fast else Rational(3)
    rates, digits = [], ctx.dps
    for L, init in DEPTH.items():
        curve = decoupled_curve(init, T, 4, ctx.dps)
        rates.append((L, 4 * curve.m_end[0]))
        digits = min(digits, curve.digits)
    info = {f"L = {L}": kit.nstr(r, 15) for L, r in rates}
    with precision(ctx.dps):
        if all(b[1] > a[1] * (1 + mpmath.mpf(10) ** -3) for a, b in zip(rates, rates[1:])):
            return Verified("decay rate of the loss increases with the depth: " + ", ".join(f"{k} {v}" for k, v in
                            info.items()), n_digits=digits, points=(str(info),), dps=ctx.dps,
                            method="Taylor jet, digits by a doubled-precision rerun",
                            scope="d = 1, X = 1, y = 0, minimal layer 1/2, others 3/2, L = 2, 3, 4")
    return Refuted("no acceleration with depth in this regime", counterexample=info, measured_digits=digits)


prose("DD-S3-Concl2", "Whether the entropy of the Mirror Flow can be computed explicitly is open.",
      "an open question, not a claim; symflow computes ∇Q as an explicit 1-D integral (DD-Thm1/potential; "
      "elementary for L = 3 with equal gaps, elliptic in general, DD-S2.1-NoAnalytic)")
prose_table([
    ("DD-V3-2", "001 lists Proposition 1, Theorem 1, Theorem 2 and Corollary 1.",
     "Corollary 1's statement is not given in 001: nothing to check"),
    ("DD-V3-3", "001 reports 23 sections, 4 theorems, 66 equations, 4 figures.",
     "counts of a document symflow does not have; the counting method is not stated"),
    ("DD-V3-5", "Key Result: the opening of Proposition 1 (hypotheses only).",
     "only the hypotheses of Proposition 1 are reproduced; the claims are DD-Prop1.1 and DD-Prop1.2"),
    ("DD-V3-6", "The four figure captions of 001 match 000 except a typo ('firs' vs 'first').",
     "a textual comparison of two captions; the figures themselves are DD-Fig-3 and DD-Fig-4"),
])
