r"""Appendix B.1 (spec §3.8): the proof of Proposition 1, step by step.

(49) is (17) again (checked as in ``continuous_linear``); the reduction to :math:`\Sigma_x\Sigma_x^\dagger\Sigma_{xy}
= \Sigma_{xy}`; the SVD step (50), which drops the factor :math:`1/n` of :math:`\Sigma_x = X^\top X/n`; the
pseudoinverse step; uniqueness by Cauchy–Lipschitz.
"""

from __future__ import annotations

import sympy

from symflow.claims import Statement, claim
from symflow.verdict import Proved, Refuted, Verified

from ._continuous import MS, SX_, W_, data_instance, kdim, linear_instances
from .continuous_linear import PROP1, prop1

__all__: list[str] = []

LAM, NSYM = sympy.Symbol("lambda_i", positive=True), sympy.Symbol("n", positive=True, integer=True)


@claim("DDyn-Prop1p", text=r"Proposition' 1: the solution of (16) is (49)", expect=Verified, statement=PROP1,
       hyp="(16), any W0", cites=("DDyn-Prop1",))
@claim("DDyn-Eq49", text=r"$W(t)=e^{-t\Sigma_x}(W_0-\Sigma_x^\dagger\Sigma_{xy})+\Sigma_x^\dagger\Sigma_{xy}$ (49)",
       expect=Verified, statement=PROP1, hyp="(16), any W0")
def prop1p(ctx):
    return prop1(ctx)


def _b1_instances():
    for name, X, Y in linear_instances():
        yield name, X, Y
    X, Y = data_instance()
    yield "data_instance (n=4, d=3, rank 2)", X, Y


@claim("DDyn-Claim-B1-identity", text=r"Checking (49) against (16) reduces to $\Sigma_x\Sigma_x^\dagger\Sigma_{xy}="
       r"\Sigma_{xy}$", expect=Verified, hyp="Σ_x = XᵀX/n, Σ_xy = XᵀY/n")
def b1_identity(ctx):
    """The residual of (49) in (16) is Σ_xΣ_x^†Σ_xy - Σ_xy (matrix-symbol algebra with E' = -Σ_xE), and that
    vanishes exactly on rank-deficient data (the general reason: range Σ_xy ⊆ range Σ_x)."""
    E, P = MS["E"], MS["P"]
    W = PROP1.W
    dW = W.subs(E, -SX_ * E) - W.subs(E, sympy.ZeroMatrix(kdim, kdim))
    residual = sympy.expand((dW - (MS["M"] - SX_ * W)).doit())       # M stands for Σ_xy here
    reduced = sympy.expand((SX_ * P - MS["M"]).doit())
    if sympy.expand(residual - reduced) not in (0, sympy.ZeroMatrix(kdim, kdim)):
        return Refuted("the residual is not Σ_xP - Σ_xy", counterexample={"residual": str(residual)})
    rows = []
    for name, X, Y in _b1_instances():
        n = X.rows
        Sx, Sxy = X.T * X / n, X.T * Y / n
        if Sx * Sx.pinv() * Sxy != Sxy:
            return Refuted(f"Σ_xΣ_x^†Σ_xy != Σ_xy at {name}", counterexample={"X": str(X.tolist())})
        rows.append(name)
    return Verified("residual of (49) in (16) = Σ_xΣ_x^†Σ_xy - Σ_xy (matrix symbols); it vanishes exactly at "
                    + ", ".join(rows), exact=True, points=tuple(rows), scope="reduction: every size (matrix symbols); "
                    "identity: exact at 3 data sets")


EQ50 = Statement(DDt=LAM)
EQ50_CORRECTED = Statement(DDt=NSYM * LAM)


@claim("DDyn-Eq50", text=r"With $X^\top=U^\top DV$: $DD^\top=\mathrm{diag}(\lambda_1,\dots,\lambda_r,0,\dots,0)$ (50)",
       expect=Refuted, statement=EQ50, hyp="λ_i the eigenvalues of Σ_x = XᵀX/n")
@claim("DDyn-Eq50/corrected", text=r"$DD^\top=n\,\mathrm{diag}(\lambda_1,\dots,\lambda_r,0,\dots,0)$", expect=Verified,
       statement=EQ50_CORRECTED, hyp="λ_i the eigenvalues of Σ_x = XᵀX/n")
def eq50(ctx):
    """The diagonal of DDᵀ holds the eigenvalues of XᵀX = UᵀDDᵀU; compare with the encoded function of λ_i."""
    rows = []
    for name, X, _ in linear_instances():
        n = X.rows
        for mu, mult in (X.T * X).eigenvals().items():
            lam = mu / n
            printed = ctx.s.DDt.subs({LAM: lam, NSYM: n})
            if printed != mu:
                return Refuted(f"the diagonal of DDᵀ is {mu} where (50) prints {printed}", counterexample={
                    "instance": name, "X": str(X.tolist()), "n": n, "eigenvalue of Σ_x": str(lam),
                    "eigenvalue of XᵀX (entry of DDᵀ)": str(mu), "printed entry": str(printed)})
            rows.append(f"{name}: {mu}")
    return Verified("entries of DDᵀ = eigenvalues of XᵀX: " + "; ".join(rows), exact=True, points=tuple(rows),
                    scope="exact at 2 data sets (the general reason: XᵀX = nΣ_x)")


EQB1 = Statement(mid=sympy.Integer(1))        # Σ_xΣ_x^†Σ_xy = mid · UᵀDVY (printed: mid = 1)


@claim("DDyn-Eq-B1-pinv", text=r"$\Sigma_x^\dagger=U^\top\mathrm{diag}(1/\lambda_i,0)U$ and $\Sigma_x\Sigma_x^\dagger"
       r"\Sigma_{xy}=U^\top DVY=\Sigma_{xy}$", expect=Refuted, statement=EQB1, hyp="X^T = UᵀDV (SVD)")
@claim("DDyn-Eq-B1-pinv/corrected", text=r"$\Sigma_x\Sigma_x^\dagger\Sigma_{xy}=\frac1nU^\top DVY=\Sigma_{xy}$",
       expect=Verified, statement=EQB1.replace(mid=1 / NSYM), hyp="X^T = UᵀDV (SVD)")
def b1_pinv(ctx):
    """UᵀDV = Xᵀ, so UᵀDVY = XᵀY = nΣ_xy; the pseudoinverse of Σ_x is Σ over λ != 0 of P_λ/λ."""
    for name, X, Y in linear_instances():
        n = X.rows
        Sx, Sxy = X.T * X / n, X.T * Y / n
        spectral = sum((_proj(vecs) / ev for ev, _, vecs in Sx.eigenvects() if ev != 0),
                       sympy.zeros(Sx.rows))
        if spectral != Sx.pinv():
            return Refuted("Σ_x^† is not Σ P_λ/λ", counterexample={"instance": name})
        lhs = Sx * Sx.pinv() * Sxy
        printed = ctx.s.mid.subs(NSYM, n) * X.T * Y
        if lhs != printed:
            return Refuted(f"Σ_xΣ_x^†Σ_xy != (printed) · UᵀDVY at {name}", counterexample={
                "instance": name, "n": n, "Σ_xΣ_x^†Σ_xy": str(lhs.tolist()), "UᵀDVY = XᵀY": str((X.T * Y).tolist()),
                "printed factor": str(ctx.s.mid)})
    names = [i[0] for i in linear_instances()]
    return Verified("Σ_x^† = Σ P_λ/λ and Σ_xΣ_x^†Σ_xy = factor · XᵀY at " + ", ".join(names), exact=True,
                    points=tuple(names), scope="exact at 2 data sets")


def _proj(vecs):
    B = sympy.Matrix.hstack(*vecs)
    return B * (B.T * B).inv() * B.T


@claim("DDyn-Claim-B1-unique", text="By Cauchy–Lipschitz (Picard–Lindelöf) (49) is the unique solution of (16)",
       expect=Proved, hyp="(16)")
def b1_unique(ctx):
    """F(W) = Σ_xy - Σ_xW satisfies F(W) - F(W') = -Σ_x(W - W') (matrix symbols): F is affine, hence globally
    Lipschitz with constant ||Σ_x||, and Picard–Lindelöf gives one solution on all of R."""
    W2 = sympy.MatrixSymbol("Wp", kdim, kdim)
    F = lambda A: MS["M"] - SX_ * A  # noqa: E731  (M stands for Σ_xy)
    diff = sympy.expand((F(W_) - F(W2) + SX_ * (W_ - W2)).doit())
    if diff in (0, sympy.ZeroMatrix(kdim, kdim)):
        return Proved("F(W) - F(W') = -Σ_x(W - W'): the field of (16) is globally Lipschitz (constant ||Σ_x||_2), so "
                      "the solution is unique on R (every size)", certificate={"identity": "F(W)-F(W')+Σ_x(W-W') = 0"})
    return Refuted("the field is not affine", counterexample={"difference": str(diff)})
