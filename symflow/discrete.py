r"""Discrete gradient descent on linear and two-layer linear networks, and the scalar recursions of its modes.

Notation of Gidel, Bach, Lacoste-Julien (spec ``discrete_dynamics_004``, DDyn-Eq33 - DDyn-Eq35, App. B.6):
:math:`\Sigma_x = \frac1n X^\top X`, :math:`\Sigma_{xy} = \frac1n X^\top Y`, step size :math:`\eta`.

* linear model (L = 1, DDyn-Eq-linGD): :math:`W_{t+1} = W_t - \eta(\Sigma_x W_t - \Sigma_{xy})`;
* two layers (DDyn-Eq34): :math:`W_1^+ = W_1 - \eta(\Sigma_x W - \Sigma_{xy})W_2^\top`,
  :math:`W_2^+ = W_2 - \eta W_1^\top(\Sigma_x W - \Sigma_{xy})`, :math:`W = W_1 W_2` -- gradient descent on
  :math:`f = \tfrac12\operatorname{tr}(W^\top\Sigma_x W) - \operatorname{tr}(\Sigma_{xy}^\top W)` (the loss (9) up to
  a constant), run by :func:`symflow.integrate.descent.gradient_descent` (exact over QQ when the data are rational);
* one mode (DDyn-Eq35/76): :math:`m^+ = m + \eta n(\sigma - \lambda mn)`, :math:`n^+ = n + \eta m(\sigma - \lambda mn)`;
  for a balanced mode the product :math:`a = mn` follows :math:`a^+ = a(1 + \eta(\sigma - \lambda a))^2`;
* the inverse gap :math:`b = 1/a - \lambda/\sigma` of that product (the quantity of the proof of Thm. 3), with
  :math:`k = \lambda/\sigma`, :math:`h = \eta\sigma`:

  .. math:: b^+ = b\,\frac{b^2 + bk(2 - 2h - h^2) + k^2(1 - 2h)}{((1 + h)b + k)^2},

  the same recursion without the cancellation of :math:`1/a - k` near convergence (:func:`product_orbit` uses it).

Inputs are exact (int, Rational, Fraction, ``'p/q'``, mpf); floats are refused.  Rational inputs give exact
iterates (their size grows geometrically: tens of steps); otherwise mpmath at the current precision.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import gmpy2
import mpmath
import sympy

from .errors import InvalidArgument
from .integrate.base import mpf_to_mpfr, mpfr_to_mpf, to_mpfr, working_bits
from .integrate.descent import gradient_descent
from .validation import exact_number

__all__ = ["mode_step", "mode_orbit", "product_step", "product_orbit", "gap_step", "gap_orbit", "linear_gd", "linear_closed_form",
           "two_layer_loss", "two_layer_gd", "transition_step", "predicted_transition", "realize"]


def _num(value, name: str):
    """An exact input as a Fraction (rational) or an mpf (other exact constants), never a float."""
    if isinstance(value, mpmath.mpf):
        return value
    v = exact_number(value, name)
    if v.is_Rational:
        return Fraction(int(v.p), int(v.q))
    return mpmath.mpf(sympy.N(v, mpmath.mp.dps + 5))


def _steps(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise InvalidArgument(f"steps={n!r} ({type(n).__name__}) must be an integer >= 0")
    return n


def mode_step(m, n, sigma, lam, eta):
    r"""One step of (35): :math:`(m, n) \mapsto (m + \eta n(\sigma - \lambda mn),\ n + \eta m(\sigma - \lambda mn))`."""
    e = sigma - lam * m * n
    return m + eta * n * e, n + eta * m * e


def mode_orbit(m0, n0, sigma, lam, eta, steps: int) -> list[tuple]:
    """The iterates :math:`(m^{(t)}, n^{(t)})`, t = 0..steps, of (35); exact Fractions for rational inputs."""
    vals = [_num(v, k) for v, k in ((m0, "m0"), (n0, "n0"), (sigma, "sigma"), (lam, "lam"), (eta, "eta"))]
    m, n, s, lm, e = vals
    out = [(m, n)]
    for _ in range(_steps(steps)):
        m, n = mode_step(m, n, s, lm, e)
        out.append((m, n))
    return out


def product_step(a, sigma, lam, eta):
    r""":math:`a^+ = a(1 + \eta(\sigma - \lambda a))^2`, the product a = mn of a balanced mode after one step."""
    return a * (1 + eta * (sigma - lam * a)) ** 2


def gap_step(b, k, h):
    r"""One step of the inverse gap :math:`b = 1/a - k` (k = λ/σ, h = ησ), cancellation-free (module docstring)."""
    return b * (b * b + b * k * (2 - 2 * h - h * h) + k * k * (1 - 2 * h)) / (((1 + h) * b + k) ** 2)


def product_orbit(a0, sigma, lam, eta, steps: int, dps: int | None = None) -> tuple:
    r"""The products :math:`a^{(t)}`, t = 0..steps, of a balanced mode, as mpf at ``dps`` digits.

    For :math:`\sigma > 0` and :math:`0 < a^{(0)}` the orbit is computed through the inverse gap (:func:`gap_step`),
    which keeps full relative accuracy of :math:`1/a - \lambda/\sigma` near convergence; for :math:`\sigma = 0`
    through :func:`product_step`.  Arithmetic: ``gmpy2.mpfr`` at ``working_bits(dps)`` bits (guard digits
    included), inputs converted exactly."""
    vals = [v if isinstance(v, mpmath.mpf) else exact_number(v, k)
            for v, k in ((a0, "a0"), (sigma, "sigma"), (lam, "lam"), (eta, "eta"))]
    steps = _steps(steps)
    dps = dps or mpmath.mp.dps
    with gmpy2.context(gmpy2.get_context(), precision=working_bits(dps + 10)):
        a, s, lm, e = (mpf_to_mpfr(v) if isinstance(v, mpmath.mpf) else to_mpfr(v) for v in vals)
        out = [a]
        if s > 0 and lm > 0 and a > 0:
            k, h = lm / s, e * s
            b = 1 / a - k
            for _ in range(steps):
                b = gap_step(b, k, h)
                out.append(1 / (b + k))
        else:
            for _ in range(steps):
                a = product_step(a, s, lm, e)
                out.append(a)
    with mpmath.workdps(dps):
        return tuple(+mpfr_to_mpf(v) for v in out)


def gap_orbit(a0, sigma, lam, eta, steps: int, dps: int | None = None) -> tuple:
    r"""The inverse gaps :math:`b_t = 1/a^{(t)} - \lambda/\sigma`, t = 0..steps, of a balanced mode with
    :math:`\sigma, \lambda, a^{(0)} > 0`, by :func:`gap_step` (full relative accuracy even when
    :math:`a^{(t)}` agrees with :math:`\sigma/\lambda` to more digits than the working precision)."""
    vals = [v if isinstance(v, mpmath.mpf) else exact_number(v, k)
            for v, k in ((a0, "a0"), (sigma, "sigma"), (lam, "lam"), (eta, "eta"))]
    steps = _steps(steps)
    dps = dps or mpmath.mp.dps
    with gmpy2.context(gmpy2.get_context(), precision=working_bits(dps + 10)):
        a, s, lm, e = (mpf_to_mpfr(v) if isinstance(v, mpmath.mpf) else to_mpfr(v) for v in vals)
        if not (s > 0 and lm > 0 and a > 0):
            raise InvalidArgument("gap_orbit needs sigma, lam and a0 > 0")
        k, h = lm / s, e * s
        out = [1 / a - k]
        for _ in range(steps):
            out.append(gap_step(out[-1], k, h))
    with mpmath.workdps(dps):
        return tuple(+mpfr_to_mpf(v) for v in out)


def linear_gd(Sx, Sxy, W0, eta, steps: int) -> list[sympy.Matrix]:
    r"""Iterates of gradient descent on the linear model: :math:`W_{t+1} = W_t - \eta(\Sigma_x W_t - \Sigma_{xy})`
    (DDyn-Eq-linGD), exact for rational data."""
    Sx, Sxy, W = sympy.Matrix(Sx), sympy.Matrix(Sxy), sympy.Matrix(W0)
    e = exact_number(eta, "eta")
    out = [W]
    for _ in range(_steps(steps)):
        W = W - e * (Sx * W - Sxy)
        out.append(W)
    return out


def linear_closed_form(Sx, Sxy, W0, eta, t: int, pinv=None) -> sympy.Matrix:
    r"""The iterate of :func:`linear_gd` in closed form (DDyn-Eq33/corrected):
    :math:`W_t = (I_d - \eta\Sigma_x)^t(W_0 - \Sigma_x^\dagger\Sigma_{xy}) + \Sigma_x^\dagger\Sigma_{xy}`, valid when
    :math:`\Sigma_x\Sigma_x^\dagger\Sigma_{xy} = \Sigma_{xy}` (always for :math:`\Sigma_{xy} = X^\top Y/n`).
    ``pinv``: the pseudoinverse of Σx (computed exactly when not given).

    Correction: the paper prints :math:`(W_0 - \Sigma_x^\dagger\Sigma_{xy})(I_d - \eta\Sigma_x)^t` (DDyn-Eq33,
    docs/errata.md)."""
    Sx, Sxy, W0 = sympy.Matrix(Sx), sympy.Matrix(Sxy), sympy.Matrix(W0)
    P = sympy.Matrix(pinv) if pinv is not None else Sx.pinv()
    M = (sympy.eye(Sx.rows) - exact_number(eta, "eta") * Sx) ** _steps(t)
    return M * (W0 - P * Sxy) + P * Sxy


def two_layer_loss(Sx, Sxy, r: int):
    r"""The loss :math:`f(W_1, W_2) = \tfrac12\operatorname{tr}(W^\top\Sigma_x W) - \operatorname{tr}(\Sigma_{xy}^\top W)`,
    :math:`W = W_1W_2`, with :math:`W_1` (d x r) and :math:`W_2` (r x p) symbolic: (expr, W1, W2, variables)."""
    Sx, Sxy = sympy.Matrix(Sx), sympy.Matrix(Sxy)
    d, p = Sxy.shape
    if Sx.shape != (d, d):
        raise InvalidArgument(f"Sx has shape {Sx.shape} but Sxy has {d} rows; Sx must be {d} x {d}")
    W1 = sympy.Matrix(d, r, lambda i, j: sympy.Symbol(f"w1_{i}_{j}", real=True))
    W2 = sympy.Matrix(r, p, lambda i, j: sympy.Symbol(f"w2_{i}_{j}", real=True))
    W = W1 * W2
    f = sympy.Rational(1, 2) * (W.T * Sx * W).trace() - (Sxy.T * W).trace()
    return sympy.expand(f), W1, W2, list(W1) + list(W2)


def two_layer_gd(Sx, Sxy, W1_0, W2_0, eta, steps: int, dps: int | None = None) -> list[tuple[sympy.Matrix, ...]]:
    r"""Gradient descent (11) on the two-layer network: ``(W1, W2)`` at t = 0..steps, exact over QQ for rational
    data and initialization (via :func:`symflow.integrate.descent.gradient_descent`), mpf at ``dps`` otherwise."""
    W1_0, W2_0 = sympy.Matrix(W1_0), sympy.Matrix(W2_0)
    f, W1, W2, xs = two_layer_loss(Sx, Sxy, W1_0.cols)
    if W2_0.shape != W2.shape or W1_0.shape != W1.shape:
        raise InvalidArgument(f"W1_0 {W1_0.shape} and W2_0 {W2_0.shape} do not fit Sx, Sxy ({W1.shape}, {W2.shape})")
    its = gradient_descent(f, xs, list(W1_0) + list(W2_0), eta, _steps(steps), dps)
    n1 = W1.rows * W1.cols
    return [(sympy.Matrix(W1.rows, W1.cols, list(x[:n1])), sympy.Matrix(W2.rows, W2.cols, list(x[n1:]))) for x in its]


def transition_step(orbit: Sequence, level) -> int | None:
    """The first index t with ``orbit[t] >= level`` (None when never reached): the step at which a mode is learned."""
    for t, v in enumerate(orbit):
        if v >= level:
            return t
    return None


def predicted_transition(delta, sigma, eta):
    r"""(40): :math:`T_i = \delta/(\eta\sigma_i)`, the step of the i-th transition from the initial scale
    :math:`e^{-\delta}`."""
    return delta / (eta * sigma)


def realize(expr, matrices, scalars=None) -> sympy.Matrix:
    r"""Evaluate a product expression of non-commutative symbols (matrices) and commutative scalars with concrete
    matrices: sums, products in their printed order, integer powers; the number 1 (and any scalar c) stands for
    :math:`c I` of the size its neighbours need.  Used to turn a formula printed with matrix letters into a
    concrete matrix (and to find the size at which a printed product is undefined).

    Raises :class:`~symflow.errors.InvalidArgument` when a product's shapes do not fit (the printed formula is not
    defined at those sizes)."""
    scalars = dict(scalars or {})

    def ev(e):
        if e in matrices:
            return sympy.Matrix(matrices[e])
        if not e.free_symbols or (e.is_commutative and not any(s in matrices for s in e.free_symbols)):
            return e.xreplace(scalars)
        if isinstance(e, sympy.Add):
            terms = [ev(a) for a in e.args]
            mats = [x for x in terms if isinstance(x, sympy.MatrixBase)]
            if not mats:
                return sympy.Add(*terms)
            n = mats[0].rows
            return sum((x if isinstance(x, sympy.MatrixBase) else x * sympy.eye(n) for x in terms),
                       sympy.zeros(n, mats[0].cols))
        if isinstance(e, sympy.Mul):
            out = sympy.Integer(1)
            for a in e.args:
                v = ev(a)
                try:
                    out = out * v
                except (sympy.ShapeError, ValueError, TypeError) as exc:
                    raise InvalidArgument(f"the product {e} is undefined at these sizes: {exc}") from None
            return out
        if isinstance(e, sympy.Pow) and e.exp.is_Integer and e.exp >= 0:
            base = ev(e.base)
            if isinstance(base, sympy.MatrixBase):
                if base.rows != base.cols:
                    raise InvalidArgument(f"the power {e} of a non-square matrix is undefined")
                return base ** int(e.exp)
            return base ** e.exp
        raise InvalidArgument(f"cannot realize {e} with matrices {sorted(map(str, matrices))}")

    return ev(sympy.sympify(expr))
