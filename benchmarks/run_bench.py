"""Benchmark symflow's Taylor integrator against mpmath.odefun and heyoka on the reference problems.

    python benchmarks/run_bench.py                      # P1, P2 at 30, 50, 100 digits, default tools
    python benchmarks/run_bench.py --problem S5 S20 S50 S200 --json results-scale.json
    python benchmarks/run_bench.py --problem P2 --dps 50 --tools symflow heyoka --json out.json

The problems and the timing code live in ``symflow.integrate.bench`` (shipped with the package, used by
``symflow bench``); this script only parses arguments and prints the table.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pathlib
import sys
import time

if importlib.util.find_spec("symflow") is None:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from symflow.integrate.bench import PROBLEMS, TOOLS, format_table, run_bench


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--problem", nargs="+", default=["P1", "P2"], choices=sorted(PROBLEMS))
    ap.add_argument("--dps", nargs="+", type=int, default=None, help="default: each problem's (S20-S200: 50)")
    ap.add_argument("--tools", nargs="+", default=None, choices=TOOLS)
    ap.add_argument("--json", metavar="FILE", help="also write the rows as JSON to FILE")
    args = ap.parse_args(argv)
    t = time.time()
    rows = run_bench(args.problem, args.dps, tools=args.tools,
                     progress=lambda s: print(time.strftime("%H:%M:%S"), s, file=sys.stderr, flush=True))
    print(format_table(rows))
    print(f"\ntotal wall time {time.time() - t:.1f} s", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
