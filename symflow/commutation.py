r"""The commutation measures of Gidel, Bach, Lacoste-Julien, (41) (spec DDyn-Eq41, Table 1).

.. math::

    \Delta_{xy} = \tfrac12\big\|[\hat\Sigma_{xy}\hat\Sigma_{xy}^\top, \hat\Sigma_x]\big\|_F, \qquad
    \Delta_x = \tfrac12\big\|\hat\Sigma_x - I_d/\|I_d\|_F\big\|_F,

with :math:`\hat\Sigma_x = c\,X^\top X/\|X\|_F^2` and :math:`\hat\Sigma_{xy} = c\,X^\top Y/(\|X\|_F\|Y\|_F)`, where
the paper prints two normalizations: ``per_sample=False`` (c = 1, display (23)) and ``per_sample=True``
(c = 1/n, "the Σ's computed with the renormalized data X/‖X‖, Y/‖Y‖").  :math:`\Delta_{xy}` measures the departure
from Assumption 1 (:math:`[\Sigma_{xy}\Sigma_{xy}^\top, \Sigma_x] = 0`), :math:`\Delta_x` from
:math:`\Sigma_x \propto I_d` (Saxe et al.).

Exact: both measures are invariant under X -> aX, Y -> bY, so rational data are scaled to integers and
:math:`4\Delta_{xy}^2`, :math:`4\Delta_x^2` are computed in exact integer arithmetic (Python ints; the only
irrationality is :math:`\sqrt d` in :math:`\Delta_x`, kept symbolic); the values are then evaluated at ``dps``.

Ranges (c = 1): :math:`\|X^\top X\|_F \le \|X\|_F^2` and :math:`\|MM^\top\|_F \le \|M\|_F^2` give
:math:`\|\hat\Sigma_x\|_F, \|\hat\Sigma_{xy}\hat\Sigma_{xy}^\top\|_F \le 1`, so :math:`0 \le \Delta_x \le 1` and
:math:`0 \le \Delta_{xy} \le 1` (indeed :math:`\le 1/\sqrt2` by Böttcher-Wenzel).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm

import mpmath
import numpy as np
import sympy

from .errors import InvalidArgument
from .validation import exact_number

__all__ = ["CommutationMeasures", "commutation_measures", "one_hot"]


@dataclass(frozen=True)
class CommutationMeasures:
    """Δ_xy and Δ_x of (41) (mpf at ``dps``), their exact squares (SymPy), and the data sizes."""

    delta_xy: mpmath.mpf
    delta_x: mpmath.mpf
    delta_xy_sq: sympy.Expr
    delta_x_sq: sympy.Expr
    n: int
    d: int
    p: int
    per_sample: bool


def _as_int_matrix(M, name: str) -> np.ndarray:
    """An exact matrix as an object array of Python ints, scaled by the lcm of denominators (the measures are
    scale-invariant); floats are refused."""
    arr = np.asarray(M, dtype=object)
    if arr.ndim != 2 or 0 in arr.shape:
        raise InvalidArgument(f"{name} must be a non-empty 2-D matrix, got shape {arr.shape}")
    if arr.dtype.kind in "iu" or all(isinstance(v, (int, np.integer)) for v in arr.flat):
        return np.vectorize(int, otypes=[object])(arr)
    fr = [[Fraction(int(q.p), int(q.q)) for q in (exact_number(v, f"{name}[{i}, {j}]") for j, v in enumerate(row))]
          for i, row in enumerate(arr.tolist())]
    den = lcm(*(f.denominator for row in fr for f in row))
    return np.array([[int(f * den) for f in row] for row in fr], dtype=object)


def one_hot(labels, classes: int | None = None) -> np.ndarray:
    """The one-hot encoding Y (n x p, ints) of integer labels 0..p-1."""
    lab = [int(v) for v in labels]
    p = classes if classes is not None else max(lab) + 1
    if min(lab) < 0 or max(lab) >= p:
        raise InvalidArgument(f"labels must lie in 0..{p - 1}")
    Y = np.zeros((len(lab), p), dtype=object)
    for i, v in enumerate(lab):
        Y[i, v] = 1
    return Y


def _frob2(M: np.ndarray) -> int:
    return int(sum(int(v) * int(v) for v in M.flat))


def commutation_measures(X, Y, *, per_sample: bool = False, dps: int = 30) -> CommutationMeasures:
    r"""Δ_xy and Δ_x of (41) for data X (n x d) and Y (n x p), exact then evaluated at ``dps`` digits.

    ``per_sample``: include the factor 1/n in the hatted Σ's (the §4.1 wording) or not (display (23))."""
    Xi, Yi = _as_int_matrix(X, "X"), _as_int_matrix(Y, "Y")
    if Xi.shape[0] != Yi.shape[0]:
        raise InvalidArgument(f"X has {Xi.shape[0]} rows but Y has {Yi.shape[0]}; both need one row per sample")
    n, d = Xi.shape
    p = Yi.shape[1]
    nx, ny = _frob2(Xi), _frob2(Yi)
    if nx == 0 or ny == 0:
        raise InvalidArgument("X and Y must be non-zero (their norms normalize the measures)")
    Sx = Xi.T.dot(Xi)
    Sxy = Xi.T.dot(Yi)
    A = Sxy.dot(Sxy.T)
    C = A.dot(Sx) - Sx.dot(A)
    c = sympy.Rational(1, n) if per_sample else sympy.Integer(1)
    # Σ̂x = c Sx/nx, Σ̂xyΣ̂xy^T = c^2 A/(nx ny):  4Δxy^2 = c^6 ||C||^2/(nx^4 ny^2)
    dxy_sq = c ** 6 * sympy.Rational(_frob2(C), 4 * nx ** 4 * ny ** 2)
    # ||Σ̂x - I/√d||^2 = c^2 ||Sx||^2/nx^2 - 2c tr(Sx)/(nx √d) + 1, tr(Sx) = nx
    dx_sq = (c ** 2 * sympy.Rational(_frob2(Sx), nx ** 2) - 2 * c / sympy.sqrt(d) + 1) / 4
    with mpmath.workdps(dps + 10):
        vxy = mpmath.sqrt(mpmath.mpf(int(dxy_sq.p)) / int(dxy_sq.q))
        vx = mpmath.sqrt(mpmath.mpf(sympy.N(dx_sq, dps + 10)))
    with mpmath.workdps(dps):
        return CommutationMeasures(delta_xy=+vxy, delta_x=+vx, delta_xy_sq=dxy_sq, delta_x_sq=dx_sq, n=n, d=d, p=p,
                                   per_sample=per_sample)
