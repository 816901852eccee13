r"""Statements as data, and the mutants generated from them.

A :class:`Statement` holds the printed formula of a claim, encoded once as SymPy objects under names (``h``, ``rhs``,
``bound``, ``sigma_factor``, ``window`` ...).  The check of the claim reads the statement from its context
(``ctx.s.bound``) and *derives* what it tests from it (differentiates ``Q``, substitutes an instance into ``bound``):
it never retypes the formula.  The same check run on a mutated statement must say ``refuted``; that is how
``symflow verify --mutate`` measures the teeth of a check (as mutation-testing tools such as mutmut judge a test suite).

Mutation operators (:class:`MutationOp`), applied at every position of every part:

* ``SCALE_TINY`` / ``SCALE_TWO`` -- a numeric constant :math:`c \ne 0` becomes :math:`c(1 + 10^{-6})` / :math:`2c`
  (exact Rationals; constants that are exponents are left to the exponent operators);
* ``SIGN`` -- a term of a sum, an argument of a function, a side of a relation, or a whole part is negated;
* ``DROP`` -- a term of a sum is removed;
* ``EXP_UP`` / ``EXP_DOWN`` -- the exponent :math:`e` of a power becomes :math:`e + 1` / :math:`e - 1`;
* ``MINMAX`` -- ``Min`` and ``Max`` are swapped;
* ``RELATION`` -- :math:`\le \leftrightarrow \ge`, :math:`< \leftrightarrow >`.

A matrix power :math:`X^k` is a power: its exponent is changed by the exponent operators (never scaled), and only
to :math:`k \pm 1 \ge 1` when :math:`k` is a number (:math:`X^0 = I` and :math:`X^{-1}` are not mutants of a printed
power).

A mutant identical to the printed statement after SymPy's canonicalisation (or whose difference expands to 0) is
*equivalent*: it is listed with that reason and not run.

Example::

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> s = Statement(h=x**2 - 1)
    >>> sorted({m.op.name for m in s.mutants()})
    ['DROP', 'EXP_DOWN', 'EXP_UP', 'SCALE_TINY', 'SCALE_TWO', 'SIGN']
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterator, Mapping

import sympy
from sympy.core.relational import Relational

from ..errors import InvalidArgument
from ._implied import follows, implication

__all__ = ["Statement", "Mutant", "MutationOp"]

_TINY = sympy.Rational(1000001, 1000000)
_ASSUMPTIONS = frozenset({"positive", "nonnegative", "negative", "nonpositive", "nonzero", "real", "integer", "odd",
                          "even", "rational", "finite"})
_FLIP = {sympy.LessThan: sympy.GreaterThan, sympy.GreaterThan: sympy.LessThan,
         sympy.StrictLessThan: sympy.StrictGreaterThan, sympy.StrictGreaterThan: sympy.StrictLessThan}
_MAX_EXPAND_OPS = 400  # equivalence by expansion only for small parts (bounded cost)


class MutationOp(enum.Enum):
    """The mutation operators; the value is the label shown in reports."""

    SCALE_TINY = "constant ×(1+1e-6)"
    SCALE_TWO = "constant ×2"
    SIGN = "sign flipped"
    DROP = "term dropped"
    EXP_UP = "exponent +1"
    EXP_DOWN = "exponent -1"
    MINMAX = "min<->max"
    RELATION = "<=<->>="


def _as_part(name: str, value: Any) -> sympy.Basic:
    """A statement part: a SymPy object, or an int / Fraction (made exact).  Floats and strings are refused."""
    if isinstance(value, bool) or isinstance(value, float):
        raise InvalidArgument(f"statement part {name}={value!r} ({type(value).__name__}) must be exact: use an int, "
                              "sympy.Rational or a SymPy expression, never a float or bool")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, sympy.MatrixBase):
        return sympy.ImmutableMatrix(value)
    if isinstance(value, (tuple, list)):
        return sympy.Tuple(*[_as_part(name, v) for v in value])
    if isinstance(value, sympy.Basic):
        if value.has(sympy.Float):
            raise InvalidArgument(f"statement part {name} contains a Float ({value}); encode constants exactly")
        return value
    raise InvalidArgument(f"statement part {name}={value!r} ({type(value).__name__}) must be a SymPy object, an int "
                          "or a Fraction (strings are never parsed here)")


class Statement:
    """The printed formula of a claim as named SymPy parts (immutable, hashable).

    ``Statement(h=u**2 - v**2, rhs=0)``; read parts as attributes (``s.h``) or items (``s["h"]``).
    :meth:`mutants` generates the mutants of every part; :meth:`replace` returns a copy with parts replaced.
    :meth:`scale_free` declares parts whose meaning does not change under a non-zero constant factor (a conservation
    law ``h``: ``-h`` and ``2h`` are laws too), so that such mutants are reported as equivalent instead of run;
    :meth:`shift_free` declares parts that enter the claim only through derivatives (a mirror potential ``Q`` whose
    claim uses ``grad Q`` or ``hess Q``), so that a mutant differing by a constant, or an affine function, is equivalent.
    """

    __slots__ = ("_parts", "_scale_free", "_shift_free", "_monotone", "_domain", "_cases", "_given", "_sign_free",
                 "_redundant")

    def __init__(self, **parts: Any) -> None:
        if not parts:
            raise InvalidArgument("a Statement needs at least one part, e.g. Statement(h=u**2 - v**2, rhs=0)")
        object.__setattr__(self, "_parts", {k: _as_part(k, v) for k, v in parts.items()})
        object.__setattr__(self, "_scale_free", frozenset())
        object.__setattr__(self, "_shift_free", {})
        object.__setattr__(self, "_monotone", {})
        object.__setattr__(self, "_domain", {})
        object.__setattr__(self, "_cases", ())
        object.__setattr__(self, "_given", ({}, ()))
        object.__setattr__(self, "_sign_free", frozenset())
        object.__setattr__(self, "_redundant", {})

    def _copy(self, parts: dict) -> "Statement":
        out = Statement(**parts)
        object.__setattr__(out, "_scale_free", self._scale_free)
        object.__setattr__(out, "_shift_free", dict(self._shift_free))
        object.__setattr__(out, "_monotone", dict(self._monotone))
        object.__setattr__(out, "_domain", dict(self._domain))
        object.__setattr__(out, "_cases", self._cases)
        object.__setattr__(out, "_given", self._given)
        object.__setattr__(out, "_sign_free", self._sign_free)
        object.__setattr__(out, "_redundant", dict(self._redundant))
        return out

    def assuming(self, cases=(), **kinds) -> "Statement":
        """A copy whose symbols carry the claim's domain, for proving mutants implied (``_implied``): e.g.
        ``assuming(positive=(L, s), nonnegative=(t,), integer=(L,))``.  Each kind is a SymPy assumption; declare
        only what the claim's hypotheses say.  ``cases``: a domain given by parametrizations whose union it is, e.g.
        |w0| < |u0| as ``({u0: sqrt(w0**2 + c)}, {u0: -sqrt(w0**2 + c)})`` with ``positive=(c,)``; a mutant is
        then implied only when it is in every case.  A case may also give a function value, e.g. "betabar minimises
        F" as ``{F(beta): F(betabar) + g}`` with ``nonnegative=(g,)``."""
        kinds_, cases_ = _domain_args(self._domain, cases, kinds, "assuming")
        out = self._copy(self._parts)
        object.__setattr__(out, "_domain", kinds_)
        object.__setattr__(out, "_cases", _refine(self._cases, cases_))
        return out

    def given(self, cases=(), **kinds) -> "Statement":
        """A copy that also knows the claim's *printed hypotheses* as a domain (same arguments as :meth:`assuming`),
        used only for mutants of the relations the claim concludes (parts declared ``"looser"``): such a mutant
        keeps the hypotheses, so it is weaker when its conclusion has more slack wherever they hold.  Never used for
        the mutants of a hypothesis itself (there the hypotheses are what changes)."""
        kinds_, cases_ = _domain_args(self._given[0], cases, kinds, "given")
        out = self._copy(self._parts)
        object.__setattr__(out, "_given", (kinds_, _refine(self._given[1], cases_)))
        return out

    def sign_free(self, *names: str) -> "Statement":
        """A copy in which the parts ``names`` matter only up to sign (a scale multiplying a symmetric random
        variable, a quantity used through its square): a mutant equal to minus the part is equivalent."""
        return self._with_names("_sign_free", names, "sign_free")

    def redundant(self, name: str, by: tuple[str, ...], cases=()) -> "Statement":
        """A copy declaring the hypothesis ``name`` implied by the hypotheses ``by``, **proved here**: in each case of
        the domain (the ``assuming`` one, split further by ``cases`` as in :meth:`assuming`), a relation of ``by``
        bounds the same side at least as tightly (exact signs).  Then every mutant of ``name`` is implied: the
        hypotheses admit what ``by`` admits, or less, and the conclusion is unchanged.  All of them must be declared
        ``"tighter"`` (assumed).  Raises :class:`InvalidArgument` when the implication is not proved."""
        self._known((name, *by), "redundant")
        if any(self._monotone.get(k) != -1 for k in (name, *by)):
            raise InvalidArgument(f"redundant({name!r}, by={by!r}): declare each of them monotone(..., 'tighter') first")
        others = {k: self._parts[k] for k in by}
        used = []
        for domain in self.assuming(cases=cases)._domain_maps():
            hit = follows(self._parts[name], others, lambda e, d=domain: e.xreplace(d))
            if not hit:
                raise InvalidArgument(f"redundant({name!r}): not proved to follow from {by} in the case {domain}")
            used.append(hit)
        out = self._copy(self._parts)
        out._redundant[name] = (f"implied (proved): hypothesis {name} follows from {' / '.join(dict.fromkeys(used))} "
                                f"in each of the {len(used)} cases of the domain, so a mutant of it admits what the "
                                "other hypotheses admit, or less")
        return out

    def monotone(self, name: str, weaker: str) -> "Statement":
        """A copy declaring in which direction part ``name`` makes the claim weaker, so that a mutant that provably
        moves it that way is listed as implied (``_implied``):

        * a relation the claim *concludes* (a bound it asserts): ``"looser"`` (more slack is weaker); a relation it
          *assumes* (a condition, a hypothesis): ``"tighter"`` (admitting fewer cases is weaker); an "if and only
          if" gets no declaration;
        * an expression the check uses: ``"larger"`` or ``"smaller"`` (an upper bound's constant, a failure
          probability, the bound of a hypothesis).

        Undeclared parts are never classified: a wrong declaration would hide a mutant from the score, so declare
        only what the printed statement says (a check that refutes a mutant declared implied is reported unsound)."""
        self._known((name,), "monotone")
        allowed = ("looser", "tighter") if isinstance(self._parts[name], Relational) else ("larger", "smaller")
        if weaker not in allowed:
            raise InvalidArgument(f"monotone({name!r}, weaker={weaker!r}): for this part weaker is "
                                  f"{' or '.join(map(repr, allowed))}")
        out = self._copy(self._parts)
        out._monotone[name] = 1 if weaker in ("larger", "looser") else -1
        return out

    def _check_hypotheses_outside_domain(self) -> None:
        """An assumed relation (declared ``"tighter"``) that the ``assuming`` domain already makes true was put into
        the domain: its own mutants (``0 < -a`` from ``0 < a``) would then look vacuous, hence implied, while they
        speak of points the printed claim never covers.  Hypotheses belong in :meth:`given`."""
        for name, part in self._parts.items():
            if not (isinstance(part, Relational) and self._monotone.get(name) == -1):
                continue
            for domain in self._domain_maps():
                if part.xreplace(domain) is sympy.true:
                    raise InvalidArgument(f"the hypothesis {name} ({part}) holds on the whole declared domain: declare "
                                          "it with given(...), not assuming(...), so that its mutants are judged "
                                          "outside it")

    def _domain_maps(self, given: bool = False) -> list:
        """One substitution per case (the parametrization, then the symbols with their declared assumptions); with
        ``given``, the printed hypotheses (:meth:`given`) are added to the domain."""
        domain, cases = dict(self._domain), self._cases
        if given:
            domain = {s: {**domain.get(s, {}), **k} for s, k in {**domain, **self._given[0]}.items()}
            cases = tuple({**a, **b} for a in (cases or ({},)) for b in (self._given[1] or ({},)))
        syms = {s: sympy.Symbol(s.name, **{**s.assumptions0, **kinds}) for s, kinds in domain.items()}
        if not cases or cases == ({},):
            return [syms]
        return [{k: v.xreplace(syms) for k, v in case.items()} | {s: d for s, d in syms.items() if s not in case}
                for case in cases]

    def shift_free(self, name: str, variables, degree: int = 0) -> "Statement":
        """A copy in which part ``name`` is declared to matter only up to adding a polynomial of degree <= ``degree``
        in ``variables`` (0: a constant, as for a potential used through its gradient; 1: an affine function, as
        for a potential used through its Hessian).  Declare it only when the claim's check truly cannot see it."""
        self._known((name,), "shift_free")
        variables = tuple(variables)
        if not variables or not all(isinstance(v, sympy.Symbol) for v in variables) or degree not in (0, 1):
            raise InvalidArgument("shift_free(name, variables, degree): variables are SymPy symbols, degree 0 or 1")
        out = self._copy(self._parts)
        out._shift_free[name] = (variables, degree)
        return out

    def scale_free(self, *names: str) -> "Statement":
        """A copy in which the parts ``names`` are declared invariant under a non-zero constant factor."""
        return self._with_names("_scale_free", names, "scale_free")

    def _known(self, names, what: str) -> None:
        unknown = set(names) - set(self._parts)
        if unknown:
            raise InvalidArgument(f"{what}() got unknown parts {sorted(unknown)}; parts: {', '.join(self._parts)}")

    def _with_names(self, attr: str, names: tuple, what: str) -> "Statement":
        """A copy with ``names`` added to the frozenset attribute ``attr`` (scale_free, sign_free)."""
        self._known(names, what)
        out = self._copy(self._parts)
        object.__setattr__(out, attr, getattr(self, attr) | frozenset(names))
        return out

    def __setattr__(self, key, value):  # immutable
        raise AttributeError("Statement is immutable; use .replace(...)")

    def __getattr__(self, name: str) -> sympy.Basic:
        parts = object.__getattribute__(self, "_parts")
        try:
            return parts[name]
        except KeyError:
            raise AttributeError(f"the statement has no part {name!r}; parts: {', '.join(parts)}") from None

    def __getitem__(self, name: str) -> sympy.Basic:
        return self.__getattr__(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._parts)

    def items(self):
        return self._parts.items()

    def replace(self, **parts: Any) -> "Statement":
        self._known(parts, "replace")
        return self._copy({**self._parts, **parts})

    def __eq__(self, other) -> bool:
        return isinstance(other, Statement) and self._parts == other._parts

    def __hash__(self) -> int:
        return hash(tuple(self._parts.items()))

    def __repr__(self) -> str:
        return "Statement(" + ", ".join(f"{k}={v}" for k, v in self._parts.items()) + ")"

    def to_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self._parts.items()}

    def mutants(self) -> list["Mutant"]:
        """Every mutant of every part, de-duplicated; equivalent ones flagged (``Mutant.equivalent``)."""
        out: list[Mutant] = []
        seen: set = set()
        self._check_hypotheses_outside_domain()
        for name, part in self._parts.items():
            concluded = isinstance(part, Relational) and self._monotone.get(name) == 1
            domains = self._domain_maps(given=concluded)
            for op, where, new, path, repl in _mutations(part):
                key = (name, new)
                if key in seen:
                    continue
                seen.add(key)
                reason = (_equivalence(part, new)
                          or (_constant_multiple(part, new) if name in self._scale_free else "")
                          or (_negated(part, new) if name in self._sign_free else "")
                          or (_shift(part, new, *self._shift_free[name]) if name in self._shift_free else ""))
                role = self._monotone.get(name, 0)
                implied = "" if reason else (self._redundant.get(name)
                                             or _implied_reason(part, path, where, repl, role, domains))
                stronger = "" if reason or implied else _implied_reason(part, path, where, repl, -role, domains)
                out.append(Mutant(part=name, op=op, where=_short(where), before=_short(part), after=_short(new),
                                  statement=self.replace(**{name: new}), equivalent=reason, implied=implied,
                                  stronger=stronger.replace("implied (proved)", "stronger (proved)")))
        return out


def _implied_reason(part, path, where, repl, weaker_if, domains) -> str:
    """The argument that the mutant is implied in every case of the domain, or ''."""
    reasons = []
    for domain in domains:
        try:
            why = implication(part, path, where, repl, weaker_if=weaker_if, domain=domain)
        except Exception:  # noqa: BLE001 - an undecidable sign only means "not shown implied"
            return ""
        if not why:
            return ""
        reasons.append(why)
    return reasons[0] if len(reasons) == 1 else f"{reasons[0]} (in each of the {len(reasons)} cases of the domain)"


@dataclass(frozen=True)
class Mutant:
    """One mutated statement.  ``equivalent`` is the reason it cannot differ from the printed one, or ''; ``implied``
    the proof that it is weaker than the printed one (true whenever that is), or ''; ``stronger`` the same argument
    run the other way (it implies the printed one: a check may refute it, and must unless the printed bound is
    loose), or ''."""

    part: str
    op: MutationOp
    where: str
    before: str
    after: str
    statement: Statement
    equivalent: str = ""
    implied: str = ""
    stronger: str = ""

    @property
    def label(self) -> str:
        return f"{self.part}: {self.op.value} at {self.where}"


def _short(e, n: int = 80) -> str:
    text = str(e)
    return text if len(text) <= n else text[: n - 3] + "..."


def _equivalence(old: sympy.Basic, new: sympy.Basic) -> str:
    if new == old:
        return "identical to the printed statement after SymPy's canonicalisation"
    if isinstance(old, sympy.Eq) and isinstance(new, sympy.Eq):  # e = 0 and c e = 0 (c != 0) say the same
        ratio = _constant_multiple(old.lhs - old.rhs, new.lhs - new.rhs)
        if ratio:
            return "the same equation, both sides scaled by a non-zero constant"
    if isinstance(old, sympy.Expr) and isinstance(new, sympy.Expr) and not isinstance(old, sympy.MatrixBase):
        if sympy.count_ops(old) + sympy.count_ops(new) <= _MAX_EXPAND_OPS:
            try:
                if sympy.expand(new - old) == 0:
                    return "equal to the printed statement after expansion"
            except Exception:  # noqa: BLE001 - an expansion failure only means "not shown equivalent"
                return ""
    return ""


def _constant_multiple(old: sympy.Basic, new: sympy.Basic) -> str:
    if not (isinstance(old, sympy.Expr) and isinstance(new, sympy.Expr)) or old == 0:
        return ""
    ratio = sympy.cancel(new / old)
    if ratio.is_number and ratio != 0:
        return f"{ratio} times the printed part, which is declared scale-free (e.g. a constant multiple of a law)"
    return ""


def _negated(old: sympy.Basic, new: sympy.Basic) -> str:
    if isinstance(old, sympy.Expr) and isinstance(new, sympy.Expr) and sympy.expand(new + old) == 0:
        return "minus the printed part, which is declared sign-free (the claim sees it only up to sign)"
    return ""


def _refine(cases: tuple, more: tuple) -> tuple:
    """Two declarations of cases intersect (each union of parametrizations refines the other), never add up."""
    if not cases or not more:
        return cases or more
    return tuple({**a, **b} for a in cases for b in more)


def _domain_args(current: dict, cases, kinds: dict, what: str) -> tuple[dict, tuple]:
    """Validated (symbol -> assumptions, cases) for :meth:`Statement.assuming` / :meth:`Statement.given`."""
    domain = {k: dict(v) for k, v in current.items()}
    for kind, symbols in kinds.items():
        if kind not in _ASSUMPTIONS:
            raise InvalidArgument(f"{what}(): {kind!r} is not a SymPy assumption (e.g. positive, nonnegative)")
        for sym in symbols:
            if not isinstance(sym, sympy.Symbol):
                raise InvalidArgument(f"{what}({kind}=...): {sym!r} is not a SymPy Symbol")
            domain.setdefault(sym, {})[kind] = True
    cases = tuple(cases)
    # a key is a symbol or a function value (F(beta) = F(betabar) + g, g >= 0: "betabar minimises F")
    if not all(isinstance(c, Mapping) and all(isinstance(k, (sympy.Symbol, sympy.core.function.Application))
                                              and isinstance(v, sympy.Expr) for k, v in c.items()) for c in cases):
        raise InvalidArgument(f"{what}(cases=...): a tuple of {{symbol or function value: expression}} "
                              "parametrizations")
    return domain, tuple(dict(c) for c in cases)


def _shift(old: sympy.Basic, new: sympy.Basic, variables: tuple, degree: int) -> str:
    """The reason ``new`` differs from ``old`` by a polynomial of degree <= ``degree`` in ``variables``, or ''."""
    if not (isinstance(old, sympy.Expr) and isinstance(new, sympy.Expr)):
        return ""
    diff = new - old
    if sympy.count_ops(diff) > _MAX_EXPAND_OPS:
        return ""
    try:
        for v in variables:
            if sympy.expand(sympy.diff(diff, v, degree + 1)) != 0:
                return ""
    except Exception:  # noqa: BLE001 - a failure only means "not shown equivalent"
        return ""
    what = "a constant" if degree == 0 else "an affine function of " + ", ".join(map(str, variables))
    return f"differs from the printed part by {what}, which the claim cannot see (declared shift-free)"


# --------------------------------------------------------------------------------------------------- generation

def _rebuild(node: sympy.Basic, args: tuple) -> sympy.Basic:
    if isinstance(node, Relational):
        return node.func(*args, evaluate=False)
    if isinstance(node, sympy.MatrixBase):
        return sympy.ImmutableMatrix(node.rows, node.cols, list(args))
    return node.func(*args)


def _children(node: sympy.Basic) -> tuple:
    if isinstance(node, sympy.MatrixBase):
        return tuple(node)  # entries, row-major (not the shape integers)
    if isinstance(node, (sympy.Symbol, sympy.Number, sympy.NumberSymbol)) or not node.args:
        return ()
    return node.args


def _local(node: sympy.Basic, is_exponent: bool, is_root: bool, parent: sympy.Basic | None
           ) -> Iterator[tuple[MutationOp, sympy.Basic]]:
    """Mutations of ``node`` itself (replacement node for each operator that applies here)."""
    if isinstance(node, sympy.Number) and node != 0 and not is_exponent and node.is_finite:
        yield MutationOp.SCALE_TINY, node * _TINY
        yield MutationOp.SCALE_TWO, node * 2
    if isinstance(node, sympy.Expr) and not isinstance(node, sympy.MatrixBase) and node != 0 and (
            is_root or isinstance(parent, (sympy.Add, sympy.Function, Relational))):
        if not isinstance(node, sympy.Number) or is_root or isinstance(parent, sympy.Add):
            yield MutationOp.SIGN, -node
    if isinstance(node, sympy.Pow):
        base, exp = node.args
        yield MutationOp.EXP_UP, sympy.Pow(base, exp + 1)
        yield MutationOp.EXP_DOWN, sympy.Pow(base, exp - 1)
    if isinstance(node, sympy.MatPow):
        base, exp = node.args
        yield MutationOp.EXP_UP, sympy.MatPow(base, exp + 1).doit(deep=False)
        if not (exp.is_number and exp <= 1):  # X**0 is I and X**-1 an inverse: not mutants of a printed power
            yield MutationOp.EXP_DOWN, sympy.MatPow(base, exp - 1).doit(deep=False)
    if isinstance(node, (sympy.Min, sympy.Max)):
        yield MutationOp.MINMAX, (sympy.Max if isinstance(node, sympy.Min) else sympy.Min)(*node.args)
    if type(node) in _FLIP:
        yield MutationOp.RELATION, _FLIP[type(node)](*node.args, evaluate=False)
    if isinstance(node, sympy.Add):
        for k in range(len(node.args)):
            rest = node.args[:k] + node.args[k + 1:]
            yield MutationOp.DROP, sympy.Add(*rest)


def _mutations(part: sympy.Basic) -> Iterator[tuple]:
    """(op, the node mutated, the mutated part, the path to the node, the node's replacement) for every position
    of ``part`` (depth first); the path is the (ancestor, child index) pairs from the root."""

    def walk(node, is_exponent, is_root, parent):
        for op, repl in _local(node, is_exponent, is_root, parent):
            yield op, node, repl, (), repl
        kids = _children(node)
        for k, kid in enumerate(kids):
            kid_is_exp = isinstance(node, (sympy.Pow, sympy.MatPow)) and k == 1
            # the sides of a relation are roots too (negating a side is a sign flip)
            for op, where, new_kid, path, repl in walk(kid, kid_is_exp, isinstance(node, (Relational, sympy.Tuple,
                                                                                          sympy.MatrixBase)), node):
                new_args = kids[:k] + (new_kid,) + kids[k + 1:]
                try:
                    yield op, where, _rebuild(node, new_args), ((node, k),) + path, repl
                except (TypeError, ValueError, ZeroDivisionError):
                    continue  # a mutant SymPy refuses to build (e.g. 0**-1): not a statement

    for op, where, new, path, repl in walk(part, False, True, None):
        if new.has(sympy.zoo, sympy.nan):
            continue
        yield op, where, new, path, repl


def as_statement(value: Statement | Mapping[str, Any] | None) -> Statement | None:
    """``None``, a :class:`Statement`, or a mapping of parts (made into a Statement)."""
    if value is None or isinstance(value, Statement):
        return value
    if isinstance(value, Mapping):
        return Statement(**value)
    raise InvalidArgument(f"statement={value!r} ({type(value).__name__}) must be a Statement or None")
