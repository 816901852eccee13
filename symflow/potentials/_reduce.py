r"""Step 2 of :mod:`symflow.potentials`: the leaf through :math:`x(0)` as a curve in one coordinate (the chart).

For a separable G (:func:`_sep`: each :math:`\theta_i = g_i(x^{(i)})` uses its own block of parameters) gradient
flow moves each block along the integral curves of :math:`\nabla g`, so :math:`dx_j/dx_k = \partial_j g/\partial_k g`.
When this ratio separates, integrating it gives the conservation laws :math:`F_j(x_j) - F_k(x_k) = c_j` and the leaf
as :math:`x = \varphi(w)` in the pivot :math:`w` (:func:`_chart_block`), on the open interval bounded by the exact
real zeros/poles of :math:`\partial_w g` and the branch points of the other coordinates (:func:`_boundary`).
:func:`_reduce_block` chooses the pivot: least :math:`|x_j(0)|` first (DD-Ass-A), skipping charts that stop at a
turning point of the leaf (:func:`_turning_ends`) or whose ends are not exact roots (:func:`_opaque_ends`).
Non-smooth maps (abs, sign, ...: ``symflow.parameterization.NONSMOOTH``) are refused: they have no metric where the argument vanishes.
"""

from __future__ import annotations

from typing import Mapping

import mpmath
import sympy
from sympy.polys.polyerrors import BasePolynomialError

from ..errors import InvalidArgument
from ..conservation import separable_first_integral
from ..parameterization import NONSMOOTH, Parameterization
from ._block import _Block
from ..errors import TimeLimitExceeded
from ..validation import exact_number

__all__ = ["_sep", "_check_init", "_reduce_block", "_chart_block", "_turning_ends", "_opaque_ends",
           "_check_smooth", "_boundary"]


def _sep(G: Parameterization):
    """The blocks of a separable G: for each output, the parameters it uses (in G.params order)."""
    if not G.is_separable:
        raise InvalidArgument(f"G={G!r} is not separable (outputs share parameters); derive_potential handles "
                              f"separable parameterizations (diagonal families); see docs/potentials.md")
    blocks = []
    for i, g in enumerate(G.outputs):
        ps = tuple(p for p in G.params if p in g.free_symbols)
        if not ps:
            raise InvalidArgument(f"output {i + 1} ({g}) is constant; every output must depend on a parameter")
        blocks.append(ps)
    return blocks


def _check_init(G: Parameterization, init) -> dict:
    if not isinstance(init, Mapping):
        raise InvalidArgument(f"init={init!r} ({type(init).__name__}) must be a dict Symbol -> exact number, "
                              f"e.g. {{u: 1, v: 2}}")
    by_name = {str(p): p for p in G.params}
    out = {}
    for k, v in init.items():
        key = by_name.get(str(k))
        if key is None:
            raise InvalidArgument(f"init key {k!r} is not a parameter of {G!r}; parameters: "
                                  f"{', '.join(by_name)}")
        out[key] = exact_number(v, f"init[{k}]")
    missing = [str(p) for p in G.params if p not in out]
    if missing:
        raise InvalidArgument(f"init misses {', '.join(missing)}; give a value for every parameter")
    return out


def _branch(cands, w, w0, target):
    """The candidate expression of w taking the value ``target`` at w = w0 (checked at 30 digits)."""
    tol = sympy.Float("1e-30", 50) * max(1, abs(target))
    for c in cands:
        gap = sympy.N(c.subs(w, w0) - target, 50)
        if gap.is_number and abs(gap) < tol:
            return c
    return None


def _real_roots(q, w) -> set:
    """Exact real roots of a polynomial factor in w (empty if q is not a polynomial over QQ)."""
    if w not in q.free_symbols:
        return set()
    try:
        poly = sympy.Poly(q, w)
    except sympy.PolynomialError:
        return set()
    if poly.domain not in (sympy.ZZ, sympy.QQ):
        return set()
    return set(poly.real_roots())


def _factor_points(e, w, zeros: bool) -> set:
    """Zeros (if ``zeros``) and poles of e, factor by factor; fractional powers contribute their base's zeros/poles."""
    pts: set = set()
    num, den = sympy.together(e).as_numer_denom()
    for part, want in ((num, zeros), (den, True)):
        if not want:
            continue
        for f in sympy.Mul.make_args(sympy.factor_terms(part)):
            if f.is_Pow and f.base.has(w):
                pts |= _factor_points(f.base, w, True)
            elif f.is_polynomial(w):
                pts |= _real_roots(f, w)
            else:
                for a in f.atoms(sympy.Pow):
                    if not a.exp.is_Integer and a.base.has(w):
                        pts |= _factor_points(a.base, w, True)
    return pts


def _boundary(exprs, w):
    """Real points where the leaf curve stops: zeros/poles of d_pivot g (exprs[0]), poles and branch points of the
    other coordinates (exprs[1:]), radicands and logarithm arguments; all exact real roots."""
    pts = set(_factor_points(exprs[0], w, True))
    for e in exprs:
        pts |= _factor_points(e, w, False)
        for a in e.atoms(sympy.Pow):
            if not a.exp.is_Integer and a.base.has(w):
                pts |= _factor_points(a.base, w, True)
        for a in e.atoms(sympy.log):
            pts |= _factor_points(a.args[0], w, True)
    return pts


def _reduce_block(i: int, theta: sympy.Symbol, g: sympy.Expr, params: tuple, init: dict) -> _Block:
    r"""Step 2 of the module docstring: the leaf of block i through x(0) as a curve in the pivot.

    Pivot rule: the first coordinate, in order of least :math:`|x_j(0)|` with :math:`\partial_j g(x(0)) \ne 0`
    (the layer that may cross zero, DD-Ass-A), whose chart covers the whole leaf: every finite end of its
    w-interval is a true end of the leaf (a zero of :math:`\nabla g`, an edge of the domain of g, or a point
    where a coordinate blows up), not a *turning point* of the pivot, where the other coordinates have a branch
    point but the leaf continues through a regular point (``exp(u)*v`` from (1/2, 3/2): pivot u gives
    :math:`v = \sqrt{8u+5}/2`, which breaks at u = -5/8 where v crosses 0; pivot v gives the global chart
    :math:`u = (v^2 - 5/4)/2`).  When no pivot gives a global chart, the first one is kept.
    """
    grads = {p: sympy.diff(g, p) for p in params}
    if all(grads[p].xreplace(init) == 0 for p in params):
        raise InvalidArgument(f"init is on the singular set of output {i + 1}: grad {g} = 0 at "
                              f"{ {str(p): str(init[p]) for p in params} }; move the initialization off it")
    _check_smooth(i, g)
    key = (g, params, tuple(init[p] for p in params))
    if key in _PIVOTS:  # the choice costs one chart per candidate: remember it (derive, check, cross-check)
        pivot, note = _PIVOTS[key]
        blk = _chart_block(i, theta, g, params, init, grads, pivot)
        if note:
            blk.steps.insert(0, (note, "w = " + sympy.latex(pivot)))
        return blk
    order = sorted(range(len(params)), key=lambda k: (abs(init[params[k]]), k))
    cands = [params[k] for k in order if grads[params[k]].xreplace(init) != 0]
    first, first_exc, global_ = None, None, None
    why = {}
    for pivot in cands:
        try:
            blk = _chart_block(i, theta, g, params, init, grads, pivot)
        except (InvalidArgument, NotImplementedError, ValueError, BasePolynomialError, TimeLimitExceeded) as exc:
            first_exc = first_exc or exc  # re-raised when no pivot works (SymPy cannot solve for this one)
            continue
        turning = _turning_ends(blk)
        opaque = _opaque_ends(blk)
        if turning:
            why[pivot] = f"it stops at a turning point {pivot} = {', '.join(map(str, turning))} (a regular point " \
                         f"of the leaf where {pivot} reverses)"
        elif opaque:
            why[pivot] = f"the real zeros of {opaque} (ends of its interval) are not exact roots over Q"
        first = first or blk
        if not turning and not opaque:
            global_ = blk
            break
        global_ = global_ or (blk if not turning else None)
    if first is None:
        raise first_exc
    chosen = global_ or first
    note = ""
    if why:
        note = "; ".join(f"the chart in {p} is not used first: {t}" for p, t in why.items() if p != chosen.pivot)
        if chosen.pivot in why:
            note = (note + "; " if note else "") + f"the chart in {chosen.pivot} is kept although {why[chosen.pivot]}" \
                f" (no pivot does better): the potential holds on this chart"
        note = f"block {i + 1}: pivot {chosen.pivot}: {note}"
        chosen.steps.insert(0, (note, "w = " + sympy.latex(chosen.pivot)))
    if len(_PIVOTS) > 256:
        _PIVOTS.pop(next(iter(_PIVOTS)))
    _PIVOTS[key] = (chosen.pivot, note)
    return chosen


_PIVOTS: dict = {}  # (g, params, init values) -> (pivot, note): a small memo of the pivot choice


def _qq_rational(e, w) -> bool:
    """e is a rational function of w with rational coefficients (its real zeros and poles are found exactly)."""
    num, den = sympy.together(e).as_numer_denom()
    try:
        return all(sympy.Poly(q, w).domain in (sympy.ZZ, sympy.QQ) for q in (num, den))
    except sympy.PolynomialError:
        return False


def _opaque_ends(blk: "_Block"):
    """A part of the chart whose real zeros bound the interval but are not found exactly (None if there is none):
    a radicand or logarithm argument that is not rational over Q in w, or a factor of d_w g like sinh(w)."""
    w = blk.w

    def unknown(e) -> bool:  # has w, its zeros are not exact roots, and SymPy cannot tell its sign
        return e.has(w) and not _qq_rational(e, w) and not (e.is_positive or e.is_negative)

    exprs = [blk.h_w] + [e for p, e in blk.phi.items() if p != blk.pivot]
    for e in exprs:
        for a in e.atoms(sympy.Pow):
            if not a.exp.is_Integer and unknown(a.base):
                return a.base
        for a in e.atoms(sympy.log):
            if unknown(a.args[0]):
                return a.args[0]
    num, den = sympy.together(blk.h_w).as_numer_denom()
    for part in (num, den):
        for f in sympy.Mul.make_args(sympy.factor_terms(part)):
            base = f.base if f.is_Pow else f
            if not (f.is_Pow and not f.exp.is_Integer) and unknown(base):
                return base
    return None


def _check_smooth(i: int, g: sympy.Expr) -> None:
    """Refuse abs/sign: G is not differentiable where their argument vanishes, so there is no metric there."""
    bad = sorted({str(a) for a in g.atoms(*NONSMOOTH)})
    if bad:
        raise InvalidArgument(f"output {i + 1} = {g} uses {', '.join(bad)}, which make G non-smooth (no Hessian "
                              f"where the argument vanishes); potentials need a smooth G: on the branch of the "
                              f"initialization write the map without abs/sign (e.g. u*v for abs(u)*v with u > 0)")


def _turning_ends(blk: "_Block") -> list:
    r"""Finite ends a of the chart where the leaf continues: :math:`m = |\nabla g|^2` and every coordinate
    :math:`\varphi_p` tend to finite limits, with m > 0, as w -> a (sampled at a -/+ 10^-20 and 10^-30 at 60
    digits; agreement to 6 digits).  A true end (zero of the gradient, edge of the domain, a coordinate blowing
    up) makes m tend to 0 or infinity, or a coordinate diverge."""
    out = []
    with mpmath.workdps(60):
        for end, side in ((blk.lo, 1), (blk.hi, -1)):
            if end in (sympy.oo, -sympy.oo):
                continue
            try:
                a = mpmath.mpf(str(sympy.N(end, 70)))
                vals = []
                for k in (20, 30):
                    wv = a + side * mpmath.mpf(10) ** -k
                    vals.append([mpmath.re(blk._f_m(wv))] + [mpmath.re(f(wv)) for f in blk._f_x.values()])
            except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
                continue
            (m1, *x1), (m2, *x2) = vals
            finite = all(mpmath.isfinite(v) for v in vals[0] + vals[1])
            if finite and m1 > mpmath.mpf(10) ** -12 and m2 > mpmath.mpf(10) ** -12 and \
                    abs(m1 - m2) <= mpmath.mpf(10) ** -6 * m2 and \
                    all(abs(p - q) <= mpmath.mpf(10) ** -6 * max(1, abs(q)) for p, q in zip(x1, x2)):
                out.append(end)
    return out


def _chart_block(i: int, theta, g, params: tuple, init: dict, grads: dict, pivot) -> "_Block":
    """The leaf of block i as a curve in the given pivot w = pivot: laws, phi, theta(w), h(w), m(w), (lo, hi)."""
    wname = f"w{i + 1}"
    while any(str(s) == wname for s in init):
        wname += "_"
    w = sympy.Symbol(wname, real=True)  # the leaf coordinate of block i (distinct per block)
    w0 = init[pivot]
    phi = {pivot: w}
    laws = []
    steps = []
    for p in params:
        if p == pivot:
            continue
        if sympy.expand(grads[p].xreplace({p: init[p]})) == 0:
            # x_p never moves: on {x_p = x_p(0)} its velocity -d_p g * dL vanishes (e.g. a zero branch u_- = 0)
            phi[p] = init[p]
            laws.append((p, init[p]))
            steps.append((f"block {i + 1}: d{p} g = {grads[p]} vanishes on {p} = {init[p]}, so {p} stays "
                          f"{init[p]} along the flow", sympy.latex(sympy.Eq(p, init[p]))))
            continue
        r = sympy.cancel(grads[p] / grads[pivot])
        try:  # the law of the pair (p, pivot): the first-integral engine of symflow.conservation
            Fp, Fk = separable_first_integral(g, p, pivot)
        except InvalidArgument as exc:
            raise InvalidArgument(f"block {i + 1}: {exc}; only blocks whose leaf separates variable by variable "
                                  "are supported") from None
        if (Fp - Fk).could_extract_minus_sign():  # as conservation_laws prints it: 1/u + 1/v
            Fp, Fk = -Fp, -Fk
        law = Fp - Fk
        c = sympy.nsimplify(law.xreplace(init)) if law.xreplace(init).has(sympy.log) else law.xreplace(init)
        laws.append((law, sympy.logcombine(c, force=True) if c.has(sympy.log) else c))  # no simplify: bounded
        cands = sympy.solve(sympy.Eq(Fp, Fk.subs(pivot, w) + c), p)
        x_w = _branch(cands, w, w0, init[p])
        if x_w is None:
            raise InvalidArgument(f"block {i + 1}: could not express {p} on the leaf through the init "
                                  f"(candidates {cands}); not supported")
        phi[p] = sympy.factor(sympy.cancel(x_w)) if x_w.is_rational_function(w) else sympy.powsimp(x_w)
        steps.append((f"law of block {i + 1}: along grad g, d{p}/d{pivot} = {r}, so {law} = {c} on the leaf; "
                      f"{p} = {phi[p]} with w = {pivot}",
                      sympy.latex(sympy.Eq(law, c))))
    sub = {p: phi[p] for p in params}
    theta_w = g.xreplace(sub)
    h_w = grads[pivot].xreplace(sub)
    m_w = sympy.expand(sum(grads[p].xreplace(sub) ** 2 for p in params))
    pts = _boundary([h_w] + [phi[p] for p in params if p != pivot], w)
    w0n = sympy.N(w0, 50)
    if any(sympy.N(q - w0, 50) == 0 for q in pts):
        raise InvalidArgument(f"init puts block {i + 1} on the singular set ({pivot}={w0}); move it off")
    below = [q for q in pts if sympy.N(q, 50) < w0n]
    above = [q for q in pts if sympy.N(q, 50) > w0n]
    lo = max(below, key=lambda q: sympy.N(q, 50)) if below else -sympy.oo
    hi = min(above, key=lambda q: sympy.N(q, 50)) if above else sympy.oo
    blk = _Block(i, theta, g, params, pivot, w, w0, phi, laws, theta_w, h_w, m_w, lo, hi,
                 theta0=sympy.expand(g.xreplace(init)), steps=steps)
    blk.steps.append((f"block {i + 1}: theta = {theta_w}, metric m = |grad g|^2 = {m_w}, "
                      f"d eta/dw = 1/d{pivot} g = {sympy.simplify(1 / h_w) if len(str(h_w)) < 80 else 1 / h_w}, "
                      f"w = {pivot} in ({lo}, {hi}), w(0) = {w0}",
                      r"\frac{d\eta}{dw} = \frac{g'(w)}{m(w)} = " + sympy.latex(1 / h_w)))
    return blk
