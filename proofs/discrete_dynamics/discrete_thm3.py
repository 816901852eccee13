r"""§3.2 of DDyn (spec §3.4), Theorem 3 and its proof sketch: (36)-(39), the sketch steps.

Every bound is a relation of the statement (``rel…`` parts) under its hypotheses (``h…`` parts), searched with
Hypothesis over step sizes, initial scales and spectra (:func:`._discrete.orbit_search`), the orbit of one balanced
mode computed by :mod:`symflow.discrete` at ``dps`` and ``2 dps``; ``hypothesis.target`` drives the search toward the
smallest relative slack.  Symbols: :mod:`._discrete` (``A`` = :math:`w_i^{(t)}`, ``A0`` = :math:`w_i^{(0)}`).
"""

from __future__ import annotations

from fractions import Fraction as _F

import sympy
from hypothesis import strategies as st
from sympy import Eq, GreaterThan, LessThan, StrictGreaterThan, StrictLessThan, exp, sqrt

from symflow.claims import Kind, Statement, claim
from symflow.verdict import Inconclusive, Reason, Refuted, Verified

from ._discrete import (A, A0, ETA, LAM, M, M0, N, N0, S, T, H_MODE, balanced_params, balanced_values, mode_params,
                        orbit_search, point_search, sub_statement, zero_params)

STEPS = (150, 40)  # orbit length: full run, fast run
H_THM3 = H_MODE + "; hypotheses of Thm. 3 as printed: 1 > w0 > 0 and 2ησ < 1"


def _steps(ctx) -> int:
    return STEPS[1] if ctx.fast else STEPS[0]


# (σ, λ, η, a0) at the edges of Thm. 3's hypotheses, drawn now and then (like @example): the corrected claims are
# vacuous there, a mutant that admits them is not.  Steps 2ησ + η²σ² just above 1 with σ < 1 and σ > 1 (the
# factor 1 - 2ησ - η²σ² < 0 makes the bound negative at t = 1 when a0 << σ/λ); the same within 4·10⁻⁷ of 1;
# ησ = 5/3 with a^{(2)} = 0 exactly (1 + η(σ - λa^{(1)}) = 0: the orbit dies, any positive lower bound fails);
# ησ = 1/2 + 2·10⁻⁷ (the orbit overshoots σ/λ by ~10⁻¹³ once it is within ~10⁻⁶ of it).  Inside the hypotheses:
# a0 just above σ/λ (the gap 1/a - λ/σ < 0 contracts by ~1 - 2ησ per step); tiny steps ησ = 10⁻⁴, 10⁻⁷ (where the
# per-step slack of the bounds, O(η²σ²), is below 10⁻⁶); σ > 4 and η > 4 with a0 << σ/λ (early-phase ratio
# (1 + ησ)^{-2} against the exponential rates).
_EDGES = ((_F(1, 4), _F(1), _F(9, 20) * 4, _F(1, 400)), (_F(4), _F(1), _F(9, 20) / 4, _F(1, 25)),
          (_F(1, 5), _F(1), _F(9, 20) * 5, _F(1, 500)), (_F(1), _F(1), _F(4142137, 10 ** 7), _F(1, 10 ** 8)),
          (_F(5, 8), _F(1), _F(8, 3), _F(1, 4)), (_F(1), _F(1), _F(5000001, 10 ** 7), _F(1, 2)),
          (_F(1), _F(1), _F(1, 4), _F(11, 10)), (_F(2), _F(1), _F(1, 20), _F(21, 10)),
          (_F(1), _F(1), _F(1, 10 ** 4), _F(99, 100)), (_F(1), _F(1), _F(1, 10 ** 7), _F(1, 10 ** 6)),
          (_F(5), _F(1), _F(3, 50), _F(5, 10 ** 6)), (_F(1, 20), _F(1), _F(8), _F(5, 10 ** 8)))


def edge_params(steps: int):
    """The examples of ``_EDGES`` as (σ, λ, η, a0, steps)."""
    return st.sampled_from(_EDGES).map(lambda e: (*e, steps))


def edges_then(ctx, strategy, *, what: str):
    """:func:`orbit_search` on every edge example (a finite strategy: all of them are drawn), then on ``strategy``;
    the first that does not hold is the verdict."""
    v = orbit_search(ctx, edge_params(_steps(ctx)), what=what + " (edge examples)",
                     scope=f"the {len(_EDGES)} edge examples, each step judged")
    if not v.holds:
        return v
    return orbit_search(ctx, strategy, what=what)


def _any_mode(ctx):
    n = _steps(ctx)
    return st.one_of(mode_params(n), zero_params(n))


# ------------------------------------------------------------------------------------- (36) and Lemma 2 (77)

BAL = Statement(h=Eq(M0, N0), rel1=Eq(M, sqrt(A)), rel2=Eq(N, sqrt(A)))
BAL_CORRECTED = Statement(h=Eq(M0, N0), rel1=Eq(M, N), rel2=Eq(M ** 2, A))


def balanced(ctx, s=None):
    """m_t = n_t = sqrt(w_t) under m0 = n0, exact iterates of (35) (t <= 4), searched over signs, scales and step
    sizes (Lemma 2 assumes nothing else).  The sign of m is not preserved when η(λa - σ) > 1 or m0 < 0."""
    return point_search(ctx if s is None else _with(ctx, s), _balanced_or_opposite(), balanced_values,
                        what="m_t = n_t = sqrt(w_t) along (35)")


def _balanced_or_opposite():
    """``balanced_params`` and, now and then, n0 = -m0 (a mutated hypothesis -m0 = n0 admits it; (35) then keeps
    n_t = -m_t, so m_t = n_t fails)."""
    return st.one_of(balanced_params(), balanced_params().map(lambda ex: (ex[0], -ex[0], *ex[2:])))


@claim("DDyn-Eq36", text=r"If $m_i^{(0)} = n_i^{(0)}$: $m_i^{(t)} = n_i^{(t)} = \sqrt{w_i^{(t)}},\ \forall t\ge0$ (36)",
       expect=Refuted, kind=Kind.PROPERTY, statement=BAL, hyp="(35), any η > 0, σ_i >= 0, λ_i > 0")
@claim("DDyn-Eq36/corrected", text=r"If $m_i^{(0)} = n_i^{(0)}$: $m_i^{(t)} = n_i^{(t)}$ and $(m_i^{(t)})^2 = "
       r"w_i^{(t)}$ for all t (the sign of $m_i^{(t)}$ is that of $m_i^{(0)}$ only while $1 + \eta(\sigma_i - "
       r"\lambda_iw_i^{(t)}) > 0$)", expect=Verified,
       kind=Kind.PROPERTY, statement=BAL_CORRECTED, hyp="(35), any η > 0")
def eq36(ctx):
    return balanced(ctx)


# ------------------------------------------------------------------------------------------- (37), (38)

def _upper(num, factor):
    return LessThan(A, num / ((S - LAM * A0) * factor + A0 * LAM))


def _lower(num, factor):
    return GreaterThan(A, num / ((S - LAM * A0) * factor + A0 * LAM))


H_PRINTED = dict(h1=StrictLessThan(0, A0), h2=StrictLessThan(A0, 1), h3=StrictLessThan(2 * ETA * S, 1),
                 h4=StrictGreaterThan(S, 0))
H_CORR = dict(h1=StrictLessThan(0, A0), h2=StrictLessThan(LAM * A0, S), h3=StrictLessThan(2 * ETA * S, 1))
EQ37 = Statement(**H_PRINTED, rel=_upper(A0, exp((-2 * ETA * S - ETA ** 2 * S ** 2) * T)))


def bound_roles(s):
    """The domain of Thm. 3's bounds (a balanced mode: w = m^2 >= 0 at every step, σ >= 0, t a step count) and the
    roles of the parts: the ``h…`` relations are assumed, the ``rel…`` relations concluded."""
    s = s.assuming(nonnegative=(A0, A), integer=(T,))
    for name in s.names:
        s = s.monotone(name, "tighter" if name.startswith("h") else "looser")
    return s


# the corrected hypotheses as a domain, for the mutants of the concluded bound only (Statement.given):
# 0 < a0 < σ/λ is a0 = σ/(λ(1 + Q)); 2ησ + η²σ² < 1 is 1 - 2ησ - η²σ² = 1/(1 + R); 2ησ < 1 is ησ = 1/(2(1 + R))
_Q, _R = sympy.symbols("Q R", positive=True)
_BELOW = {A0: S / (LAM * (1 + _Q))}
EQ37_CORRECTED = bound_roles(Statement(**{k: v for k, v in H_CORR.items() if k != "h3"},  # implied by h4
                                  h4=StrictLessThan(2 * ETA * S + ETA ** 2 * S ** 2, 1),
                                  rel=_upper(S * A0, (1 - 2 * ETA * S - ETA ** 2 * S ** 2) ** T))) \
    .given(positive=(S,), cases=(_BELOW | {ETA: (sqrt(2 - 1 / (1 + _R)) - 1) / S},))
EQ38 = Statement(**H_PRINTED, rel=_lower(A0, exp((-2 * ETA * S + 4 * ETA ** 2 * S ** 2) * T)))
EQ38_CORRECTED = bound_roles(Statement(**H_CORR, rel=_lower(S * A0, exp((-2 * ETA * S + 4 * ETA ** 2 * S ** 2) * T)))) \
    .given(positive=(S,), cases=(_BELOW | {ETA: 1 / (2 * S * (1 + _R))},))


def bound(ctx, s=None, what="the bound"):
    c = ctx if s is None else _with(ctx, s)
    return edges_then(c, _any_mode(ctx), what=what)


def _with(ctx, s):
    from dataclasses import replace

    return replace(ctx, statement=s)


@claim("DDyn-Eq37", text=r"$w_i^{(t)} \le \frac{w_i^{(0)}}{(\sigma_i - \lambda_iw_i^{(0)})e^{(-2\eta\sigma_i - "
       r"\eta^2\sigma_i^2)t} + w_i^{(0)}\lambda_i}$ (37)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ37,
       hyp=H_THM3, cites=("DDyn-Eq35",))
@claim("DDyn-Eq37/corrected", text=r"$w_i^{(t)} \le \frac{\sigma_iw_i^{(0)}}{(\sigma_i - \lambda_iw_i^{(0)})(1 - "
       r"2\eta\sigma_i - \eta^2\sigma_i^2)^t + w_i^{(0)}\lambda_i}$ for $0 < w_i^{(0)} < \sigma_i/\lambda_i$, "
       r"$2\eta\sigma_i + \eta^2\sigma_i^2 < 1$", expect=Verified,
       kind=Kind.PROPERTY, statement=EQ37_CORRECTED, hyp=H_MODE)
def eq37(ctx):
    """Upper bound of Thm. 3.  As printed, the numerator lacks σ_i (at t = 0 it reads w0 <= w0/σ_i, false for
    σ_i > 1) and the exponential rate is too slow: 1 - 2h - h^2 <= e^{-2h-h^2} runs the wrong way in (94)."""
    return bound(ctx, what="(37): upper bound on w_i^(t)")


@claim("DDyn-Eq38", text=r"$w_i^{(t)} \ge \frac{w_i^{(0)}}{(\sigma_i - \lambda_iw_i^{(0)})e^{(-2\eta\sigma_i + "
       r"4\eta^2\sigma_i^2)t} + w_i^{(0)}\lambda_i}$ (38)", expect=Refuted, kind=Kind.PROPERTY, statement=EQ38,
       hyp=H_THM3, cites=("DDyn-Eq35",))
@claim("DDyn-Eq38/corrected", text=r"$w_i^{(t)} \ge \frac{\sigma_iw_i^{(0)}}{(\sigma_i - \lambda_iw_i^{(0)})"
       r"e^{(-2\eta\sigma_i + 4\eta^2\sigma_i^2)t} + w_i^{(0)}\lambda_i}$ for $0 < w_i^{(0)} < \sigma_i/\lambda_i$, "
       r"$2\eta\sigma_i < 1$", expect=Verified, kind=Kind.PROPERTY,
       statement=EQ38_CORRECTED, hyp=H_MODE)
def eq38(ctx):
    """Lower bound of Thm. 3.  As printed the numerator lacks σ_i: at t = 0 it reads w0 >= w0/σ_i, false for
    σ_i < 1.  With σ_i w0 it follows from (98)-(101) (chain checked in App. B.6)."""
    return bound(ctx, what="(38): lower bound on w_i^(t)")


PART3 = Statement(h1=StrictLessThan(0, A0), h2=StrictLessThan(A0, 1), rel=LessThan(A, A0 / (1 + A0 * LAM * ETA * T)))
PART3_CORRECTED = bound_roles(Statement(h1=StrictLessThan(0, A0), h2=Eq(S, 0), h3=LessThan(ETA * LAM * A0, 1),
                                   rel=LessThan(A, A0 / (1 + A0 * LAM * ETA * T)))) \
    .given(positive=(A0,), cases=({S: sympy.Integer(0), ETA: 1 / (LAM * A0 * (1 + _Q))},))


@claim("DDyn-Thm3-part3", text=r"for $r_{xy}\le i\le r_x$: $w_i^{(t)} \le \frac{w_i^{(0)}}{1 + "
       r"w_i^{(0)}\lambda_i\eta t}$", expect=Refuted, kind=Kind.PROPERTY, statement=PART3,
       hyp=H_MODE + "; r_xy <= i <= r_x admits σ_i > 0 (i = r_xy) and σ_i = 0; no bound on ηλ_i")
@claim("DDyn-Thm3-part3/corrected", text=r"for $r_{xy} < i \le r_x$ ($\sigma_i = 0$) and $\eta\lambda_iw_i^{(0)} "
       r"\le 1$: $w_i^{(t)} \le \frac{w_i^{(0)}}{1 + w_i^{(0)}\lambda_i\eta t}$", expect=Verified, kind=Kind.PROPERTY, statement=PART3_CORRECTED, hyp=H_MODE)
def part3(ctx):
    """The index i = r_xy (σ_i > 0: w increases) is inside the printed range, and for σ_i = 0 a large ηλ_i w0
    overshoots (w1 = w0(1 - ηλw0)^2 > w0/(1 + ηλw0) when ηλw0 = 2)."""
    return bound(ctx, what="Thm. 3, third bound")


THM3 = Statement(**{f"s36_{k}": v for k, v in BAL.items()}, **{f"s37_{k}": v for k, v in EQ37.items()},
                 **{f"s38_{k}": v for k, v in EQ38.items()}, **{f"p3_{k}": v for k, v in PART3.items()})


@claim("DDyn-Thm3", text="Theorem 3: if m0 = n0 then (36); if 1 > w0 > 0 and 2ησ_i < 1 (1 <= i <= r_xy) then (37), "
       "(38) for 1 <= i <= r_x, and w_t <= w0/(1 + w0 λ η t) for r_xy <= i <= r_x.", expect=Refuted,
       kind=Kind.PROPERTY, statement=THM3, hyp=H_THM3, cites=("DDyn-Eq36", "DDyn-Eq37", "DDyn-Eq38", "DDyn-Thm3-part3"))
def thm3(ctx):
    """The conjunction of its sentences, each checked on its own parts; the first refuted sentence refutes it."""
    checks = [("(36)", lambda: balanced(ctx, sub_statement(ctx.s, "s36"))),
              ("(37)", lambda: bound(ctx, sub_statement(ctx.s, "s37"), "(37)")),
              ("(38)", lambda: bound(ctx, sub_statement(ctx.s, "s38"), "(38)")),
              ("third bound", lambda: bound(ctx, sub_statement(ctx.s, "p3"), "third bound"))]
    return conjunction(checks, "Thm. 3")


def conjunction(checks, what):
    """Run the sub-checks in order: the first refuted one refutes the whole; all holding -> the weakest holds."""
    out = []
    for label, run in checks:
        v = run()
        if isinstance(v, Refuted):
            return Refuted(f"{what} fails in {label}: {v.detail}", counterexample=dict(v.counterexample),
                           measured_digits=v.measured_digits)
        if not v.holds:
            return Inconclusive(f"{what}: {label} undecided: {v.detail}", reason=Reason.UNDECIDED)
        out.append(v)
    return min(out, key=lambda v: v.digits or 10 ** 6)
