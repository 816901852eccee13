"""The ``symflow`` command: ``verify | analyze | figure | bench`` (contract: docs/contract.md).

Exit codes: ``verify`` 0 when every computed verdict equals its recorded expectation, 1 otherwise; ``analyze`` 0 when
every claimed law and potential holds, 1 when one is refuted; 2 for bad usage or input (one line on stderr, never a
traceback).  User text reaches SymPy only through :mod:`symflow.parse` (a whitelist; nothing is eval'ed).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from typing import Sequence

from .errors import InvalidArgument, SymflowError

__all__ = ["main", "build_parser"]


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2; help keeps the examples' line breaks."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # noqa: D401 - argparse API
        raise InvalidArgument(f"{message} (see `{self.prog} --help`)")


def _positive_int(name: str, lo: int, hi: int):
    def conv(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name}={text!r} is not an integer") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{name}={value} must be between {lo} and {hi}")
        return value
    return conv


_VERDICTS = """verdicts: proved (an exact symbolic argument), verified (numeric agreement, digits measured by precision
doubling or a second method; or an exact check at the sizes its scope names), refuted (a counterexample you can
re-run), inconclusive (the reason and its remedy)."""

_EPILOGS = {
    "main": f"""examples:
  symflow analyze --params "u v" --map "u*v" --init "u=1, v=2"
  symflow verify DD
  symflow figure --list

{_VERDICTS}

exit codes: 0 success, 1 a verdict differs from its expectation (verify), a claim is refuted (analyze) or a
figure's check is refuted (figure), 2 bad usage or input (one line on stderr), 130 interrupted.
Docs: README.md and docs/ (docs/tutorial.md, docs/contract.md) in the repository.""",
    "verify": f"""examples:
  symflow verify                       # every claim of every source, as a table
  symflow verify DD                    # one source (DD, HY, FM, DDyn)
  symflow verify DD-Eq20 --dps 60      # one claim (and its parts DD-Eq20/...), at 60 digits
  symflow verify DD --json > dd.json   # the JSON contract (docs/contract.md)
  symflow verify DD --mutate           # mutated constants must be refuted
  symflow verify DD --list             # each claim's statement in short, without running

{_VERDICTS}

exit codes: 0 every computed verdict equals its recorded expectation, 1 one differs (the table names it and the
command that re-runs it), 2 bad usage or unknown claim ID, 130 interrupted (what finished is printed).""",
    "analyze": f"""examples:
  symflow analyze --params "u v" --map "u*v" --init "u=1, v=2" --law "u**2 - v**2"
  symflow analyze --params "u" --map "u**3" --init "u=1/2"            # a power potential
  symflow analyze --params "a b c" --map "a*b*c" --init "a=1/2, b=1, c=2" --json
  symflow analyze --params "u v" --map "u*v" --init "u=1, v=2" --latex  # the derivation, in LaTeX

Expressions use + - * / ** ( ), numbers (exact: 0.1 is 1/10), the parameters' names, pi and sqrt exp log sinh
cosh tanh asinh acosh atanh abs sign; nothing typed is evaluated as Python.  The outputs are named theta (one
output) or theta1..thetad.

{_VERDICTS}

exit codes: 0 every claimed law and potential holds (or none was claimed), 1 one is refuted, 2 bad input or the time
limit reached.""",
    "figure": """examples:
  symflow figure --list                # every figure, the spec ID it reproduces and what its check tests
  symflow figure dd-fig3               # draw figures/dd-fig3.png and run its check
  symflow figure dd-fig4 --fast --json # only the check, at low precision, as JSON (no PNG)

exit codes: 0 the check holds (proved or verified), 1 it is refuted or inconclusive, 2 unknown figure or bad
option.""",
    "bench": """examples:
  symflow bench                        # P1 and P2 at 30, 50, 100 digits
  symflow bench --problem P2 --dps 50 --json
  symflow bench --problem S50 --tools symflow,mpmath.odefun

exit codes: 0 done, 2 bad option.""",
}


def _version() -> str:
    from . import __version__

    return f"symflow {__version__}"


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="symflow", description="Check the mathematics of gradient flow on reparameterized models: "
                "conservation laws, commuting/regular parameterizations, mirror potentials, high-precision "
                "cross-checks, and the claims of the source papers.", epilog=_EPILOGS["main"])
    p.add_argument("--version", action="version", version=_version(), help="print the version and exit")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="{verify,analyze,figure,bench}")

    v = sub.add_parser("verify", help="run the claims of the sources (proofs/) and report verdicts",
                       description="Run every claim of the sources (or those selected) and compare each verdict with "
                       "its recorded expectation.", epilog=_EPILOGS["verify"])
    v.add_argument("selectors", nargs="*", help="claim IDs, ID prefixes or sources (DD, HY, FM, DDyn); default: all")
    v.add_argument("--json", action="store_true", help="print a JSON list (one object per claim) instead of a table")
    v.add_argument("--dps", type=_positive_int("--dps", 15, 1000), default=50,
                   help="working decimal digits of the numeric checks (15..1000, default 50)")
    v.add_argument("--mutate", action="store_true", help="re-run each claim that holds with mutated constants; "
                   "each mutant must be refuted")
    v.add_argument("--list", action="store_true", help="list each claim (ID, kind, expected verdict, statement in "
                   "plain text) and each cited definition, without running them")
    v.add_argument("--fast", action="store_true", help="shorter horizons and fewer points (smoke run)")
    v.add_argument("--jobs", type=_positive_int("--jobs", 1, 256), default=None,
                   help="worker processes (default: the machine's cores); results identical to --jobs 1")

    a = sub.add_parser("analyze", help="laws, commuting/regular, potential and cross-check of a parameterization",
                       description="The new-parameterization workflow: conservation laws (count and explicit laws), "
                       "commuting and regular (Li, Wang, Lee, Arora 2022), the mirror potential derived from the map "
                       "and the initialization (and what it was recognised as), and gradient flow cross-checked "
                       "against mirror flow.", epilog=_EPILOGS["analyze"])
    a.add_argument("--params", required=True, help='the trained variables, separated by spaces, e.g. "u v"')
    a.add_argument("--map", required=True, help='one expression per output, separated by ";", e.g. "u*v"')
    a.add_argument("--init", help='an exact initialization of every parameter, e.g. "u=1, v=2" (needed for the '
                   "potential and the cross-check)")
    a.add_argument("--law", action="append", default=[], help="a claimed conservation law in the parameters, "
                   "checked exactly (repeatable)")
    a.add_argument("--potential", help="a claimed mirror potential, in theta (d = 1) or theta1..thetad (needs --init)")
    a.add_argument("--loss", help="loss in the theta names for the cross-check (default: a fixed least squares, "
                   "printed in --json)")
    a.add_argument("--degree", type=_positive_int("--degree", 1, 6), default=2,
                   help="largest degree of the polynomial laws searched (1..6, default 2)")
    a.add_argument("--dps", type=_positive_int("--dps", 15, 1000), default=50,
                   help="working decimal digits of the cross-check and numeric checks (15..1000, default 50)")
    a.add_argument("--T", default="1", help="horizon of the cross-check, an exact number (default 1)")
    a.add_argument("--json", action="store_true", help="print one JSON object (docs/contract.md) instead of text")
    a.add_argument("--latex", action="store_true", help="also print the derivation of the potential in LaTeX")
    a.add_argument("--timeout", type=_positive_int("--timeout", 1, 86400), default=300,
                   help="seconds before giving up (default 300)")

    f = sub.add_parser("figure", help="reproduce a figure of the sources and run its check (figure --list)",
                       description="Draw a figure of the sources as a PNG and run the check of what its text says "
                       "the figure shows; the verdict is printed.", epilog=_EPILOGS["figure"])
    f.add_argument("name", nargs="?", help="a figure name, e.g. dd-fig3 (see --list)")
    f.add_argument("--list", action="store_true", help="list the figures: name, spec ID, what the check tests")
    f.add_argument("--out", help="output PNG path (default: figures/<name>.png)")
    f.add_argument("--dps", type=_positive_int("--dps", 15, 200), default=30,
                   help="working decimal digits (15..200, default 30)")
    f.add_argument("--fast", action="store_true", help="run the check at low precision and draw nothing (smoke run)")
    f.add_argument("--json", action="store_true", help="print the check's verdict (and the PNG path) as JSON")

    b = sub.add_parser("bench", help="time symflow's integrator against mpmath.odefun and heyoka",
                       description="Time symflow's integrator and its peers on the reference problems, with the "
                       "digits each reached.", epilog=_EPILOGS["bench"])
    b.add_argument("--problem", action="append", choices=["P1", "P2", "S5", "S20", "S50", "S200"],
                   help="reference problem, repeatable (default P1 and P2)")
    b.add_argument("--dps", action="append", type=_positive_int("--dps", 15, 400),
                   help="working decimal digits, repeatable; default 30, 50, 100 (S20, S50, S200: 50)")
    b.add_argument("--tools", help="comma-separated subset of symflow, symflow-mpfr, symflow-fixed, symflow-gl, "
                                   "mpmath.odefun, heyoka (default symflow, symflow-gl, mpmath.odefun, heyoka)")
    b.add_argument("--json", action="store_true", help="print a JSON list (one object per problem, dps and tool)")
    return p


# --------------------------------------------------------------------------------------------------------- verify
def _cmd_verify(args) -> int:
    from . import claims

    selected = claims.select(args.selectors)
    if args.list:
        return _print_list(selected, claims.citations(args.selectors), args.json)
    ctx = claims.CheckContext(dps=args.dps, fast=args.fast)
    jobs = args.jobs or os.cpu_count() or 1
    progress = None if args.json else _progress_bar(len(selected))
    t0 = time.perf_counter()
    interrupted = False
    try:
        results = claims.run(selected, ctx, progress=progress[1] if progress else None, mutate=args.mutate,
                             jobs=jobs)
    except claims.Interrupted as exc:  # Ctrl-C keeps what finished
        results, interrupted = exc.results, True
    finally:
        if progress:
            progress[0].stop()
    elapsed = time.perf_counter() - t0
    if args.json:
        print(json.dumps(claims.to_json(results), indent=1))
    else:
        _print_verify_table(results, claims.summary(results), elapsed, args.dps)
    _print_pending({r.id.split("-", 1)[0] for r in results})
    if interrupted:
        print(f"symflow: interrupted after {len(results)} of {len(selected)} claims", file=sys.stderr)
        return 130
    return 0 if all(r.ok for r in results) else 1


def _print_pending(sources) -> None:
    """Say on stderr which spec IDs of the run's sources are declared not yet encoded (``PENDING``)."""
    from .claims import registry

    for src in sorted(sources):
        pending = registry.coverage(src).pending
        if pending:
            print(f"symflow: {src}: {len(pending)} spec IDs not yet encoded (PENDING): "
                  + ", ".join(pending[:10]) + (" …" if len(pending) > 10 else ""), file=sys.stderr)


def _print_list(selected, cites: dict, as_json: bool) -> int:
    from .plaintext import shorten, to_text

    rows = [{"id": c.id, "source": c.source, "kind": c.kind.value, "expected": c.expected, "statement": c.text,
             "statement_text": to_text(c.text),
             "hypotheses": c.hyp, "cites": list(c.cites), "check": c.where,
             "formula": c.statement.to_dict() if c.statement is not None else None} for c in selected]
    if as_json:
        print(json.dumps({"claims": rows, "citations": cites}, indent=1))
        return 0
    for r in rows:
        print(f"{r['id']:28s} {r['kind']:9s} {r['expected']:12s} {shorten(r['statement_text'], 110)}")
    for cid, where in cites.items():
        print(f"{cid:28s} {'cited':9s} {'-':12s} {shorten(to_text(where), 110)}")
    return 0


def _progress_bar(total: int):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    prog = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                    TimeElapsedColumn(), console=_console(stderr=True), transient=True)
    task = prog.add_task("verifying", total=total)
    prog.start()

    def advance(claim_id: str) -> None:
        prog.update(task, advance=1, description=f"verifying {claim_id}")
    return prog, advance


class _Spinner:
    """A spinner on stderr that appears only when the work outlasts ``delay`` seconds and stderr is a terminal."""

    def __init__(self, text: str, delay: float = 2.0) -> None:
        self.text, self.delay, self._status, self._timer = text, delay, None, None

    def _start(self) -> None:
        self._status = _console(stderr=True).status(self.text)
        self._status.start()

    def __enter__(self) -> "_Spinner":
        if sys.stderr.isatty():
            import threading

            self._timer = threading.Timer(self.delay, self._start)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._status is not None:
            self._status.stop()


def _console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 200  # piped output: wide table, no wrapping mid-detail
    return Console(stderr=stderr, highlight=False, soft_wrap=True, width=width)


def _print_verify_table(results, summary: dict, elapsed: float, dps: int) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for col in ("ID", "kind", "verdict", "expected", "digits", "scope", "detail"):
        table.add_column(col, overflow="fold" if col in ("detail", "scope") else "ellipsis",
                         no_wrap=col not in ("detail", "scope"))
    colours = {"proved": "green", "verified": "green", "refuted": "red", "inconclusive": "yellow"}
    for r in results:
        mark = "" if r.ok else " [bold red]![/]"
        scope = "" if r.scope == "general" or r.verdict in ("refuted", "inconclusive") else r.scope
        table.add_row(escape(r.id), r.kind, f"[{colours.get(r.verdict, 'white')}]{r.verdict}[/]{mark}", r.expected,
                      "" if r.digits is None else str(r.digits), escape(scope[:60]),
                      escape(r.detail.splitlines()[0][:160]) if r.detail else "")
    con = _console()
    con.print(table)
    counts = ", ".join(f"{k} {v}" for k, v in summary.get("verdicts", {}).items())
    con.print(f"{len(results)} claims in {elapsed:.1f} s at dps={dps}: {counts}")
    if "mutants" in summary:
        n, k = summary["mutants"], summary["mutants_refuted"]
        con.print(f"mutants: {k} of {n} refuted" + (f" ({100 * k / n:.1f}%)" if n else "")
                  + f"; not scored: {summary['mutants_equivalent']} equivalent, {summary['mutants_implied']} "
                  "proved implied (weaker than the printed statement), "
                  f"{summary['mutants_proved_true']} proved true by the check (a theorem: no sound check refutes it)")
        classes = ", ".join(f"{v} {k}" for k, v in summary["survivor_classes"].items() if v)
        if classes:
            con.print(f"survivors by class: {classes}")
        for urow in summary["unsound"]:
            con.print(escape(f"  [unsound] {urow['id']}: {urow['label']} is implied by the printed statement, yet "
                             f"refuted: {urow.get('detail', '')}"))
        for srow in summary["survivors"]:
            con.print(escape(f"  survivor {srow['id']}: {srow['label']} -> {srow['verdict']}: {srow['reason']}"))
    bad = [r for r in results if not r.ok]
    if bad:
        con.print(f"[bold red]{len(bad)} verdict(s) differ from the recorded expectation:[/]")
        for r in bad:
            con.print(escape(f"  {r.id}: computed {r.verdict}, expected {r.expected}; "
                             f"re-run: symflow verify {r.id} --dps {dps + 10}"))


# -------------------------------------------------------------------------------------------------------- analyze
def _cmd_analyze(args) -> int:
    from .analysis import analyze

    def on_alarm(signum, frame):
        raise TimeoutError
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(args.timeout)
    try:
        with _Spinner("analyzing: laws, commuting, regular, potential, cross-check"):
            result = analyze(args.params, args.map, init=args.init, laws=args.law, potential=args.potential,
                             loss=args.loss, degree=args.degree, dps=args.dps, T=args.T)
    except TimeoutError:
        raise InvalidArgument(f"time limit of {args.timeout} s reached; raise --timeout or simplify the map") from None
    finally:
        signal.alarm(0)
    report = result.to_json()
    steps = result.latex_steps if args.latex else ()
    if args.json:
        if args.latex:
            report["latex_steps"] = [{"text": t, "latex": l} for t, l in steps]
        print(json.dumps(report, indent=1))
    else:
        _print_analyze(report, steps)
    return 1 if result.refuted else 0


def _print_analyze(r: dict, steps) -> None:
    from rich.markup import escape

    con = _console()

    def line(label: str, text: str) -> None:  # details may contain brackets: escape them, not the label
        con.print(f"[bold]{label}[/]: " + escape(text))

    line("G", f"({', '.join(r['theta'])}) = ({', '.join(r['outputs'])}) in ({', '.join(r['params'])})")
    line("commuting", f"{r['commuting']['verdict']}: {r['commuting']['detail']}")
    reg = r["regular"]
    line(f"regular (on {reg['scope']})", f"{reg['verdict']}: {reg['detail']}")
    line("  generic rank", f"{reg['generic_rank']['verdict']}; singular set: {reg['singular_set']}")
    cl = r["conservation_laws"]
    line("conservation laws", f"{cl['summary']}; complete set: {cl['verdict']}")
    pot = r["potential"]
    if pot.get("coordinates"):
        line("  coordinates", pot["coordinates"])
    line(f"potential ({pot['kind']})",
         f"{pot.get('expr') or pot.get('formula') or ''} [{pot['verdict']}] {pot.get('detail', '')}")
    line("recognised", r.get("recognised") or ("nothing: no potential was derived" if pot["kind"] == "none"
                                               else "nothing named (no known closed form matched)"))
    cc = r["cross_check"]
    digits = "" if cc.get("digits") is None else f", {cc['digits']} digits"
    line(f"cross-check (T={cc['T']}, dps={cc['dps']})", f"{cc['verdict']}{digits} {cc.get('detail', '')}")
    for c in r["claims"]:
        line(f"claim {c['claim']}", f"{c['expr']}: {c['verdict']}: {c.get('detail', '')}")
    for text, latex in steps:
        print(f"% {text}\n{latex}")


# --------------------------------------------------------------------------------------------------- figure, bench
def _cmd_figure(args) -> int:
    from . import figures
    from .plaintext import to_text

    if args.list or args.name is None:
        if args.name is None and not args.list:
            raise InvalidArgument("symflow figure needs a figure name; symflow figure --list shows them")
        rows = [{"name": f.name, "spec_id": f.spec_id, "title": f.title, "checks": to_text(f.what)}
                for f in figures.all_figures().values()]
        if args.json:
            print(json.dumps(rows, indent=1))
        for r in rows if not args.json else ():
            print(f"{r['name']:<12} {r['spec_id']:<14} {r['title']}\n{'':<27} check: {r['checks']}")
        return 0
    fig = figures.get(args.name)
    t0 = time.perf_counter()
    with _Spinner(f"{fig.name}: running the check" + ("" if args.fast else " and drawing")):
        verdict = fig.check(args.dps, fast=args.fast)
        path = None if args.fast else figures.figure(args.name, path=args.out, dps=args.dps)
    elapsed = time.perf_counter() - t0
    if args.json:
        print(json.dumps({"name": fig.name, "spec_id": fig.spec_id, "checks": to_text(fig.what),
                          "png": None if path is None else str(path), "seconds": round(elapsed, 2),
                          **verdict.to_dict()}, indent=1, default=str))
    else:
        digits = "" if verdict.digits is None else f" ({verdict.digits} digits)"
        print(f"{fig.name} ({fig.spec_id}): {to_text(fig.what)}")
        print(f"check: {verdict.word}{digits}: {verdict.summary()[len(verdict.word):].lstrip(': ')}")
        print(f"png: {path}" if path is not None else "png: not drawn (--fast)")
    return 0 if verdict.holds else 1


def _cmd_bench(args) -> int:
    from .integrate.bench import format_table, run_bench

    problems = tuple(args.problem or ("P1", "P2"))
    dps_list = tuple(args.dps) if args.dps else None
    tools = tuple(t.strip() for t in args.tools.split(",")) if args.tools else None
    say = None if args.json else (lambda line: print(line, file=sys.stderr, flush=True))
    rows = run_bench(problems, dps_list, tools=tools, progress=say)
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print(format_table(rows))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 2
        handler = {"verify": _cmd_verify, "analyze": _cmd_analyze, "figure": _cmd_figure, "bench": _cmd_bench}
        return handler[args.command](args)
    except InvalidArgument as exc:
        print(f"symflow: error: {exc}".splitlines()[0], file=sys.stderr)
        return 2
    except SymflowError as exc:
        print(f"symflow: error: {exc}".splitlines()[0], file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("symflow: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in symflow, not bad input: one line, the traceback on request
        if os.environ.get("SYMFLOW_DEBUG"):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        print(f"symflow: internal error: {type(exc).__name__}: {first} (set SYMFLOW_DEBUG=1 for the traceback; "
              "please report it)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
