r"""The :class:`Potential` object and :func:`derive_potential`: the mirror potential :math:`R = \sum_i R_i(\theta_i)`.

:func:`derive_potential` reduces every block to its leaf chart (:mod:`._reduce`), tries the closed-form route
(:mod:`._closed`) and otherwise keeps the implicit potential of :mod:`._block` (with an elliptic :math:`\eta(w)` or a
closed tail :math:`\int_{w_0}^w \theta/h` when SymPy finds one).  :class:`Potential` evaluates
:math:`R`, :math:`\nabla R = \eta`, :math:`\nabla^2 R = \operatorname{diag}(1/m_i)`, its inverse (the metric
:math:`\partial G\,\partial G^\top` on the leaf) and :math:`(\nabla R)^{-1}` with guard digits, normalised by
:math:`R(\theta_0) = 0`, :math:`\nabla R(\theta_0) = 0`.  Source: Li et al. 2022 Thm 4.8; DD-Thm1, DD-Eq20, DD-Eq30.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import mpmath
import sympy

from ..errors import InvalidArgument
from ..parameterization import Parameterization
from ..precision import GUARD_DPS, agreeing_digits
from ._block import _Block
from ._closed import _closed_block, _elliptic_eta, _sample_ws
from ..errors import TimeLimitExceeded
from ..identity import vanishes_formally
from ..validation import check_dps, time_limit, to_mpf
from ._common import _CLOSED_SECONDS
from ._reduce import _check_init, _reduce_block, _sep
from ._rotate import _separable_view

__all__ = ["Potential", "derive_potential"]


@dataclass(eq=False)
class Potential:
    r"""A mirror potential :math:`R(\theta) = \sum_i R_i(\theta_i)` derived from G and an initialization.

    ``kind`` is ``"closed"`` (``expr`` is the SymPy expression) or ``"implicit"`` (``expr`` is None and the numbers
    come from :math:`w(\theta)` by root finding and :math:`\eta(w)` by quadrature; ``formula`` shows how).
    Normalised by :math:`R(\theta_0) = 0`, :math:`\nabla R(\theta_0) = 0`.  All numeric methods take ``dps`` (None:
    the current precision), work with guard digits and round back.
    """

    G: Parameterization
    init: dict
    kind: str
    theta: tuple
    expr: sympy.Expr | None
    grad_exprs: tuple | None
    formula: str
    latex: str
    steps: list
    blocks: list
    theta0: tuple
    coordinates: str = ""  # the change of coordinates that separated G ("" when G was separable)

    # -- numbers --------------------------------------------------------------------------------------------------
    def _vec(self, theta, name="theta"):
        if not isinstance(theta, (list, tuple)) and not hasattr(theta, "tolist"):
            theta = [theta]
        vals = list(theta.tolist() if hasattr(theta, "tolist") and not isinstance(theta, (list, tuple)) else theta)
        vals = [v[0] if isinstance(v, list) else v for v in vals]
        if len(vals) != len(self.blocks):
            raise InvalidArgument(f"{name} has {len(vals)} entries but the potential has d = {len(self.blocks)}")
        return [to_mpf(v) for v in vals]

    def _run(self, fn, theta, dps, name="theta"):
        dps = check_dps(dps)
        with mpmath.workdps(dps + GUARD_DPS):
            vals = self._vec(theta, name)
            out = fn(vals)
        with mpmath.workdps(dps):
            return [+v for v in out] if isinstance(out, list) else +out

    def value(self, theta, dps=None) -> mpmath.mpf:
        r""":math:`R(\theta)`."""
        return self._run(lambda v: mpmath.fsum(b.value(x) for b, x in zip(self.blocks, v)), theta, dps)

    def grad(self, theta, dps=None) -> list:
        r""":math:`\nabla R(\theta)` (the mirror coordinate :math:`\eta`)."""
        return self._run(lambda v: [b.grad(x) for b, x in zip(self.blocks, v)], theta, dps)

    def hess(self, theta, dps=None) -> mpmath.matrix:
        r""":math:`\nabla^2 R(\theta) = \operatorname{diag}(1/m_i)` (diagonal: G is separable)."""
        diag = self._run(lambda v: [b.hess(x) for b, x in zip(self.blocks, v)], theta, dps)
        return mpmath.diag(diag)

    def hess_inv(self, theta, dps=None) -> mpmath.matrix:
        r""":math:`(\nabla^2 R)^{-1} = \partial G\,\partial G^\top` at the point of the leaf over :math:`\theta`."""
        diag = self._run(lambda v: [b.metric(x) for b, x in zip(self.blocks, v)], theta, dps)
        return mpmath.diag(diag)

    def grad_inv(self, eta, dps=None) -> list:
        r""":math:`\theta` with :math:`\nabla R(\theta) = \eta` (raises InvalidArgument outside the range)."""
        return self._run(lambda v: [b.theta_of_w(b.w_of_eta(e)) for b, e in zip(self.blocks, v)], eta, dps,
                         name="eta")

    def leaf_point(self, theta, dps=None) -> dict:
        """The point x of the leaf through x(0) with G(x) = theta (a dict param -> mpf)."""
        out: dict = {}

        def fn(v):
            for b, x in zip(self.blocks, v):
                out.update(b.point(b.w_of_theta(x)))
            return [0]

        self._run(fn, theta, dps)
        with mpmath.workdps(check_dps(dps)):
            return {k: +v for k, v in out.items()}

    def measured(self, what: str, theta, dps=None):
        """``(value, digits)`` of ``value|grad|hess`` at theta: recomputed at 2*dps, digits measured."""
        dps = check_dps(dps)
        fn = {"value": self.value, "grad": self.grad, "hess": self.hess}.get(what)
        if fn is None:
            raise InvalidArgument(f"what={what!r} (str) must be 'value', 'grad' or 'hess'")
        lo = fn(theta, dps=dps)
        hi = fn(theta, dps=2 * dps)
        with mpmath.workdps(2 * dps):
            digits = agreeing_digits(lo, hi, cap=dps)
        return lo, digits

    def __repr__(self) -> str:
        what = self.expr if self.kind == "closed" else self.formula
        return f"Potential({self.kind}, {self.G.name or self.G!r}: {what})"


def _implicit_formula(b: _Block) -> tuple[str, str]:
    """(text, latex) of one block's R: closed, or the integrals it is built from."""
    if b.R_theta is not None:
        return str(b.R_theta), sympy.latex(b.R_theta)
    k, w, s = b.index + 1, b.w, sympy.Symbol("s")
    eta = (str(b.eta_w) if b.eta_w is not None else f"Integral(1/({b.h_w.xreplace({w: s})}), (s, {b.w0}, {w}))")
    q = sympy.cancel(b.theta_w / b.h_w).xreplace({w: s})
    tail = str(b.tail_w) if b.tail_w is not None else f"Integral({q}, (s, {b.w0}, {w}))"
    text = (f"R_{k}(theta_{k}) = eta_{k}*theta_{k} - ({tail}) with eta_{k} = {eta} and {w} solving theta_{k} = {b.theta_w}")
    eta_l = (sympy.latex(b.eta_w) if b.eta_w is not None else
             r"\int_{%s}^{%s} \frac{ds}{%s}" % (sympy.latex(b.w0), sympy.latex(w), sympy.latex(b.h_w.xreplace({w: s}))))
    latex = (r"R_{%d}(\theta_{%d}) = \eta_{%d}\theta_{%d} - \int_{%s}^{%s} %s\,ds,\ "
             r"\eta_{%d} = %s,\ \theta_{%d} = %s" % (
                 k, k, k, k, sympy.latex(b.w0), sympy.latex(w), sympy.latex(q), k, eta_l, k, sympy.latex(b.theta_w)))
    return text, latex


def _closed_integral(blk: _Block, integrand: sympy.Expr) -> sympy.Expr | None:
    r""":math:`\int_{w_0}^{w} f(s)\,ds` in closed form, or None: SymPy's antiderivative F (time-bounded), kept when
    :math:`F' = f` exactly (:func:`symflow.identity.vanishes_formally`) and :math:`F(w) - F(w_0)` is the real
    integral on the chart (checked against quadrature at a leaf point, so that no branch of log/sqrt is crossed)."""
    w = blk.w
    try:
        with time_limit(_CLOSED_SECONDS):
            F = sympy.integrate(integrand, w)
    except (TimeLimitExceeded, NotImplementedError, ValueError, TypeError):
        return None
    if F.has(sympy.Integral) or not vanishes_formally(sympy.diff(F, w) - integrand):
        return None
    val = F - F.subs(w, blk.w0)
    s = _sample_ws(blk)[1]
    try:
        with mpmath.workdps(30):
            a = mpmath.re(sympy.lambdify(w, val, modules="mpmath")(to_mpf(s)))
            f = sympy.lambdify(w, integrand, modules="mpmath")
            b = mpmath.quad(lambda x: mpmath.re(f(x)), [to_mpf(blk.w0), to_mpf(s)])
            ok = agreeing_digits(a, b, cap=30) >= 20
    except (ArithmeticError, ValueError, TypeError):
        return None
    return val if ok else None


def derive_potential(G: Parameterization, init: Mapping) -> Potential:
    r"""Derive the mirror potential of gradient flow under a separable G, fixed by the initialization.

    .. math:: \nabla^2 R(\theta) = (\partial G\,\partial G^\top)^{-1}\ \text{on the leaf through } x(0),
              \quad R(\theta_0) = 0,\ \nabla R(\theta_0) = 0.

    Source: Li et al. 2022 Thm 4.8; DD-Thm1 (existence only: this builds the potential); DD-Eq20, DD-Eq30.

    Arguments:
        G: a separable Parameterization (each output uses its own parameters), or one that an orthogonal linear
            change of coordinates makes separable (``(u+v)**2, (u-v)**2``); then ``P.G`` and ``P.init`` are in the new
            coordinates y and ``P.coordinates`` says how.
        init: the initialization x(0), a dict Symbol (or name) -> exact number.

    Returns:
        A :class:`Potential`; ``kind == "closed"`` when every block has a closed form, else ``"implicit"``.

    Raises:
        InvalidArgument: non-separable G, float or missing init values, init on the singular set.

    Examples:
        >>> from symflow.families import power
        >>> P = derive_potential(power(2), {"u": 1})
        >>> P.kind, P.grad([1])[0] == 0
        ('closed', True)

    Limitations: separable G (or G made separable by an orthogonal linear change of coordinates, see ``_rotate``)
    whose leaf separates variable by variable (all families of the sources); the closed
    route needs the metric to be a root of a polynomial of degree <= 2 (or a binomial) in m over Q(theta).
    """
    if not isinstance(G, Parameterization):
        raise InvalidArgument(f"G={G!r} ({type(G).__name__}) must be a Parameterization (e.g. families.uv(1))")
    G, x0, coords = _separable_view(G, _check_init(G, init))
    blocks = []
    for i, (ps, g, th) in enumerate(zip(_sep(G), G.outputs, G.theta)):
        blk = _reduce_block(i, th, g, ps, x0)
        _closed_block(blk)
        if blk.R_theta is None:
            _elliptic_eta(blk)
            if blk.eta_w is None:
                blk.eta_w = _closed_integral(blk, 1 / blk.h_w)
            blk.tail_w = _closed_integral(blk, sympy.cancel(blk.theta_w / blk.h_w))
        blk.finish()
        if blk.R_theta is None:
            how = f"the closed form {blk.eta_w}" if blk.eta_w is not None else "mpmath.quad"
            blk.steps.append((f"block {i + 1} is implicit ({blk.closed_note}): w(theta) by Newton-bisection on "
                              f"theta = {blk.theta_w}, eta(w) = int_{{w0}}^w dw/({blk.h_w}) by {how}, "
                              f"R = eta*theta - int_{{w0}}^w {sympy.cancel(blk.theta_w / blk.h_w)} dw"
                              + (f" = eta*theta - ({blk.tail_w})" if blk.tail_w is not None else " by mpmath.quad"),
                              r"R(\theta) = \eta(w)\,\theta - \int_{w_0}^{w(\theta)} \frac{g(s)}{\partial_w g(s)}"
                              r"\,ds,\quad \eta(w)=\int_{w_0}^{w}\frac{ds}{" + sympy.latex(blk.h_w.subs(blk.w, sympy.Symbol("s"))) + "}"))
        blocks.append(blk)
    closed = all(b.R_theta is not None for b in blocks)
    theta0 = tuple(b.theta0 for b in blocks)
    steps = [(coords, r"y = Q^\top x")] if coords else []
    steps += [("gradient flow on L(G(x)) moves each block along the integral curves of grad g_i; "
              "the mirror coordinate eta_i = dR/dtheta_i is the time along that curve (d eta/ds = 1); "
              "normalisation R(theta0) = 0, grad R(theta0) = 0",
              r"\frac{d}{dt}\nabla R(\theta) = -\nabla\mathcal{L}(\theta),\quad "
              r"\nabla^2R = (\partial G\partial G^\top)^{-1}")]
    for b in blocks:
        steps.extend(b.steps)
    if closed:
        expr = sympy.Add(*[b.R_theta for b in blocks])
        grads = tuple(b.eta_theta for b in blocks)
        formula = str(expr)
        latex = sympy.latex(expr)
    else:
        expr, grads = None, None
        formula = " + ".join(_implicit_formula(b)[0] for b in blocks)
        latex = " + ".join(_implicit_formula(b)[1] for b in blocks)
    return Potential(G=G, init=x0, kind="closed" if closed else "implicit", theta=tuple(G.theta), expr=expr,
                     grad_exprs=grads, formula=formula, latex=latex, steps=steps, blocks=blocks, theta0=theta0,
                     coordinates=coords)
