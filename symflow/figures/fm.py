r"""``fm-sharpness`` -- the experiment behind FM-Fig-back-to-experiment (Marion & Chizat, slides "Back to our
experiment"): the sharpness at convergence of gradient descent against the step size :math:`\eta`, from a residual
and from a small-scale initialization, with the line :math:`2/\eta` and the bounds of Part I on :math:`S_{\min}`.

The slides state no setup (spec §4); the choices are the constants ``FM`` below, repeated in docs/figures.md and in
the caption: a deep linear network :math:`x\mapsto p^\top W_L\cdots W_1x` with square 2 x 2 layers, L = 3,
:math:`\Sigma = [[2, 1/2], [1/2, 1]]`, :math:`\pi^* = (3/2, -1/2)`, :math:`p = (1, 0)`; residual initialization
:math:`W_k(0) = I + \frac{s}{\sqrt{Ld}}N_k` with s = 1 and N_k standard Gaussian entries drawn by
``random.Random(seed)`` and rounded to multiples of 1/1000 (exact rationals); small initialization
:math:`W_k(0) = \alpha M_k` with :math:`\alpha = 1/10`, :math:`M_k` the same Gaussian draws; steps
:math:`\eta = r\cdot 2/S_{\text{bal}}` (:math:`S_{\text{bal}}` the sharpness of the balanced minimizer, an upper
bound of :math:`S_{\min}`) for r in ``FM['ratios']``.  GD runs at ``dps`` digits until the risk gap is below
:math:`10^{-3\,\text{dps}/2}`; the sharpness at the limit is the closed form at a minimizer
(:func:`symflow.sharpness.minimizer_sharpness`), recomputed at twice the precision (digits measured).

Checks (the observations the slides print): :func:`check_nosaturation` (FM-Obs-SI-nosaturation: from the small
initialization the final sharpness stays below :math:`2/\eta` by a margin) and :func:`check_lr_independent`
(FM-Obs-SI-lr-independent: its relative spread over the steps is small), plus :func:`check_sandwich` (every
converged run satisfies :math:`2Lac_L \le S \le 2/\eta`, FM-Cor-sharpness-sandwich/corrected).
"""

from __future__ import annotations

import random

import mpmath
import sympy
from sympy import Rational as Q

from .. import sharpness as sh
from ..precision import agreeing_digits, precision
from ..verdict import Inconclusive, Reason, Refuted, Verdict, Verified
from ._common import Figure, check_dps

__all__ = ["FIGURES", "FM", "experiment", "check_nosaturation", "check_lr_independent", "check_sandwich",
           "draw_sharpness"]

FM = dict(seed=7, d=2, L=3, Sigma=((2, Q(1, 2)), (Q(1, 2), 1)), pi_star=(Q(3, 2), Q(-1, 2)), p=(1, 0), s=1,
          alpha=Q(1, 10), ratios=(Q(1, 8), Q(1, 4), Q(1, 2), Q(3, 4), Q(9, 10)), max_steps=3000,
          spread=Q(1, 20), margin=Q(1, 20))
INITS = ("residual", "small")


def _problem() -> sh.Problem:
    return sh.Problem(sympy.ImmutableMatrix(FM["Sigma"]), sympy.ImmutableMatrix(FM["pi_star"]),
                      sympy.ImmutableMatrix(FM["p"]))


def _gaussians():
    rng = random.Random(FM["seed"])
    d, L = FM["d"], FM["L"]
    return [sympy.Matrix(d, d, lambda i, j: Q(round(rng.gauss(0, 1) * 1000), 1000)) for _ in range(L)]


def initialization(kind: str) -> list:
    """The exact initial layers: residual I + s/sqrt(Ld) N_k (s/sqrt(Ld) kept exact when Ld is a square, else
    rounded to 1/10^6) or small alpha N_k."""
    d, L = FM["d"], FM["L"]
    Ns = _gaussians()
    if kind == "small":
        return [FM["alpha"] * N for N in Ns]
    c = sympy.nsimplify(sympy.Rational(round(float(FM["s"] / sympy.sqrt(L * d)) * 10 ** 6), 10 ** 6))
    return [sympy.eye(d) + c * N for N in Ns]


def steps(dps: int) -> list:
    """The step sizes r * 2/S_bal, as exact rationals (S_bal rounded to 12 digits)."""
    with precision(dps):
        sbal = sh.balanced_sharpness(_problem(), FM["L"])
    base = sympy.nsimplify(mpmath.nstr(2 / sbal, 12), rational=True)
    return [r * base for r in FM["ratios"]]


_RUNS: dict = {}


def experiment(dps: int) -> list:
    """Rows (init, eta, converged, S at the limit, digits, steps) for every initialization and step."""
    key = dps
    if key in _RUNS:
        return _RUNS[key]
    prob = _problem()
    rows = []
    for kind in INITS:
        W0 = initialization(kind)
        for eta in steps(dps):
            outs = []
            for prec in (dps, 2 * dps):
                Ws, gap, n = sh.train(W0, prob, eta, prec, FM["max_steps"])
                with precision(prec):
                    conv = gap < mpmath.mpf(10) ** (-(prec // 2))
                    outs.append((conv, sh.minimizer_sharpness(Ws, prob) if conv else None, n))
            conv = outs[0][0] and outs[1][0]
            with precision(2 * dps):
                dg = agreeing_digits([outs[0][1]], [outs[1][1]], cap=dps) if conv else 0
                # the limit is within ~sqrt(gap) of the last iterate: cap the digits by that distance
                dg = min(dg, int(-mpmath.log10(gap) / 2) - 1) if conv and gap > 0 else dg
            rows.append((kind, eta, conv, outs[1][1], dg, outs[1][2]))
    _RUNS[key] = rows
    return rows


def clear_cache() -> None:
    _RUNS.clear()


def _bounds(dps: int):
    """(2 L a c_L, S_bal): the lower bound of every minimizer's sharpness and the balanced sharpness."""
    prob = _problem()
    with precision(dps):
        S, ps, p = prob.mp()
        npi, np_ = mpmath.norm(ps), mpmath.norm(p)
        u = ps / npi
        L = FM["L"]
        lb = 2 * L * (u.T * S * u)[0, 0] * npi ** (2 - mpmath.mpf(2) / L) * np_ ** (mpmath.mpf(2) / L)
        return lb, sh.balanced_sharpness(prob, L)


def _small_rows(dps: int, fast: bool):
    rows = [r for r in experiment(check_dps(dps, fast)) if r[0] == "small"]
    if not all(r[2] for r in rows):
        return None
    return rows


def check_nosaturation(dps: int = 30, *, fast: bool = False) -> Verdict:
    r"""FM-Obs-SI-nosaturation: from the small initialization, :math:`S_\infty \le (1 - \text{margin})\,2/\eta` at
    every step of the grid (GD converges at every step)."""
    rows = _small_rows(dps, fast)
    if rows is None:
        return Inconclusive("GD from the small initialization did not converge at every step", reason=Reason.UNDECIDED)
    worst = max(rows, key=lambda r: r[3] * r[1] / 2)
    frac = worst[3] * sh._mpm(sympy.Matrix([[worst[1]]]))[0, 0] / 2
    if frac > 1 - FM["margin"]:
        return Refuted("the final sharpness reaches 2/eta", counterexample={
            "eta": str(worst[1]), "S": mpmath.nstr(worst[3], 15), "S eta / 2": mpmath.nstr(frac, 10)})
    return Verified(f"S_final eta / 2 <= {mpmath.nstr(frac, 6)} < 1 - {FM['margin']} at every step (largest at "
                    f"eta = {worst[1]})", n_digits=max(1, min(r[4] for r in rows)),
                    points=tuple(str(r[1]) for r in rows), dps=dps, scope="fm-sharpness set-up (symflow.figures.fm."
                    "FM), small initialization, steps r 2/S_bal for r in " + str([str(r) for r in FM["ratios"]]))


def check_lr_independent(dps: int = 30, *, fast: bool = False) -> Verdict:
    """FM-Obs-SI-lr-independent: max/min - 1 of the final sharpness over the steps is below FM['spread']."""
    rows = _small_rows(dps, fast)
    if rows is None:
        return Inconclusive("GD from the small initialization did not converge at every step", reason=Reason.UNDECIDED)
    vals = [r[3] for r in rows]
    spread = max(vals) / min(vals) - 1
    info = {"S_final by eta": {str(r[1]): mpmath.nstr(r[3], 12) for r in rows}}
    if spread > sh._mpm(sympy.Matrix([[FM["spread"]]]))[0, 0]:
        return Refuted(f"the final sharpness varies by {mpmath.nstr(spread, 5)} over the steps",
                       counterexample={**info, "relative spread": mpmath.nstr(spread, 10)})
    return Verified(f"relative spread of S_final over the steps: {mpmath.nstr(spread, 5)} (threshold "
                    f"{FM['spread']}) while 2/eta varies by a factor {FM['ratios'][-1] / FM['ratios'][0]}",
                    n_digits=max(1, min(r[4] for r in rows)), points=tuple(str(r[1]) for r in rows), dps=dps,
                    info=info, scope="fm-sharpness set-up, small initialization, the steps of FM['ratios']")


def check_sandwich(dps: int = 30, *, fast: bool = False) -> Verdict:
    """Every converged run (both initializations): 2 L a c_L <= S_final <= 2/eta (S_final to its measured digits)."""
    dps = check_dps(dps, fast)
    lb, _ = _bounds(2 * dps)
    rows = [r for r in experiment(dps) if r[2]]
    if not rows:
        return Inconclusive("no run converged", reason=Reason.UNDECIDED)
    tol = mpmath.mpf(10) ** (-(min(r[4] for r in rows) - 2))
    for kind, eta, _, S, dg, n in rows:
        hi = 2 / sh._mpm(sympy.Matrix([[eta]]))[0, 0]
        if S < lb * (1 - tol) or S > hi * (1 + tol):
            return Refuted("a converged run leaves [2 L a c_L, 2/eta]", counterexample={
                "init": kind, "eta": str(eta), "S": mpmath.nstr(S, 15), "lower": mpmath.nstr(lb, 15),
                "2/eta": mpmath.nstr(hi, 15)})
    return Verified(f"{len(rows)} converged runs inside [2 L a c_L, 2/eta]", n_digits=max(1, min(r[4] for r in rows)),
                    points=tuple(f"{r[0]} eta={r[1]}" for r in rows), dps=dps,
                    scope="fm-sharpness set-up, both initializations, converged runs")


def draw_sharpness(ax, dps: int) -> str:
    """S at convergence against eta (log-log), both initializations, the 2/eta line and the bounds."""
    rows = experiment(dps)
    lb, sbal = _bounds(dps)
    for kind, marker in zip(INITS, ("o", "s")):
        pts = [(float(r[1]), float(r[3])) for r in rows if r[0] == kind and r[2]]  # plotting only
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker=marker, label=f"{kind} initialization")
    etas = [float(e) for e in steps(dps)]
    ax.plot(etas, [2 / e for e in etas], "k--", lw=0.9, label="$2/\\eta$")
    ax.axhline(float(lb), color="tab:green", lw=0.8, label="$2La\\|\\pi^*\\|^{2-2/L}\\|p\\|^{2/L}$ (lower bound)")
    ax.axhline(float(sbal), color="tab:red", lw=0.8, ls=":", label="balanced minimizer (upper bound of $S_{\\min}$)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("$\\eta$")
    ax.set_ylabel("sharpness at convergence")
    ax.set_title("Sharpness after GD vs step size (L = 3, d = 2)")
    failed = [f"{r[0]} eta={r[1]}" for r in rows if not r[2]]
    return (f"Deep linear net p^T W_3 W_2 W_1, d = 2, Sigma = {FM['Sigma']}, pi* = {FM['pi_star']}, p = {FM['p']}; "
            f"residual init I + s/sqrt(Ld) N (s = {FM['s']}), small init {FM['alpha']} N (N: random.Random("
            f"{FM['seed']}) Gaussians to 1/1000); GD at {dps} digits; no convergence: {failed or 'none'}")


FIGURES = (
    Figure("fm-sharpness", "FM-Fig-back-to-experiment", "sharpness at convergence vs step size, residual and "
           "small-scale initialization, with 2/eta and the bounds of Part I", draw_sharpness, check_sandwich),
)
