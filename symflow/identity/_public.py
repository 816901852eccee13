"""The public zero test: is_zero, equal, vanishes_formally."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import sympy

from ..errors import InvalidArgument
from ..validation import check_dps, check_int, time_limit
from ..verdict import Inconclusive, Proved, Refuted, Verdict, Verified
from ._exact import _as_fraction, _exact


from ._numeric import _bounded_simplify, _numeric
from ._points import _check_expr, _Domain, _variables


# -------------------------------------------------------------------------------------------------------- public
def _check_common(dps, points, seed, simplify_seconds, domain):
    check_dps(dps)
    check_int(points, "points", 1)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise InvalidArgument(f"seed={seed!r} ({type(seed).__name__}) must be an integer")
    if simplify_seconds is not None and (
            isinstance(simplify_seconds, bool) or not isinstance(simplify_seconds, (int, float)) or simplify_seconds <= 0):
        raise InvalidArgument(f"simplify_seconds={simplify_seconds!r} ({type(simplify_seconds).__name__}) must be "
                              "None or a positive number of seconds")
    if domain is not None and not (callable(domain) or isinstance(domain, Mapping)):
        raise InvalidArgument(f"domain={domain!r} ({type(domain).__name__}) must be None, a mapping Symbol -> (lo, hi)"
                              " or a callable point -> bool")


def _is_zero(expr, sides, symbols, assumptions, domain, dps, points, seed, simplify_seconds) -> Verdict:
    variables = _variables(expr, symbols)
    frac, bound = _as_fraction(expr, variables)
    if frac is not None:
        return _exact(expr, variables, frac, domain, assumptions, seed, sides, bound)
    if simplify_seconds is not None:
        simpler = _bounded_simplify(expr, simplify_seconds)
        if simpler is not None and simpler != expr:
            if simpler == 0:
                check = _numeric(expr, variables, domain, assumptions, dps, points, seed, sides)
                if check.word == "refuted":  # simplify disagrees with the numbers: trust the re-runnable numbers
                    return check
                return Proved(
                    "sympy.simplify (time-bounded) reduced it to 0; numeric check: " + check.summary(),
                    certificate={"method": "sympy.simplify", "seconds_limit": simplify_seconds, "numeric": check.word},
                )
            frac, bound = _as_fraction(simpler, variables)
            if frac is not None and (simpler == 0 if not variables else not frac.num):
                return Proved(
                    "sympy.simplify (time-bounded) gave a rational function that is 0 over QQ",
                    certificate={"method": "sympy.simplify, then polynomial identity over QQ"},
                )
    return _numeric(expr, variables, domain, assumptions, dps, points, seed, sides)


def _combine(verdicts: list[tuple[tuple[int, int], Verdict]]) -> Verdict:
    """One verdict for a matrix: the first refutation, else the weakest of the rest."""
    for idx, v in verdicts:
        if v.word == "refuted":
            cex = {"entry": str(idx), **dict(v.counterexample)}
            return Refuted(f"entry {idx}: {v.detail}", counterexample=cex, measured_digits=v.measured_digits)
    for idx, v in verdicts:
        if v.word == "inconclusive":
            return Inconclusive(f"entry {idx}: {v.detail}", reason=v.reason)
    numeric = [v for _, v in verdicts if v.word == "verified"]
    if not numeric:
        return Proved(f"all {len(verdicts)} entries are exact identities", certificate={
            "method": "polynomial identity over QQ", "entries": len(verdicts)})
    weakest = min(numeric, key=lambda v: v.n_digits)
    points = tuple(dict.fromkeys(p for v in numeric for p in v.points))
    return Verified(
        f"all {len(verdicts)} entries: {len(verdicts) - len(numeric)} exact, {len(numeric)} numeric;"
        f" weakest {weakest.n_digits} digits",
        n_digits=weakest.n_digits, points=points, dps=weakest.dps, method=weakest.method,
    )


def is_zero(
    expr,
    *,
    symbols: Iterable[sympy.Symbol] | None = None,
    assumptions: Mapping | None = None,
    domain: _Domain = None,
    dps: int = 50,
    points: int = 3,
    seed: int = 0,
    simplify_seconds: float | None = None,
    _sides: tuple | None = None,
) -> Verdict:
    r"""Decide :math:`\text{expr} \equiv 0` on a domain: exact when rational over QQ, else measured numerics.

    Arguments:
        expr: a SymPy expression (or Matrix: every entry is checked), a number, or a str (whitelist-parsed).
        symbols: the variables (default: the free symbols, by name); other free symbols are added after them.
        assumptions: ``{symbol or name: "positive" | "negative" | "nonnegative" | ...}``: chooses default intervals
            (the Symbol's own assumptions, e.g. ``positive=True``, count too).
        domain: ``{symbol or name: (lo, hi)}`` open intervals with exact rational ends, or a callable
            ``point -> bool`` filtering points drawn from the default intervals.
        dps: decimal digits of the first evaluation; the second uses ``2*dps``.
        points: number of rational points for the numeric test.
        seed: seed of the points (deterministic).
        simplify_seconds: if set, ``sympy.simplify`` runs in a child process for at most this long before the
            numeric test (off by default).

    Returns:
        :class:`Proved` (certificate: ring, form), :class:`Refuted` (counterexample: the point as exact strings and
        ``value``), :class:`Verified` (measured digits, points, dps) or :class:`Inconclusive` (reason).

    Examples:
        >>> u, v = sympy.symbols("u v", real=True)
        >>> is_zero((u + v)**2 - u**2 - 2*u*v - v**2).word
        'proved'
        >>> x = sympy.Symbol("x", positive=True)
        >>> is_zero(sympy.asinh(sympy.sinh(x)) - x).digits >= 45
        True

    Limitations:
        A numeric ``verified`` is evidence at the listed points, not a proof; a branch cut or a special value that
        falls between the sampled points is not seen.  The exact path needs an expanded size below 200000 terms.
    """
    _check_common(dps, points, seed, simplify_seconds, domain)
    expr = _check_expr(expr, "expr", symbols)
    if isinstance(expr, sympy.MatrixBase):
        results = []
        for i in range(expr.rows):
            for j in range(expr.cols):
                side = (_sides[0][i, j], _sides[1][i, j]) if _sides is not None else None
                results.append(((i, j), _is_zero(expr[i, j], side, symbols, assumptions, domain, dps, points, seed,
                                                 simplify_seconds)))
        return _combine(results)
    if expr.has(sympy.zoo, sympy.nan, sympy.oo):
        raise InvalidArgument(f"expr={str(expr)[:60]!r} contains zoo/nan/oo; it is undefined, not an identity")
    return _is_zero(expr, _sides, symbols, assumptions, domain, dps, points, seed, simplify_seconds)


def equal(lhs, rhs, **kw) -> Verdict:
    """Decide ``lhs == rhs`` (as :func:`is_zero` of ``lhs - rhs``); a counterexample reports both sides' values.

    Examples:
        >>> x = sympy.Symbol("x", real=True)
        >>> v = equal(sympy.sqrt(x**2), x)
        >>> v.word, v.counterexample["lhs"] != v.counterexample["rhs"]
        ('refuted', True)
    """
    if "_sides" in kw:
        raise InvalidArgument("_sides is internal; pass lhs and rhs")
    symbols = kw.get("symbols")
    lhs = _check_expr(lhs, "lhs", symbols)
    rhs = _check_expr(rhs, "rhs", symbols)
    if isinstance(lhs, sympy.MatrixBase) != isinstance(rhs, sympy.MatrixBase) or (
        isinstance(lhs, sympy.MatrixBase) and lhs.shape != rhs.shape
    ):
        raise InvalidArgument(
            f"lhs and rhs have different shapes ({getattr(lhs, 'shape', 'scalar')} vs"
            f" {getattr(rhs, 'shape', 'scalar')}); compare a matrix with a matrix of the same shape"
        )
    return is_zero(lhs - rhs, _sides=(lhs, rhs), **kw)


def vanishes_formally(expr, *, seconds: int = 10) -> bool:
    r"""True when ``expr`` is 0 as a rational function of its symbols and of its other atoms taken as independent
    indeterminates: ``exp(c t)`` (c rational) becomes :math:`T_t^c` after ``exp(a + b) = exp(a) exp(b)``, every
    other function application (``log(v)``, ``asinh(w)``...) becomes a new symbol, and the
    fractional powers of one base :math:`b^{p/q}` become integer powers of a new symbol :math:`t_b = b^{1/q_b}`
    (:math:`q_b` the lcm of the denominators; a symbol base is replaced by :math:`t_b^{q_b}` everywhere).

    Sound, not complete: an identity between the atoms (``exp(u)**2 = exp(2 u)``) is not used, so False means
    "not shown", never "non-zero".  A substitution of values into a formally zero expression gives zero, so True
    proves ``expr == 0`` wherever it is defined.  Expansion runs under a ``seconds`` budget (False when it runs out).

    >>> u, v = sympy.symbols("u v", positive=True)
    >>> vanishes_formally(v * sympy.exp(u) - sympy.exp(u) * v), vanishes_formally(sympy.sqrt(u) ** 2 - u)
    (True, True)
    """
    from ..errors import TimeLimitExceeded

    e = sympy.sympify(expr, strict=True)
    try:
        with time_limit(seconds):
            e = sympy.expand(e, power_exp=True)  # exp(a + b) -> exp(a) exp(b)
            bases: dict = {}  # exp(c t) -> T_t**c: exp(t/2), exp(-t), 1/exp(t) are powers of one indeterminate
            rep_exp = {}
            for f in e.atoms(sympy.exp):
                c, t = f.args[0].as_coeff_Mul()
                rep_exp[f] = bases.setdefault(t, sympy.Dummy("T", positive=True)) ** c
            e = e.xreplace(rep_exp)
            funcs = sorted(e.atoms(sympy.Function), key=sympy.default_sort_key)
            e = e.xreplace({f: sympy.Dummy(f"f{k}") for k, f in enumerate(funcs)})
            dens: dict = {}
            for a in e.atoms(sympy.Pow):
                if a.exp.is_Rational and not a.exp.is_Integer:
                    dens[a.base] = math.lcm(dens.get(a.base, 1), int(a.exp.q))
            rep, sym_rep = {}, {}
            for b, q in dens.items():
                t = sympy.Dummy("t", positive=True)
                if b.is_Symbol:
                    sym_rep[b] = t ** q
                for a in e.atoms(sympy.Pow):
                    if a.base == b and a.exp.is_Rational:
                        rep[a] = t ** int(a.exp * q)
            e = e.xreplace(rep).xreplace(sym_rep)
            if e.atoms(sympy.Pow) and any(not a.exp.is_Integer for a in e.atoms(sympy.Pow)):
                return False
            num = sympy.together(e).as_numer_denom()[0]
            return sympy.expand(num) == 0
    except TimeLimitExceeded:
        return False

