"""Tests of symflow.parse: the whitelist grammar (never eval), exact numbers, limits, messages with positions."""

from __future__ import annotations

import builtins
import os
import re
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symflow.errors import InvalidArgument, ParseError
from symflow.parse import (
    MAX_DEPTH,
    MAX_LENGTH,
    parse_assignments,
    parse_expr,
    parse_exprs,
    parse_symbols,
)

U, V = parse_symbols("u v")


def test_symbols_are_real_and_ordered():
    syms = parse_symbols("u, v w1  x_2")
    assert [s.name for s in syms] == ["u", "v", "w1", "x_2"]
    assert all(s.is_real for s in syms)
    assert syms[0] == sympy.Symbol("u", real=True)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("u v u", "listed twice"),
        ("pi", "reserved"),
        ("sqrt", "reserved"),
        ("u,", "no name after"),
        (",u", "no name before"),
        ("u _x", "column 3"),
        ("", "empty"),
        ("u-v", "column 2"),
    ],
)
def test_parse_symbols_rejects(text, fragment):
    with pytest.raises(ParseError, match=re.escape(fragment)):
        parse_symbols(text)


def test_dunder_import_string_is_rejected_and_executes_nothing(tmp_path):
    marker = tmp_path / "pwned"
    attack = f"__import__('os').system('touch {marker}')"
    with pytest.raises(ParseError, match=r"'__import__' at column 1"):
        parse_expr(attack, [U, V])
    with pytest.raises(ParseError):
        parse_expr(attack, [U, V], allow_unknown=True)
    for text in (attack, "u.__class__", "(u).real", "lambda: 1", "[u for u in v]", "{'a': 1}", "u; import os"):
        with pytest.raises(ParseError):
            parse_expr(text, [U, V])
    assert not os.path.exists(marker)


def test_parser_never_calls_eval_exec_or_string_sympify(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec/sympify called by the parser")

    text = "asinh(u/2)*sqrt(v**2 + 1) - 0.25*Rational(3, 7)*exp(-u) + abs(v) + pi"
    parse_expr(text, [U, V])  # first run: SymPy's lazy imports (the import system calls exec) happen here
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    # sympify of a str goes through sympy_parser.parse_expr (which runs eval): it must never be reached
    import sympy.parsing.sympy_parser as sympy_parser

    monkeypatch.setattr(sympy_parser, "parse_expr", forbidden)
    e = parse_expr(text, [U, V])
    assert e == sympy.asinh(U / 2) * sympy.sqrt(V**2 + 1) - sympy.Rational(3, 28) * sympy.exp(-U) + abs(V) + sympy.pi


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.1", sympy.Rational(1, 10)),
        ("1e-3", sympy.Rational(1, 1000)),
        ("2.5E2", sympy.Integer(250)),
        (".5", sympy.Rational(1, 2)),
        ("3.", sympy.Integer(3)),
        ("0.1 + 0.2 - 0.3", sympy.Integer(0)),
        ("2**-1", sympy.Rational(1, 2)),
        ("-2**2", sympy.Integer(-4)),
        ("2**3**2", sympy.Integer(512)),
        ("Rational(-1, 3) + Rational(1, 3)", sympy.Integer(0)),
        ("7/2/7", sympy.Rational(1, 2)),
        ("1 - - 1", sympy.Integer(2)),
    ],
)
def test_numbers_are_exact_and_precedence_is_python(text, expected):
    got = parse_expr(text)
    assert got == expected
    assert not got.has(sympy.Float)


def test_expressions_with_symbols():
    assert parse_expr("-u**2", [U]) == -(U**2)
    assert parse_expr("u/v/2", [U, V]) == U / (2 * V)
    assert parse_expr("u - v + 1", {"u": U, "v": V}) == U - V + 1
    assert parse_expr("sqrt(u**2)", [U]) == sympy.Abs(U)  # real symbols: SymPy knows sqrt(u^2) = |u|
    assert parse_expr("sign(u)*Abs(u)", "u") == sympy.sign(U) * sympy.Abs(U)
    w = parse_expr("w + u", [U], allow_unknown=True)
    (wsym,) = w.free_symbols - {U}
    assert wsym.name == "w" and wsym.is_real


def test_caller_symbols_are_used_as_given():
    x = sympy.Symbol("x", positive=True)
    e = parse_expr("sqrt(x**2)", [x])
    assert e == x  # positive symbol: the caller's assumptions reach SymPy


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("u^2", "'^' at column 2"),
        ("u^2", "'**'"),
        ("foo + u", "unknown name 'foo' at column 1"),
        ("u + foo", "column 5"),
        ("u*bar(v)", "unknown function 'bar' at column 3"),
        ("1/0", "division by zero at column 2"),
        ("u/(v - v)", "division by zero at column 2"),
        ("0**-1", "division by zero"),
        ("Rational(1, 0)", "division by zero"),
        ("log(0)", "log(0)"),
        ("atanh(1)", "undefined"),
        ("u.real", "'.' at column 2"),
        ("2u", "column 2"),
        ("u(v)", "not a function"),
        ("u v", "column 3"),
        ("(u)(v)", "column 4"),
        ("u, v", "',' at column 2"),
        ("u = 1", "'=' at column 3"),
        ("'u'", "quote"),
        ("[u]", "bracket '[' at column 1"),
        ("u + ", "operand is missing"),
        ("(u", "expected ')'"),
        ("u)", "unmatched ')' at column 2"),
        ("()", "empty parentheses at column 1"),
        ("sqrt", "needs an argument"),
        ("sqrt(u, v)", "exactly 1 argument"),
        ("sqrt()", "no argument"),
        ("Rational(1.5, 2)", "not an integer"),
        ("Rational(u, 2)", "not an integer"),
        ("u $ v", "'$' at column 3"),
        ("", "empty expression"),
        ("   ", "empty expression"),
    ],
)
def test_errors_name_token_and_position(text, fragment):
    with pytest.raises(ParseError) as info:
        parse_expr(text, [U, V])
    assert fragment in str(info.value)


def test_unknown_name_message_lists_allowed_names():
    with pytest.raises(ParseError) as info:
        parse_expr("u + q", [U, V])
    msg = str(info.value)
    for word in ("symbols u, v", "asinh", "Rational(p, q)", "pi", "**"):
        assert word in msg


def test_power_and_size_bombs_error_instead_of_hanging():
    with pytest.raises(ParseError, match="exceeds 1000"):
        parse_expr("9**9**9")
    with pytest.raises(ParseError, match="exceeds 1000"):
        parse_expr("u**(10**4)", [U])
    with pytest.raises(ParseError, match="bits"):
        parse_expr("(10**999)**999")
    with pytest.raises(ParseError, match="exponent"):
        parse_expr("1e999999")
    with pytest.raises(ParseError, match="digits"):
        parse_expr("1" * 2000)
    assert parse_expr("2**1000") == sympy.Integer(2) ** 1000
    assert parse_expr("u**-1000", [U]) == U**-1000


def test_nesting_limit():
    # the whole expression is level 1; each parenthesis, call, sign or exponent opens one more
    ok = "(" * (MAX_DEPTH - 1) + "u" + ")" * (MAX_DEPTH - 1)
    assert parse_expr(ok, [U]) == U
    assert parse_expr("-" * (MAX_DEPTH - 2) + "u", [U]) == U  # an even number of minus signs
    assert parse_expr("sqrt(" * (MAX_DEPTH - 1) + "u" + ")" * (MAX_DEPTH - 1), [U]).has(U)
    for bomb in ("(" * MAX_DEPTH + "u" + ")" * MAX_DEPTH, "-" * 5000 + "u", "sqrt(" * 300 + "u" + ")" * 300):
        with pytest.raises(ParseError, match="nesting deeper than"):
            parse_expr(bomb, [U])
    with pytest.raises(ParseError, match="nesting deeper than"):
        parse_expr("u" + "**u" * 300, [U])


def test_length_limit_and_long_sums():
    text = "+".join(["u"] * 3000)
    assert parse_expr(text, [U]) == 3000 * U
    with pytest.raises(ParseError, match=str(MAX_LENGTH)):
        parse_expr("u+" * MAX_LENGTH + "u", [U])


@pytest.mark.parametrize("bad", [None, 3, b"u", ["u"]])
def test_non_string_text_is_invalid_argument(bad):
    with pytest.raises(InvalidArgument, match="must be a str"):
        parse_expr(bad)


def test_bad_symbols_argument():
    with pytest.raises(InvalidArgument, match="sympy.Symbol"):
        parse_expr("u", [1, 2])
    with pytest.raises(InvalidArgument, match="mapping|Mapping"):
        parse_expr("u", {"u": 1})


def test_parse_exprs_splits_outputs_with_columns():
    assert parse_exprs("u*v; u**2 - v**2", [U, V]) == (U * V, U**2 - V**2)
    assert parse_exprs("Rational(1, 2)*u, v", [U, V], sep=",") == (U / 2, V)
    with pytest.raises(ParseError, match="column 11"):
        parse_exprs("u*v; u**2 ^ v", [U, V])
    with pytest.raises(ParseError, match="expression 2 of 3"):
        parse_exprs("u;;v", [U, V])
    with pytest.raises(ParseError, match="empty"):
        parse_exprs("u;", [U, V])
    with pytest.raises(InvalidArgument, match="sep"):
        parse_exprs("u", [U], sep="|")


def test_parse_assignments():
    assert parse_assignments("u=1/2; v=-0.25", [U, V]) == {U: sympy.Rational(1, 2), V: sympy.Rational(-1, 4)}
    assert parse_assignments(" u = Rational(1, 2), v=sqrt(2) ", [U, V]) == {U: sympy.Rational(1, 2), V: sympy.sqrt(2)}
    assert parse_assignments("u=pi", [U]) == {U: sympy.pi}


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("u=1, u=2", "assigned twice"),
        ("w=1", "unknown symbol 'w' at column 1"),
        ("u=v", "unknown name 'v' at column 3"),
        ("u=sqrt(-1)", "not real"),
        ("u=1,,v=2", "empty assignment at column 5"),
        ("u 1", "no '='"),
        ("u=1/0", "division by zero at column 4"),
        ("u=", "no value"),
        ("u==1", "second '='"),
        ("__import__('os')=1", "not a symbol name"),
        ("", "empty assignment list"),
    ],
)
def test_parse_assignments_rejects(text, fragment):
    with pytest.raises(ParseError) as info:
        parse_assignments(text, [U, V])
    assert fragment in str(info.value)


_monomial = st.tuples(
    st.fractions(min_value=-50, max_value=50, max_denominator=30),
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=6),
)


@settings(deadline=None, max_examples=50)
@given(st.lists(_monomial, min_size=1, max_size=8))
def test_round_trip_of_printed_polynomials(monomials):
    expr = sympy.Add(*[sympy.Rational(c.numerator, c.denominator) * U**a * V**b for c, a, b in monomials])
    back = parse_expr(str(expr), [U, V])
    assert sympy.expand(back - expr) == 0


@settings(deadline=None, max_examples=25)
@given(
    st.sampled_from(["sqrt", "exp", "log", "sinh", "cosh", "tanh", "asinh", "atanh", "Abs", "sign"]),
    st.fractions(min_value=Fraction(1, 7), max_value=3, max_denominator=20),
    st.integers(min_value=-3, max_value=3),
)
def test_round_trip_of_printed_functions(name, c, k):
    f = getattr(sympy, name)
    expr = f(sympy.Rational(c.numerator, c.denominator) * U + V) * V**k + U
    assert parse_expr(str(expr), [U, V]) == expr  # structurally equal, not only mathematically


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet="uv0123456789.eE+-*/^()=,;_ 'xsqrtlogpiabcdR", max_size=40))
def test_fuzz_only_parse_errors(text):
    # any text either parses to a SymPy expression in u, v or raises ParseError (never another exception)
    try:
        e = parse_expr(text, [U, V])
    except ParseError as exc:
        assert "column" in str(exc) or "empty" in str(exc) or "undefined" in str(exc) or "division" in str(exc)
    else:
        assert isinstance(e, sympy.Expr) and e.free_symbols <= {U, V}
