r"""§3.2 of the FM spec: the backup slides of Part I -- the unique regressor, "all minimizers implement it", the
bounds on the smallest sharpness, and "minimizers can be arbitrarily sharp".

How the bounds are tested: every minimizer :math:`\mathcal W` gives :math:`S_{\min} \le S(\mathcal W)` (closed form
at a minimizer, :func:`symflow.sharpness.minimizer_sharpness`, digits by precision doubling), so a lower bound
above some :math:`S(\mathcal W)` is refuted anywhere; in width 1 :math:`S_{\min}` is exact (``_model``), so an upper
bound is tested there.  Readings: FM-Thm-sharpness-bounds-i prints :math:`S_{\min}` on the left and layers
:math:`W_k` on the right with no quantifier; the printed reading is "for every minimizer, :math:`S_{\min} \ge`
the right side at it" (refuted by rescaling one layer); the per-minimizer reading :math:`S(\mathcal W) \ge \dots`
is ``/per-minimizer``.  FM-Claim-arbitrarily-sharp omits :math:`\|p\|`: ``/mlp`` checks it at p = 1,
``/corrected`` with the factor :math:`\|p\|^{1/L}`.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational as Q
from sympy import Symbol

from symflow import sharpness as sh
from symflow.claims import IMPLIED, Kind, Statement, claim, kit
from symflow.precision import precision
from symflow.verdict import Refuted, Verified

from ._model import (C, EXACT, EXTREME, INSTANCES, L, Lam, a, exact_smin, lam, minimizers, np_, npi, scaled,
                     smin_upper, values)

__all__: list[str] = []

# ------------------------------------------------------------------------------------- the regressor, the function
_DATA = {1: ([[1], [2], [-1]], [1, 0, 2]), 2: ([[1, 0], [1, 2], [-1, 1]], [1, 3, -2])}


def _ls_entries(d: int):
    """n R(pi) = y^T y - 2 pi^T b + pi^T A pi with A = X^T X (symmetric, symbols), b = X^T y: every n at once."""
    A = sympy.Matrix(d, d, lambda i, j: Symbol(f"A{min(i, j)}{max(i, j)}"))
    b = sympy.Matrix(d, 1, lambda i, _: Symbol(f"b{i}"))
    pi = sympy.Matrix(d, 1, lambda i, _: Symbol(f"pi{i}"))
    star = A.adjugate() * b / A.det()
    nR = lambda v: (-2 * v.T * b + v.T * A * v)[0, 0]  # noqa: E731  (y^T y cancels in the difference)
    gap = pi - star
    D2 = A.det() ** 2  # cleared denominators: both sides times det(A)^2 are polynomials over QQ
    return [("det^2 n (R(pi) - R(pi*)) = det^2 (pi - pi*)^T A (pi - pi*)",
             sympy.expand(sympy.cancel(D2 * (nR(pi) - nR(star)))),
             sympy.expand(sympy.cancel(D2 * (gap.T * A * gap)[0, 0])))]


@claim("FM-Claim-unique-pi", text=r"If $\frac1nX^\top X$ is full rank, the linear regression of y on X has a unique "
       r"minimizer $\pi^*$", expect=Verified, cites=("FM-Ass-fullrank",),
       hyp="symbolic A = X^T X (symmetric) and b = X^T y, so every n; Sigma = A / n positive definite")
def unique_pi(ctx):
    """R(pi) - R(pi*) = (pi - pi*)^T Sigma (pi - pi*) with pi* = (X^T X)^{-1} X^T y, exact in the entries of X, y:
    with Sigma positive definite the right side is > 0 for pi != pi*, so pi* is the unique minimizer."""
    return kit.at_sizes(_ls_entries, [1, 2], what="least-squares identity (every n)", names="d")


def _same_function_entries(*dims):
    X, y = _DATA[dims[0]]
    prob = sh.least_squares_problem(X, y)
    Ws = [sympy.Matrix(dims[k], dims[k - 1], lambda r, c, k=k: Symbol(f"W{k}_{r}{c}")) for k in range(1, len(dims))]
    prod = sympy.eye(dims[0])
    for W in Ws:
        prod = W * prod
    pi = prod.T  # p = 1
    Xm, ym = sympy.Matrix(X), sympy.Matrix(y)
    n = Xm.rows
    R = ((ym - Xm * pi).T * (ym - Xm * pi))[0, 0] / n
    rmin = ((ym - Xm * prob.pi_star).T * (ym - Xm * prob.pi_star))[0, 0] / n
    e = pi - sympy.Matrix(prob.pi_star)
    return [("R^L(W) - R_min = (pi(W) - pi*)^T Sigma (pi(W) - pi*)", R - rmin, (e.T * prob.Sigma * e)[0, 0])]


@claim("FM-Claim-same-function", text=r"Consequence: all minimizers of $R^L(\mathcal W)$ are equal in function space "
       r"to "
       r"$x\mapsto x^\top\pi^*$", expect=Verified, cites=("FM-Claim-unique-pi", "FM-Def-risk"),
       hyp="p = 1 (MLP), widths >= 1, Sigma full rank")
def same_function(ctx):
    r""":math:`R^L(\mathcal W) - R_{\min} = (\pi(\mathcal W) - \pi^*)^\top\Sigma(\pi(\mathcal W) - \pi^*)`, exact in
    the layer entries at listed widths: with :math:`\Sigma \succ 0` it vanishes iff :math:`\pi(\mathcal W) = \pi^*`
    (and the balanced factorization attains it, so argmin is not empty)."""
    return kit.at_sizes(_same_function_entries, [(1, 1, 1), (2, 2, 1), (2, 1, 2, 1)], what="risk of the product",
                        names="widths")


# ------------------------------------------------------------------------------------------------- the bounds
SUMINV = Symbol("sum_inv_normF", positive=True)
NW2 = Symbol("normF_W2", positive=True)
# the domain: positive data and norms, depth L a positive integer; a lower bound is weaker when smaller, an upper
# bound when larger
_DOMAIN = {"positive": (a, npi, np_, L, Lam, lam, SUMINV, NW2, C), "integer": (L,)}
BOUNDS_I = Statement(rhs=2 * a * npi ** (2 - 1 / L) * np_ ** (1 / L) * SUMINV).assuming(**_DOMAIN).monotone(
    "rhs", "smaller")
BOUNDS_II = Statement(lo=2 * npi ** (2 - 2 / L) * np_ ** (2 / L) * L * a,
                      hi=2 * npi ** (2 - 2 / L) * np_ ** (2 / L) * sympy.sqrt((2 * L - 1) * Lam ** 2 + (L - 1) ** 2 *
                                                                                 a ** 2)).assuming(
    **_DOMAIN).monotone("lo", "smaller").monotone("hi", "larger")


@kit.cached
def _rows(dps: int):
    """(instance, minimizer label, S(W) and its digits, sum_k 1/||W_k||_F, ||W_2||_F) over every listed minimizer."""
    out = []
    for name, (prob, dims) in INSTANCES.items():
        for label, build in minimizers(name):
            def comp(prec, build=build):
                with precision(prec):
                    Ws = build(prec)
                    return [sh.minimizer_sharpness(Ws, prob), mpmath.fsum(1 / mpmath.mnorm(W, "f") for W in Ws),
                            mpmath.mnorm(Ws[1], "f") if len(Ws) > 1 else mpmath.mpf(1)]
            m = kit.measured(comp, dps)
            out.append((name, label, m.values[0], m.digits, m.values[1], m.values[2]))
    return out


def _verdict(ctx, rows, slack_of, what: str, scope: str):
    """rows -> (slack, label, lhs, rhs, digits) under the statement in force; Refuted at the worst negative slack,
    else Verified (IMPLIED when every slack is at least the printed one's)."""
    mine = slack_of(ctx.s)
    worst = min(mine, key=lambda r: r[0])
    if worst[0] < -kit.tolerance(worst[4]):
        return Refuted(f"{what}: fails at {worst[1]}", measured_digits=worst[4], counterexample={
            "instance": worst[1], "lhs": kit.nstr(worst[2], 20), "rhs": kit.nstr(worst[3], 20),
            "note": "a value with an imaginary part is a bound that is not real" if worst[0] == -1 else "",
            "relative slack": kit.nstr(worst[0], 10)})
    info = {"smallest relative slack": kit.nstr(worst[0], 8), "at": worst[1]}
    if ctx.mutating and ctx.printed is not None:
        theirs = slack_of(ctx.printed)
        if all(m[0] >= t[0] - kit.tolerance(m[4]) for m, t in zip(mine, theirs)):
            info[IMPLIED] = "at least as slack as the printed bound everywhere: a weaker statement"
    return Verified(f"{what}: holds at {len(mine)} instances, smallest relative slack {kit.nstr(worst[0], 6)} "
                    f"({worst[1]})", n_digits=max(1, min(r[4] for r in mine)), points=tuple(r[1] for r in mine[:8]),
                    dps=ctx.dps, info=info, scope=scope)


def _rel(lo, hi):
    """Relative slack of lo <= hi; a bound that is not real (a mutated square root of a negative) fails: -1."""
    if isinstance(lo, mpmath.mpc) or isinstance(hi, mpmath.mpc):
        return mpmath.mpf(-1)
    return (hi - lo) / max(abs(lo), abs(hi), mpmath.mpf(10) ** -40)


def _ii_slacks(ctx):
    def slack_of(s):
        out = []
        for name, label, Sw, dg, _, _ in _rows(ctx.dps):
            v = values(name, ctx.dps)
            lo = kit.evaluate(s.lo, v, ctx.dps)
            out.append((_rel(lo, Sw), f"{name} {label}: lo <= S(W)", lo, Sw, dg))
        for name in EXACT:
            v = values(name, ctx.dps)
            smin, dg = exact_smin(name, ctx.dps)
            hi = kit.evaluate(s.hi, v, ctx.dps)
            lo = kit.evaluate(s.lo, v, ctx.dps)
            out.append((_rel(smin, hi), f"{name}: S_min <= hi (S_min exact)", smin, hi, dg))
            out.append((_rel(lo, smin), f"{name}: lo <= S_min (S_min exact)", lo, smin, dg))
        return out
    return slack_of


@claim("FM-Thm-sharpness-bounds-ii", text=r"$2\|w^*\|_2^{2-\frac2L}\|p\|_2^{\frac2L}La\le S_{\min}\le2\|w^*\|_2^{2-"
       r"\frac2L}\|p\|_2^{\frac2L}\sqrt{(2L-1)\Lambda^2+(L-1)^2a^2}$", expect=Verified, kind=Kind.NUMERIC,
       statement=BOUNDS_II, cites=("FM-Def-Smin", "FM-Def-a", "FM-Def-eigs"))
def bounds_ii(ctx):
    """Lower bound: below S(W) at every listed minimizer of every instance; in width 1 both bounds against the exact
    S_min (where they are attained: lo = S_min = hi when d = 1)."""
    return _verdict(ctx, None, _ii_slacks(ctx), "bounds (ii)", scope="minimizers (balanced, rescaled, rotated, "
                    "kernel) of the instances of _model; the upper bound against the exact S_min in width 1")


def _i_slacks(ctx, per_minimizer: bool):
    def slack_of(s):
        out = []
        for name, label, Sw, dg, sinv, _ in _rows(ctx.dps):
            v = {**values(name, ctx.dps), SUMINV: sinv}
            rhs = kit.evaluate(s.rhs, v, ctx.dps)
            left = Sw if per_minimizer else smin_upper(name, ctx.dps)[0]
            out.append((_rel(rhs, left), f"{name} {label}", rhs, left, dg))
        return out
    return slack_of


@claim("FM-Thm-sharpness-bounds-i", text=r"$S_{\min}\ge2a\|w^*\|_2^{2-\frac1L}\|p\|_2^{\frac1L}\sum_{k=1}^L\frac{1}"
       r"{\|W_k\|_F}$", expect=Refuted, kind=Kind.NUMERIC, statement=BOUNDS_I,
       hyp="printed reading: S_min on the left, the layers of any minimizer on the right")
def bounds_i(ctx):
    """S_min <= the smallest S among the listed minimizers; a rescaled minimizer (C = 1/10 or 20) makes the right
    side larger than that."""
    return _verdict(ctx, None, _i_slacks(ctx, False), "bound (i) with S_min", scope="listed minimizers")


@claim("FM-Thm-sharpness-bounds-i/per-minimizer", text=r"for every minimizer, $S(\mathcal W)\ge2a\|w^*\|^{2-\frac1L}"
       r"\|p\|^{\frac1L}\sum_k\|W_k\|_F^{-1}$", expect=Verified, kind=Kind.NUMERIC, statement=BOUNDS_I)
def bounds_i_per(ctx):
    """At every listed minimizer (tight at the balanced one in width 1, where the test vector is exact)."""
    return _verdict(ctx, None, _i_slacks(ctx, True), "bound (i) per minimizer",
                    scope="minimizers (balanced, rescaled, rotated, kernel) of the instances of _model")


@claim("FM-Thm-sharpness-bounds", text="Theorem (Mulayoff and Michaeli 2020; M. and Chizat 2024): (i) and (ii)",
       expect=Refuted, kind=Kind.NUMERIC, statement=Statement(rhs=BOUNDS_I.rhs, lo=BOUNDS_II.lo, hi=BOUNDS_II.hi),
       cites=("FM-Thm-sharpness-bounds-i", "FM-Thm-sharpness-bounds-ii"))
def bounds(ctx):
    """The conjunction: refuted when either part is."""
    vi = _verdict(ctx, None, _i_slacks(ctx, False), "part (i)", scope="listed minimizers")
    vii = _verdict(ctx, None, _ii_slacks(ctx), "part (ii)", scope="listed minimizers")
    for v in (vi, vii):
        if isinstance(v, Refuted):
            return v
    return vii


# ------------------------------------------------------------------------------------------- arbitrarily sharp
NW2C = Symbol("normF_W2_over_C", positive=True)
_SHARP_DOMAIN = {"positive": (a, npi, np_, L, Lam, lam, NW2, NW2C, C), "integer": (L,)}
# a lower bound on S(W^C): weaker when smaller; the equality gets no role
SHARP = Statement(bound=2 * lam * npi ** (2 - 1 / L) / NW2C,
                  eq=sympy.Eq(2 * lam * npi ** (2 - 1 / L) / NW2C, 2 * lam * npi ** (2 - 1 / L) * C / NW2)).assuming(
    **_SHARP_DOMAIN).monotone("bound", "smaller")
SHARP_CORRECTED = Statement(bound=2 * lam * npi ** (2 - 1 / L) * np_ ** (1 / L) / NW2C,
                            eq=sympy.Eq(2 * lam * npi ** (2 - 1 / L) * np_ ** (1 / L) / NW2C,
                                        2 * lam * npi ** (2 - 1 / L) * np_ ** (1 / L) * C / NW2)).assuming(
    **_SHARP_DOMAIN).monotone("bound", "smaller")
_CS = (1, Q(329, 250), 2, 10, 100)  # 329/250 ~ 3^(1/4): where S(W^C)/bound is smallest in width 1


@kit.cached
def _sharp_rows(dps: int, names: tuple):
    """(instance, C, S(W^C), ||W_2||_F, digits) for W^C = (C W_1, W_2/C, W_3, ...) of the balanced minimizer."""
    out = []
    for name in names:
        prob, dims = INSTANCES[name]
        for c in _CS:
            build = sh.minimizer(prob, dims, scales=scaled(dims, c))

            def comp(prec, build=build, c=c):
                with precision(prec):
                    Ws = build(prec)
                    return [sh.minimizer_sharpness(Ws, prob), mpmath.mnorm(Ws[1], "f") * kit.mp(c)]
            m = kit.measured(comp, dps)
            out.append((name, c, m.values[0], m.values[1], m.digits))
    return out


def _sharp(ctx, names):
    s = ctx.s
    eq = kit.identity(s.eq.lhs.subs(NW2C, NW2 / C), s.eq.rhs, argument="||W_2/C||_F = ||W_2||_F / C for C > 0, "
                      "symbolic lambda, ||pi*||, ||p||, L, ||W_2||_F: every instance", what="the printed equality")
    if isinstance(eq, Refuted):
        return eq
    lim = sympy.limit(s.eq.rhs, C, sympy.oo)
    if lim != sympy.oo:
        return Refuted("the bound does not tend to infinity with C", counterexample={"limit C -> oo": str(lim)})

    def slack_of(st):
        out = []
        for name, c, Sc, n2, dg in _sharp_rows(ctx.dps, names):
            v = {**values(name, ctx.dps), NW2C: n2 / kit.mp(c)}
            b = kit.evaluate(st.bound, v, ctx.dps)
            out.append((_rel(b, Sc), f"{name} C={c}", b, Sc, dg))
        return out
    return _verdict(ctx, None, slack_of, "S(W^C) >= bound", scope=f"instances {list(names)}, W^C of the balanced "
                    f"minimizer, C in {[str(c) for c in _CS]}; equality and C -> oo exact")


@claim("FM-Claim-arbitrarily-sharp", text=r"$S(\mathcal W^C)\ge\frac{2\lambda\|\pi^*\|_2^{2-\frac1L}}{\|W_2/C\|_F}="
       r"\frac{2\lambda\|\pi^*\|_2^{2-\frac1L}C}{\|W_2\|_F}\xrightarrow{C\to\infty}\infty$", expect=Refuted,
       kind=Kind.NUMERIC, statement=SHARP, hyp="any p (the theorem of the same slide has ||p||)")
def arbitrarily_sharp(ctx):
    # the instances of the recorded counterexample (docs/errata.md); the EXTREME ones serve the readings' mutants
    return _sharp(ctx, tuple(n for n in INSTANCES if n not in EXTREME))


@claim("FM-Claim-arbitrarily-sharp/mlp", text=r"the same with $p = 1$ (MLP setting)", expect=Verified,
       kind=Kind.NUMERIC, statement=SHARP, hyp="p = 1")
def arbitrarily_sharp_mlp(ctx):
    return _sharp(ctx, tuple(n for n, (prob, _) in INSTANCES.items() if list(prob.p) == [1]))


@claim("FM-Claim-arbitrarily-sharp/corrected", text=r"$S(\mathcal W^C)\ge\frac{2\lambda\|\pi^*\|^{2-\frac1L}"
       r"\|p\|^{\frac1L}}{\|W_2/C\|_F}=\frac{2\lambda\|\pi^*\|^{2-\frac1L}\|p\|^{\frac1L}C}{\|W_2\|_F}\to\infty$",
       expect=Verified, kind=Kind.NUMERIC, statement=SHARP_CORRECTED,
       cites=("FM-Thm-sharpness-bounds-i/per-minimizer",))
def arbitrarily_sharp_corrected(ctx):
    return _sharp(ctx, tuple(INSTANCES))


# ------------------------------------------------------------------------------ random minimizers (Hypothesis)
def _random_minimizers():
    """Hypothesis strategy: (instance, scales c_1..c_L with product 1, a Cayley rotation parameter, a kernel)."""
    from hypothesis import strategies as st

    names = sorted(INSTANCES)
    frac = st.fractions(min_value=Q(1, 20), max_value=20, max_denominator=20)
    # the balanced minimizer (where the bound is attained in width 1) is a branch of its own, so it is drawn
    return st.tuples(st.sampled_from(names), st.one_of(st.just([1, 1, 1, 1]), st.lists(frac, min_size=4, max_size=4)),
                     st.one_of(st.just(0), st.fractions(min_value=-3, max_value=3, max_denominator=7)),
                     st.one_of(st.just([0] * 9), st.lists(st.integers(-3, 3), min_size=9, max_size=9)))


def _random_minimizer_data(example):
    """S(W) (closed form, dps 30 and 60) and the printed symbols' values at the drawn minimizer."""
    name, cs, t, ker = example
    prob, dims = INSTANCES[name]
    L_ = len(dims) - 1
    c = [Q(x) for x in cs[:L_ - 1]]
    c.append(1 / sympy.prod(c))
    rots = [sh.cayley(sympy.Matrix(n, n, lambda i, j: 0 if i == j else (Q(t) if i < j else -Q(t))))
            for n in dims[1:-1]]
    kernel = sympy.Matrix(dims[1], dims[0], lambda i, j: ker[(3 * i + j) % 9]) if dims[1] >= 2 and any(ker) else None
    build = sh.minimizer(prob, dims, scales=c, rotations=rots, kernel=kernel)

    def comp(prec):
        with precision(prec):
            return sh.minimizer_sharpness(build(prec), prob)
    m = kit.measured(comp, 30)
    return m.values[0], m.digits, values(name, 30)


@claim("FM-Thm-sharpness-bounds-ii/random-minimizers", text=r"every minimizer has $S(\mathcal W)\ge2\|w^*\|_2^{2-"
       r"\frac2L}\|p\|_2^{\frac2L}La$ (the lower bound of (ii), since $S_{\min}$ is their infimum)", expect=Verified,
       kind=Kind.PROPERTY,
       statement=Statement(lo=BOUNDS_II.lo).assuming(**_DOMAIN).monotone("lo", "smaller"), cites=("FM-Thm-sharpness-bounds-ii",))
def bounds_ii_random(ctx):
    """Hypothesis draws minimizers (instance, rescalings, rotation, kernel component), targeted toward the
    smallest relative margin (S(W) - lo)/S(W)."""
    def judge(data, s):
        Sw, dg, vals = data
        lo = kit.evaluate(s.lo, vals, 30)
        return kit.Margin((Sw - lo) / max(abs(Sw), abs(lo)), dg, {"S(W)": Sw, "lower bound": lo})
    # the equality cases first, deterministically: the balanced minimizer of every instance (lo = S_min there in
    # width 1), which the targeted search draws only by chance
    for name in sorted(INSTANCES):
        example = (name, [1, 1, 1, 1], 0, [0] * 9)
        m = judge(_balanced_data(name), ctx.s)
        if m.value < -kit.tolerance(m.digits):
            return Refuted("S(W) >= lower bound of (ii): fails at a balanced minimizer (an equality case)",
                           measured_digits=m.digits, counterexample={"example": repr(example), "margin": kit.nstr(
                               m.value, 15), **{k: kit.nstr(v, 25) for k, v in m.info.items()}})
    return kit.search(ctx, _random_minimizers(), _random_minimizer_data, judge, what="S(W) >= lower bound of (ii)")


@kit.cached
def _balanced_data(name: str):
    return _random_minimizer_data((name, [1, 1, 1, 1], 0, [0] * 9))
