"""Straight-line code for Taylor coefficients, generated from a SymPy right-hand side.

The right-hand side :math:`\\dot y = f(y)` is cut into a DAG of elementary operations (memoisation of equal
subtrees, greedy pairing of shared factors); each node gets the classical automatic-differentiation recurrence
for its Taylor coefficients (Moore; Jorba & Zou 2005, section 3), e.g. for :math:`c = a b`,
:math:`c_k = \\sum_{j=0}^k a_j b_{k-j}`;
for :math:`c = a^{\\alpha}`, :math:`k a_0 c_k = \\sum_{j=0}^{k-1} (\\alpha (k-j) - j) a_{k-j} c_j`; for
:math:`c = e^a`, :math:`k c_k = \\sum_{j=1}^k j a_j c_{k-j}`.  The state coefficients then follow from
:math:`y_{k+1} = f_k / (k+1)`.

The generated Python source names only generated identifiers (``s3``, ``c0``, ...) and a fixed set of helpers;
no user text ever reaches ``compile``.  Numbers are whatever the caller passes (``gmpy2.mpfr`` under a local
context for the integrators, ``gmpy2.mpq`` for exact polynomial evaluation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from operator import mul
from typing import Sequence

import gmpy2
import sympy

from ..errors import InvalidArgument
from ._pairing import pair_products

__all__ = ["Program", "build_program", "jet_source", "eval_source", "compile_function"]  # package-internal

_UNARY_INTEGRAL = {  # F(a) with F'(a) written in terms of a (the recurrence c_k = (1/k) sum j a_j g_{k-j})
    sympy.atan: lambda a: 1 / (1 + a**2),
    sympy.asinh: lambda a: (1 + a**2) ** sympy.Rational(-1, 2),
    sympy.acosh: lambda a: (a**2 - 1) ** sympy.Rational(-1, 2),
    sympy.atanh: lambda a: 1 / (1 - a**2),
    sympy.asin: lambda a: (1 - a**2) ** sympy.Rational(-1, 2),
    sympy.acos: lambda a: -((1 - a**2) ** sympy.Rational(-1, 2)),
}
_GMPY_NAME = {sympy.atan: "atan", sympy.asinh: "asinh", sympy.acosh: "acosh", sympy.atanh: "atanh",
              sympy.asin: "asin", sympy.acos: "acos"}


@dataclass(frozen=True)
class _Const:
    index: int


@dataclass
class _Node:
    kind: str  # var, lin, mul, sqr, div, pow, sqrt, exp, log, sin, cos, sinh, cosh, integ
    args: tuple
    needs_d: bool = False  # a consumer needs d_k = k * c_k


@dataclass
class Program:
    """The DAG of a right-hand side: nodes in topological order, constants (exact SymPy numbers), outputs."""

    nodes: list = field(default_factory=list)
    consts: list = field(default_factory=list)
    outputs: list = field(default_factory=list)  # per equation: node id (int) or _Const
    n_vars: int = 0
    polynomial: bool = True  # only var/lin/mul/sqr nodes and rational constants

    def count(self, kind: str) -> int:
        return sum(1 for n in self.nodes if n.kind == kind)


class _Builder:
    def __init__(self, variables: Sequence[sympy.Symbol]):
        self.prog = Program(n_vars=len(variables))
        self.memo: dict = {}
        self.const_memo: dict = {}
        self.nonconst: set = set(variables)
        self.plan: dict = {}
        self.pairdefs: dict = {}
        for i, v in enumerate(variables):
            self.memo[v] = self._add("var", (i,))

    def _add(self, kind, args) -> int:
        key = (kind, args)
        if key in self.memo:
            return self.memo[key]
        self.prog.nodes.append(_Node(kind, args))
        nid = len(self.prog.nodes) - 1
        self.memo[key] = nid
        if kind not in ("var", "lin", "mul", "sqr"):
            self.prog.polynomial = False
        return nid

    def const(self, expr) -> _Const:
        expr = sympy.sympify(expr)
        if expr in self.const_memo:
            return self.const_memo[expr]
        if not expr.is_Rational:
            self.prog.polynomial = False
        if expr.free_symbols:
            names = ", ".join(sorted(map(str, expr.free_symbols)))
            raise InvalidArgument(
                f"rhs contains symbol(s) {names} that are neither variables nor params; "
                "list them in variables or give their values in params={symbol: value}")
        if expr.has(sympy.zoo, sympy.oo, sympy.nan, sympy.I) or expr.is_real is False:
            raise InvalidArgument(f"rhs constant {expr} is not a finite real number; fix the right-hand side")
        c = _Const(len(self.prog.consts))
        self.prog.consts.append(expr)
        self.const_memo[expr] = c
        return c

    def _deriv(self, nid):
        if isinstance(nid, int):
            self.prog.nodes[nid].needs_d = True

    # -- node constructors with constant folding at the handle level --
    def mul2(self, a, b):
        if isinstance(a, _Const) and isinstance(b, _Const):
            return self.const(self.prog.consts[a.index] * self.prog.consts[b.index])
        if isinstance(a, _Const):
            return self._add("lin", (((a, b),), None))
        if isinstance(b, _Const):
            return self._add("lin", (((b, a),), None))
        if a == b:
            return self._add("sqr", (a,))
        return self._add("mul", (min(a, b), max(a, b)))

    def product(self, handles):
        handles = list(handles)
        if not handles:
            return self.const(1)
        while len(handles) > 1:  # balanced tree keeps operands of similar size
            nxt = [self.mul2(handles[i], handles[i + 1]) for i in range(0, len(handles) - 1, 2)]
            if len(handles) % 2:
                nxt.append(handles[-1])
            handles = nxt
        return handles[0]

    def div(self, a, b):
        if isinstance(b, _Const):
            return self.mul2(a, self.const(1 / self.prog.consts[b.index]))
        return self._add("div", (a, b))

    def ipow(self, a, n: int):
        if n == 0:
            return self.const(1)
        if n < 0:
            return self.div(self.const(1), self.ipow(a, -n))
        if n == 1:
            return a
        half = self.ipow(a, n // 2)
        sq = self.mul2(half, half)
        return self.mul2(sq, a) if n % 2 else sq

    def visit(self, expr):
        if expr in self.memo:
            return self.memo[expr]
        if not (expr.free_symbols & self.nonconst):
            return self.const(expr)
        h = self._visit(expr)
        self.memo[expr] = h
        return h

    def _split(self, args):
        cs = [a for a in args if not (a.free_symbols & self.nonconst)]
        ns = [a for a in args if a.free_symbols & self.nonconst]
        return sympy.Mul(*cs), ns

    def _visit(self, e):
        if e.is_Add:
            terms, const = [], sympy.Integer(0)
            for arg in e.args:
                if not (arg.free_symbols & self.nonconst):
                    const += arg
                    continue
                if arg.is_Mul:
                    c, ns = self._split(arg.args)
                    child = self.visit(sympy.Mul(*ns)) if len(ns) > 1 else self.visit(ns[0])
                else:
                    c, child = sympy.Integer(1), self.visit(arg)
                if isinstance(child, _Const):
                    const += c * self.prog.consts[child.index]
                    continue
                terms.append((None if c == 1 else "neg" if c == -1 else self.const(c), child))
            cc = None if const == 0 else self.const(const)
            if not terms:
                return self.const(const)
            return self._add("lin", (tuple(terms), cc))
        if e.is_Mul:
            c, ns = self._split(e.args)
            num, den = [], []
            for f in ns:
                if f.is_Pow and f.exp.is_Rational and f.exp < 0:
                    den.append(f.base ** (-f.exp))
                else:
                    num.append(f)
            if e in self.plan:  # greedy pairing shared across all products (see _pairing)
                num = self.plan[e]
            h = self.product(self._pair(f) if f in self.pairdefs else self.visit(f) for f in num)
            if den:
                h = self.div(h, self.product(self.visit(f) for f in den))
            if c != 1:
                h = self.mul2(self.const(c), h)
            return h
        if e.is_Pow:
            base, ex = e.base, e.exp
            if ex.free_symbols & self.nonconst:  # a^b = exp(b log a)
                lb = self.const(sympy.log(base)) if not (base.free_symbols & self.nonconst) else \
                    self._log(self.visit(base))
                return self._add("exp", (self._exp_arg(self.mul2(self.visit(ex), lb)),))
            b = self.visit(base)
            if ex.is_Integer:
                return self.ipow(b, int(ex))
            if ex == sympy.Rational(1, 2):
                return self._add("sqrt", (b,))
            if ex == sympy.Rational(-1, 2):
                return self.div(self.const(1), self._add("sqrt", (b,)))
            self._deriv(b)
            nid = self._add("pow", (b, self.const(ex)))
            self.prog.nodes[nid].needs_d = True
            return nid
        f = e.func
        if len(e.args) == 1:
            a = self.visit(e.args[0])
            if f is sympy.exp:
                return self._add("exp", (self._exp_arg(a),))
            if f is sympy.log:
                return self._log(a)
            if f in (sympy.sin, sympy.cos, sympy.sinh, sympy.cosh):
                self._deriv(a)
                return self._add(f.__name__, (a,))
            if f is sympy.tan:
                return self.div(self.visit(sympy.sin(e.args[0])), self.visit(sympy.cos(e.args[0])))
            if f is sympy.tanh:
                return self.div(self.visit(sympy.sinh(e.args[0])), self.visit(sympy.cosh(e.args[0])))
            if f in _UNARY_INTEGRAL:
                g = self.visit(_UNARY_INTEGRAL[f](e.args[0]))
                self._deriv(a)
                return self._add("integ", (a, g, _GMPY_NAME[f]))
        raise InvalidArgument(
            f"rhs term {e} ({type(e).__name__}) is not supported by the Taylor jet; use +, *, rational powers, "
            "sqrt, exp, log, sin, cos, tan, sinh, cosh, tanh, atan, asinh, acosh, atanh, asin, acos")

    def _pair(self, sym):
        if sym not in self.memo:
            a, b = self.pairdefs[sym]
            ha = self._pair(a) if a in self.pairdefs else self.visit(a)
            hb = self._pair(b) if b in self.pairdefs else self.visit(b)
            self.memo[sym] = self.mul2(ha, hb)
        return self.memo[sym]

    def _exp_arg(self, a):
        self._deriv(a)
        return a

    def _log(self, a):
        nid = self._add("log", (a,))
        self.prog.nodes[nid].needs_d = True
        return nid


def build_program(rhs: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol]) -> Program:
    """Cut ``rhs`` into a DAG; constants stay exact SymPy numbers.

    Equal subtrees become one node (hash-consing: SymPy expressions are hashable), and factors shared by several
    products are paired greedily (``_pairing.pair_products``).  ``sympy.cse`` is not used: on P1 its partial matches
    gave 51 Cauchy products where the greedy pairing on the raw tree gives 47.
    """
    b = _Builder(variables)
    rhs = list(rhs)
    b.plan, b.pairdefs = pair_products(rhs, b.nonconst)
    b.prog.outputs = [b.visit(r) if (r.free_symbols & b.nonconst) else b.const(r) for r in rhs]
    return b.prog


# ---------------------------------------------------------------- code generation

def _ref(h, k: str) -> str:
    """Coefficient k of handle h (constants vanish for k >= 1)."""
    if isinstance(h, _Const):
        return f"c{h.index}" if k == "0" else "_Z"
    return f"s{h}[{k}]"


def lin_terms(node, ref) -> tuple[list, list]:
    """The terms of a linear node: ``([(constant index, child source)], [signed unit-coefficient sources])``,
    with ``ref(child)`` the source of a child's coefficient (shared by the generators of ``_fixedgen``)."""
    scaled, unit = [], []
    for coef, child in node.args[0]:
        r = ref(child)
        if coef is None:
            unit.append(f"+ {r}")
        elif coef == "neg":
            unit.append(f"- {r}")
        else:
            scaled.append((coef.index, r))
    return scaled, unit


def join_terms(parts: list) -> str:
    """``"+ a - b"`` -> ``"a - b"`` (``"0"`` when empty)."""
    src = " ".join(parts) or "0"
    return src[2:] if src.startswith("+ ") else src


def _lin(node, k: str) -> str:
    scaled, unit = lin_terms(node, lambda h: _ref(h, k))
    parts = [f"+ c{j}*{r}" for j, r in scaled] + unit
    if node.args[1] is not None and k == "0":
        parts.append(f"+ c{node.args[1].index}")
    return join_terms(parts)


def _coef0(i: int, node) -> str:
    a = node.args
    r = lambda h: _ref(h, "0")  # noqa: E731
    kind = node.kind
    if kind == "lin":
        return _lin(node, "0")
    if kind == "mul":
        return f"{r(a[0])}*{r(a[1])}"
    if kind == "sqr":
        return f"{r(a[0])}*{r(a[0])}"
    if kind == "div":
        return f"{r(a[0])}/{r(a[1])}"
    if kind == "pow":
        return f"_pow({r(a[0])}, c{a[1].index})"
    if kind in ("sqrt", "exp", "log", "sin", "cos", "sinh", "cosh"):
        return f"_{kind}({r(a[0])})"
    if kind == "integ":
        return f"_{a[2]}({r(a[0])})"
    raise AssertionError(kind)


def _coefk(i: int, node) -> list[str]:
    """Statements appending coefficient k of node i (k >= 1; children already hold k+1 coefficients)."""
    a = node.args
    kind = node.kind
    out = f"s{i}.append"
    if kind == "lin":
        return [f"{out}({_lin(node, 'k')})"]
    if kind == "mul":
        return [f"{out}(_fsum(map(_mul, s{a[0]}, reversed(s{a[1]}))))"]
    if kind == "sqr":
        x = f"s{a[0]}"
        return [f"_t = _fsum(map(_mul, {x}[:(k+1)>>1], reversed({x})))",
                "_t = _t + _t",
                f"if not k & 1: _t += {x}[k>>1]*{x}[k>>1]",
                f"{out}(_t)"]
    if kind == "div":
        num = _ref(a[0], "k")
        return [f"{out}(({num} - _fsum(map(_mul, s{a[1]}[1:], reversed(s{i}))))/s{a[1]}[0])"]
    if kind == "sqrt":
        x, c = f"s{a[0]}", f"s{i}"
        return [f"_t = _fsum(map(_mul, {c}[1:(k+1)>>1], reversed({c})))",
                "_t = _t + _t",
                f"if not k & 1: _t += {c}[k>>1]*{c}[k>>1]",
                f"{out}(({x}[k] - _t)/(2*{c}[0]))"]
    if kind == "pow":
        x, c, al = a[0], i, a[1].index
        return [f"{out}((c{al}*_fsum(map(_mul, s{c}, reversed(d{x}[1:]))) - "
                f"_fsum(map(_mul, d{c}, reversed(s{x}[1:]))))/(k*s{x}[0]))"]
    if kind == "exp":
        return [f"{out}(_fsum(map(_mul, d{a[0]}[1:], reversed(s{i})))/k)"]
    if kind == "log":
        x = a[0]
        return [f"{out}((s{x}[k] - _fsum(map(_mul, d{i}[1:], reversed(s{x}[1:k])))/k)/s{x}[0])"]
    if kind in ("sin", "cos", "sinh", "cosh"):
        x = a[0]
        # own series s_i and companion m_i: (sin, cos) for sin/cos, (cos, sin) for cos, etc.
        sgn_own = {"sin": "", "cos": "-", "sinh": "", "cosh": ""}[kind]
        sgn_comp = {"sin": "-", "cos": "", "sinh": "", "cosh": ""}[kind]
        return [f"_t = {sgn_own}_fsum(map(_mul, d{x}[1:], reversed(m{i})))/k",
                f"m{i}.append({sgn_comp}_fsum(map(_mul, d{x}[1:], reversed(s{i})))/k)",
                f"{out}(_t)"]
    if kind == "integ":
        x, g = a[0], a[1]
        if isinstance(g, _Const):  # constant derivative: F(a) = g a + const
            return [f"{out}(c{g.index}*s{x}[k])"]
        return [f"{out}(_fsum(map(_mul, d{x}[1:], reversed(s{g}[:k])))/k)"]
    raise AssertionError(kind)


_COMPANION0 = {"sin": "_cos", "cos": "_sin", "sinh": "_cosh", "cosh": "_sinh"}


def _uses(prog: Program) -> list[int]:
    uses = [0] * len(prog.nodes)

    def mark(h):
        if isinstance(h, int):
            uses[h] += 1

    for node in prog.nodes:
        a = node.args
        if node.kind == "var":
            continue
        if node.kind == "lin":
            for _, ch in a[0]:
                mark(ch)
        elif node.kind in ("mul", "div", "integ"):
            mark(a[0])
            mark(a[1])
        else:
            mark(a[0])
    for o in prog.outputs:
        mark(o)
    return uses


def _fused_outputs(prog: Program) -> dict:
    """Outputs ``c * child`` (a one-term linear node used nowhere else) emitted as ``child_k * (c / (k+1))``."""
    uses = _uses(prog)
    fused = {}
    for v, o in enumerate(prog.outputs):
        if isinstance(o, int) and prog.nodes[o].kind == "lin" and uses[o] == 1 and not prog.nodes[o].needs_d:
            terms, cc = prog.nodes[o].args
            if len(terms) == 1 and cc is None:
                fused[v] = terms[0]
    return fused


def jet_source(prog: Program) -> str:
    """Source of ``_jet(X, C, N)``: Taylor coefficients 0..N of every state component at the point X."""
    nv = prog.n_vars
    fused = _fused_outputs(prog)
    skip = {prog.outputs[v] for v in fused}
    lines = ["def _jet(X, C, N):"]
    body = []
    if prog.consts:
        body.append(", ".join(f"c{j}" for j in range(len(prog.consts))) + ", = C")
    # order 0
    for i, node in enumerate(prog.nodes):
        if i in skip:
            continue
        if node.kind == "var":
            body.append(f"s{i} = [X[{i}]]")
        else:
            body.append(f"s{i} = [{_coef0(i, node)}]")
            if node.kind in _COMPANION0:
                body.append(f"m{i} = [{_COMPANION0[node.kind]}({_ref(node.args[0], '0')})]")
        if node.needs_d:
            body.append(f"d{i} = [_Z]")
    for v, o in enumerate(prog.outputs):
        if v in fused:
            coef, ch = fused[v]
            r = f"s{ch}[0]"
            body.append(f"s{v}.append({r if coef is None else '-' + r if coef == 'neg' else f'c{coef.index}*' + r})")
        else:
            body.append(f"s{v}.append({_ref(o, '0')})")
    body.append("for k in range(1, N):")
    loop = []
    weights = sorted({coef.index for coef, _ in fused.values() if isinstance(coef, _Const)})
    if any(coef is None or coef == "neg" for coef, _ in fused.values()):
        loop.append("_w = 1/_mpfr(k+1)")
    for j in weights:
        loop.append(f"_w{j} = c{j}/(k+1)")
    for i, node in enumerate(prog.nodes):
        if i in skip:
            continue
        if node.kind != "var":
            loop.extend(_coefk(i, node))
        if node.needs_d:
            loop.append(f"d{i}.append(k*s{i}[k])")
    for v, o in enumerate(prog.outputs):
        if v in fused:
            coef, ch = fused[v]
            w = "_w" if coef is None else "-_w" if coef == "neg" else f"_w{coef.index}"
            loop.append(f"s{v}.append(s{ch}[k]*{w})")
        else:
            loop.append(f"s{v}.append({_ref(o, 'k')}/(k+1))" if not isinstance(o, _Const) else f"s{v}.append(_Z)")
    body.extend("    " + ln for ln in loop)
    body.append("return [" + ", ".join(f"s{v}" for v in range(nv)) + "]")
    lines.extend("    " + ln for ln in body)
    return "\n".join(lines) + "\n"


def eval_source(prog: Program) -> str:
    """Source of ``_f(X, C)``: the right-hand side at the point X (order-0 coefficients only)."""
    body = []
    if prog.consts:
        body.append(", ".join(f"c{j}" for j in range(len(prog.consts))) + ", = C")
    for i, node in enumerate(prog.nodes):
        if node.kind == "var":
            body.append(f"s{i} = [X[{i}]]")
        else:
            body.append(f"s{i} = [{_coef0(i, node)}]")
    body.append("return [" + ", ".join(_ref(o, "0") for o in prog.outputs) + "]")
    return "def _f(X, C):\n" + "\n".join("    " + ln for ln in body) + "\n"


def _namespace() -> dict:
    ns = {"_fsum": gmpy2.fsum, "_mul": mul, "_Z": gmpy2.mpfr(0), "_pow": pow, "_mpfr": gmpy2.mpfr}
    for name in ("sqrt", "exp", "log", "sin", "cos", "sinh", "cosh", "atan", "asinh", "acosh", "atanh",
                 "asin", "acos"):
        ns["_" + name] = getattr(gmpy2, name)
    ns["__builtins__"] = {"range": range, "map": map, "reversed": reversed}
    return ns


_ids = count()


def compile_function(source: str, name: str):
    """Compile generated source (generated identifiers only) and return the function ``name``."""
    ns = _namespace()
    code = compile(source, f"<symflow-generated-{next(_ids)}>", "exec")
    exec(code, ns)  # noqa: S102 -- source built by jet_source/eval_source, never from user text
    return ns[name]
