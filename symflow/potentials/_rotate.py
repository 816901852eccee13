r"""Step 0 of :mod:`symflow.potentials`: an orthogonal change of coordinates that makes a commuting G separable.

When the outputs share parameters (``(u+v)^2, (u-v)^2``) but each :math:`G_i` depends on x only through its own
linear forms, :math:`G_i(x) = g_i(B_i x)`, and the row spaces :math:`W_i` of the :math:`B_i` are mutually
orthogonal, an orthonormal basis :math:`Q = [Q_1 \dots Q_d]` of :math:`\bigoplus_i W_i` (Gram--Schmidt per block,
exact, square roots allowed) gives coordinates :math:`y = Q^\top x` in which :math:`\tilde G(y) = G(Qy)` is
separable.  Gradient flow is the same flow: :math:`\dot x = -\partial G^\top\nabla\mathcal{L} \in \bigoplus W_i`, so
:math:`x(t) = x_\perp(0) + Q y(t)` with :math:`\dot y = -\partial\tilde G(y)^\top\nabla\mathcal{L}`, and the metric
:math:`\partial\tilde G\,\partial\tilde G^\top = \partial G\,QQ^\top\partial G^\top = \partial G\,\partial G^\top`: the
potential of G from x(0) is the potential of :math:`\tilde G` from :math:`y(0) = Q^\top x(0)`.

:math:`W_i` is the span of :math:`\nabla G_i` at rational points (exact ranks, until two more points add nothing);
the claim :math:`\nabla G_i(x) \in W_i` for all x is then checked exactly (:math:`N_i^\top\nabla G_i \equiv 0` for
a basis :math:`N_i` of :math:`W_i^\perp`), so a wrong span is never used.
"""

from __future__ import annotations

import sympy

from ..identity import vanishes_formally
from ..parameterization import Parameterization, rational_point

__all__ = ["_separate", "_separable_view"]


def _span(G: Parameterization, i: int) -> sympy.Matrix | None:
    """Rows spanning {grad G_i(x)}: exact, from rational points; None when values are not rational."""
    grad = [sympy.diff(G.outputs[i], p) for p in G.params]
    rows, rank, stale, seed = [], 0, 0, 0
    while stale < 2 and seed < G.D + 4:
        pt = rational_point(G.params, 1000 + seed)
        seed += 1
        row = [g.xreplace(pt) for g in grad]
        if not all(v.is_Rational for v in row):
            return None
        new = sympy.Matrix(rows + [row]).rank()
        if new > rank:
            rows.append(row)
            rank, stale = new, 0
        else:
            stale += 1
    B = sympy.Matrix(rows).rowspace() if rows else []
    perp = sympy.Matrix.vstack(*B).nullspace() if B else []
    if any(not vanishes_formally(sympy.Add(*[c * g for c, g in zip(n, grad)])) for n in perp):
        return None  # the span at the points misses a direction: G_i is not a function of these forms
    return sympy.Matrix.vstack(*B) if B else None


def _separate(G: Parameterization, x0: dict):
    """``(G_y, y0, text)``: a separable G in orthonormal coordinates y = Q^T x, or None when none is found."""
    spans = [_span(G, i) for i in range(G.d)]
    if any(B is None for B in spans):
        return None
    for i in range(G.d):
        for j in range(i + 1, G.d):
            if any(v != 0 for v in spans[i] * spans[j].T):
                return None  # not mutually orthogonal: the metric would not split
    names = {str(p) for p in G.params}
    k, cols, ys = 0, [], []
    for B in spans:
        for q in sympy.GramSchmidt([B.row(r).T for r in range(B.rows)], True):
            if next(c for c in q if c != 0).is_negative:
                q = -q  # first entry positive: y1 = (u + v)/sqrt(2), not its negative
            k += 1
            name = f"y{k}"
            while name in names:
                name += "_"
            ys.append(sympy.Symbol(name, real=True))
            cols.append(q.applyfunc(sympy.radsimp))
    Q = sympy.Matrix.hstack(*cols)
    x_of_y = dict(zip(G.params, list(Q * sympy.Matrix(ys))))
    outputs = [sympy.expand(g.xreplace(x_of_y)) for g in G.outputs]
    Gy = Parameterization(tuple(ys), tuple(outputs), name=f"{G.name or G!r} in y = Q^T x", theta=G.theta)
    if not Gy.is_separable:
        return None
    xv = sympy.Matrix([x0[p] for p in G.params])
    y0 = {y: sympy.radsimp(sympy.expand(v)) for y, v in zip(ys, list(Q.T * xv))}
    forms = ", ".join(f"{y} = {sympy.expand(sum(c * p for c, p in zip(Q[:, n], G.params)))}" for n, y in enumerate(ys))
    text = (f"G is not separable; the orthogonal change of coordinates {forms} (orthonormal basis of the spans of "
            f"the gradients, which are mutually orthogonal) separates it: G = ({', '.join(map(str, outputs))}); "
            "gradient flow and the metric dG dG^T are the same in y")
    return Gy, y0, text


def _separable_view(G: Parameterization, x0: dict):
    """``(G, x0, "")`` for separable G; else the separated G, y0 and the change of coordinates (or InvalidArgument)."""
    from ..errors import InvalidArgument

    if G.is_separable:
        return G, x0, ""
    sep = _separate(G, x0)
    if sep is None:
        raise InvalidArgument(f"G={G!r} is not separable (outputs share parameters) and no orthogonal linear change "
                              "of coordinates separates it (each G_i a function of its own linear forms, the forms "
                              "of different outputs orthogonal); derive_potential handles separable "
                              "parameterizations; see docs/potentials.md")
    return sep
