r"""Appendix B.3, general L (spec §3.10, first part): the decomposition (54), the change of variables (55), the
rotated flow (56)–(57), diagonal stability, the vanishing gradients past r, the mode equations (58) and (60).

The rotated flow is derived, never typed: the layers are :math:`W_l = Q_{l-1}\bar W_lQ_l^{-1}` (:math:`Q_0 = U`,
:math:`Q_L = V^{-1}`... as (55) defines them), the velocity of :math:`W_l` comes from differentiating the loss
(:func:`symflow.deep_linear.matrix_flow`) and :math:`\dot{\bar W}_l = Q_{l-1}^{-1}\dot W_lQ_l`.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational as R

from symflow import deep_linear as dl
from symflow.claims import Kind, Statement, cite_table, claim, kit, prose_table
from symflow.precision import precision
from symflow.verdict import Proved, Refuted, Verified

from ._continuous import A_, B_, SX_, SXY_, W_, commuting_data, lam, sigma
from .continuous_deep import decomposition_entries

__all__ = ["bar_flow"]

cite_table({"DDyn-Eq55": "the change of variables W̄_l = Q_{l-1}^{-1} W_l Q_l, Q_0 = U, Q_L = V (a definition; the "
                         "printed last identity 'W_L = Q_{L-1}^{-1}W_LV' lacks the bar); used by bar_flow",
            "DDyn-Def-B3-r": "r = min r_l and the diagonal coefficients w_{l,i} (a definition); used by DDyn-Eq58",
            "DDyn-Eq59": "w_{-l,i} := Π_{k != l} w_{k,i}, w_i = Π_k w_{k,i} (a definition); used by DDyn-Eq58, "
                         "DDyn-Eq60"})
prose_table([("DDyn-Cite-B3-Saxe", "Saxe et al. (2018) treat only Σ_x = I_d (λ_i = 1) and L = 2; Prop. 3 allows the "
              "more general case", "a statement about the scope of another paper; the general case itself is "
              "checked in DDyn-Eq58, DDyn-Eq60 and DDyn-Thm1/corrected")])

LAMS, SIGS = (R(2), R(1, 2), R(3)), (R(3), R(1), R(0))


def _rand_invertible(k, orth: bool, shift: int):
    if orth:
        A = sympy.zeros(k)
        for i in range(k):
            for j in range(i + 1, k):
                A[i, j] = R(1, 2 + i + j + shift)
                A[j, i] = -A[i, j]
        return dl.cayley(A)
    return sympy.Matrix(k, k, lambda i, j: R(1 + (i + 2 * j + shift) % 3, 1 + (i == j)) if i <= j else
                        R(i - j, 3 + shift))


@kit.cached
def _setting(dims: tuple, orth: bool):
    """U, V, Q_l, S, D and the derived flow (variables, rhs) of the original layers, for moments UDUᵀ, USVᵀ."""
    d, p = dims[0], dims[-1]
    U, V = _rand_invertible(d, True, 0), _rand_invertible(p, True, 1)
    D = sympy.diag(*LAMS[:d])
    S = sympy.zeros(d, p)
    for i in range(min(d, p)):
        S[i, i] = SIGS[i]
    L = len(dims) - 1
    Qs = [U] + [_rand_invertible(dims[l], orth, l + 2) for l in range(1, L)] + [V]
    return U * D * U.T, U * S * V.T, Qs, S, D


def bar_flow(dims, orth: bool, bars):
    """The velocities of the bar layers at the (exact, numeric) point ``bars``: W_l = Q_{l-1}W̄_lQ_l^{-1}
    (W̄_l = Q_{l-1}^{-1}W_lQ_l, Q_0 = U, Q_L = V), Ẇ_l from the derived flow, W̄̇_l = Q_{l-1}^{-1}Ẇ_lQ_l."""
    Sx, Sxy, Qs, S, D = _setting(tuple(dims), orth)
    Ws = [Qs[l] * Wb * Qs[l + 1].inv() for l, Wb in enumerate(bars)]
    grads = dl.loss_gradient(Ws, Sx, Sxy)
    return [-Qs[l].inv() * grads[l] * Qs[l + 1] for l in range(len(bars))], S, D


def _points(dims, diagonal=False, count=2):
    """Exact rational bar points (Schwartz–Zippel: a non-zero polynomial of degree <= 2L-1 vanishes at such a
    point with probability <= deg/|grid| per draw; here a fixed pseudo-random grid of 97 values)."""
    out = []
    for k in range(count):
        bars = []
        for l in range(1, len(dims)):
            bars.append(sympy.Matrix(dims[l - 1], dims[l], lambda i, j, l=l: (
                R((7 * i + 11 * j + 13 * l + 17 * k) % 97 + 1, 37) * (-1) ** (i + j + k)) if (i == j or not diagonal)
                else 0))
        out.append(bars)
    return out


def _bar_entries(expr, dims, orth, original: bool = False):
    """Derived bar velocities against ``expr`` in bar quantities (W̄, S, D), or, with ``original``, against
    Q_{l-1}^{-1}·expr(W, Σ_x, Σ_xy)·Q_l in the original layers (the form of (56))."""
    out = []
    Sx, Sxy, Qs, _, _ = _setting(tuple(dims), orth)
    for n_pt, bars in enumerate(_points(dims)):
        vel, S, D = bar_flow(dims, orth, bars)
        L = len(bars)
        if original:
            bars = [Qs[l] * Wb * Qs[l + 1].inv() for l, Wb in enumerate(bars)]
            S, D = Sxy, Sx
        Wb = bars[0]
        for M in bars[1:]:
            Wb = Wb * M
        for l in range(L):
            A = sympy.eye(dims[0])
            for M in bars[:l]:
                A = A * M
            B = sympy.eye(dims[-1])
            for M in reversed(bars[l + 1:]):
                B = M * B
            printed = expr.xreplace({A_: sympy.ImmutableMatrix(A), B_: sympy.ImmutableMatrix(B),
                                     W_: sympy.ImmutableMatrix(Wb), SX_: sympy.ImmutableMatrix(D),
                                     SXY_: sympy.ImmutableMatrix(S)})
            try:
                printed = sympy.Matrix(printed.doit())
            except (sympy.ShapeError, ValueError):
                out.append((f"point {n_pt}, layer {l + 1}: printed product undefined", 1, 0))
                continue
            if original:
                printed = Qs[l].inv() * printed * Qs[l + 1]
            if printed.shape != vel[l].shape:
                out.append((f"point {n_pt}, layer {l + 1}: shape {printed.shape} != {vel[l].shape}", 1, 0))
                continue
            out += [(f"point {n_pt}, layer {l + 1} ({i + 1},{j + 1})", vel[l][i, j], printed[i, j])
                    for i in range(vel[l].rows) for j in range(vel[l].cols)]
    return out


# ------------------------------------------------------------------------------------------------ (54)

@claim("DDyn-Eq54", text=r"$\Sigma_{xy}=USV^\top$ and $\Sigma_x=UDU^\top$ (54)", expect=Verified,
       hyp="Assumption 1 (Prop 3)", cites=("DDyn-Prop3",))
def eq54(ctx):
    return kit.at_sizes(lambda name: decomposition_entries(*commuting_data()), ["commuting_data (n=4, d=3, p=2)"],
                        what="(54): one orthonormal U diagonalizes Σ_x and Σ_xyΣ_xyᵀ", names="instance")


# ------------------------------------------------------------------------------------------- (56), (57)

SIZES = [(2, 2, 2), (2, 2, 2, 2), (3, 2, 2)]
EQ56 = Statement(v=A_.T * (SXY_ - SX_ * W_) * B_.T)    # conjugated by Q_{l-1}^{-1}, Q_l in the check


@claim("DDyn-Eq56", text=r"$\frac{d\bar W_l}{dt}=Q_{l-1}^{-1}W_{1:l-1}^\top(\Sigma_{xy}-\Sigma_xW)W_{l+1:L}^\top Q_l$ "
       "(56)", expect=Verified, statement=EQ56, hyp="(20), (55), Q_l invertible", cites=("DDyn-Eq55", "DDyn-Eq20"))
def eq56(ctx):
    """(56) is (20) conjugated, d/dt(Q^{-1}W_lQ') = Q^{-1}Ẇ_lQ': the derived bar velocities against the printed
    right side in the original layers, Q_l invertible (not orthogonal), exact at rational points."""
    return kit.at_sizes(lambda *dims: _bar_entries(ctx.s.v, dims, False, original=True), SIZES,
                        what="(56) against the derived velocities of W̄_l (Q_l invertible)", names="(d, r_1, ..., p)")


EQ57 = Statement(v=A_.T * (SXY_ - SX_ * W_) * B_)
EQ57_CORRECTED = Statement(v=A_.T * (SXY_ - SX_ * W_) * B_.T)


@claim("DDyn-Eq57", text=r"$\frac{d\bar W_l}{dt}=\bar W_{1:l-1}^\top(S-D\bar W)\bar W_{l+1:L}$ (57) (Q_l any invertible)",
       expect=Refuted, statement=EQ57, hyp="(56), (54), Q_l invertible")
def eq57(ctx):
    """As printed: Q_l any invertible matrices and no transpose on W̄_{l+1:L}."""
    return kit.at_sizes(lambda *dims: _bar_entries(ctx.s.v, dims, False), SIZES,
                        what="(57) against the derived bar flow (Q_l invertible)", names="(d, r_1, ..., p)")


@claim("DDyn-Eq57/corrected", text=r"$\frac{d\bar W_l}{dt}=\bar W_{1:l-1}^\top(S-D\bar W)\bar W_{l+1:L}^\top$ for "
       r"orthogonal $Q_l$", expect=Verified, statement=EQ57_CORRECTED, hyp="(56), (54), Q_l orthogonal")
def eq57_corrected(ctx):
    return kit.at_sizes(lambda *dims: _bar_entries(ctx.s.v, dims, True), SIZES,
                        what="corrected (57) against the derived bar flow (Q_l orthogonal)", names="(d, r_1, ..., p)")


# --------------------------------------------------------------------- diagonal stability, zero gradients

@claim("DDyn-Claim-B3-diagonal", text="If all W̄_l(t) are diagonal so are their derivatives; a diagonal "
       "initialization gives the decoupled solution, unique by Cauchy–Lipschitz", expect=Verified,
       hyp="(57) corrected (Q_l orthogonal)")
def b3_diagonal(ctx):
    def build(*dims):
        out = []
        for bars in _points(dims, diagonal=True):
            vel, _, _ = bar_flow(dims, True, bars)
            out += [(f"layer {l + 1} ({i + 1},{j + 1})", vel[l][i, j], 0)
                    for l in range(len(bars)) for i in range(vel[l].rows) for j in range(vel[l].cols) if i != j]
        return out
    return kit.at_sizes(build, SIZES + [(3, 1, 3, 3)], what="off-diagonal velocities vanish at diagonal W̄ (exact, "
                        "2 rational points per size)", names="(d, r_1, ..., p)")


def _zero_grad_entries(dims, strict: bool):
    """Velocities of the diagonal coefficients of index i >= r (printed) or i > r (corrected), r = min(r_0..r_{L-1})."""
    r = min(dims[:-1])
    out = []
    for bars in _points(dims, diagonal=True):
        vel, _, _ = bar_flow(dims, True, bars)
        for l in range(len(bars)):
            for i in range(min(vel[l].shape)):
                if (i + 1 > r) if strict else (i + 1 >= r):
                    out.append((f"layer {l + 1}, coefficient i = {i + 1} (r = {r})", vel[l][i, i], 0))
    return out or [("no coefficient past r", 0, 0)]


@claim("DDyn-Claim-B3-zero-grad", text="For i >= r the gradients of any further diagonal coefficients vanish: "
       "non-trivial dynamics only for i <= r", expect=Refuted, hyp="diagonal W̄_l, r = min{r_l : 0 <= l <= L-1}")
def b3_zero_grad(ctx):
    return kit.at_sizes(lambda *dims: _zero_grad_entries(dims, False), [(2, 2, 2), (3, 1, 3, 3)],
                        what="velocities of the coefficients i >= r", names="(d, r_1, ..., p)")


@claim("DDyn-Claim-B3-zero-grad/corrected", text="For i > r the velocities of the further diagonal coefficients "
       "vanish", expect=Verified, hyp="diagonal W̄_l, r = min{r_l : 0 <= l <= L-1}")
def b3_zero_grad_corrected(ctx):
    return kit.at_sizes(lambda *dims: _zero_grad_entries(dims, True), [(3, 1, 3, 3), (2, 3, 2, 3)],
                        what="velocities of the coefficients i > r (exact, 2 rational diagonal points per size)",
                        names="(d, r_1, ..., p)")


# ------------------------------------------------------------------------------------------- (58), (60)

WM, WP = sympy.Symbol("w_minus_l", real=True), sympy.Symbol("w_i", real=True)
EQ58 = Statement(rhs=WM * (sigma - lam * WP))


@claim("DDyn-Eq58", text=r"$\dot w_{l,i}=w_{-l,i}(\sigma_i-\lambda_iw_i)$, $1\le l\le L$, $1\le i\le r$ (58)",
       expect=Verified, statement=EQ58, hyp="diagonal W̄_l, Q_l orthogonal", cites=("DDyn-Eq59",))
def eq58(ctx):
    def build(*dims):
        r = min(dims[:-1])
        out = []
        for n_pt, bars in enumerate(_points(dims, diagonal=True)):
            vel, S, D = bar_flow(dims, True, bars)
            for i in range(r):
                ws = [M[i, i] for M in bars]
                for l in range(len(bars)):
                    printed = ctx.s.rhs.xreplace({WM: kit.product(ws[:l] + ws[l + 1:]), WP: kit.product(ws),
                                                  sigma: S[i, i] if i < min(S.shape) else 0, lam: D[i, i]})
                    out.append((f"point {n_pt}, layer {l + 1}, i = {i + 1}", vel[l][i, i], printed))
        return out
    return kit.at_sizes(build, [(2, 2, 2), (2, 2, 2, 2), (3, 3, 3)], what="(58) from the derived bar flow (exact, "
                        "2 rational diagonal points per size)", names="(d, r_1, ..., p)")


CL, LL = sympy.Symbol("c", positive=True), sympy.Symbol("L", integer=True, positive=True)
EQ60 = Statement(rhs=LL * WP ** (2 - 2 / LL) * (sigma - lam * WP))


@claim("DDyn-Eq60", text=r"$\dot w_i=\sum_l w_{1,i}\cdots\dot w_{l,i}\cdots w_{L,i}=Lw_i^{2-2/L}(\sigma_i-\lambda_iw_i)$ "
       "(60)", expect=Proved, statement=EQ60, hyp="(58), equal factors w_{l,i} = c > 0")
def eq60(ctx):
    """With every factor equal to c > 0 (symbolic L): w = c^L, w_{-l} = c^{L-1}; the product rule over the L
    factors gives L c^{2L-2}(σ - λc^L); the printed right side at w = c^L must equal it."""
    derived = LL * CL ** (LL - 1) * (CL ** (LL - 1) * (sigma - lam * CL ** LL))
    printed = ctx.s.rhs.subs(WP, CL ** LL)
    diff = sympy.expand(sympy.powsimp(sympy.expand_power_base(sympy.powdenest(derived - printed, force=True),
                                                              force=True), force=True))
    if diff == 0:
        return Proved("L c^{L-1}·c^{L-1}(σ - λc^L) = L (c^L)^{2-2/L}(σ - λc^L) for c > 0, symbolic L (every depth)",
                      certificate={"derived": str(derived), "printed at w = c^L": str(printed)})
    for Lv, cv in ((2, R(1, 2)), (3, R(2, 3)), (4, R(3, 2))):
        pt = {LL: Lv, CL: cv, sigma: 2, lam: R(1, 3)}
        a, b = sympy.nsimplify(derived.subs(pt)), printed.subs(pt)
        if sympy.N(a - b, 30) != 0:
            return Refuted("(60) differs from the product rule", counterexample={
                "L": Lv, "c": str(cv), "σ": "2", "λ": "1/3", "derived": str(sympy.N(a, 20)), "printed": str(sympy.N(b, 20))})
    return Refuted("(60) is not the product rule in general", counterexample={"difference": str(diff)[:300]})


@claim("DDyn-Claim-B3-balanced", text=r"If $w_{l,i}(0)=w_{k,i}(0)$ the balanced solution satisfies (58) and is the "
       "unique solution", expect=Proved, hyp="(58)")
def b3_balanced(ctx):
    """Along (58), d/dt (w_l² - w_k²) = 2w_lw_{-l}(σ - λw) - 2w_kw_{-k}(σ - λw) = 0 (w_lw_{-l} = w for every l):
    equal initial factors stay equal.  Generic pair u = w_{l,i}, v = w_{k,i}, R = product of the others."""
    u, v, Rr, g = (sympy.Symbol(x, real=True) for x in ("u", "v", "R", "g"))
    flow = {u: v * Rr * g, v: u * Rr * g}                 # g = σ_i - λ_i w_i, any value
    return kit.identity(kit.ddt(u ** 2 - v ** 2, flow), 0,
                        argument="generic pair of layers (u, v) with R the product of the other L-2 factors and g = "
                        "σ_i - λ_i w_i any real: every L >= 2, every i", what="balancedness conserved by (58)")



# ------------------------------------------------------------------ (60) against the full matrix flow, L = 3

SIG3, LAM3, C0 = (R(3), R(1)), (R(2), R(1, 2)), (R(1, 2), R(1, 3))


@kit.cached
def _deep_run(dps: int, T):
    """The full matrix flow of a 3-layer network (d = r_1 = r_2 = p = 2), commuting moments, balanced diagonal
    initialization in the rotated coordinates (55) with orthogonal Q_1, Q_2; product rotated back: diag entries."""
    from symflow.integrate import solve
    U, V = _rand_invertible(2, True, 0), _rand_invertible(2, True, 1)
    Qs = [U, _rand_invertible(2, True, 3), _rand_invertible(2, True, 4), V]
    S = sympy.diag(*SIG3)
    Sx, Sxy = U * sympy.diag(*LAM3) * U.T, U * S * V.T
    layers, variables, rhs = dl.matrix_flow((2, 2, 2, 2), Sx, Sxy)
    y0 = []
    for l in range(3):
        y0 += list(Qs[l] * sympy.diag(*C0) * Qs[l + 1].inv())
    sol = solve(rhs, variables, y0, T, dps=dps)
    return sol, U, V


def _eq60_scalar(rhs60, i, T, dps):
    """c(T) for one factor, from the printed (60): ċ = ẇ/(L c^{L-1}) at w = c^L, L = 3 (a polynomial in c)."""
    from symflow.integrate import solve
    c = sympy.Symbol("c", positive=True)
    cdot = sympy.powdenest(rhs60.subs({LL: 3, WP: c ** 3, sigma: SIG3[i], lam: LAM3[i]}), force=True) / (3 * c ** 2)
    cdot = sympy.expand(sympy.powsimp(sympy.powdenest(cdot, force=True), force=True))
    return solve([cdot], [c], [C0[i]], T, dps=dps)


@claim("DDyn-Eq60/matrix-flow", text=r"(60) with L = 3: the modes of the full matrix flow follow "
       r"$\dot w_i=Lw_i^{2-2/L}(\sigma_i-\lambda_iw_i)$", expect=Verified, kind=Kind.NUMERIC, statement=EQ60,
       hyp="L = 3, d = r_1 = r_2 = p = 2, commuting moments, balanced diagonal initialization, Q_l orthogonal")
def eq60_flow(ctx):
    """Every entry of the 3-layer matrix flow integrated at ctx.dps (12 unknowns); the rotated product
    Uᵀ W_1W_2W_3 V is diagonal with entries c_i(T)³, c_i integrated from the printed (60)."""
    T = R(1, 2) if ctx.fast else R(1)
    sol, U, V = _deep_run(ctx.dps, T)
    y = list(sol.y1)
    with precision(ctx.dps):
        Ws = [mpmath.matrix(2, 2) for _ in range(3)]
        for l in range(3):
            for k in range(4):
                Ws[l][k // 2, k % 2] = y[4 * l + k]
        B = dl.to_mp(U.T) * Ws[0] * Ws[1] * Ws[2] * dl.to_mp(V)
        computed = [B[0, 0], B[1, 1], B[0, 1], B[1, 0]]
    printed, digs = [], [sol.digits]
    for i in range(2):
        try:
            s = _eq60_scalar(ctx.s.rhs, i, T, ctx.dps)
        except Exception as exc:  # noqa: BLE001 - a (mutated) right side the integrator cannot take
            return Refuted(f"(60) cannot be integrated as printed: {type(exc).__name__}",
                           counterexample={"mode": i, "rhs": str(ctx.s.rhs)})
        with precision(ctx.dps):
            printed.append(s.y1[0] ** 3)
        digs.append(s.digits)
    v = kit.compare(computed, printed + [mpmath.mpf(0), mpmath.mpf(0)], digits=min(digs),
                    what="modes of the 3-layer matrix flow vs (60)", point={"T": T, "σ": SIG3, "λ": LAM3},
                    dps=ctx.dps)
    if isinstance(v, Verified):
        return Verified(v.detail, n_digits=v.n_digits, points=v.points, dps=ctx.dps,
                        method="Taylor jet (matrix flow, 12 unknowns) vs Taylor jet (scalar (60)), digits measured",
                        scope=f"numeric, L = 3, d = p = 2, σ = (3, 1), λ = (2, 1/2), factors (1/2, 1/3), T = {T}")
    return v
