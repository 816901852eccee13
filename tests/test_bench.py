"""Tests of symflow.integrate.bench: the reference problems and the run_bench contract (no peers, short horizon)."""

from __future__ import annotations

import dataclasses

import pytest
import sympy

from symflow.errors import InvalidArgument
from symflow.integrate import _heyoka
from symflow.integrate.bench import format_table, problem, ratios, run_bench

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


@pytest.mark.parametrize("d", [5, 20, 50, 200])
def test_scaling_family_sizes(d):
    p = problem(f"S{d}")
    n = 2 * d // 5 + 2
    assert len(p.variables) == len(p.rhs) == len(p.y0) == 3 * d and p.t1 == 2
    assert len(p.least_squares.X) == n and len(p.least_squares.X[0]) == d and p.least_squares.depth == 3
    assert p.default_dps == ((30, 50, 100) if d == 5 else (50,)) and p.odefun == (d == 5)


def test_scaling_family_rhs_is_the_gradient_flow_as_printed():
    """The O(d^2) builder gives the very expression SymPy makes of 2 X^T (X theta - y), written out naively."""
    p = problem("S5")
    X, y = p.least_squares.X, p.least_squares.y
    u = [[sympy.Symbol(f"u{j + 1}_{i + 1}") for i in range(5)] for j in range(3)]
    theta = [u[0][i] * u[1][i] * u[2][i] for i in range(5)]
    r = [sum(X[a][i] * theta[i] for i in range(5)) - y[a] for a in range(len(X))]
    g = [2 * sum(X[a][i] * r[a] for a in range(len(X))) for i in range(5)]
    naive = [-sympy.Mul(*[u[k][i] for k in range(3) if k != j]) * g[i] for j in range(3) for i in range(5)]
    assert list(p.rhs) == naive
    assert p.y0[0] == sympy.Rational(5 + 29 % 11, 10) and X[0][0] == sympy.Rational(2 * 37 % 19 - 9, 10)


def test_ratios_are_taken_within_one_run():
    rows = [{"problem": "S5", "dps": 30, "tool": "symflow", "seconds": 1.0, "cpu_seconds": 2.0},
            {"problem": "S5", "dps": 30, "tool": "heyoka", "seconds": 4.0, "cpu_seconds": 4.0},
            {"problem": "S5", "dps": 30, "tool": "mpmath.odefun", "seconds": 30.0, "cpu_seconds": 30.0},
            {"problem": "S5", "dps": 50, "tool": "symflow", "seconds": 1.0, "cpu_seconds": 1.0}]
    assert ratios(rows) == [
        {"problem": "S5", "dps": 30, "symflow_over_heyoka": 0.25, "symflow_over_heyoka_cpu": 0.5,
         "odefun_over_symflow": 30.0},
        {"problem": "S5", "dps": 50, "symflow_over_heyoka": None, "symflow_over_heyoka_cpu": None,
         "odefun_over_symflow": None}]


def test_run_bench_backends_and_default_dps():
    short = dataclasses.replace(problem("S20"), t1=sympy.Rational(1, 20))
    rows = run_bench([short], None, tools=("symflow", "symflow-mpfr", "mpmath.odefun"))
    assert [(r["tool"], r["dps"]) for r in rows] == [("symflow", 50), ("symflow-mpfr", 50)]  # no odefun on S20
    assert "fixed backend" in rows[0]["note"] and "mpfr backend" in rows[1]["note"]
    assert all(r["digits"] >= 48 for r in rows)


def test_heyoka_peer_when_installed():
    hy = _heyoka.load()
    if hy is None:
        pytest.skip("heyoka is not installed (optional peer: pip install heyoka)")
    short = dataclasses.replace(problem("S5"), t1=sympy.Rational(1, 2))
    p2 = dataclasses.replace(problem("P2"), t1=sympy.Integer(1))
    rows = run_bench([short, p2], [20], tools=("symflow", "heyoka"))
    peers = [r for r in rows if r["tool"] == "heyoka"]
    assert len(peers) == 2 and all(r["digits"] >= 19 for r in peers)
    assert "factored" in peers[0]["note"] and "SymPy" in peers[1]["note"]


def test_cli_bench_on_a_scaling_problem(capsys):
    import json

    from symflow.cli import main

    assert main(["bench", "--problem", "S5", "--dps", "20", "--tools", "symflow,symflow-mpfr", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["problem"], r["dps"], r["tool"]) for r in rows] == [("S5", 20, "symflow"), ("S5", 20, "symflow-mpfr")]
    assert all(KEYS <= set(r) and r["digits"] >= 19 for r in rows)
    assert main(["bench", "--problem", "S9"]) == 2
    assert main(["bench", "--problem", "S5", "--tools", "matlab"]) == 2
