"""User text -> SymPy, by a whitelist grammar; never ``eval``.

Every string a user types (``--params``, ``--map``, ``--init``, ``--law``, ``--potential``) goes through this module.
It never calls ``eval``/``exec`` and never calls ``sympify`` on a string (``sympify`` of a string runs ``eval``): a
small tokenizer and a Pratt (precedence-climbing) parser build the SymPy objects directly.

Grammar (Python precedence; ``**`` is right-associative and binds tighter than unary minus, so ``-x**2 = -(x**2)``
and ``2**-1 = 1/2``)::

    expr   := expr ('+'|'-') expr | expr ('*'|'/') expr | ('+'|'-') expr | expr '**' expr
            | NUMBER | NAME | FUNC '(' expr ')' | 'Rational' '(' INT ',' INT ')' | '(' expr ')'
    NAME   := [A-Za-z][A-Za-z0-9_]*        (a known symbol, or the constant ``pi``)
    NUMBER := digits ['.' digits] [('e'|'E') ['+'|'-'] digits]     (always an exact Rational: 0.1 -> 1/10)
    FUNC   := sqrt exp log sinh cosh tanh asinh acosh atanh abs (alias Abs) sign

Limits (so that no input can hang the process): at most :data:`MAX_LENGTH` characters, nesting depth
:data:`MAX_DEPTH`, integer/rational exponents of absolute value at most :data:`MAX_EXPONENT`, exact numbers of at most
:data:`MAX_BITS` bits produced by a power.  A result containing ``zoo``, ``nan`` or ``oo`` (``1/0``, ``log(0)``) is an
error.

Every error is a :class:`symflow.errors.ParseError` whose one-line message names the offending token, its 1-based
column, the rule broken and the allowed names and operators.

Symbols are created with ``real=True`` (the convention of all of symflow); when the caller passes symbols, those
objects are used as they are.

Examples:
    >>> from symflow.parse import parse_symbols, parse_expr
    >>> u, v = parse_symbols("u v")
    >>> parse_expr("(u + v)**2 - 0.5*u", [u, v]) == (u + v)**2 - u/2
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sympy

from .errors import InvalidArgument, ParseError

__all__ = [
    "parse_expr",
    "parse_symbols",
    "parse_exprs",
    "parse_assignments",
    "FUNCTIONS",
    "CONSTANTS",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_BITS",
]

MAX_LENGTH = 10_000  # characters of input
MAX_DEPTH = 100  # nesting of sub-expressions: parentheses, calls, unary signs, powers
MAX_EXPONENT = 1000  # |n| for numeric exponents (so 9**9**9 errors instead of hanging)
MAX_BITS = 100_000  # size of an exact number produced by a power
_MAX_LITERAL_DIGITS = 1000  # digits in one number literal
_MAX_DECIMAL_EXPONENT = 1000  # |e| in 1e-3 style literals

# One-argument functions of the whitelist: name -> SymPy class.
FUNCTIONS: dict[str, type] = {
    "sqrt": sympy.sqrt,  # type: ignore[dict-item]  (a function returning Pow)
    "exp": sympy.exp,
    "log": sympy.log,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "asinh": sympy.asinh,
    "acosh": sympy.acosh,
    "atanh": sympy.atanh,
    "abs": sympy.Abs,
    "Abs": sympy.Abs,  # what str() of a SymPy expression prints
    "sign": sympy.sign,
}
CONSTANTS: dict[str, sympy.Expr] = {"pi": sympy.pi}
_RESERVED = frozenset(FUNCTIONS) | frozenset(CONSTANTS) | {"Rational"}
_OPERATORS = "+ - * / ** ( ) , and unary + -"
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_NUMBER_RE = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_BAD = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


@dataclass(frozen=True)
class _Tok:
    kind: str  # "num", "name", "op", "end"
    text: str
    col: int  # 1-based column in the caller's full text


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _check_text(text, what: str = "text") -> str:
    if not isinstance(text, str):
        raise InvalidArgument(
            f"{what}={_short(repr(text))} ({type(text).__name__}) must be a str; pass the expression as text"
        )
    if len(text) > MAX_LENGTH:
        raise ParseError(
            f"{what} has {len(text)} characters; the limit is {MAX_LENGTH}; split it or build it with SymPy directly"
        )
    return text


def _tokenize(text: str, offset: int = 0) -> list[_Tok]:
    """Split ``text`` into tokens; ``offset`` is added to columns (for pieces of a longer text)."""
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        col = offset + i + 1
        if c.isspace():
            i += 1
            continue
        if c.isascii() and (c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit())):
            m = _NUMBER_RE.match(text, i)
            assert m is not None  # a digit or '.digit' always matches
            toks.append(_Tok("num", m.group(0), col))
            i = m.end()
            if i < n and (text[i].isalpha() or text[i] == "_"):
                raise ParseError(
                    f"name {text[i]!r} at column {offset + i + 1} follows the number {m.group(0)!r} with no operator;"
                    f" implicit multiplication is not supported: write {m.group(0)}*{text[i]}..."
                )
            continue
        if c.isascii() and c.isalpha():
            m = _NAME_RE.match(text, i)
            assert m is not None
            toks.append(_Tok("name", m.group(0), col))
            i = m.end()
            if i < n and text[i] == ".":
                raise ParseError(
                    f"'.' at column {offset + i + 1} after the name {m.group(0)!r}: attribute access is not allowed;"
                    f" use only names, numbers and the operators {_OPERATORS}"
                )
            continue
        if c == "_":
            m = re.compile(r"_[A-Za-z0-9_]*").match(text, i)
            word = m.group(0) if m else c
            raise ParseError(
                f"name {word!r} at column {col} starts with '_'; names must match [A-Za-z][A-Za-z0-9_]*"
            )
        if text.startswith("**", i):
            toks.append(_Tok("op", "**", col))
            i += 2
            continue
        if c in "+-*/(),":
            toks.append(_Tok("op", c, col))
            i += 1
            continue
        if c == "^":
            raise ParseError(f"'^' at column {col} is not an operator here; write '**' for a power (x**2)")
        if c == "=":
            raise ParseError(
                f"'=' at column {col} is not allowed in an expression; an expression has no assignment"
                f" (initial values go to --init as 'u=1, v=2')"
            )
        if c in "'\"":
            raise ParseError(f"quote {c!r} at column {col}: strings are not allowed; allowed operators: {_OPERATORS}")
        if c in "[]{}":
            raise ParseError(
                f"bracket {c!r} at column {col} is not allowed; use '(' and ')'; allowed operators: {_OPERATORS}"
            )
        raise ParseError(f"character {c!r} at column {col} is not allowed; allowed operators: {_OPERATORS}")
    toks.append(_Tok("end", "", offset + n + 1))
    return toks


def _number(tok: _Tok) -> sympy.Rational:
    """An exact Rational from a literal: "0.1" -> 1/10, "1e-3" -> 1/1000 (no float ever)."""
    m = _NUMBER_RE.fullmatch(tok.text)
    assert m is not None
    mant, expo = m.group(1), m.group(2)
    whole, _, frac = mant.partition(".")
    digits = (whole + frac).lstrip("0") or "0"
    if len(digits) > _MAX_LITERAL_DIGITS:
        raise ParseError(
            f"number at column {tok.col} has {len(digits)} digits; the limit is {_MAX_LITERAL_DIGITS};"
            f" use a power such as 10**500"
        )
    e = -len(frac)
    if expo:
        ev = int(expo[1:])
        if abs(ev) > _MAX_DECIMAL_EXPONENT:
            raise ParseError(
                f"exponent {expo!r} of the number at column {tok.col} exceeds {_MAX_DECIMAL_EXPONENT} in absolute value"
            )
        e += ev
    m_int = int(digits)
    return sympy.Rational(m_int * 10**e) if e >= 0 else sympy.Rational(m_int, 10**-e)


def _allowed(symbols: Mapping[str, sympy.Symbol]) -> str:
    names = ", ".join(sorted(symbols)) if symbols else "(none)"
    return (
        f"allowed names: symbols {names}; functions {', '.join(sorted(set(FUNCTIONS)))}, Rational(p, q);"
        f" constant pi; operators {_OPERATORS}"
    )


def _has_bad(e: sympy.Basic) -> bool:
    return any(e.has(b) for b in (sympy.zoo, sympy.nan, sympy.oo))


class _Parser:
    """Pratt parser over a token list; builds SymPy objects as it goes."""

    # left binding powers of the binary operators
    _LBP = {"+": 10, "-": 10, "*": 20, "/": 20, "**": 40}
    _UNARY_BP = 30

    def __init__(self, toks: list[_Tok], symbols: Mapping[str, sympy.Symbol], allow_unknown: bool, text: str):
        self.toks = toks
        self.i = 0
        self.symbols = dict(symbols)
        self.allow_unknown = allow_unknown
        self.text = text
        self.depth = 0

    # -- token helpers
    def peek(self) -> _Tok:
        return self.toks[self.i]

    def next(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, text: str, context: str) -> _Tok:
        t = self.next()
        if t.text != text or t.kind != "op":
            got = "end of input" if t.kind == "end" else repr(t.text)
            raise ParseError(f"expected {text!r} {context} at column {t.col}, got {got}")
        return t

    def expr(self, min_bp: int) -> sympy.Expr:
        # every nested sub-expression passes here, so this bounds the recursion (<= 5 frames per level)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            t = self.peek()
            raise ParseError(f"nesting deeper than {MAX_DEPTH} at column {t.col} ({t.text!r}); simplify the input")
        try:
            return self._expr(min_bp)
        finally:
            self.depth -= 1

    # -- grammar
    def parse(self) -> sympy.Expr:
        if self.peek().kind == "end":
            raise ParseError(f"empty expression; write e.g. 'u*v'; {_allowed(self.symbols)}")
        e = self.expr(0)
        t = self.peek()
        if t.kind != "end":
            self.unexpected(t)
        return e

    def unexpected(self, t: _Tok) -> None:
        if t.kind in ("name", "num") or t.text == "(":
            raise ParseError(
                f"{t.text!r} at column {t.col} follows an operand with no operator; implicit multiplication is not"
                f" supported: write '*'"
            )
        if t.text == ",":
            raise ParseError(f"',' at column {t.col} outside a function call; separate expressions with ';'")
        if t.text == ")":
            raise ParseError(f"unmatched ')' at column {t.col}")
        raise ParseError(f"unexpected {t.text!r} at column {t.col}; {_allowed(self.symbols)}")

    def _expr(self, min_bp: int) -> sympy.Expr:
        left = self.prefix()
        while True:
            t = self.peek()
            if t.kind != "op" or t.text not in self._LBP:
                return left
            lbp = self._LBP[t.text]
            if lbp <= min_bp:
                return left
            if t.text in "+-":
                # collect the whole chain and build one Add (linear, not quadratic, in the number of terms)
                terms = [left]
                while self.peek().kind == "op" and self.peek().text in ("+", "-"):
                    op = self.next()
                    right = self.expr(10)
                    terms.append(-right if op.text == "-" else right)
                left = sympy.Add(*terms)
            elif t.text in "*/":
                factors = [left]
                while self.peek().kind == "op" and self.peek().text in ("*", "/"):
                    op = self.next()
                    right = self.expr(20)
                    if op.text == "/":
                        if right == 0:
                            raise ParseError(f"division by zero at column {op.col}")
                        right = sympy.Pow(right, -1)
                    factors.append(right)
                left = sympy.Mul(*factors)
                if _has_bad(left):
                    raise ParseError(
                        f"division by zero or undefined value (zoo/nan/oo) in the product ending before column"
                        f" {self.peek().col}"
                    )
            else:  # '**', right-associative: the exponent is parsed with a lower binding power
                op = self.next()
                exponent = self.expr(39)
                left = self.power(left, exponent, op)

    def power(self, base: sympy.Expr, exponent: sympy.Expr, op: _Tok) -> sympy.Expr:
        if exponent.is_Number:
            if abs(exponent) > MAX_EXPONENT:
                raise ParseError(
                    f"exponent {exponent} of '**' at column {op.col} exceeds {MAX_EXPONENT} in absolute value;"
                    f" such powers are not supported"
                )
            if base.is_Rational:
                bits = (abs(base.p).bit_length() + base.q.bit_length()) * abs(exponent)
                if bits > MAX_BITS:
                    raise ParseError(
                        f"'**' at column {op.col} would produce an exact number of about {int(bits)} bits;"
                        f" the limit is {MAX_BITS}"
                    )
            if base == 0 and exponent.is_negative:
                raise ParseError(f"division by zero: 0 to a negative power at column {op.col}")
        result = sympy.Pow(base, exponent)
        if _has_bad(result):
            raise ParseError(f"'**' at column {op.col} gives an undefined value (zoo/nan/oo)")
        return result

    def prefix(self) -> sympy.Expr:
        t = self.next()
        if t.kind == "num":
            return _number(t)
        if t.kind == "name":
            return self.name(t)
        if t.kind == "op" and t.text in ("+", "-"):
            operand = self.expr(self._UNARY_BP)
            return -operand if t.text == "-" else operand
        if t.kind == "op" and t.text == "(":
            if self.peek().kind == "op" and self.peek().text == ")":
                raise ParseError(f"empty parentheses at column {t.col}")
            e = self.expr(0)
            self.expect(")", f"to close '(' of column {t.col}")
            return e
        if t.kind == "end":
            raise ParseError(f"expression ends too early (column {t.col}); an operand is missing")
        raise ParseError(f"unexpected {t.text!r} at column {t.col}: an operand (name, number or '(') is expected")

    def name(self, t: _Tok) -> sympy.Expr:
        is_call = self.peek().kind == "op" and self.peek().text == "("
        if is_call:
            if t.text == "Rational":
                return self.rational(t)
            if t.text in FUNCTIONS:
                return self.call(t)
            if t.text in self.symbols:
                raise ParseError(
                    f"symbol {t.text!r} at column {t.col} is followed by '(': a symbol is not a function;"
                    f" write {t.text}*(...) for a product"
                )
            raise ParseError(f"unknown function {t.text!r} at column {t.col}; {_allowed(self.symbols)}")
        if t.text in self.symbols:
            return self.symbols[t.text]
        if t.text in CONSTANTS:
            return CONSTANTS[t.text]
        if t.text in FUNCTIONS or t.text == "Rational":
            raise ParseError(f"function {t.text!r} at column {t.col} needs an argument: write {t.text}(...)")
        if self.allow_unknown:
            sym = sympy.Symbol(t.text, real=True)
            self.symbols[t.text] = sym
            return sym
        raise ParseError(f"unknown name {t.text!r} at column {t.col}; {_allowed(self.symbols)}")

    def args(self, t: _Tok) -> list[tuple[sympy.Expr, _Tok]]:
        self.expect("(", f"after {t.text!r}")
        out = []
        while True:
            start = self.peek()
            if start.kind == "op" and start.text == ")" and not out:
                raise ParseError(f"{t.text}() at column {t.col} has no argument")
            out.append((self.expr(0), start))
            sep = self.next()
            if sep.kind == "op" and sep.text == ")":
                break
            if not (sep.kind == "op" and sep.text == ","):
                got = "end of input" if sep.kind == "end" else repr(sep.text)
                raise ParseError(f"expected ',' or ')' in the call {t.text}(...) at column {sep.col}, got {got}")
        return out

    def call(self, t: _Tok) -> sympy.Expr:
        args = self.args(t)
        if len(args) != 1:
            raise ParseError(f"{t.text} at column {t.col} takes exactly 1 argument, got {len(args)}")
        result = FUNCTIONS[t.text](args[0][0])
        if _has_bad(result):
            raise ParseError(
                f"{t.text}({args[0][0]}) at column {t.col} is undefined (zoo/nan/oo); choose another argument"
            )
        return result

    def rational(self, t: _Tok) -> sympy.Rational:
        args = self.args(t)
        if len(args) != 2:
            raise ParseError(f"Rational at column {t.col} takes exactly 2 integer arguments (p, q), got {len(args)}")
        (p, tp), (q, tq) = args
        for val, tok in ((p, tp), (q, tq)):
            if not val.is_Integer:
                raise ParseError(
                    f"Rational argument {val} at column {tok.col} is not an integer; write Rational(p, q) with integers"
                )
        if q == 0:
            raise ParseError(f"division by zero: Rational({p}, 0) at column {t.col}")
        return sympy.Rational(p, q)


def _symbol_map(symbols) -> dict[str, sympy.Symbol]:
    """Normalise the ``symbols`` argument: a mapping name -> Symbol, an iterable of Symbols, a str, or None."""
    if symbols is None:
        return {}
    if isinstance(symbols, str):
        return {s.name: s for s in parse_symbols(symbols)}
    if isinstance(symbols, sympy.Symbol):
        return {symbols.name: symbols}
    if isinstance(symbols, Mapping):
        out = {}
        for k, v in symbols.items():
            if not isinstance(k, str) or not isinstance(v, sympy.Symbol):
                raise InvalidArgument(
                    f"symbols={_short(repr(dict(symbols)))} (Mapping) must map str names to sympy.Symbol;"
                    f" got {k!r}: {v!r}"
                )
            out[k] = v
        return out
    if isinstance(symbols, Iterable):
        out = {}
        for s in symbols:
            if not isinstance(s, sympy.Symbol):
                raise InvalidArgument(
                    f"symbols contains {s!r} ({type(s).__name__}); pass sympy.Symbol objects, a mapping or a str"
                    f" like 'u v'"
                )
            out[s.name] = s
        return out
    raise InvalidArgument(
        f"symbols={_short(repr(symbols))} ({type(symbols).__name__}) must be None, a str, an iterable of Symbols or a"
        f" mapping name -> Symbol"
    )


def _parse(text: str, symbols: Mapping[str, sympy.Symbol], allow_unknown: bool, offset: int = 0) -> sympy.Expr:
    toks = _tokenize(text, offset)
    e = _Parser(toks, symbols, allow_unknown, text).parse()
    if _has_bad(e):  # catch-all; the operators above report the position when they can
        raise ParseError(f"division by zero or undefined value (zoo/nan/oo) in {_short(text)!r}")
    return e


def parse_expr(text: str, symbols=None, *, allow_unknown: bool = False) -> sympy.Expr:
    """Parse one expression of the whitelist grammar into a SymPy expression.

    Arguments:
        text: the expression, e.g. ``"u*v + asinh(u/2)"``.
        symbols: the allowed symbols: a mapping ``name -> Symbol``, an iterable of Symbols, a str such as ``"u v"``
            (parsed by :func:`parse_symbols`) or None (no symbols).
        allow_unknown: if True, unknown names become new ``Symbol(name, real=True)`` instead of an error.

    Returns:
        The SymPy expression (numbers are exact: ``"0.1"`` gives ``Rational(1, 10)``).

    Raises:
        ParseError: the text is not in the grammar (message names token, column and allowed names).
        InvalidArgument: ``text`` is not a str or ``symbols`` has the wrong type.

    Examples:
        >>> from sympy import Rational, Symbol
        >>> parse_expr("0.1 + 1e-3") == Rational(101, 1000)
        True
        >>> x = Symbol("x", real=True)
        >>> parse_expr("-x**2", [x]) == -(x**2)
        True
    """
    _check_text(text)
    return _parse(text, _symbol_map(symbols), allow_unknown)


def parse_symbols(text: str) -> tuple[sympy.Symbol, ...]:
    """Parse a list of symbol names (``"u v"``, ``"u, v"``, ``"u1 u2"``) into real SymPy symbols.

    Names match ``[A-Za-z][A-Za-z0-9_]*`` and must not be a function name, ``Rational`` or ``pi``; duplicates are
    rejected.  Each symbol is ``sympy.Symbol(name, real=True)``.

    Examples:
        >>> [s.name for s in parse_symbols("u, v w")]
        ['u', 'v', 'w']
        >>> parse_symbols("u")[0].is_real
        True
    """
    _check_text(text)
    names: list[tuple[str, int]] = []
    i, n = 0, len(text)
    expect_name = True  # after a comma (or at the start) a name must come
    comma_col = 0
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c == ",":
            if expect_name:
                raise ParseError(f"',' at column {i + 1} in symbols {_short(text)!r} has no name before it")
            expect_name, comma_col = True, i + 1
            i += 1
            continue
        m = _NAME_RE.match(text, i)
        if not (c.isascii() and m):
            raise ParseError(
                f"character {c!r} at column {i + 1} in symbols {_short(text)!r} is not allowed; names match"
                f" [A-Za-z][A-Za-z0-9_]* and are separated by spaces or commas"
            )
        name = m.group(0)
        if name in _RESERVED:
            raise ParseError(
                f"symbol name {name!r} at column {i + 1} is reserved (a function or constant); choose another name"
            )
        if any(name == k for k, _ in names):
            raise ParseError(f"symbol {name!r} at column {i + 1} is listed twice; list each symbol once")
        names.append((name, i + 1))
        expect_name = False
        i = m.end()
    if not names:
        raise ParseError("empty symbol list; write the parameter names, e.g. 'u v'")
    if expect_name:
        raise ParseError(f"',' at column {comma_col} in symbols {_short(text)!r} has no name after it")
    return tuple(sympy.Symbol(name, real=True) for name, _ in names)


def _split_top(text: str, seps: str) -> list[tuple[str, int]]:
    """Split at characters of ``seps`` outside parentheses; returns (piece, 0-based offset) pairs."""
    pieces, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c in seps and depth <= 0:
            pieces.append((text[start:i], start))
            start = i + 1
    pieces.append((text[start:], start))
    return pieces


def parse_exprs(text: str, symbols, *, sep: str = ";") -> tuple[sympy.Expr, ...]:
    """Parse several expressions separated by ``sep`` (default ``;``), e.g. the outputs of ``--map``.

    Columns in error messages refer to the whole text.  An empty piece (``"u*v;;v"``, a trailing ``;``) is an error.

    Examples:
        >>> u, v = parse_symbols("u v")
        >>> parse_exprs("u*v; u**2 - v**2", [u, v]) == (u*v, u**2 - v**2)
        True
    """
    _check_text(text)
    if sep not in (";", ","):
        raise InvalidArgument(f"sep={sep!r} ({type(sep).__name__}) must be ';' or ','")
    symmap = _symbol_map(symbols)
    out = []
    pieces = _split_top(text, sep)
    for k, (piece, off) in enumerate(pieces):
        if not piece.strip():
            raise ParseError(
                f"expression {k + 1} of {len(pieces)} (column {off + 1}) is empty; separate expressions with"
                f" {sep!r} and leave none empty"
            )
        out.append(_parse(piece, symmap, False, off))
    return tuple(out)


def parse_assignments(text: str, symbols) -> dict[sympy.Symbol, sympy.Expr]:
    """Parse ``"u=1, v=2"`` or ``"u=1/2; v=-3"`` into ``{u: 1, v: 2}``.

    Every key must be one of ``symbols``; each value is a constant expression (numbers, ``pi``, the whitelisted
    functions: no symbols) with a real value; keys may not repeat.  Separators ``,`` and ``;`` are both accepted
    (commas inside ``Rational(1, 2)`` are not separators).

    Examples:
        >>> u, v = parse_symbols("u v")
        >>> parse_assignments("u=1/2; v=-0.25", [u, v]) == {u: sympy.Rational(1, 2), v: sympy.Rational(-1, 4)}
        True
    """
    _check_text(text)
    symmap = _symbol_map(symbols)
    if not text.strip():
        raise ParseError(f"empty assignment list; write e.g. 'u=1, v=2'; known symbols: {', '.join(sorted(symmap))}")
    out: dict[sympy.Symbol, sympy.Expr] = {}
    for piece, off in _split_top(text, ",;"):
        if not piece.strip():
            raise ParseError(f"empty assignment at column {off + 1}; write 'name=value' separated by ',' or ';'")
        lhs, eq, rhs = piece.partition("=")
        if not eq:
            raise ParseError(f"assignment {piece.strip()!r} at column {off + 1} has no '='; write 'name=value'")
        name = lhs.strip()
        col = off + 1 + (len(lhs) - len(lhs.lstrip()))
        if not _NAME_RE.fullmatch(name):
            raise ParseError(f"{name!r} at column {col} is not a symbol name; write 'name=value'")
        if name not in symmap:
            raise ParseError(
                f"unknown symbol {name!r} at column {col}; known symbols: {', '.join(sorted(symmap)) or '(none)'}"
            )
        sym = symmap[name]
        if sym in out:
            raise ParseError(f"symbol {name!r} at column {col} is assigned twice; assign each symbol once")
        val_off = off + len(lhs) + 1
        if not rhs.strip():
            raise ParseError(f"assignment to {name!r} at column {col} has no value after '='")
        if "=" in rhs:
            raise ParseError(f"second '=' at column {val_off + rhs.index('=') + 1}; write one 'name=value' per item")
        try:
            value = _parse(rhs, {}, False, val_off)
        except ParseError as exc:
            raise ParseError(
                f"value of {name!r}: {exc} (values are numbers or constants such as 1/2, sqrt(2), pi)"
            ) from None
        if value.is_real is False:
            raise ParseError(f"value of {name!r} at column {val_off + 1} is {value}, not real; symbols are real")
        out[sym] = value
    return out
