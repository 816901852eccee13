"""Run the code cells of a Markdown page and compare their outputs with the page (docs/tutorial.md, README.md).

A ```python cell runs in one namespace shared by the page's cells, in order; a ```console cell holds
``$ symflow ...`` lines, each run through :func:`symflow.cli.main` (nothing else is run; a non-zero exit code is
printed as ``[exit N]``).  The ```text block that follows a cell (blank lines between allowed) is the expected
output, compared as doctest does with ELLIPSIS and NORMALIZE_WHITESPACE (``...`` stands for any text).  Other
fences (```bash: installation commands) are shown, not run.

    python tools/doccells.py docs/tutorial.md            # run and compare; exit 1 on a mismatch
    python tools/doccells.py docs/tutorial.md --update   # rewrite the expected outputs from a run
"""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

_FENCE = re.compile(r"^```([a-z]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass
class Cell:
    lang: str
    code: str
    line: int
    expected: str | None = None
    span: tuple | None = None  # where the expected block's body sits in the page (for --update)


def cells(text: str) -> list[Cell]:
    """The runnable cells of a page, each with the ```text block that follows it (if any)."""
    out: list[Cell] = []
    blocks = list(_FENCE.finditer(text))
    for k, m in enumerate(blocks):
        lang = m.group(1)
        if lang not in ("python", "console"):
            continue
        cell = Cell(lang, m.group(2), text.count("\n", 0, m.start()) + 1)
        if k + 1 < len(blocks) and blocks[k + 1].group(1) == "text" and not text[m.end():blocks[k + 1].start()].strip():
            cell.expected, cell.span = blocks[k + 1].group(2), blocks[k + 1].span(2)
        out.append(cell)
    return out


def _run_console(code: str) -> str:
    from symflow.cli import main

    buf = io.StringIO()
    for line in code.splitlines():
        if not line.startswith("$ "):
            continue
        argv = shlex.split(line[2:], comments=True)
        if not argv or argv[0] != "symflow":
            raise ValueError(f"console cells run symflow only, got {line!r}")
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
            try:
                code_ = main(argv[1:])
            except SystemExit as exc:  # --help and --version exit through argparse
                code_ = exc.code or 0
        if code_:
            buf.write(f"[exit {code_}]\n")
    return buf.getvalue()


def run_cell(cell: Cell, namespace: dict) -> str:
    """The cell's output (stdout; console cells: every command's output)."""
    if cell.lang == "console":
        return _run_console(cell.code)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(cell.code, f"<cell at line {cell.line}>", "exec"), namespace)  # the page's own code
    return buf.getvalue()


def matches(expected: str, got: str) -> bool:
    return doctest.OutputChecker().check_output(expected, got, _FLAGS)


def check_page(path: Path, update: bool = False) -> list[str]:
    """Run every cell of ``path``; the mismatches as readable messages (``update``: rewrite instead)."""
    text = path.read_text(encoding="utf-8")
    namespace: dict = {"__name__": "__doccells__"}
    problems, edits = [], []
    for cell in cells(text):
        got = run_cell(cell, namespace)
        if cell.expected is None:
            continue
        if not matches(cell.expected, got):
            if update:
                edits.append((cell.span, got))
            else:
                problems.append(f"{path}:{cell.line}: output differs\n--- expected\n{cell.expected}--- got\n{got}")
    for (a, b), got in sorted(edits, reverse=True):
        text = text[:a] + got + text[b:]
    if edits:
        path.write_text(text, encoding="utf-8")
    return problems


if __name__ == "__main__":
    args = sys.argv[1:]
    update = "--update" in args
    pages = [Path(a) for a in args if a != "--update"]
    if not pages:
        sys.exit("usage: python tools/doccells.py PAGE.md [--update]")
    bad = [p for page in pages for p in check_page(page, update)]
    print("\n".join(bad) or f"{len(pages)} page(s): every cell's output matches")
    sys.exit(1 if bad else 0)
