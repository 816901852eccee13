"""The Pratt (precedence-climbing) parser of the whitelist grammar (:mod:`symflow.parse`): tokens -> SymPy."""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from ..errors import ParseError
from ._lexer import (CONSTANTS, FUNCTIONS, MAX_BITS, MAX_DEPTH,
                     MAX_EXPONENT, _allowed, _number, _Tok)

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

