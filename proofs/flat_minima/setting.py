r"""§1-2 of the FM spec: model, data, risk, the settings of Parts II and III, assumptions (definitions: cited where
symflow builds the object) and the one claim of the setting, FM-Claim-RI-scalings.
"""

from __future__ import annotations

import sympy
from sympy import Symbol

from symflow.claims import IMPLIED, Kind, Statement, cite_table, claim
from symflow.verdict import Refuted, Verified

cite_table({
    "FM-Def-model": "deep linear network p^T W_L...W_1 x: symflow.families.deep_linear(dims, p=True); "
                    "symflow.sharpness.end_to_end",
    "FM-Def-settings": "MLP (d_L = 1, p = 1) and residual (square layers near I): the instances of "
                       "proofs/flat_minima/_model.py and part3_residual",
    "FM-Def-data": "X, y, pi* = least-squares solution: symflow.sharpness.least_squares_problem",
    "FM-Def-risk": "R^L = (1/n)||y - X W_1^T...W_L^T p||^2 = R_min + (pi - pi*)^T Sigma (pi - pi*): "
                   "symflow.sharpness.risk_gap (identity checked in FM-Claim-same-function)",
    "FM-Def-opt": "min over W of R^L: its minimizers are built by symflow.sharpness.minimizer",
    "FM-Def-GD": "W_{t+1} = W_t - eta grad R^L(W_t): symflow.sharpness.descend",
    "FM-Def-sharpness": "largest Hessian eigenvalue: symflow.sharpness.sharpness / power_sharpness",
    "FM-Def-Smin": "inf of S over argmin R^L: bounded by symflow.sharpness.minimizer_sharpness over minimizers; "
                   "exact in width 1 (_model.exact_smin)",
    "FM-Def-a": "a = u^T Sigma u, u = pi*/||pi*|| (both printed forms are the same number): _model.values",
    "FM-Def-eigs": "lambda, Lambda = extreme eigenvalues of Sigma: _model.values",
    "FM-Def-undefined-symbols": "notation note of the spec (symbols used undefined); the readings taken are stated "
                                "in the claims that use them",
    "FM-Def-SI-model": "W_L...W_1 x with d_L = 1: symflow.families.deep_linear(dims) with dims[-1] = 1",
    "FM-Def-SI-risk": "the risk of FM-Def-risk with p = 1",
    "FM-Def-GF": "gradient flow dW_k/dt = -dR/dW_k: integrated by symflow.integrate.solve in part2_small_init",
    "FM-Def-svd": "first singular triple of W_k: mpmath.svd_r in part2_small_init",
    "FM-Def-eps": "epsilon of the initialization: part2_small_init.epsilon",
    "FM-Def-recursions": "the two recursions h_{k+1} = f(h_k, V) and h_k + f(h_k, V): context of Part III",
    "FM-Def-linear-residual": "W = I + V: part3_residual (FM-Claim-residual-equivalence)",
    "FM-Def-RI-model": "p^T W_L...W_1 x with square layers: symflow.families.deep_linear((d,)*(L+1), p=True)",
    "FM-Def-RI-init": "W_k(0) = I + s/sqrt(Ld) N_k: part3_residual",
    "FM-Ass-fullrank": "assumption (Sigma full rank): every instance has Sigma positive definite "
                       "(symflow.sharpness.least_squares_problem refuses a singular one)",
    "FM-Ass-SI-init": "assumption on the initialization (R(0) <= ||y||^2/n, grad R(0) != 0): checked on each "
                      "initialization used in part2_small_init",
})

s, d, Lsym, x2 = (Symbol(n, positive=True) for n in ("s", "d", "L", "x2"))
# the scale multiplies a standard Gaussian N_k, whose law is symmetric: its sign is immaterial
RI_SCALE = Statement(scale=s / sympy.sqrt(Lsym * d)).sign_free("scale")


@claim("FM-Claim-RI-scalings", text=r"$W_k(0) = I + \frac{s}{\sqrt{Ld}}N_k$: $1/\sqrt d$ is the right scaling "
       r"in the large-width limit and $1/\sqrt L$ the right scaling in the large-depth limit",
       expect=Verified, kind=Kind.SYMBOLIC, statement=RI_SCALE, cites=("FM-Def-RI-init",),
       hyp="reading: 'right' = the forward signal's second moment E||W_L...W_1 x||^2 / ||x||^2 has a finite limit, "
           "different from 1 (the perturbation neither vanishes nor explodes), as d -> oo and as L -> oo")
def ri_scalings(ctx):
    r"""With independent standard Gaussian :math:`N_k` and scale :math:`c`, :math:`E\|(I + cN)x\|^2 = (1 + c^2d)
    \|x\|^2` (cross term 0, :math:`E\|Nx\|^2 = d\|x\|^2`), so the product's second moment is :math:`m = (1 +
    c^2d)^L`.  For the printed :math:`c = s/\sqrt{Ld}`, :math:`m = (1 + s^2/L)^L`: independent of d and
    :math:`\to e^{s^2}` as :math:`L\to\infty` (finite, not 1).  The check computes m from the statement's scale and
    takes both limits exactly with SymPy."""
    c = ctx.s.scale
    m = (1 + c ** 2 * d) ** Lsym
    lim_d = sympy.limit(m.subs(Lsym, 7), d, sympy.oo)
    lim_L = sympy.limit(m.subs(d, 5), Lsym, sympy.oo)
    ok = [v.is_finite and v.is_positive and sympy.simplify(v - 1) != 0 for v in (lim_d, lim_L)]
    info = {"second moment": str(m), "limit d->oo (L = 7)": str(lim_d), "limit L->oo (d = 5)": str(lim_L)}
    info = {**info, IMPLIED: "the sign of the scale is immaterial: -N_k has the law of N_k"} if (
        ctx.mutating and ctx.printed is not None and sympy.simplify(c ** 2 - ctx.printed.scale ** 2) == 0) else info
    if all(ok):
        return Verified("E||W_L...W_1 x||^2/||x||^2 = " + str(sympy.simplify(m)) + f" -> {lim_d} (d->oo), "
                        f"{lim_L} (L->oo): finite and != 1 in both limits", exact=True,
                        points=("symbolic s, exact limits",), scope="exact second-moment computation; limits at "
                        "L = 7 (d -> oo) and d = 5 (L -> oo) for symbolic s", method="SymPy limit", info=info)
    return Refuted("a limit of the forward second moment is 0, 1 or infinite: the scaling is not 'right'",
                   counterexample=info)
