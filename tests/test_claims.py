"""Tests of symflow.claims (the claim kit): claims are validated, statements generate mutants by every operator, the
runner follows the contract of DESIGN.md (scope on every entry, mutants and survivors), a pool gives the same
results as a serial run, and a failing check never crashes a run."""

import json

import pytest
import sympy

from symflow import claims
from symflow.claims import (IMPLIED, CheckContext, Claim, Kind, MutationOp, Registry, Result, Statement, kit)
from symflow.errors import InvalidArgument, UnknownClaim
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

x, y, t = sympy.symbols("x y t", real=True)


def _ok(ctx):
    return Proved("trivially")


def _claim(cid="DD-Test1", **kw):
    base = dict(id=cid, text="a statement", kind=Kind.SYMBOLIC, check=_ok, expect=Proved)
    base.update(kw)
    return Claim(**base)


# ------------------------------------------------------------------------------------------- validation table

@pytest.mark.parametrize("kw", [
    dict(id="XX-Thm1"),                                   # unknown source prefix
    dict(id="DD Thm1"),                                   # space
    dict(id="DD-"),                                       # empty label
    dict(kind="symbolic"),                                # a string, not a Kind
    dict(expect="proved"),                                # a word, not a verdict class
    dict(expect=Verified, kind=Kind.SYMBOLIC, check=None),  # non-prose without check
    dict(kind=Kind.PROSE, check=_ok, expect=Inconclusive, reason="a long enough reason here"),   # prose + check
    dict(kind=Kind.PROSE, check=None, expect=Proved, reason="a long enough reason here"),        # prose expects
    dict(kind=Kind.PROSE, check=None, expect=Inconclusive, reason="why"),                         # reason too short
    dict(kind=Kind.NUMERIC, expect=Proved),               # numeric evidence never gives Proved
    dict(text="  "),                                      # empty text
    dict(cites=["DD-Eq5"]),                               # cites must be a tuple
    dict(statement="x**2"),                               # strings are never parsed
])
def test_claim_rejects_malformed(kw):
    with pytest.raises(InvalidArgument):
        _claim(**kw)


@pytest.mark.parametrize("kw", [dict(dps=10), dict(dps=30.0), dict(dps=True), dict(seed="0"), dict(fast=1)])
def test_context_rejects_bad_values(kw):
    with pytest.raises(InvalidArgument):
        CheckContext(**kw)


def test_registry_rejects_duplicates_and_claim_citation_clash():
    reg = Registry()
    reg.register(_claim("DD-A", where="m.f"))
    reg.register(_claim("DD-A", where="m.f"))  # a re-import of the same check is fine
    with pytest.raises(InvalidArgument, match="twice"):
        reg.register(_claim("DD-A", where="m.g"))
    with pytest.raises(InvalidArgument, match="both a claim and a citation"):
        reg.cite("DD-A", "somewhere in the code")
    reg.cite("DD-Def-X", "families.deep_diagonal")
    with pytest.raises(InvalidArgument):
        reg.register(_claim("DD-Def-X"))


def test_source_without_package_says_so(monkeypatch):
    monkeypatch.setitem(claims.SOURCES, "FM", claims.SourceInfo("FM", "proofs.no_such_package_for_tests",
                                                                "flat_minima_002.md", "t"))
    with pytest.raises(UnknownClaim, match="no claims encoded yet"):
        Registry().load("FM")


# ------------------------------------------------------------------------------------------------ statements

def test_statement_is_exact_and_immutable():
    s = Statement(h=x ** 2 - 1, c=sympy.Rational(1, 2), n=3)
    assert s.h == x ** 2 - 1 and s["n"] == 3 and s.names == ("h", "c", "n")
    with pytest.raises(AttributeError):
        s.h = x
    with pytest.raises(InvalidArgument):
        Statement(h=0.5)
    with pytest.raises(InvalidArgument):
        Statement(h="x**2")
    assert s.replace(c=1) != s and hash(s) == hash(Statement(h=x ** 2 - 1, c=sympy.Rational(1, 2), n=3))


@pytest.mark.parametrize("part,op,expected", [
    (2 * x + 1, MutationOp.SCALE_TWO, 4 * x + 1),
    (2 * x + 1, MutationOp.SCALE_TINY, sympy.Rational(1000001, 500000) * x + 1),
    (x ** 2 - y, MutationOp.SIGN, x ** 2 + y),
    (x ** 2 - y, MutationOp.DROP, x ** 2),
    (x ** 2 - y, MutationOp.EXP_UP, x ** 3 - y),
    (x ** 2 - y, MutationOp.EXP_DOWN, x - y),
    (sympy.Min(x, y), MutationOp.MINMAX, sympy.Max(x, y)),
    (sympy.exp(-2 * t), MutationOp.SIGN, sympy.exp(2 * t)),
])
def test_every_operator_generates_its_mutant(part, op, expected):
    afters = [m.statement.h for m in Statement(h=part).mutants() if m.op is op]
    assert expected in afters, (op, afters)


def test_relation_flip_and_sides():
    muts = Statement(b=sympy.Le(x, 2 * y)).mutants()
    ops = {m.op for m in muts}
    assert MutationOp.RELATION in ops
    flipped = [m.statement.b for m in muts if m.op is MutationOp.RELATION][0]
    assert isinstance(flipped, sympy.GreaterThan)
    assert sympy.Le(x, -2 * y, evaluate=False) in [m.statement.b for m in muts]


def test_equivalent_mutants_are_flagged_not_run():
    muts = Statement(h=sympy.Abs(x)).mutants()
    assert any(m.equivalent for m in muts)  # |−x| = |x|
    law = Statement(h=x ** 2 - y ** 2).scale_free("h")
    neg = [m for m in law.mutants() if m.statement.h == -x ** 2 + y ** 2]
    assert neg and "scale-free" in neg[0].equivalent


# -------------------------------------------------------------------------------------------------- runner

def _law_check(ctx):
    """d/dt h = 0 along x' = y, y' = -x (rotation): h = x^2 + y^2 is a law."""
    return kit.identity(kit.ddt(ctx.s.h, {x: y, y: -x}), 0, argument="any point of the plane; the field is fixed")


def test_mutants_run_and_survivors_are_reported():
    c = _claim("DD-T-law", check=_law_check, statement=Statement(h=x ** 2 + y ** 2).scale_free("h"))
    r = claims.run_one(c, CheckContext(dps=20), mutate=True)
    assert r.verdict == "proved" and r.scope == "general"
    assert r.mutants >= 6 and r.mutants_refuted == r.mutants - len(r.survivors)
    # dropping a term or changing an exponent breaks the law; x^2 + y^2 has no surviving mutant
    assert r.survivors == () and r.equivalent
    d = r.to_dict()
    assert {"mutants", "mutants_refuted", "survivors", "equivalent", "scope"} <= set(d)


def test_a_weak_check_leaves_survivors_with_reasons():
    def weak(ctx):
        return Verified("always", n_digits=5, points=("p",))

    c = _claim("DD-T-weak", kind=Kind.NUMERIC, expect=Verified, check=weak, statement=Statement(h=x + 1))
    r = claims.run_one(c, CheckContext(dps=20), mutate=True)
    assert r.mutants_refuted == 0 and len(r.survivors) == r.mutants > 0
    assert all("not detected" in s.reason for s in r.survivors)


def test_inequality_marks_weaker_mutants_as_implied():
    st = Statement(bound=sympy.Le(y, sympy.exp(-2 * t)))

    def check(ctx):  # tight instances: y = exp(-2t)(1 - 1e-10), so a slightly stronger bound fails
        near = 1 - sympy.Rational(1, 10 ** 10)
        inst = [(f"t={k}", {y: kit.mp((near * sympy.exp(-2 * k)).evalf(40)), t: k}, 30) for k in (1, 2)]
        return kit.inequality(ctx, "bound", lambda s: inst, what="y <= exp(-2t)")

    c = _claim("DD-T-ineq", kind=Kind.NUMERIC, expect=Verified, check=check, statement=st)
    r = claims.run_one(c, CheckContext(dps=30), mutate=True)
    assert r.verdict == "verified"
    reasons = {s.label: s.reason for s in r.survivors}
    # -y <= exp(-2t) and y <= exp(+2t) are weaker than the printed bound: the only survivors, both explained
    assert sorted(reasons) == ["bound: sign flipped at -2*t", "bound: sign flipped at y"], reasons
    assert all("weaker" in v for v in reasons.values())
    assert {s.kind for s in r.survivors} == {claims.Survivor.WEAKER}
    assert r.mutants_refuted == r.mutants - 2 >= 4  # a tighter bound, the flipped relation, ... are caught


def test_survivors_are_classed_stronger_loose_contradicted_or_missed():
    """A loose printed bound y <= 2 exp(-2t) (y = exp(-2t) at the instances): the mutant with constant x(1 + 1e-6)
    (in the exponent) is proved stronger, accepted, and classed LOOSE with the measured room; a check that (wrongly) flags every
    holding mutant weaker is caught as CONTRADICTED on the proved-stronger ones."""
    st = Statement(bound=sympy.Le(y, 2 * sympy.exp(-2 * t))).assuming(positive=(t, y)).monotone("bound", "looser")

    def check(ctx, lie=False):
        inst = [(f"t={k}", {y: kit.mp(sympy.exp(-2 * k).evalf(40)), t: k}, 30) for k in (1, 2)]
        v = kit.inequality(ctx, "bound", lambda s: inst, what="y <= 2 exp(-2t)")
        if lie and v.word == "verified" and ctx.mutating:
            v.info[claims.IMPLIED] = True
        return v

    c = _claim("DD-T-loose", kind=Kind.NUMERIC, expect=Verified, check=check, statement=st)
    r = claims.run_one(c, CheckContext(dps=30), mutate=True)
    kinds = {s.label: s.kind for s in r.survivors}
    assert kinds["bound: constant ×(1+1e-6) at -2"] is claims.Survivor.LOOSE
    loose = next(s for s in r.survivors if s.label == "bound: constant ×(1+1e-6) at -2")
    assert "stronger (proved)" in loose.reason and "smallest relative slack is 0.5" in loose.reason
    assert claims.Survivor.MISSED not in kinds.values()
    summ = claims.summary([r])
    assert summ["survivor_classes"]["loose"] == sum(k is claims.Survivor.LOOSE for k in kinds.values())

    liar = _claim("DD-T-liar", kind=Kind.NUMERIC, expect=Verified, check=lambda ctx: check(ctx, lie=True),
                  statement=st)
    lied = {s.label: s.kind for s in claims.run_one(liar, CheckContext(dps=30), mutate=True).survivors}
    assert lied["bound: constant ×(1+1e-6) at -2"] is claims.Survivor.CONTRADICTED


def test_run_turns_exceptions_and_bad_returns_into_failed():
    def boom(ctx):
        raise ZeroDivisionError("division by zero inside a check")

    res = claims.run([_claim("DD-T-raise", check=boom), _claim("DD-T-none", check=lambda ctx: None)],
                     CheckContext(dps=20))
    assert [r.verdict for r in res] == ["inconclusive", "inconclusive"]
    assert all(r.evidence["reason"] == "failed" and not r.ok for r in res)
    assert "ZeroDivisionError" in res[0].detail


def test_run_prose_and_progress():
    prose = _claim("DD-T-prose", kind=Kind.PROSE, check=None, expect=Inconclusive, reason="pure prose, nothing to do")
    seen = []
    res = claims.run([prose, _claim("DD-T-ok")], CheckContext(dps=20), progress=seen.append)
    assert seen == ["DD-T-prose", "DD-T-ok"]
    assert res[0].verdict == "inconclusive" and res[0].ok and res[0].evidence["reason"] == "prose"
    assert res[0].scope.startswith("prose")


def test_summary_and_json_fields():
    def verified(ctx):
        return Verified("ok", n_digits=12, points=("p",), dps=20)

    cl = [_claim("DD-T-a"), _claim("DD-T-b", check=verified, expect=Verified, kind=Kind.NUMERIC),
          _claim("DD-T-c", check=lambda ctx: Inconclusive("x", reason=Reason.PRECISION))]
    res = claims.run(cl, CheckContext(dps=20))
    s = claims.summary(res)
    assert s["claims"] == 3 and s["verdicts"]["proved"] == 1 and s["verdicts"]["verified"] == 1
    assert [m["id"] for m in s["mismatches"]] == ["DD-T-c"] and not s["ok"]
    js = claims.to_json(res)
    json.dumps(js)
    for row in js:
        assert {"id", "source", "kind", "statement", "verdict", "expected", "digits", "detail", "scope"} <= set(row)
    assert js[0]["scope"] == "general" and js[1]["digits"] == 12 and js[0]["digits"] is None


def test_exact_at_sizes_is_verified_with_scope_never_proved():
    v = kit.at_sizes(lambda n: [("sum", sum(range(n + 1)), sympy.Rational(n * (n + 1), 2))], [1, 2, 5],
                     what="Gauss", names="n")
    assert isinstance(v, Verified) and v.exact and v.digits is None and "n in 1, 2, 5" in v.scope
    bad = kit.at_sizes(lambda n: [("sum", sum(range(n + 1)), n * n)], [1, 2], what="wrong", names="n")
    assert isinstance(bad, Refuted) and bad.counterexample["n"] == [2]


def test_identity_with_roots_proves_and_refutes():
    v, d = sympy.symbols("v D", positive=True)
    r = sympy.Symbol("r", positive=True)
    ok = kit.identity(r ** 2, v ** 2 + d, argument="r = sqrt(v^2 + D) for every v and D > 0",
                      defs={r: v ** 2 + d})
    assert isinstance(ok, Proved) and ok.scope == "general"
    bad = kit.identity(r ** 2, v ** 2 + 2 * d, argument="r = sqrt(v^2 + D) for every v and D > 0",
                       defs={r: v ** 2 + d})
    assert isinstance(bad, Refuted) and bad.measured_digits >= 40


def test_identity_needs_an_argument():
    with pytest.raises(InvalidArgument, match="argument"):
        kit.identity(x, x, argument="")


def test_pool_gives_the_serial_results():
    chosen = claims.select(["DD-Eq5", "DD-Eq6", "DD-Eq7", "DD-Prop1.2"])
    ctx = CheckContext(dps=20, fast=True)
    serial = claims.run(chosen, ctx)
    pooled = claims.run(chosen, ctx, jobs=2)
    strip = [(r.id, r.verdict, r.digits, r.detail, r.scope, json.dumps(r.evidence, sort_keys=True)) for r in serial]
    assert strip == [(r.id, r.verdict, r.digits, r.detail, r.scope, json.dumps(r.evidence, sort_keys=True))
                     for r in pooled]


def test_result_ok_is_verdict_equals_expected():
    r = Result(id="DD-X", source="DD", kind="symbolic", statement="s", verdict="refuted", expected="refuted",
               digits=None, detail="", scope="a counterexample")
    assert r.ok and r.to_dict()["ok"]


def test_implied_marker_is_the_public_constant():
    assert IMPLIED == "implied_by_printed"


# --------------------------------------------------------------------------------------------------- select

def test_select_source_id_family_and_prefix():
    dd = claims.select(["DD"])
    assert dd and all(c.source == "DD" for c in dd)
    ids = [c.id for c in claims.select(["DD-Eq6"])]
    assert ids == ["DD-Eq6", "DD-Eq6/corrected"] or set(ids) == {"DD-Eq6", "DD-Eq6/corrected"}
    a4 = [c.id for c in claims.select(["DD-SA.4"])]
    assert "DD-SA.4-Rank" in a4 and all(i.startswith("DD-SA.4") for i in a4)


def test_select_unknown_lists_close_matches():
    with pytest.raises(UnknownClaim, match="DD-Thm2"):
        claims.select(["DD-Thm3"])


def test_select_citation_says_no_verdict():
    with pytest.raises(UnknownClaim, match="no verdict"):
        claims.select(["DD-Eq2"])


def test_dd_catalogue_is_complete():
    cov = claims.registry.coverage("DD")
    assert cov.complete, cov.problems()
    assert len(cov.spec) >= 140 and cov.cited_fraction <= claims.CITED_FRACTION


def test_coverage_pending_ids_are_listed_not_hidden():
    """A source may land with spec IDs declared PENDING: complete (loadable) but not full, and a stale entry is
    an error."""
    spec = frozenset({"HY-A", "HY-B", "HY-C"})
    base = dict(source="HY", spec=spec, citations=frozenset(), unknown=(), bad_cites=(), bad_corrections=(),
                cited_claimlike=(), claimlike=3)
    ok = claims.Coverage(claims=frozenset({"HY-A"}), missing=(), pending=("HY-B", "HY-C"), **base)
    assert ok.complete and not ok.full and ok.problems() == []
    stale = claims.Coverage(claims=frozenset({"HY-A", "HY-B"}), missing=(), pending=("HY-B", "HY-C", "HY-Z"), **base)
    assert not stale.complete and stale.pending_claimed == ("HY-B", "HY-Z")
    assert "PENDING" in stale.problems()[0]
    done = claims.Coverage(claims=spec, missing=(), pending=(), **base)
    assert done.complete and done.full


def test_inequality_with_a_constant_side_keeps_the_working_precision():
    """x <= 1/3 at x = 1/3 computed to 50 digits holds: the constant side is converted at 50 digits too (it was
    converted at the ambient 15 digits, a false violation of relative size 1e-17)."""
    import sympy

    from symflow.claims import CheckContext, Statement, kit
    from symflow.verdict import Refuted, Verified

    x = sympy.Symbol("x")
    ctx = CheckContext(dps=50).with_statement(Statement(b=sympy.Le(x, sympy.Rational(1, 3))))
    third = [("x = 1/3", {x: sympy.Rational(1, 3)}, 50)]
    assert isinstance(kit.inequality(ctx, "b", lambda s: third, what="x <= 1/3"), Verified)
    above = [("x = 1/3 + 1e-40", {x: sympy.Rational(1, 3) + sympy.Rational(1, 10**40)}, 50)]
    assert isinstance(kit.inequality(ctx, "b", lambda s: above, what="x <= 1/3"), Refuted)


def test_shift_free_parts_make_constant_and_affine_shifts_equivalent():
    """A potential used through its gradient: a mutant adding a constant is equivalent; one changing the
    curvature is not.  Degree 1 (used through its Hessian) also absorbs affine shifts, and only those."""
    import sympy

    from symflow.claims import Statement

    t = sympy.Symbol("theta", real=True)
    Q = t * sympy.asinh(t / 2) - sympy.sqrt(t**2 + 4) + 2
    const = {m.after: m.equivalent for m in Statement(Q=Q).shift_free("Q", (t,), 0).mutants()}
    assert "a constant" in const[str(Q - 2)] and "a constant" in const[str(Q + 2)]
    assert const[str(t * sympy.asinh(t) - sympy.sqrt(t**2 + 4) + 2)] == ""   # the curvature changed
    affine = {m.after: m.equivalent for m in Statement(Q=Q + 3 * t).shift_free("Q", (t,), 1).mutants()}
    assert "affine" in affine[str(Q + 6 * t)] and "affine" in affine[str(Q + 3 * t - 2)]
    assert affine[str(t * sympy.asinh(t) + 3 * t - sympy.sqrt(t**2 + 4) + 2)] == ""
    assert all(m.equivalent == "" for m in Statement(Q=Q + 3 * t).mutants()
               if m.after == str(Q + 6 * t))                       # nothing declared: nothing absorbed
    with pytest.raises(InvalidArgument):
        Statement(Q=Q).shift_free("R", (t,))


def test_inequality_refutes_a_relation_undefined_at_an_instance():
    """A mutant such as x <= sqrt(-y) is complex at y > 0: refuted with the instance, never a crash."""
    ctx = CheckContext(dps=30).with_statement(Statement(b=sympy.Le(x, sympy.sqrt(y))))
    v = kit.inequality(ctx, "b", lambda s: [("y = -1", {x: 0, y: -1}, 30)], what="x <= sqrt(y)")
    assert isinstance(v, Refuted) and v.counterexample["instance"] == "y = -1" and "j" in v.counterexample["rhs"]
    assert isinstance(kit.inequality(ctx, "b", lambda s: [("y = 1", {x: 0, y: 1}, 30)], what="x <= sqrt(y)"),
                      Verified)


def test_root_counterexamples_respect_the_symbols_assumptions():
    from symflow.claims._exact import _in_domain

    p, n, k, r = sympy.Symbol("p", positive=True), sympy.Symbol("n", negative=True), \
        sympy.Symbol("k", integer=True, positive=True), sympy.Symbol("r", real=True)
    third = sympy.Rational(1, 3)
    assert _in_domain(p, third, False) == third and _in_domain(n, third, True) == -third
    assert _in_domain(k, sympy.Rational(7, 3), False) == 3 and _in_domain(r, third, False) == -third


def test_example_caches_of_closures_with_different_captures_are_separate():
    from symflow.claims._cache import example_cache

    def factory(f):
        def compute(example):
            return f(example)
        return compute

    a, b = factory(abs), factory(str)
    assert example_cache(a, 30, False) is not example_cache(b, 30, False)
    assert example_cache(a, 30, False) is example_cache(factory(abs), 30, False)   # same captures: shared
    assert example_cache(a, 30, False) is not example_cache(a, 60, False)
    ctx1, ctx2 = CheckContext(dps=30), CheckContext(dps=30).with_statement(Statement(h=x))
    assert example_cache(factory(ctx1), 30, False) is example_cache(factory(ctx2), 30, False)


def test_a_matrix_power_is_mutated_in_its_exponent_never_scaled():
    X = sympy.MatrixSymbol("X", 3, 3)
    afters = {m.label: m.after for m in Statement(e=X ** 2).mutants()}
    assert afters == {"e: sign flipped at X**2": "-X**2", "e: exponent +1 at X**2": "X**3",
                      "e: exponent -1 at X**2": "X"}
    assert "X**0" not in {m.after for m in Statement(e=X).mutants()}


def test_mutants_the_check_proves_are_listed_true_and_left_out_of_the_score():
    """2a**2 + b**2 >= 0, checked by an exact argument (every term an even power times a non-negative constant): the
    mutants 4a**2 + b**2 >= 0, b**2 >= 0, ... are theorems the check proves, listed under proved_true and not
    scored; the others (2a**3 + b**2 >= 0, ...) are refuted."""
    def even(t):
        c, rest = t.as_coeff_Mul()
        return c >= 0 and isinstance(rest, sympy.Pow) and rest.exp.is_even

    def check(ctx):
        h = ctx.s.h
        if isinstance(h, sympy.GreaterThan) and h.rhs == 0 and all(even(t) for t in sympy.Add.make_args(h.lhs)):
            return Proved("every term is a non-negative number times an even power", certificate={"lhs": str(h.lhs)})
        return Refuted("fails at some point", counterexample={"lhs": str(h.lhs)})

    a, b = sympy.symbols("a b")  # no assumptions: SymPy would decide 2a^2 + b^2 >= 0 for real symbols at once
    c = _claim("DD-T-sos", kind=Kind.SYMBOLIC, expect=Proved, check=check,
               statement=Statement(h=sympy.Ge(2 * a ** 2 + b ** 2, 0)))
    r = claims.run_one(c, CheckContext(dps=30), mutate=True)
    labels = {p["label"] for p in r.proved_true}
    assert {"h: constant ×2 at 2", "h: term dropped at 2*a**2 + b**2"} <= labels
    assert all(p["reason"].startswith("every term") for p in r.proved_true)
    assert r.mutants_refuted == r.mutants > 0 and not r.survivors  # x**3 + y**2 >= 0, ... refuted
    assert claims.summary([r])["mutants_proved_true"] == len(r.proved_true) == 4  # two "term dropped" mutants
    assert r.to_dict()["proved_true"]


def test_a_check_that_proves_every_mutant_shows_no_teeth_and_they_stay_scored():
    c = _claim("DD-T-blind", kind=Kind.SYMBOLIC, expect=Proved, check=lambda ctx: Proved("blind"),
               statement=Statement(h=sympy.Ge(sympy.Symbol("a") ** 2 + sympy.Symbol("b") ** 2, 0)))
    r = claims.run_one(c, CheckContext(dps=30), mutate=True)
    assert not r.proved_true and r.mutants_refuted == 0 and len(r.survivors) == r.mutants > 0
