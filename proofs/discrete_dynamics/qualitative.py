r"""Abstract, introduction and discussion (spec §3.14).  The claims that say the visited points solve reduced-rank
regression are checked against the exact RRR solver on data where the σ_i and σ_i²/λ_i orders differ (the same
counterexample as DDyn-Cor2: the limits Σ_{i<=k} (σ_i/λ_i)u_iv_iᵀ, reached by the continuous dynamics (Cor 1, 2)
and, for small steps, by the discrete one (Cor 3), are not W^{k,*})."""

from __future__ import annotations

from symflow.claims import Kind, claim, prose_table
from symflow.verdict import Refuted, Verified

from .continuous_deep_limits import SWAPPED, _cor2
from .continuous_linear import PROP1, prop1_minnorm

__all__: list[str] = []

prose_table([
    ("DDyn-Claim-related-Saxe", "The paper obtains a result similar to Saxe et al. (2018) under a weaker assumption, "
     "and a similar result for the discrete dynamics, which cannot be obtained trivially from the continuous one",
     "a comparison with another paper and a judgement of difficulty; the results themselves are DDyn-Thm1, "
     "DDyn-Thm2 and (ddyn-b) DDyn-Thm3"),
    ("DDyn-Claim-discussion", "For linear regression, gradient dynamics visits points that are implicitly "
     "regularized solutions of the initial problem, learning hierarchical components sequentially",
     "a summary without a stated regularizer; the precise versions are DDyn-Cor1, DDyn-Cor2 (refuted as printed, "
     "corrected) and DDyn-Cor3"),
    ("DDyn-Cite-related", "(a)-(e): SGD finds min-norm least squares solutions; max-margin for logistic regression; "
     "min Frobenius/nuclear norm for matrix factorization; deep linear convolutional networks; Saxe et al.",
     "statements about other papers (literature review); nothing of this paper to check"),
])

H_RRR = "vanishing initialization, rescaled time, small step; commuting data with σ and σ²/λ orders different"


@claim("DDyn-Claim-abstract", text="Two-layer linear network, least squares: after time rescaling, vanishing "
       "initialization and small step, discrete gradient dynamics learns components sequentially, these being "
       "solutions of reduced-rank regression with gradually increasing rank", expect=Refuted, kind=Kind.NUMERIC,
       hyp=H_RRR, cites=("DDyn-Cor2",))
@claim("DDyn-Claim-intro-hierarchy", text="The two-layer network learns components sequentially; its path "
       "corresponds to successively solving the regression with a growing low-rank constraint (RRR)",
       expect=Refuted, kind=Kind.NUMERIC, hyp=H_RRR, cites=("DDyn-Cor2",))
@claim("DDyn-Claim-intro-contrib", text="Under a commutativity assumption, the discrete dynamics sequentially learns "
       "solutions of a gradually less regularized reduced-rank regression", expect=Refuted, kind=Kind.NUMERIC,
       hyp=H_RRR, cites=("DDyn-Cor2",))
def rrr_summary(ctx):
    v = _cor2(ctx, SWAPPED, "visited point (rank k) vs reduced-rank regression")
    if isinstance(v, Refuted):
        return Refuted("the points visited between transitions, Σ_{i<=k}(σ_i/λ_i)u_iv_iᵀ, are not the rank-k "
                       "reduced-rank regression solutions when the σ_i and σ_i²/λ_i orders differ: " + v.detail,
                       counterexample=v.counterexample, measured_digits=v.measured_digits)
    return v


@claim("DDyn-Claim-related-minnorm", text="That gradient descent finds the minimum norm solution follows almost "
       "directly from standard least-squares results", expect=Verified, hyp="Prop 1, W0 in span(Xᵀ)",
       cites=("DDyn-Claim-Prop1-minnorm",))
def related_minnorm(ctx):
    return prop1_minnorm(ctx.with_statement(PROP1))
