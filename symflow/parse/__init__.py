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

from collections.abc import Iterable, Mapping

import sympy

from ..errors import InvalidArgument, ParseError
from ._grammar import _has_bad, _Parser
from ._lexer import (CONSTANTS, FUNCTIONS, MAX_BITS, MAX_DEPTH, MAX_EXPONENT, MAX_LENGTH, _check_text, _NAME_RE,
                     _RESERVED, _short, _tokenize)

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
