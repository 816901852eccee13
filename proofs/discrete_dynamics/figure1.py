r"""Figure 1 (spec §4, DDyn-Fig1): the closed-form trace-norm curves, reproduced by ``symflow figure ddyn-fig1``
(:mod:`symflow.figures.ddyn_continuous`), and what the text says the figure shows (DDyn-Fig1-claim)."""

from __future__ import annotations

import mpmath
import sympy

from symflow import deep_linear as dl
from symflow.claims import Kind, claim, kit
from symflow.figures import ddyn_continuous as fig
from symflow.precision import precision
from symflow.verdict import Verified

__all__: list[str] = []


def _matrix_values(t, delta, dps):
    """The two curves from matrices: ||U diag(w_i(δt)) Uᵀ||_* (SVD) and ||e^{-δtΣ_x}(W0 - I) + I||_* (mpmath expm),
    W0 = e^{-2δ}I,
    with a rotated eigenbasis U, against the figure's scalar formulas."""
    U = dl.cayley(sympy.Matrix([[0, sympy.Rational(1, 2), 0], [-sympy.Rational(1, 2), 0, sympy.Rational(1, 3)],
                                [0, -sympy.Rational(1, 3), 0]]))
    with precision(dps):
        Um = dl.to_mp(U)
        s = [kit.mp(x) for x in fig.FIG1["sigma"]]
        tt, d = mpmath.mpf(t), mpmath.mpf(delta)
        w = [kit.evaluate(dl.logistic_mode(x, x, sympy.exp(-2 * delta), t * delta), {}, dps) for x in fig.FIG1["sigma"]]
        two = dl.trace_norm(Um * mpmath.diag(w) * Um.T, dps)
        Sx = Um * mpmath.diag(s) * Um.T
        lin = dl.trace_norm(mpmath.expm(-d * tt * Sx) * (mpmath.exp(-2 * d) - 1) + mpmath.eye(3), dps)
        return [two, lin, fig.two_layer_trace_norm(t, delta, dps), fig.linear_trace_norm(t, delta, dps)]


@claim("DDyn-Fig1", text="Figure 1: closed-form trace norms of W(δt) (linear) and W1(δt)W2(δt) (two-layer "
       "autoencoder) for several initializations W(0) = W1(0)W2(0) = e^{-δ}I_d (here: each layer e^{-δ})", expect=Verified, kind=Kind.NUMERIC,
       hyp="autoencoder Σ_x = Σ_xy = diag(1e-1, 1e-2, 1e-3) (choices in docs/figures.md)")
def fig1(ctx):
    """The plotted scalar formulas equal the trace norms of the closed-form matrices (rotated basis, SVD, expm)."""
    pts = [(sympy.Rational(5), 10), (sympy.Rational(50), 10), (sympy.Rational(500), 20)]
    worst = None
    for t, delta in pts:
        m = kit.measured(lambda dps, t=t, delta=delta: _matrix_values(t, delta, dps), ctx.dps)
        v = kit.compare(list(m.values[:2]), list(m.values[2:]), digits=m.digits, what=f"curves at t = {t}, δ = {delta}",
                        point={"t": t, "δ": delta}, dps=ctx.dps)
        if not isinstance(v, Verified):
            return v
        worst = v.n_digits if worst is None else min(worst, v.n_digits)
    return Verified("the plotted curves are the trace norms of the closed-form matrices (3 points)", n_digits=worst,
                    points=tuple(f"t = {t}, δ = {d}" for t, d in pts), dps=ctx.dps,
                    scope="numeric at 3 (t, δ); figure drawn by `symflow figure ddyn-fig1`")


@claim("DDyn-Fig1-claim", text="Figure 1 illustrates Cor. 1 (step-function limit for the two-layer model) and, with "
       "Prop. 1, the absence of sequential learning for the linear model", expect=Verified, kind=Kind.NUMERIC,
       hyp="autoencoder, rescaled time, δ -> ∞", cites=("DDyn-Cor1", "DDyn-Rem-no-seq-linear"))
def fig1_claim(ctx):
    return fig.fig1_check(ctx.dps, fast=ctx.fast)
