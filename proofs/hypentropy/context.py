r"""§1, §4 and §6 prose of 003 (spec §3.7): context, motivation and conclusion.

Attributions to other papers are cited (no verdict); the two sentences with checkable content are checked: the
initialization-scale remark (HY-S4-InitScale, an exact expectation) and the gap between the bounds and the
observed rates (HY-S4-Overall, the tightness measured on the trajectories of Lemma 3.6)."""

from __future__ import annotations

import mpmath
import sympy

from symflow.claims import Kind, Statement, claim, cite_table, kit, prose
from symflow.verdict import Proved, Refuted, Verified

__all__: list[str] = []

cite_table({
    "HY-Ctx-1": "context: Chizat and Bach 2020 (max-margin of two-layer networks); not re-derived",
    "HY-Ctx-2": "context: Woodworth et al. 2020 (l2 / l1-like implicit bias); the hypentropy regimes are checked by "
                "HY-S3.1-Regimes",
    "HY-Ctx-3": "context: Chizat and Bach 2020 on logistic-loss dynamics; motivation of the fixed directions",
})

prose("HY-S6-Concl", "Conclusion: bounds from a mirror-flow reparameterization and Lojasiewicz conditions; they do not "
      "describe the experiments accurately; the most accurate conditions are far from practice; two layers with fixed "
      "directions; the reparameterization seems specific to these assumptions.",
      "a summary and outlook with no quantified statement; its checkable parts are the claims it summarises "
      "(HY-Thm3.4, HY-Lem3.6, HY-Lem3.7, HY-S4-Overall)", cites=("HY-Thm3.4", "HY-Lem3.6", "HY-Lem3.7"))

al, m_, d_ = sympy.symbols("alpha m d", positive=True)
u = sympy.Symbol("u", real=True)
INIT = Statement(r_mean=(d_ - 1) * al ** 2 / (6 * m_))


@claim("HY-S4-InitScale", text="weights are initialized in R^{d x m} x R^m with a factor 1/sqrt(m); increasing the "
       "number of neurons then changes the hypentropy parameter (and the inductive bias)", expect=Proved, statement=INIT,
       hyp="entries i.i.d. uniform on [-alpha/sqrt(m), alpha/sqrt(m)] (HY-Exp-Protocol), a_j = |w_j|, no resampling")
def s4_initscale(ctx):
    """E[u^2] = c^2/3 for u uniform on [-c, c] (exact integral); r_j = (|w_j|^2 - b_j^2)/2 so E[r_j] = (d - 1)
    alpha^2/(6m): it depends on m (d/dm != 0).  The resampling of HY-Exp-Protocol rescales with alpha/sqrt(m) too (the
    condition is scale invariant), so r ∝ alpha^2/m either way."""
    c = al / sympy.sqrt(m_)
    Eu2 = sympy.integrate(u ** 2 / (2 * c), (u, -c, c))
    Er = (d_ * Eu2 - Eu2) / 2
    v = kit.identity(Er, ctx.s.r_mean, argument="symbolic alpha, m, d > 0: every initialization scale and size",
                    what="E[r_j]")
    if v.holds and sympy.diff(ctx.s.r_mean, m_) == 0:
        return Refuted("the printed mean does not depend on m", counterexample={"E[r]": str(ctx.s.r_mean)})
    return v


@claim("HY-S4-Overall", text="neither bound (Lemmas 3.6 and 3.7) appears to capture the observed behaviour accurately",
       expect=Verified, kind=Kind.NUMERIC, hyp="the six trajectories of HY-Lem3.6", cites=("HY-Lem3.6", "HY-Lem3.7"))
def s4_overall(ctx):
    """Tightness = observed rate -log(D(T)/D(0))/T divided by the printed kappa.  'Not accurate' is read as: more
    than the factor 2 that the proof knowingly loses (grad of 1/2 Phi_r is 1/(2R)-Lipschitz, HY-Lem3.6), for both
    kappa_1 and kappa_2, on every instance.  The ratios are reported (tightness table)."""
    from .global_rates import INSTANCES, trajectory

    rows, digits = {}, ctx.dps
    for k in range(len(INSTANCES)):
        tr = trajectory(k, ctx.dps)
        with mpmath.workdps(ctx.dps):
            obs = -mpmath.log(tr["D"][-1] / tr["D0"]) / tr["T"]
            k1 = tr["R"] / tr["op"] ** 2
            Cv = 2 * tr["m"] * mpmath.log(1 + 2 * tr["M"] / (tr["m"] * tr["R"]))
            k2 = 1 / (Cv ** 2 * tr["op"] ** 2)
            rows[f"instance {k}"] = (obs / k1, obs / k2)
        digits = min(digits, tr["digits"])
    info = {k: {"observed/kappa1": kit.nstr(v[0], 6), "observed/kappa2": kit.nstr(v[1], 6)} for k, v in rows.items()}
    if all(v[0] > 2 and v[1] > 2 for v in rows.values()):
        return Verified("observed rates exceed kappa1 and kappa2 by more than the factor 2 on every instance",
                        n_digits=max(1, digits - 5), points=tuple(rows), dps=ctx.dps, info=info,
                        scope="numeric, the 6 instances of Lemma 3.6 (small m; Figures 2, 3, 6 report the same gap)")
    return Refuted("a bound is close to the observed rate", counterexample=info)
