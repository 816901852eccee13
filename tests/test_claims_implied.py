"""The exact proof that a mutant is implied by the printed statement (symflow.claims._implied)."""

import pytest
import sympy

from symflow import claims
from symflow.claims import CheckContext, Kind, Statement, kit
from symflow.claims._implied import sign
from symflow.errors import InvalidArgument
from symflow.verdict import Refuted, Verified

L, s, u, n, sig, D, t = sympy.symbols("L s u n sigma D t")


def _implied(st):
    return {m.label: m.implied for m in st.mutants() if not m.equivalent}


def test_sign_uses_the_assumptions():
    p, q = sympy.symbols("p q", positive=True)
    assert sign(2 * p * q ** sympy.Rational(1, 3)) == 1 and sign(-p - q) == -1
    assert sign(p - q) == 0                                 # undecided, never guessed
    assert sign(sympy.Symbol("r", real=True) ** 2) == 1 and sign(sympy.Symbol("r") ** 2) == 0  # complex r


def test_weaker_bounds_are_proved_implied_and_stronger_ones_are_not():
    st = Statement(hi=sympy.Le(sig, (2 * n) ** (1 / L)), lo=sympy.Le((n / 2) ** (1 / L), sig)
                   ).assuming(positive=(L, n, sig)).monotone("hi", "looser").monotone("lo", "looser")
    imp = _implied(st)
    assert imp["hi: constant ×2 at 2"].startswith("implied (proved)")       # sigma <= (4n)^(1/L): weaker
    assert imp["lo: constant ×2 at 1/2"] == ""                              # n^(1/L) <= sigma: stronger
    assert imp["lo: sign flipped at (n/2)**(1/L)"].startswith("implied")    # -(n/2)^(1/L) <= sigma
    assert imp["hi: sign flipped at (2*n)**(1/L)"] == ""
    # the exponent 1/L -> 1/L + 1 moves (2n)^(1/L) either way depending on 2n >= 1: undecided
    assert imp["hi: exponent +1 at 1/L"] == ""


def test_without_a_domain_or_a_role_nothing_is_proved():
    st = Statement(hi=sympy.Le(sig, (2 * n) ** (1 / L)))
    assert all(v == "" for v in _implied(st).values())
    assert all(v == "" for v in _implied(st.assuming(positive=(L, n, sig))).values())      # role undeclared
    assert all(v == "" for v in _implied(st.monotone("hi", "looser")).values())             # domain undeclared


def test_an_assumed_relation_is_weaker_when_tighter():
    cond = Statement(cond=sympy.Lt(t, 2 / sig)).assuming(positive=(t, sig)).monotone("cond", "tighter")
    imp = _implied(cond)
    assert imp["cond: constant ×2 at 2"] == ""                  # eta < 4/S admits more steps: stronger
    assert imp["cond: sign flipped at t"] == ""
    assert imp["cond: exponent +1 at 1/sigma"] == ""            # undecided (sigma vs 1)
    assert _implied(cond.replace(cond=sympy.Lt(t, 1 / sig)))["cond: sign flipped at 1/sigma"].startswith("implied")


def test_monotone_parts_and_their_errors():
    st = Statement(prob=1 - 8 * sympy.exp(-n * u ** 2 / (32 * s ** 2)), rel=sympy.Le(D, 4 * sympy.exp(s ** 2 / 2 + u))
                   ).assuming(positive=(n, u, s, D)).monotone("prob", "smaller").monotone("rel", "looser")
    imp = _implied(st)
    assert imp["prob: constant ×2 at -8"].startswith("implied")            # 1 - 16 exp(..): a weaker guarantee
    assert imp["prob: constant ×2 at -1/32"] == ""                          # exp(-n u^2/16 s^2): stronger
    assert imp["rel: constant ×2 at 1/2"].startswith("implied")             # exp(s^2 + u): larger bound
    with pytest.raises(InvalidArgument):
        st.monotone("rel", "larger")                                        # a relation is looser or tighter
    with pytest.raises(InvalidArgument):
        st.monotone("prob", "up")
    with pytest.raises(InvalidArgument):
        st.assuming(happy=(n,))


def _claim(cid, check, statement):
    return claims.Claim(id=cid, text="t", kind=Kind.NUMERIC, expect=Verified, check=check, statement=statement)


def test_implied_mutants_leave_the_score_and_a_contradicting_check_is_reported():
    st = Statement(bound=sympy.Le(D, 3 * sympy.exp(-t))).assuming(positive=(D, t)).monotone("bound", "looser")

    def tight(ctx):  # D = 3 exp(-t) (1 - 1e-20) at t = 1, 2: tight
        near = 1 - sympy.Rational(1, 10 ** 20)
        inst = [(f"t={k}", {D: near * 3 * sympy.exp(-k), t: k}, 35) for k in (1, 2)]
        return kit.inequality(ctx, "bound", lambda s_: inst, what="D <= 3 exp(-t)")

    r = claims.run_one(_claim("DD-T-imp", tight, st), CheckContext(dps=30), mutate=True)
    assert r.verdict == "verified" and r.implied and r.unsound == ()
    assert all(i["verdict"] == "verified" for i in r.implied)
    assert r.mutants_refuted == r.mutants and r.survivors == ()            # every scored mutant refuted

    def wrong(ctx):  # refutes whatever differs from the printed statement: contradicts the implied ones
        if ctx.s != ctx.printed:
            return Refuted("differs", counterexample={"x": "1"})
        return Verified("ok", n_digits=5, points=("p",))

    r = claims.run_one(_claim("DD-T-wrong", wrong, st), CheckContext(dps=30), mutate=True)
    assert r.unsound and {u["label"] for u in r.unsound} == {i["label"] for i in r.implied}
    summ = claims.summary([r])
    assert summ["unsound"] and summ["mutants_implied"] == len(r.implied)


def test_a_domain_given_by_cases_must_imply_in_every_case():
    u0, w0, c, u = sympy.symbols("u0 w0 c u")
    lower = Statement(bound=sympy.Ge(u ** 2, u0 ** 2 - w0 ** 2)).monotone("bound", "looser")
    both = lower.assuming(real=(w0, u), positive=(c,), cases=({u0: sympy.sqrt(w0 ** 2 + c)},
                                                              {u0: -sympy.sqrt(w0 ** 2 + c)}))
    imp = _implied(both)
    assert "cases" in imp["bound: sign flipped at u0**2 - w0**2"]     # u^2 >= -(u0^2 - w0^2): |w0| < |u0|
    assert imp["bound: constant ×2 at -1"].startswith("implied")        # u^2 >= u0^2 - 2 w0^2
    assert imp["bound: sign flipped at u0**2"].startswith("implied")    # u^2 >= -u0^2 - w0^2
    assert imp["bound: sign flipped at -w0**2"] == ""                   # u^2 >= u0^2 + w0^2: stronger
    odd = Statement(bound=sympy.Ge(u, -u0)).monotone("bound", "looser").assuming(
        positive=(c,), real=(u,), cases=({u0: c}, {u0: -c}))
    assert _implied(odd)["bound: constant ×2 at -1"] == ""              # weaker for u0 > 0, stronger for u0 < 0
    with pytest.raises(InvalidArgument):
        lower.assuming(cases=({"u0": 1},))


def test_given_hypotheses_serve_the_concluded_relation_only():
    """Eq37-like: a_t <= s a0 / ((s - l a0) b + l a0) under the printed hypothesis 0 < a0 (with s, l, b > 0 and
    s - l a0 > 0).  Dropping l a0 from the denominator is weaker *where the hypotheses hold*; the hypothesis mutant
    0 < -a0 must never be judged on them (it would look vacuous)."""
    a0, a, s_, l_, b, q = sympy.symbols("a0 a_t s l b q")
    st = Statement(rel=sympy.Le(a, s_ * a0 / ((s_ - l_ * a0) * b + l_ * a0)), h1=sympy.Lt(0, a0)) \
        .assuming(positive=(s_, l_, b), real=(a,)).monotone("rel", "looser").monotone("h1", "tighter")
    dropped = str(sympy.Le(a, s_ * a0 / ((s_ - l_ * a0) * b)))

    def by_after(statement):
        return {m.after: m.implied for m in statement.mutants() if not m.equivalent}
    assert by_after(st)[dropped] == ""                                                     # a0's sign unknown
    given = by_after(st.given(positive=(a0, q), cases=({s_: l_ * a0 + q},)))               # s - l a0 = q > 0
    assert given[dropped].startswith("implied")
    assert given[str(sympy.Lt(0, -a0))] == ""                                              # judged without h1


def test_sign_free_parts_and_scaled_equations_are_equivalent():
    n = sympy.Symbol("n")
    eq = {m.label: m.equivalent for m in Statement(h=sympy.Eq(sig, 0)).mutants()}
    assert eq["h: sign flipped at sigma"].startswith("the same equation")
    sf = {m.label: m.equivalent for m in Statement(scale=s / sympy.sqrt(n)).sign_free("scale").mutants()}
    assert "sign-free" in sf["scale: sign flipped at s/sqrt(n)"]
    assert sf["scale: exponent +1 at 1/sqrt(n)"] == ""                                     # s/n is not -s/sqrt(n)


def test_powers_of_nonnegative_bases_and_integer_exponent_changes():
    Lp = sympy.Symbol("L", positive=True, integer=True)
    a, lam, x = sympy.symbols("a Lam x", positive=True)
    st = Statement(hi=sympy.Le(x, sympy.sqrt(lam ** 2 + (Lp - 1) ** 2 * a ** 2))).monotone("hi", "looser")
    imp = _implied(st)
    assert imp["hi: sign flipped at -1"].startswith("implied")          # (L + 1)^2 >= (L - 1)^2 >= 0 (L = 1 too)
    assert imp["hi: exponent +1 at (L - 1)**2"].startswith("implied")   # (L - 1)^3 >= (L - 1)^2: L - 1 in {0, 1, ...}
    assert imp["hi: exponent -1 at (L - 1)**2"] == ""                   # (L - 1) <= (L - 1)^2: stronger


def test_an_even_power_is_judged_by_the_square_of_its_base():
    Lp = sympy.Symbol("L", positive=True, integer=True)
    a, x = sympy.symbols("a x", positive=True)
    st = Statement(hi=sympy.Le(x, a * (Lp - 1) ** 2)).monotone("hi", "looser")
    imp = _implied(st)
    assert imp["hi: sign flipped at L"].startswith("implied")      # (-L - 1)^2 = (L + 1)^2 >= (L - 1)^2
    assert imp["hi: constant ×2 at -1"] == ""                       # (L - 2)^2 < (L - 1)^2 for L >= 2


def test_a_hypothesis_built_into_the_domain_is_refused():
    """0 < a declared as an assumed relation *and* as the domain (a positive) would make its mutant 0 < -a vacuous,
    hence implied, though it speaks of a < 0: the kit refuses the declaration and asks for given(...)."""
    a = sympy.Symbol("a")
    st = Statement(h1=sympy.Lt(0, a), rel=sympy.Le(a, 2)).monotone("h1", "tighter")
    with pytest.raises(InvalidArgument, match="given"):
        st.assuming(positive=(a,)).mutants()
    ok = _implied(st.monotone("rel", "looser").given(positive=(a,)))
    assert ok["h1: sign flipped at a"] == "" and ok["rel: constant ×2 at 2"].startswith("implied")


def test_a_change_the_domain_makes_zero_is_implied_and_function_values_can_be_cased():
    """betabar minimises F with F(betabar) = 0 (a consistent least-squares setting): dropping -F(betabar), or
    doubling a coefficient of F(betabar), leaves the statement equal to the printed one on that domain."""
    F_, b, bb, t = sympy.Function("F"), sympy.Symbol("beta"), sympy.Symbol("betabar"), sympy.Symbol("t", positive=True)
    g = sympy.Symbol("g", nonnegative=True)
    st = Statement(a=sympy.Le(F_(b) - F_(bb), (g - t * F_(bb)) / t)).monotone("a", "looser").assuming(
        cases=({F_(bb): sympy.S.Zero},))
    imp = {m.after: m.implied for m in st.mutants() if not m.equivalent}
    assert imp[str(sympy.Le(F_(b), (g - t * F_(bb)) / t))].startswith("implied (proved): equal")
    assert imp[str(sympy.Le(F_(b) - F_(bb), (g - 2 * t * F_(bb)) / t))].startswith("implied (proved): equal")
    assert imp[str(sympy.Le(F_(b) - F_(bb), g - t * F_(bb)))] == ""          # g vs g/t: depends on t


class _Nonneg(sympy.Function):
    """A non-negative placeholder (an objective value F(beta) >= 0)."""

    is_nonnegative = True
    is_real = True


def test_an_undecided_change_is_carried_up_to_the_first_ancestor_that_decides_it():
    """betabar -> -betabar is undecided, but F(betabar) -> F(-betabar) is 0 -> F(-betabar) >= 0 on a domain where
    F(betabar) = 0: the upper bound F(b) - F(betabar) <= g moves to F(b) - F(-betabar) <= g, more slack (weaker)."""
    b, bb = sympy.symbols("beta betabar")
    g = sympy.Symbol("g", nonnegative=True)
    st = Statement(a=sympy.Le(_Nonneg(b) - _Nonneg(bb), g)).monotone("a", "looser").given(
        cases=({_Nonneg(bb): sympy.S.Zero},))
    imp = {m.label: m.implied for m in st.mutants() if not m.equivalent}
    assert "carried up to" in imp["a: sign flipped at betabar"]
    assert imp["a: sign flipped at beta"] == ""  # F(-beta) vs F(beta): undecided all the way up


def test_a_relation_replaced_whole_is_implied_when_equal_or_true_on_the_domain():
    """Under the hypothesis F(betabar) = 0: 'F(betabar) <= 0' flipped to '>=' is '0 >= 0' (equal on the domain, both
    true); F(beta) <= beta**2 + F(betabar) flipped is another statement (not implied); a mutated ASSUMED relation is
    never implied by being true (a hypothesis true everywhere makes the claim stronger)."""
    b, bb = sympy.symbols("beta betabar")
    st = Statement(c=sympy.Le(_Nonneg(bb), 0), d=sympy.Le(_Nonneg(b), _Nonneg(bb) + b ** 2)).monotone(
        "c", "looser").monotone("d", "looser").given(cases=({_Nonneg(bb): sympy.S.Zero},))
    imp = {m.label: m.implied for m in st.mutants() if not m.equivalent}
    assert imp["c: <=<->>= at F(betabar) <= 0".replace("F", "_Nonneg")].startswith("implied (proved): equal")
    assert imp["d: <=<->>= at _Nonneg(beta) <= b**2 + _Nonneg(betabar)".replace("b**2", "beta**2")] == ""
    hyp = Statement(h=sympy.Le(_Nonneg(b), b ** 2)).monotone("h", "tighter")
    assert {m.label: m.implied for m in hyp.mutants()}["h: sign flipped at _Nonneg(beta)"] == ""


def test_positivity_is_decided_on_deeply_factored_forms():
    """1 - 2h - h^2 with h = u/(1 + sqrt(1 + u)), u = 1/(1 + c) in (0, 1) (a step size with 2 eta sigma + (eta sigma)^2
    = u < 1): positive only once factored; e**t is then decreasing in t (the base is in (0, 1))."""
    from symflow.claims._implied import _monotone

    c, tt = sympy.Symbol("c", positive=True), sympy.Symbol("t", positive=True)
    uu = 1 / (1 + c)
    h = uu / (1 + sympy.sqrt(1 + uu))
    e = 1 - 2 * h - h ** 2
    assert e.is_positive is None and sign(e) == 1
    assert _monotone(e ** tt, 1, tt, tt + 1, lambda z: z) == -1


def test_a_concluded_relation_true_on_the_whole_domain_is_implied_an_assumed_one_is_not():
    from symflow.claims._implied import _relation_reason

    b = sympy.Symbol("beta")
    printed, mutated = sympy.Le(_Nonneg(b), 1), sympy.Le(-_Nonneg(b), 0)  # -F <= 0 holds for every beta
    assert mutated is sympy.true or _relation_reason(printed, mutated, 1, lambda e: e).startswith("implied")
    assert _relation_reason(printed, sympy.Le(-_Nonneg(b), 0), -1, lambda e: e) == ""
    assert _relation_reason(printed, sympy.Le(_Nonneg(b), 0), 1, lambda e: e) == ""


def test_a_redundant_hypothesis_is_proved_by_cases_and_its_mutants_are_implied():
    """Corollary 3 of the discrete-dynamics paper assumes eta < 1/(2 s1), eta < 2(s1 - s2)/s1^2 and
    eta < (s1 - s2)/(2 s2^2) with s1 > s2 > 0: the middle one follows from the third when s2 >= s1/2 (s1 = s2 + q,
    q = s2/(1 + r)) and from the first otherwise (s1 = 2 s2 + p): every mutant of it is implied."""
    eta, s2, r, p, s1 = sympy.symbols("eta sigma_2 r p sigma_1")
    st = Statement(h1=sympy.Lt(eta, 1 / (2 * s1)), h2=sympy.Lt(eta, 2 * (s1 - s2) / s1 ** 2),
                   h3=sympy.Lt(eta, (s1 - s2) / (2 * s2 ** 2)), c=sympy.Le(eta, 1)).assuming(
        positive=(eta, s2, p), nonnegative=(r,))
    for h in ("h1", "h2", "h3"):
        st = st.monotone(h, "tighter")
    split = ({s1: s2 + s2 / (1 + r)}, {s1: 2 * s2 + p})
    red = st.redundant("h2", by=("h1", "h3"), cases=split)
    muts = {m.label: m.implied for m in red.mutants() if m.part == "h2" and not m.equivalent}
    assert muts and all(v.startswith("implied (proved): hypothesis h2 follows from h3 / h1") for v in muts.values())
    with pytest.raises(InvalidArgument, match="not proved"):
        st.redundant("h2", by=("h3",), cases=split)           # the third alone does not give it when s2 < s1/2
    with pytest.raises(InvalidArgument, match="tighter"):
        st.redundant("c", by=("h1",))
