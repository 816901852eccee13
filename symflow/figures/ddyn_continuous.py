r"""DDyn-Fig1 (Gidel, Bach, Lacoste-Julien, Figure 1): closed-form trace norms of the linear model's
:math:`W(\delta t)` and of the two-layer autoencoder's :math:`W_1(\delta t)W_2(\delta t)`, against rescaled time t,
for several initial scales.  The caption writes :math:`W(0) = W_1(0)W_2(0) = e^{-\delta}I_d`; Thm. 2 and Cor. 1
(whose transitions at :math:`t = 1/\sigma_i` the figure illustrates) take each layer :math:`e^{-\delta}`, i.e. a
product :math:`e^{-2\delta}I_d`: that is the convention used here (with the caption's, the transitions sit at
:math:`1/(2\sigma_i)`).

Set-up (the paper leaves the values of δ, the horizon and the model of the curves unstated; spec §4): the caption's
autoencoder, :math:`\Sigma_x = \Sigma_{xy} = \mathrm{diag}(10^{-1}, 10^{-2}, 10^{-3})` (so :math:`\lambda_i =
\sigma_i`; the text's alternative :math:`\Sigma_x = I_d` would give non-integer steps :math:`\sigma_i`), modes
:math:`w_i(0) = e^{-2\delta}`:

* two-layer: :math:`\|W_1W_2\|_* = \sum_i w_i(\delta t)`, :math:`w_i` the logistic mode
  (:func:`symflow.deep_linear.logistic_mode`, DDyn-Eq62);
* linear: :math:`\|W(\delta t)\|_* = \sum_i |e^{-\delta t\lambda_i}(e^{-\delta} - \sigma_i/\lambda_i) +
  \sigma_i/\lambda_i|` (Prop. 1, DDyn-Eq17, in the eigenbasis).

:func:`fig1_check` tests what the text says (DDyn-Fig1-claim, Cor. 1): between the rescaled transition times
:math:`1/\sigma_i = 10, 100, 1000` the two-layer trace norm approaches the integers 0, 1, 2, 3 as δ grows, while the
linear model's approaches 3 at every t > 0 (no steps).  Digits by precision doubling.
"""

from __future__ import annotations

import mpmath
import sympy

from ..deep_linear import logistic_mode
from ..precision import agreeing_digits, precision
from ..verdict import Refuted, Verdict, Verified
from ._common import Figure
from ._common import check_dps as _check_dps

__all__ = ["FIGURES", "FIG1", "two_layer_trace_norm", "linear_trace_norm", "fig1_check", "draw_fig1"]

FIG1 = dict(sigma=(sympy.Rational(1, 10), sympy.Rational(1, 100), sympy.Rational(1, 1000)),
            deltas=(5, 10, 20, 40), t_range=(sympy.Rational(1, 2), 10000), samples=240,
            plateaus=((5, 0), (50, 1), (500, 2), (5000, 3)), check_deltas=(200, 2000))

_TAU, _S, _W0 = sympy.symbols("tau s w0", positive=True)
_MODE = sympy.lambdify((_S, _W0, _TAU), logistic_mode(_S, _S, _W0, _TAU), modules="mpmath")


def two_layer_trace_norm(t, delta, dps: int) -> mpmath.mpf:
    r""":math:`\sum_i w_i(\delta t)` with :math:`w_i(0) = e^{-2\delta}` (each layer :math:`e^{-\delta}`, as in Thm. 2
    and Cor. 1), :math:`\lambda_i = \sigma_i` (autoencoder)."""
    with precision(dps):
        t, d = mpmath.mpf(t), mpmath.mpf(delta)
        return mpmath.fsum(_MODE(mpmath.mpf(s.p) / s.q, mpmath.exp(-2 * d), d * t) for s in FIG1["sigma"])


def linear_trace_norm(t, delta, dps: int) -> mpmath.mpf:
    r""":math:`\sum_i |e^{-\delta t\lambda_i}(e^{-2\delta} - 1) + 1|` (Prop. 1, σ_i/λ_i = 1, W_0 = e^{-2δ}I)."""
    with precision(dps):
        t, d = mpmath.mpf(t), mpmath.mpf(delta)
        return mpmath.fsum(abs(mpmath.exp(-d * t * mpmath.mpf(s.p) / s.q) * (mpmath.exp(-2 * d) - 1) + 1)
                           for s in FIG1["sigma"])


def _deviations(delta, dps):
    out = []
    for t, k in FIG1["plateaus"]:
        out.append(abs(two_layer_trace_norm(t, delta, dps) - k))
        out.append(abs(linear_trace_norm(t, delta, dps) - 3))
    return out


def fig1_check(dps: int = 30, *, fast: bool = False) -> Verdict:
    """At rescaled times 5, 50, 500, 5000: two-layer deviation from 0, 1, 2, 3 and linear deviation from 3 both
    shrink from δ = 200 to δ = 2000 and end below 1/100; digits measured at dps and 2 dps."""
    dps = _check_dps(dps, fast)
    d_lo, d_hi = FIG1["check_deltas"]
    lo, hi = _deviations(d_lo, dps), _deviations(d_hi, dps)
    digits = agreeing_digits(hi, _deviations(d_hi, 2 * dps), cap=dps)
    with precision(dps):
        worst = max(hi)
        shrinking = all(b <= a for a, b in zip(lo, hi))
        info = {f"t={t}": f"two-layer |TN - {k}| = {mpmath.nstr(hi[2 * i], 5)}, linear |TN - 3| = "
                          f"{mpmath.nstr(hi[2 * i + 1], 5)}" for i, (t, k) in enumerate(FIG1["plateaus"])}
        if not shrinking or worst > mpmath.mpf(1) / 100:
            return Refuted("the trace norms do not approach the step values", measured_digits=digits,
                           counterexample={"δ": d_hi, **info})
    return Verified(f"at δ = {d_hi} the two-layer trace norm is within {mpmath.nstr(worst, 3)} of 0, 1, 2, 3 on the "
                    "plateaus and the linear one of 3 at every listed t > 0; deviations shrink from δ = 50",
                    n_digits=max(1, digits), points=tuple(f"t = {t}" for t, _ in FIG1["plateaus"]), dps=dps,
                    method="closed forms in mpmath, digits by precision doubling",
                    scope="numeric, autoencoder Σ_x = Σ_xy = diag(1e-1, 1e-2, 1e-3), δ = 200, 2000", info=info)


def draw_fig1(ax, dps: int = 30) -> str:
    """The curves of both models for the δ of FIG1, log-scaled rescaled time."""
    dps = _check_dps(dps)
    a, b = (mpmath.mpf(x.p) / x.q if isinstance(x, sympy.Rational) else mpmath.mpf(x) for x in FIG1["t_range"])
    ts = [a * (b / a) ** (mpmath.mpf(k) / (FIG1["samples"] - 1)) for k in range(FIG1["samples"])]
    for i, d in enumerate(FIG1["deltas"]):
        color = f"C{i}"
        ax.plot([float(t) for t in ts], [float(two_layer_trace_norm(t, d, dps)) for t in ts], color=color,
                label=f"two-layer, δ = {d}")
        ax.plot([float(t) for t in ts], [float(linear_trace_norm(t, d, dps)) for t in ts], color=color, ls="--",
                label=f"linear, δ = {d}")
    ax.set_xscale("log")
    ax.set_xlabel("rescaled time t (W evaluated at δt)")
    ax.set_ylabel("trace norm")
    ax.set_title("DDyn Figure 1: closed-form trace norms, autoencoder")
    return ("DDyn-Fig1 reproduction (symflow): autoencoder Σ_x = Σ_xy = diag(1e-1, 1e-2, 1e-3) (λ_i = σ_i, the caption's "
            "setting; unstated choices), each layer e^{-δ}I (W(0) = e^{-2δ}I, the convention of Thm 2 / Cor 1; the caption "
            "writes e^{-δ}I for the product), δ in (5, 10, 20, 40). Solid: two-layer, "
            "Σ_i w_i(δt) with the logistic modes (62); dashed: linear model, Prop. 1. Transitions at t = 1/σ_i = "
            f"10, 100, 1000. dps = {dps}.")


FIGURES = (Figure("ddyn-fig1", "DDyn-Fig1", "closed-form trace norms: steps for two layers, none for the linear model",
                  draw_fig1, fig1_check),)
