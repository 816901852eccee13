"""Tests of symflow.integrate.bench: the reference problems and the run_bench contract (no peers, short horizon)."""

from __future__ import annotations

import dataclasses

import pytest
import sympy

from symflow.errors import InvalidArgument
from symflow.integrate.bench import format_table, problem, run_bench

KEYS = {"problem", "dps", "tool", "seconds", "setup_seconds", "run_seconds", "digits", "note"}


def test_problems_have_the_exact_data():
    p1, p2 = problem("P1"), problem("P2")
    assert len(p1.variables) == len(p1.rhs) == 20 and p1.t1 == 1
    assert p1.y0[0] == sympy.Rational(5 + 29 % 11, 10)
    assert all(sympy.Rational(1, 2) <= v <= sympy.Rational(3, 2) for v in p1.y0)
    assert len(p2.variables) == 8 and p2.t1 == 10 and set(p2.y0) == {sympy.Rational(1, 10)}
    # the invariants u_i v_i - alpha^2 are exactly conserved: their derivative along the flow is 0
    for inv in p2.invariants:
        dot = sum(sympy.diff(inv, v) * r for v, r in zip(p2.variables, p2.rhs))
        assert sympy.expand(dot) == 0
    with pytest.raises(InvalidArgument):
        problem("P9")


def test_run_bench_contract_on_short_p2():
    short = dataclasses.replace(problem("P2"), t1=sympy.Rational(1, 2))
    lines = []
    rows = run_bench([short], [20], tools=("symflow", "symflow-gl"), progress=lines.append)
    assert lines and {r["tool"] for r in rows} == {"symflow", "symflow-gl"}
    for r in rows:
        assert KEYS <= set(r)
        assert r["problem"] == "P2" and r["dps"] == 20
        assert abs(r["seconds"] - r["setup_seconds"] - r["run_seconds"]) < 1e-3
        assert r["digits"] >= 18  # measured against the 40-digit reference
    table = format_table(rows)
    assert "| P2 | 20 | symflow |" in table and "symflow-gl" in table


def test_run_bench_rejects_unknown_tool():
    with pytest.raises(InvalidArgument):
        run_bench(["P2"], [20], tools=("matlab",))
