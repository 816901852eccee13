r"""App. B.6 of DDyn (spec §3.13): the domains the claims of B.6 quantify over, and the roles of their parts.

No claim is registered here.  Two things are shared by the B.6 modules: the declared domains (below), and the
tight instances.  :func:`tight_point_search` decides a point relation on the drawn points of
:func:`._discrete.point_params`, then exactly at every corner of :data:`TIGHT_POINTS` (where the steps of B.6 are
tight, h -> 0, a -> 0, a -> σ/λ, or just leave their hypotheses); :func:`tight_orbit_search` does the same for the
orbit bounds with the orbits :data:`TIGHT_MODES` (the bounds are equalities at t = 0, and second-order terms of the
rates show for small h and a0 << σ/λ).  :func:`declared` marks a statement's parts for the proof that a mutant is *implied*
(``symflow.claims._implied``): a part named ``h…`` (or ``<prefix>_h…``) is a hypothesis the claim assumes
(``"tighter"`` is weaker), a part named ``rel…`` a relation it concludes (``"looser"`` is weaker); other parts get
no role.  The setting (λ > 0, η > 0) is the domain of every mutant; the printed hypotheses, given by
parametrizations with positive symbols (``c_…``), serve only the mutants of the conclusions (``Statement.given``:
a hypothesis's own mutant, such as 0 < -a from 0 < a, is judged outside them):

* :data:`BASIN` (:math:`0 < a < \sigma/\lambda`): :math:`a = \sigma/(\lambda(1 + c_a))`; :data:`BASIN0`
  (:math:`\lambda a^{(0)} < \sigma`, with :math:`a^{(0)} > 0` declared): :math:`\sigma = \lambda a^{(0)} + d_0`;
* :data:`STEP` (:math:`2\eta\sigma < 1`): :math:`\eta = 1/(2\sigma(1 + c_\eta))`; :data:`STEP_U`
  (:math:`2\eta\sigma + \eta^2\sigma^2 < 1`, i.e. :math:`\eta\sigma < \sqrt2 - 1`): :math:`\eta = (\sqrt2 - 1)/
  (\sigma(1 + c_\eta))`;
* :data:`NEXT`: :math:`a^{(t+1)} = a(1 + \eta(\sigma - \lambda a))^2`, the recursion (76)/(78) (a definition, not
  a hypothesis).

For an orbit bound, a^(t) in the basin is declared too: Lemma 3 (DDyn-Lemma3) proves it under the hypotheses.
Each parametrization covers exactly the set the hypothesis describes, so a mutant proved weaker on it is weaker on
the printed claim's domain.  Only what the printed hypotheses say is declared (a wrong declaration hides a mutant
from the score; a check refuting a mutant declared implied is reported unsound).
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import sympy
from hypothesis import strategies as st
from sympy.core.relational import Relational

from symflow.claims import IMPLIED
from symflow.verdict import Verified

from ._discrete import A, A0, A1, ETA, LAM, S, X, mode_params, orbit_search, point_params, point_search

__all__ = ["C_A", "C_ETA", "C_X", "D_0", "BASIN", "BASIN0", "BASIN_X", "STEP", "STEP_U", "NEXT", "declared",
           "TIGHT_POINTS", "tight_point_search", "TIGHT_MODES", "tight_orbit_search"]

C_A, C_ETA = (sympy.Symbol(n, positive=True) for n in ("c_a", "c_eta"))
C_X = sympy.Symbol("c_x", positive=True)
D_0 = sympy.Symbol("d_0", positive=True)
BASIN = {A: S / (LAM * (1 + C_A))}
BASIN0 = {S: LAM * A0 + D_0}  # σ - λa0 = d_0 > 0 (then the factor σ - λa0 of the bounds is visibly positive)
STEP = {ETA: 1 / (2 * S * (1 + C_ETA))}
STEP_U = {ETA: (sympy.sqrt(2) - 1) / (S * (1 + C_ETA))}
NEXT = {A1: A * (1 + ETA * (S - LAM * A)) ** 2}
BASIN_X = {X: S / (LAM * (1 + C_X))}


def _role(name: str) -> str:
    base = name.rsplit("_", 1)[-1] if "_" in name else name
    if base.startswith("h") and base[1:].isdigit():
        return "tighter"
    if base.startswith("rel"):
        return "looser"
    return ""


def declared(statement, *cases: dict, positive=(), nonnegative=(), skip=()):
    """``statement`` with every hypothesis part ``tighter``, every concluded relation ``looser`` (parts named in
    ``skip`` and parts that are not inequalities get no role), on the domain given by ``cases`` merged into one
    parametrization (each a dict symbol -> expression in positive symbols) and the listed signs."""
    out = statement
    for name, part in statement.items():
        role = _role(name)
        if role and name not in skip and isinstance(part, Relational) and not isinstance(part, sympy.Eq):
            out = out.monotone(name, role)
    merged: dict = {}
    for case in cases:
        merged.update(case)
    # NEXT is written in A; compose it with a parametrization of A (and of η) when both are given
    for _ in range(len(merged)):  # compose until no key appears in a value (the maps are acyclic)
        merged = {k: v.xreplace({s: e for s, e in merged.items() if s is not k}) for k, v in merged.items()}
    kinds = {"positive": tuple(positive)} if positive else {}  # the c_… symbols carry their own signs
    if nonnegative:
        kinds["nonnegative"] = tuple(nonnegative)
    # the setting (λ > 0: Σx is invertible; η > 0: a step size) is the domain of every mutant; the parametrizations
    # and signs above restate the printed hypotheses, so they serve only the mutants of the conclusions (given):
    # a hypothesis mutant (0 < -a from 0 < a) must be judged outside them
    used = set().union(*(p.free_symbols for _, p in statement.items()))
    setting = tuple(sym for sym in (LAM, ETA) if sym in used)
    out = out.assuming(positive=setting) if setting else out
    return out.given(cases=(merged,) if merged else (), **kinds)


_F = Fraction
_PAIRS = ((_F(1), _F(1)), (_F(2), _F(1)), (_F(1), _F(3)), (_F(1, 2), _F(2)))
# h = ησ: tiny (second-order terms invisible), moderate, at the edge of 2h < 1, and just beyond it
_H = (_F(1, 10 ** 4), _F(1, 10), _F(49, 100), _F(1, 2) + _F(1, 10 ** 7))
# a as a fraction of σ/λ: near 0 (y = 1 - λa/σ -> 1), inside, near the fixed point (y -> 0), just beyond it
_PHI = (_F(1, 10 ** 9), _F(1, 2), 1 - _F(1, 10 ** 9), 1 + _F(1, 10 ** 9))
TIGHT_POINTS = tuple((s, lam, h / s, phi * s / lam) for s, lam in _PAIRS for h in _H for phi in _PHI)


def tight_point_search(ctx, values, *, what: str, corners=TIGHT_POINTS, strategy=None):
    """:func:`._discrete.point_search` on the drawn points of ``strategy`` (default :func:`._discrete.point_params`),
    then on every corner (σ, λ, η, x) of ``corners`` (Hypothesis exhausts the finite set in a full run); refuted
    by either, else the drawn search's verdict
    (marked implied under ``--mutate`` only when both searches mark it)."""
    # the drawn points first: a refuted printed claim keeps the counterexample it had without the corners
    second = point_search(ctx, point_params() if strategy is None else strategy, values, what=what)
    return _then_tight(second, lambda: point_search(ctx, st.sampled_from(corners), values, what=what + " (tight "
                                                    "corners)", scope=f"exact at the tight corners ({len(corners)})"),
                       "tight corners", len(corners), "exactly at")


def _then_tight(second, tight, label: str, n: int, how: str):
    """The drawn search's verdict ``second`` combined with the tight instances' (run only when ``second`` holds):
    refuted by either, else ``second`` (implied under ``--mutate`` only when both say so)."""
    if not isinstance(second, Verified):
        return second
    first = tight()
    if not isinstance(first, Verified):
        return first
    info = {k: v for k, v in second.info.items() if k != IMPLIED or IMPLIED in first.info}
    return replace(second, info={**info, label: n}, scope=f"{second.scope}; and {how} {n} {label}")


# orbits (σ, λ, h = ησ, a0/(σ/λ)): σ small and large (the rates' second-order terms scale with σ), h from tiny to
# the edges of 2h + h^2 < 1 and 2h < 1, a0 far below σ/λ (the bounds are tight at t = 0 and while a << σ/λ)
_MODE_S = (_F(1, 20), _F(1), _F(8))
_MODE_H = (_F(1, 10 ** 7), _F(1, 1000), _F(1, 10), _F(2, 5), _F(49, 100))
_MODE_PHI = (_F(1, 10 ** 9), _F(1, 2), 1 - _F(1, 10 ** 6))
TIGHT_MODES = tuple((s, _F(1), h / s, phi * s) for s in _MODE_S for h in _MODE_H for phi in _MODE_PHI)


def tight_orbit_search(ctx, *, what: str, corners=TIGHT_MODES, strategy=None):
    """:func:`._discrete.orbit_search` on the drawn orbits of ``strategy`` (default :func:`._discrete.mode_params`),
    then on every orbit of ``corners`` (σ, λ, η, a0); combined as :func:`tight_point_search` does."""
    n = 40 if ctx.fast else 150
    second = orbit_search(ctx, mode_params(n) if strategy is None else strategy, what=what)
    return _then_tight(second, lambda: orbit_search(ctx, st.sampled_from(tuple(c + (n,) for c in corners)),
                                                    what=what + " (tight orbits)",
                                                    scope=f"at the tight orbits ({len(corners)})"),
                       "tight orbits", len(corners), "at")
