"""Straight-line code for Taylor coefficients of a *polynomial* right-hand side in fixed-point integers.

Every coefficient is an integer :math:`Y = \\mathrm{round}(y\\, 2^F)` (``gmpy2.mpz``), and the jet is the scaled
one, :math:`\\hat y_k = y_k\\, \\eta^k` for a step-size guess :math:`\\eta` (``taylor_fixed``): the recurrences
of ``_codegen`` are homogeneous in the order, so only the state recurrence changes,

.. math:: \\hat y_{k+1} = \\hat f_k\\, \\frac{\\eta}{k+1},\\qquad
          \\hat c_k = \\Big(\\sum_{j=0}^{k} \\hat a_j \\hat b_{k-j}\\Big) \\gg F \\quad (c = a b),

where the weights :math:`W_k = \\mathrm{round}(w\\, \\eta\\, 2^F/(k+1))` (``w`` = 1 or a fused output constant)
are computed once per step.  A product of two integers is exact; the only rounding is the one shift per node and
order (an error below :math:`2^{-F}`, absolute).  A Cauchy sum is one ``sum(map(mul, a, reversed(b)))`` over
``mpz`` values (about 60 ns a term, against 100 ns for ``gmpy2.fsum`` over ``mpfr`` products).

Only ``var``, ``lin``, ``mul`` and ``sqr`` nodes with rational constants (``Program.polynomial``) are supported.
"""

from __future__ import annotations

from operator import mul

import gmpy2

from ._codegen import Program, _Const, _fused_outputs, _uses, join_terms, lin_terms

__all__ = ["fixed_jet_source", "compile_fixed_jet", "output_weights"]


def _ref(h, k: str) -> str:
    if isinstance(h, _Const):
        return f"c{h.index}" if k == "0" else "0"
    return f"s{h}[{k}]"


def _lin(node, k: str) -> str:
    """``((sum of c_t x_t) >> F) + unit terms (+ constant at order 0)``."""
    scaled, unit = lin_terms(node, lambda h: _ref(h, k))
    parts = [f"+ (({' + '.join(f'c{j}*{r}' for j, r in scaled)}) >> F)"] if scaled else []
    parts.extend(unit)
    if node.args[1] is not None and k == "0":
        parts.append(f"+ c{node.args[1].index}")
    return join_terms(parts)


def _coef(node, k: str) -> list[str]:
    """Statements appending coefficient ``k`` of ``node`` to its list ``s{i}``."""
    a = node.args
    kind = node.kind
    if kind == "lin":
        return [_lin(node, k)]
    if kind == "mul" and k == "0":
        return [f"({_ref(a[0], '0')}*{_ref(a[1], '0')}) >> F"]
    if kind == "sqr" and k == "0":
        return [f"({_ref(a[0], '0')}**2) >> F"]
    if kind == "mul":
        return [f"_sum(map(_mul, s{a[0]}, reversed(s{a[1]}))) >> F"]
    if kind == "sqr":
        x = f"s{a[0]}"
        return [f"_t = _sum(map(_mul, {x}[:(k+1)>>1], reversed({x})))",
                f"_t = (_t + _t + {x}[k>>1]*{x}[k>>1]) >> F if not k & 1 else (_t + _t) >> F"]
    raise AssertionError(f"node kind {kind!r} is not polynomial")


def _emit(i: int, node, k: str) -> list[str]:
    stmts = _coef(node, k)
    if k == "0":
        return [f"s{i} = [{stmts[-1]}]"]
    if len(stmts) == 1:
        return [f"s{i}.append({stmts[0]})"]
    return stmts[:-1] + [stmts[-1].replace("_t = ", f"s{i}.append(", 1) + ")"]


def output_weights(prog: Program) -> list:
    """The constant of each weight list: index 0 is 1, index 1 is -1, then one per fused constant (its index)."""
    fused = _fused_outputs(prog)
    return [None, "neg"] + sorted({c.index for c, _ in fused.values() if isinstance(c, _Const)})


def _outputs(prog: Program, fused: dict, windex: dict, skip: set) -> list[tuple]:
    """``(v, w, node, product)`` per state: ``yhat_{k+1} = W_k f_k`` with weight list ``w`` and ``f`` = ``node``
    (a node id or a constant); ``product`` is the ``(a, b)`` of a product used nowhere else, emitted in the same
    statement, ``(sum(a_j b_{k-j}) * W_k) >> 2F`` (one rounding, one list less; the node goes to ``skip``)."""
    uses = _uses(prog)
    outs = []
    for v, o in enumerate(prog.outputs):
        if v in fused:
            coef, node = fused[v]
            w = windex[coef.index if isinstance(coef, _Const) else coef]
        else:
            w, node = 0, o
        product = None
        if not isinstance(node, _Const) and prog.nodes[node].kind == "mul" and uses[node] == 1 \
                and node >= prog.n_vars:
            product = prog.nodes[node].args
            skip.add(node)
        outs.append((v, w, node, product))
    return outs


def _out_exact(v, w, node, product, k: str) -> str:
    if isinstance(node, _Const):
        return f"s{v}.append((c{node.index} * w0[0]) >> F)" if k == "0" else f"s{v}.append(0)"
    if product and k == "0":
        return f"s{v}.append((s{product[0]}[0] * s{product[1]}[0] * w{w}[0]) >> F2)"
    if product:
        return f"s{v}.append((_sum(map(_mul, s{product[0]}, reversed(s{product[1]}))) * w{w}[k]) >> F2)"
    return f"s{v}.append((s{node}[{k}] * w{w}[{k}]) >> F)"


# ---------------------------------------------------------------- the float tail

def _fref(h) -> str:
    return "0.0" if isinstance(h, _Const) else f"f{h}[k]"


def _float_coef(i: int, node) -> list[str]:
    """Statements appending coefficient k of node i to its float list ``f{i}`` (values in units of 2^-F)."""
    a, kind = node.args, node.kind
    if kind == "lin":
        scaled, unit = lin_terms(node, _fref)
        return [f"f{i}.append({join_terms([f'+ cf{j}*{r}' for j, r in scaled] + unit)})"]
    if kind == "mul":
        return [f"f{i}.append(_sum(map(_mul, f{a[0]}, reversed(f{a[1]}))) * iF)"]
    x = f"f{a[0]}"
    return [f"_t = _sum(map(_mul, {x}[:(k+1)>>1], reversed({x})))",
            f"f{i}.append((_t + _t + {x}[k>>1]*{x}[k>>1]) * iF if not k & 1 else (_t + _t) * iF)"]


def _out_float(v, w, node, product) -> list[str]:
    if isinstance(node, _Const):
        val = "0.0"
    elif product:
        val = f"_sum(map(_mul, f{product[0]}, reversed(f{product[1]}))) * iF * wr{w}[k]"
    else:
        val = f"f{node}[k] * wr{w}[k]"
    return [f"_t = {val}", f"f{v}.append(_t)", f"s{v}.append(_mpz(_t))"]


def _tail(prog: Program, skip: set, outs: list, nw: int) -> list[str]:
    """From the order ``k`` where the exact loop stopped: every list as floats, then the float loop."""
    lines = ["iF = 2.0 ** -F"]
    lines += [f"cf{j} = _fl(c{j}) * iF" for j in range(len(prog.consts))]
    lines += [f"wr{j} = [_fl(x) * iF for x in w{j}]" for j in range(nw)]
    lines += [f"f{i} = list(map(_fl, s{i}))" for i, n in enumerate(prog.nodes) if i not in skip]
    loop = []
    for i, node in enumerate(prog.nodes):
        if node.kind != "var" and i not in skip:
            loop += _float_coef(i, node)
    for out in outs:
        loop += _out_float(*out)
    return lines + ["for k in range(k, N):"] + ["    " + ln for ln in loop]


def fixed_jet_source(prog: Program) -> str:
    """Source of ``_jet(X, C, N, F, W, KMIN, LIM)``: scaled coefficients 0..N of every state at the fixed-point
    state X.

    ``C`` are the constants as integers at :math:`2^F`, ``W[w][k]`` the weight of order ``k`` for the weight
    list ``w`` (see :func:`output_weights`).  From order ``KMIN`` on, once every state's coefficient is below
    ``LIM`` (in units of :math:`2^{-F}`), the remaining orders are computed in floating point (``_tail``): their
    terms are then so small that 53 bits of each are more than the tolerance needs.
    """
    if not prog.polynomial:
        raise AssertionError("fixed-point jet needs a polynomial program")
    fused = _fused_outputs(prog)
    skip = {prog.outputs[v] for v in fused}
    windex = {c: j for j, c in enumerate(output_weights(prog))}
    outs = _outputs(prog, fused, windex, skip)
    body = []
    if prog.consts:
        body.append(", ".join(f"c{j}" for j in range(len(prog.consts))) + ", = C")
    body.append(", ".join(f"w{j}" for j in range(len(windex))) + ", = W")
    body.append("F2 = F + F")
    for i, node in enumerate(prog.nodes):
        if node.kind == "var":
            body.append(f"s{i} = [X[{i}]]")
        elif i not in skip:
            body.extend(_emit(i, node, "0"))
    body.append("_st = (" + "".join(f"s{v}, " for v in range(prog.n_vars)) + ")")
    body.extend(_out_exact(*out, "0") for out in outs)
    loop = ["if k >= KMIN and max([abs(s[k]) for s in _st]) < LIM:", "    break"]
    for i, node in enumerate(prog.nodes):
        if node.kind != "var" and i not in skip:
            loop.extend(_emit(i, node, "k"))
    loop.extend(_out_exact(*out, "k") for out in outs)
    ret = "return [" + ", ".join(f"s{v}" for v in range(prog.n_vars)) + "]"
    body.append("for k in range(1, N):")
    body.extend("    " + ln for ln in loop)
    body.append("else:")
    body.append("    " + ret)
    body.extend(_tail(prog, skip, outs, len(windex)))
    body.append(ret)
    return "def _jet(X, C, N, F, W, KMIN, LIM):\n" + "\n".join("    " + ln for ln in body) + "\n"


def compile_fixed_jet(prog: Program):
    """The compiled ``_jet`` of :func:`fixed_jet_source` (generated identifiers only; no user text)."""
    ns = {"_sum": sum, "_mul": mul, "_fl": float, "_mpz": gmpy2.mpz,
          "__builtins__": {"range": range, "map": map, "reversed": reversed, "max": max, "abs": abs, "list": list}}
    exec(compile(fixed_jet_source(prog), "<symflow-fixed-jet>", "exec"), ns)  # noqa: S102 -- generated source
    return ns["_jet"]
