r"""Shared notation and instances of the continuous-time sections (§1–§3.3 and Appendices A, B.1–B.5).

Symbols: ``sigma``, ``lam`` (:math:`\sigma_i`, :math:`\lambda_i`), ``delta`` (:math:`\delta_i`, the initial scale
:math:`e^{-\delta_i}`), ``t``, ``w0`` (:math:`w_i(0)`), ``m``, ``n`` (the diagonal modes of (25)).

Instances (exact rationals):

* ``COMMUTING``: d = p = 3, :math:`U`, :math:`V` exact orthogonal (Cayley transforms), :math:`\sigma = (2, 1, 0)`,
  :math:`\lambda = (4, 1/2, 1)`: :math:`r_{xy} = 2 < r_x = 3`, so both mode formulas (29) and (30) are exercised;
  initial scales :math:`e^{-\delta_i} = (1/2, 1/3, 1/2)` (:math:`\delta_i = \ln 2, \ln 3, \ln 2`).
* ``Q_GENERAL`` an invertible, non-orthogonal Q; ``Q_ORTH`` an orthogonal one.
* ``data_instance()``: a rank-deficient design X (n = 4, d = 3, rank 2) and outputs Y (p = 2).
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational as R
from sympy import Symbol

from symflow import deep_linear as dl
from symflow.claims import kit
from symflow.integrate import solve
from symflow.precision import precision

__all__ = ["sigma", "lam", "delta", "t", "w0", "m", "n", "a", "COMMUTING", "Q_GENERAL", "Q_ORTH", "data_instance",
           "matrix_run", "run_matrices", "mode_flow", "MODE_ARG", "exp_to_symbols",
           "kdim", "A_", "B_", "SX_", "SXY_", "W_", "generic_moments", "layer_entries", "commuting_data", "moment_data", "U2", "V2", "z",
           "exp_flow_matrix", "ddt_z", "linear_instances", "MS", "mat_eval", "TT", "ETA"]

sigma, lam, delta, t, w0 = (Symbol(s, positive=True) for s in ("sigma", "lam", "delta", "t", "w0"))
m, n = Symbol("m", real=True), Symbol("n", real=True)
a = Symbol("a", positive=True)   # a = e^{-delta}
E = Symbol("E", positive=True)   # E = e^{sigma t}

U3 = dl.cayley(sympy.Matrix([[0, R(1, 2), R(1, 3)], [-R(1, 2), 0, R(1, 4)], [-R(1, 3), -R(1, 4), 0]]))
V3 = dl.cayley(sympy.Matrix([[0, R(1, 3), 0], [-R(1, 3), 0, R(1, 2)], [0, -R(1, 2), 0]]))
COMMUTING = dict(U=U3, V=V3, sigma=(R(2), R(1), R(0)), lam=(R(4), R(1, 2), R(1)), scale=(R(1, 2), R(1, 3), R(1, 2)))
Q_GENERAL = sympy.Matrix([[1, R(1, 2), 0], [0, 1, 0], [0, 0, 2]])
Q_ORTH = dl.cayley(sympy.Matrix([[0, R(1, 5), 0], [-R(1, 5), 0, R(1, 7)], [0, -R(1, 7), 0]]))

MODE_ARG = ("one diagonal mode (n_i, m_i) with symbolic sigma_i, lambda_i > 0: under the commutation assumption "
            "the modes decouple (the loss in the rotated coordinates is a sum over i), so one mode with symbolic "
            "constants covers every i, every d and p")


def mode_flow():
    r"""The gradient flow of one mode, derived from its loss :math:`\ell = \frac12\lambda n^2m^2 - \sigma nm`."""
    ell = lam * n ** 2 * m ** 2 / 2 - sigma * n * m
    return {n: -sympy.diff(ell, n), m: -sympy.diff(ell, m)}


def exp_to_symbols(expr):
    r"""Rewrite :math:`e^{\pm k\delta}` as powers of ``a`` and :math:`e^{k\sigma t}` as powers of ``E`` (exact)."""
    e = sympy.expand(expr, power_exp=True, mul=False, multinomial=False)
    return e.subs(sympy.exp(-delta), a).subs(sympy.exp(sigma * t), E)


def data_instance():
    """(X, Y): n = 4, d = 3, rank(X) = 2 (third column = first + second), p = 2."""
    X = sympy.Matrix([[1, 0, 1], [0, 1, 1], [1, 1, 2], [2, -1, 1]])
    Y = sympy.Matrix([[1, 2], [0, 1], [1, 0], [3, -1]])
    return X, Y


@kit.cached
def matrix_run(which: str, T, dps: int):
    r"""The full two-layer matrix flow (20) of ``COMMUTING`` from the initialization of Thm. 1 with Q = ``which``
    ('general' or 'orth'), integrated to T at ``dps`` digits (Taylor jet; digits measured by a rerun).
    Returns (solution, Q, layers)."""
    c = COMMUTING
    Q = Q_GENERAL if which == "general" else Q_ORTH
    Sx, Sxy = dl.commuting_moments(c["U"], c["V"], c["sigma"], c["lam"])
    layers, variables, rhs = dl.matrix_flow((3, 3, 3), Sx, Sxy)
    D0 = sympy.diag(*c["scale"])
    W10, W20 = c["U"] * D0 * Q, Q.inv() * D0 * c["V"].T
    sol = solve(rhs, variables, list(W10) + list(W20), T, dps=dps)
    return sol, Q, layers


def run_matrices(sol, dps):
    """(W1(T), W2(T)) of a :func:`matrix_run` solution as mpmath matrices."""
    with precision(dps):
        y = list(sol.y1)
        return _mat(y[:9]), _mat(y[9:])


def _mat(vals):
    M = mpmath.matrix(3, 3)
    for k, v in enumerate(vals):
        M[k // 3, k % 3] = v
    return M


# ------------------------------------------------------------------- generic layers and moments (matrix symbols)

kdim = Symbol("k", integer=True, positive=True)
A_, B_, SX_, SXY_, W_ = (sympy.MatrixSymbol(s, kdim, kdim) for s in ("A", "B", "Sigma_x", "Sigma_xy", "W"))


def generic_moments(d: int, p: int):
    """Symbolic Σ_x (symmetric, entries s_ij) and Σ_xy (entries c_ij): every data set of that size."""
    Sx = sympy.Matrix(d, d, lambda i, j: Symbol(f"s{min(i, j)}{max(i, j)}", real=True))
    Sxy = sympy.Matrix(d, p, lambda i, j: Symbol(f"c{i}{j}", real=True))
    return Sx, Sxy


def layer_entries(expr, dims, sign: int):
    r"""Entries comparing ``sign`` × (the velocity of every layer derived from the loss) with ``expr`` (a matrix
    expression in A = W_{1:l-1}, B = W_{l+1:L}, W, Σ_x, Σ_xy) at widths ``dims``, with generic moments."""
    dims = tuple(dims)
    Sx, Sxy = generic_moments(dims[0], dims[-1])
    layers, variables, rhs = dl.matrix_flow(dims, Sx, Sxy)
    vel = dict(zip(variables, rhs))
    L = len(layers)
    W = layers[0]
    for M in layers[1:]:
        W = W * M
    out = []
    for l in range(L):
        A = sympy.eye(dims[0])
        for M in layers[:l]:
            A = A * M
        B = sympy.eye(dims[-1])
        for M in reversed(layers[l + 1:]):
            B = M * B
        printed = sympy.Matrix(expr.xreplace({A_: sympy.ImmutableMatrix(A), B_: sympy.ImmutableMatrix(B),
                                              W_: sympy.ImmutableMatrix(W), SX_: sympy.ImmutableMatrix(Sx),
                                              SXY_: sympy.ImmutableMatrix(Sxy)}).doit())
        if printed.shape != layers[l].shape:
            out.append((f"layer {l + 1} shape", sympy.Integer(printed.rows * 1000 + printed.cols),
                        sympy.Integer(layers[l].rows * 1000 + layers[l].cols)))
            continue
        for i in range(layers[l].rows):
            for j in range(layers[l].cols):
                out.append((f"layer {l + 1} entry ({i + 1},{j + 1})", sign * vel[layers[l][i, j]],
                            sympy.expand(printed[i, j])))
    return out


def commuting_data():
    r"""(X, Y) with commuting moments, from the data side: n = 4, d = 3, p = 2, X = R M Uᵀ with M = [diag(2, 1, 0); 0],
    R a 4×4 orthogonal matrix; Σ_x = U diag(1, 1/4, 0) Uᵀ (r_x = 2), Σ_xy = U diag(1/2, 1/3) Vᵀ (r_xy = 2)."""
    U, V = COMMUTING["U"], dl.cayley(sympy.Matrix([[0, R(1, 3)], [-R(1, 3), 0]]))
    Rn = dl.cayley(sympy.Matrix([[0, R(1, 2), 0, R(1, 3)], [-R(1, 2), 0, R(1, 5), 0], [0, -R(1, 5), 0, R(1, 4)],
                                 [-R(1, 3), 0, -R(1, 4), 0]]))
    M = sympy.Matrix([[2, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 0]])
    S = sympy.Matrix([[R(1, 2), 0], [0, R(1, 3)], [0, 0]])
    top = sympy.diag(R(4, 2), R(4, 1)) * S[:2, :] * V.T            # n sigma_i / x_i rows
    Y0 = sympy.Matrix.vstack(top, sympy.Matrix([[1, 0], [0, 1]]))
    return Rn * M * U.T, Rn * Y0


U2 = dl.cayley(sympy.Matrix([[0, R(1, 2)], [-R(1, 2), 0]]))
V2 = dl.cayley(sympy.Matrix([[0, R(1, 3)], [-R(1, 3), 0]]))


def moment_data(x, sig):
    r"""(X, Y) with n = 3, d = p = 2 and commuting moments :math:`\Sigma_x = U_2\mathrm{diag}(x_i^2/3)U_2^\top`,
    :math:`\Sigma_{xy} = U_2\mathrm{diag}(\sigma_i)V_2^\top` (x_i > 0, exact)."""
    n = 3
    Rn = dl.cayley(sympy.Matrix([[0, R(1, 2), R(1, 3)], [-R(1, 2), 0, R(1, 5)], [-R(1, 3), -R(1, 5), 0]]))
    M = sympy.Matrix([[x[0], 0], [0, x[1]], [0, 0]])
    top = sympy.diag(*[sympy.Integer(n) * s / sympy.sympify(xi) for s, xi in zip(sig, x)]) * V2.T
    Y0 = sympy.Matrix.vstack(top, sympy.Matrix([[1, -1]]))
    return Rn * M * U2.T, Rn * Y0


z = Symbol("z", positive=True)   # z = e^{-t/q}


def exp_flow_matrix(Sx):
    r"""(E, q): :math:`E = e^{-t\Sigma_x} = \sum_i z^{q\lambda_i}P_i` exactly, with :math:`z = e^{-t/q}` and q the
    common denominator of the (rational) eigenvalues; :math:`P_i` the spectral projectors of Σ_x."""
    parts = []
    for ev, mult, vecs in Sx.eigenvects():
        if not ev.is_Rational:
            raise ValueError(f"eigenvalue {ev} of Σ_x is not rational")
        B = sympy.Matrix.hstack(*vecs)
        parts.append((ev, B * (B.T * B).inv() * B.T))
    q = sympy.ilcm(*[ev.q for ev, _ in parts]) if len(parts) > 1 else parts[0][0].q
    return sum((z ** int(ev * q) * P for ev, P in parts), sympy.zeros(Sx.rows)), q


def ddt_z(expr, q):
    """d/dt of an expression in z = e^{-t/q} (chain rule: dz/dt = -z/q)."""
    return sympy.diff(expr, z) * (-z / q)


def linear_instances():
    """(name, X, Y) with Σ_x of rational eigenvalues: singular (commuting_data, d = 3), regular (moment_data)."""
    yield "commuting_data (n=4, d=3, p=2, rank 2)", *commuting_data()
    yield "moment_data (n=3, d=p=2)", *moment_data((2, 1), (R(2), R(1, 4)))


MS = {k: sympy.MatrixSymbol(k, kdim, kdim) for k in ("E", "P", "W0", "M")}

TT = Symbol("t_steps", integer=True, nonnegative=True)   # the iteration count t of (33), (72), (73)
ETA = Symbol("eta", positive=True)


def mat_eval(expr, subs: dict):
    """A matrix statement with its symbols replaced by explicit matrices/numbers, as a Matrix; None when the shapes
    do not match (the printed product is not defined at that size)."""
    try:
        out = expr.xreplace({k: (sympy.ImmutableMatrix(v) if isinstance(v, sympy.MatrixBase) else v)
                             for k, v in subs.items()}).doit()
        return sympy.Matrix(out)
    except (sympy.ShapeError, ValueError, TypeError):
        return None
