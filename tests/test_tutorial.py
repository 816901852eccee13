"""The documentation runs: every code cell of docs/tutorial.md and README.md is executed and its output compared
with the page (tools/doccells.py), and the example test file of docs/examples/ passes (and fails, with a clear
message, when a law is broken on purpose)."""

import importlib.util
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _doccells():
    spec = importlib.util.spec_from_file_location("doccells", ROOT / "tools" / "doccells.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("doccells", mod)  # dataclasses look their module up there
    spec.loader.exec_module(sys.modules["doccells"])
    return sys.modules["doccells"]


@pytest.mark.parametrize("page", ["docs/tutorial.md", "README.md"])
def test_every_cell_runs_and_its_output_matches(page, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # figures and files a cell writes land here
    doccells = _doccells()
    text = (ROOT / page).read_text(encoding="utf-8")
    assert any(c.expected is not None for c in doccells.cells(text)), "the page has no checked cell"
    problems = doccells.check_page(ROOT / page)
    assert not problems, "\n\n".join(problems)


def test_a_wrong_output_is_caught(tmp_path):
    doccells = _doccells()
    page = tmp_path / "page.md"
    page.write_text("```python\nprint(1 + 1)\n```\n\n```text\n3\n```\n", encoding="utf-8")
    assert doccells.check_page(page)
    doccells.check_page(page, update=True)
    assert doccells.check_page(page) == [] and "```text\n2\n```" in page.read_text()


def _run_example(env_extra):
    env = {**os.environ, **env_extra, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                           "docs/examples/test_my_parameterization.py"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def test_example_fails_clearly_when_a_law_is_broken():
    proc = _run_example({"SYMFLOW_EXAMPLE_BREAK": "1"})
    assert proc.returncode == 1, proc.stdout[-2000:]
    assert "expected proved, got refuted (law a**2 + b**2 under Parameterization(a*b*c; D=3, d=1))" in proc.stdout
    assert '"counterexample"' in proc.stdout
