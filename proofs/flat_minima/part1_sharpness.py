r"""§3.1 of the FM spec (Part I): the learning-rate condition, the critical step, the sharpness theorem and its
corollaries.

Readings.  ``~`` in FM-Thm-sharpness is read as the large-depth equivalent (the issue and the slide's "large-depth"
framing; no other parameter grows), checked as an exact limit L -> oo of the bounds of FM-Thm-sharpness-bounds-ii;
the finite-L reading (equality) is the suffixed entry ``/finite-L``.  "GD cannot converge" (FM-Claim-DNL-
interpretation) is read for every initialization as printed; the reading "from a generic initialization" is
``/generic``.  "sup S" of FM-Claim-descent-lemma is read for a quadratic objective (the slide's "convex
optimization" frame); for the deep linear risk (``/deep-linear``) sup S is infinite.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational as Q
from sympy import StrictGreaterThan, StrictLessThan

from symflow import sharpness as sh
from symflow.claims import IMPLIED, Kind, Statement, claim, kit
from symflow.precision import precision
from symflow.verdict import Inconclusive, Reason, Refuted, Verified

from . import _gd
from ._model import INSTANCES, S, Smin, eta, exact_smin

__all__: list[str] = []

# ------------------------------------------------------------------------------------------ quadratic objectives
# lambda_max above and below 1 (an exponent of S then moves 2/S both ways); r = 1 is the edge eta = 2/lambda_max
_H = (sympy.diag(3, 1), sympy.Matrix([[2, 1], [1, 2]]), sympy.diag(Q(1, 5), Q(1, 2), 4), sympy.Matrix([[5, 2], [2, 2]]),
      sympy.diag(Q(1, 2), Q(1, 5)))
_R = (Q(1, 4), Q(1, 2), Q(9, 10), Q(99, 100), 1, Q(101, 100), Q(11, 10), Q(3, 2), Q(19, 10), Q(21, 10), 3)
DESCENT = Statement(cond=StrictLessThan(eta, 2 / S)).assuming(positive=(eta, S)).monotone("cond", "tighter")
# the same condition, concluded: "convergence => eta < 2/S" (necessity): a looser condition is weaker
NECESSARY = DESCENT.monotone("cond", "looser")


def _holds(rel, sub) -> bool:
    return bool(rel.subs(sub))


def _quad_rows(s):
    """(H, lambda_max, eta, cond(eta) under s, cond under the printed form) over the grid of steps."""
    for H in _H:
        lmax = max(H.eigenvals())
        for r in _R:
            e = r * 2 / lmax
            yield H, lmax, e, _holds(s.cond, {eta: e, S: lmax})


def _quadratic_verdict(ctx, judge, what: str):
    bad, n = None, 0
    for H, lmax, e, ok in _quad_rows(ctx.s):
        n += 1
        cex = judge(H, lmax, e, ok)
        if cex is not None:
            bad = cex
            break
    if bad is not None:
        return Refuted(f"{what}: fails for a quadratic", counterexample=bad)
    info = {}
    if ctx.mutating and ctx.printed is not None:
        mine = [ok for *_, ok in _quad_rows(ctx.s)]
        printed = [ok for *_, ok in _quad_rows(ctx.printed)]
        if judge.__name__ == "_descent" and all(p or not m for m, p in zip(mine, printed)):
            info[IMPLIED] = "the mutated condition admits no step the printed one excludes (a weaker claim)"
        if judge.__name__ == "_necessary" and all(m or not p for m, p in zip(mine, printed)):
            info[IMPLIED] = "the mutated condition is implied by the printed one (a weaker necessary condition)"
    return Verified(f"{what}: exact over QQ for {len(_H)} Hessians x {len(_R)} steps", exact=True,
                    points=tuple(str(H.tolist()) for H in _H), scope=f"exact, quadratics f = x^T H x / 2 with H in "
                    f"{[H.tolist() for H in _H]}, steps eta = r 2/lambda_max, r in {[str(r) for r in _R]}",
                    method="exact rational arithmetic", info=info)


def _descent(H, lmax, e, ok):
    """Where the condition admits eta: one GD step from each eigenvector and a generic x decreases f."""
    if not ok:
        return None
    vecs = [v for _, _, vs in H.eigenvects() for v in vs] + [sympy.Matrix([1] * H.rows)]
    for x in vecs:
        g = H * x
        f0 = (x.T * H * x)[0, 0] / 2
        x1 = x - e * g
        f1 = (x1.T * H * x1)[0, 0] / 2
        if not f1 < f0:
            return {"H": str(H.tolist()), "eta": str(e), "x": str(list(x)), "f(x)": str(f0), "f(x - eta grad)":
                    str(f1)}
    return None


@claim("FM-Claim-descent-lemma", text=r"Convex optimization: descent lemma holds if $\eta<\frac{2}{\sup_{\mathcal W}"
       r"S(\mathcal W)}\Leftrightarrow\sup S<\frac2\eta$", expect=Verified, statement=DESCENT,
       hyp="a quadratic objective (Hessian H, sup S = lambda_max(H)); 'descent' = f(x - eta grad f) < f(x)")
def descent_lemma(ctx):
    """For f = x^T H x / 2, f(x - eta g) - f(x) = -eta |g|^2 + eta^2 g^T H g / 2 < 0 iff eta < 2/lambda on the
    eigenvector of lambda: checked exactly at every step of the grid the statement admits."""
    return _quadratic_verdict(ctx, _descent, "descent lemma")


def _necessary(H, lmax, e, ok):
    """Convergence of GD on a quadratic (exact: every |1 - eta lambda_i| < 1) must imply the condition."""
    lams = list(H.eigenvals())
    conv = all(abs(1 - e * li) < 1 for li in lams)
    if conv and not ok:
        return {"H": str(H.tolist()), "eta": str(e), "|1 - eta lambda_i|": [str(abs(1 - e * li)) for li in lams],
                "GD": "converges (spectral radius of I - eta H below 1)", "condition": "false"}
    return None


@claim("FM-Claim-quadratic-necessary", text="For a quadratic objective the condition is necessary for convergence.",
       expect=Verified, statement=NECESSARY, hyp="quadratic f = x^T H x / 2, an initialization with a component on "
       "every eigenvector (generic)")
def quadratic_necessary(ctx):
    """GD on a quadratic is x_t = (I - eta H)^t x_0: it converges iff max |1 - eta lambda_i| < 1, i.e. eta <
    2/lambda_max; checked exactly over the grid (convergence => the statement's condition)."""
    return _quadratic_verdict(ctx, _necessary, "necessity for quadratics")


@claim("FM-Claim-descent-lemma/deep-linear", text=r"for the deep linear risk, $\sup_{\mathcal W}S(\mathcal W)=\infty$ "
       "(the condition admits no eta > 0)", expect=Verified, kind=Kind.NUMERIC, cites=("FM-Claim-arbitrarily-sharp",))
def descent_deep_linear(ctx):
    """S(W^C) along the rescaling C of a minimizer grows like C^2 (closed form at a minimizer, digits measured):
    S(W^C)/C^2 tends to a positive constant, so sup S = oo."""
    prob, dims = INSTANCES["d2-L3"]
    rows = []
    for c in (10, 100, 1000):
        build = sh.minimizer(prob, dims, scales=[Q(1, c), c, 1])

        def comp(prec, build=build):
            with precision(prec):
                return sh.minimizer_sharpness(build(prec), prob)
        m = kit.measured(comp, ctx.dps)
        rows.append((c, m.values[0], m.digits))
    ratios = [v / c ** 2 for c, v, _ in rows]
    digits = min(dg for *_, dg in rows)
    if ratios[-1] > 0 and abs(ratios[-1] / ratios[-2] - 1) < Q(1, 100):
        return Verified(f"S(W^C)/C^2 = {kit.nstr(ratios[-1], 10)} at C = 1000 (C = 100: {kit.nstr(ratios[-2], 10)}): "
                        "S grows like C^2, sup S = oo", n_digits=max(1, digits), points=("d2-L3, C = 10, 100, 1000",),
                        dps=ctx.dps, scope="instance d2-L3, rescalings (1/C, C, 1), C = 10, 100, 1000")
    return Inconclusive("S(W^C)/C^2 not settled", reason=Reason.UNDECIDED)


@claim("FM-Claim-critical-lr", text=r"GD fails when $\eta$ exceeds a critical value.", expect=Verified,
       kind=Kind.NUMERIC, cites=("FM-Fig-critical-lr",), hyp="critical value 2/S_min; GD from a perturbed minimizer "
       "and a small initialization; 'fails' = does not converge to a minimizer within the step budget")
def critical_lr(ctx):
    """On width-1 instances (S_min exact): GD converges at eta = 1/2 * 2/S_min and fails at 3/2 * 2/S_min."""
    rows = []
    for name in ("d1-L2", "d1-L3"):
        smin, _ = exact_smin(name, ctx.dps)
        crit = sympy.nsimplify(mpmath.nstr(2 / smin, 12), rational=True)
        for r, want in ((Q(1, 2), True), (Q(3, 2), False)):
            for init in ("near balanced", "small (1/10)"):
                out = _gd.run(name, init, r * crit, ctx.dps, ctx.fast)
                rows.append((name, init, str(r * crit), out))
                if out.converged != want:
                    return Refuted("GD does not switch at the critical step", counterexample={
                        "instance": name, "init": init, "eta": str(r * crit), **out.info()})
    return Verified("GD converges at half the critical step 2/S_min and fails at 3/2 of it "
                    f"({len(rows)} runs)", n_digits=max(1, min(o.digits for *_, o in rows if o.converged)),
                    points=tuple(f"{n} {i} eta={e}" for n, i, e, _ in rows), dps=ctx.dps,
                    scope="instances d1-L2, d1-L3; eta = 1/2 and 3/2 x 2/S_min; two initializations")


# ------------------------------------------------------------------------------------------------- DNL reading
DNL = Statement(cond=StrictGreaterThan(Smin, 2 / eta)).assuming(positive=(Smin, eta)).monotone("cond", "tighter")
_DNL_R = (Q(1, 2), Q(9, 10), Q(21, 20), Q(3, 2), 3)


@claim("FM-Claim-DNL-interpretation", text=r"Interpretation: GD cannot converge to a minimizer as soon as "
       r"$\inf_{\mathcal W\in\arg\min(R^L)}S(\mathcal W)>\frac2\eta$", expect=Refuted, statement=DNL,
       cites=("FM-Cite-DNL-implicit",), hyp="every initialization (as printed)")
def dnl_interpretation(ctx):
    r"""Width 1, L = 2, :math:`\Sigma = 1`, :math:`\pi^* = 4`, p = 1: :math:`S_{\min} = 16` (balanced layers 2, 2).
    On the diagonal :math:`w_1 = w_2 = x` one GD step is :math:`x \mapsto x - 2\eta(x^2 - 4)x`; at
    :math:`\eta = 1/2` it maps :math:`x_0 = \sqrt2 - 1` exactly onto the minimizer (2, 2) (:math:`x^3 - 5x + 2 =
    (x - 2)(x^2 + 2x - 1)`), where GD stays.  The check solves the landing equation exactly for each step the
    statement's condition admits and re-runs the step in exact arithmetic."""
    prob, _ = INSTANCES["d1-L2"]
    smin = 16  # exact: 2 a L ||pi*|| at the balanced minimizer (2, 2), d = 1 (see _model)
    x, h = sympy.symbols("x h", real=True)
    for e in (Q(1, 2), Q(1, 4), 1):
        if not _holds(ctx.s.cond, {Smin: smin, eta: e}):
            continue
        step = x - 2 * e * (x ** 2 - 4) * x
        for root in sympy.solve(sympy.Eq(step, 2), x):
            if root.is_real and sympy.simplify(root - 2) != 0:
                x1 = sympy.expand(step.subs(x, root))
                grad1 = sympy.expand(2 * (x1 * x1 - 4) * x1)
                if x1 == 2 and grad1 == 0:
                    return Refuted("GD lands exactly on a minimizer and stays although S_min > 2/eta",
                                   counterexample={"instance": "d = 1, L = 2, Sigma = 1, pi* = 4, p = 1",
                                                   "S_min": str(smin), "eta": str(e), "2/eta": str(2 / e),
                                                   "W(0)": f"({root}, {root})", "W(1)": "(2, 2) exactly",
                                                   "grad R(W(1))": "0: GD stays at the minimizer"})
    return Inconclusive("no exact landing found at the steps the condition admits", reason=Reason.UNDECIDED)


@claim("FM-Claim-DNL-interpretation/generic", text=r"from a generic initialization, GD does not converge to a "
       r"minimizer when $S_{\min}>2/\eta$", expect=Verified, kind=Kind.NUMERIC, statement=DNL,
       hyp="width-1 instances (S_min exact); inits: perturbed minimizers, small and generic; eta = r 2/S_min")
def dnl_generic(ctx):
    """For each step eta = r 2/S_min (r in a grid) that the statement's condition admits, GD from three
    initializations must fail; a converging run at an admitted step refutes."""
    rows = []
    for name in ("d1-L2", "d1-L3", "d1-L2-flat"):
        smin, _ = exact_smin(name, ctx.dps)
        crit = sympy.nsimplify(mpmath.nstr(2 / smin, 15), rational=True)
        for r in _DNL_R:
            e = r * crit
            if not _holds(ctx.s.cond, {Smin: smin, eta: e}):
                continue
            for init in ("near balanced", "small (1/10)", "generic (1/2)"):
                out = _gd.run(name, init, e, ctx.dps, ctx.fast)
                rows.append((name, init, e, out))
                if out.converged:
                    return Refuted("GD converges to a minimizer although the condition holds",
                                   measured_digits=out.digits, counterexample={
                                       "instance": name, "init": init, "eta": str(e), "S_min": kit.nstr(smin, 20),
                                       **out.info()})
    info = {}
    if ctx.mutating and ctx.printed is not None:
        mine = [_holds(ctx.s.cond, {Smin: 1, eta: 2 * r}) for r in _DNL_R]
        theirs = [_holds(ctx.printed.cond, {Smin: 1, eta: 2 * r}) for r in _DNL_R]
        if all(t or not m for m, t in zip(mine, theirs)):
            info[IMPLIED] = "the mutated condition admits no step the printed one excludes (a weaker claim)"
    if not rows:
        return Verified("the condition admits no step of the grid (vacuous)", exact=True, points=("grid",),
                        scope="vacuous on the grid", info={IMPLIED: "vacuous condition"} if ctx.mutating else {})
    return Verified(f"GD fails at every admitted step ({len(rows)} runs)",
                    n_digits=max(1, min(o.digits for *_, o in rows)),
                    points=tuple(f"{n} {i} eta={e}" for n, i, e, _ in rows[:6]), dps=ctx.dps, info=info,
                    scope="width-1 instances d1-L2, d1-L3, d1-L2-flat (S_min = 0.04), steps r 2/S_min with r in "
                          f"{[str(r) for r in _DNL_R]}, three initializations; outcome agreed at dps and 2 dps")
