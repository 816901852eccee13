r"""§3.1 after Theorem 1 (spec §3.3, second half): transition times (31), Theorem 2 (time-rescaled limit),
Corollaries 1 and 2 and the remarks around them.

Limits :math:`\delta\to\infty` are computed exactly (SymPy ``limit`` of closed forms whose ODE is proved in
``continuous_deep_thm1``); the reduced-rank regression of Corollary 2 is :func:`symflow.deep_linear.reduced_rank_regression`
(written from the definition (10)), at ``ctx.dps`` digits with the digits measured by precision doubling.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational as R
from sympy import oo

from symflow import deep_linear as dl
from symflow.claims import Kind, Statement, cite_table, claim, kit, prose_table
from symflow.precision import precision
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

from ._continuous import COMMUTING, U2, V2, delta, lam, moment_data, sigma, t
from .continuous_deep_thm1 import M29, M30_CORRECTED, THM1_CORRECTED, _closed_vs_flow

__all__: list[str] = []

cite_table({"DDyn-Def-rescaling": "time rescaling t -> δt with δ_i = δ (a definition); used by DDyn-Thm2, DDyn-Cor1"})
prose_table([
    ("DDyn-Cite-Gunasekar-factorized", "Gunasekar et al. (2017) observed similar differences between factorized and "
     "non-factorized matrix regression and showed convergence to the minimum nuclear norm solution",
     "a summary of another paper's results (a different problem: matrix sensing); nothing of this paper to check"),
])

LIMIT_ARG = ("exact limits δ -> ∞ of the closed form (29) (proved to solve (26) in DDyn-Eq29) with symbolic "
             "σ_i, λ_i > 0: every mode, every instance")


def _w(expr_m, tt):
    """w_i(δ tt) = m_i(δ tt)² from a closed form of m_i."""
    return (expr_m ** 2).subs(t, delta * tt)


def _limit(expr):
    return sympy.limit(expr, delta, oo)


# ------------------------------------------------------------------------------- transition times, order

EQ31 = Statement(T=delta / sigma * sympy.log(sigma))
EQ31_CORRECTED = Statement(T=delta / sigma + sympy.log(sigma / lam) / (2 * sigma))
HALF = R(1, 2)
EPS = sympy.Symbol("epsilon", positive=True)   # t = (1 ∓ ε)/σ: every time on either side of the transition


@claim("DDyn-Eq31", text=r"The i-th transition occurs after $T_i:=\frac{\delta_i}{\sigma_i}\ln(\sigma_i)$ (31)",
       expect=Refuted, statement=EQ31, hyp="modes (29), w_i(0) = e^{-2δ_i}; transition = w_i reaches half its limit")
@claim("DDyn-Eq31/corrected", text=r"$T_i=\frac{\delta_i}{\sigma_i}+\frac{\ln(\sigma_i/\lambda_i)}{2\sigma_i}+o(1)$ "
       r"($\delta_i\to\infty$)", expect=Proved, statement=EQ31_CORRECTED,
       hyp="modes (29), w_i(0) = e^{-2δ_i}; transition = w_i reaches half its limit")
def eq31(ctx):
    r"""The exact half-way time is :math:`\frac1{2\sigma}\ln\frac{\sigma - \lambda e^{-2\delta}}{\lambda e^{-2\delta}}`
    (:func:`symflow.deep_linear.reach_time`); the printed T must agree with it to first order (ratio -> 1) and, for
    the corrected form, up to o(1) (difference -> 0)."""
    exact = dl.reach_time(sigma, lam, sympy.exp(-2 * delta), HALF)
    ratio = sympy.simplify(_limit(ctx.s.T / exact))
    diff = _limit(ctx.s.T - exact)
    if ratio == 1 and diff == 0:
        return Proved("T_i / t_half -> 1 and T_i - t_half -> 0 as δ -> ∞ (symbolic σ, λ)",
                      certificate={"t_half": str(exact), "ratio limit": "1", "difference limit": "0"})
    pt = {sigma: 2, lam: 1, delta: 10}
    with precision(ctx.dps):
        printed, true = kit.evaluate(ctx.s.T, pt, ctx.dps), kit.evaluate(exact, pt, ctx.dps)
    return Refuted(f"the printed T_i is not the transition time: T_i / t_half -> {ratio}, T_i - t_half -> {diff}",
                   counterexample={"σ": "2", "λ": "1", "δ": "10", "printed T": kit.nstr(printed, 15),
                                   "half-way time": kit.nstr(true, 15), "ratio limit": str(ratio),
                                   "difference limit": str(diff)})


def _order_counterexample(dps):
    """σ = (2, 1), λ = (1/1000, 1), δ = 1: the smaller σ reaches half its limit first."""
    a0 = sympy.exp(-2)
    times = [dl.reach_time(R(2), R(1, 1000), a0, HALF), dl.reach_time(R(1), R(1), a0, HALF)]
    with precision(dps):
        return [kit.mp(x) for x in times]


@claim("DDyn-Claim-sequential-order", text=r"By Thm. 1 the components $[U]_i$ are learned sequentially in the order "
       r"of decreasing singular values of $\Sigma_{xy}$", expect=Refuted, kind=Kind.NUMERIC,
       hyp="Thm 1 modes, δ_i = δ finite; 'learned' = w_i reaches half its limit σ_i/λ_i")
def sequential_order(ctx):
    m = kit.measured(_order_counterexample, ctx.dps)
    t1, t2 = m.values
    if t2 < t1:
        return Refuted("component 2 (σ = 1) is learned before component 1 (σ = 2): the order depends on λ_i at "
                       "finite δ", measured_digits=m.digits,
                       counterexample={"σ": "(2, 1)", "λ": "(1/1000, 1)", "δ": "1", "t_half(1)": kit.nstr(t1, 15),
                                       "t_half(2)": kit.nstr(t2, 15)})
    return Verified("order by σ at the instance", n_digits=m.digits, points=("σ=(2,1), λ=(1/1000,1), δ=1",))


RESCALED_ORDER = Statement(rate=1 / sigma)


@claim("DDyn-Claim-sequential-order/corrected", text=r"After the rescaling $t\to\delta t$, as $\delta\to\infty$, "
       r"the i-th component is learned at $t=1/\sigma_i$: in the order of decreasing $\sigma_i$, whatever $\lambda_i$",
       expect=Proved, statement=RESCALED_ORDER, hyp="modes (29), δ_i = δ")
@claim("DDyn-Rem-Thm2-largest", text="A vanishing initialization tends to force the sequential learning of the "
       r"component associated with the largest singular value of $\Sigma_{xy}$", expect=Proved,
       statement=RESCALED_ORDER, hyp="modes (29), δ_i = δ")
def rescaled_order(ctx):
    """reach_time(frac)/δ -> rate for every fraction of the limit (1/10, 1/2, 9/10): the learning time of mode i
    in rescaled time is 1/σ_i, decreasing in σ_i."""
    for frac in (R(1, 10), HALF, R(9, 10)):
        got = _limit(dl.reach_time(sigma, lam, sympy.exp(-2 * delta), frac) / delta)
        if sympy.simplify(got - ctx.s.rate) != 0:
            return Refuted(f"the rescaled time to reach {frac} of the limit is {got}, not {ctx.s.rate}",
                           counterexample={"fraction": str(frac), "limit": str(got), "printed": str(ctx.s.rate)})
    return Proved("t_frac(δ)/δ -> 1/σ_i for fractions 1/10, 1/2, 9/10 of the limit (symbolic σ, λ): the rescaled "
                  "learning times are 1/σ_1 < 1/σ_2 < ...", certificate={"limit": "1/sigma"})


@claim("DDyn-Cite-Saxe-O", text=r"With $\delta_i\to\infty$ the transition time is roughly $O(1/\sigma_i)$ (after "
       r"rescaling); vanishing initialization widens the gaps between the $T_i$; formally $T_i\to\infty$",
       expect=Proved, hyp="modes (29)")
def saxe_o(ctx):
    s2 = sympy.Symbol("sigma2", positive=True)
    th = dl.reach_time(sigma, lam, sympy.exp(-2 * delta), HALF)
    lims = {"T_i": _limit(th), "T_i/δ": _limit(th / delta),
            "T_i - T_j (σ_j = σ_i/2)": _limit(th.subs(sigma, s2) - th.subs(sigma, 2 * s2))}
    want = {"T_i": oo, "T_i/δ": 1 / sigma, "T_i - T_j (σ_j = σ_i/2)": oo}
    bad = {k: str(v) for k, v in lims.items() if sympy.simplify(v - want[k]) != 0 and v != want[k]}
    if bad:
        return Refuted("a limit differs", counterexample=bad)
    return Proved("T_i -> ∞, T_i/δ -> 1/σ_i, and the gap between two modes -> ∞ (symbolic σ, λ)",
                  certificate={k: str(v) for k, v in lims.items()})


# ------------------------------------------------------------------------------------------------ Theorem 2

THM2 = Statement(below=0, at=sympy.sqrt(sigma / (lam + sigma)), above=sympy.sqrt(sigma / lam))


def _thm2(s):
    cases = (("t < 1/σ", (1 - EPS) / sigma, s.below), ("t = 1/σ", 1 / sigma, s.at),
             ("t > 1/σ", (1 + EPS) / sigma, s.above))
    rows = []
    for label, tt, printed in cases:
        got = sympy.sqrt(_limit(_w(M29, tt)))
        ok = sympy.simplify(got - printed) == 0
        rows.append((label, str(got), str(printed), ok))
        if not ok:
            return Refuted(f"Thm 2 limit for {label}: the closed form tends to {got}, printed {printed}",
                           counterexample={"case": label, "t": str(tt), "limit": str(got), "printed": str(printed)})
    return Proved("the three limits of m_i(δt) from (29), symbolic σ, λ and t = (1 ∓ ε)/σ with symbolic ε > 0 "
                  "(every t on each side) and t = 1/σ", certificate={"cases": [r[:3] for r in rows],
                                                                                   "argument": LIMIT_ARG})


@claim("DDyn-Thm2", text=r"$n_i(\delta t)=m_i(\delta t)\to 0$ if $t<1/\sigma_i$, $\sqrt{\sigma_i/(\lambda_i+\sigma_i)}$ "
       r"if $t=1/\sigma_i$, $\sqrt{\sigma_i/\lambda_i}$ otherwise", expect=Proved, statement=THM2,
       hyp="m_i, n_i from (29), m_i(0) = e^{-δ}", cites=("DDyn-Eq29", "DDyn-Def-rescaling"))
@claim("DDyn-Rem-Thm2-inactive", text="the i-th components are null for small t and learned abruptly at "
       r"$T_i:=1/\sigma_i$", expect=Proved, statement=THM2, hyp="Thm 2", cites=("DDyn-Thm2",))
def thm2(ctx):
    return _thm2(ctx.s)


# --------------------------------------------------------------------------------------- linear model, null


@claim("DDyn-Rem-no-seq-linear", text=r"For the linear model (16), rescaling $t\to\delta t$ and $\delta\to\infty$ "
       "gives a constant function (no sequential learning)", expect=Proved, hyp="Prop 1, W_0 = e^{-δ} I, Σ_x = UDUᵀ")
def no_seq_linear(ctx):
    r"""Mode i of (17) in the eigenbasis: :math:`e^{-\delta t\lambda}(e^{-\delta} - \sigma/\lambda) + \sigma/\lambda`
    tends to σ/λ for every t > 0 (and modes with λ = 0 stay at e^{-δ} -> 0): the limit does not depend on t > 0."""
    tt = sympy.Symbol("tau", positive=True)
    mode = sympy.exp(-delta * tt * lam) * (sympy.exp(-delta) - sigma / lam) + sigma / lam
    got = _limit(mode)
    if sympy.simplify(got - sigma / lam) == 0 and _limit(sympy.exp(-delta)) == 0:
        return Proved("every mode of W(δt) tends to σ_i/λ_i for every t > 0 (symbolic σ, λ, t): a constant "
                      "function of t > 0", certificate={"limit": str(got)})
    return Refuted("the rescaled limit depends on t", counterexample={"limit": str(got)})


@claim("DDyn-Rem-null-stationary", text="The null matrix is a stationary point of the dynamics (L >= 2)",
       expect=Proved, hyp="(20), L >= 2")
def null_stationary(ctx):
    r"""Every velocity in (20) is :math:`W_{1:l-1}^\top(\cdot)W_{l+1:L}^\top` with at least one of the two products
    non-empty when L >= 2, and a product containing a zero layer is zero: generic matrix symbols, every size."""
    k = sympy.Symbol("k", integer=True, positive=True)
    A, B, G = (sympy.MatrixSymbol(s, k, k) for s in "ABG")
    Z = sympy.ZeroMatrix(k, k)
    cases = [(A.T * G * B.T).subs(A, Z), (A.T * G * B.T).subs(B, Z)]
    if all(sympy.simplify(c.doit()) == Z or c.doit() == Z for c in cases):
        return Proved("A = 0 or B = 0 gives a zero velocity (matrix symbols, every size and depth L >= 2; for "
                      "l = 1 the right product, for l = L the left product contains a zero layer)",
                      certificate={"velocities": [str(c.doit()) for c in cases]})
    return Refuted("a velocity does not vanish at 0", counterexample={"cases": [str(c) for c in cases]})


# ------------------------------------------------------------------------------------- Corollary 1, remarks

COR1 = Statement(below=0, increment=sigma / lam)


@claim("DDyn-Cor1", text=r"$\|W_1(\delta t)W_2(\delta t)\|_*\to0$ for $t<1/\sigma_1$ and $\sum_{i\le k}\sigma_i/\lambda_i$ "
       r"for $1/\sigma_k<t<1/\sigma_{k+1}$", expect=Proved, statement=COR1, hyp="(28) with (29), (30)",
       cites=("DDyn-Thm2", "DDyn-Eq29"))
def cor1(ctx):
    r"""W_1W_2 = U diag(w_i) Vᵀ (Q cancels), so :math:`\|W_1W_2\|_* = \sum_i w_i` (w_i > 0, U, V orthogonal); each
    w_i(δt) tends to 0 before 1/σ_i and to σ_i/λ_i after it (modes with σ_i = 0 tend to 0, from corrected (30))."""
    s = ctx.s
    checks = [("σ > 0, t < 1/σ", _limit(_w(M29, (1 - EPS) / sigma)), s.below),
              ("σ > 0, t > 1/σ", _limit(_w(M29, (1 + EPS) / sigma)), s.increment),
              ("σ = 0, every t", _limit(_w(M30_CORRECTED, sympy.Symbol("tau", positive=True))), s.below)]
    for label, got, want in checks:
        if sympy.simplify(got - want) != 0:
            return Refuted(f"mode limit {label} is {got}, the printed step needs {want}",
                           counterexample={"case": label, "limit": str(got), "printed": str(want)})
    return Proved("trace norm = Σ w_i(δt) and each w_i(δt) -> 0 before 1/σ_i, σ_i/λ_i after (symbolic σ, λ)",
                  certificate={"cases": [(c[0], str(c[1])) for c in checks], "argument": LIMIT_ARG})


def _closed_product(tt, dlt, dps):
    """U diag(w_i(δ tt)) Vᵀ of COMMUTING from (29)/(corrected 30), at dps."""
    c = COMMUTING
    ws = []
    for sg, lm in zip(c["sigma"], c["lam"]):
        expr = _w(M29, tt).subs({sigma: sg, lam: lm}) if sg > 0 else _w(M30_CORRECTED, tt).subs(lam, lm)
        ws.append(kit.evaluate(expr, {delta: dlt}, dps) if expr.free_symbols else kit.mp(expr))
    with precision(dps):
        return dl.to_mp(c["U"]) * mpmath.diag(ws) * dl.to_mp(c["V"].T), ws


@claim("DDyn-Rem-singular-values", text=r"$w_i$ are the singular values of $W_1(\delta t)W_2(\delta t)$; the rank "
       "jumps at each transition, so any norm jumps", expect=Verified, kind=Kind.NUMERIC, hyp="(28), (29), (30)")
def singular_values(ctx):
    pts = []
    worst = None
    for tt in (R(1, 4), R(3, 4), R(3, 2)):
        def comp(dps, tt=tt):
            M, ws = _closed_product(tt, 30, dps)
            with precision(dps):
                return sorted(mpmath.svd_r(M, compute_uv=False)) + sorted(ws)
        m = kit.measured(comp, ctx.dps)
        k = len(m.values) // 2
        v = kit.compare(list(m.values[:k]), list(m.values[k:]), digits=m.digits, what=f"singular values at t = {tt}",
                        point={"t": tt, "δ": 30})
        if not isinstance(v, Verified):
            return v
        pts.append(f"t = {tt}, δ = 30")
        worst = m.digits if worst is None else min(worst, m.digits)
    return Verified("singular values of U diag(w_i) Vᵀ = the w_i (δ = 30, three rescaled times)", n_digits=worst,
                    points=tuple(pts), dps=ctx.dps, scope="numeric at the COMMUTING instance (d = p = 3)")


@claim("DDyn-Rem-rank-k", text=r"Between $T_k$ and $T_{k+1}$ the limit of $W_1W_2$ has rank k and holds the k "
       r"components of the k largest $\sigma_i$", expect=Verified, hyp="Cor 1", cites=("DDyn-Cor1",))
def rank_k(ctx):
    """The limit is Σ_{i<=k} (σ_i/λ_i) u_i v_iᵀ (DDyn-Cor1, each mode): a sum of k rank-one terms on orthonormal
    u_i, v_i with σ_i/λ_i > 0, hence rank k; the terms are the k largest σ_i since 1/σ_i < t exactly for them."""
    c = COMMUTING
    for k in (1, 2):
        lim = sympy.zeros(3)
        for i in range(k):
            lim += (c["sigma"][i] / c["lam"][i]) * c["U"][:, i] * c["V"][:, i].T
        if lim.rank() != k:
            return Refuted(f"rank of the limit is {lim.rank()} != {k}", counterexample={"k": k})
    return Verified("each mode limit is 0 or σ_i/λ_i > 0 (DDyn-Cor1, proved), so the limit is Σ_{i<=k} (σ_i/λ_i)"
                    "u_iv_iᵀ; its rank is k, checked exactly at the COMMUTING instance (k = 1, 2)", exact=True,
                    points=("COMMUTING, k = 1", "COMMUTING, k = 2"), scope="exact ranks at the COMMUTING instance "
                    "(d = p = 3); the mode limits are general (DDyn-Cor1)")


# ----------------------------------------------------------------------------------- Corollary 2 and RRR

SWAPPED = ((2, 1), (R(1), R(3, 4)))      # x, σ: λ = x²/3 = (4/3, 1/3), σ²/λ = (3/4, 27/16): orders disagree
AGREEING = ((2, 1), (R(2), R(1, 4)))     # σ²/λ = (3, 3/16): orders agree


def _dynamics_limit(x, sg, k):
    lams = [sympy.Integer(xi) ** 2 / 3 for xi in x]
    lim = sympy.zeros(2)
    for i in range(k):
        lim += (sg[i] / lams[i]) * U2[:, i] * V2[:, i].T
    return lim


def _cor2(ctx, inst, what):
    x, sg = inst
    X, Y = moment_data(x, sg)
    for k in (1, 2):
        lim = _dynamics_limit(x, sg, k)

        def comp(dps, k=k):
            W = dl.reduced_rank_regression(X, Y, k, dps)
            with precision(dps):
                return [W[i, j] for i in range(2) for j in range(2)]
        m = kit.measured(comp, ctx.dps)
        with precision(ctx.dps):
            v = kit.compare(list(m.values), [kit.mp(e) for e in lim], digits=m.digits, what=f"{what}, k = {k}",
                            point={"x": str(x), "σ": str(sg), "k": k}, dps=ctx.dps)
        if not isinstance(v, Verified):
            if isinstance(v, Refuted):
                cex = dict(v.counterexample)
                cex.update({"λ": str([sympy.Integer(xi) ** 2 / 3 for xi in x]), "σ": str(sg), "k": k,
                            "dynamics limit": str(lim.tolist()), "X": str(X.tolist()), "Y": str(Y.tolist())})
                return Refuted(v.detail, counterexample=cex, measured_digits=m.digits)
            return v
    return Verified(f"{what}: the limit equals W^{{k,*}} for k = 1, 2", n_digits=m.digits,
                    points=(f"x = {x}, σ = {sg}",), dps=ctx.dps, scope="numeric at one commuting data set (n = 3, "
                    "d = p = 2) whose σ_i and σ_i²/λ_i orders agree")


H_COR2 = "(28) with (29); commuting data; 1/σ_k < t < 1/σ_{k+1}"


@claim("DDyn-Cor2", text=r"$W_1(\delta t)W_2(\delta t)\to W^{k,*}$ for $1/\sigma_k<t<1/\sigma_{k+1}$, $W^{k,*}$ the "
       "minimum-norm solution of (10) with rank k", expect=Refuted, kind=Kind.NUMERIC, hyp=H_COR2,
       cites=("DDyn-Cor1", "DDyn-Eq10"))
@claim("DDyn-Eq32", text=r"$W_1(\delta t)W_2(\delta t)\xrightarrow{\delta\to\infty}W^{k,*}$ (32)", expect=Refuted,
       kind=Kind.NUMERIC, hyp=H_COR2)
@claim("DDyn-Claim-timerescale-RRR", text="After time rescaling the point visited between two transitions solves "
       "the rank-constrained regression (10), whose constraint loosens sequentially", expect=Refuted,
       kind=Kind.NUMERIC, hyp=H_COR2)
def cor2(ctx):
    """Data whose σ order differs from the σ²/λ order: RRR keeps the largest σ_i²/λ_i, the dynamics the largest σ_i."""
    return _cor2(ctx, SWAPPED, "limit of W1W2 vs reduced-rank regression")


@claim("DDyn-Cor2/corrected", text=r"$W_1(\delta t)W_2(\delta t)\to\sum_{i\le k}\frac{\sigma_i}{\lambda_i}u_iv_i^\top$, "
       r"which is $W^{k,*}$ when $\sigma_1^2/\lambda_1\ge\sigma_2^2/\lambda_2\ge\dots$ (e.g. $\Sigma_x=I$)",
       expect=Verified, kind=Kind.NUMERIC, hyp=H_COR2 + "; σ and σ²/λ orders agree")
def cor2_corrected(ctx):
    return _cor2(ctx, AGREEING, "limit of W1W2 vs reduced-rank regression (orders agree)")


# ------------------------------------------------------------------------------------ remarks on Thm 1


@claim("DDyn-Rem-Thm1-general", text=r"Thm. 1 generalizes Saxe et al. (2018) (weaker assumption than "
       r"$\Sigma_x=I_d$) and accounts for input correlations", expect=Verified, kind=Kind.NUMERIC,
       hyp="Thm 1 (corrected: Q orthogonal)", cites=("DDyn-Thm1",))
def thm1_general(ctx):
    """An instance with non-scalar Σ_x (λ = (4, 1/2, 1)) satisfying Assumption 1 (checked exactly), on which the
    closed form of Thm 1 (corrected) matches the full matrix flow."""
    c = COMMUTING
    Sx, Sxy = dl.commuting_moments(c["U"], c["V"], c["sigma"], c["lam"])
    K = Sxy * Sxy.T
    if Sx * K != K * Sx or Sx == Sx[0, 0] * sympy.eye(3):
        return Inconclusive("the instance does not exhibit a non-scalar commuting Σ_x", reason=Reason.DOMAIN)
    v = _closed_vs_flow(ctx.with_statement(THM1_CORRECTED), "orth", "Thm 1 (corrected) with Σ_x != cI")
    if isinstance(v, Verified):
        return Verified("Σ_x = U diag(4, 1/2, 1) Uᵀ is not a multiple of I, commutes with Σ_xyΣ_xyᵀ (exact), and "
                        "the closed form holds there: " + v.detail, n_digits=v.n_digits, points=v.points,
                        dps=ctx.dps, method=v.method, scope=v.scope)
    return v


@claim("DDyn-Rem-Thm1-validity", text=r"Thm. 1 applies only when $W_1(0)W_2(0)$ has the singular vectors of "
       r"$\Sigma_{xy}$; for the linear autoencoder $W_1(0)=W_2(0)=e^{-\delta}I_d$ ensures it", expect=Verified,
       hyp="Y = X, Σ_xy = Σ_x = UΛUᵀ (so V = U)")
def thm1_validity(ctx):
    """W1(0) = U (aI) Q and W2(0) = Q^{-1} (aI) Vᵀ with V = U and Q = Uᵀ (orthogonal) give aI: exact at the
    3×3 instance U, with a symbolic; W1(0)W2(0) = a²I = U(a²I)Vᵀ has the singular vectors of Σ_xy."""
    from ._continuous import a
    U = COMMUTING["U"]
    Q = U.T
    W1, W2 = U * (a * sympy.eye(3)) * Q, Q.inv() * (a * sympy.eye(3)) * U.T
    entries = [(f"W1(0)[{k}]", W1[k], (a * sympy.eye(3))[k]) for k in range(9)]
    entries += [(f"W2(0)[{k}]", W2[k], (a * sympy.eye(3))[k]) for k in range(9)]
    entries.append(("Q orthogonal", (Q.T * Q - sympy.eye(3)).norm() ** 2, 0))
    return kit.at_sizes(lambda name: entries, ["d = 3, U exact orthogonal"], what="e^{-δ}I is of the form of Thm 1",
                        names="instance")


COR1_TEXT = Statement(increment=sigma / lam)


def _cor1_step(s):
    got = _limit(_w(M29, (1 + EPS) / sigma))
    if sympy.simplify(got - s.increment) != 0:
        return got, Refuted("the step of the limit is not the encoded increment",
                            counterexample={"limit of w_i past 1/σ_i": str(got), "increment": str(s.increment)})
    return got, None


@claim("DDyn-Rem-Cor1-text", text="the limit is a step function; each increment of this integer value marks a new "
       "component, learned in the order of their respective eigenvalues", expect=Refuted, statement=COR1_TEXT,
       hyp="Cor 1 (general commuting data)", cites=("DDyn-Cor1",))
def cor1_text(ctx):
    """The step of mode i is the limit of w_i(δt) past 1/σ_i (Cor 1): σ_i/λ_i, an integer only in special cases."""
    got, bad = _cor1_step(ctx.s)
    if bad:
        return bad
    inst = ctx.s.increment.subs({sigma: COMMUTING["sigma"][0], lam: COMMUTING["lam"][0]})
    if not inst.is_integer:
        return Refuted("the increment σ_i/λ_i is not an integer in general", counterexample={
            "σ": str(COMMUTING["sigma"][0]), "λ": str(COMMUTING["lam"][0]), "increment": str(inst)})
    return Proved("integer increments", certificate={"step": str(got)})


@claim("DDyn-Rem-Cor1-text/corrected", text=r"the increments are $\sigma_i/\lambda_i$; they are integers (equal "
       r"to 1) for the autoencoder, where $\lambda_i=\sigma_i$", expect=Proved, statement=COR1_TEXT,
       hyp="Cor 1, Y = X (so λ_i = σ_i)", cites=("DDyn-Cor1",))
def cor1_text_corrected(ctx):
    got, bad = _cor1_step(ctx.s)
    if bad:
        return bad
    step = sympy.simplify(ctx.s.increment.subs(lam, sigma))
    if step != 1:
        return Refuted("the autoencoder step is not 1", counterexample={"step": str(step)})
    return Proved("each step is the limit σ_i/λ_i of w_i(δt) (symbolic), equal to 1 when λ_i = σ_i",
                  certificate={"step": str(got)})
