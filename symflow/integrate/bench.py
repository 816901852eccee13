"""The benchmark of symflow's integrator against its peers on the reference problems (``problems.py``).

:func:`run_bench` times, in one process run and side by side, the tools of ``TOOLS``:

* ``symflow``: the default installation, ``TaylorJet()`` (its ``auto`` backend: fixed-point ``mpz`` arithmetic for
  polynomial systems, as all the reference problems are; ``gmpy2.mpfr`` otherwise);
* ``symflow-mpfr`` and ``symflow-fixed``: the two backends forced (on request);
* ``symflow-gl``: Gauss-Legendre, once, as the independent cross-check of the reference;
* ``mpmath.odefun`` (problems with ``odefun=True``) and ``heyoka`` (when importable; its best form, ``_heyoka``).

Every row's ``digits`` are measured against symflow's Taylor solution at ``2 dps`` at the same horizon.
``seconds = setup_seconds + run_seconds``: set-up is symflow's code generation (uncached) or heyoka's
construction of its system and its LLVM JIT; ``cpu_seconds`` is the process CPU time of the same work (the machine
may be shared).  :func:`format_table` prints the rows and the ratios against symflow in the same run.
"""

from __future__ import annotations

import time
from typing import Callable, Sequence

import mpmath
import sympy

from ..errors import InvalidArgument
from ..precision import agreeing_digits
from . import _heyoka
from .problems import PROBLEMS, LeastSquares, Problem, problem

__all__ = ["Problem", "LeastSquares", "problem", "PROBLEMS", "run_bench", "format_table", "TOOLS", "ratios"]

TOOLS = ("symflow", "symflow-mpfr", "symflow-fixed", "symflow-gl", "mpmath.odefun", "heyoka")
DEFAULT_TOOLS = ("symflow", "symflow-gl", "mpmath.odefun", "heyoka")
_BACKEND = {"symflow": "auto", "symflow-mpfr": "mpfr", "symflow-fixed": "fixed"}


def _odefun_horizon(p: Problem, dps: int) -> sympy.Rational:
    """mpmath.odefun cannot finish the full horizon in reasonable time at high precision (P2 at 100 digits: ~4 min
    in the research notes; P1 to T=1/10 at 100 digits: over 6 min here); from 80 digits on it runs to
    ``p.short_t1`` and is compared there with symflow at the same horizon."""
    if dps < 80:
        return p.t1
    return p.short_t1 if p.short_t1 is not None else p.t1 / 10


class _Clock:
    """Wall and CPU seconds of a block: ``with _Clock() as c: ...; c.wall, c.cpu``."""

    def __enter__(self):
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self._w, time.process_time() - self._c
        return False


def _time_symflow(p, dps, t1, backend="auto"):
    """``(solution, setup, run, cpu, backend used)`` of the Taylor jet, code generation uncached (timed honestly)."""
    from .base import compile_system
    from .taylor import TaylorJet

    with _Clock() as total:
        with _Clock() as setup:
            system = compile_system.__wrapped__(p.rhs, p.variables)
        with _Clock() as run:
            jet = TaylorJet(backend=backend)
            sol = jet._run(system, p.y0, sympy.Integer(0), t1, dps, 10**6, dense=False)
    return sol, setup.wall, run.wall, total.cpu, jet.backend_for(system)


def _reference(p, dps, t1):
    from .base import compile_system
    from .taylor import TaylorJet

    return TaylorJet()._run(compile_system(p.rhs, p.variables), p.y0, sympy.Integer(0), t1, 2 * dps, 10**6,
                            dense=False)


def _digits(y, ref, dps) -> int:
    with mpmath.workdps(2 * dps + 10):
        return agreeing_digits(y, ref, cap=dps)


def _row(p, dps, tool, setup, run, cpu, digits, note="", horizon=None):
    return {"problem": p.name, "dps": dps, "tool": tool, "seconds": round(setup + run, 4),
            "setup_seconds": round(setup, 4), "run_seconds": round(run, 4), "digits": digits,
            "cpu_seconds": round(cpu, 4), "T": str(horizon if horizon is not None else p.t1), "note": note}


def _check_args(tools, dps_list):
    for tl in tools:
        if tl not in TOOLS:
            raise InvalidArgument(f"tools contains {tl!r}; use names from {TOOLS}")
    for d in dps_list or ():
        if isinstance(d, bool) or not isinstance(d, int) or d < 5:
            raise InvalidArgument(f"dps={d!r} ({type(d).__name__}) must be an integer >= 5")


def run_bench(problems: Sequence = ("P1", "P2"), dps_list: Sequence[int] | None = (30, 50, 100),
              tools: Sequence[str] | None = None, progress: Callable[[str], None] | None = None, *,
              gl_problem: str = "P2") -> list[dict]:
    """Time symflow and its peers on the reference problems; one dict per (problem, dps, tool).

    Arguments:
        problems: names (``P1``, ``P2``, ``S5``, ``S20``, ``S50``, ``S200``) or :class:`Problem` objects.
        dps_list: significant digits to run at; None: each problem's ``default_dps`` (S20-S200: 50 only).
        tools: subset of ``TOOLS`` (default ``DEFAULT_TOOLS``; heyoka only when importable, odefun only on
            problems with ``odefun=True``).  ``symflow-gl`` (Gauss-Legendre) runs once, on ``gl_problem`` at its
            lowest dps, as the independent cross-check of the reference (on P1 at 30 digits it needs 8192
            steps and 76 s).
        progress: called with a short status line before each run.

    Returns:
        dicts with keys ``problem, dps, tool, seconds, setup_seconds, run_seconds, cpu_seconds, digits, T, note``;
        ``digits`` are agreeing significant digits against symflow's Taylor solution at ``2 dps`` at ``T``.
    """
    say = progress or (lambda s: None)
    tools = tuple(DEFAULT_TOOLS if tools is None else tools)
    _check_args(tools, dps_list)
    probs = [pr if isinstance(pr, Problem) else problem(pr) for pr in problems]
    hy = _heyoka.load() if "heyoka" in tools else None
    rows: list[dict] = []
    for p in probs:
        for n_dps, dps in enumerate(sorted(dps_list or p.default_dps)):
            say(f"{p.name} dps={dps}: reference at {2 * dps} digits")
            ref = _reference(p, dps, p.t1).y1
            for tool in tools:
                if tool in _BACKEND:
                    say(f"{p.name} dps={dps}: {tool}")
                    sol, setup, run, cpu, used = _time_symflow(p, dps, p.t1, _BACKEND[tool])
                    rows.append(_row(p, dps, tool, setup, run, cpu, _digits(sol.y1, ref, dps),
                                     f"Taylor jet, {used} backend, {sol.steps} steps"))
                elif tool == "symflow-gl" and n_dps == 0 and p.name == gl_problem:
                    say(f"{p.name} dps={dps}: Gauss-Legendre cross-check of the reference")
                    rows.append(_run_gl(p, dps, ref))
                elif tool == "mpmath.odefun" and p.odefun:
                    rows.append(_run_odefun(p, dps, ref, say))
                elif tool == "heyoka" and hy is not None:
                    say(f"{p.name} dps={dps}: heyoka")
                    rows.append(_run_heyoka(hy, p, dps, ref))
    return rows


def _run_gl(p, dps, ref) -> dict:
    from .gauss_legendre import GaussLegendre

    with _Clock() as c:
        gl = GaussLegendre().integrate(p.rhs, p.variables, p.y0, p.t1, dps=dps)
    return _row(p, dps, "symflow-gl", 0.0, c.wall, c.cpu, _digits(gl.y1, ref, dps),
                f"Gauss-Legendre cross-check of the reference ({gl.steps} steps, with step doubling)")


def _run_odefun(p, dps, ref, say) -> dict:
    from .odefun import MpmathOdefun

    t1 = _odefun_horizon(p, dps)
    note, short = "", None
    if t1 != p.t1:
        ref = _reference(p, dps, t1).y1
        _, s_setup, s_run, s_cpu, _ = _time_symflow(p, dps, t1)
        short = (round(s_setup + s_run, 4), round(s_cpu, 4))
        note = (f"horizon shortened to T={t1} for odefun (symflow takes {s_setup + s_run:.3f} s, cpu {s_cpu:.3f} s, "
                "to that T)")
    say(f"{p.name} dps={dps}: mpmath.odefun to T={t1}")
    with _Clock() as c:
        od = MpmathOdefun().integrate(p.rhs, p.variables, p.y0, t1, dps=dps)
    row = _row(p, dps, "mpmath.odefun", 0.0, c.wall, c.cpu, _digits(od.y1, ref, dps), note, t1)
    if short:
        row["symflow_short"] = short
    return row


def _run_heyoka(hy, p, dps, ref) -> dict:
    from .base import working_bits

    bits = working_bits(dps)
    with _Clock() as total:
        with _Clock() as setup:
            system, form = _heyoka.heyoka_system(hy, p, bits)
            state = [hy.real(int(v.p), bits) / hy.real(int(v.q), bits) for v in p.y0]
            tol = hy.real(1, bits) / hy.real(10 ** (dps + 1), bits)
            ta = hy.taylor_adaptive(system, state, fp_type=hy.real, prec=bits, tol=tol)
        with _Clock() as run:
            res = ta.propagate_until(hy.real(int(p.t1.p), bits) / hy.real(int(p.t1.q), bits))
    with mpmath.workprec(bits + 20):  # parse at full precision: an mpf from its string at 15 digits would not do
        y = [mpmath.mpf(str(v)) for v in ta.state]
    outcome = res[0].name if hasattr(res[0], "name") else res[0]
    return _row(p, dps, "heyoka", setup.wall, run.wall, total.cpu, _digits(y, ref, dps),
                f"heyoka {hy.__version__} real, prec={bits} bits, tol=1e-{dps + 1} (as symflow), order {ta.order}, "
                f"{res[3]} steps, {form}, {outcome}")


def ratios(rows: list[dict]) -> list[dict]:
    """Per (problem, dps): ``symflow / heyoka`` (total seconds, wall and CPU) and ``odefun / symflow``, from
    rows of the same run at the same horizon (None where a tool did not run)."""
    out = []
    keys = dict.fromkeys((r["problem"], r["dps"]) for r in rows)
    for prob, dps in keys:
        at = {r["tool"]: r for r in rows if (r["problem"], r["dps"]) == (prob, dps)}
        s, h, o = at.get("symflow"), at.get("heyoka"), at.get("mpmath.odefun")
        entry = {"problem": prob, "dps": dps, "symflow_over_heyoka": None, "symflow_over_heyoka_cpu": None,
                 "odefun_over_symflow": None}
        if s and h:
            entry["symflow_over_heyoka"] = round(s["seconds"] / h["seconds"], 3)
            entry["symflow_over_heyoka_cpu"] = round(s["cpu_seconds"] / h["cpu_seconds"], 3)
        if s and o:
            base = o.get("symflow_short", (s["seconds"], s["cpu_seconds"]))[0]
            entry["odefun_over_symflow"] = round(o["seconds"] / base, 1)
        out.append(entry)
    return out


def format_table(rows: list[dict]) -> str:
    """A Markdown table of ``rows``, then the ratios of :func:`ratios`."""
    lines = ["| problem | dps | tool | T | seconds | set-up | run | cpu s | digits | note |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['problem']} | {r['dps']} | {r['tool']} | {r['T']} | {r['seconds']:.3f} | "
                     f"{r['setup_seconds']:.3f} | {r['run_seconds']:.3f} | {r.get('cpu_seconds', 0):.3f} | "
                     f"{r['digits']} | {r['note']} |")
    rat = [e for e in ratios(rows) if e["symflow_over_heyoka"] is not None or e["odefun_over_symflow"] is not None]
    if rat:
        lines += ["", "| problem | dps | symflow / heyoka (wall, cpu) | odefun / symflow |", "|---|---|---|---|"]
        for e in rat:
            sh = "" if e["symflow_over_heyoka"] is None else \
                f"{e['symflow_over_heyoka']:.2f}, {e['symflow_over_heyoka_cpu']:.2f}"
            od = "" if e["odefun_over_symflow"] is None else f"{e['odefun_over_symflow']:.1f}"
            lines.append(f"| {e['problem']} | {e['dps']} | {sh} | {od} |")
    return "\n".join(lines)
