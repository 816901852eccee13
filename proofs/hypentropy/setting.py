r"""§1 (setting, spec §1.1–1.2) and the definitions of spec §2: citations where symflow builds the objects, and the two
claims of the setting (the network's representation, the well-posedness of its gradient flow).

Also holds ``PENDING`` for this half of the HY catalogue (spec §1, §2, §3.1, §3.2) while it is being written.
"""

from __future__ import annotations

from symflow.claims import cite_table

__all__ = ["PENDING"]

cite_table({
    "HY-Def-LS": "the data X (n x d, rank n < d), y and F = |X beta - y|^2 / 2: proofs/hypentropy/_least_squares.py "
                 "(DESIGNS, loss) and symflow.flows.least_squares",
    "HY-Def-Potential": "a Legendre phi with grad phi(D) = R^d (printed 'R^{d^2}' in the dump: a misprint, read R^d "
                        "as in the proof of Thm 2.2); the potentials of proofs/hypentropy/_least_squares.POTENTIALS",
    "HY-Def-MirrorFlow": "symflow.flows.mirror_flow_expr (closed-form phi; Taylor jet), used by "
                         "proofs/hypentropy/_instances.run",
    "HY-Def-Bregman": "D_phi: proofs/hypentropy/_least_squares.bregman and the placeholder DPhi; "
                      "symflow.potentials.bregman for derived potentials",
    "HY-Def2.1": "argmin/arginf over D and its closure: the minimizers {X beta = y} (rank n) used by "
                 "symflow.potentials.affine_kkt; border cases in proofs/hypentropy/implicit_bias_border.py",
    "HY-Def-Ball": "B_{beta*}(r) and T_0: built in proofs/hypentropy/local_rates.py (ball samples, hitting time)",
    "HY-Def-DF": "D_F: the placeholder DF of proofs/hypentropy/_least_squares.py, evaluated from this definition",
    "HY-Def-Loj": "the theta-Lojasiewicz condition: the hypothesis part of HY-Lem2.5's statement",
    "HY-Def-OpNorm": "||X^{T dagger}||_op = 1/sigma_min(X) for Euclidean norms: proofs/hypentropy/local_rates_linear.py",
    "HY-Def-Net": "the fixed-direction ReLU network: symflow.families.fixed_direction_relu; row form in "
                  "proofs/hypentropy/setting.py (HY-S3.1-Goal)",
    "HY-Def-NetLoss": "square loss of the network and its gradient flow: HY-S3-WellDef in this module",
    "HY-Def3.1": "the 1-d alpha-hypentropy: proofs/hypentropy/_least_squares.hypentropy (alpha = 0: x log x - x + 1)",
    "HY-Def3.2": "the k-dimensional hypentropy (sum of 1-d ones): _least_squares.Potential(kind='hyp')",
    "HY-Def-X34": "X_ij = (<theta_j, x_i>)_+: the design of Thm 3.4 / Lemma 3.5 (proofs/hypentropy, second half)",
    "HY-Def-Kappa1": "kappa_1 = (L_phi ||X^{T dagger}||^2)^{-1}: computed in proofs/hypentropy/local_rates_linear.py",
    "HY-Def-Kappa2": "kappa_2 = (C_phi^2 ||X^{T dagger}||^2)^{-1}, c = 1/D_phi(beta*, beta(T0)): "
                     "proofs/hypentropy/local_rates_sublinear.py",
    "HY-Def-R": "R = inf_i r_i: used by Lemmas 3.6-3.7 (second half of the HY catalogue)",
    "HY-Def-C": "C = 2m log(1 + 2M/(m inf_i r_i)): used by Lemma 3.7 (second half of the HY catalogue)",
    "HY-Def-qa": "q_i = a_i^2 + b_i^2, alpha_i = a_i b_i: notation of the proof of Lemma 3.5 (second half)",
    "HY-Def-yi": "y_i(t) = sum_j beta_j (<theta_j, x_i>)_+: notation of the proof of Thm 3.4 (second half)",
    "HY-Def-fA2": "the objective f(a, b) of Lemma A.2 (second half of the HY catalogue)",
    "HY-Def-K": "the cone K and slices S_j of the proof of Lemma A.2 (second half of the HY catalogue)",
    "HY-Def-delta": "residuals delta_i and mu_j of the proof of Lemma A.2 (second half of the HY catalogue)",
    "HY-Def-L54": "the operator norm L of §5.4 (second half of the HY catalogue)",
    "HY-Fn1": "definition of Legendre type (strictly convex, differentiable, |grad phi| -> oo at the border): "
              "checked for the hypentropy by symflow.potentials.legendre_properties (HY-Lem3.3)",
})

# Spec IDs of this half (spec §1, §2, §3.1, §3.2) not encoded yet: a to-do list, never a verdict.
PENDING: tuple[str, ...] = ("HY-S3-WellDef", "HY-S3.1-Goal")
