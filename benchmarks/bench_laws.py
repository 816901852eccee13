"""P3: conservation-law counts and the commuting proof, timed (run: ``python benchmarks/bench_laws.py [--json]``).

Law counts of deep linear networks :math:`W_L\\cdots W_1` against the known count
:math:`\\sum_{k=1}^{L-1} n_k(n_k+1)/2` (Marcotte, Gribonval, Peyré 2023), computed by
:func:`symflow.conservation.law_count` (exact ranks over QQ at two random integer points), and the exact proof that
``deep_diagonal(L=6, d=20)`` is commuting.  Reference point: the SageMath notebooks of Marcotte et al. take about
41 s per architecture of this size on 64 threads with float ranks (shared/research/anchors.md, section 1.1).

``bench_laws()`` returns one dict per case: ``problem, case, D, d, result, expected, ok, seconds, setup_seconds,
run_seconds, target_seconds, exact, detail``.  ``seconds`` = set-up (building the family and its polynomial ring)
plus the run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symflow.conservation import law_count  # noqa: E402
from symflow.families import deep_diagonal, deep_linear  # noqa: E402
from symflow.lie import is_commuting  # noqa: E402

__all__ = ["bench_laws", "CASES"]

# (dims, target seconds or None)
CASES = [((2, 2, 2), None), ((2, 3, 2, 2), None), ((3, 3, 3), None), ((3, 3, 3, 3), None), ((4, 4, 4), 3.0),
         ((4, 4, 4, 4), None), ((5, 5, 5, 5), None), ((5, 5, 5, 5, 5), 60.0)]
QUICK = {(2, 2, 2), (3, 3, 3), (4, 4, 4)}


def _law_case(dims, target) -> dict:
    t0 = time.perf_counter()
    G = deep_linear(dims)
    G.polys()
    t1 = time.perf_counter()
    count, cert = law_count(G)
    t2 = time.perf_counter()
    expected = sum(n * (n + 1) // 2 for n in dims[1:-1])
    return {"problem": "P3", "case": f"law_count deep_linear{dims}", "D": G.D, "d": G.d, "result": count,
            "expected": expected, "ok": count == expected, "seconds": t2 - t0, "setup_seconds": t1 - t0,
            "run_seconds": t2 - t1, "target_seconds": target, "exact": cert["exact"],
            "detail": (f"dim Lie = {cert['dim_lie']}, ranks by level {cert['lie']['rank_by_level']}, "
                       f"{cert['lie']['brackets_tried']} brackets tried; "
                       + ("exact" if cert["exact"] else cert["lie"]["failure_bound"].split(";")[0]))}


def _commuting_case(L=6, d=20, target=2.0) -> dict:
    t0 = time.perf_counter()
    G = deep_diagonal(L, d)
    t1 = time.perf_counter()
    verdict = is_commuting(G)
    t2 = time.perf_counter()
    return {"problem": "P3", "case": f"is_commuting deep_diagonal(L={L}, d={d})", "D": G.D, "d": G.d,
            "result": verdict.word, "expected": "proved", "ok": verdict.word == "proved", "seconds": t2 - t0,
            "setup_seconds": t1 - t0, "run_seconds": t2 - t1, "target_seconds": target, "exact": True,
            "detail": verdict.detail}


def bench_laws(*, quick: bool = False) -> list[dict]:
    """Run the P3 cases (``quick``: only the small ones and the commuting proof) and return one dict per case."""
    rows = [_commuting_case()]
    for dims, target in CASES:
        if quick and dims not in QUICK:
            continue
        rows.append(_law_case(dims, target))
    return rows


def _table(rows: list[dict]) -> str:
    head = f"{'case':44} {'D':>4} {'result':>8} {'expected':>8} {'ok':>3} {'seconds':>8} {'target':>7} exact"
    lines = [head, "-" * len(head)]
    for r in rows:
        target = "" if r["target_seconds"] is None else f"{r['target_seconds']:.0f}"
        lines.append(f"{r['case']:44} {r['D']:>4} {str(r['result']):>8} {str(r['expected']):>8} "
                     f"{'yes' if r['ok'] else 'NO':>3} {r['seconds']:8.2f} {target:>7} {r['exact']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print a JSON list instead of the table")
    ap.add_argument("--quick", action="store_true", help="small cases only")
    args = ap.parse_args(argv)
    rows = bench_laws(quick=args.quick)
    print(json.dumps(rows, indent=1) if args.json else _table(rows))
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
