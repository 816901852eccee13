"""The ``symflow`` command: ``verify | analyze | figure | bench`` (contract: DESIGN.md, "The contract").

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
    """argparse with one-line errors and exit code 2."""

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


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="symflow", description="Check the mathematics of gradient flow on reparameterized models.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    v = sub.add_parser("verify", help="run the claims of the sources (proofs/) and report verdicts")
    v.add_argument("selectors", nargs="*", help="claim IDs, ID prefixes or sources (DD, HY, FM, DDyn); default: all")
    v.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    v.add_argument("--dps", type=_positive_int("--dps", 15, 1000), default=50, help="working digits (default 50)")
    v.add_argument("--mutate", action="store_true", help="re-run each claim that holds with mutated constants")
    v.add_argument("--list", action="store_true", help="list claims and cited definitions without running them")
    v.add_argument("--fast", action="store_true", help="shorter horizons and fewer points (smoke run)")
    v.add_argument("--jobs", type=_positive_int("--jobs", 1, 256), default=None,
                   help="worker processes (default: the machine's cores); results identical to --jobs 1")

    a = sub.add_parser("analyze", help="laws, commuting/regular, potential and cross-check of a parameterization")
    a.add_argument("--params", required=True, help='the trained variables, e.g. "u v"')
    a.add_argument("--map", required=True, help='one expression per output, separated by ";", e.g. "u*v"')
    a.add_argument("--init", help='an initialization, e.g. "u=1, v=2" (needed for potential and cross_check)')
    a.add_argument("--law", action="append", default=[], help="a claimed conservation law (repeatable)")
    a.add_argument("--potential", help="a claimed mirror potential, in theta (d = 1) or theta1..thetad")
    a.add_argument("--loss", help="loss in the theta names for the cross-check (default: a fixed least squares)")
    a.add_argument("--degree", type=_positive_int("--degree", 1, 6), default=2, help="degree of polynomial laws")
    a.add_argument("--dps", type=_positive_int("--dps", 15, 1000), default=50)
    a.add_argument("--T", default="1", help="horizon of the cross-check (exact number, default 1)")
    a.add_argument("--json", action="store_true")
    a.add_argument("--latex", action="store_true", help="print the derivation of the potential in LaTeX")
    a.add_argument("--timeout", type=_positive_int("--timeout", 1, 86400), default=300,
                   help="seconds before giving up (default 300)")

    f = sub.add_parser("figure", help="reproduce a figure of the sources (symflow figure --list)")
    f.add_argument("name", nargs="?", help="a figure name, e.g. dd-fig3 (see --list)")
    f.add_argument("--list", action="store_true", help="list the figures with the spec ID each reproduces")
    f.add_argument("--out", help="output PNG path (default: figures/<name>.png)")
    f.add_argument("--dps", type=_positive_int("--dps", 15, 200), default=30)

    b = sub.add_parser("bench", help="time symflow's integrator against mpmath.odefun and heyoka")
    b.add_argument("--problem", action="append", choices=["P1", "P2", "S5", "S20", "S50", "S200"],
                   help="reference problem, repeatable (default P1 and P2)")
    b.add_argument("--dps", action="append", type=_positive_int("--dps", 15, 400),
                   help="repeatable; default 30, 50, 100 (S20, S50, S200: 50)")
    b.add_argument("--tools", help="comma-separated subset of symflow, symflow-mpfr, symflow-fixed, symflow-gl, "
                                   "mpmath.odefun, heyoka (default symflow, symflow-gl, mpmath.odefun, heyoka)")
    b.add_argument("--json", action="store_true")
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
    rows = [{"id": c.id, "source": c.source, "kind": c.kind.value, "expected": c.expected, "statement": c.text,
             "hypotheses": c.hyp, "cites": list(c.cites), "check": c.where,
             "formula": c.statement.to_dict() if c.statement is not None else None} for c in selected]
    if as_json:
        print(json.dumps({"claims": rows, "citations": cites}, indent=1))
        return 0
    for r in rows:
        text = " ".join(r["statement"].split())
        print(f"{r['id']:28s} {r['kind']:9s} {r['expected']:12s} {text[:110]}")
    for cid, where in cites.items():
        print(f"{cid:28s} {'cited':9s} {'-':12s} {where[:110]}")
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
        con.print(f"mutants: {k} of {n} refuted" + (f" ({100 * k / n:.1f}%)" if n else ""))
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

    if args.list or args.name is None:
        if args.name is None and not args.list:
            raise InvalidArgument("symflow figure needs a figure name; symflow figure --list shows them")
        for fig in figures.all_figures().values():
            print(f"{fig.name:<12} {fig.spec_id:<14} {fig.title}")
        return 0
    path = figures.figure(args.name, path=args.out, dps=args.dps)
    print(path)
    return 0


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
