r"""§3.3 of the FM spec, continued: the corollary "putting everything together" and the summary slide of Part II.

:math:`\mathcal W^{\mathrm{SI}}` is the last sample of each corollary trajectory of :mod:`._flow` (L = 2, scales
alpha = 1/250 and 1/1000, data with :math:`\|\pi^*\|` = 0.32, 1.58 and 15.8); the hypothesis
:math:`32L\sqrt\varepsilon \le 1` is checked on each.  :math:`S_{\min}` is bracketed: :math:`2Lac_L \le S_{\min}`
(FM-Thm-sharpness-bounds-ii) and :math:`S_{\min} \le \min(S(\text{balanced}), S(\mathcal W^{\mathrm{SI}}))`, so
the ratio :math:`S/S_{\min}` lies in :math:`[S/\min(S_{\text{bal}}, S), S/(2Lac_L)]`: a relation in the ratio holds
when it holds on the whole bracket and fails
when it fails on the whole bracket.  Rescaling the data :math:`\Sigma \to c\Sigma` rescales time, S and
:math:`S_{\min}` by c and leaves the ratio unchanged, so the ratio's bound is also checked at c = 1/100 and 100.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational as Q
from sympy import Symbol

from symflow import sharpness as sh
from symflow.claims import IMPLIED, Kind, Statement, cite_table, claim, kit
from symflow.precision import precision
from symflow.verdict import Inconclusive, Reason, Refuted, Verified

from ._flow import COROLLARY, TRAJ, epsilon, problem_of, svd1, tail2, trajectory
from ._model import L, Lam, lam, npi
from .part2_small_init import _PREC, EPS, FW2, IP2, RANK1, S2, _cancel_digits

__all__: list[str] = []

SK, RATIO = Symbol("sigma_k", positive=True), Symbol("ratio", positive=True)
H_COR = ("gradient flow of FM-Def-SI-model (p = 1) from the corollary initializations of _flow; 32 L sqrt(eps) <= 1 "
         "checked; Sigma full rank; W^SI = the state at the horizon (risk gap below 10^-30)")
_SCOPE = "W^SI = last sample of " + "; ".join(f"{n} (widths {TRAJ[n][1]}, alpha = {TRAJ[n][2]}, T = {TRAJ[n][3]})"
                                             for n in COROLLARY)


@kit.cached
def _final(dps: int) -> tuple:
    """Per corollary trajectory: (name, digits, eps, gap at T, Ws at T, values {L, npi, lam, Lam}, S, S_bal, LB)."""
    out = []
    for name in COROLLARY:
        samples = trajectory(name, dps)
        prob = problem_of(name)
        Ws = list(samples[-1].Ws)
        with precision(2 * dps):
            eps = epsilon(samples[0].Ws)
            Sg, ps, p = prob.mp()
            ev = mpmath.eigsy(Sg, eigvals_only=True)
            u = ps / mpmath.norm(ps)
            a_v, npi_v, Lv = (u.T * Sg * u)[0, 0], mpmath.norm(ps), len(Ws)
            lb = 2 * Lv * a_v * npi_v ** (2 - mpmath.mpf(2) / Lv)
            s_bal = sh.balanced_sharpness(prob, Lv)
            gap = sh.risk_gap(Ws, prob)
        m = sh.sharpness(Ws, prob, dps)
        vals = {L: mpmath.mpf(Lv), npi: npi_v, lam: min(ev), Lam: max(ev)}
        out.append((name, min(samples[-1].digits, m.digits), eps, gap, Ws, vals, m.value, s_bal, lb))
    return tuple(out)


def _hypothesis(dps):
    for name, _, eps, *_ in _final(dps):
        if 32 * 2 * mpmath.sqrt(eps) > 1:
            return Inconclusive(f"{name}: 32 L sqrt(eps) > 1, outside the corollary's hypothesis",
                                reason=Reason.DOMAIN)
    return None


def _with_hyp(ctx, verdict_fn):
    bad = _hypothesis(ctx.dps)
    return bad if bad is not None else verdict_fn()


@claim("FM-Cor-smallinit-conv", text=r"the gradient flow converges to a global minimizer $\mathcal W^{\mathrm{SI}}$",
       expect=Verified, kind=Kind.NUMERIC, hyp=H_COR, cites=("FM-Thm-PL",))
def cor_conv(ctx):
    """The risk gap at the horizon is below 10^-(dps/2) (from ~1 at t = 0) on every corollary trajectory."""
    def go():
        rows = _final(ctx.dps)
        bad = [r for r in rows if r[3] > mpmath.mpf(10) ** (-(ctx.dps // 2))]
        if bad:
            return Inconclusive(f"{bad[0][0]}: risk gap {kit.nstr(bad[0][3], 5)} at the horizon; integrate longer",
                                reason=Reason.UNDECIDED)
        return Verified("risk gap at the horizon: " + ", ".join(f"{r[0]}: {kit.nstr(r[3], 4)}" for r in rows),
                        n_digits=max(1, min(r[1] for r in rows)), points=tuple(r[0] for r in rows), dps=ctx.dps,
                        scope=_SCOPE)
    return _with_hyp(ctx, go)


@claim("FM-Cor-smallinit-rank1", text=r"$\|W_k^{\mathrm{SI}}\|_F^2-\|W_k^{\mathrm{SI}}\|_2^2\le\varepsilon$",
       expect=Verified, kind=Kind.NUMERIC, statement=RANK1, hyp=H_COR, cites=("FM-Lemma-smallinit-rank1",))
def cor_rank1(ctx):
    with precision(_PREC):
        inst = [(f"{r[0]} k={k + 1}", {FW2: svd1(W)[0] ** 2 + tail2(W), S2: svd1(W)[0] ** 2, EPS: r[2]},
                 _cancel_digits(r[1], mpmath.mnorm(W, "f") ** 2, r[2])) for r in _final(ctx.dps)
                for k, W in enumerate(r[4])]
    return _with_hyp(ctx, lambda: kit.inequality(ctx, "rel", lambda s: inst, what="rank one at W^SI", scope=_SCOPE))


LOWNORM = Statement(lo=(npi / 2) ** (1 / L) <= SK, hi=SK <= (2 * npi) ** (1 / L)).assuming(integer=(L,)).monotone(
    "lo", "looser").monotone("hi", "looser")


@claim("FM-Cor-smallinit-lownorm", text=r"$\left(\frac{\|\pi^*\|_2}{2}\right)^{1/L}\le\sigma_k^{\mathrm{SI}}\le"
       r"(2\|\pi^*\|_2)^{1/L}$", expect=Verified, kind=Kind.NUMERIC, statement=LOWNORM, hyp=H_COR)
def cor_lownorm(ctx):
    with precision(_PREC):
        inst = [(f"{r[0]} k={k + 1}", {**r[5], SK: svd1(W)[0]}, r[1]) for r in _final(ctx.dps)
                for k, W in enumerate(r[4])]

    def go():
        out = None
        parts = []
        for part in ("lo", "hi"):
            out = kit.inequality(ctx, part, lambda s: inst, what=f"low norm ({part})", scope=_SCOPE)
            if not isinstance(out, Verified):
                return out
            parts.append(out)
        info = dict(out.info)
        if not all(IMPLIED in v.info for v in parts):
            info.pop(IMPLIED, None)
        return Verified(parts[0].detail + "; " + parts[1].detail, n_digits=out.n_digits, points=out.points,
                        dps=ctx.dps, scope=_SCOPE, info=info)
    return _with_hyp(ctx, go)


COR_ALIGN = Statement(rel=IP2 >= 1 - EPS / (2 * npi) ** (2 / L)).assuming(integer=(L,)).monotone("rel", "looser")


@claim("FM-Cor-smallinit-align", text=r"$\langle v_{k+1}^{\mathrm{SI}},u_k^{\mathrm{SI}}\rangle^2\ge"
       r"1-\frac{\varepsilon}"
       r"{(2\|\pi^*\|_2)^{2/L}}$", expect=Verified, kind=Kind.NUMERIC, statement=COR_ALIGN, hyp=H_COR,
       cites=("FM-Lemma-smallinit-align",))
def cor_align(ctx):
    inst = []
    with precision(_PREC):
        for r in _final(ctx.dps):
            svs = [svd1(W) for W in r[4]]
            for k in range(len(svs) - 1):
                ip = (svs[k + 1][2].T * svs[k][1])[0, 0]
                inst.append((f"{r[0]} k={k + 1}", {**r[5], IP2: ip ** 2, EPS: r[2]}, r[1]))
    return _with_hyp(ctx, lambda: kit.inequality(ctx, "rel", lambda s: inst, what="alignment at W^SI",
                                                 scope=_SCOPE))


COR_SHARP = Statement(lo=1 <= RATIO, hi=RATIO <= 4 * Lam / lam).monotone("lo", "looser").monotone("hi", "looser")
_SCALES = (Q(1), Q(1, 100), 100)


def _ratio_rows(ctx, s):
    """(slack at the worst end of the ratio's bracket, slack at the best end, label, digits) per relation."""
    out = []
    for name, dg, eps, gap, Ws, vals, S_v, s_bal, lb in _final(ctx.dps):
        for c in _SCALES:
            v = {**vals, lam: vals[lam] * kit.mp(c), Lam: vals[Lam] * kit.mp(c)}
            for part in ("lo", "hi"):
                rel = s[part]
                sl = []
                for ratio in (S_v / min(s_bal, S_v), S_v / lb):  # W^SI is itself a minimizer: S_min <= S
                    w = {**v, RATIO: ratio}
                    lhs, rhs = (kit.evaluate(x, w, ctx.dps) if x.free_symbols else kit.mp(x) for x in rel.args)
                    gapv = (rhs - lhs) if isinstance(rel, (sympy.LessThan, sympy.StrictLessThan)) else (lhs - rhs)
                    sl.append(gapv / max(abs(lhs), abs(rhs)))
                out.append((min(sl), max(sl), f"{name} Sigma x {c} ({part}: {rel})", dg))
    return out


@claim("FM-Cor-smallinit-sharpness", text=r"$1\le\frac{S(\mathcal W^{\mathrm{SI}})}{S_{\min}}\le4\frac\Lambda\lambda$",
       expect=Verified, kind=Kind.NUMERIC, statement=COR_SHARP, hyp=H_COR,
       cites=("FM-Thm-sharpness-bounds-ii", "FM-Def-Smin"))
def cor_sharpness(ctx):
    """S(W^SI) by the full Hessian (digits by doubling); the ratio bracketed as in the module docstring."""
    def go():
        rows = _ratio_rows(ctx, ctx.s)
        tol = kit.tolerance(min(r[3] for r in rows))
        fail = [r for r in rows if r[1] < -tol]
        if fail:
            r = min(fail, key=lambda r: r[1])
            return Refuted("the ratio's relation fails on the whole bracket [S/S_bal, S/LB]", measured_digits=r[3],
                           counterexample={"instance": r[2], "relative slack (best end)": kit.nstr(r[1], 10)})
        und = [r for r in rows if r[0] < -tol]
        if und:
            return Inconclusive(f"{und[0][2]}: decided by S_min inside its bracket", reason=Reason.UNDECIDED)
        info = {"bracket [S/S_bal, S/LB]": {r[0]: [kit.nstr(r[6] / r[7], 8), kit.nstr(r[6] / r[8], 8)]
                                           for r in _final(ctx.dps)}}
        if ctx.mutating and ctx.printed is not None:
            theirs = _ratio_rows(ctx, ctx.printed)
            if all(m[0] >= t[0] - tol for m, t in zip(rows, theirs)):
                info[IMPLIED] = "at least as slack as the printed relations everywhere: a weaker statement"
        return Verified(f"holds on the whole bracket at {len(rows)} (instance, data scale, relation) rows",
                        n_digits=max(1, min(r[3] for r in rows)), points=tuple(r[2] for r in rows[:6]),
                        dps=ctx.dps, scope=_SCOPE + "; data scales Sigma x 1, 1/100, 100", info=info)
    return _with_hyp(ctx, go)


@claim("FM-Cor-smallinit", text=r"Corollary: if $32L\sqrt\varepsilon\le1$ and $\frac1nX^\top X$ is full rank, GF "
       "converges to a global minimizer W^SI that is rank-one, low-norm, aligned and low-sharpness",
       expect=Verified, kind=Kind.NUMERIC, hyp=H_COR,
       cites=("FM-Cor-smallinit-conv", "FM-Cor-smallinit-rank1", "FM-Cor-smallinit-lownorm",
              "FM-Cor-smallinit-align", "FM-Cor-smallinit-sharpness"))
def cor(ctx):
    """The conjunction of the five parts (each with its printed statement)."""
    parts = ((cor_conv, None), (cor_rank1, RANK1), (cor_lownorm, LOWNORM), (cor_align, COR_ALIGN),
             (cor_sharpness, COR_SHARP))
    out = None
    for fn, st in parts:
        out = fn(ctx.with_statement(st) if st is not None else ctx)
        if not isinstance(out, Verified):
            return out
    return Verified("all five parts hold: " + out.detail, n_digits=out.n_digits, points=out.points, dps=ctx.dps,
                    scope=_SCOPE)


# --------------------------------------------------------------------------------------------- summary slide
@claim("FM-Summary-SI-conv", text="Gradient flow from a small-scale initialization converges to a global minimum",
       expect=Verified, kind=Kind.NUMERIC, hyp=H_COR, cites=("FM-Cor-smallinit-conv",))
def summary_conv(ctx):
    return cor_conv(ctx)


@claim("FM-Summary-SI-structure", text="... has rank-one and aligned weight matrices", expect=Verified,
       kind=Kind.NUMERIC, hyp=H_COR + "; 'rank-one' and 'aligned' measured as (||W||_F^2 - ||W||_2^2)/||W||_2^2 and "
       "1 - <v_{k+1}, u_k>^2, both required below epsilon", cites=("FM-Cor-smallinit-rank1", "FM-Cor-smallinit-align"))
def summary_structure(ctx):
    rows = []
    with precision(_PREC):
        for r in _final(ctx.dps):
            svs = [svd1(W) for W in r[4]]
            rank_dev = max(tail2(W) / sv[0] ** 2 for W, sv in zip(r[4], svs))
            mis = max(1 - (svs[k + 1][2].T * svs[k][1])[0, 0] ** 2 for k in range(len(svs) - 1))
            rows.append((r[0], rank_dev, mis, r[2], r[1]))
    bad = [x for x in rows if max(x[1], x[2]) > x[3]]
    if bad:
        return Refuted("W^SI is not rank-one and aligned to within epsilon", counterexample={
            "instance": bad[0][0], "rank deviation": kit.nstr(bad[0][1], 8), "misalignment": kit.nstr(bad[0][2], 8),
            "epsilon": kit.nstr(bad[0][3], 8)})
    return Verified("relative rank deviation and misalignment at W^SI: " + ", ".join(
        f"{n}: {kit.nstr(a, 3)}, {kit.nstr(b, 3)} (eps {kit.nstr(e, 3)})" for n, a, b, e, _ in rows),
        n_digits=max(1, min(x[4] for x in rows)), points=tuple(x[0] for x in rows), dps=ctx.dps, scope=_SCOPE)


@claim("FM-Summary-SI-implicit", text="... is implicitly regularized towards small norm and small sharpness",
       expect=Verified, kind=Kind.NUMERIC, hyp=H_COR + "; 'small norm': sum_k ||W_k||_F^2 within a factor 1 + "
       "L eps of its minimum over minimizers, L ||pi*||^(2/L) (AM-GM, p = 1); 'small sharpness': S(W^SI) within a "
       "factor 4 Lambda/lambda of S_min (the corollary's bound)", cites=("FM-Cor-smallinit-sharpness",))
def summary_implicit(ctx):
    rows = []
    with precision(_PREC):
        for name, dg, eps, gap, Ws, vals, S_v, s_bal, lb in _final(ctx.dps):
            nrm = mpmath.fsum(mpmath.mnorm(W, "f") ** 2 for W in Ws)
            least = vals[L] * vals[npi] ** (2 / vals[L])
            rows.append((name, nrm / least, S_v / lb, 4 * vals[Lam] / vals[lam], eps, dg))
    bad = [x for x in rows if x[1] > 1 + 2 * x[4] or x[2] > x[3]]
    if bad:
        return Refuted("W^SI is not of small norm / small sharpness", counterexample={
            "instance": bad[0][0], "norm / least norm": kit.nstr(bad[0][1], 10), "S / lower bound": kit.nstr(
                bad[0][2], 10)})
    return Verified("norm / least norm and S / S_min-lower-bound: " + ", ".join(
        f"{x[0]}: {kit.nstr(x[1], 8)}, {kit.nstr(x[2], 6)}" for x in rows), n_digits=max(1, min(x[5] for x in rows)),
        points=tuple(x[0] for x in rows), dps=ctx.dps, scope=_SCOPE)


@claim("FM-Summary-SI", text="Deep linear networks with small-scale initialization: convergence, rank-one aligned "
       "weights, implicit regularization towards small norm and small sharpness", expect=Verified, kind=Kind.NUMERIC,
       hyp=H_COR, cites=("FM-Summary-SI-conv", "FM-Summary-SI-structure", "FM-Summary-SI-implicit"))
def summary(ctx):
    out = None
    for fn in (summary_conv, summary_structure, summary_implicit):
        out = fn(ctx)
        if not isinstance(out, Verified):
            return out
    return Verified("the three points hold: " + out.detail, n_digits=out.n_digits, points=out.points, dps=ctx.dps,
                    scope=_SCOPE)


cite_table({"FM-Cite-SI-prior": "prior work cited on the summary slide (Ji and Telgarsky 2018; Saxe et al.; "
                                "Lampinen and Ganguli; Gidel et al.; Varre et al.; Jacot et al.): attributions to "
                                "other "
                                "papers, not claims of this deck"})
