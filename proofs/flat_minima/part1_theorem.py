r"""§3.1 of the FM spec, continued: FM-Thm-sharpness and its two corollaries (FM-Cor-lr-fail,
FM-Cor-sharpness-sandwich).

Notation: :math:`c_L = \|\pi^*\|^{2-2/L}\|p\|^{2/L}`.  Every minimizer has :math:`S \ge 2Lac_L` and the balanced one
has :math:`S \le 2c_L(\Lambda + (L-1)a)` (FM-Thm-sharpness-bounds-ii, checked in ``backup``), so
:math:`S_{\min}/(2La\|\pi^*\|^2)` is squeezed between :math:`c_L/\|\pi^*\|^2` and
:math:`c_L(\Lambda + (L-1)a)/(La\|\pi^*\|^2)`, both :math:`\to 1` as :math:`L\to\infty`.  At finite L,
:math:`2La\|\pi^*\|^2` misses the factor :math:`(\|p\|/\|\pi^*\|)^{2/L}`: the corollaries fail when
:math:`\|\pi^*\| > \|p\|` (docs/errata.md).
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational as Q
from sympy import StrictGreaterThan

from symflow.claims import IMPLIED, Kind, Statement, claim, kit
from symflow.verdict import Inconclusive, Reason, Refuted, Verified

from . import _gd
from ._model import L, Lam, S, a, eta, exact_smin, np_, npi, values

__all__: list[str] = []

# ------------------------------------------------------------------------------------------------- the theorem
THM = Statement(equiv=2 * L * a * npi ** 2)
_CL = npi ** (2 - 2 / L) * np_ ** (2 / L)


@claim("FM-Thm-sharpness", text=r"$\inf_{\mathcal W\in\arg\min(R^L)}S(\mathcal W)\sim 2La\|\pi^*\|_2^2$",
       expect=Verified, statement=THM, cites=("FM-Thm-sharpness-bounds-ii", "FM-Def-a", "FM-Def-Smin"),
       hyp="reading: equivalence as L -> oo (data, p fixed)")
def thm_sharpness(ctx):
    """Exact limits (SymPy, symbolic a, Lambda, ||pi*||, ||p|| > 0) of the lower and upper bound of S_min divided by
    the statement's equivalent: both must be 1."""
    lower = 2 * L * a * _CL
    upper = 2 * _CL * (Lam + (L - 1) * a)
    lims = [sympy.limit(b / ctx.s.equiv, L, sympy.oo) for b in (lower, upper)]
    info = {"limit lower/equiv": str(lims[0]), "limit upper/equiv": str(lims[1])}
    if all(sympy.simplify(v - 1) == 0 for v in lims):
        return Verified("S_min / (2 L a ||pi*||^2) -> 1 as L -> oo (both bounds' limits are 1, exact)", exact=True,
                        points=("symbolic a, Lambda, ||pi*||, ||p||",), method="SymPy limit of the bounds of "
                        "FM-Thm-sharpness-bounds-ii", info=info,
                        scope="exact limit L -> oo for symbolic data; relies on the bounds of "
                              "FM-Thm-sharpness-bounds-ii (verified there)")
    bad = {npi: 2, np_: 1, a: 1, Lam: 2}
    return Refuted("the ratio to the printed equivalent does not tend to 1", counterexample={
        **info, "at": {str(k): str(v) for k, v in bad.items()},
        "limits there": [str(sympy.limit(b, L, sympy.oo).subs(bad)) for b in (lower / ctx.s.equiv,)]})


@claim("FM-Thm-sharpness/finite-L", text=r"reading '$\sim$' as equality at each L: $S_{\min} = 2La\|\pi^*\|^2$",
       expect=Refuted, kind=Kind.NUMERIC, statement=THM, cites=("FM-Def-Smin",))
def thm_sharpness_finite(ctx):
    """In width 1 S_min is exact (balanced minimizer, _model): compare with the statement at each L."""
    for name in ("d1-L2", "d1-L3", "d1-L4"):
        smin, dg = exact_smin(name, ctx.dps)
        printed = kit.evaluate(ctx.s.equiv, values(name, ctx.dps), ctx.dps)
        v = kit.compare(smin, printed, digits=dg, what=f"S_min at {name}", point={"instance": name})
        if isinstance(v, Refuted):
            return v
    return v


# -------------------------------------------------------------------------------------------- the corollaries
LR_FAIL = Statement(thr=1 / (L * a * npi ** 2))
# the data (a, ||pi*||, ||p||) and the depth L >= 1 are positive; "GD fails if eta > thr": a larger thr is weaker
_DATA_DOMAIN = {"positive": (L, a, npi, np_, S, eta), "integer": (L,)}
LR_FAIL_CORRECTED = Statement(thr=1 / (L * a * _CL)).assuming(**_DATA_DOMAIN).monotone("thr", "larger")
_LR_CASES = (("d1-L2", "near balanced"), ("d1-L3", "near balanced"), ("d1-L2-p", "near balanced"),
             ("d2-L3", "near balanced"), ("d2-L2-p", "near balanced"), ("d1-L4", "near balanced"))


def _lr_fail(ctx):
    """eta = thr (1 + 1/20) with thr from the statement at each instance: GD from a perturbed balanced minimizer
    (the flattest) must fail; a run that converges refutes."""
    rows, wider = [], True
    for name, init in _LR_CASES:
        vals = values(name, ctx.dps)
        thr = kit.evaluate(ctx.s.thr, vals, ctx.dps)
        if ctx.printed is not None:
            wider = wider and thr >= kit.evaluate(ctx.printed.thr, vals, ctx.dps) * (1 - mpmath.mpf(10) ** -20)
        e = sympy.nsimplify(mpmath.nstr(thr * Q(21, 20), 15), rational=True)
        if e <= 0:
            return Refuted("the threshold is not positive", counterexample={"instance": name, "threshold":
                                                                            kit.nstr(thr, 15)})
        out = _gd.run(name, init, e, ctx.dps, ctx.fast)
        rows.append((name, e, out))
        if out.converged:
            return Refuted("GD converges to a minimizer above the printed threshold", measured_digits=out.digits,
                           counterexample={"instance": name, "init": init, "threshold": kit.nstr(thr, 15),
                                           "eta": str(e), **out.info()})
    stable = _stable_below(ctx)
    if stable is not None:
        return stable
    info = {IMPLIED: "a larger threshold: implied by the printed claim"} if ctx.mutating and wider else {}
    return Verified(f"GD fails just above the threshold at {len(rows)} instances", info=info,
                    n_digits=max(1, min(o.digits for *_, o in rows)), dps=ctx.dps,
                    points=tuple(f"{n} eta={e}" for n, e, _ in rows),
                    scope=f"instances {[n for n, _ in _LR_CASES]}, eta = 21/20 x threshold, GD from a perturbed "
                          "balanced minimizer; outcome agreed at dps and 2 dps")


def _stable_below(ctx):
    r"""A threshold below :math:`2/S_{\min}` at a width-1 instance (S_min exact there) claims failure at steps
    :math:`\eta \in (\text{thr}, 2/S_{\min})`, where GD does not fail: in width 1 the minimizers form a manifold
    of codimension 1 on which the Hessian has rank 1 (its one nonzero eigenvalue is S), so at the balanced
    minimizer the GD map has derivative :math:`1 - \eta S_{\min} \in (-1, 1)` across the manifold and 1 along
    it: the manifold is normally attracting there and GD converges from an open set of initializations."""
    for name, _ in _LR_CASES:
        if not name.startswith("d1"):
            continue
        smin, dg = exact_smin(name, ctx.dps)
        thr = kit.evaluate(ctx.s.thr, values(name, ctx.dps), ctx.dps)
        if thr * smin < 2 * (1 - kit.tolerance(dg)):
            return Refuted("the threshold is below 2/S_min, where the flattest minimizer is linearly stable",
                           measured_digits=dg, counterexample={
                               "instance": name, "threshold": kit.nstr(thr, 20), "2/S_min": kit.nstr(2 / smin, 20),
                               "at eta in (threshold, 2/S_min)": "|1 - eta S_min| < 1 across the minimizer manifold "
                               "(width 1: Hessian of rank 1 on a codimension-1 manifold): GD converges from an "
                               "open set of initializations near the balanced minimizer"})
    return None


@claim("FM-Cor-lr-fail", text=r"GD fails if $\eta>\frac{1}{La\|\pi^*\|_2^2}$", expect=Refuted, kind=Kind.NUMERIC,
       statement=LR_FAIL, cites=("FM-Thm-sharpness",))
@claim("FM-Cor-lr-fail/corrected", text=r"GD (from a generic initialization) fails if "
       r"$\eta>\frac{1}{La\|\pi^*\|^{2-2/L}\|p\|^{2/L}}$", expect=Verified, kind=Kind.NUMERIC,
       statement=LR_FAIL_CORRECTED, cites=("FM-Thm-sharpness-bounds-ii", "FM-Claim-DNL-interpretation/generic"))
def cor_lr_fail(ctx):
    return _lr_fail(ctx)


# the two inequalities of the sandwich as two concluded parts (their conjunction is the printed statement)
SANDWICH = Statement(lo=2 * L * a * npi ** 2 <= S, hi=S <= 2 / eta)
SANDWICH_CORRECTED = Statement(lo=2 * L * a * _CL <= S, hi=S <= 2 / eta).assuming(**_DATA_DOMAIN).monotone(
    "lo", "looser").monotone("hi", "looser")
# (instance, init, eta): balanced inits (exact balanced limit in width 1: S = the lower bound) and steps with
# 2/eta just above the sharpness reached (S in (1/eta, 2/eta)); one step eta > 1 (the flat instance, S_min = 1/25), so
# that 2/eta is not always above 2/eta^2
_TRAIN = (("d1-L2", "balanced (1/10)", Q(9, 80)), ("d1-L3", "balanced (1/2)", Q(2, 5)),
          ("d1-L2-p", "near balanced", Q(1, 2)), ("d2-L3", "near balanced", Q(1, 20)),
          ("d2-L3", "near balanced", Q(1, 11)), ("d2-L2-p", "small (1/10)", Q(1, 20)),
          ("d1-L4", "balanced (1/2)", Q(1, 4)), ("d1-L2", "small (1/10)", Q(1, 40)),
          ("d1-L2-flat", "balanced (1/10)", Q(30)))


@claim("FM-Cor-sharpness-sandwich", text=r"After training to a minimizer, $2La\|\pi^*\|_2^2\le S(\mathcal W)\le"
       r"\frac2\eta$", expect=Refuted, kind=Kind.NUMERIC, statement=SANDWICH, cites=("FM-Thm-sharpness",))
@claim("FM-Cor-sharpness-sandwich/corrected", text=r"After training to a minimizer, $2La\|\pi^*\|^{2-2/L}"
       r"\|p\|^{2/L}\le S(\mathcal W)\le\frac2\eta$", expect=Verified, kind=Kind.NUMERIC,
       statement=SANDWICH_CORRECTED, cites=("FM-Thm-sharpness-bounds-ii",))
def cor_sandwich(ctx):
    """GD runs that converge (listed in _TRAIN); at the limit both inequalities of the statement are evaluated
    with the measured sharpness (closed form at a minimizer, dps vs 2 dps)."""
    rows = []
    for name, init, e in _TRAIN:
        out = _gd.run(name, init, e, ctx.dps, ctx.fast)
        if not out.converged:
            return Inconclusive(f"GD did not converge at {name}, {init}, eta = {e}", reason=Reason.UNDECIDED)
        vals = {**values(name, ctx.dps), S: out.sharpness, eta: e}
        rows.append((name, init, e, out, vals))
    return _sandwich_verdict(ctx, rows)


def _slacks(statement, rows, dps):
    """(relative slack, row, relation, lhs, rhs) of each inequality of the statement at each trained minimizer."""
    out = []
    for row in rows:
        vals = row[4]
        for part in (statement.lo, statement.hi):
            lhs, rhs = (kit.evaluate(x, vals, dps) if getattr(x, "free_symbols", None) else kit.mp(x)
                        for x in (part.lhs, part.rhs))
            slack = (rhs - lhs) / max(abs(lhs), abs(rhs))
            if isinstance(part, (sympy.GreaterThan, StrictGreaterThan)):
                slack = -slack
            out.append((slack, row, part, lhs, rhs))
    return out


def _sandwich_verdict(ctx, rows):
    mine = _slacks(ctx.s, rows, ctx.dps)
    slack, (name, init, e, out, _), part, lhs, rhs = min(mine, key=lambda r: r[0])
    if slack < -kit.tolerance(out.digits):
        return Refuted(f"the trained minimizer violates {part}", measured_digits=out.digits, counterexample={
            "instance": name, "init": init, "eta": str(e), "relation": str(part), "lhs": kit.nstr(lhs, 20),
            "rhs": kit.nstr(rhs, 20), **out.info()})
    info = {}
    if ctx.mutating and ctx.printed is not None:
        theirs = _slacks(ctx.printed, rows, ctx.dps)
        if len(theirs) == len(mine) and all(m[0] >= t[0] - kit.tolerance(m[1][3].digits) for m, t in
                                            zip(mine, theirs)):
            info[IMPLIED] = "every inequality is at least as slack as the printed one: a weaker statement"
    return Verified(f"{len(mine)} inequalities hold at {len(rows)} trained minimizers; smallest relative slack "
                    f"{kit.nstr(slack, 6)} ({name}, {init}, eta = {e})", n_digits=max(1, out.digits), info=info,
                    points=tuple(f"{r[0]} {r[1]} eta={r[2]}" for r in rows), dps=ctx.dps,
                    scope=f"GD runs {[(r[0], r[1], str(r[2])) for r in rows]}")
