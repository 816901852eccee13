r"""Shared notation and property machinery of the discrete-dynamics sections (§3.2, App. B.6; spec §3.4, §3.13).

Symbols (one mode i, index dropped as in App. B.6): ``S`` = :math:`\sigma_i`, ``LAM`` = :math:`\lambda_i`,
``ETA`` = :math:`\eta`, ``A`` = :math:`a^{(t)}` (= :math:`w_i^{(t)}`), ``A1`` = :math:`a^{(t+1)}`, ``AM1`` =
:math:`a^{(t-1)}`, ``A0`` = :math:`a^{(0)}`, ``T`` = t, ``M``/``N`` = :math:`m_i^{(t)}, n_i^{(t)}`, ``M1``/``N1`` their
successors, ``X`` the variable of :math:`f_i, g_i` (Lemma 3).

A *bound statement* has hypothesis parts named ``h…`` (relations in the parameters) and conclusion parts named
``rel…`` (relations in the parameters and the orbit).  :func:`orbit_search` draws parameters with Hypothesis from a
box wider than the hypotheses (so a mutated hypothesis meets examples it should not admit), runs the mode recursion
of :mod:`symflow.discrete` at ``dps`` and ``2 dps`` (digits measured), and judges the statement in force at every
step; an example outside the hypotheses has the vacuous margin 2.  :func:`point_search` does the same for relations
at one point (exact rational evaluation: an equality case of a strict relation is caught).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy
from hypothesis import strategies as st

from symflow.claims import kit
from symflow.discrete import gap_orbit, mode_step, product_orbit, product_step
from symflow.precision import agreeing_digits, precision

__all__ = ["S", "LAM", "ETA", "M0", "N0", "DELTA", "sub_statement", "A", "A1", "AM1", "A0", "T", "M", "N", "M1", "N1", "X", "H_MODE", "VACUOUS",
           "mode_params", "zero_params", "point_params", "orbit_search", "point_search", "orbit_values"]

S = sympy.Symbol("sigma", nonnegative=True)
LAM, ETA = (sympy.Symbol(n, positive=True) for n in ("lambda", "eta"))
M0, N0 = (sympy.Symbol(n, real=True) for n in ("m_0", "n_0"))
DELTA = sympy.Symbol("delta", positive=True)
A, A1, AM1, A0 = (sympy.Symbol(n, real=True) for n in ("a_t", "a_t1", "a_tm1", "a_0"))
T = sympy.Symbol("t", nonnegative=True)
M, N, M1, N1 = (sympy.Symbol(n, real=True) for n in ("m_t", "n_t", "m_t1", "n_t1"))
X = sympy.Symbol("x", real=True)
GAP, GAPM1 = sympy.Symbol("b_t", real=True), sympy.Symbol("b_tm1", real=True)  # inverse gaps 1/a - λ/σ (internal)
H_MODE = "one balanced mode i of (35)/(76): a^{(t+1)} = a(1 + η(σ - λa))^2, σ = σ_i, λ = λ_i > 0, η > 0"
VACUOUS = mpmath.mpf(2)  # margin of an example outside the hypotheses (relative slacks lie in [-2, 2])

_F = Fraction
# (σ, λ, η, x) and (σ, λ, h = ησ, a0/(σ/λ)) corners drawn first now and then (like @example)
_POINT_CORNERS = ((_F(2), _F(1), _F(1, 10), _F(2, 5)), (_F(1), _F(2), _F(1, 10), _F(1, 2)),
                  (_F(1), _F(2), _F(1, 100), _F(3, 4)), (_F(1), _F(3), _F(1, 10), _F(1, 2)))
_MODE_CORNERS = ((_F(1), _F(1), _F(49, 100), _F(9, 10)), (_F(2), _F(1), _F(1, 4), _F(1, 4)),
                 (_F(1, 2), _F(1), _F(1, 10), _F(1, 100)), (_F(1), _F(1), _F(1, 10), _F(1, 100)),
                 (_F(1), _F(1), _F(9, 20), _F(9, 10)), (_F(1), _F(2), _F(2, 5), _F(1, 2)))
_FRACS = st.fractions(min_value=Fraction(1, 50), max_value=Fraction(5, 1), max_denominator=64)
_SPECIAL = st.sampled_from([Fraction(1), Fraction(1, 2), Fraction(2), Fraction(1, 4), Fraction(4)])


@st.composite
def mode_params(draw, steps: int):
    """(σ, λ, η, a0, steps) with σ, λ in [1/50, 5], h = ησ in (0, 6/5] (beyond the hypothesis 2ησ < 1), and a0 a
    fraction of σ/λ in (0, 13/10] or an absolute value in (0, 6/5) (Thm. 3 assumes 0 < w0 < 1)."""
    if draw(st.integers(0, 2)) == 0:  # corners: σ > 1 or σ < 1, ησ near 1/2, a0 near σ/λ or tiny
        s, lam, h, phi = draw(st.sampled_from(_MODE_CORNERS))
        return (s, lam, h / s, phi * s / lam, steps)
    s = draw(_SPECIAL | _FRACS)
    lam = draw(_SPECIAL | _FRACS)
    h = draw(st.fractions(min_value=Fraction(1, 200), max_value=Fraction(6, 5), max_denominator=200))
    if draw(st.booleans()):
        phi = draw(st.sampled_from([Fraction(1, 10 ** 6), Fraction(1, 1000), Fraction(9, 10), Fraction(99, 100)])
                   | st.fractions(min_value=Fraction(1, 1000), max_value=Fraction(13, 10), max_denominator=1000))
        a0 = phi * s / lam
    else:
        a0 = draw(st.fractions(min_value=Fraction(1, 1000), max_value=Fraction(6, 5), max_denominator=1000))
    return (s, lam, h / s, a0, steps)


@st.composite
def zero_params(draw, steps: int):
    """(σ = 0, λ, η, a0, steps): a mode with σ_i = 0 < λ_i, with v0 = ηλa0 in (0, 3] (beyond ηλa0 <= 1)."""
    lam = draw(_SPECIAL | _FRACS)
    a0 = draw(st.fractions(min_value=Fraction(1, 1000), max_value=Fraction(2), max_denominator=1000))
    v0 = draw(st.fractions(min_value=Fraction(1, 500), max_value=Fraction(3), max_denominator=500))
    return (Fraction(0), lam, v0 / (lam * a0), a0, steps)


@st.composite
def point_params(draw):
    """(σ, λ, η, x): h = ησ in (0, 6/5] (beyond 2ησ < 1), x a fraction of σ/λ or of λ/σ in (0, 3/2] (x = σ/λ among
    the special values) or absolute in (0, 3/2)."""
    s = draw(_SPECIAL | _FRACS)
    lam = draw(_SPECIAL | _FRACS)
    h = draw(st.fractions(min_value=Fraction(1, 200), max_value=Fraction(6, 5), max_denominator=200))
    if draw(st.integers(0, 3)) == 0:  # corners: σ > λ with x < λ/σ; x = σ/λ < 1; x in (σ/λ, 1)
        return draw(st.sampled_from(_POINT_CORNERS))
    kind = draw(st.integers(0, 2))
    x = draw(st.sampled_from([Fraction(1), Fraction(1, 2), Fraction(99, 100)])
             | st.fractions(min_value=Fraction(1, 500), max_value=Fraction(3, 2), max_denominator=500))
    scale = (s / lam, lam / s, Fraction(1))[kind]
    return (s, lam, h / s, x * scale)


def _rat(v: Fraction) -> sympy.Rational:
    return sympy.Rational(v.numerator, v.denominator)


def _params(ex) -> dict:
    s, lam, eta, a0 = ex[:4]
    return {S: _rat(s), LAM: _rat(lam), ETA: _rat(eta), A0: _rat(a0)}


def _hyp_ok(s, values) -> bool:
    for name, part in s.items():
        if name.startswith("h"):
            v = part.xreplace(values)
            if v is not sympy.true:
                return False
    return True


@kit.cached
def _fn(expr):
    syms = sorted(expr.free_symbols, key=str)
    return syms, sympy.lambdify(syms, expr, modules="mpmath")


def _value(expr, vals):
    if not expr.free_symbols:
        return kit.mp(expr) if expr.is_Rational else mpmath.mpf(sympy.N(expr, mpmath.mp.dps + 5))
    syms, f = _fn(expr)
    return mpmath.mpmathify(f(*[vals[x] for x in syms]))


def _slack(rel, vals):
    """Relative slack of a relation (>= 0 when it holds; an equality: -|lhs - rhs|/scale)."""
    lhs, rhs = _value(rel.lhs, vals), _value(rel.rhs, vals)
    scale = max(abs(lhs), abs(rhs), mpmath.mpf(10) ** (-mpmath.mp.dps))
    if isinstance(rel, sympy.Equality):
        return -abs(lhs - rhs) / scale, lhs, rhs
    sign = 1 if isinstance(rel, (sympy.LessThan, sympy.StrictLessThan)) else -1
    return sign * (rhs - lhs) / scale, lhs, rhs


def orbit_values(ex, dps: int) -> dict:
    """The orbit a^{(t)} of the example at dps and 2 dps (digits measured), and (m, n) when needed."""
    s, lam, eta, a0, steps = ex
    lo = product_orbit(a0, s, lam, eta, steps, dps)
    hi = product_orbit(a0, s, lam, eta, steps, 2 * dps)
    big = mpmath.mpf(10) ** 60
    n = next((t for t, v in enumerate(hi) if not mpmath.isfinite(v) or abs(v) > big), len(hi))
    lo, hi = lo[:max(n, 1)], hi[:max(n, 1)]  # a diverged orbit (ηλa > 2 overshoots) is judged up to divergence
    out = {"a": hi}
    with precision(2 * dps):
        digits = agreeing_digits(list(lo), list(hi), cap=dps)
        if s > 0 and a0 > 0 and n == len(hi) and all(v > 0 for v in hi):
            # the inverse gap b_t = 1/a_t - λ/σ, computed without cancellation (it drives the bounds near σ/λ)
            blo, bhi = gap_orbit(a0, s, lam, eta, steps, dps), gap_orbit(a0, s, lam, eta, steps, 2 * dps)
            digits = min(digits, agreeing_digits(list(blo), list(bhi), cap=dps))
            out["b"] = bhi
    out["digits"] = max(1, digits)
    return out


def orbit_search(ctx, strategy, *, what: str, times=None, scope: str = ""):
    """Search ``strategy`` (examples (σ, λ, η, a0, steps)) for a step t where a ``rel…`` part of ``ctx.s`` fails
    while its ``h…`` parts hold.  ``times(steps)`` lists the steps judged (default: all)."""
    dps = ctx.dps

    def compute(ex):
        return {**orbit_values(ex, dps), "params": ex}

    def judge(data, s):
        return _judge_orbit(data, s, dps, times)

    return kit.search(ctx, strategy, compute, judge, what=what, key=_key, full=100, fast=30,
                      scope=scope or f"property over drawn (σ, λ, η, a^(0)), {ctx.examples(100, 30)} examples, each step "
                      "of the orbit judged")


def _key(ex) -> str:
    return "sigma={}, lambda={}, eta={}, a0={}, steps={}".format(*[str(v) for v in ex])


def _judge_orbit(data, s, dps, times):
    ex = data["params"]
    params = _params(ex)
    if not _hyp_ok(s, params):
        return kit.Margin(VACUOUS, data["digits"], {"hypothesis": "not satisfied (vacuous)"})
    orbit = data["a"]
    steps = len(orbit) - 1
    ts = times(steps) if times else sorted(set(range(min(steps, 30) + 1)) | set(range(30, steps + 1, 4)) | {steps})
    rels = [(n, p) for n, p in s.items() if n.startswith("rel")]
    gaps = data.get("b")
    if gaps is not None:  # a_t = 1/(b_t + λ/σ): 1/a_t - λ/σ then evaluates to b_t exactly (no cancellation)
        rels = [(n, p.xreplace({A: 1 / (GAP + LAM / S), AM1: 1 / (GAPM1 + LAM / S)})) for n, p in rels]
    best = None
    with precision(2 * dps):
        base = {k: kit.mp(v) for k, v in params.items()}
        for t in ts:
            vals = dict(base)
            vals.update({A: orbit[t], T: mpmath.mpf(t)})
            if gaps is not None:
                vals[GAP] = gaps[t]
                if t >= 1:
                    vals[GAPM1] = gaps[t - 1]
            if t + 1 <= steps:
                vals[A1] = orbit[t + 1]
            if t >= 1:
                vals[AM1] = orbit[t - 1]
            for name, rel in rels:
                if not rel.free_symbols <= set(vals):
                    continue
                try:
                    sl, lhs, rhs = _slack(rel, vals)
                except ZeroDivisionError:  # a^(t) = 0 exactly (ηλa = 1 when σ = 0): a side is +∞, not judged
                    continue
                if best is None or sl < best[0]:
                    best = (sl, t, name, lhs, rhs)
    if best is None:
        return kit.Margin(VACUOUS, data["digits"], {"note": "no step judged"})
    sl, t, name, lhs, rhs = best
    return kit.Margin(_ambient(sl), data["digits"], {"t": t, "part": name, "lhs": lhs, "rhs": rhs, "a_t": orbit[t]})


def _ambient(x):
    """A margin rounded to the ambient precision: the kit compares a mutant's margins with the printed statement's
    at that precision (``m - tolerance``), where two equal high-precision margins could otherwise round apart."""
    with mpmath.workdps(15):
        return +mpmath.mpf(x)


def point_search(ctx, strategy, values, *, what: str, scope: str = ""):
    """Search ``strategy`` for a point where a ``rel…`` part of ``ctx.s`` fails while its ``h…`` parts hold; the
    relations are decided exactly (rational values from ``values(example)``, a dict symbol -> Rational)."""
    dps = ctx.dps

    def compute(ex):
        return {"values": values(ex), "ex": ex}

    def judge(data, s):
        vals = data["values"]
        if not _hyp_ok(s, vals):
            return kit.Margin(VACUOUS, dps, {"hypothesis": "not satisfied (vacuous)"})
        best = None
        for name, rel in s.items():
            if not name.startswith("rel"):
                continue
            best = _exact_margin(name, rel, vals, dps, best)
        return best

    tag = f"{getattr(values, '__module__', '')}.{getattr(values, '__qualname__', '')}"
    return kit.search(ctx, strategy, compute, judge, what=what, key=lambda ex: tag + ": " + ", ".join(map(str, ex)),
                      full=100, fast=40,
                      scope=scope or f"property over drawn points, {ctx.examples(100, 40)} examples, decided exactly")


def _exact_margin(name, rel, vals, dps, best):
    lhs, rhs = (e.xreplace(vals) if e.free_symbols else e for e in (rel.lhs, rel.rhs))
    with precision(dps + 10):
        if lhs.is_Rational and rhs.is_Rational:
            l, r = kit.mp(lhs), kit.mp(rhs)
            diff = rhs - lhs if isinstance(rel, (sympy.LessThan, sympy.StrictLessThan)) else lhs - rhs
            strict = isinstance(rel, (sympy.StrictLessThan, sympy.StrictGreaterThan))
            if isinstance(rel, sympy.Equality):
                diff, strict = -abs(lhs - rhs), False
            scale = max(abs(l), abs(r), mpmath.mpf(10) ** (-dps))
            m = kit.mp(diff) / scale
            if diff == 0 and strict:
                m = -mpmath.mpf(10) ** (-(dps // 2))  # an equality case of a strict relation: fails exactly
        else:
            m_, l, r = _slack(rel, {k: kit.mp(v) for k, v in vals.items()})
            m = m_
    margin = kit.Margin(_ambient(m), dps, {"part": name, "lhs": l, "rhs": r,
                                           "exact": str(lhs)[:60] + " vs " + str(rhs)[:60]})
    return margin if best is None or margin.value < best.value else best


def step_pair(m, n, sigma, lam, eta):
    """(35) at one point (exact for Fractions)."""
    return mode_step(m, n, sigma, lam, eta)


def next_product(a, sigma, lam, eta):
    """a^{(t+1)} of a balanced mode from a^{(t)} (exact for Fractions)."""
    return product_step(a, sigma, lam, eta)


def sub_statement(s, prefix: str):
    """The parts ``<prefix>_<name>`` of a composite statement, as a Statement of ``<name>`` parts (a theorem whose
    sentences are checked one by one, each on its own parts)."""
    from symflow.claims import Statement

    return Statement(**{k[len(prefix) + 1:]: v for k, v in s.items() if k.startswith(prefix + "_")})


@st.composite
def balanced_params(draw):
    """(m0, n0, σ, λ, η, t): m0 in [-2, 2] \\ {0}, n0 = m0 (mostly) or another value, η up to 2 (no step-size
    hypothesis in Lemma 2), t <= 4 (exact iterates)."""
    m0 = draw(st.fractions(min_value=Fraction(-2), max_value=Fraction(2), max_denominator=8).filter(lambda v: v != 0))
    n0 = m0 if draw(st.integers(0, 3)) else draw(st.fractions(min_value=Fraction(-2), max_value=Fraction(2),
                                                              max_denominator=8))
    s = draw(st.sampled_from([Fraction(0), Fraction(1, 2), Fraction(1), Fraction(2)]))
    lam = draw(st.sampled_from([Fraction(1, 2), Fraction(1), Fraction(3)]))
    eta = draw(st.sampled_from([Fraction(1, 10), Fraction(1, 2), Fraction(1), Fraction(2)]))
    return (m0, n0, s, lam, eta, draw(st.integers(0, 4)))


def balanced_values(ex) -> dict:
    """Exact (m_t, n_t, a_t = m_t n_t) of (35) for a ``balanced_params`` example."""
    from symflow.discrete import mode_orbit

    m0, n0, s, lam, eta, t = ex
    m, n = mode_orbit(m0, n0, s, lam, eta, t)[-1]
    r = _rat
    return {M0: r(m0), N0: r(n0), S: r(s), LAM: r(lam), ETA: r(eta), M: r(m), N: r(n), A: r(m * n)}
