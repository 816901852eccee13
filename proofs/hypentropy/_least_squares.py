r"""Shared notation of §2 (spec §1.1): over-parameterized least squares, the potentials, and printed formulas as data.

Printed formulas of §2 speak of vectors (:math:`\beta,\bar\beta,\beta^*,\beta_0`), of the potential :math:`\phi`, of
the objective :math:`F(\beta) = \frac12\|X\beta - y\|_2^2` (HY-Def-LS) and of inner products.  They are encoded
once, as SymPy expressions over the placeholders below, and *evaluated* by :func:`value` in two modes:

* **numeric** (:class:`Env`): an instance -- exact design ``X`` (n x d, rank n < d), ``y``, a closed-form potential
  ``phi`` and mpmath vectors for the named points -- at a working precision; :math:`\nabla\phi` and
  :math:`\nabla F` are *derived* by SymPy from ``phi`` and ``F`` (never retyped);
* **row-symbolic** (:mod:`._rowwise`): a statement that involves :math:`F` only through :math:`F`, :math:`\nabla F`,
  :math:`D_F`, :math:`X` and inner products with :math:`\nabla F` is a sum over the rows :math:`i` of the same
  expression in the scalars :math:`u_i = x_i\cdot v` of its vectors (:math:`F(v) = \sum_i\frac12(x_i\cdot v-y_i)^2`,
  :math:`\langle\nabla F(a), v\rangle = \sum_i (x_i\cdot a - y_i)(x_i\cdot v)`).  An identity (or a nonnegative
  slack) for one generic row holds for every n, d and X: that is the argument of the ``proved`` verdicts here.

Placeholders: vectors ``B`` (:math:`\beta`), ``BB`` (:math:`\bar\beta`), ``BS`` (:math:`\beta^*`), ``B0``,
``B1``; functions ``Phi``, ``F``, ``DPhi(a, b)`` (:math:`D_\phi(a,b)`, HY-Def-Bregman), ``DF(a, b)`` (HY-Def-DF),
``Ip(g, v)`` with ``g`` one of ``GradPhi(a)``, ``GradF(a)``, and ``Sq(v)`` = :math:`\|v\|_2^2`, ``Xv(v)`` =
:math:`Xv`, ``Rp(a, b)`` = :math:`(Xa - y)^\top(Xb - y)`.
Source: HY-Def-LS, HY-Def-Potential, HY-Def-Bregman, HY-Def-DF (hypentropy_003 §2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import mpmath
import sympy
from sympy import Function, Rational, Symbol, asinh, sqrt

from symflow.claims import kit

__all__ = ["B", "BB", "BS", "B0", "B1", "VECTORS", "Phi", "F", "DPhi", "DF", "Ip", "GradPhi", "GradF", "Sq", "Xv",
           "Rp", "Xt", "SqStar", "STAR", "Env", "value", "hypentropy", "POTENTIALS", "DESIGNS", "Potential", "Design",
           "NotRowwise", "loss", "bregman", "to_sympy"]

B, BB, BS, B0, B1 = (Symbol(n, real=True) for n in ("beta", "betabar", "betastar", "beta0", "beta1"))
VECTORS = (B, BB, BS, B0, B1)
Phi, GradPhi, GradF, Rp = (Function(n, real=True) for n in ("Phi", "GradPhi", "GradF", "Rp"))


class _Placeholder(Function):
    """A named placeholder of a printed formula (evaluated by :func:`value` by its class name).  It carries what
    its definition makes true for every instance, so that SymPy's assumptions (and with them the proof that a
    mutant is implied, ``symflow.claims._implied``) can use it: the sign, and how a negated argument comes out."""

    is_real = True
    _odd: tuple = ()    # arguments in which the function is odd (linear): f(.., -v, ..) = -f(.., v, ..)
    _even: tuple = ()   # arguments in which it is even: f(-v) = f(v)

    @classmethod
    def eval(cls, *args):
        flip = [i for i in cls._odd + cls._even if args[i].could_extract_minus_sign()]
        if not flip:
            return None
        new = cls(*[-a if i in flip else a for i, a in enumerate(args)])
        return -new if sum(i in cls._odd for i in flip) % 2 else new


class F(_Placeholder):
    """F(beta) = |X beta - y|^2 / 2 >= 0 (HY-Def-LS)."""
    is_nonnegative = True


class DPhi(_Placeholder):
    """D_phi(a, b) >= 0: phi is convex (every potential of the catalogue; HY-Def-Bregman)."""
    is_nonnegative = True


class DF(_Placeholder):
    """D_F(a, b) >= 0: F is convex (HY-Def-DF)."""
    is_nonnegative = True


class Ip(_Placeholder):
    """<g, v>: bilinear, so odd in each argument."""
    _odd = (0, 1)


class Sq(_Placeholder):
    """|v|_2^2: nonnegative and even."""
    is_nonnegative = True
    _even = (0,)


class SqStar(_Placeholder):
    """|v|_*^2 (a multiple of |v|_2^2): nonnegative and even."""
    is_nonnegative = True
    _even = (0,)


class Xv(_Placeholder):
    """X v: linear, so odd."""
    _odd = (0,)


class Xt(_Placeholder):
    """X^T u: linear, so odd."""
    _odd = (0,)


STAR = Symbol("star_scale", positive=True)  # ||v||_*^2 = star_scale * |v|_2^2 (the norm pair of Thms 2.6, 2.7)


class NotRowwise(Exception):
    """The expression is not a sum over rows of one expression (it involves phi, or a nonlinear function of a sum)."""


# ------------------------------------------------------------------------------------------------ instances

def hypentropy(x, alpha):
    r"""The one-dimensional :math:`\alpha`-hypentropy (HY-Def3.1): :math:`x\,\mathrm{arcsinh}(x/\alpha) -
    \sqrt{x^2+\alpha^2} + \alpha` (:math:`\alpha > 0`), and :math:`x\log x - x + 1` for :math:`\alpha = 0`, x > 0."""
    if alpha == 0:
        return x * sympy.log(x) - x + 1
    return x * asinh(x / alpha) - sqrt(x ** 2 + alpha ** 2) + alpha


@dataclass(frozen=True)
class Potential:
    """A closed-form potential on d coordinates: ``phi(symbols)`` and, for a non-diagonal Hessian, its inverse."""

    name: str
    d: int
    kind: str            # "hyp" (alpha), "quartic", "rotated"
    alpha: object = Rational(1)

    @property
    def theta(self) -> tuple:
        return sympy.symbols(f"t1:{self.d + 1}", real=True)

    def _A(self):
        A = sympy.eye(self.d)
        for i in range(self.d - 1):
            A[i, i + 1] = Rational(1, 2)
        return A

    @property
    def phi(self) -> sympy.Expr:
        th = self.theta
        if self.kind == "hyp":
            return sum((hypentropy(x, self.alpha) for x in th), sympy.Integer(0))
        if self.kind == "quartic":
            return sum((x ** 2 / 2 + x ** 4 / 4 for x in th), sympy.Integer(0))
        z = self._A() * sympy.Matrix(th)
        return sum((hypentropy(zi, self.alpha) for zi in z), sympy.Integer(0))

    @property
    def closure_phi(self) -> sympy.Expr:
        """phi with its continuous extension to the border (alpha = 0: the value 1 at x = 0, HY-Def3.1)."""
        if not self.positive:
            return self.phi
        return sum((sympy.Piecewise((1, sympy.Eq(x, 0)), (hypentropy(x, 0), True)) for x in self.theta),
                   sympy.Integer(0))

    @property
    def metric(self):
        """(grad^2 phi)^{-1} for the rotated potential (A^{-1} diag(sqrt(z^2 + a^2)) A^{-T}); None otherwise."""
        if self.kind != "rotated":
            return None
        A = self._A()
        z = A * sympy.Matrix(self.theta)
        Ai = A.inv()
        return Ai * sympy.diag(*[sqrt(zi ** 2 + self.alpha ** 2) for zi in z]) * Ai.T

    @property
    def positive(self) -> bool:
        """Domain is the open positive orthant (alpha = 0 hypentropy compatible with z > 0)."""
        return self.kind == "hyp" and self.alpha == 0


@dataclass(frozen=True)
class Design:
    """Exact data: X (n x d, rank n < d), y, and an initialization beta0 in the domain."""

    name: str
    X: tuple
    y: tuple
    beta0: tuple

    @property
    def n(self) -> int:
        return len(self.X)

    @property
    def d(self) -> int:
        return len(self.X[0])


R = Rational
DESIGNS = {
    "A": Design("A (2x3)", ((1, R(1, 2), -1), (R(1, 3), 2, 1)), (1, R(1, 2)), (R(1, 2), R(-1, 3), R(1, 5))),
    "B": Design("B (2x4)", ((1, 0, R(1, 2), -1), (0, 1, 1, R(1, 3))), (R(1, 2), -1),
                (R(1, 4), R(1, 3), R(-1, 2), R(1, 5))),
    "C": Design("C (1x3)", ((1, 1, 2),), (R(3, 2),), (R(1, 3), R(1, 2), R(1, 4))),
    # boundary designs for the entropy (alpha = 0, D = positive orthant): argmin_D F is empty
    "E1": Design("E1 (1x3, y outside X(R_+^3))", ((1, 1, 1),), (-1,), (R(1, 2), R(1, 3), R(1, 4))),
    "E2": Design("E2 (2x4, y reachable on the border only)", ((1, 1, 0, 0), (0, 0, 1, 1)), (0, 1),
                 (R(1, 2), R(1, 3), R(1, 4), R(1, 5))),
}

POTENTIALS = {
    "hyp1": Potential("hypentropy alpha=1", 3, "hyp", R(1)),
    "hyp1/10": Potential("hypentropy alpha=1/10", 3, "hyp", R(1, 10)),
    "hyp1/2-d4": Potential("hypentropy alpha=1/2", 4, "hyp", R(1, 2)),
    "quartic": Potential("power potential |x|^2/2 + |x|^4/4", 3, "quartic"),
    "rotated": Potential("non-separable: hypentropy alpha=1/2 of A beta (A upper bidiagonal)", 3, "rotated",
                         R(1, 2)),
    "entropy": Potential("hypentropy alpha=0 (entropy) on the positive orthant", 3, "hyp", R(0)),
    "entropy-d4": Potential("hypentropy alpha=0 (entropy) on the positive orthant", 4, "hyp", R(0)),
}


def loss(design: Design, theta) -> sympy.Expr:
    r""":math:`F(\beta) = \frac12\|X\beta - y\|_2^2` (HY-Def-LS), exact."""
    r = sympy.Matrix(design.X) * sympy.Matrix(theta) - sympy.Matrix(design.y)
    return (r.T * r)[0, 0] / 2


def bregman(phi: sympy.Expr, theta, a, b) -> sympy.Expr:
    """D_phi(a, b) = phi(a) - phi(b) - <grad phi(b), a - b> (HY-Def-Bregman) for vectors a, b (exact or mpf)."""
    grad = [sympy.diff(phi, t) for t in theta]
    sa, sb = dict(zip(theta, a)), dict(zip(theta, b))
    return phi.xreplace(sa) - phi.xreplace(sb) - sum(g.xreplace(sb) * (x - z) for g, x, z in zip(grad, a, b))


# --------------------------------------------------------------------------------------------- evaluation

@kit.cached
def _lambdas(phi: sympy.Expr, theta: tuple, X: tuple, y: tuple):
    Fx = loss(Design("", X, y, ()), theta)
    gphi = [sympy.diff(phi, t) for t in theta]
    gF = [sympy.diff(Fx, t) for t in theta]
    lam = lambda e: sympy.lambdify([theta], e, modules="mpmath")  # noqa: E731
    return lam(phi), lam(gphi), lam(Fx), lam(gF)


@dataclass(frozen=True)
class Env:
    """A numeric instance: data, potential, named vectors (mpf lists) and scalars, at ``dps`` digits."""

    X: tuple
    y: tuple
    phi: sympy.Expr
    theta: tuple
    vectors: Mapping = field(default_factory=dict)
    scalars: Mapping = field(default_factory=dict)

    def fns(self):
        return _lambdas(self.phi, self.theta, self.X, self.y)


def _vec(v):
    return mpmath.matrix(list(v))


def value(expr: sympy.Basic, env: Env):
    """Evaluate a printed formula (placeholders above) at the instance ``env`` (current mpmath precision): an mpf, or
    an mpmath column vector for vector-valued subexpressions."""
    fphi, gphi, fF, gF = env.fns()

    def ev(e):
        if e.is_Symbol:
            if e in env.vectors:
                return _vec(env.vectors[e])
            if e in env.scalars:
                return kit.mp(env.scalars[e])
            raise KeyError(f"no value for {e}")
        if e.is_Number:
            return kit.mp(e)
        if isinstance(e, sympy.Add):
            out = ev(e.args[0])
            for a in e.args[1:]:
                out = out + ev(a)
            return out
        if isinstance(e, sympy.Mul):
            out = mpmath.mpf(1)
            for a in e.args:
                v = ev(a)
                if isinstance(out, mpmath.matrix) and isinstance(v, mpmath.matrix):
                    raise TypeError("product of two vectors")
                out = v * out if isinstance(v, mpmath.matrix) else out * v
            return out
        if isinstance(e, sympy.Pow):
            base, ex = ev(e.args[0]), ev(e.args[1])
            if isinstance(base, mpmath.matrix):
                raise TypeError("power of a vector")
            return base ** ex
        args = [ev(a) for a in e.args]
        name = type(e).__name__
        if name == "Phi":
            return fphi(list(args[0]))
        if name == "F":
            return fF(list(args[0]))
        if name == "GradPhi":
            return _vec(gphi(list(args[0])))
        if name == "GradF":
            return _vec(gF(list(args[0])))
        if name == "Ip":
            return mpmath.fsum(a * b for a, b in zip(args[0], args[1]))
        if name == "Sq":
            return mpmath.fsum(a ** 2 for a in args[0])
        if name == "Xv":
            return mpmath.matrix([[kit.mp(v) for v in row] for row in env.X]) * args[0]
        if name == "Xt":
            return mpmath.matrix([[kit.mp(v) for v in row] for row in env.X]).T * args[0]
        if name == "SqStar":
            return kit.mp(env.scalars.get(STAR, 1)) * mpmath.fsum(a ** 2 for a in args[0])
        if name == "Rp":
            Xm = mpmath.matrix([[kit.mp(v) for v in row] for row in env.X])
            ym = mpmath.matrix([kit.mp(v) for v in env.y])
            ra, rb = Xm * args[0] - ym, Xm * args[1] - ym
            return mpmath.fsum(a * b for a, b in zip(ra, rb))
        if name == "DPhi":
            a, b = args
            return fphi(list(a)) - fphi(list(b)) - mpmath.fsum(g * (x - z) for g, x, z in zip(gphi(list(b)), a, b))
        if name == "DF":
            a, b = args
            return fF(list(a)) - fF(list(b)) - mpmath.fsum(g * (x - z) for g, x, z in zip(gF(list(b)), a, b))
        if isinstance(e, sympy.Function) and len(args) == 1 and not isinstance(args[0], mpmath.matrix):
            return getattr(mpmath, name.lower())(args[0])
        raise TypeError(f"cannot evaluate {e}")

    return ev(sympy.sympify(expr))


def to_sympy(expr: sympy.Basic, phi: sympy.Expr, theta: tuple, X, y, vectors: Mapping) -> sympy.Expr:
    """The printed formula as a SymPy expression in ``theta`` (vectors: placeholder -> SymPy column vector)."""
    grad = sympy.Matrix([sympy.diff(phi, t) for t in theta])
    Xm, ym = sympy.Matrix(X), sympy.Matrix(y)
    Fx = ((Xm * sympy.Matrix(theta) - ym).T * (Xm * sympy.Matrix(theta) - ym))[0, 0] / 2
    gF = sympy.Matrix([sympy.diff(Fx, t) for t in theta])

    def at(e, v):
        return e.xreplace(dict(zip(theta, list(v))))

    def ev(e):
        if e.is_Symbol and e in vectors:
            return sympy.Matrix(vectors[e])
        if not e.args or e.is_Number:
            return e
        name = type(e).__name__
        args = [ev(a) for a in e.args]
        if name == "Phi":
            return at(phi, args[0])
        if name == "F":
            return at(Fx, args[0])
        if name == "GradPhi":
            return at(grad, args[0])
        if name == "GradF":
            return at(gF, args[0])
        if name == "Ip":
            return (args[0].T * args[1])[0, 0]
        if name == "Sq":
            return (args[0].T * args[0])[0, 0]
        if name == "Xv":
            return Xm * args[0]
        if name == "DPhi":
            a, b = args
            return at(phi, a) - at(phi, b) - (at(grad, b).T * (a - b))[0, 0]
        if name == "DF":
            a, b = args
            return at(Fx, a) - at(Fx, b) - (at(gF, b).T * (a - b))[0, 0]
        if isinstance(e, sympy.Pow) and isinstance(args[0], sympy.MatrixBase):
            raise TypeError("power of a vector")
        return e.func(*args)

    return ev(sympy.sympify(expr))
