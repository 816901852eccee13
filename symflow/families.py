r"""The standard parameterizations of the sources (the families of the four sources; docs/contract.md).

| family | map | source |
|---|---|---|
| :func:`deep_diagonal` | :math:`\theta_i = \prod_j u^j_i` | DD-Def-DDLN, DD-Eq10 |
| :func:`power` | :math:`\theta = u^{\odot L}` | DD-SA.3-Setting; Woodworth et al. 2020 |
| :func:`two_branch` | :math:`\theta = u_+^{\odot L} - u_-^{\odot L}` | Woodworth et al. 2020; DD-S1.2-PriorModel |
| :func:`uv` | :math:`\theta = u \odot v` | DD-Def-DLN, hypentropy_003 |
| :func:`fixed_direction_relu` | :math:`\beta_j = a_j b_j` | HY-Thm3.4 |
| :func:`merged_direction_relu` | :math:`\beta_k = \sum_{j \in I^{-1}(k)} a_j b_j` | HY-Lem3.5 |
| :func:`deep_linear` | :math:`W_L \cdots W_1` (or :math:`p^\top W_L\cdots W_1`) | flat_minima_002, discrete_dynamics_004 |

All symbols are real.  Parameter names are stable (tests and proofs rely on them) and documented per family.
"""

from __future__ import annotations

from typing import Sequence

import sympy

from .errors import InvalidArgument
from .parameterization import Parameterization

__all__ = ["uv", "deep_diagonal", "power", "two_branch", "fixed_direction_relu", "merged_direction_relu",
           "deep_linear"]


def _check_int(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidArgument(f"{name}={value!r} ({type(value).__name__}) must be an integer >= {minimum}")
    return value


def _vec(prefix: str, d: int) -> list[sympy.Symbol]:
    if d == 1:
        return [sympy.Symbol(prefix, real=True)]
    return [sympy.Symbol(f"{prefix}{i}", real=True) for i in range(1, d + 1)]


def uv(d: int = 1) -> Parameterization:
    r""":math:`\theta = u \odot v` (diagonal linear network, DD-Def-DLN). Params ``u1..ud, v1..vd`` (``u, v`` if d=1)."""
    _check_int("d", d, 1)
    u, v = _vec("u", d), _vec("v", d)
    return Parameterization(tuple(u + v), tuple(a * b for a, b in zip(u, v)), name=f"uv(d={d})",
                            meta={"family": "uv", "d": d, "u": u, "v": v})


def deep_diagonal(L: int, d: int = 1) -> Parameterization:
    r""":math:`\theta_i = \prod_{j=1}^L u^j_i` (DD-Def-DDLN, DD-Eq10).

    Params ``u{j}_{i}`` for layer j = 1..L and coordinate i = 1..d, ordered coordinate by coordinate as the stacked
    vector of DD-Def-Stack: ``u1_1, u2_1, ..., uL_1, u1_2, ...``.  ``meta["layers"][j-1][i-1]`` is :math:`u^j_i`.
    """
    _check_int("L", L, 1)
    _check_int("d", d, 1)
    layers = [[sympy.Symbol(f"u{j}_{i}", real=True) for i in range(1, d + 1)] for j in range(1, L + 1)]
    params = tuple(layers[j][i] for i in range(d) for j in range(L))
    outputs = tuple(sympy.Mul(*[layers[j][i] for j in range(L)]) for i in range(d))
    return Parameterization(params, outputs, name=f"deep_diagonal(L={L}, d={d})",
                            meta={"family": "deep_diagonal", "L": L, "d": d, "layers": layers})


def power(L: int, d: int = 1) -> Parameterization:
    r""":math:`\theta = u^{\odot L}` (DD-SA.3-Setting). Params ``u1..ud`` (``u`` if d=1)."""
    _check_int("L", L, 1)
    _check_int("d", d, 1)
    u = _vec("u", d)
    return Parameterization(tuple(u), tuple(x**L for x in u), name=f"power(L={L}, d={d})",
                            meta={"family": "power", "L": L, "d": d, "u": u})


def two_branch(L: int, d: int = 1) -> Parameterization:
    r""":math:`\theta = u_+^{\odot L} - u_-^{\odot L}` (Woodworth et al. 2020; L = 2 is :math:`u\odot u - v\odot v`).

    Params ``up1..upd, um1..umd`` (``up, um`` if d=1).
    """
    _check_int("L", L, 1)
    _check_int("d", d, 1)
    up, um = _vec("up", d), _vec("um", d)
    return Parameterization(tuple(up + um), tuple(a**L - b**L for a, b in zip(up, um)),
                            name=f"two_branch(L={L}, d={d})",
                            meta={"family": "two_branch", "L": L, "d": d, "up": up, "um": um})


def fixed_direction_relu(m: int) -> Parameterization:
    r"""Two-layer ReLU network with fixed directions :math:`\theta_j`: :math:`\beta_j = a_j b_j` (HY-Thm3.4).

    Params ``a1..am, b1..bm`` (``a, b`` if m=1).  The design matrix :math:`X_{ij} = (\langle\theta_j, x_i\rangle)_+`
    lives in the loss, not in the parameterization.
    """
    _check_int("m", m, 1)
    a, b = _vec("a", m), _vec("b", m)
    return Parameterization(tuple(a + b), tuple(x * y for x, y in zip(a, b)), name=f"fixed_direction_relu(m={m})",
                            meta={"family": "fixed_direction_relu", "m": m, "a": a, "b": b})


def merged_direction_relu(groups: Sequence[int]) -> Parameterization:
    r"""Merged identical directions (HY-Lem3.5): :math:`\beta_k = \sum_{j\in I^{-1}(k)} a_j b_j`.

    ``groups[k]`` is the size of :math:`I^{-1}(k)`; neurons are numbered consecutively, params ``a1..am, b1..bm``.
    """
    if not groups:
        raise InvalidArgument("groups=() is empty: give the size of each group, e.g. groups=(2, 1)")
    for g in groups:
        _check_int("group size", g, 1)
    m = sum(groups)
    a, b = _vec("a", m) if m > 1 else [sympy.Symbol("a1", real=True)], \
        _vec("b", m) if m > 1 else [sympy.Symbol("b1", real=True)]
    outputs, j, index = [], 0, []
    for k, g in enumerate(groups):
        outputs.append(sympy.Add(*[a[j + t] * b[j + t] for t in range(g)]))
        index.append(list(range(j, j + g)))
        j += g
    return Parameterization(tuple(a + b), tuple(outputs), name=f"merged_direction_relu(groups={tuple(groups)})",
                            meta={"family": "merged_direction_relu", "groups": tuple(groups), "a": a, "b": b,
                                  "index": index})


def deep_linear(dims: Sequence[int], *, p: bool = False) -> Parameterization:
    r"""Deep linear network :math:`W_L \cdots W_1` with :math:`W_k \in \mathbb{R}^{n_k \times n_{k-1}}`.

    ``dims = (n_0, n_1, ..., n_L)``; params ``W{k}_{r}_{c}`` (1-based, layer k, row r, column c), listed layer by
    layer, row-major.  Outputs: the entries of the product, row-major.  With ``p=True`` the model is
    :math:`p^\top W_L\cdots W_1` with a trainable vector ``p1..p{n_L}`` appended to the params (output dimension
    :math:`n_0`).  Known law count (Marcotte et al. 2023): :math:`\sum_{k=1}^{L-1} n_k(n_k+1)/2` when every width is
    at least 2; a layer of width 1 loses some (symflow computes (1,3,1) -> 5 laws, not 6; (1,2,2,1) -> 7, not 6).
    """
    dims = tuple(dims)
    if len(dims) < 2:
        raise InvalidArgument(f"dims={dims!r} needs at least two widths (n_0, n_1), e.g. dims=(2, 2, 2)")
    for n in dims:
        _check_int("width", n, 1)
    Ws = []
    params: list[sympy.Symbol] = []
    for k in range(1, len(dims)):
        rows, cols = dims[k], dims[k - 1]
        W = sympy.Matrix(rows, cols, lambda r, c: sympy.Symbol(f"W{k}_{r + 1}_{c + 1}", real=True))
        Ws.append(W)
        params.extend(W)  # Matrix iterates row-major
    prod = Ws[0]
    for W in Ws[1:]:
        prod = W * prod
    if p:
        pv = sympy.Matrix(1, dims[-1], lambda r, c: sympy.Symbol(f"p{c + 1}", real=True))
        params.extend(pv)
        prod = pv * prod
    outputs = tuple(sympy.expand(e) for e in prod)
    name = f"deep_linear(dims={dims}{', p=True' if p else ''})"
    return Parameterization(tuple(params), outputs, name=name,
                            meta={"family": "deep_linear", "dims": dims, "p": p, "W": Ws})
