r"""Gradient descent runs shared by the Part I checks and the experiments: from an initialization of an instance of
:mod:`._model`, at step ``eta`` (exact), at ``dps`` and ``2 dps`` digits (the digits of the final iterate measured).

"Converged to a minimizer" means the risk gap :math:`R - R_{\min}` fell below :math:`10^{-\text{dps}/2}` (from at
least :math:`10^{-3}` at the start); "failed" means it did not within the step budget (GD diverged -- iterates above
:math:`10^{30}` -- or kept oscillating).  The budget (``STEPS``) is long against the contraction rates at the
steps used (:math:`|1 - \eta S| \le 0.95` at a converging step, so 1000 steps shrink the gap by :math:`10^{40}`).
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy

from symflow import sharpness as sh
from symflow.claims import kit
from symflow.precision import agreeing_digits, precision

from ._model import INSTANCES, minimizers

__all__ = ["Run", "run", "INITS", "STEPS"]

STEPS = (1000, 400)  # full, fast


def _perturbed(name: str, label: str, delta) -> callable:
    prob, dims = INSTANCES[name]
    build = dict(minimizers(name))[label]

    def init(dps):
        Ws = build(dps)
        k = 0
        out = []
        for W in Ws:
            P = mpmath.matrix(W.rows, W.cols)
            for i in range(W.rows):
                for j in range(W.cols):
                    k += 1
                    P[i, j] = (-1) ** k * mpmath.mpf(k % 3 + 1) / 3
            out.append(W + kit.mp(delta) * P)
        return out
    return init


def _small(name: str, scale) -> callable:
    """A small-scale initialization: scale * fixed rational layers (entries (-1)^k (k mod 5 + 1)/5)."""
    _, dims = INSTANCES[name]

    def init(dps):
        Ws, k = [], 0
        for r, c in zip(dims[1:], dims[:-1]):
            W = mpmath.matrix(r, c)
            for i in range(r):
                for j in range(c):
                    k += 1
                    W[i, j] = kit.mp(scale) * (-1) ** k * mpmath.mpf(k % 5 + 1) / 5
            Ws.append(W)
        return Ws
    return init


def _balanced_small(name: str, scale) -> callable:
    """Every layer = scale * (the all-ones matrix)/its size: balanced (W_{k+1}^T W_{k+1} = W_k W_k^T when the
    widths agree), so in width 1 GD keeps w_1 = ... = w_L and converges to the balanced minimizer."""
    _, dims = INSTANCES[name]

    def init(dps):
        return [kit.mp(scale) * mpmath.ones(r, c) / mpmath.sqrt(r * c) for r, c in zip(dims[1:], dims[:-1])]
    return init


INITS = {
    "near balanced": lambda name: _perturbed(name, "balanced", sympy.Rational(1, 10)),
    "near W^C C=3": lambda name: _perturbed(name, "W^C C=3", sympy.Rational(1, 20)),
    "small (1/10)": lambda name: _small(name, sympy.Rational(1, 10)),
    "generic (1/2)": lambda name: _small(name, sympy.Rational(1, 2)),
    "balanced (1/10)": lambda name: _balanced_small(name, sympy.Rational(1, 10)),
    "balanced (1/2)": lambda name: _balanced_small(name, sympy.Rational(1, 2)),
}


@dataclass(frozen=True)
class Run:
    """One GD run: did it converge to a minimizer, the final risk gap, the sharpness there (closed form at a
    minimizer), the digits of the final iterate (dps vs 2 dps), and the steps taken."""

    converged: bool
    gap: mpmath.mpf
    sharpness: mpmath.mpf | None
    digits: int
    steps: int

    def info(self) -> dict:
        return {"converged": self.converged, "final risk gap": kit.nstr(self.gap, 8),
                "S at the end": kit.nstr(self.sharpness, 20) if self.sharpness is not None else "-",
                "digits of the final iterate": self.digits, "steps": self.steps}


def _final(name: str, init: str, eta, steps: int, dps: int):
    """GD in chunks of 50 steps, stopped early once the gap is below 10^-(3 dps/2) or the iterates diverge."""
    prob, _ = INSTANCES[name]
    with precision(dps):
        Ws = INITS[init](name)(dps)
        stop = mpmath.mpf(10) ** (-(3 * dps // 2))  # distance to the minimizers ~ 10^(-3 dps / 4)
        done = 0
        while done < steps:
            Ws = sh.descend(Ws, prob, eta, 50, dps)[-1]
            done += 50
            gap = sh.risk_gap(Ws, prob)
            if gap < stop or max(abs(x) for W in Ws for x in W) > mpmath.mpf(10) ** 29:
                break
        return Ws, gap, done


@kit.cached
def run(name: str, init: str, eta: sympy.Rational, dps: int, fast: bool) -> Run:
    """GD on instance ``name`` from ``INITS[init]`` at step ``eta`` (exact Rational), at dps and 2 dps."""
    steps = STEPS[1] if fast else STEPS[0]
    prob, _ = INSTANCES[name]
    lo, gap_lo, _ = _final(name, init, eta, steps, dps)
    hi, gap, steps = _final(name, init, eta, steps, 2 * dps)
    with precision(2 * dps):
        tol = mpmath.mpf(10) ** (-(dps // 2))
        conv = gap < tol
        if conv != (gap_lo < tol):
            raise ArithmeticError(f"GD outcome differs between {dps} and {2 * dps} digits on {name}, {init}")
        # digits: of the final iterate when it converged; of the (large) gap's order of magnitude otherwise
        # a converged iterate is within ~sqrt(gap) of its limit: the digits of the limit are capped by that
        near = int(-mpmath.log10(gap) / 2) - 1 if gap > 0 else dps
        digits = (min(near, agreeing_digits([x for W in lo for x in W], [x for W in hi for x in W], cap=dps)) if conv
                  else
                  agreeing_digits([mpmath.log10(gap_lo)], [mpmath.log10(gap)], cap=dps))
        S = sh.minimizer_sharpness(hi, prob) if conv else None
    return Run(bool(conv), gap, S, digits, steps)
