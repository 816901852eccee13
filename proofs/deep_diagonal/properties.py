r"""Property claims of §2.3 (Hypothesis): the bounds of Prop. 1.2, (14) and Theorem 2 along integrated trajectories
of random deep diagonal problems, and the PL inequality of the squared loss (spec §3.3, §3.7, §3.8).

Every judge evaluates the statement in force on the cached trajectory of an example (``_decay.problem_curve``):
a mutated bound, factor or σ is judged on the same trajectories.  Draws: ``strategies.deep_diagonal_problem(3, 2,
2)`` (L = 3, d = 2, n = 2, (A), sign changes), integrated to t = 1/2 at the requested precision.
"""

from __future__ import annotations

import mpmath
import sympy
from hypothesis import strategies as st
from sympy import GreaterThan, Matrix, Rational, StrictGreaterThan, Symbol

from symflow.claims import Kind, Statement, claim, kit
from symflow.claims.kit import Margin
from symflow.precision import precision
from symflow.strategies import deep_diagonal_problem, least_squares_data, rationals
from symflow.verdict import Inconclusive, Refuted, Verified

from ._decay import P_VALUES, problem_curve
from ._leaf import positive_under_A, slack
from ._model import u0, w0
from ._network import argmin_layers, ls_grad, ls_optimum, m_funcs, mpq
from .convergence import EQ14, LAM, P1, P2, check_factor
from .layers import H_FLOW
from .thm2 import GAP, GAP0, MU, SIG, T, THM2, TIGHT, envelope_check

__all__ = ["trajectory"]

H_PROP = "Hypothesis: strategies.deep_diagonal_problem(3, 2, 2, max_abs=1), (A), T = 1/2; " + H_FLOW
PROBLEMS = deep_diagonal_problem(3, 2, 2, max_abs=1)


def trajectory(problem, dps: int):
    """The example's data, computed once per example and precision (shared by the three claims)."""
    curve, states = problem_curve(problem, dps)
    return problem, curve, states


def _key(problem) -> str:
    return f"X={problem.X.tolist()}, y={list(problem.y)}, init={[[str(a) for a in r] for r in problem.init]}"


def _relative(value, scale):
    return value / max(abs(scale), mpmath.mpf(10) ** -30)


def _search(ctx, judge, what):
    dps = ctx.dps
    return kit.search(ctx, PROBLEMS, lambda p: trajectory(p, dps), judge, what=what, key=_key,
                      scope="property: L=3, d=2, n=2 problems satisfying (A), integrated to t = 1/2")


# ------------------------------------------------------------------------------------------ Prop 1.2 / bound

PROP12_PROPERTY = Statement(bound=u0 ** 2 - w0 ** 2)


@claim("DD-Prop1.2/property", text=r"Along integrated trajectories: $u^j_i(t)^2\ge u^j_i(0)^2-u^l_i(0)^2>0$ for "
       r"$j\ne l=\arg\min$ (so $u^j_i$ never vanishes)", expect=Verified, kind=Kind.PROPERTY,
       statement=PROP12_PROPERTY, hyp=H_PROP, cites=("DD-Prop1.2", "DD-S2.3-LowerBound"))
def prop12_property(ctx):
    """B > 0 for every initialization with (A) (decided exactly, _leaf.positive_under_A); then the margin: min over
    times, coordinates and non-minimal layers of (u^j(t)^2 - B)/B and of B itself."""
    pos = positive_under_A(ctx.s.bound, what="B")
    if isinstance(pos, (Refuted, Inconclusive)):
        return pos

    def judge(data, s):
        problem, curve, states = data
        L, d = problem.L, problem.d
        ks = argmin_layers(problem.init)
        worst, info = mpmath.inf, {}
        with precision(ctx.dps + 10):
            for i in range(d):
                for j in range(L):
                    if j == ks[i]:
                        continue
                    B = kit.evaluate(s.bound, {u0: problem.init[j][i], w0: problem.init[ks[i]][i]}, ctx.dps) \
                        if s.bound.free_symbols else kit.mp(s.bound)
                    for t, st_ in zip(curve.times, states):
                        m = min(_relative(st_[i * L + j] ** 2 - B, B), B)
                        if m < worst:
                            worst, info = m, {"t": str(t), "coordinate": i + 1, "layer": j + 1, "B": B,
                                              "u(t)^2": st_[i * L + j] ** 2}
        return Margin(worst, curve.digits, info)
    return _search(ctx, judge, "u^j(t)^2 >= B > 0")


# ------------------------------------------------------------------------------------------------------ (14)

@claim("DD-Eq14/property", text=r"(14) along integrated trajectories, Hypothesis targeted at $\lambda_{min}(M(t))/\sigma"
       r"\to1$", expect=Verified, kind=Kind.PROPERTY, statement=EQ14, hyp=H_PROP, cites=("DD-Eq14",))
def eq14_property(ctx):
    """Margin: the relative slack of the relation in force with λ_min = min_i M_ii(t) and P_i from its factor."""
    v = check_factor(ctx.s.factor)
    if isinstance(v, (Refuted, Inconclusive)):
        return v

    def judge(data, s):
        problem, curve, states = data
        p = P_VALUES(problem.init, s.factor, u0, w0)
        funcs = m_funcs(problem.L, problem.d)
        worst, info = mpmath.inf, {}
        sl = slack(s.rel).subs({P1: p[0], P2: p[1]})
        with precision(ctx.dps + 10):
            for t, st_ in zip(curve.times, states):
                lam = min(f(*st_) for f in funcs)
                val = kit.evaluate(sl, {LAM: lam}, ctx.dps) if sl.free_symbols else kit.mp(sl)
                m = _relative(val, lam)
                if m < worst:
                    worst, info = m, {"t": str(t), "lambda_min": lam, "P": [str(x) for x in p]}
        return Margin(worst, curve.digits, info)
    return _search(ctx, judge, "(14)")


# ------------------------------------------------------------------------------------------------ Theorem 2

@claim("DD-Thm2/property", text="(15) along integrated trajectories of random problems (Hypothesis)", expect=Verified,
       kind=Kind.PROPERTY, statement=THM2, hyp=H_PROP + "; μ = 2λ⁺_min(XᵀX), L* exact", cites=("DD-Thm2",))
def thm2_property(ctx):
    """Margin: the relative slack of the bound in force at t = 1/8, 1/4, 3/8, 1/2, σ from its factor and min.
    Explicit example first (as Hypothesis' @example): the decoupled instance of DD-Thm2 with its envelope, the one
    place where a rate too large by a factor 1 + 1e-6 shows (random draws at t <= 1/2 cannot)."""
    v = check_factor(ctx.s.factor)
    if isinstance(v, (Refuted, Inconclusive)):
        return v
    tail = envelope_check(ctx.s, TIGHT, ctx)
    if tail is not None:
        return tail

    def judge(data, s):
        problem, curve, states = data
        p = P_VALUES(problem.init, s.factor, u0, w0)
        sig = s.sigma.subs({P1: p[0], P2: p[1]})
        worst, info = mpmath.inf, {}
        for t, gap in zip(curve.times, curve.gaps):
            vals = {GAP: gap, GAP0: curve.gap0, SIG: sig, MU: curve.mu, T: t}
            lhs, rhs = (kit.evaluate(x, vals, ctx.dps) if x.free_symbols else kit.mp(x)
                        for x in (s.bound.lhs, s.bound.rhs))
            m = _relative(rhs - lhs if isinstance(s.bound, (sympy.LessThan, sympy.StrictLessThan)) else lhs - rhs,
                          max(abs(lhs), abs(rhs)))
            if m < worst:
                worst, info = m, {"t": str(t), "L - L*": lhs, "bound": rhs, "sigma": str(sig)}
        return Margin(worst, curve.digits, info)
    return _search(ctx, judge, "(15)")


# ------------------------------------------------------------------------------------- PL of the squared loss

G2, F, LMIN = Symbol("gradnorm2", nonnegative=True), Symbol("gap", nonnegative=True), Symbol("lam", positive=True)
# "L is PL(μ) with μ = 2λ⁺_min": the inequality is concluded, and the claim is weaker for a smaller μ
PL = Statement(pl=GreaterThan(G2, 2 * MU * F), mu=2 * LMIN).monotone("pl", "looser").monotone("mu", "smaller")


@st.composite
def _pl_examples(draw):
    """Random rank-2 3x3 data and θ, or a tight case: X = diag(a, b, 0), θ = θ* + s e_1, |a| < |b|."""
    if draw(st.booleans()):
        X, y = draw(least_squares_data(3, 3, rank=2))
        th = [draw(rationals(-3, 3, 6)) for _ in range(3)]
        return X, y, th
    a, b = draw(st.sampled_from([(1, 2), (Rational(1, 2), 1), (2, 3), (1, Rational(3, 2))]))
    y = Matrix([draw(rationals(-2, 2, 4)) for _ in range(3)])
    s = draw(rationals(-2, 2, 4))
    X = sympy.diag(a, b, 0)
    star = X.pinv() * y
    return X, y, [star[0] + s, star[1], star[2]]


def _pl_data(example, dps):
    X, y, th = example
    Lstar, mu = ls_optimum(X, y, dps)
    _, mu2 = ls_optimum(X, y, 2 * dps)
    grad, loss = ls_grad(X, y, th)
    with precision(2 * dps):
        digits = max(1, min(dps, int(-mpmath.log10(abs(mu - mu2) / mu + mpmath.mpf(10) ** (-2 * dps)))))
    return mpq(sum(v ** 2 for v in grad)), mpq(loss - Lstar), mu / 2, digits


@claim("DD-S2.3-Applies", text="Theorem 2 applies, e.g., when L is the squared loss.", expect=Verified,
       kind=Kind.PROPERTY, statement=PL, hyp="L(θ) = ||Xθ - y||², PL with μ = 2λ⁺_min(XᵀX); argmin ≠ ∅ (least "
       "squares always has a minimizer)", cites=("DD-Def-PL",))
def applies(ctx):
    """Hypothesis over rank-deficient 3x3 data (and tight cases): ||∇L||^2 >= 2μ(L - L*) with μ from the statement."""
    dps = ctx.dps

    def judge(data, s):
        g2, gap, lam, digits = data
        mu = kit.evaluate(s.mu, {LMIN: lam}, dps) if s.mu.free_symbols else kit.mp(s.mu)
        vals = {G2: g2, F: gap, MU: mu}
        lhs, rhs = (kit.evaluate(x, vals, dps) if x.free_symbols else kit.mp(x) for x in (s.pl.lhs, s.pl.rhs))
        sl = lhs - rhs if isinstance(s.pl, (sympy.GreaterThan, StrictGreaterThan)) else rhs - lhs
        return Margin(_relative(sl, max(abs(lhs), abs(rhs), mpmath.mpf(1))), digits,
                      {"|grad|^2": g2, "L - L*": gap, "mu": mu})
    return kit.search(ctx, _pl_examples(), lambda e: _pl_data(e, dps), judge, what="PL of the squared loss",
                      key=lambda e: str(e), scope="property: rank-2 3x3 least squares, random θ and tight cases")
