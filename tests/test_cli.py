"""The CLI contract (DESIGN.md): JSON fields, exit codes, one-line errors with exit 2 for bad input."""

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symflow.cli import main


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


BAD_INPUTS = [
    ["analyze", "--params", "u v", "--map", "__import__('os').system('touch /tmp/symflow_pwned')"],
    ["analyze", "--params", "u v", "--map", "u*w"],                       # unknown name
    ["analyze", "--params", "u v", "--map", ""],                          # empty map
    ["analyze", "--params", "", "--map", "u"],                            # empty params
    ["analyze", "--params", "u v", "--map", "u*v", "--init", "u=1"],      # init misses v
    ["analyze", "--params", "u v", "--map", "u*v", "--init", "u=1, v=2", "--potential", "theta2"],  # d = 1
    ["analyze", "--params", "u v", "--map", "u^v"],
    ["analyze", "--params", "u v", "--map", "u*v", "--dps", "abc"],
    ["analyze", "--params", "u v", "--map", "(" * 500 + "u" + ")" * 500],
    ["analyze", "--params", "u v", "--map", "u**(9**9**9)"],
    ["verify", "DD-NoSuchClaim"],
    ["figure", "no-such-figure"],
    ["frobnicate"],
]


@pytest.mark.parametrize("args", BAD_INPUTS, ids=lambda a: " ".join(a)[:60])
def test_bad_input_one_line_exit_2(args, capsys):
    if os.path.exists("/tmp/symflow_pwned"):
        os.remove("/tmp/symflow_pwned")
    code, out, err = run(args, capsys)
    assert code == 2, (out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("symflow: error:")
    assert "Traceback" not in err
    assert not os.path.exists("/tmp/symflow_pwned")


def test_analyze_uv_contract(capsys):
    code, out, _ = run(["analyze", "--params", "u v", "--map", "u*v", "--law", "u**2 - v**2", "--json"], capsys)
    assert code == 0
    r = json.loads(out)
    assert r["commuting"]["verdict"] == "proved"
    assert r["regular"]["verdict"] == "proved" and r["regular"]["singular_set"] == "u = v = 0"
    assert r["conservation_laws"]["count"] == 1
    assert r["claims"][0]["verdict"] == "proved"
    for key in ("potential", "cross_check"):
        assert "verdict" in r[key]


def test_analyze_refuted_law_exits_1(capsys):
    code, out, _ = run(["analyze", "--params", "u v", "--map", "u*v", "--law", "u**2 + v**2", "--json"], capsys)
    assert code == 1
    r = json.loads(out)
    assert r["claims"][0]["verdict"] == "refuted"


@pytest.mark.parametrize("mapping, law", [("u**3 - v**3", "1/v + 1/u"), ("v*exp(u)", "u - v**2/2")])
def test_analyze_text_lists_the_law_with_the_exact_count(capsys, mapping, law):
    """Issue 13: the law section was empty for u^3 - v^3 and counted 'None' for v e^u."""
    code, out, _ = run(["analyze", "--params", "u v", "--map", mapping], capsys)
    assert code == 0
    line = next(l for l in out.splitlines() if l.startswith("conservation laws:"))
    assert f"1 law (count proved); explicit: {law} [proved]" in line and "None" not in line


def test_analyze_json_count_is_an_integer_or_null(capsys):
    code, out, _ = run(["analyze", "--params", "u v w", "--map", "exp(u)*v; u*w**2", "--json"], capsys)
    count = json.loads(out)["conservation_laws"]["count"]
    assert code == 0 and (count is None or isinstance(count, int))


def test_console_script_runs():
    proc = subprocess.run([sys.executable, "-m", "symflow.cli", "analyze", "--params", "u v", "--map", "u*"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_timeout_is_one_line_exit_2(capsys):
    code, out, err = run(["analyze", "--params", "a b c d e f g h", "--map", "(a+b+c+d+e+f+g+h)**40",
                          "--timeout", "1"], capsys)
    assert code == 2 and "time limit" in err and err.count("\n") == 1



@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="uvw+-*/()0123456789.^_;,=' ", max_size=14))
def test_fuzzed_map_never_tracebacks(text):
    """Any text given as --map ends in a verdict (exit 0/1) or a one-line error (exit 2), never a traceback."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["analyze", "--params", "u v", "--map", text, "--json", "--timeout", "60"])
    assert code in (0, 1, 2), (text, code)
    if code == 2:
        assert err.getvalue().count("\n") == 1 and err.getvalue().startswith("symflow: error:"), err.getvalue()
    else:
        assert json.loads(out.getvalue())["commuting"]["verdict"] in ("proved", "verified", "refuted", "inconclusive")
    assert "internal error" not in err.getvalue()


# ---- a CLI that teaches (issue 12)
def test_version(capsys):
    import symflow

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.strip() == f"symflow {symflow.__version__}"


def test_python_dash_m_runs_the_same_command_line():
    import subprocess
    import sys

    import symflow

    out = subprocess.run([sys.executable, "-m", "symflow", "--version"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == f"symflow {symflow.__version__}"


@pytest.mark.parametrize("command", ["verify", "analyze", "figure", "bench", None])
def test_help_has_examples_options_and_exit_codes(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main(([command] if command else []) + ["--help"])
    out = capsys.readouterr().out
    assert exc.value.code == 0
    assert "examples:" in out and "exit codes:" in out
    assert "symflow " + (command or "") in out.split("examples:")[1]


def test_every_option_is_described():
    import argparse

    from symflow.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, p in [("symflow", parser), *sub.choices.items()]:
        for action in p._actions:
            if not isinstance(action, argparse._SubParsersAction):
                assert action.help and len(action.help) > 8, (name, action.dest)


@pytest.mark.parametrize("params, mapping, init, name", [
    ("u v", "u*v", "u=1, v=2", "the hypentropy (HY Def. 3.1/3.2)"),
    ("u", "u**3", "u=1/2", "a power (Tsallis-type) potential, exponent 2/3"),
    ("u", "u**2", "u=1", "the entropy"),
    ("a b c", "a*b*c", "a=1/2, b=1, c=2", "the implicit potential of a deep diagonal network"),
])
def test_analyze_says_what_it_recognised(params, mapping, init, name, capsys):
    code, out, _ = run(["analyze", "--params", params, "--map", mapping, "--init", init, "--dps", "20"], capsys)
    assert code == 0
    line = next(l for l in out.splitlines() if l.startswith("recognised:"))
    assert name in line
    code, out, _ = run(["analyze", "--params", params, "--map", mapping, "--init", init, "--dps", "20", "--json"],
                       capsys)
    r = json.loads(out)
    assert name in r["recognised"] and r["potential"]["recognised"] == r["recognised"]


def test_hypentropy_alpha_is_named(capsys):
    code, out, _ = run(["analyze", "--params", "u v", "--map", "u*v", "--init", "u=1, v=2", "--dps", "20"], capsys)
    assert "alpha = 3/2" in out


def test_figure_list_names_source_and_check(capsys):
    from symflow import figures

    code, out, _ = run(["figure", "--list"], capsys)
    assert code == 0
    for fig in figures.all_figures().values():
        assert fig.name in out and fig.spec_id in out
    assert out.count("check:") == len(figures.all_figures())
    code, out, _ = run(["figure", "--list", "--json"], capsys)
    assert {r["name"] for r in json.loads(out)} == set(figures.names())


def test_figure_prints_the_check_verdict(capsys):
    code, out, _ = run(["figure", "dd-fig3", "--fast", "--json"], capsys)
    r = json.loads(out)
    assert code == 0 and r["verdict"] == "verified" and r["digits"] >= 15 and r["png"] is None
    assert r["spec_id"] == "DD-Fig-3"


def test_figure_exit_1_when_the_check_fails(capsys, monkeypatch):
    from symflow import figures
    from symflow.verdict import Refuted

    fig = figures.get("dd-fig3")
    broken = type(fig)(fig.name, fig.spec_id, fig.title, fig.draw, lambda dps, fast=False: Refuted(
        "rates in the wrong order", counterexample={"rates": "1 > 2"}))
    monkeypatch.setitem(figures.all_figures(), "dd-fig3", broken)
    code, out, _ = run(["figure", "dd-fig3", "--fast"], capsys)
    assert code == 1 and "check: refuted: rates in the wrong order" in out


def test_verify_list_shows_statements_in_plain_text(capsys):
    code, out, _ = run(["verify", "DD-Eq6", "--list"], capsys)
    assert code == 0
    line = next(l for l in out.splitlines() if l.startswith("DD-Eq6 "))
    assert "d/dt(u^j⊙u^j)" in line and "\\" not in line
