r"""§3.4 of the FM spec (Part III, residual initialization).

Checked: the change of variables W = I + V (exact at listed sizes) and the concentration lemma, whose constants are
printed (Monte Carlo over the Gaussian matrices N_k, numpy float64, seeded; the probability statement is judged by
an exact binomial tail: a failure count that has probability below 10^-3 under the printed failure probability
refutes).  Listed with the reason: the theorem, its structure statement, the sharpness corollary and the summary,
whose constants C, C_1 ... C_5 the slides do not give.
"""

from __future__ import annotations

import mpmath
import numpy as np
import sympy
from sympy import Identity, MatrixSymbol, Symbol, exp
from sympy import Rational as Q

from symflow.claims import IMPLIED, Kind, Statement, cite_table, claim, kit, prose_table
from symflow.families import deep_linear
from symflow.verdict import Refuted, Verified

__all__: list[str] = []

# -------------------------------------------------------------------------------------------- W = I + V
_d = Symbol("d", integer=True, positive=True)
_Vm, _V0 = MatrixSymbol("V", _d, _d), MatrixSymbol("V_0", _d, _d)
EQUIV = Statement(map=Identity(_d) + _Vm, init=Identity(_d) + _V0)


def _equiv_entries(s, d: int, L: int):
    """GF on V_k of R(map(V)) against GF on W_k of R(W) at W = map(V): entrywise dR/dV = (dR/dW)(map(V)); and
    the W initialization map(V(0)) against the printed one."""
    G = deep_linear((d,) * (L + 1), p=True)
    Ws = G.meta["W"]
    pis = sympy.Matrix(1, d, lambda r, c: sympy.Rational(2 * c + 1, 3))  # pi*^T; Sigma = I
    e = sympy.Matrix(G.outputs).T - pis
    R = sympy.expand((e * e.T)[0, 0])
    Vs = [sympy.Matrix(d, d, lambda r, c, k=k: Symbol(f"V{k}_{r}{c}", real=True)) for k in range(1, L + 1)]
    V0s = [sympy.Matrix(d, d, lambda r, c, k=k: Symbol(f"V0{k}_{r}{c}", real=True)) for k in range(1, L + 1)]
    maps = [sympy.Matrix(s.map.subs(_d, d).subs(_Vm, MatrixSymbol("V", d, d)).as_explicit().subs(
        {MatrixSymbol("V", d, d)[i, j]: V[i, j] for i in range(d) for j in range(d)})) for V in Vs]
    sub = {W[i, j]: M[i, j] for W, M in zip(Ws, maps) for i in range(d) for j in range(d)}
    RV = R.subs(sub)
    out = []
    for W, V in zip(Ws, Vs):
        for i in range(d):
            for j in range(d):
                out.append((f"dR/dV[{i},{j}]", sympy.expand(sympy.diff(RV, V[i, j])),
                            sympy.expand(sympy.diff(R, W[i, j]).subs(sub))))
    v0 = {MatrixSymbol("V_0", d, d)[i, j]: V0s[0][i, j] for i in range(d) for j in range(d)}
    init_printed = sympy.Matrix(s.init.subs(_d, d).as_explicit()).subs(v0)
    at0 = sympy.Matrix(s.map.subs(_d, d).as_explicit()).subs(
        {MatrixSymbol("V", d, d)[i, j]: V0s[0][i, j] for i in range(d) for j in range(d)})
    out += [(f"W(0)[{i},{j}]", at0[i, j], init_printed[i, j]) for i in range(d) for j in range(d)]
    return out


@claim("FM-Claim-residual-equivalence", text=r"Gradient flow on $V_{k+1}$ initialized at $V(0)$ is equivalent to "
       r"gradient flow on $W_{k+1}$ initialized at $I+V(0)$", expect=Verified, statement=EQUIV,
       cites=("FM-Def-linear-residual", "FM-Def-GF"))
def residual_equivalence(ctx):
    """The map V -> I + V has the identity as Jacobian, so dR/dV = (dR/dW)(I + V) and W(t) = I + V(t) solves the
    W flow from I + V(0): exact (QQ) at listed sizes (p symbolic, pi* rational, Sigma = I)."""
    return kit.at_sizes(lambda d, L: _equiv_entries(ctx.s, d, L), [(1, 3), (2, 2)],
                        what="gradient of R(I + V) and initialization", names="(d, L)")


# ------------------------------------------------------------------------------------- concentration lemma
s_, u_, d_ = (Symbol(n, positive=True) for n in ("s", "u", "d"))
NORM, SMIN = Symbol("norm_prod", positive=True), Symbol("smin_prod", positive=True)
_PROB = 1 - 8 * exp(-d_ * u_ ** 2 / (32 * s_ ** 2))
_THETA = exp(-2 * s_ ** 2 - 4 * u_) / 64


def _roles(st: Statement) -> Statement:
    """The lemma's roles: the bound is concluded (looser is weaker), prob is a success probability (smaller is
    weaker), theta the radius of the perturbations it covers (smaller is weaker); s, u > 0, d a positive integer."""
    return st.assuming(integer=(d_,)).monotone("rel", "looser").monotone("prob", "smaller").monotone(
        "theta", "smaller")


CONC_NORM = _roles(Statement(rel=NORM <= 4 * exp(s_ ** 2 / 2 + u_), prob=_PROB, theta=_THETA))
CONC_SMIN = _roles(Statement(rel=SMIN >= exp(-2 * s_ ** 2 / d_ - u_) / 4, prob=_PROB, theta=_THETA))
CONC_SMIN_CORRECTED = _roles(Statement(rel=SMIN >= exp(-2 * s_ ** 2 - u_) / 4, prob=_PROB, theta=_THETA))
_W = Symbol("w", nonnegative=True)
# the reading 0 < u <= 1 as a domain: u = 1/(1 + w), w >= 0
CONC_SMIN_U1 = CONC_SMIN_CORRECTED.assuming(cases=({u_: 1 / (1 + _W)},), nonnegative=(_W,))
# (d, L, s, u) with a non-vacuous probability (d u^2 > 32 s^2 log 8); the last row (s = 3, where the norm is ~ 60 and
# 4 exp(u) ~ 30) is run for the norm only, with theta = 0 (admissible for every radius r >= 0; one computation)
_GRID = ((100, 6, 2, 2), (48, 6, 1, 2), (300, 6, 3, 2), (200, 6, 1, 1))
_NORM_ONLY = (2,)
# the grid rows each statement is run on ("smin-u1": the reading u <= 1, FM-Lemma-concentration-smin/u-at-most-1)
_ROWS = {"norm": (0, 1, 2), "smin": (0, 1), "smin-u1": (3,)}
# (d, s, u) at which the success probability must be a probability (<= 1, and < 1: the Gaussian N_k have a
# positive density, so every failure event with an interior point has positive probability); (1, 1, 1) is where the
# printed probability is negative (vacuous), so that a negated one exceeds 1
_PROBE = ((100, 2, 2), (48, 1, 2), (100, 1, 4), (1, 1, 1))
# (s, u) for the exact check in d = L = 1 (the lemma prints no condition on L or d): the norm there is |1 + sN +
# theta| with N ~ N(0, 1) and |theta| <= the radius, so the failure probability is a normal tail, exact
_EXACT_NORM = ((1, 30), (30, 250))
# the same for sigma_min (failure iff |1 + sN| < B + r): at large u the printed failure probability 8 exp(-u^2/(32
# s^2)) falls below the exact one, of order B ~ exp(-u); for u <= 1 it stays above it (u^2/32 < 1/2 + u)
_EXACT_SMIN = {"smin": ((Q(1, 2), 20), (1, 40)), "smin-u1": ((Q(1, 10), 1), (Q(1, 20), 1), (Q(1, 10), Q(1, 2)))}


def _draws(d: int, L: int, s, n: int, seed: int):
    """n draws of the L scaled Gaussian matrices s/sqrt(Ld) N_k (numpy default_rng(seed))."""
    rng = np.random.default_rng(seed)
    c = float(s) / np.sqrt(L * d)
    return [[c * rng.standard_normal((d, d)) for _ in range(L)] for _ in range(n)]


@kit.cached
def _extremes(grid_index: int, draw: int, r: float, seed: int, fast: bool, which: str = "both"):
    """(max_k ||P_k||_2 with theta_k = +r I, min_k sigma_min(P_k) with theta_k = -r I) over the partial products
    P_k = A_k ... A_1 of one draw (theta = +/- r I push the norm up and the smallest singular value down); at
    k = 1 also the exact worst case of the smallest singular value, max(0, sigma_min(I + s/sqrt(Ld) N_1) - r/L)
    (Weyl; attained by the rank-one theta_1 = -r u v^T on the smallest singular pair); ``which = "norm"`` skips the
    second (nan)."""
    (d, L, s, u), draws = _mc(seed, fast)[grid_index]
    Ns = draws[draw]
    eye = np.eye(d)
    P_plus, P_minus = eye, eye
    big, small = 0.0, np.inf
    for N in Ns:
        P_plus = (eye + N + (r / L) * eye) @ P_plus
        big = max(big, np.linalg.norm(P_plus, 2))
        if which != "norm":
            if P_minus is eye:
                small = max(0.0, np.linalg.svd(eye + N, compute_uv=False)[-1] - r / L)
            P_minus = (eye + N - (r / L) * eye) @ P_minus
            small = min(small, np.linalg.svd(P_minus, compute_uv=False)[-1])
    return big, (small if which != "norm" else np.nan)


def _radius(grid_index: int, r: float) -> float:
    """The radius of theta = +/- r I used at a grid row: r (0 for r < 0), or 0 on the norm-only rows."""
    return 0.0 if grid_index in _NORM_ONLY else max(r, 0.0)


def _smin_by_inverse(grid_index: int, draw: int, r: float, seed: int, fast: bool) -> float:
    """min_k sigma_min(P_k) by a second method: 1/||P_k^{-1}||_2 with P_k^{-1} = A_1^{-1} ... A_k^{-1}."""
    (d, L, s, u), draws = _mc(seed, fast)[grid_index]
    eye = np.eye(d)
    inv, small = eye, np.inf
    for N in draws[draw]:
        inv = inv @ np.linalg.inv(eye + N - (r / L) * eye)
        small = min(small, 1 / np.linalg.norm(inv, 2))
    return small


def _digits(a: float, b: float) -> int:
    """Agreeing significant digits of two float64 computations of one number (second method)."""
    if a == b:
        return 15
    return max(0, min(15, int(-np.log10(abs(a - b) / max(abs(a), abs(b))))))


def _binomial_tail(k: int, n: int, p) -> mpmath.mpf:
    """P(X >= k) for X ~ Binomial(n, p), exact sum at 30 digits."""
    with mpmath.workdps(30):
        p = mpmath.mpf(p)
        return mpmath.fsum(mpmath.binomial(n, j) * p ** j * (1 - p) ** (n - j) for j in range(k, n + 1))


@kit.cached
def _mc(seed: int, fast: bool) -> tuple:
    n = 8 if fast else 10  # 8 draws: a full failure count has binomial tail 0.35^8 < 10^-3
    return tuple(((d, L, s, u), _draws(d, L, s, n, seed + idx)) for idx, (d, L, s, u) in enumerate(_GRID))


def _concentration(ctx, which: str):
    """The success probability first (a probability, and < 1: :func:`_probability_verdict`), then in d = L = 1
    exactly (:func:`_exact_norm_verdict`, norm), then the failure count of the event 'bound holds for every k'
    over the draws, against the printed failure probability 1 - prob; refuted when the binomial tail of the
    count is below 10^-3."""
    early = _probability_verdict(ctx, which) or (_exact_norm_verdict(ctx) if which == "norm" else None)
    if early is not None:
        return early
    rows, digits = [], []
    for gi, ((d, L, s, u), draws) in enumerate(_mc(ctx.seed, ctx.fast)):
        if gi not in _ROWS[which]:
            continue
        vals = {d_: d, s_: s, u_: u}
        delta = 1 - kit.evaluate(ctx.s.prob, vals, 30)
        r = float(kit.evaluate(ctx.s.theta, vals, 30))
        if r < 0:  # no theta has a negative norm bound: the statement is vacuous at this row
            continue
        bound = kit.evaluate(ctx.s.rel.rhs, vals, 30)
        fails, worst = 0, None
        for di in range(len(draws)):
            big, small = _extremes(gi, di, _radius(gi, r), ctx.seed, ctx.fast, "norm" if gi in _NORM_ONLY else "both")
            val = big if which == "norm" else small
            if di == 0 and which != "norm":  # second method on one draw per grid point: the digits
                digits.append(_digits(small, _smin_by_inverse(gi, di, max(r, 0.0), ctx.seed, ctx.fast)))
            elif di == 0:
                digits.append(12)
            ok = _slack(ctx.s.rel, mpmath.mpf(val), vals) >= 0
            if not ok:
                fails += 1
                worst = val
        n = len(draws)
        tail = _binomial_tail(fails, n, min(max(delta, 0), 1)) if delta < 1 else mpmath.mpf(1)
        rows.append(((d, L, s, u), fails, n, delta, tail, bound, worst))
    if not rows:
        return Verified("vacuous: the radius of theta is negative at every grid row", exact=True, points=("grid",),
                        scope="vacuous on the grid")
    bad = [x for x in rows if x[4] < mpmath.mpf(10) ** -3]
    info = {}
    if not bad and ctx.mutating and ctx.printed is not None and _weaker(ctx, which):
        info[IMPLIED] = ("weaker than the printed lemma on every draw: a bound at least as slack, a failure "
                         "probability at least as large and a radius of theta at most as large")
    if bad:
        (d, L, s, u), fails, n, delta, tail, bound, worst = bad[0]
        return Refuted(f"{which}: the bound fails in {fails} of {n} draws, the printed failure probability is at "
                       f"most {kit.nstr(delta, 4)} (binomial tail {kit.nstr(tail, 3)})", counterexample={
                           "(d, L, s, u)": str((d, L, s, u)),
                           "theta": "theta_k = +r I (norm), -r I (smin): admissible, ||theta_k||_2 = r, the printed "
                                    "radius (theta = 0 on the norm-only rows)",
                           "failures": f"{fails}/{n}", "bound": kit.nstr(bound, 10), "a failing value": repr(worst),
                           "seed": f"numpy default_rng(ctx.seed + grid index), seed {ctx.seed}"})
    exact = _exact_smin_verdict(ctx, _EXACT_SMIN[which]) if which != "norm" else None
    if exact is not None:
        return exact
    return Verified(f"{which}: failure counts consistent with the printed probability: " + "; ".join(
        f"{x[0]}: {x[1]}/{x[2]} (allowed {kit.nstr(x[3], 3)})" for x in rows), n_digits=max(1, min(digits)),
        points=tuple(str(x[0]) for x in rows), dps=15, method="Monte Carlo, numpy float64; sigma_min also by the "
        "inverse product (digits = agreement)", scope=f"(d, L, s, u) in {[tuple(map(str, g)) for g in _GRID]}, "
        f"{rows[0][2]} draws each, theta = +/- r I at the printed radius r (0 on the norm-only row {_GRID[2]}); "
        f"the success probability at {_PROBE}; d = L = 1 exactly at (s, u) in {_EXACT_NORM} (norm)", info=info)


def _weaker(ctx, which: str) -> bool:
    """The mutated statement is implied by the printed one at every grid point: its bound is at least as slack at
    every drawn value, its failure probability at least as large, its radius of theta at most as large."""
    for gi, ((d, L, s, u), draws) in enumerate(_mc(ctx.seed, ctx.fast)):
        if gi not in _ROWS[which]:
            continue
        vals = {d_: d, s_: s, u_: u}
        st, pr = ctx.s, ctx.printed
        if kit.evaluate(st.prob, vals, 30) > kit.evaluate(pr.prob, vals, 30) or \
                kit.evaluate(st.theta, vals, 30) > kit.evaluate(pr.theta, vals, 30):
            return False
        r = float(kit.evaluate(pr.theta, vals, 30))
        for di in range(len(draws)):
            big, small = _extremes(gi, di, _radius(gi, r), ctx.seed, ctx.fast, "norm" if gi in _NORM_ONLY else "both")
            val = mpmath.mpf(big if which == "norm" else small)
            for stt in (st, pr):
                if stt.rel.lhs.free_symbols - {NORM, SMIN} or stt.rel.rhs.has(NORM, SMIN):
                    return False
            mine = _slack(st.rel, val, vals)
            theirs = _slack(pr.rel, val, vals)
            if mine < theirs - mpmath.mpf(10) ** -12:
                return False
    return True


def _probability_verdict(ctx, which: str):
    r"""The claimed success probability p at the points of ``_PROBE`` (exact SymPy, signs by evalf at 40 digits):
    p > 1 is no probability; p = 1 claims a failure probability 0, refuted by one realization in the support of
    the Gaussians (:math:`N_1 = tI`, the other N_k = 0, theta = 0) at which the bound fails: the failure set is
    then open and not empty (continuity), of positive Gaussian probability.  None when p is a probability < 1."""
    for d, s, u in _PROBE:
        vals = {d_: d, s_: s, u_: u}
        fail = sympy.N((1 - ctx.s.prob).subs(vals), 40)
        if fail < 0:
            return Refuted("the claimed success probability exceeds 1", counterexample={
                "(d, s, u)": str((d, s, u)), "claimed probability": str(sympy.N(ctx.s.prob.subs(vals), 20))})
        if fail == 0:
            c = mpmath.mpf(s) / mpmath.sqrt(d)  # L = 1: P_1 = I + c N_1 (+ theta_1 = 0)
            bound = kit.evaluate(ctx.s.rel.rhs, vals, 30)
            t = 2 * (abs(bound) + 1) / c if which == "norm" else -1 / c  # P_1 = (1 + ct) I: norm 2|B| + 3, or 0
            val = abs(1 + c * t)
            if _slack(ctx.s.rel, val, vals) < 0:
                return Refuted("the claimed failure probability is 0, but the bound fails on an open set of "
                               "realizations of positive Gaussian probability", counterexample={
                                   "(d, L, s, u)": str((d, 1, s, u)), "realization": f"N_1 = {kit.nstr(t, 10)} I, "
                                   "theta = 0", "value at k = 1": kit.nstr(val, 10), "bound": kit.nstr(bound, 10)})
    return None


def _exact_norm_verdict(ctx):
    r"""d = L = 1: the norm is :math:`|1 + sN + \theta|` and, over :math:`|\theta| \le r`, the bound
    :math:`\le B` fails iff :math:`|1 + sN| > B - r`: probability :math:`\Phi((-1 - B + r)/s) + 1 - \Phi((B - r -
    1)/s)` (1 when B <= r), against the claimed failure probability.  Only for a statement of the printed shape
    NORM <= bound (its other mutants are decided by the draws)."""
    def failure(B, r, s):
        cut = B - max(r, 0)
        return mpmath.mpf(1) if cut <= 0 else mpmath.ncdf((-1 - cut) / s) + mpmath.ncdf((1 - cut) / s)
    return _exact_d1_verdict(ctx, sympy.LessThan, NORM, _EXACT_NORM, failure, "P(|1 + sN| > B - r)", {})


def _exact_smin_verdict(ctx, points):
    r"""d = L = 1: the smallest singular value is :math:`|1 + sN + \theta|`; over :math:`|\theta| \le r` the bound
    :math:`\ge B` fails iff :math:`|1 + sN| < B + r`: probability :math:`\Phi((B + r - 1)/s) - \Phi((-B - r -
    1)/s)`, exact, against the claimed failure probability at the (s, u) of ``points``.  Only for a statement of the
    printed shape SMIN >= bound."""
    def failure(B, r, s):
        if r < 0:
            return None  # no admissible theta: vacuous
        c = max(B + r, 0)
        return mpmath.ncdf((c - 1) / kit.mp(s)) - mpmath.ncdf((-c - 1) / kit.mp(s))
    return _exact_d1_verdict(ctx, sympy.GreaterThan, SMIN, points, failure, "P(|1 + sN| < B + r)", {
        "why": "the simplified lemma prints no condition on L or d; sigma_min(1 + sN + theta) = |1 + sN + theta| "
               "in d = 1"})


def _exact_d1_verdict(ctx, relation, lhs, points, failure, label: str, extra: dict):
    """Refuted when, at d = L = 1 and some (s, u) of ``points``, the exact ``failure(B, r, s)`` probability of the
    statement ``lhs <relation> B`` (theta radius r) exceeds the claimed failure probability; else None."""
    rel = ctx.s.rel
    if not (isinstance(rel, relation) and rel.lhs == lhs):
        return None
    with mpmath.workdps(60):
        for s, u in points:
            vals = {d_: 1, s_: s, u_: u}
            delta = 1 - kit.evaluate(ctx.s.prob, vals, 60)
            B, r = kit.evaluate(rel.rhs, vals, 60), kit.evaluate(ctx.s.theta, vals, 60)
            F = failure(B, r, s)
            if F is not None and 0 <= delta < 1 and F > delta * (1 + mpmath.mpf(10) ** -20):
                return Refuted("d = L = 1: the exact failure probability exceeds the claimed one", counterexample={
                    "(d, L, s, u)": str((1, 1, s, u)), "bound B": kit.nstr(B, 15), "radius r": kit.nstr(r, 15),
                    label: kit.nstr(F, 15), "claimed failure probability": kit.nstr(delta, 15), **extra})
    return None


def _slack(rel, val, vals) -> mpmath.mpf:
    bound = kit.evaluate(rel.rhs, vals, 30)
    le = isinstance(rel, (sympy.LessThan, sympy.StrictLessThan))
    sign = 1 if le else -1
    lhs = kit.evaluate(rel.lhs, {**vals, NORM: val, SMIN: val}, 30) if rel.lhs.free_symbols else kit.mp(rel.lhs)
    return sign * (bound - lhs) / max(abs(bound), abs(lhs))


@claim("FM-Lemma-concentration-norm", text=r"$\|(I+\frac{s}{\sqrt{Ld}}N_k+\frac1L\theta_k)\cdots"
       r"(I+\frac{s}{\sqrt{Ld}}N_1+"
       r"\frac1L\theta_1)\|_2\le4\exp(\frac{s^2}2+u)$ w.p. $\ge1-8\exp(-\frac{du^2}{32s^2})$", expect=Verified,
       kind=Kind.PROPERTY, statement=CONC_NORM, cites=("FM-Def-RI-init",))
def conc_norm(ctx):
    return _concentration(ctx, "norm")


@claim("FM-Lemma-concentration-smin", text=r"$\sigma_{\min}(\dots)\ge\frac14\exp(-\frac{2s^2}{d}-u)$ w.p. "
       r"$\ge1-8\exp(-\frac{du^2}{32s^2})$", expect=Refuted, kind=Kind.PROPERTY, statement=CONC_SMIN,
       cites=("FM-Def-RI-init",))
@claim("FM-Lemma-concentration-smin/corrected", text=r"$\sigma_{\min}(\dots)\ge\frac14\exp(-2s^2-u)$ w.p. "
       r"$\ge1-8\exp(-\frac{du^2}{32s^2})$", expect=Refuted, kind=Kind.PROPERTY, statement=CONC_SMIN_CORRECTED,
       cites=("FM-Def-RI-init",), hyp="every u > 0, L and d (none restricted on the slide); refuted at d = L = 1 and "
       "large u, exactly (docs/errata.md)")
def conc_smin(ctx):
    return _concentration(ctx, "smin")


@claim("FM-Lemma-concentration-smin/corrected-u-le-1", text=r"$\sigma_{\min}(\dots)\ge\frac14\exp(-2s^2-u)$ w.p. "
       r"$\ge1-8\exp(-\frac{du^2}{32s^2})$ for $0<u\le1$", expect=Verified, kind=Kind.PROPERTY,
       statement=CONC_SMIN_U1, cites=("FM-Def-RI-init",),
       hyp="0 < u <= 1 (a bounded deviation: then u^2/(32 s^2) < 1/(2 s^2) + u and the d = L = 1 failure probability, "
           "of order exp(-1/(2 s^2) - u), stays below the claimed one); checked at the grid row (200, 6, 1, 1) and "
           "exactly at d = L = 1")
def conc_smin_u1(ctx):
    return _concentration(ctx, "smin-u1")


@claim("FM-Lemma-concentration", text="Lemma (simplified): with probability at least 1 - 8 exp(-d u^2/(32 s^2)), "
       "for all small theta and all k, the norm and smallest-singular-value bounds", expect=Refuted,
       kind=Kind.PROPERTY, statement=Statement(norm=CONC_NORM.rel, smin=CONC_SMIN.rel, prob=_PROB, theta=_THETA),
       cites=("FM-Lemma-concentration-norm", "FM-Lemma-concentration-smin"))
def conc(ctx):
    """The conjunction (the smallest-singular-value part fails)."""
    s = ctx.s
    for which, rel in (("norm", s.norm), ("smin", s.smin)):
        v = _concentration(ctx.with_statement(Statement(rel=rel, prob=s.prob, theta=s.theta)), which)
        if isinstance(v, Refuted):
            return v
    return v


prose_table([
    ("FM-Thm-residual", "There exist C_1..C_5 > 0 depending only on s such that if L >= C_1, d >= C_2, then w.p. "
     ">= 1 - 16 exp(-C_3 d), if R(W(0)) - R_min <= C_4 lambda^2 ||p||^2 / Lambda, GF converges to a global minimizer",
     "the constants C_1 ... C_5 are not given: no finite instance can confirm or refute an existence statement over "
     "unspecified constants", ("FM-Def-RI-init",)),
    ("FM-Thm-residual-structure", "W_k^RI = I + s/sqrt(Ld) N_k + theta_k^RI / L with ||theta_k^RI||_F <= C_5",
     "C_5 is not given (same theorem); the O(1/L) change it describes is not checkable without the constant",
     ("FM-Thm-residual",)),
    ("FM-Cor-residual-sharpness", "There exists C > 0 depending only on s such that 1 <= S(W^RI)/S_min <= C "
     "Lambda/lambda", "C is not given; the left inequality holds by the definition of S_min (W^RI is a minimizer), "
     "the right one is an existence statement over an unspecified constant", ("FM-Thm-residual",)),
    ("FM-Summary-RI", "Residual initialization: convergence when the initial risk is small enough, O(1/L) change "
     "of the weights, bounded final sharpness", "summary of FM-Thm-residual and FM-Cor-residual-sharpness, whose "
     "constants are not given", ("FM-Thm-residual",)),
    ("FM-Summary-RI-conv", "converges when the initial risk is small enough",
     "'small enough' is the unspecified C_4 of FM-Thm-residual", ("FM-Thm-residual",)),
    ("FM-Summary-RI-change", "changes the weight matrices by an amount of order O(1/L)",
     "an order statement with the unspecified C_5 of FM-Thm-residual-structure", ("FM-Thm-residual-structure",)),
    ("FM-Summary-RI-sharpness", "yields a final sharpness that can be bounded",
     "'can be bounded' with the unspecified C of FM-Cor-residual-sharpness", ("FM-Cor-residual-sharpness",)),
])

cite_table({"FM-Cite-RI-prior": "prior work cited on the summary slide (Bartlett et al. 2018; Arora et al. 2019; Zou "
                                "et al. 2020; Sander et al. 2022; Marion et al. 2022, 2024; Zhang et al. 2022): "
                                "attributions to other papers"})
