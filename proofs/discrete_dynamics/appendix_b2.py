r"""Appendix B.2 (spec §3.9): Proposition 3 — commuting moments iff a joint decomposition (51) — and its proof.

The SVD basis of :math:`\Sigma_{xy}` need not diagonalize :math:`\Sigma_x` when :math:`\Sigma_{xy}\Sigma_{xy}^\top`
has a repeated eigenvalue (DDyn-Claim-B2-basis); the joint basis exists all the same (found here from the moments
alone, :func:`symflow.deep_linear.common_eigenprojectors`).
"""

from __future__ import annotations

import sympy
from sympy import Rational as R

from symflow import deep_linear as dl
from symflow.claims import claim, kit
from symflow.verdict import Refuted, Verified

from ._continuous import U3, commuting_data
from .continuous_deep import decomposition_entries

__all__: list[str] = []

H = "Σ_x = XᵀX/n, Σ_xy = XᵀY/n"


def _if_entries(d, p):
    """(51) ⇒ commute: symbolic λ_i, σ_i, exact orthogonal U, V."""
    lam = [sympy.Symbol(f"l{i}") for i in range(d)]
    sig = [sympy.Symbol(f"s{i}") for i in range(min(d, p))]
    U = U3[:d, :d] if d == 3 else dl.cayley(sympy.Matrix([[0, R(1, 2)], [-R(1, 2), 0]]))
    V = dl.cayley(sympy.Matrix([[0, R(1, 3)], [-R(1, 3), 0]])) if p == 2 else U3
    Sx, Sxy = dl.commuting_moments(U, V, sig, lam)
    K = Sxy * Sxy.T
    C = Sx * K - K * Sx
    return [(f"[Σ_x, Σ_xyΣ_xyᵀ] ({k})", C[k], 0) for k in range(len(C))]


def _prop3(what):
    v1 = kit.at_sizes(_if_entries, [(2, 2), (3, 2)], what=f"{what}, '<=': (51) gives commuting matrices",
                      names="(d, p)")
    if not isinstance(v1, Verified):
        return v1
    v2 = kit.at_sizes(lambda name: decomposition_entries(*commuting_data()), ["commuting_data"],
                      what=f"{what}, '=>': a joint basis from the moments", names="instance")
    if not isinstance(v2, Verified):
        return v2
    return Verified(f"{v1.detail}; {v2.detail}", exact=True, points=v1.points + v2.points,
                    scope=f"'<=' {v1.scope} (symbolic λ, σ); '=>' {v2.scope}")


@claim("DDyn-Prop3", text=r"$\Sigma_x$ and $\Sigma_{xy}\Sigma_{xy}^\top$ commute iff (51): $\Sigma_{xy}=U\mathrm{diag}"
       r"(\sigma)V^\top$, $\Sigma_x=U\mathrm{diag}(\lambda)U^\top$", expect=Verified, hyp=H)
@claim("DDyn-Eq51", text=r"$\Sigma_{xy}=U\mathrm{diag}(\sigma_1..\sigma_r,0..)V^\top$, $\Sigma_x=U\mathrm{diag}"
       r"(\lambda_1..\lambda_d)U^\top$ (51)", expect=Verified, hyp=H)
def prop3(ctx):
    return _prop3("Prop 3")


def _eq52_entries(d, p):
    sig = [sympy.Symbol(f"s{i}") for i in range(min(d, p))]
    U = U3 if d == 3 else dl.cayley(sympy.Matrix([[0, R(1, 2)], [-R(1, 2), 0]]))
    V = U3 if p == 3 else dl.cayley(sympy.Matrix([[0, R(1, 3)], [-R(1, 3), 0]]))
    _, Sxy = dl.commuting_moments(U, V, sig, [0] * d)
    target = U * sympy.diag(*([s ** 2 for s in sig] + [0] * (d - len(sig)))) * U.T
    K = Sxy * Sxy.T
    return [(f"({k})", K[k], target[k]) for k in range(len(K))]


@claim("DDyn-Eq52", text=r"$\Sigma_{xy}\Sigma_{xy}^\top=U\mathrm{diag}(\sigma_1^2..\sigma_r^2,0..)U^\top$ (52)",
       expect=Verified, hyp="SVD Σ_xy = U diag(σ) Vᵀ")
def eq52(ctx):
    return kit.at_sizes(_eq52_entries, [(2, 2), (3, 2), (2, 3)], what="(52) from the SVD (symbolic σ_i)",
                        names="(d, p)")


def _repeated_instance():
    """Σ_xy = diag(1, 0, 0) (d = p = 3), whose SVD admits U = I, and Σ_x commuting with Σ_xyΣ_xyᵀ."""
    Sxy = sympy.diag(1, 0, 0)
    Sx = sympy.Matrix([[1, 0, 0], [0, 2, 1], [0, 1, 2]])
    return Sx, Sxy


@claim("DDyn-Claim-B2-basis", text=r"Since they commute, if $\Sigma_{xy}\Sigma_{xy}^\top$ is diagonal in the basis U "
       r"then so is $\Sigma_x$", expect=Refuted, hyp="Σ_x commutes with Σ_xyΣ_xyᵀ, U from an SVD of Σ_xy")
def b2_basis(ctx):
    Sx, Sxy = _repeated_instance()
    U = sympy.eye(3)
    K = Sxy * Sxy.T
    Dk, Dx = U.T * K * U, U.T * Sx * U
    if Sx * K == K * Sx and Dk.is_diagonal() and not Dx.is_diagonal():
        return Refuted("the matrices commute and U = I (an SVD basis of Σ_xy) diagonalizes Σ_xyΣ_xyᵀ, not Σ_x: "
                       "the eigenvalue 0 of Σ_xyΣ_xyᵀ is repeated", counterexample={
                           "Σ_xy": str(Sxy.tolist()), "Σ_x": str(Sx.tolist()), "U": "I", "UᵀΣ_xU": str(Dx.tolist())})
    return Verified("no counterexample at the instance", exact=True, points=("repeated",), scope="one instance")


@claim("DDyn-Claim-B2-basis/corrected", text=r"Some orthonormal basis (chosen inside each eigenspace of "
       r"$\Sigma_{xy}\Sigma_{xy}^\top$) diagonalizes both", expect=Verified, hyp="they commute")
def b2_basis_corrected(ctx):
    Sx, Sxy = _repeated_instance()

    def entries(name):
        if name == "repeated eigenvalue (d = 3)":
            parts = dl.common_eigenprojectors(Sx, Sxy, weight=3)
            lam_part = Sx - sum((lv * P for P, lv, _ in parts), sympy.zeros(3))
            K = Sxy * Sxy.T - sum((s2 * P for P, _, s2 in parts), sympy.zeros(3))
            return [(f"Σ_x [{k}]", lam_part[k], 0) for k in range(9)] + [(f"K [{k}]", K[k], 0) for k in range(9)]
        return decomposition_entries(*commuting_data())
    return kit.at_sizes(entries, ["repeated eigenvalue (d = 3)", "commuting_data"],
                        what="a joint orthonormal eigenbasis from the moments", names="instance")


@claim("DDyn-Eq53", text=r"$\Sigma_x=U\mathrm{diag}(\lambda_1,\dots,\lambda_d)U^\top$, $\lambda_i\ge0$ (53)",
       expect=Verified, hyp="Assumption 1, U the joint basis", cites=("DDyn-Claim-B2-basis",))
def eq53(ctx):
    """With U the joint basis (DDyn-Claim-B2-basis/corrected): Σ_x = Σ λ_iP_i, λ_i >= 0 (Σ_x = XᵀX/n is PSD)."""
    def entries(name):
        X, Y = commuting_data()
        Sx, Sxy = X.T * X / X.rows, X.T * Y / X.rows
        parts = dl.common_eigenprojectors(Sx, Sxy)
        out = decomposition_entries(X, Y)
        return out + [(f"λ = {lv} >= 0", sympy.Integer(1 if lv < 0 else 0), 0) for _, lv, _ in parts]
    return kit.at_sizes(entries, ["commuting_data"], what="(53) in the joint basis", names="instance")
