r"""§3.2 of DDyn (spec §3.4): the proof sketch of Theorem 3 (DDyn-Thm3-sketch and its steps, (39)) and (40).

``W``/``W0`` are the continuous mode :math:`w_i(t)`, :math:`w_i(0)` of (27) (:math:`\dot w = 2w(\sigma - \lambda w)`);
the discrete symbols are those of :mod:`._discrete`.
"""

from __future__ import annotations

from dataclasses import replace

import mpmath
import sympy
from hypothesis import strategies as st
from sympy import LessThan, StrictGreaterThan, StrictLessThan, exp

from symflow.claims import Kind, Statement, claim, kit
from symflow.discrete import product_orbit, product_step, transition_step
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

from ._discrete import A, A0, A1, DELTA, ETA, LAM, S, T, X, H_MODE, mode_params, point_params, \
    point_search, sub_statement
from .discrete_thm3 import bound_roles, conjunction, edges_then

W, W0 = sympy.Symbol("w", positive=True), sympy.Symbol("w_0", positive=True)
FLOW27 = {W: 2 * W * (S - LAM * W)}
ARG_MODE = "one generic mode (σ, λ, w symbolic; (27) is autonomous and the modes decouple): every i"
H27 = "w_i follows (27): dw/dt = 2w(σ - λw), σ > 0"

# ------------------------------------------------------------------------------------ sketch: linear rate, (39)

LINEAR = Statement(q=1 / W - LAM / S, rate=-2 * S).scale_free("q")  # q' = rate q is linear in q


@claim("DDyn-Claim-sketch-linear", text=r"$w_i(t)^{-1} - \frac{\lambda_i}{\sigma_i}$ converges linearly to 0.",
       expect=Proved, statement=LINEAR, hyp=H27, cites=("DDyn-Eq27",))
def sketch_linear(ctx):
    """Along (27), d/dt (1/w - λ/σ) = -2σ (1/w - λ/σ): a linear ODE, so 1/w - λ/σ = (1/w0 - λ/σ) e^{-2σt} -> 0 at
    the linear (exponential) rate 2σ."""
    return kit.identity(kit.ddt(ctx.s.q, FLOW27), ctx.s.rate * ctx.s.q, argument=ARG_MODE,
                        what="d/dt (1/w - λ/σ) = rate (1/w - λ/σ) along (27)")


EQ39 = Statement(lhs=1 / W - S / LAM, rhs=(1 / W0 - S / LAM) * exp(-2 * ETA * S * T))
EQ39_CORRECTED = Statement(lhs=1 / W - LAM / S, rhs=(1 / W0 - LAM / S) * exp(-2 * S * T))


def _eq39_check(s):
    """lhs(t) = rhs(t) for the solution of (27) iff they agree at t = 0 and lhs' = c·lhs along (27), where
    c = (d rhs/dt)/rhs must be a constant (rhs an exponential)."""
    c = sympy.cancel(sympy.diff(s.rhs, T) / s.rhs)
    if c.has(T):
        return Refuted("the right side is not an exponential in t", counterexample={"rhs": str(s.rhs), "c": str(c)})
    return kit.identities([("at t = 0", s.lhs.subs(W, W0), s.rhs.subs(T, 0)),
                           ("d/dt lhs = c lhs", kit.ddt(s.lhs, FLOW27), c * s.lhs)],
                          argument=ARG_MODE + "; uniqueness of the solution of the linear ODE", what="(39)")


@claim("DDyn-Eq39", text=r"$w_i(t)^{-1} - \frac{\sigma_i}{\lambda_i} = \left(w_i(0)^{-1} - \frac{\sigma_i}"
       r"{\lambda_i}\right)e^{-2\eta\sigma_it}$ (39)", expect=Refuted, statement=EQ39, hyp=H27)
@claim("DDyn-Eq39/corrected", text=r"$w_i(t)^{-1} - \frac{\lambda_i}{\sigma_i} = \left(w_i(0)^{-1} - \frac{\lambda_i}"
       r"{\sigma_i}\right)e^{-2\sigma_it}$", expect=Proved, statement=EQ39_CORRECTED, hyp=H27)
def eq39(ctx):
    return _eq39_check(ctx.s)


# ----------------------------------------------------------------------------------- sketch: steps 1 and 2

STEP1 = Statement(h1=StrictLessThan(0, A0), h2=StrictLessThan(A0, 1), h3=StrictLessThan(2 * ETA * S, 1),
                  h4=StrictGreaterThan(S, 0), rel1=StrictLessThan(A, 1), rel2=StrictGreaterThan(A1, A))
STEP1_CORRECTED = bound_roles(STEP1.replace(h2=StrictLessThan(LAM * A0, S), rel1=StrictLessThan(LAM * A, S)))


@claim("DDyn-Claim-sketch-step1", text=r"$(w_i^{(t)})$ is an increasing sequence smaller than one.", expect=Refuted,
       kind=Kind.PROPERTY, statement=STEP1, hyp=H_MODE + "; Thm. 3's hypotheses 1 > w0 > 0, 2ησ < 1")
@claim("DDyn-Claim-sketch-step1/corrected", text=r"for $0 < w_i^{(0)} < \sigma_i/\lambda_i$, $2\eta\sigma_i < 1$: "
       r"$(w_i^{(t)})$ is increasing and smaller than $\sigma_i/\lambda_i$", expect=Verified, kind=Kind.PROPERTY,
       statement=STEP1_CORRECTED, hyp=H_MODE)
def sketch_step1(ctx):
    """The bound is σ_i/λ_i, not 1: with σ/λ > 1 the sequence passes 1; with σ/λ < w0 < 1 it decreases."""
    n = 40 if ctx.fast else 150
    return edges_then(ctx, mode_params(n), what="w_t increasing and below the bound")


RECURSION = Statement(lhs=1 / A1 - LAM / S,
                      rhs=(1 / A) * (1 / (1 + 2 * (S - LAM * A) + ETA ** 2 * (S - LAM * A) ** 2)) - LAM / S)
RECURSION_CORRECTED = RECURSION.replace(
    rhs=(1 / A) * (1 / (1 + 2 * ETA * (S - LAM * A) + ETA ** 2 * (S - LAM * A) ** 2)) - LAM / S)


def recursion_check(s, what):
    """The printed right side against the left side with a^{(t+1)} from the recursion of symflow.discrete."""
    return kit.identity(s.lhs.subs(A1, product_step(A, S, LAM, ETA)), s.rhs, what=what,
                        argument="one generic mode and step (σ, λ, η, a^{(t)} symbolic): every i and t")


@claim("DDyn-Eq-sketch-recursion", text=r"$\frac1{w_i^{(t+1)}} - \frac{\lambda_i}{\sigma_i} = \frac1{w_i^{(t)}}"
       r"\left(\frac{1}{1 + 2(\sigma_i-\lambda_iw_i^{(t)}) + \eta^2(\sigma_i - \lambda_i w_i^{(t)})^2}\right) - "
       r"\frac{\lambda_i}{\sigma_i}$", expect=Refuted, statement=RECURSION, hyp=H_MODE, cites=("DDyn-Eq35",))
@claim("DDyn-Eq-sketch-recursion/corrected", text=r"the same with $2\eta(\sigma_i - \lambda_iw_i^{(t)})$ in the "
       "denominator", expect=Proved, statement=RECURSION_CORRECTED, hyp=H_MODE)
def sketch_recursion(ctx):
    return recursion_check(ctx.s, "the sketch's recursion for 1/w - λ/σ")


INEQ = Statement(h1=LessThan(1, X), h2=LessThan(X, 0), rel1=LessThan(1 - X, 1 / (1 + X)),
                 rel2=LessThan(1 / (1 + X), 1 - X + X ** 2))
INEQ_INTENDED = Statement(h1=LessThan(0, X), rel1=INEQ.rel1, rel2=INEQ.rel2).monotone("h1", "tighter") \
    .monotone("rel1", "looser").monotone("rel2", "looser").given(nonnegative=(X,))  # x >= 0 for the conclusions


def ineq_check(ctx, s):
    """Vacuous when the printed range is empty (decided exactly); otherwise searched over drawn x."""
    hyps = [p for n, p in s.items() if n.startswith("h")]
    rng = sympy.solvers.inequalities.reduce_inequalities(hyps, X)
    if rng is sympy.false or rng == sympy.false:
        return Inconclusive(f"the range {' and '.join(map(str, hyps))} is empty: the statement is vacuous as printed (the proof "
                            "uses x >= 0; see DDyn-Claim-sketch-ineq/intended)", reason=Reason.DOMAIN)
    return point_search(replace(ctx, statement=s), st.tuples(point_params(), st.integers(0, 3)), _ineq_point,
                        what="1 - x <= 1/(1 + x) <= 1 - x + x^2")


def _ineq_point(ex):
    """x = 4·(the drawn abscissa), negated in a quarter of the draws (a mutated range x <= 0 meets them: there
    1/(1 + x) <= 1 - x + x^2 fails, as x^3 < 0)."""
    pt, sign = ex
    return {X: sympy.Rational(pt[3]) * 4 * (-1 if sign == 0 else 1)}


@claim("DDyn-Claim-sketch-ineq", text=r"$1-x\le\frac1{1+x}\le 1-x+x^2$ for any $1\le x\le 0$", expect=Inconclusive,
       kind=Kind.PROPERTY, statement=INEQ, hyp="x real")
@claim("DDyn-Claim-sketch-ineq/intended", text=r"$1-x\le\frac1{1+x}\le 1-x+x^2$ for $x \ge 0$ (checked on "
       "drawn x >= 0)", expect=Verified, kind=Kind.PROPERTY, statement=INEQ_INTENDED, hyp="x real")
def sketch_ineq(ctx):
    return ineq_check(ctx, ctx.s)


SKETCH = Statement(**{f"lin_{k}": v for k, v in LINEAR.items()}, **{f"e39_{k}": v for k, v in EQ39.items()},
                   **{f"rec_{k}": v for k, v in RECURSION.items()})


@claim("DDyn-Thm3-sketch", text="Proof sketch of Thm. 3: 1/w - λ/σ converges linearly (39); (w_t) increases below "
       "one; the recursion for 1/w - λ/σ; the bounds 1 - x <= 1/(1+x) <= 1 - x + x^2.", expect=Refuted,
       statement=SKETCH, hyp=H_MODE, cites=("DDyn-Claim-sketch-step1", "DDyn-Claim-sketch-ineq"))
def sketch(ctx):
    """The sketch's displayed formulas, in order; (39) is the first to fail."""
    s = ctx.s
    return conjunction([
        ("linear convergence", lambda: kit.identity(kit.ddt(sub_statement(s, "lin").q, FLOW27),
                                                    sub_statement(s, "lin").rate * sub_statement(s, "lin").q,
                                                    argument=ARG_MODE, what="linear rate")),
        ("(39)", lambda: _eq39_check(sub_statement(s, "e39"))),
        ("the recursion", lambda: recursion_check(sub_statement(s, "rec"), "recursion"))], "the sketch")


# ------------------------------------------------------------------------------------------------------ (40)

EQ40 = Statement(T=DELTA / (ETA * S))
_INSTANCES_40 = ((1, 1, sympy.Rational(1, 10)), (sympy.Rational(1, 2), 1, sympy.Rational(1, 20)),
                 (2, sympy.Rational(1, 2), sympy.Rational(1, 8)))


@claim("DDyn-Eq40", text=r"$\eta T_i := \frac{\delta}{\sigma_i} \Rightarrow T_i := \frac{\delta}{\eta\sigma_i}$ (40); "
       "the i-th component is learned around time T_i", expect=Verified, kind=Kind.NUMERIC, statement=EQ40,
       hyp=H_MODE + "; a^{(0)} = e^{-2δ}; 'around' read as: the step where a_t first reaches σ/(2λ) is within a "
       "relative ησ of T_i (the order of the discretization)", cites=("DDyn-Def-rescaling",))
def eq40(ctx):
    """Transition steps of the recursion from e^{-2δ} (δ = 80; 40 in the fast run) against T_i of the statement.
    The measured ratio tends to ησ/ln(1 + ησ) = 1 + ησ/2 + O(η²σ²), not to 1: (40) is first order in η."""
    delta = 40 if ctx.fast else 80
    rows = []
    for s, lam, eta in _INSTANCES_40:
        with mpmath.workdps(ctx.dps):
            T = kit.evaluate(ctx.s.T, {DELTA: delta, ETA: eta, S: s}, ctx.dps)
            if not (mpmath.isfinite(T) and T > 0):
                return Refuted("T_i is not a positive time", counterexample={"T": kit.nstr(T, 10)})
            orbit = product_orbit(mpmath.exp(-2 * delta), s, lam, eta, int(3 * T) + 10, ctx.dps)
            t_half = transition_step(orbit, kit.mp(sympy.Rational(s) / lam) / 2)
            limit = kit.mp(eta * s) / mpmath.log(1 + kit.mp(eta * s))
            ratio = mpmath.mpf(t_half) / T if t_half is not None else mpmath.inf
            rows.append({"sigma": str(s), "lambda": str(lam), "eta": str(eta), "delta": delta, "T_i": kit.nstr(T, 8),
                         "measured step": t_half, "ratio": kit.nstr(ratio, 6),
                         "asymptotic ratio eta*sigma/ln(1+eta*sigma)": kit.nstr(limit, 6)})
            if abs(ratio - 1) > kit.mp(eta * s):
                return Refuted("the component is not learned around T_i", counterexample=rows[-1])
    return Verified(f"transition steps within a relative ησ of T_i at δ = {delta} ({len(rows)} spectra)", exact=True,
                    points=tuple(f"sigma={r['sigma']}, eta={r['eta']}" for r in rows), info={"rows": rows},
                    method="exact step counts of the recursion at dps (orbit by symflow.discrete.product_orbit)",
                    scope=f"numeric at 3 spectra, δ = {delta}")
