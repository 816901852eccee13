"""The commuting test of Li, Wang, Lee, Arora (2022, Def. 4.1; DD-Def-Commuting): every bracket of gradient fields
vanishes identically."""

from __future__ import annotations

from typing import Any

import sympy

from ..parameterization import Parameterization, check_parameterization, rational_point
from ..verdict import Inconclusive, Proved, Reason, Refuted, Verdict, Verified
from ._rings import _SympyRing, _poly_bracket, bracket


# --------------------------------------------------------------------------------------------------------------
# commuting test
# --------------------------------------------------------------------------------------------------------------
def _supports(G: Parameterization) -> list[frozenset]:
    pset = set(G.params)
    return [frozenset(e.free_symbols & pset) for e in G.outputs]


def _names(G: Parameterization, i: int) -> str:
    return str(G.theta[i])


def is_commuting(G: Parameterization, *, seed: int = 0) -> Verdict:
    r"""Is G commuting: :math:`[\nabla G_i, \nabla G_j] \equiv 0` for all :math:`i < j` (DD-Def-Commuting)?

    Polynomial G (coefficients in QQ): decided exactly in :math:`\mathbb{Q}[x]`.  ``Proved`` when every bracket is
    the zero polynomial; ``Refuted`` with the pair (i, j) (1-based), an exact rational point where the bracket is
    non-zero and the bracket's value there (strings).  Pairs whose outputs depend on disjoint parameter sets
    commute trivially (:math:`\nabla^2 G_j \nabla G_i = 0` since the supports do not meet) and are not computed.

    Other G: each component of each bracket goes to :func:`symflow.identity.is_zero` (exact for rational
    expressions, high-precision evaluation otherwise); the weakest answer wins.

    Source: Li, Wang, Lee, Arora 2022, Def. 4.1 (DD-Def-Commuting).
    """
    check_parameterization(G)
    supports = _supports(G)
    d = G.d
    pairs = [(i, j) for i in range(d) for j in range(i + 1, d)]
    overlapping = [(i, j) for i, j in pairs if supports[i] & supports[j]]
    n_trivial = len(pairs) - len(overlapping)
    base_cert: dict[str, Any] = {"convention": "[grad G_i, grad G_j] = Hess(G_j) grad G_i - Hess(G_i) grad G_j",
                                 "pairs": len(pairs), "trivial_disjoint_support": n_trivial,
                                 "computed": len(overlapping)}
    if not pairs:
        return Proved("d = 1: a single gradient field; there is no pair to bracket",
                      certificate=dict(base_cert, method="nothing to compute (d = 1)"))
    if G.is_polynomial:
        return _commuting_poly(G, overlapping, base_cert, seed)
    return _commuting_expr(G, overlapping, base_cert)


def _commuting_poly(G, overlapping, cert, seed) -> Verdict:
    R, gens, polys = G.polys()
    grads: dict[int, list] = {}

    def grad(i):
        if i not in grads:
            grads[i] = [polys[i].diff(x) for x in gens]
        return grads[i]

    for i, j in overlapping:
        b = _poly_bracket(grad(i), grad(j), gens)
        if any(b):
            return _refute_poly(G, i, j, b, seed)
    cert = dict(cert, method="every bracket is the zero polynomial in QQ[x] (exact)",
                ring=f"QQ[{', '.join(map(str, G.params[:6]))}{', ...' if G.D > 6 else ''}]")
    why = (f"all {cert['pairs']} brackets vanish identically in QQ[x]; {cert['trivial_disjoint_support']} pairs "
           f"trivially (outputs on disjoint parameter sets), {cert['computed']} computed exactly")
    return Proved(why, certificate=cert)


def _refute_poly(G, i, j, b, seed) -> Refuted:
    nz = [k for k, c in enumerate(b) if c]
    for s in range(seed, seed + 50):
        point = rational_point(G.params, s)
        vals = [point[p] for p in G.params]
        be = _SympyRing(b[0].ring)
        values = [sympy.Rational(str(be.evaluate(c, [sympy.QQ(int(v.p), int(v.q)) for v in vals]))) for c in b]
        if any(values):
            break
    else:  # pragma: no cover - a non-zero polynomial cannot vanish at 50 random points in practice
        raise RuntimeError("no point found where a non-zero bracket is non-zero; report this as a bug")
    shown = {str(G.params[k]): str(b[k].as_expr()) for k in nz[:8]}
    ce = {"pair": [i + 1, j + 1], "outputs": [_names(G, i), _names(G, j)],
          "point": {str(k): str(v) for k, v in point.items()},
          "bracket_value": [str(v) for v in values],
          "bracket_nonzero_components": shown,
          "convention": "[grad G_i, grad G_j] = Hess(G_j) grad G_i - Hess(G_i) grad G_j"}
    k0 = next(k for k, v in enumerate(values) if v)
    detail = (f"[grad G_{i + 1}, grad G_{j + 1}] is not 0: its {G.params[k0]}-component is {b[k0].as_expr()}, "
              f"= {values[k0]} at the point given")
    return Refuted(detail, counterexample=ce)


def _commuting_expr(G, overlapping, cert) -> Verdict:
    from ..identity import is_zero

    grads = G.gradient_fields()
    weakest: Verdict | None = None
    digits: list[int] = []
    points: list = []
    for i, j in overlapping:
        b = bracket(grads[i], grads[j], G.params)
        for k, comp in enumerate(b):
            if comp == 0:
                continue
            v = is_zero(comp, symbols=G.params)
            if v.word == "refuted":
                ce = {"pair": [i + 1, j + 1], "outputs": [_names(G, i), _names(G, j)],
                      "component": str(G.params[k]), "bracket_component": str(comp)}
                ce["is_zero"] = dict(getattr(v, "counterexample", {}))
                return Refuted(f"[grad G_{i + 1}, grad G_{j + 1}] has a non-zero {G.params[k]}-component {comp}",
                               counterexample=ce, measured_digits=v.digits)
            if v.word == "inconclusive":
                weakest = v
            elif v.word == "verified":
                digits.append(v.digits)
                points.extend(getattr(v, "points", ())[:1])
    if weakest is not None:
        return Inconclusive(f"some bracket component could not be decided: {weakest.detail}",
                            reason=getattr(weakest, "reason", Reason.UNDECIDED))
    if digits:
        return Verified(f"all {cert['pairs']} brackets vanish numerically ({cert['trivial_disjoint_support']} "
                        "trivially); non-polynomial components checked by high-precision evaluation",
                        n_digits=min(digits), points=tuple(points) or ("see identity.is_zero",),
                        method="identity.is_zero on each bracket component")
    return Proved(f"all {cert['pairs']} brackets vanish identically ({cert['trivial_disjoint_support']} trivially, "
                  "the rest by exact identity tests)", certificate=dict(cert, method="identity.is_zero (exact)"))


