r"""Definitions and context of the deep-diagonal source (spec §1, §2, §3.13, §4 diagrams): cited, not checked.

Each entry says where symflow builds the object, or why it carries no verdict (a definition, a diagram, a result of
prior work).  A definition with a misprint says so and points to the claims that test its consequences.
"""

from __future__ import annotations

from symflow.claims import cite_table

__all__ = ["CITATIONS"]

CITATIONS: dict[str, str] = {
    "DD-Def-Int": "notation [L] / [[a, b]]: Python ranges in this module",
    "DD-Def-Hadamard": "componentwise product: the outputs of symflow.families.uv / deep_diagonal",
    "DD-Def-HadPow": "componentwise power: symflow.families.power(L, d)",
    "DD-Def-BigOdot": "product over layers: symflow.families.deep_diagonal(L, d) outputs",
    "DD-Def-Componentwise": "componentwise maps: applied per coordinate in the checks of proofs/deep_diagonal/",
    "DD-Def-Jacobian": "symflow.parameterization.Parameterization.jacobian() (d x D)",
    "DD-Def-Misc": "notation (#, %, 1, floor, diag): no verdict",
    "DD-Eq2": "the 'available' problem min_u L̃(u): a definition (the loss composed with a Parameterization)",
    "DD-Def-Reparam": "θ = q(u): symflow.parameterization.Parameterization(params, outputs)",
    "DD-Eq3": "the 'hidden' problem min_θ L(θ): a definition (the loss of symflow.flows)",
    "DD-S1.2-ShallowEx": "an example (q(W, v) = Wᵀv), not a claim; shallow nets are symflow.families.deep_linear",
    "DD-Def-DDLN": "symflow.families.deep_diagonal(L, d)",
    "DD-Def-DLN": "symflow.families.uv(d)",
    "DD-Eq4": "the gradient flow on the layers (definition): x' = -∂Gᵀ∇L, built in _network.dd() and symflow.flows."
              "gradient_flow; (5) is derived from it (DD-Eq5)",
    "DD-Def-GradJ": "partial gradient w.r.t. layer j: rows of Parameterization.jacobian()",
    "DD-EqA": "assumption (A): symflow.strategies.satisfies_A / init_satisfying_A / init_violating_A; hypothesis of "
              "DD-Prop1.2, DD-Thm1, DD-Thm2 (see DD-S2.1-Arandom)",
    "DD-Def-Balanced": "context definition (Arora et al. 2019), not used by any check",
    "DD-Def-v": "permuted layers v^j: _network.argmin_layers(); misprint: the printed argmin_k |u^j_i(0)| should read "
                "argmin_k |u^k_i(0)| (docs/errata.md)",
    "DD-Def-Delta": "Δ_j = v^j(0)^2 - v^1(0)^2, built in simplified.py and thm1.py; misprint: 'for any j ∈ [d]' "
                    "should read j ∈ [L] (docs/errata.md)",
    "DD-Def-DeltaL2": "Δ for L = 2: the case L = 2 of DD-Def-Delta",
    "DD-Def-Mt": "M(t) = diag(Σ_j Π_{k≠j} (u^k_i)^2): _network.m_diag(); equals the metric J Jᵀ of "
                 "Parameterization.metric() for deep_diagonal",
    "DD-Def-kiSigma": "k_i and σ: _network.argmin_layers() and _network.sigma()",
    "DD-Def-PL": "PL inequality with μ; for least squares μ = 2λ⁺_min(XᵀX): _network.ls_optimum()",
    "DD-Def-MirrorFlow": "mirror flow d∇Q(θ)/dt + ∇L = 0: symflow.flows.mirror_flow",
    "DD-Def-Stack": "stacked vector u: the parameter order of symflow.families.deep_diagonal (coordinate-major)",
    "DD-Eq10": "G_i(w) = Π_{j=(i-1)L+1}^{iL} w_j: symflow.families.deep_diagonal(L, d) with DD-Def-Stack ordering",
    "DD-Eq33": "the set M (definition); misprint: the window w_{(i-1)L+(j-1)}, j ∈ [L], is shifted by one (index 0 "
               "does not exist); its consequences are the claims DD-SA.4-AinM and DD-SA.4-Rank (refuted as printed, "
               "/corrected proved)",
    "DD-Def-Commuting": "symflow.lie.is_commuting",
    "DD-Def-Regular": "symflow.parameterization.regularity",
    "DD-Def-K": "K^i_j: the non-zero entries of the Jacobian, checked by DD-SA.4-Jacobian",
    "DD-Def-Li35": "Li et al. 2022 Assumption 3.5 (not reproduced in 000); see DD-SA.4-Li35",
    "DD-Def-Xi": "ξ(t) = -∫∇L: integrated as an extra state ξ' = -∇L (_network.dd_system(xi=True))",
    "DD-Def-Psi": "Ψ of (17): checked through DD-Eq17 / DD-Eq26",
    "DD-Def-ImplicitBias": "definition of 'implicitly biased towards Q' (= (18)); symflow.potentials.bregman_projection",
    "DD-Eq18": "definition of the implicit bias θ∞ = argmin_{Xθ=y} Q(θ); checked for A.1 by DD-SA.1-GradQ/limit",
    "DD-Def-Delta0": "Δ0 = |u(0)^2 - v(0)^2|: appendix_a12.py",
    "DD-Def-Zpm": "(z+, z-) = (u + v, u - v): DD-Eq24",
    "DD-Def-PsiA3": "Ψ of (29): checked through DD-Eq29 and DD-SA.3-Psiinv",
    "DD-SA.1-Setting": "setting of A.1 (θ = u⊙v, L(θ) minimal when Xθ = y): symflow.families.uv",
    "DD-SA.3-Setting": "setting of A.3 (θ = u^L, L > 2, L(θ) = ℓ(Xθ - y)): symflow.families.power",
    "DD-Eq1": "context (Gunasekar et al. 2017, matrix factorization objective); part of DD-Ctx-1",
    "DD-Ctx-1": "context: Gunasekar et al. 2017 (matrix factorization, nuclear-norm bias)",
    "DD-Ctx-2": "context: Arora et al. 2018, 2019 (acceleration, nuclear-norm bias)",
    "DD-Ctx-3": "context: Woodworth et al. 2020, Moroshko et al. 2020 (kernel/rich regimes)",
    "DD-Ctx-4": "context: layers vs sparsity in the simplified L-layer model",
    "DD-Ctx-5": "context: Hadamard parameterization literature",
    "DD-Ctx-6": "context: mirror-flow literature (Li et al. 2022: symflow.lie / potentials implement its notions)",
    "DD-Ctx-7": "context: weight normalization literature",
    "DD-Ctx-Yun": "context: Yun et al. 2021 (tensor formulation); open question as stated",
    "DD-Ctx-SlowInit": "context: slow training at small initialization in prior work",
    "DD-Fig-1": "diagram of the Diagonal Linear Network (d = 4, two layers): symflow.families.uv(4); no computation",
    "DD-Fig-2": "diagram of the Deep Diagonal Linear Network (d = 5): symflow.families.deep_diagonal(L, 5); "
                "no computation",
}


cite_table(CITATIONS)
