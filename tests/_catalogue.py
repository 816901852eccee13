"""What every catalogue test asserts of a claim's result in the smoke run: the recorded verdict, a scope, a
counterexample for a refutation, and scope ``general`` for a proof."""


def assert_recorded(r, expected: str) -> None:
    assert r.verdict == expected, (r.id, r.verdict, expected, r.detail[:160])
    assert r.scope, r.id
    if r.verdict == "refuted":
        assert r.evidence["counterexample"], r.id
    if r.verdict == "proved":
        assert r.scope == "general", (r.id, r.scope)
