"""Hypothesis strategies for the objects of the sources: exact rationals, initializations of a deep diagonal network
that satisfy (or violate) assumption (𝒜), least-squares data of a given rank, whole problems; and for any
parameterization: polynomials, polynomial maps, every family at random sizes, exact initializations off the singular
set (:func:`polynomials`, :func:`polynomial_maps`, :func:`family_instances`, :func:`parameterizations`,
:func:`initializations`).

Everything drawn is exact (``sympy.Rational`` entries, ``sympy.Matrix`` data), so a property that fails shrinks to
a counterexample a reader can re-run.  Every strategy is built by construction, not by filtering, so no draw is
rejected.

Assumption (𝒜) (DD-EqA, Labarrière et al. eq. (𝒜)): for every coordinate :math:`i \\in [d]`,
:math:`\\#\\arg\\min_{k\\in[L]} |u^k_i(0)| = 1` -- the layer of minimal absolute value is unique.

Layers are returned as a tuple of ``L`` tuples of ``d`` Rationals: ``init[j][i]`` is :math:`u^{j+1}_{i+1}(0)`.

>>> from hypothesis import given
>>> @given(init_satisfying_A(3, 2))
... def check(init):
...     assert satisfies_A(init)
>>> check()
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from hypothesis import strategies as st

from .errors import InvalidArgument

__all__ = [
    "rationals",
    "init_satisfying_A",
    "init_violating_A",
    "least_squares_data",
    "deep_diagonal_problem",
    "DeepDiagonalProblem",
    "satisfies_A",
    "polynomials",
    "polynomial_maps",
    "family_instances",
    "parameterizations",
    "initializations",
    "FAMILIES",
]


def _check_int(name: str, value, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or (
            maximum is not None and value > maximum):
        rng = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) must be an integer {rng}")
    return value


def _check_rational(name: str, value) -> sympy.Rational:
    if isinstance(value, float) or isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) must be exact: pass an int, "
                              f"a fractions.Fraction or a string such as '{value!r}'")
    try:
        r = sympy.Rational(value)
    except (TypeError, ValueError):
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) is not a rational number") from None
    return r


def rationals(min_value=-2, max_value=2, max_denominator: int = 8) -> st.SearchStrategy:
    """Exact ``sympy.Rational`` p/q with ``1 <= q <= max_denominator`` in ``[min_value, max_value]``."""
    lo, hi = _check_rational("min_value", min_value), _check_rational("max_value", max_value)
    if lo > hi:
        raise InvalidArgument(f"min_value={lo} > max_value={hi}; swap them")
    qmax = _check_int("max_denominator", max_denominator, 1)

    @st.composite
    def _draw(draw):
        q = draw(st.integers(1, qmax))
        p_lo, p_hi = int(sympy.ceiling(lo * q)), int(sympy.floor(hi * q))
        if p_lo > p_hi:  # no multiple of 1/q in the interval: fall back to the lower bound
            return lo
        return sympy.Rational(draw(st.integers(p_lo, p_hi)), q)

    return _draw()


def satisfies_A(init) -> bool:
    """Assumption (𝒜): in every coordinate the minimal absolute value over the layers is attained once."""
    L, d = len(init), len(init[0])
    for i in range(d):
        absvals = [abs(init[j][i]) for j in range(L)]
        if absvals.count(min(absvals)) != 1:
            return False
    return True


def init_satisfying_A(L: int, d: int, *, max_abs=2, max_denominator: int = 8, min_gap="1/8",
                      sign_changes: bool = True, zero_min: bool | None = None) -> st.SearchStrategy:
    """Initializations ``init[j][i]`` of ``L`` layers in ``R^d`` satisfying (𝒜) (DD-EqA), by construction.

    In each coordinate ``i`` the minimal layer ``k_i`` is drawn, its absolute value ``a_i`` in ``[0, max_abs]``,
    and every other layer gets absolute value ``a_i + gap`` with ``gap >= min_gap``; signs are random when
    ``sign_changes`` (else all positive).  ``zero_min=True`` forces ``a_i = 0`` (a layer at zero, as in DD-Fig-4),
    ``False`` forbids it, ``None`` allows both.
    """
    L = _check_int("L", L, 2)
    d = _check_int("d", d, 1)
    amax = _check_rational("max_abs", max_abs)
    gmin = _check_rational("min_gap", min_gap)
    if amax <= 0 or gmin <= 0 or gmin > amax:
        raise InvalidArgument(f"need 0 < min_gap <= max_abs, got min_gap={gmin}, max_abs={amax}")
    mags = rationals(0, amax, max_denominator)
    gaps = rationals(gmin, amax, max_denominator)

    @st.composite
    def _draw(draw):
        layers = [[sympy.Integer(0)] * d for _ in range(L)]
        for i in range(d):
            k = draw(st.integers(0, L - 1))
            if zero_min is True:
                a = sympy.Integer(0)
            else:
                a = draw(mags.filter(lambda r: r != 0)) if zero_min is False else draw(mags)
            for j in range(L):
                mag = a if j == k else a + draw(gaps)
                sign = draw(st.sampled_from((1, -1))) if sign_changes else 1
                layers[j][i] = sign * mag
        return tuple(tuple(row) for row in layers)

    return _draw()


def init_violating_A(L: int, d: int, *, max_abs=2, max_denominator: int = 8) -> st.SearchStrategy:
    """Initializations where (𝒜) fails: some coordinate has two layers of equal minimal absolute value."""
    L = _check_int("L", L, 2)
    d = _check_int("d", d, 1)
    amax = _check_rational("max_abs", max_abs)
    if amax <= 0:
        raise InvalidArgument(f"max_abs={amax} must be > 0")
    mags = rationals(0, amax, max_denominator)
    pos = rationals(sympy.Rational(1, max_denominator), amax, max_denominator)

    @st.composite
    def _draw(draw):
        bad = draw(st.integers(0, d - 1))
        layers = [[sympy.Integer(0)] * d for _ in range(L)]
        for i in range(d):
            a = draw(mags)
            if i == bad:
                j1, j2 = draw(st.lists(st.integers(0, L - 1), min_size=2, max_size=2, unique=True))
                tied = {j1, j2}
            else:
                tied = {draw(st.integers(0, L - 1))}
            for j in range(L):
                mag = a if j in tied else a + draw(pos)
                layers[j][i] = draw(st.sampled_from((1, -1))) * mag
        return tuple(tuple(row) for row in layers)

    return _draw()


def least_squares_data(n: int, d: int, rank: int | None = None, *, max_abs: int = 3) -> st.SearchStrategy:
    """Exact data ``(X, y)``: ``X`` an ``n x d`` ``sympy.Matrix`` of integers of rank exactly ``rank`` (default
    ``min(n, d)``), ``y`` an ``n x 1`` Rational vector.

    ``X = P [A; C A] [I_r, B] Q`` up to row/column permutations ``P, Q``: the first ``r`` rows of the product
    contain ``[A, A B]`` with ``A`` unimodular-triangular, so the rank is exactly ``r``.
    """
    n = _check_int("n", n, 1)
    d = _check_int("d", d, 1)
    r = min(n, d) if rank is None else _check_int("rank", rank, 1, min(n, d))
    m = _check_int("max_abs", max_abs, 1)
    ints = st.integers(-m, m)

    @st.composite
    def _draw(draw):
        # A: r x r unit lower-triangular (det 1); B: r x (d-r); C: (n-r) x r
        A = sympy.Matrix(r, r, lambda a, b: 1 if a == b else (draw(ints) if a > b else 0))
        B = sympy.Matrix(r, d - r, lambda a, b: draw(ints))
        C = sympy.Matrix(n - r, r, lambda a, b: draw(ints))
        top = A * sympy.Matrix.hstack(sympy.eye(r), B)
        X = sympy.Matrix.vstack(top, C * top) if n > r else top
        rows = draw(st.permutations(list(range(n))))
        cols = draw(st.permutations(list(range(d))))
        X = X.extract(rows, cols)
        y = sympy.Matrix(n, 1, lambda a, b: draw(rationals(-m, m, 4)))
        return X, y

    return _draw()


@dataclass(frozen=True)
class DeepDiagonalProblem:
    """A deep diagonal least-squares problem: ``L`` layers in ``R^d``, data ``X`` (n x d), ``y``, and ``init``
    (``init[j][i]`` = :math:`u^{j+1}_{i+1}(0)`), loss :math:`\\|X\\theta - y\\|^2`."""

    L: int
    d: int
    X: sympy.Matrix
    y: sympy.Matrix
    init: tuple

    @property
    def n(self) -> int:
        return self.X.shape[0]


def deep_diagonal_problem(L: int, d: int, n: int, *, rank: int | None = None, satisfy_A: bool = True,
                          max_abs=2, sign_changes: bool = True) -> st.SearchStrategy:
    """A :class:`DeepDiagonalProblem` with least-squares data of the given rank and an initialization that
    satisfies (𝒜) (or violates it when ``satisfy_A=False``)."""
    inits = (init_satisfying_A(L, d, max_abs=max_abs, sign_changes=sign_changes) if satisfy_A
             else init_violating_A(L, d, max_abs=max_abs))
    data = least_squares_data(n, d, rank)
    return st.builds(lambda Xy, init: DeepDiagonalProblem(L, d, Xy[0], Xy[1], init), data, inits)


# ------------------------------------------------------------------------------------ any parameterization
def polynomials(params, *, max_degree: int = 2, max_terms: int = 3, coefficients=None) -> st.SearchStrategy:
    """Non-constant polynomials in ``params`` (SymPy symbols or names) with exact rational coefficients: a sum of
    1..``max_terms`` monomials of total degree 1..``max_degree`` (the coefficients non-zero, from ``coefficients``,
    default :func:`rationals` in [-2, 2]).

    >>> from hypothesis import given
    >>> @given(polynomials("u v", max_degree=3))
    ... def check(p):
    ...     assert p.free_symbols and sympy.Poly(p, *sympy.symbols("u v")).total_degree() <= 3
    >>> check()
    """
    syms = _symbols(params)
    deg = _check_int("max_degree", max_degree, 1)
    terms = _check_int("max_terms", max_terms, 1)
    coeffs = (coefficients if coefficients is not None else rationals(-2, 2, 4)).filter(lambda c: c != 0)
    exponent = st.lists(st.integers(0, deg), min_size=len(syms), max_size=len(syms)).filter(
        lambda e: 1 <= sum(e) <= deg)

    @st.composite
    def _draw(draw):
        mons = draw(st.lists(exponent, min_size=1, max_size=terms, unique_by=tuple))
        return sympy.Add(*(draw(coeffs) * sympy.Mul(*(s ** k for s, k in zip(syms, e))) for e in mons))

    return _draw()


def _symbols(params) -> tuple:
    if isinstance(params, str):
        params = params.split()
    syms = tuple(sympy.Symbol(p) if isinstance(p, str) else p for p in params)
    if not syms or not all(isinstance(s, sympy.Symbol) for s in syms):
        raise InvalidArgument(f"params={params!r} must be a non-empty list of names or SymPy symbols")
    return syms


def polynomial_maps(D: int | None = None, d: int | None = None, *, max_degree: int = 2,
                    max_terms: int = 3) -> st.SearchStrategy:
    """Parameterizations ``x1..xD -> (G_1, ..., G_d)`` with each output a random polynomial (:func:`polynomials`).
    ``D`` in 1..4 and ``d`` in 1..D are drawn when not given.  Nothing guarantees commuting or regular: that is what
    a property tests."""
    from .parameterization import Parameterization

    Ds = st.just(_check_int("D", D, 1, 8)) if D is not None else st.integers(1, 4)

    @st.composite
    def _draw(draw):
        n = draw(Ds)
        m = _check_int("d", d, 1, n) if d is not None else draw(st.integers(1, n))
        syms = sympy.symbols(f"x1:{n + 1}")
        outs = [draw(polynomials(syms, max_degree=max_degree, max_terms=max_terms)) for _ in range(m)]
        return Parameterization(syms, outs)

    return _draw()


#: the families of :mod:`symflow.families` with the sizes :func:`family_instances` draws (kept small: exact)
FAMILIES = ("uv", "deep_diagonal", "power", "two_branch", "fixed_direction_relu", "deep_linear")


def family_instances(names=FAMILIES, *, max_L: int = 4, max_d: int = 3) -> st.SearchStrategy:
    """An instance of one of the families (``uv(d)``, ``deep_diagonal(L, d)``, ``power(L, d)``, ``two_branch(L,
    d)``, ``fixed_direction_relu(m)``, ``deep_linear(dims)``) at random sizes ``2 <= L <= max_L``, ``1 <= d <=
    max_d`` (deep linear: 2 or 3 layers of widths 1..2)."""
    from . import families

    L_max, d_max = _check_int("max_L", max_L, 2), _check_int("max_d", max_d, 1)
    unknown = [n for n in names if n not in FAMILIES]
    if isinstance(names, str) or unknown or not names:
        raise InvalidArgument(f"names={names!r} must be a non-empty tuple drawn from {FAMILIES}")
    Ls, ds = st.integers(2, L_max), st.integers(1, d_max)
    build = {
        "uv": st.builds(families.uv, ds),
        "deep_diagonal": st.builds(families.deep_diagonal, Ls, ds),
        "power": st.builds(families.power, Ls, ds),
        "two_branch": st.builds(families.two_branch, Ls, ds),
        "fixed_direction_relu": st.builds(families.fixed_direction_relu, ds),
        "deep_linear": st.builds(families.deep_linear, st.lists(st.integers(1, 2), min_size=3, max_size=4)),
    }
    return st.one_of(*(build[n] for n in names))


def parameterizations(**kwargs) -> st.SearchStrategy:
    """Any parameterization: a family instance (:func:`family_instances`) or a polynomial map
    (:func:`polynomial_maps`, keyword arguments go there)."""
    return st.one_of(family_instances(), polynomial_maps(**kwargs))


def initializations(G, *, max_abs=2, max_denominator: int = 8, nonzero: bool = True) -> st.SearchStrategy:
    r"""Exact rational points x(0) (a dict Symbol -> Rational) where :math:`\partial G` has full rank d, i.e. off
    the singular set of G (checked exactly over QQ for each draw; the singular set has measure zero, so the filter
    rarely rejects).  ``nonzero`` also keeps every coordinate away from 0 (the families' singular sets meet the
    coordinate planes).  For a map whose rank is below d everywhere no point exists: Hypothesis then reports an
    unsatisfiable strategy."""
    from .parameterization import Parameterization

    if not isinstance(G, Parameterization):
        raise InvalidArgument(f"G={G!r} ({type(G).__name__}) must be a Parameterization")
    amax = _check_rational("max_abs", max_abs)
    values = rationals(-amax, amax, max_denominator)
    if nonzero:
        values = values.filter(lambda r: r != 0)
    point = st.fixed_dictionaries({s: values for s in G.params})
    return point.filter(lambda x0: G.jacobian_at(x0).rank() == G.d)
