r"""§3.1 and App. B.3 assumptions (spec §2): the commutation assumption, why it is weaker than Σ_x = I, symmetry,
the rescaling remark of footnote 1; Assumption 2 is truncated in the source."""

from __future__ import annotations

import sympy

from symflow.claims import cite_table, claim, kit, prose_table
from symflow.verdict import Proved, Refuted

from ._continuous import COMMUTING, MODE_ARG, SXY_, kdim, lam, m, mode_flow, n, sigma
from symflow import deep_linear as dl

__all__: list[str] = []

cite_table({"DDyn-Ass1": "Assumption 1: Σ_xyΣ_xyᵀ and Σ_x commute (an assumption); instances satisfying it are "
                         "built by symflow.deep_linear.commuting_moments and _continuous.commuting_data",
            "DDyn-Def-approx-commute": "approximate commutation (23) (a definition); measured by Δ_xy of (41)",
            "DDyn-Eq23": "the condition ||[Σ̂_xyΣ̂_xyᵀ, Σ̂_x]||_2 << 1 with normalized moments (a definition of "
                         "'approximately verified'; no threshold); its value on data is Table 1 (ddyn-b)"})
prose_table([
    ("DDyn-Ass2", "Assumption 2: Σ_x can be approximately diagonalized, Σ_x = U(Σ̃)Uᵀ, [Σ̃]_ii := λ_i > max_{j≠i} …",
     "the statement is truncated in the source (it stops after 'max_{j≠i}'): no complete condition to check"),
    ("DDyn-Eq69", "Σ_x = U(Σ̃)Uᵀ (69)", "part of the truncated Assumption 2: the display alone holds for every "
     "symmetric Σ_x with Σ̃ := UᵀΣ_xU, and the condition on Σ̃ that would give it content is missing"),
])

I_k = sympy.Identity(kdim)


@claim("DDyn-Claim-Ass1-weaker", text=r"Assumption 1 is weaker than $\Sigma_x=I_d$ (every matrix commutes with I)",
       expect=Proved, hyp="Σ_x = XᵀX/n")
def ass1_weaker(ctx):
    """[K, I] = 0 for every K (matrix symbols), and the COMMUTING instance satisfies Assumption 1 with Σ_x != cI."""
    K = SXY_ * SXY_.T
    if sympy.expand((K * I_k - I_k * K).doit()) not in (0, sympy.ZeroMatrix(kdim, kdim)):
        return Refuted("I does not commute", counterexample={"K": str(K)})
    c = COMMUTING
    Sx, Sxy = dl.commuting_moments(c["U"], c["V"], c["sigma"], c["lam"])
    Kc = Sxy * Sxy.T
    if Sx * Kc == Kc * Sx and Sx != Sx[0, 0] * sympy.eye(3):
        return Proved("Σ_x = I implies Assumption 1 (matrix symbols, every size); strictly weaker: an exact witness "
                      "with Σ_x = U diag(4, 1/2, 1)Uᵀ commuting with Σ_xyΣ_xyᵀ", certificate={"witness": "COMMUTING"})
    return Refuted("no strict witness", counterexample={})


@claim("DDyn-Claim-symmetric-diag", text=r"$\Sigma_{xy}\Sigma_{xy}^\top$ and $\Sigma_x$ are real symmetric, hence "
       "orthonormally diagonalizable; two diagonalizable matrices commute iff simultaneously diagonalizable",
       expect=Proved, hyp="Σ_x = XᵀX/n, Σ_xy = XᵀY/n", cites=("DDyn-Prop2",))
def symmetric_diag(ctx):
    """Symmetry as matrix-symbol identities (every n, d, p); the rest is the spectral theorem and DDyn-Prop2."""
    N = sympy.Symbol("N", integer=True, positive=True)
    X = sympy.MatrixSymbol("X", N, kdim)
    Y = sympy.MatrixSymbol("Y", N, kdim)
    Sx, Sxy = X.T * X / N, X.T * Y / N
    for M in (Sx, Sxy * Sxy.T):
        if sympy.expand((M - M.T).doit()) not in (0, sympy.ZeroMatrix(kdim, kdim)):
            return Refuted("not symmetric", counterexample={"M": str(M)})
    return Proved("Σ_x and Σ_xyΣ_xyᵀ equal their transposes (matrix symbols); orthonormal diagonalization is the "
                  "spectral theorem, the equivalence is DDyn-Prop2 (cited)", certificate={"symmetric": "both"})


@claim("DDyn-Cite-Saxe-rescale", text=r"By rescaling the data, the proof of Saxe et al. holds for any "
       r"$\Sigma_x$ proportional to the identity", expect=Proved, hyp="Σ_x = cI, c > 0")
def saxe_rescale(ctx):
    """With Σ_x = cI (λ = c) the mode flow is c times the flow with λ = 1 and σ -> σ/c: the rescaled time t' = ct
    gives Saxe's setting (Σ_x = I) with Σ_xy/c."""
    c = sympy.Symbol("c", positive=True)
    flow = mode_flow()
    entries = []
    for x in (n, m):
        entries.append((f"{x}' with λ = c", flow[x].subs(lam, c), c * flow[x].subs({lam: 1, sigma: sigma / c})))
    return kit.identities(entries, argument=MODE_ARG + "; symbolic c > 0", what="time rescaling by c")
