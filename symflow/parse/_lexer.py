"""The tokens of the whitelist grammar (:mod:`symflow.parse`): the limits, the whitelisted names, exact numbers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import sympy

from ..errors import InvalidArgument, ParseError

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


