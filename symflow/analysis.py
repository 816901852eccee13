r"""The new-parameterization workflow behind ``symflow analyze``: one call, one typed report.

:func:`analyze` takes the user's text (parameters, map, initialization, claimed laws and potential, loss), parses it
with the whitelist parser (:mod:`symflow.parse`) and returns an :class:`Analysis`:

* ``commuting`` (:func:`symflow.lie.is_commuting`);
* regularity as Li, Wang, Lee, Arora (2022) mean it: the generic rank (``generic_rank``), the singular set, and
  ``regular``, the verdict on the flow's domain: whether the leaf through x(0) avoids the singular set
  (:func:`symflow.parameterization.regular_on_leaf`; without ``init`` it is the generic verdict);
* ``laws``: the :class:`~symflow.conservation.LawSet` (the count from the Lie algebra, the explicit laws, each
  checked);
* ``potential`` and ``cross_check`` (need ``init``): the derived mirror potential with its check, and gradient flow
  against mirror flow (:func:`symflow.flows.cross_check`);
* ``claims``: each claimed law and potential, checked.

``Analysis.to_json()`` is the JSON contract of docs/contract.md (``commuting {verdict, detail}``, ``regular {verdict,
singular_set}``, ``conservation_laws {count, laws, verdict}``, ``potential {kind, expr, latex, verdict}``,
``claims [...]``, ``cross_check {verdict, digits, dps, T}``), with more fields added; the CLI only parses
arguments and prints it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Sequence

import sympy

from .conservation import LawSet, check_law, conservation_laws
from .errors import InvalidArgument, SymflowError
from .flows import CrossCheck, LeastSquares, cross_check, least_squares
from .lie import is_commuting
from .parameterization import Parameterization, regular_on_leaf, regularity
from .parse import parse_assignments, parse_expr
from .verdict import Inconclusive, Reason, Verdict

__all__ = ["analyze", "Analysis", "PotentialReport", "ClaimReport", "default_loss", "recognised"]


@dataclass(frozen=True)
class PotentialReport:
    """The derived potential (``kind`` closed | implicit | none), its check and how it was obtained."""

    kind: str
    verdict: Verdict
    expr: str | None = None
    latex: str | None = None
    formula: str | None = None
    coordinates: str = ""
    recognised: str = ""

    def to_json(self) -> dict:
        return {"kind": self.kind, "expr": self.expr, "latex": self.latex, "formula": self.formula,
                "coordinates": self.coordinates or None, "recognised": self.recognised or None,
                **_verdict_json(self.verdict)}


@dataclass(frozen=True)
class ClaimReport:
    """A claimed law or potential (as typed by the user) and its verdict."""

    claim: str
    expr: str
    verdict: Verdict

    def to_json(self) -> dict:
        return {"claim": self.claim, "expr": self.expr, **_verdict_json(self.verdict)}


@dataclass(frozen=True)
class Analysis:
    r"""What ``symflow analyze`` reports; every field is present (``cross_check`` None without ``init``)."""

    G: Parameterization
    init: dict | None
    commuting: Verdict
    generic_rank: Verdict
    singular_set: str
    regular: Verdict
    laws: LawSet
    potential: PotentialReport
    claims: tuple
    cross_check: CrossCheck | None
    loss: dict | None
    dps: int
    T: str
    latex_steps: tuple = ()

    @property
    def refuted(self) -> bool:
        """A claimed law or potential is refuted (exit code 1 of ``symflow analyze``)."""
        return any(c.verdict.word == "refuted" for c in self.claims)

    def to_json(self) -> dict[str, Any]:
        G = self.G
        out: dict[str, Any] = {"params": [str(s) for s in G.params], "outputs": [str(e) for e in G.outputs],
                               "theta": [str(s) for s in G.theta]}
        out["commuting"] = _verdict_json(self.commuting)
        out["regular"] = {**_verdict_json(self.regular), "singular_set": self.singular_set,
                          "scope": "the leaf through --init" if self.init is not None else "generic points",
                          "generic_rank": _verdict_json(self.generic_rank)}
        out["conservation_laws"] = _laws_json(self.laws)
        out["potential"] = self.potential.to_json()
        out["recognised"] = self.potential.recognised or None
        out["claims"] = [c.to_json() for c in self.claims]
        out["cross_check"] = _cross_check_json(self.cross_check, self.dps, self.T)
        if self.loss is not None:
            out["loss"] = self.loss
        return out


    def _repr_latex_(self) -> str:
        """Jupyter: the map, the law count and the laws, the potential, and the cross-check, as one LaTeX block."""
        G, rows = self.G, []
        lhs = ", ".join(sympy.latex(s) for s in G.theta)
        rhs = ", ".join(sympy.latex(e) for e in G.outputs)
        rows.append(rf"({lhs}) &= ({rhs}) && \text{{commuting: {self.commuting.word}, regular: {self.regular.word}}}")
        laws = r",\ ".join(sympy.latex(law.expr) for law in self.laws.laws) or r"\text{none found}"
        rows.append(rf"\text{{laws}} &: {laws} && \text{{count {self.laws.count}, {self.laws.count_verdict.word}}}")
        if self.potential.latex:
            rows.append(rf"R(\theta) &= {self.potential.latex} && \text{{{self.potential.verdict.word}}}")
        if self.cross_check is not None:
            cc = self.cross_check
            digits = "" if cc.digits is None else f", {cc.digits} digits"
            rows.append(rf"\text{{cross-check}} &: && \text{{{cc.verdict.word}{digits}}}")
        return "$$\\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}$$"


def _verdict_json(v: Verdict) -> dict:
    from .verdict import _jsonable

    d = _jsonable(v.to_dict())
    return {"verdict": v.word, "detail": v.detail, **{k: x for k, x in d.items() if k not in ("verdict", "detail")}}


def _laws_json(ls: LawSet) -> dict:
    from .verdict import _jsonable

    return {**_verdict_json(ls.verdict), "count": ls.count, "laws": [str(law.expr) for law in ls.laws],
            "count_verdict": ls.count_verdict.word, "count_detail": ls.count_verdict.detail,
            "explicit": [{"expr": str(law.expr), "verdict": law.verdict.word, "method": law.method}
                         for law in ls.laws],
            "not_found": ls.not_found, "summary": ls.summary(), "certificate": _jsonable(ls.certificate)}


def _cross_check_json(cc: CrossCheck | None, dps: int, T: str) -> dict:
    from .verdict import _jsonable

    if cc is None:
        return {"verdict": "inconclusive", "digits": None, "dps": dps, "T": T, "detail": "needs --init"}
    return _jsonable(cc.to_dict())


def analyze(params: str, mapping: str, *, init: str | None = None, laws: Sequence[str] = (),
            potential: str | None = None, loss: str | None = None, degree: int = 2, dps: int = 50,
            T: str = "1") -> Analysis:
    """Run the workflow on user text (whitelist-parsed); see the module docstring.  Bad input: InvalidArgument."""
    G = Parameterization.from_strings(params, mapping)
    law_exprs = [parse_expr(text, G.params) for text in laws]
    x0 = _parse_init(G, init)
    pot_expr = parse_expr(potential, G.theta) if potential else None
    loss_expr = parse_expr(loss, G.theta) if loss else None
    T_value = parse_expr(T, ())
    if not (T_value.is_number and T_value.is_positive):
        raise InvalidArgument(f"--T={T!r} must be a positive number, e.g. --T 1 or --T 1/2")
    commuting = is_commuting(G)
    generic, singular = regularity(G)
    law_set = conservation_laws(G, degree=degree)
    regular = generic if x0 is None else regular_on_leaf(G, x0, [law.expr for law in law_set.laws],
                                                         count=law_set.count)
    claims = [ClaimReport("law", text, check_law(G, h)) for text, h in zip(laws, law_exprs)]
    pot, steps, cc, loss_info = _potential_none("needs --init: the potential depends on the initialization"), (), \
        None, None
    if x0 is None:
        if pot_expr is not None:
            claims.append(ClaimReport("potential", potential, Inconclusive(
                "needs --init: a potential is relative to an initialization", reason=Reason.DOMAIN)))
    else:
        pot, steps = _derive(G, x0, commuting, generic, dps)
        if pot_expr is not None:
            claims.append(ClaimReport("potential", potential, _check_claimed_potential(G, x0, pot_expr)))
        loss_value, loss_info = _loss(G, loss_expr)
        cc = _cross_check(G, loss_value, x0, T_value, dps)
    return Analysis(G=G, init=x0, commuting=commuting, generic_rank=generic, singular_set=singular,
                    regular=regular, laws=law_set, potential=pot, claims=tuple(claims), cross_check=cc,
                    loss=loss_info, dps=dps, T=str(T_value), latex_steps=tuple(steps))


def _parse_init(G: Parameterization, init: str | None) -> dict | None:
    if init is None:
        return None
    x0 = parse_assignments(init, G.params)
    missing = [str(s) for s in G.params if s not in x0]
    if missing:
        raise InvalidArgument(f"--init gives no value for {', '.join(missing)}; give every parameter, "
                              f"e.g. --init \"{', '.join(f'{s}=1' for s in G.params)}\"")
    return x0


def _potential_none(why: str, reason: Reason = Reason.DOMAIN) -> PotentialReport:
    return PotentialReport(kind="none", verdict=Inconclusive(why, reason=reason))


def _derive(G: Parameterization, x0: dict, commuting: Verdict, generic: Verdict, dps: int):
    """(PotentialReport, latex steps): Li et al. 2022 Thm 4.8 needs G commuting and regular."""
    from . import potentials

    if not (commuting.holds and generic.holds):
        return _potential_none("G is not shown commuting and regular: Li et al. (2022) Thm 4.8 does not apply, no "
                               "potential is derived"), ()
    try:
        P = potentials.derive_potential(G, x0)
        pv = potentials.check_potential(P.G, P.init, P.expr) if P.expr is not None else \
            potentials.check_derived(P, dps=dps)
    except SymflowError as exc:  # the mathematics stops here (domain, chart, no separating coordinates)
        return _potential_none(f"no potential derived: {exc}"), ()
    return PotentialReport(kind=P.kind, verdict=pv, expr=None if P.expr is None else str(P.expr), latex=P.latex,
                           formula=P.formula, coordinates=P.coordinates,
                           recognised=recognised(G, P.kind, P.steps)), tuple(P.steps)


def _is_deep_diagonal(G: Parameterization) -> bool:
    """Every output a product of >= 3 distinct parameters of its own (theta_i = u^1_i ... u^L_i, L >= 3)."""
    seen: set = set()
    for out in G.outputs:
        factors = sympy.Mul.make_args(out)
        if len(factors) < 3 or not all(f.is_Symbol for f in factors) or seen & set(factors):
            return False
        seen |= set(factors)
    return True


def recognised(G: Parameterization, kind: str, steps) -> str:
    """What the derived potential was recognised as, in one line ("" when nothing was recognised).

    Closed forms are named by :mod:`symflow.potentials` after a numeric check on the leaf (the hypentropy of HY
    Def. 3.1/3.2 with its alpha, the power potential of theta = u^L, the entropy); an implicit potential of a deep
    diagonal network (DD-Thm1/potential) is named from the shape of the map.
    """
    names = []
    for text, _latex in steps:
        if text.startswith("recognised: "):
            name = text[len("recognised: "):]
            names.append(name.split(" (checked at")[0])
    if names:
        return "; ".join(dict.fromkeys(names))
    if kind == "implicit" and _is_deep_diagonal(G):
        L = sorted({len(sympy.Mul.make_args(out)) for out in G.outputs})
        return (f"the implicit potential of a deep diagonal network (DD-Thm1/potential, L = "
                f"{', '.join(map(str, L))}): grad Q_i = S_i int dv / prod_j sqrt(v^2 + Delta_j), w(theta) by root "
                "finding")
    return ""


def _check_claimed_potential(G: Parameterization, x0: dict, expr: sympy.Expr) -> Verdict:
    from . import potentials

    try:
        return potentials.check_potential(G, x0, expr)
    except SymflowError as exc:
        return Inconclusive(f"the claimed potential could not be checked: {exc}", reason=Reason.DOMAIN)


def _loss(G: Parameterization, loss_expr):
    """The cross-check's loss and its description: the user's, or the fixed default of docs/decisions.md."""
    if loss_expr is not None:
        return loss_expr, {"expr": str(loss_expr), "default": False}
    ls = default_loss(G)
    return ls, {"expr": str(ls.expr), "default": True, "X": [[str(v) for v in r] for r in ls.X],
                "y": [str(v) for v in ls.y]}


def default_loss(G: Parameterization, seed: int = 0) -> LeastSquares:
    """A fixed least-squares loss (1/2)||X theta - y||^2 with exact rational data, n = max(1, d - 1) rows."""
    rng = random.Random(seed)
    n = max(1, G.d - 1)
    X = [[sympy.Rational(rng.randint(-9, 9) or 1, rng.randint(1, 5)) for _ in range(G.d)] for _ in range(n)]
    y = [sympy.Rational(rng.randint(-9, 9), rng.randint(1, 5)) for _ in range(n)]
    return least_squares(X, y, G.theta, sympy.Rational(1, 2))


def _cross_check(G, loss, x0: dict, T, dps: int) -> CrossCheck | None:
    try:
        return cross_check(G, loss, [x0[s] for s in G.params], T, dps=dps)
    except SymflowError as exc:  # cross_check raises only for bad input; say so as an inconclusive result
        return CrossCheck(verdict=Inconclusive(f"the cross-check stopped: {exc}", reason=Reason.DOMAIN), dps=dps,
                          T=str(T), T_requested=str(T), digits=None, agreement_digits=None, max_gap=None,
                          flow_digits=None, mirror_digits=None, potential_kind=None, times=(), law_drift=None,
                          dual_identity=None, limit_vs_bregman=None)
