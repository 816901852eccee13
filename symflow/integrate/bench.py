"""Reference problems P1, P2 and the benchmark of symflow's integrator against its peers.

Problems (exact data from ``shared/benchmarks/problems.md``; all constants are Rationals):

* **P1** deep diagonal network, :math:`\\theta_i = \\prod_{j} u^j_i`, L = 4, d = 5, n = 10,
  :math:`\\mathcal L(\\theta) = \\|X\\theta - y\\|^2` (no 1/2), gradient flow
  :math:`\\dot u^j = -(\\odot_{k \\ne j} u^k) \\odot \\nabla \\mathcal L(\\theta)` on the 20 weights, T = 1.
* **P2** Woodworth et al.'s :math:`\\theta = u \\odot u - v \\odot v`, d = 4, n = 2,
  :math:`\\mathcal L = \\frac{1}{2n}\\|X\\theta - y\\|^2`, :math:`u(0) = v(0) = \\alpha \\mathbb 1`, α = 1/10, T = 10;
  exact invariant :math:`u_i v_i = \\alpha^2`.

:func:`run_bench` times, in one process run, ``symflow`` (the Taylor jet on gmpy2), ``mpmath.odefun`` and
``heyoka`` (when importable), checks each result's digits against a reference computed by symflow's Taylor method at
doubled precision (itself cross-checked once by Gauss-Legendre, row tool ``symflow-gl``), and prints a table with
the time ratios.  ``seconds = setup_seconds + run_seconds`` where set-up is code generation (symflow) or the LLVM JIT
(heyoka).
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import mpmath
import sympy

from ..errors import InvalidArgument
from ..precision import agreeing_digits

__all__ = ["Problem", "problem", "PROBLEMS", "run_bench", "format_table", "TOOLS"]

TOOLS = ("symflow", "symflow-gl", "mpmath.odefun", "heyoka")


@dataclass(frozen=True)
class Problem:
    """An autonomous IVP with exact data: ``rhs`` in ``variables``, exact ``y0``, horizon ``t1`` (from 0)."""

    name: str
    description: str
    rhs: tuple
    variables: tuple
    y0: tuple
    t1: sympy.Rational
    invariants: tuple = ()  # SymPy expressions conserved exactly along the flow
    short_t1: sympy.Rational | None = None  # horizon for mpmath.odefun from 80 digits on (it cannot finish t1)


def _p1() -> Problem:
    L, d, n = 4, 5, 10
    X = [[sympy.Rational(((a + 1) * (i + 2) * 37) % 19 - 9, 10) for i in range(d)] for a in range(n)]
    y = [sympy.Rational(((a + 3) * 53) % 17 - 8, 8) for a in range(n)]
    u = [[sympy.Symbol(f"u{j + 1}_{i + 1}") for i in range(d)] for j in range(L)]
    theta = [sympy.Mul(*[u[j][i] for j in range(L)]) for i in range(d)]
    r = [sum(X[a][i] * theta[i] for i in range(d)) - y[a] for a in range(n)]
    g = [2 * sum(X[a][i] * r[a] for a in range(n)) for i in range(d)]
    rhs, variables, y0 = [], [], []
    for j in range(L):
        for i in range(d):
            others = sympy.Mul(*[u[k][i] for k in range(L) if k != j])
            rhs.append(-others * g[i])
            variables.append(u[j][i])
            y0.append(sympy.Rational(5 + ((j + 1) * (i + 1) * 29) % 11, 10))
    return Problem("P1", "deep diagonal L=4, d=5, n=10, ||X theta - y||^2, T=1, 20 weights",
                   tuple(rhs), tuple(variables), tuple(y0), sympy.Integer(1), short_t1=sympy.Rational(1, 100))


def _p2() -> Problem:
    d, n = 4, 2
    alpha = sympy.Rational(1, 10)
    X = [[1, 2, -1, sympy.Rational(1, 2)], [0, 1, 3, -2]]
    y = [sympy.Integer(1), sympy.Rational(-1, 2)]
    u = [sympy.Symbol(f"u{i + 1}") for i in range(d)]
    v = [sympy.Symbol(f"v{i + 1}") for i in range(d)]
    theta = [u[i] ** 2 - v[i] ** 2 for i in range(d)]
    r = [sum(X[a][i] * theta[i] for i in range(d)) - y[a] for a in range(n)]
    g = [sympy.Rational(1, n) * sum(X[a][i] * r[a] for a in range(n)) for i in range(d)]  # dL/dtheta
    rhs = [-2 * u[i] * g[i] for i in range(d)] + [2 * v[i] * g[i] for i in range(d)]
    inv = tuple(u[i] * v[i] - alpha**2 for i in range(d))
    return Problem("P2", "Woodworth u*u - v*v, d=4, n=2, alpha=1/10, (1/2n)||X theta - y||^2, T=10",
                   tuple(rhs), tuple(u + v), (alpha,) * (2 * d), sympy.Integer(10), inv, sympy.Integer(1))


PROBLEMS: dict[str, Callable[[], Problem]] = {"P1": _p1, "P2": _p2}


def problem(name: str) -> Problem:
    """The reference problem ``name`` ("P1" or "P2")."""
    if name not in PROBLEMS:
        raise InvalidArgument(f"problem={name!r} ({type(name).__name__}) is not a reference problem; "
                              f"use one of {sorted(PROBLEMS)}")
    return PROBLEMS[name]()


# ---------------------------------------------------------------- the benchmark

def _odefun_horizon(p: Problem, dps: int) -> sympy.Rational:
    """mpmath.odefun cannot finish the full horizon in reasonable time at high precision (P2 at 100 digits: ~4 min
    in the research notes; P1 to T=1/10 at 100 digits: over 6 min here); from 80 digits on it runs to
    ``p.short_t1`` (P1: 1/100, P2: 1) and is compared there with symflow at the same horizon."""
    if dps < 80:
        return p.t1
    return p.short_t1 if p.short_t1 is not None else p.t1 / 10


def _heyoka():
    if importlib.util.find_spec("heyoka") is None:
        return None
    import heyoka  # optional peer, imported lazily in this one place

    return heyoka


def _to_heyoka(hy, expr, varmap, prec, memo):
    if expr in memo:
        return memo[expr]
    if expr.is_Symbol:
        out = varmap[expr]
    elif expr.is_Integer:
        out = hy.expression(hy.real(int(expr), prec))
    elif expr.is_Rational:  # from_sympy refuses non-dyadic rationals: build p/q at the precision
        out = hy.expression(hy.real(int(expr.p), prec)) / hy.expression(hy.real(int(expr.q), prec))
    elif expr.is_Add or expr.is_Mul:
        parts = [_to_heyoka(hy, a, varmap, prec, memo) for a in expr.args]
        out = parts[0]
        for q in parts[1:]:
            out = out + q if expr.is_Add else out * q
    elif expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        b = _to_heyoka(hy, expr.base, varmap, prec, memo)
        out = b
        for _ in range(int(expr.exp) - 1):
            out = out * b
    else:
        out = hy.from_sympy(expr, s_dict={k: v for k, v in varmap.items()})
    memo[expr] = out
    return out


def _time_symflow(p, dps, t1):
    from .base import _const_values, compile_system
    from .taylor import TaylorJet

    c = time.process_time()
    t = time.perf_counter()
    system = compile_system.__wrapped__(p.rhs, p.variables)  # uncached: set-up is timed honestly
    setup = time.perf_counter() - t
    t = time.perf_counter()
    sol = TaylorJet()._run(system, p.y0, sympy.Integer(0), t1, dps, 10**6, dense=False)
    run = time.perf_counter() - t
    _CPU[0] = time.process_time() - c
    _const_values.cache_clear()
    return sol, setup, run


_CPU = [0.0]  # CPU seconds of the last timed run (the box may be shared: wall and CPU time both reported)


def _reference(p, dps, t1):
    from .base import compile_system
    from .taylor import TaylorJet

    return TaylorJet()._run(compile_system(p.rhs, p.variables), p.y0, sympy.Integer(0), t1, 2 * dps, 10**6,
                            dense=False)


def _digits(y, ref, dps) -> int:
    with mpmath.workdps(2 * dps + 10):
        return agreeing_digits(y, ref, cap=dps)


def _row(p, dps, tool, setup, run, digits, note="", horizon=None):
    return {"problem": p.name, "dps": dps, "tool": tool, "seconds": round(setup + run, 4),
            "setup_seconds": round(setup, 4), "run_seconds": round(run, 4), "digits": digits,
            "cpu_seconds": round(_CPU[0], 4), "T": str(horizon if horizon is not None else p.t1), "note": note}


def run_bench(problems: Sequence = ("P1", "P2"), dps_list: Sequence[int] = (30, 50, 100),
              tools: Sequence[str] | None = None, progress: Callable[[str], None] | None = None, *,
              gl_problem: str = "P2") -> list[dict]:
    """Time symflow and its peers on the reference problems; one dict per (problem, dps, tool).

    Arguments:
        problems: names ("P1", "P2") or :class:`Problem` objects (e.g. a shortened horizon).
        dps_list: significant digits to run at.
        tools: subset of ``TOOLS`` (default: all; heyoka only when importable).  ``symflow-gl`` (Gauss-Legendre)
            runs once, on the problem ``gl_problem`` at the lowest dps, as the independent cross-check of the
            reference (it is far slower than the Taylor jet: on P1 at 30 digits it needed 8192 steps and 76 s).
        progress: called with a short status line before each run.

    Returns:
        dicts with keys ``problem, dps, tool, seconds, setup_seconds, run_seconds, digits, T, note``; ``digits``
        are agreeing significant digits against symflow's Taylor solution at ``2 dps`` at the same horizon ``T``.
    """
    say = progress or (lambda s: None)
    tools = tuple(TOOLS if tools is None else tools)
    for tl in tools:
        if tl not in TOOLS:
            raise InvalidArgument(f"tools contains {tl!r}; use names from {TOOLS}")
    for d in dps_list:
        if isinstance(d, bool) or not isinstance(d, int) or d < 5:
            raise InvalidArgument(f"dps={d!r} ({type(d).__name__}) must be an integer >= 5")
    probs = [pr if isinstance(pr, Problem) else problem(pr) for pr in problems]
    hy = _heyoka() if "heyoka" in tools else None
    rows: list[dict] = []
    for p in probs:
        for n_dps, dps in enumerate(sorted(dps_list)):
            say(f"{p.name} dps={dps}: reference at {2 * dps} digits")
            ref = _reference(p, dps, p.t1).y1
            if "symflow" in tools:
                say(f"{p.name} dps={dps}: symflow")
                sol, setup, run = _time_symflow(p, dps, p.t1)
                rows.append(_row(p, dps, "symflow", setup, run, _digits(sol.y1, ref, dps),
                                 f"Taylor jet on gmpy2, {sol.steps} steps"))
            if "symflow-gl" in tools and n_dps == 0 and p.name == gl_problem:
                from .gauss_legendre import GaussLegendre

                say(f"{p.name} dps={dps}: Gauss-Legendre cross-check of the reference")
                c = time.process_time()
                t = time.perf_counter()
                gl = GaussLegendre().integrate(p.rhs, p.variables, p.y0, p.t1, dps=dps)
                run = time.perf_counter() - t
                _CPU[0] = time.process_time() - c
                rows.append(_row(p, dps, "symflow-gl", 0.0, run, _digits(gl.y1, ref, dps),
                                 f"Gauss-Legendre cross-check of the reference ({gl.steps} steps, with step "
                                 "doubling)"))
            if "mpmath.odefun" in tools:
                from .odefun import MpmathOdefun

                t1 = _odefun_horizon(p, dps)
                note = ""
                ref_o = ref
                if t1 != p.t1:
                    ref_o = _reference(p, dps, t1).y1
                    s_sol, s_setup, s_run = _time_symflow(p, dps, t1)
                    short = (round(s_setup + s_run, 4), round(_CPU[0], 4))
                    note = (f"horizon shortened to T={t1} for odefun (symflow takes {s_setup + s_run:.3f} s, "
                            f"cpu {_CPU[0]:.3f} s, to that T)")
                say(f"{p.name} dps={dps}: mpmath.odefun to T={t1}")
                c = time.process_time()
                t = time.perf_counter()
                od = MpmathOdefun().integrate(p.rhs, p.variables, p.y0, t1, dps=dps)
                run = time.perf_counter() - t
                _CPU[0] = time.process_time() - c
                rows.append(_row(p, dps, "mpmath.odefun", 0.0, run, _digits(od.y1, ref_o, dps), note, t1))
                if t1 != p.t1:
                    rows[-1]["symflow_short"] = short
            if "heyoka" in tools and hy is not None:
                say(f"{p.name} dps={dps}: heyoka")
                rows.append(_run_heyoka(hy, p, dps, ref))
    return rows


def _run_heyoka(hy, p, dps, ref) -> dict:
    from .base import working_bits

    bits = working_bits(dps)
    c = time.process_time()
    t = time.perf_counter()
    names = [hy.make_vars(str(v)) for v in p.variables]
    varmap = dict(zip(p.variables, names))
    memo: dict = {}
    sys_ = [(varmap[v], _to_heyoka(hy, r, varmap, bits, memo)) for v, r in zip(p.variables, p.rhs)]
    state = [hy.real(int(v.p), bits) / hy.real(int(v.q), bits) for v in p.y0]
    tol = hy.real(1, bits) / hy.real(10 ** (dps + 1), bits)
    ta = hy.taylor_adaptive(sys_, state, fp_type=hy.real, prec=bits, tol=tol)
    setup = time.perf_counter() - t
    t = time.perf_counter()
    res = ta.propagate_until(hy.real(int(p.t1.p), bits) / hy.real(int(p.t1.q), bits))
    run = time.perf_counter() - t
    _CPU[0] = time.process_time() - c
    with mpmath.workprec(bits + 20):
        y = [mpmath.mpf(str(v)) for v in ta.state]
    return _row(p, dps, "heyoka", setup, run, _digits(y, ref, dps),
                f"heyoka {hy.__version__} real, prec={bits} bits, tol=1e-{dps + 1} (as symflow), order {ta.order}, "
                f"{res[0].name if hasattr(res[0], 'name') else res[0]}")


def format_table(rows: list[dict]) -> str:
    """A Markdown table of ``rows`` with the ratios ``seconds / symflow seconds`` (wall and CPU) at the same
    problem, dps and horizon T (for a shortened odefun horizon: against symflow's own time to that T)."""
    base = {(r["problem"], r["dps"], r["T"]): r for r in rows if r["tool"] == "symflow"}
    lines = ["| problem | dps | tool | T | seconds | set-up | run | cpu s | digits | x symflow (wall / cpu) | note |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ref = base.get((r["problem"], r["dps"], r["T"]))
        ratio = ""
        if r["tool"] != "symflow" and ref and ref["seconds"] and ref.get("cpu_seconds"):
            ratio = f"{r['seconds'] / ref['seconds']:.2f} / {r.get('cpu_seconds', 0) / ref['cpu_seconds']:.2f}"
        elif r.get("symflow_short"):
            sw, sc = r["symflow_short"]
            ratio = f"{r['seconds'] / sw:.1f} / {r.get('cpu_seconds', 0) / sc:.1f}" if sw and sc else ""
        lines.append(f"| {r['problem']} | {r['dps']} | {r['tool']} | {r['T']} | {r['seconds']:.3f} | "
                     f"{r['setup_seconds']:.3f} | {r['run_seconds']:.3f} | {r.get('cpu_seconds', 0):.3f} | "
                     f"{r['digits']} | {ratio} | {r['note']} |")
    return "\n".join(lines)
