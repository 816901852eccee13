r"""§3.1, deep model (spec §3.3, first part): non-convexity, the gradients (19)–(20), the joint decomposition (21),
the rank inequality, the autoencoder moments (22) and the motivating cases.

Gradients are derived by differentiating the loss (:func:`symflow.deep_linear.matrix_flow`) with generic symbolic
moments, and compared entry by entry with the printed matrix expressions (statements in ``MatrixSymbol`` s).
"""

from __future__ import annotations

import sympy
from sympy import Rational as R

from symflow import deep_linear as dl
from symflow.claims import Statement, cite_table, claim, kit, prose_table
from symflow.verdict import Proved, Refuted, Verified

from ._continuous import A_, B_, SX_, SXY_, W_, commuting_data, data_instance, layer_entries

__all__: list[str] = []

SIZES = [(2, 3, 2), (3, 1, 2), (2, 2, 2, 2), (1, 2, 1, 2)]
SIZE_NAMES = "(r_0 = d, r_1, ..., r_L = p)"

cite_table({"DDyn-Prop2": "Horn and Johnson (1985), Thm. 1.3.21, quoted: diagonalizable matrices are simultaneously "
                          "diagonalizable iff they commute (an imported textbook theorem); used by DDyn-Eq21, "
                          "checked on instances there"})

prose_table([
    ("DDyn-Claim-multiclass", "Multi-class: p classes, one-hot y_i, p << d; when (23) holds Assumption 1 is "
     "approximately verified; intuition: rank(Y) << rank(X), so the matrices commute on a small subspace",
     "an intuition with no threshold for 'close to 0'; the quantity it predicts is measured on data in Table 1 "
     "(DDyn-Table1, DDyn-Eq41)"),
    ("DDyn-Claim-minimal-perceptual", "Third motivating case: Σ_x ≈ I_d, the setting of Saxe et al. (2018), "
     "compared with Assumption 1 in §4.1", "a pointer to the setting of another paper and to §4.1 (DDyn-Table1); "
     "no statement of its own"),
    ("DDyn-Cite-Saxe-explicit", "For L = 2 and Σ_x = I_d, Saxe et al. (2018) found an explicit solution of (20)",
     "a statement about another paper; the explicit solution itself is DDyn-Thm1/corrected at λ_i = 1"),
])

# ------------------------------------------------------------------------------------------- non-convexity


@claim("DDyn-Claim-nonconvex", text=r"For $L\ge2$ the landscape of $f$ is non-convex", expect=Proved,
       hyp="L >= 2, Σ_xy != 0")
def nonconvex(ctx):
    r"""Generic layers: :math:`W = W_1W_2P` (P the product of the other layers).  The points :math:`(W_1, W_2)` and
    :math:`(-W_1, -W_2)` have the same product, hence the same loss; their midpoint has :math:`W_1 = 0`, loss
    :math:`f(0)`.  With :math:`W = cE` along a direction E with :math:`\operatorname{tr}(E^\top\Sigma_{xy}) = s > 0`
    (exists when Σ_xy != 0) and :math:`q = \operatorname{tr}(E^\top\Sigma_xE) \ge 0`, the loss minus f(0) is
    :math:`\frac12c^2q - cs`; convexity needs it >= 0 for every c > 0, false at c = s/(q+1)."""
    c, s, q = (sympy.Symbol(x, positive=True) for x in "csq")
    gap = c ** 2 * q / 2 - c * s          # f(endpoints) - f(midpoint)
    at = gap.subs(c, s / (q + 1))
    v = kit.identity(sympy.factor(at), -s ** 2 * (q + 2) / (2 * (q + 1) ** 2),
                     argument="generic: any L >= 2 and widths >= 1 (E = u_1v_1ᵀ, the top singular pair of Σ_xy, is a "
                     "rank-one product of layers; the two endpoints differ in the signs of two layers), any data "
                     "with Σ_xy != 0, any q >= 0 and s > 0", what="f(endpoints) - f(midpoint) at c = s/(q+1)")
    if isinstance(v, Proved):
        return Proved("the midpoint of (W1, W2, ...) and (-W1, -W2, ...) has a larger loss (by s²(q+2)/(2(q+1)²) > 0): "
                      "f is not convex; " + v.detail, certificate=dict(v.certificate))
    return v


# ------------------------------------------------------------------------------------------------ (19), (20)

EQ19 = Statement(grad=A_.T * (SX_ * W_ - SXY_) * B_.T)
EQ20 = Statement(wdot=A_.T * (SXY_ - SX_ * W_) * B_.T)


@claim("DDyn-Eq19", text=r"$\nabla f\,\mathbf w_l(W_{[L]})=W_{1:l-1}^\top(\Sigma_xW-\Sigma_{xy})W_{l+1:L}^\top$ (19)",
       expect=Verified, statement=EQ19, hyp="f = (9); generic symbolic Σ_x (symmetric), Σ_xy")
def eq19(ctx):
    return kit.at_sizes(lambda *dims: layer_entries(ctx.s.grad, dims, -1), SIZES,
                        what="(19) against the derivative of the loss", names=SIZE_NAMES)


@claim("DDyn-Eq20", text=r"$\dot W_l=W_{1:l-1}^\top(\Sigma_{xy}-\Sigma_xW)W_{l+1:L}^\top$, $W_l(0)\in\mathcal M_{d,p}$ "
       "(20)", expect=Verified, statement=EQ20, hyp="(12) on (9)")
def eq20(ctx):
    """The velocity field of (12); the printed space M_{d,p} of W_l(0) should read M_{r_{l-1}, r_l} (notation)."""
    return kit.at_sizes(lambda *dims: layer_entries(ctx.s.wdot, dims, 1), SIZES,
                        what="(20) against minus the derivative of the loss", names=SIZE_NAMES)


# ------------------------------------------------------------------------------------------- (21), ranks

def decomposition_entries(X, Y):
    """Σ_x and Σ_xyΣ_xyᵀ are diagonal in the eigenprojectors of a generic combination, and every σ_i > 0 sits on
    a λ_i > 0 (the indexing of (21))."""
    n = X.rows
    Sx, Sxy = X.T * X / n, X.T * Y / n
    parts = dl.common_eigenprojectors(Sx, Sxy)
    lam_part = Sx - sum((lv * P for P, lv, _ in parts), sympy.zeros(Sx.rows))
    sig_part = Sxy * Sxy.T - sum((s2 * P for P, _, s2 in parts), sympy.zeros(Sx.rows))
    out = []
    for k in range(len(lam_part)):
        out.append((f"Σ_x - Σ λ_i P_i [{k}]", lam_part[k], 0))
        out.append((f"Σ_xyΣ_xyᵀ - Σ σ_i² P_i [{k}]", sig_part[k], 0))
    out += [(f"σ² = {s2} > 0 => λ > 0", sympy.Integer(1 if (s2 > 0 and lv == 0) else 0), 0) for _, lv, s2 in parts]
    return out


@claim("DDyn-Eq21", text=r"Under Assumption 1: $\Sigma_x=\sum_{i\le r_x}\lambda_iu_iu_i^\top$, "
       r"$\Sigma_{xy}=\sum_{i\le r_{xy}}\sigma_iu_iv_i^\top$, $(u_i)$, $(v_i)$ orthonormal (21)", expect=Verified,
       hyp="Assumption 1 (moments of data X, Y)", cites=("DDyn-Prop2", "DDyn-Ass1"))
def eq21(ctx):
    """Exact, on data with commuting moments: the common eigenbasis is found from the moments alone (spectral
    projectors of Σ_x + 2Σ_xyΣ_xyᵀ), not taken from the construction."""
    return kit.at_sizes(lambda name: decomposition_entries(*commuting_data()), ["commuting_data (n=4, d=3, p=2)"],
                        what="(21): one orthonormal basis diagonalizes Σ_x and Σ_xyΣ_xyᵀ", names="instance")


def _rank_instances():
    X, Y = data_instance()
    Xc, Yc = commuting_data()
    yield "data_instance", X, Y
    yield "commuting_data", Xc, Yc
    yield "wide X (n=2, d=3)", sympy.Matrix([[1, 2, 3], [2, 4, 6]]), sympy.Matrix([[1, 0, 1], [0, 1, 1]])
    yield "Y = X", X, X


@claim("DDyn-Claim-rxy-le-rx", text=r"Always $r_{xy}\le r_x$", expect=Verified, hyp="Σ_xy = XᵀY/n, Σ_x = XᵀX/n")
def rxy_le_rx(ctx):
    r"""range(Σ_xy) ⊆ range(Xᵀ) = range(XᵀX), so r_xy <= r_x; checked exactly (ranks over QQ and
    Σ_xΣ_x^†Σ_xy = Σ_xy) on data sets only, hence ``verified``."""
    rows = []
    for name, X, Y in _rank_instances():
        n = X.rows
        Sx, Sxy = X.T * X / n, X.T * Y / n
        if Sxy.rank() > Sx.rank() or Sx * Sx.pinv() * Sxy != Sxy:
            return Refuted(f"rank(Σ_xy) = {Sxy.rank()} > rank(Σ_x) = {Sx.rank()}", counterexample={
                "X": str(X.tolist()), "Y": str(Y.tolist())})
        rows.append(f"{name}: r_xy = {Sxy.rank()} <= r_x = {Sx.rank()}, Σ_xΣ_x^†Σ_xy = Σ_xy")
    return Verified("exact ranks over QQ (the general reason: range(XᵀY) ⊆ range(Xᵀ) = range(XᵀX)); "
                    + "; ".join(rows), exact=True, points=tuple(rows),
                    scope="exact at 4 data sets (rank-deficient, wide, commuting, Y = X)")


# ------------------------------------------------------------------------------------------------ (22)

Nn = sympy.Symbol("n", positive=True)
XN = sympy.MatrixSymbol("X", sympy.Symbol("N", integer=True, positive=True), sympy.Symbol("d", integer=True,
                                                                                          positive=True))
EQ22 = Statement(lhs=(XN.T * XN / Nn) * (XN.T * XN / Nn).T, rhs=(XN.T * XN / Nn) ** 2)


@claim("DDyn-Eq22", text=r"With Y = X: $\Sigma_{xy}\Sigma_{xy}^\top=(\frac1nX^\top X)^2$ (22)", expect=Proved,
       statement=EQ22, hyp="Y = X (autoencoder)")
def eq22(ctx):
    """Σ_xy = XᵀX/n = Σ_x is symmetric: a matrix-symbol identity for every n, d (no entries)."""
    diff = sympy.expand((ctx.s.lhs - ctx.s.rhs).doit())
    if diff == 0 or diff == sympy.ZeroMatrix(*ctx.s.lhs.shape):
        return Proved("(XᵀX/n)(XᵀX/n)ᵀ = (XᵀX/n)²: identity of matrix expressions (symbolic n, N, d)",
                      certificate={"method": "MatrixSymbol expansion", "difference": "0"})
    X = sympy.Matrix([[1, 2], [0, 1], [R(1, 2), -1]])
    val = sympy.Matrix((ctx.s.lhs - ctx.s.rhs).subs({Nn: 3}).xreplace({XN: sympy.ImmutableMatrix(X)}).doit())
    if val != sympy.zeros(*val.shape):
        return Refuted("(22) fails at an exact X", counterexample={"X": str(X.tolist()), "n": "3",
                                                                     "lhs - rhs": str(val.tolist())})
    return Verified("(22) holds at the listed X", exact=True, points=(str(X.tolist()),), scope="exact at one X")
