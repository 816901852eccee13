r"""Parameterizations :math:`\theta = G(x)`: Jacobian, metric, gradient fields, regularity.

A parameterization maps the trained weights :math:`x \in \mathbb{R}^D` to the model :math:`\theta \in \mathbb{R}^d`.
Gradient flow on :math:`\mathcal{L}(G(x))` reads :math:`\dot x = -\partial G(x)^\top \nabla\mathcal{L}(G(x))`, so that
:math:`\dot\theta = -\partial G\,\partial G^\top \nabla\mathcal{L}(\theta)`; the *metric* :math:`\partial G\,\partial G^\top`
is what a mirror potential must invert (Li, Wang, Lee, Arora 2022, Thm 4.8: :math:`\nabla^2 R(\theta) =
(\partial G\,\partial G^\top)^{-1}` on the leaf of the conservation laws).

*Regular* (Li et al. 2022; DD-Def-Regular): :math:`\partial G(x)` has rank :math:`d` on the domain.
:func:`regularity` proves the generic rank exactly (rank over QQ at a rational point) and describes the singular
locus, where :math:`\partial G` drops rank, as a readable condition.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping, Sequence

import sympy
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix
from sympy.polys.polyerrors import CoercionFailed

from .errors import InvalidArgument
from .precision import agreeing_digits, precision
from .verdict import Inconclusive, Proved, Reason, Refuted, Verdict, Verified

__all__ = ["Parameterization", "regularity", "regular_on_leaf", "singular_systems", "theta_symbols", "rational_point",
           "check_parameterization", "NONSMOOTH"]

# functions that make G non-differentiable where their argument vanishes (no metric, no Hessian there)
NONSMOOTH = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Max, sympy.Min, sympy.floor, sympy.ceiling)


def theta_symbols(d: int) -> tuple[sympy.Symbol, ...]:
    """The output names of the contract (docs/contract.md): ``theta`` when d == 1, else ``theta1 .. thetad`` (real symbols)."""
    if d == 1:
        return (sympy.Symbol("theta", real=True),)
    return tuple(sympy.Symbol(f"theta{i}", real=True) for i in range(1, d + 1))


def rational_point(symbols: Sequence[sympy.Symbol], seed: int = 0, *, positive: bool = False,
                   max_den: int = 97) -> dict[sympy.Symbol, sympy.Rational]:
    """A reproducible random rational point (non-zero coordinates, denominators <= max_den)."""
    rng = random.Random(seed)
    point = {}
    for s in symbols:
        q = rng.randint(2, max_den)
        p = rng.randint(q // 3 + 1, 3 * q)
        if not positive and rng.random() < 0.5:
            p = -p
        point[s] = sympy.Rational(p, q)
    return point


@dataclass(frozen=True, eq=False)
class Parameterization:
    r"""A map :math:`G: \mathbb{R}^D \to \mathbb{R}^d`, :math:`\theta_i = G_i(x)`, given by SymPy expressions.

    Arguments:
        params: the D trained variables (SymPy symbols, created ``real=True`` by symflow).
        outputs: the d expressions :math:`G_1, \dots, G_d` in those variables: SymPy expressions, integers, or
            text, which goes through the whitelist parser :func:`symflow.parse.parse_expr` (nothing is evaluated).
        name: a readable name (families set it, e.g. ``deep_diagonal(L=4, d=5)``).
        theta: output symbols; default :func:`theta_symbols`.

    Raises:
        InvalidArgument: empty input, repeated parameters, or an output using a symbol that is not a parameter.
    """

    params: tuple
    outputs: tuple
    name: str | None = None
    theta: tuple | None = None
    meta: Mapping = field(default_factory=dict)

    def __post_init__(self) -> None:
        params = tuple(self.params)
        if not params:
            raise InvalidArgument("params=() is empty: give at least one parameter, e.g. --params \"u v\"")
        if any(not isinstance(p, sympy.Symbol) for p in params):  # before parsing outputs, which need the names
            raise InvalidArgument(f"params={params!r} must all be sympy Symbols "
                                  "(or use Parameterization.from_strings(\"u v\", \"u*v\"))")
        outputs = tuple(_as_output(e, params, i) for i, e in enumerate(self.outputs, 1))
        if not outputs:
            raise InvalidArgument("outputs=() is empty: give at least one output, e.g. --map \"u*v\"")
        if len(set(params)) != len(params):
            raise InvalidArgument(f"params={params!r} repeat a name; each parameter must appear once")
        pset = set(params)
        for i, e in enumerate(outputs, 1):
            extra = sorted(str(s) for s in e.free_symbols - pset)
            if extra:
                raise InvalidArgument(
                    f"output {i} ({e}) uses {', '.join(extra)}, which are not parameters; add them to the params")
        theta = tuple(self.theta) if self.theta is not None else theta_symbols(len(outputs))
        if len(theta) != len(outputs):
            raise InvalidArgument(f"theta has {len(theta)} names but there are {len(outputs)} outputs")
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "outputs", outputs)
        object.__setattr__(self, "theta", theta)

    # -- constructors -------------------------------------------------------------------------------------------
    @classmethod
    def from_strings(cls, params: str, outputs: str, *, name: str | None = None) -> "Parameterization":
        """Build from user text by the whitelist parser: ``from_strings("u v", "u*v")``; outputs separated by ';'."""
        from .parse import parse_exprs, parse_symbols

        syms = parse_symbols(params)
        exprs = parse_exprs(outputs, syms)
        return cls(syms, exprs, name=name)

    # -- sizes and derivatives --------------------------------------------------------------------------------------
    @property
    def D(self) -> int:
        return len(self.params)

    @property
    def d(self) -> int:
        return len(self.outputs)

    def __repr__(self) -> str:
        label = self.name or ", ".join(str(e) for e in self.outputs[:4]) + (" ..." if self.d > 4 else "")
        return f"Parameterization({label}; D={self.D}, d={self.d})"

    @cached_property
    def _jacobian(self) -> sympy.Matrix:
        return sympy.Matrix(self.outputs).jacobian(sympy.Matrix(self.params))

    def jacobian(self) -> sympy.Matrix:
        r""":math:`\partial G`, the d x D matrix :math:`(\partial G_i / \partial x_k)` (DD-Def-Jacobian)."""
        return self._jacobian

    def metric(self) -> sympy.Matrix:
        r"""The d x d metric :math:`\partial G\,\partial G^\top` (entries expanded)."""
        J = self._jacobian
        return (J * J.T).applyfunc(sympy.expand)

    def gradient_fields(self) -> list[sympy.Matrix]:
        r"""The d vector fields :math:`\nabla G_i` as D x 1 columns."""
        J = self._jacobian
        return [J[i, :].T for i in range(self.d)]

    def hessian(self, i: int) -> sympy.Matrix:
        r""":math:`\nabla^2 G_i`, D x D."""
        return sympy.hessian(self.outputs[i], self.params)

    @cached_property
    def is_polynomial(self) -> bool:
        """Every output is a polynomial in the params with rational coefficients."""
        try:
            return all(sympy.Poly(e, *self.params).domain in (sympy.ZZ, sympy.QQ) for e in self.outputs)
        except sympy.PolynomialError:
            return False

    @cached_property
    def _ring(self):
        R, *_ = sympy.ring(list(self.params), QQ)
        return R

    def polys(self):
        """(ring, generators, outputs as ring elements over QQ); only for polynomial parameterizations."""
        if not self.is_polynomial:
            raise InvalidArgument(f"{self!r} is not polynomial over QQ; this operation needs polynomial outputs")
        return self._polys

    @cached_property
    def _polys(self):
        R = self._ring
        return R, R.gens, [R.from_expr(e) for e in self.outputs]

    @cached_property
    def nonsmooth(self) -> tuple[str, ...]:
        """The non-smooth functions G uses (``Abs(u)``, ``sign(v)``, ...; see :data:`NONSMOOTH`), sorted."""
        return tuple(sorted({str(a) for e in self.outputs for a in e.atoms(*NONSMOOTH)}))

    @cached_property
    def is_separable(self) -> bool:
        """Outputs depend on pairwise disjoint sets of parameters (diagonal-type networks)."""
        seen: set = set()
        for e in self.outputs:
            fs = e.free_symbols
            if fs & seen:
                return False
            seen |= fs
        return True

    # -- evaluation -------------------------------------------------------------------------------------------------
    def evaluate(self, point: Mapping) -> tuple:
        """G at a point (dict Symbol -> number); exact when the point is exact."""
        return tuple(sympy.expand(e.xreplace(dict(point))) for e in self.outputs)

    def jacobian_at(self, point: Mapping) -> DomainMatrix:
        """:math:`\\partial G` at an exact rational point, as a DomainMatrix over QQ."""
        Jp = self._jacobian.xreplace(dict(point))
        return DomainMatrix.from_Matrix(Jp).convert_to(QQ)


def _as_output(e, params: tuple, i: int) -> sympy.Expr:
    """One output as a SymPy expression: text by the whitelist parser, numbers exactly; nothing is eval'ed."""
    if isinstance(e, str):
        from .parse import parse_expr

        return parse_expr(e, [p for p in params if isinstance(p, sympy.Symbol)])
    if isinstance(e, bool) or isinstance(e, float):
        raise InvalidArgument(f"output {i} = {e!r} ({type(e).__name__}) must be a SymPy expression, an int or text")
    if isinstance(e, int):
        return sympy.Integer(e)
    if not isinstance(e, sympy.Expr):
        raise InvalidArgument(f"output {i} = {e!r} ({type(e).__name__}) must be a SymPy expression or text for the "
                              "whitelist parser, e.g. \"u*v\"")
    return e


def check_parameterization(G) -> Parameterization:
    """``G`` itself when it is a :class:`Parameterization`, else InvalidArgument naming the constructors."""
    if not isinstance(G, Parameterization):
        raise InvalidArgument(f"G={G!r} ({type(G).__name__}) must be a Parameterization; build one with "
                              "Parameterization(params, outputs), Parameterization.from_strings or symflow.families")
    return G


def _monomial_support(expr, params) -> frozenset | None:
    """The variables of a monomial (times a non-zero constant), or None if expr is not a monomial."""
    expr = sympy.expand(expr)
    if expr == 0:
        return frozenset()
    try:
        p = sympy.Poly(expr, *params)
    except sympy.PolynomialError:
        return None
    if len(p.terms()) != 1:
        return None
    (exps, _), = p.terms()
    return frozenset(params[k] for k, e in enumerate(exps) if e > 0)


def _minimal_hitting_sets(sets: list[frozenset], limit: int = 4096) -> list[frozenset] | None:
    """Minimal sets of variables meeting every set (the zero locus of monomials is a union of coordinate planes)."""
    sets = [s for s in sets]
    if any(len(s) == 0 for s in sets):  # a non-zero constant never vanishes
        return []
    universe = sorted(set().union(*sets), key=str) if sets else []
    found: list[frozenset] = []
    for r in range(1, len(universe) + 1):
        for combo in itertools.combinations(universe, r):
            c = frozenset(combo)
            if any(f <= c for f in found):
                continue
            if all(s & c for s in sets):
                found.append(c)
                if len(found) > limit:
                    return None
        if r > 6 and not found:
            return None
    return found


def _describe_zero_set(hitting: list[frozenset]) -> str:
    if not hitting:
        return "empty"
    parts = []
    for h in sorted(hitting, key=lambda s: (len(s), sorted(map(str, s)))):
        names = sorted(map(str, h))
        parts.append(" = ".join(names) + " = 0")
    return " or ".join(parts)


def regularity(G: Parameterization, *, seed: int = 0, max_minors: int = 300) -> tuple[Verdict, str]:
    r"""Is :math:`\partial G` of full rank d at generic points (DD-Def-Regular)?  Returns (verdict, singular set).

    The generic rank is decided exactly: the rank of :math:`\partial G` at one rational point is a lower bound of
    the generic rank, and d is an upper bound, so rank d at one point *proves* generic rank d.  Polynomial G: the
    rank over QQ.  Other G: :math:`\det(\partial G\,\partial G^\top)` at the rational point is an exact constant; it
    is proved non-zero when each of its factors is non-zero by SymPy's assumptions (``exp(2)``, ``5/4``; no
    numerical evaluation), else it is evaluated at 50 and 100 digits (``verified``).

    The singular set :math:`\{x : \operatorname{rank}\partial G(x) < d\}` (:func:`_singular_set`) is described
    readably; factors that never vanish on the reals (``exp(u)``) are dropped first.  Li et al.'s regularity is
    full rank on the domain where the flow lives: :func:`regular_on_leaf` decides that for an initialization.
    """
    generic = _generic_rank(G, seed, max_minors)
    if generic.word == "refuted":
        return generic, "everywhere"
    singular = _singular_set(G, max_minors)
    kinks = sorted({str(a.args[0]) for e in G.outputs for a in e.atoms(sympy.Abs, sympy.sign)})
    if kinks:  # dG does not exist there: part of the singular set whatever the rank elsewhere
        singular += "; G is not differentiable where " + " or ".join(f"{k} = 0" for k in kinks)
    text = f"dG has rank d = {G.d} at generic points; it drops rank exactly on: {singular}"
    if isinstance(generic, Proved):
        return Proved(text, certificate=generic.certificate), singular
    if isinstance(generic, Verified):
        return Verified(text + f" ({generic.detail})", n_digits=generic.digits, points=generic.points,
                        dps=generic.dps, method=generic.method), singular
    return generic, singular


def _generic_rank(G: Parameterization, seed: int, max_minors: int) -> Verdict:
    """Generic rank d: proved by an exact rank at a rational point, refuted when every minor vanishes."""
    point = rational_point(G.params, seed)
    pt = {str(k): str(v) for k, v in point.items()}
    try:
        rank = G.jacobian_at(point).rank()
    except CoercionFailed:  # transcendental entries: an exact constant decided by assumptions, else numerically
        return _rank_transcendental(G, point, pt)
    if rank < G.d:
        # generic rank is < d iff every d x d minor vanishes identically; decide exactly at a second point too
        rank2 = G.jacobian_at(rational_point(G.params, seed + 1)).rank()
        if rank2 >= G.d:
            rank, pt = rank2, {str(k): str(v) for k, v in rational_point(G.params, seed + 1).items()}
        else:
            minors_zero = _all_minors_vanish(G, max_minors)
            if minors_zero is not False:
                how = ("every d x d minor of dG is identically 0" if minors_zero
                       else "rank < d at two independent rational points (Schwartz-Zippel)")
                return Refuted(f"dG has rank {rank} < d = {G.d} everywhere ({how})",
                               counterexample={"point": pt, "rank": rank, "d": G.d})
    return Proved(f"dG has rank d = {G.d} at a rational point", certificate={
        "method": "exact rank of dG over QQ at a rational point", "point": pt, "rank": rank, "d": G.d})


def _never_zero(f) -> bool:
    """f cannot vanish on the reals, by SymPy's assumptions alone (a non-zero number, exp(...)); sums are not
    decided (their sign would need numerical evaluation)."""
    return f.is_zero is False and not f.is_Add


def _vanishing_part(e) -> sympy.Expr:
    """e with its factors that never vanish dropped (1 when e never vanishes, 0 when e is 0)."""
    if e == 0:
        return sympy.S.Zero
    e = sympy.factor(e) if e.is_polynomial(*e.free_symbols) else sympy.factor_terms(sympy.powsimp(e))
    num = sympy.together(e).as_numer_denom()[0]
    keep = [f for f in sympy.Mul.make_args(num) if not _never_zero(f)]
    return sympy.Mul(*[f.base if f.is_Pow and f.exp.is_positive and f.exp.is_Integer else f for f in keep])


def _rank_transcendental(G: Parameterization, point, pt: dict) -> Verdict:
    """det(dG dG^T) at a rational point: proved non-zero when every factor is non-zero by assumptions."""
    Jp = G.jacobian().xreplace(dict(point))
    if G.d == 1:  # rank 1 iff one entry of the gradient is non-zero
        entry = next((e for e in Jp if e != 0 and _vanishing_part(e) == 1), None)
        if entry is not None:
            return Proved(f"the gradient has the entry {entry} != 0 at a rational point", certificate={
                "method": "an entry of dG at a rational point is an exact constant whose factors are non-zero by "
                          "SymPy's assumptions (no numerical evaluation)", "point": pt, "entry": str(entry)})
    gram = sympy.factor_terms(sympy.powsimp((Jp * Jp.T).det(method="berkowitz")))
    if gram != 0 and _vanishing_part(gram) == 1:
        return Proved(f"det(dG dG^T) = {gram} != 0 at a rational point", certificate={
            "method": "det(dG dG^T) at a rational point is an exact constant whose factors are non-zero by SymPy's "
                      "assumptions (no numerical evaluation)", "point": pt, "det": str(gram), "d": G.d})
    return _regularity_numeric(G, point, pt)[0]


def _singular_set(G: Parameterization, max_minors: int) -> str:
    """The zero set where dG drops rank (:func:`singular_systems`), readably: coordinate planes when every equation
    is a monomial, else the equations (a single minor as the union of its factors' zeros)."""
    systems = singular_systems(G, max_minors)
    if systems is None:
        n = sympy.binomial(G.D, G.d)
        return (f"not computed: dG has C({G.D},{G.d}) = {n} minors of size {G.d} (limit {max_minors}); rank < d "
                "exactly where all of them vanish")
    if not systems:
        return "empty"
    sups = [[_monomial_support(e, G.params) for e in eqs] for eqs in systems]
    if all(s is not None for row in sups for s in row):
        pieces = [_minimal_hitting_sets(row) for row in sups]
        if all(h is not None for h in pieces):
            return _describe_zero_set([h for hs in pieces for h in hs])
    parts = []
    for eqs in systems:
        if len(eqs) == 1:
            parts.extend(f"{f} = 0" for f in sympy.Mul.make_args(sympy.factor(eqs[0])) if not f.is_number)
        else:
            eq = ", ".join(f"{e} = 0" for e in sorted(eqs, key=sympy.count_ops)[:12])
            parts.append(f"common zeros of the d x d minors of dG: {eq}" if len(systems) == 1 else f"({eq})")
    return " or ".join(parts)


def singular_systems(G: Parameterization, max_minors: int = 300) -> list[list[sympy.Expr]] | None:
    """The singular set of dG as a union of common zero sets: one system per output for separable G (the entries
    of its row of dG), else the single system of d x d minors; never-vanishing factors dropped.  None when there
    are more than ``max_minors`` minors."""
    J = G.jacobian()
    if G.is_separable:
        rows = [[_vanishing_part(J[i, k]) for k in range(G.D) if J[i, k] != 0] for i in range(G.d)]
        return [row for row in rows if all(e != 1 for e in row)]
    if sympy.binomial(G.D, G.d) > max_minors:
        return None
    minors = [_vanishing_part(J[:, list(c)].det(method="berkowitz")) for c in itertools.combinations(range(G.D), G.d)]
    minors = [m for m in minors if m != 0]
    return [] if any(m == 1 for m in minors) else [minors]


def regular_on_leaf(G: Parameterization, init: Mapping, laws: Sequence = (), *, count: int | None = None,
                    seconds: int = 20) -> Verdict:
    r"""Li et al.'s regularity on the flow's domain: does the leaf through x(0) avoid the singular set of dG?

    Gradient flow stays on the level set :math:`\{h_k = h_k(x(0))\}` of every conservation law, so when that level
    set does not meet :math:`\{x : \operatorname{rank}\partial G(x) < d\}` the flow is regular wherever it goes.

    * ``proved``: the singular set is empty; or the laws are rational functions, the singular set is algebraic,
      and the Groebner basis over QQ of {its equations, the numerators of :math:`h_k - c_k`,
      :math:`z\cdot\prod(\text{denominators}) - 1`} is {1}: no complex, hence no real, common point (the last
      equation removes the points where a law is undefined).  Laws that are not given only enlarge the level set,
      so a subset of the laws is enough;
    * ``refuted``: x(0) itself is singular (exact rank at x(0));
    * ``inconclusive``: otherwise (the level set meets the singular set, or it could not be decided within
      ``seconds``): the flow is regular while it stays off the singular set.  ``count = 0`` (no conservation law,
      proved) says so: the flow then moves in an open set, and whether it reaches the singular set depends on the
      loss.
    """
    generic, singular = regularity(G)
    if generic.word == "refuted":
        return generic
    x0 = {p: init[p] for p in G.params}
    Jx = G.jacobian().xreplace(x0)
    if Jx.rank() < G.d:
        return Refuted(f"x(0) lies on the singular set ({singular}): dG(x(0)) has rank {Jx.rank()} < d = {G.d}",
                       counterexample={"x0": {str(k): str(v) for k, v in x0.items()}, "rank": Jx.rank(), "d": G.d})
    if singular == "empty":
        return Proved("dG has rank d everywhere (its singular set is empty), so on every leaf",
                      certificate={"singular_set": "empty"})
    systems = singular_systems(G)
    rational = [h for h in laws if _is_rational_function(h, G.params)]
    if systems is None or not rational or not all(_is_rational_function(e, G.params) for eqs in systems
                                                   for e in eqs):
        what = ("G has no conservation law: the flow moves in an open set of R^D, and whether it reaches the "
                "singular set depends on the loss" if count == 0 else
                "no rational law is known, so whether the leaf through x(0) avoids it is not decided" if not rational
                else "the singular set is not algebraic here, so whether the leaf avoids it is not decided")
        return Inconclusive(f"x(0) is off the singular set ({singular}); {what}: the flow is regular while it stays "
                            "off it", reason=Reason.UNDECIDED)
    return _leaf_avoids(G, x0, rational, systems, singular, seconds)


def _is_rational_function(e, params) -> bool:
    num, den = sympy.together(e).as_numer_denom()
    return all(q.is_polynomial(*params) and not q.atoms(sympy.Float) for q in (num, den))


def _leaf_avoids(G, x0, laws, systems, singular, seconds) -> Verdict:
    """Groebner basis over QQ of each singular system with the level set of the laws (Rabinowitsch for poles)."""
    from .errors import TimeLimitExceeded
    from .validation import time_limit

    z = sympy.Dummy("z")
    level, dens = [], sympy.S.One
    for h in laws:
        num, den = sympy.together(h - h.xreplace(x0)).as_numer_denom()
        level.append(sympy.expand(num))
        dens *= den
    level.append(sympy.expand(z * dens - 1))
    eqs_text = [f"{h} = {h.xreplace(x0)}" for h in laws]
    try:
        with time_limit(seconds):
            for eqs in systems:
                gb = sympy.groebner([sympy.together(e).as_numer_denom()[0] for e in eqs] + level,
                                    *G.params, z, order="grevlex", domain=QQ)
                if list(gb.exprs) != [1]:
                    return Inconclusive(f"the level set {{{', '.join(eqs_text)}}} through x(0) meets the singular "
                                        f"set ({singular}) over the complex numbers (Groebner basis over QQ is not "
                                        "{1}): the flow is regular while it stays off it", reason=Reason.UNDECIDED)
    except TimeLimitExceeded:
        return Inconclusive(f"x(0) is off the singular set ({singular}); whether the leaf avoids it was not decided "
                            f"within {seconds} s", reason=Reason.TIMEOUT)
    return Proved(f"the leaf through x(0), on the level set {{{', '.join(eqs_text)}}}, does not meet the singular "
                  f"set ({singular}): dG has rank d = {G.d} wherever the flow goes",
                  certificate={"method": "Groebner basis over QQ of {singular equations, numerators of h - h(x0), "
                                         "z * denominators - 1} is {1}", "laws": [str(h) for h in laws]})


def _all_minors_vanish(G: Parameterization, max_minors: int) -> bool | None:
    if sympy.binomial(G.D, G.d) > max_minors:
        return None
    J = G.jacobian()
    for cols in itertools.combinations(range(G.D), G.d):
        if sympy.expand(J[:, list(cols)].det(method="berkowitz")) != 0:
            return False
    return True


def _regularity_numeric(G: Parameterization, point: Mapping, pt: dict) -> tuple[Verdict, str]:
    r"""Non-polynomial G: :math:`\det(\partial G\,\partial G^\top)` at a rational point, at 50 and 100 digits.

    A determinant that is non-zero at both precisions, with the digits of agreement measured, shows rank d at that
    point, hence generic rank d (``verified``, not ``proved``: the evaluation is numeric).  The singular set is not
    described for such maps.
    """
    import mpmath

    Jm = G.jacobian() * G.jacobian().T
    values = []
    for dps in (50, 100):
        with precision(dps):
            M = mpmath.matrix([[mpmath.mpmathify(sympy.N(e.xreplace(dict(point)), dps + 10)) for e in row]
                               for row in Jm.tolist()])
            values.append(mpmath.det(M))
    with precision(50):
        digits = agreeing_digits(values[0], values[1])
        tiny = mpmath.mpf(10) ** -40 * max(1, max(abs(x) for x in Jm.xreplace(dict(point)).evalf(60)) ** G.d)
        if digits >= 10 and abs(values[1]) > tiny:
            return (Verified(f"det(dG dG^T) = {mpmath.nstr(values[1], 15)} != 0 at a rational point: rank d = {G.d} "
                             "at generic points (numeric; the singular set of a non-polynomial map is not computed)",
                             n_digits=digits, points=(pt,), dps=50, method="determinant at 50 and 100 digits"),
                    "not computed (non-polynomial map)")
    return (Inconclusive(f"det(dG dG^T) at a rational point is {mpmath.nstr(values[1], 5)}: too close to 0 to decide",
                         reason=Reason.PRECISION), "not computed (non-polynomial map)")
