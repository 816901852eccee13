r"""Appendix A and §3.1 (spec §3.7, §3.3 DDyn-Claim-AE-PCA, §3.6): the two-layer linear autoencoder (Y = X).

Gradients (44) are compared with the derivative of the loss; (45)–(47) are checked at exact points satisfying the
hypotheses (W_2(0) = W_1(0)ᵀ, [W_1(0)W_2(0), Σ_x] = 0); the symmetry of the iterates is run in exact rationals
(discrete) and at high precision (continuous); the limit (48) comes from the closed-form modes (σ_i = λ_i).
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational as R

from symflow import deep_linear as dl
from symflow.claims import Kind, Statement, cite_table, claim, kit
from symflow.integrate import solve
from symflow.precision import precision
from symflow.verdict import Refuted, Verified

from ._continuous import A_, B_, SX_, U3

__all__: list[str] = []

cite_table({"DDyn-Eq43": "the two-layer autoencoder problem (43) (a definition); its gradients are DDyn-Eq44",
            "DDyn-Eq42": "the reconstruction error ||W^{(t)} - BDBᵀ||_2 plotted in Figure 2 (a definition; Figure 2 "
                         "and its data are the ddyn-b lane)"})

LAMS = (R(4), R(1), R(1, 2))
H_AE = "Y = X (autoencoder), L = 2"


def _ae_loss_grads(d, r):
    n = 2
    X = sympy.Matrix(n, d, lambda i, j: sympy.Symbol(f"x{i}{j}"))
    W1 = sympy.Matrix(d, r, lambda i, j: sympy.Symbol(f"a{i}{j}"))
    W2 = sympy.Matrix(r, d, lambda i, j: sympy.Symbol(f"b{i}{j}"))
    res = X - X * W1 * W2
    f = sum((e ** 2 for e in res), sympy.Integer(0)) / (2 * n)
    return X.T * X / n, W1, W2, W1.applyfunc(lambda s: sympy.diff(f, s)), W2.applyfunc(lambda s: sympy.diff(f, s))


EQ44 = Statement(grad2=A_.T * (SX_ * A_ * B_ - SX_), grad1=(SX_ * A_ * B_ - SX_) * B_.T)


@claim("DDyn-Eq44", text=r"$\nabla f_{W_2}=W_1^\top(\Sigma_xW_1W_2-\Sigma_x)$, $\nabla f_{W_1}=(\Sigma_xW_1W_2-\Sigma_x)"
       r"W_2^\top$ (44)", expect=Verified, statement=EQ44, hyp=H_AE)
def eq44(ctx):
    def build(d, r):
        Sx, W1, W2, G1, G2 = _ae_loss_grads(d, r)
        sub = {SX_: sympy.ImmutableMatrix(Sx), A_: sympy.ImmutableMatrix(W1), B_: sympy.ImmutableMatrix(W2)}
        p1, p2 = sympy.Matrix(ctx.s.grad1.xreplace(sub).doit()), sympy.Matrix(ctx.s.grad2.xreplace(sub).doit())
        return ([(f"∇W1 [{k}]", G1[k], sympy.expand(p1[k])) for k in range(len(G1))]
                + [(f"∇W2 [{k}]", G2[k], sympy.expand(p2[k])) for k in range(len(G2))])
    return kit.at_sizes(build, [(2, 1), (3, 2)], what="(44) against the derivative of (43), symbolic X (n=2)",
                        names="(d, r)")


def _hyp_point():
    """W1(0) = U[:, :2] diag(c1, c2) (so W1W1ᵀ commutes with Σ_x = U diag(λ) Uᵀ), W2(0) = W1(0)ᵀ; c symbolic."""
    c = sympy.symbols("c1 c2")
    W1 = U3[:, :2] * sympy.diag(*c)
    return U3 * sympy.diag(*LAMS) * U3.T, W1, W1.T


EQ45 = Statement(gM=A_.T * (SX_ * A_ * B_ - SX_))
EQ46 = Statement(lhs=A_.T * (SX_ * A_ * B_ - SX_), rhs=((SX_ * A_ * B_ - SX_) * B_.T).T)


def _at_hyp(expr):
    Sx, W1, W2 = _hyp_point()
    return sympy.Matrix(expr.xreplace({SX_: sympy.ImmutableMatrix(Sx), A_: sympy.ImmutableMatrix(W1),
                                       B_: sympy.ImmutableMatrix(W2)}).doit()).applyfunc(sympy.expand)


def _grads_at_hyp():
    """∇_{W_1}, ∇_{W_2} of (43) at the hypothesis point, from the derivative of the loss in the moments."""
    Sx, W1, W2 = _hyp_point()
    A = sympy.Matrix(3, 2, lambda i, j: sympy.Symbol(f"a{i}{j}"))
    B = sympy.Matrix(2, 3, lambda i, j: sympy.Symbol(f"b{i}{j}"))
    f = dl.moment_loss([A, B], Sx, Sx)
    sub = {**{A[k]: W1[k] for k in range(6)}, **{B[k]: W2[k] for k in range(6)}}
    return (A.applyfunc(lambda s: sympy.expand(sympy.diff(f, s).xreplace(sub))),
            B.applyfunc(lambda s: sympy.expand(sympy.diff(f, s).xreplace(sub))))


SCOPE_HYP = "exact at W1(0) = U[:, :2]diag(c1, c2) (c symbolic), W2(0) = W1(0)ᵀ, Σ_x = U diag(4, 1, 1/2)Uᵀ, d = 3"


@claim("DDyn-Eq45", text=r"$\nabla f_M(W_2^{(0)},W_1^{(0)})=(W_1^{(0)})^\top(\Sigma_xW_1^{(0)}W_2^{(0)}-\Sigma_x)$ (45)",
       expect=Verified, statement=EQ45, hyp="W2(0) = W1(0)ᵀ, [W1(0)W2(0), Σ_x] = 0")
def eq45(ctx):
    _, G2 = _grads_at_hyp()
    p = _at_hyp(ctx.s.gM)
    return kit.at_sizes(lambda name: [(f"[{k}]", G2[k], p[k]) for k in range(6)], [SCOPE_HYP],
                        what="(45) against the derivative of the loss", names="point")


@claim("DDyn-Eq46", text=r"$=((\Sigma_xW_1^{(0)}W_2^{(0)}-\Sigma_x)(W_2^{(0)})^\top)^\top$ (46)", expect=Verified,
       statement=EQ46, hyp="W2(0) = W1(0)ᵀ, [W1(0)W2(0), Σ_x] = 0")
def eq46(ctx):
    lhs, rhs = _at_hyp(ctx.s.lhs), _at_hyp(ctx.s.rhs)
    return kit.at_sizes(lambda name: [(f"[{k}]", lhs[k], rhs[k]) for k in range(len(lhs))], [SCOPE_HYP],
                        what="(45) = (46) under the hypotheses", names="point")


EQ47 = Statement(rhs=((SX_ * A_ * B_ - SX_) * B_.T).T)


@claim("DDyn-Eq47", text=r"$=\nabla f_N(W_2^{(0)},W_1^{(0)})^\top$ (47)", expect=Verified, statement=EQ47,
       hyp="W2(0) = W1(0)ᵀ, [W1(0)W2(0), Σ_x] = 0")
def eq47(ctx):
    G1, _ = _grads_at_hyp()
    p = _at_hyp(ctx.s.rhs)
    return kit.at_sizes(lambda name: [(f"[{k}]", G1.T[k], p[k]) for k in range(6)], [SCOPE_HYP],
                        what="(46) against the transposed derivative in W1", names="point")


def _symmetric_start():
    W1 = U3[:, :2] * sympy.diag(R(1, 3), R(1, 5))
    return U3 * sympy.diag(*LAMS) * U3.T, W1, W1.T


@claim("DDyn-Claim-AE-symmetry", text=r"By recurrence $W_1^{(t)}=(W_2^{(t)})^\top$ (discrete); by Cauchy–Lipschitz "
       r"$W_1(t)=W_2(t)^\top$ (continuous)", expect=Verified, kind=Kind.NUMERIC,
       hyp="W2(0) = W1(0)ᵀ, [W1(0)W2(0), Σ_x] = 0")
def ae_symmetry(ctx):
    """Discrete: 6 exact steps of (34) with η = 1/10.  Continuous: the matrix flow to T = 1, |W1 - W2ᵀ| at the
    measured digits."""
    Sx, W1, W2 = _symmetric_start()
    eta = R(1, 10)
    for step in range(6):
        G = Sx * W1 * W2 - Sx
        W1, W2 = W1 - eta * G * W2.T, W2 - eta * W1.T * G
        if W1 != W2.T:
            return Refuted(f"W1 != W2ᵀ after {step + 1} exact steps", counterexample={"step": step + 1,
                                                                                       "W1": str(W1.tolist())})
    Sx, W1, W2 = _symmetric_start()
    layers, variables, rhs = dl.matrix_flow((3, 2, 3), Sx, Sx)
    T = R(1, 2) if ctx.fast else R(1)
    sol = solve(rhs, variables, list(W1) + list(W2), T, dps=ctx.dps)
    with precision(ctx.dps):
        y = list(sol.y1)
        gap = max(abs(y[3 * 0 + 0] * 0 + y[i * 2 + j] - y[6 + j * 3 + i]) for i in range(3) for j in range(2))
        if gap > kit.tolerance(sol.digits):
            return Refuted("W1(T) != W2(T)ᵀ", measured_digits=sol.digits, counterexample={"gap": kit.nstr(gap, 10)})
    return Verified(f"discrete: W1 = W2ᵀ exactly for 6 steps; continuous: max |W1 - W2ᵀ| = {kit.nstr(gap, 3)} at "
                    f"T = {T} ({sol.digits} measured digits)", n_digits=sol.digits, points=("d = 3, r = 2",),
                    dps=ctx.dps, scope=f"exact for 6 GD steps, numeric to T = {T}; d = 3, r = 2, Σ_x = U diag(4, 1, "
                    "1/2)Uᵀ")


# ----------------------------------------------------------------------------------------------- (48), PCA

def _limit_objective(modes):
    """½ Σ_{i not in modes} λ_i: (43) at the limit projector onto the eigenvectors ``modes`` (each mode's closed form
    w(t) -> σ/λ = 1 when started in (0, 1), stays 0 when started at 0)."""
    return sum((LAMS[i] for i in range(3) if i not in modes), sympy.Integer(0)) / 2


EQ48 = Statement(optimum=(LAMS[2]) / 2)      # min of (43) over rank <= 2: ½ × (smallest eigenvalue)


@claim("DDyn-Eq48", text=r"The limit solution satisfies $W_1^*\in\arg\min\frac1{2n}\|X-XW_1W_1^\top\|^2$ (48)",
       expect=Refuted, statement=EQ48, hyp="Appendix A hypotheses (symmetric, commuting initialization), r = 2")
def eq48(ctx):
    """Start W1(0) on the eigenvectors u_2, u_3 (allowed: W1W1ᵀ commutes with Σ_x): the modes converge to the
    projector on u_2, u_3, whose loss ½λ_1 exceeds the minimum ½λ_3."""
    got, best = _limit_objective((1, 2)), ctx.s.optimum
    if got != best:
        return Refuted("the limit is the projector on the initial eigenvectors (u_2, u_3), not the PCA solution",
                       counterexample={"Σ_x eigenvalues": str(LAMS), "W1(0)": "U[:, 1:3] diag(1/3, 1/5)",
                                       "loss at the limit": str(got), "minimum of (48)": str(best)})
    return Verified("the limit attains the minimum", exact=True, points=("u2, u3",), scope="one initialization")


@claim("DDyn-Eq48/corrected", text="The limit is the projector onto the eigenvectors spanned by W1(0); it solves "
       "(48) when those are the top-r eigenvectors", expect=Verified, statement=EQ48,
       hyp="Appendix A hypotheses, W1(0) on the top-r eigenvectors")
def eq48_corrected(ctx):
    got = _limit_objective((0, 1))
    # the minimum over projectors of rank 2: drop the smallest eigenvalue (checked against all 3 choices)
    best = min(_limit_objective(s) for s in ((0, 1), (0, 2), (1, 2)))
    if got == best == ctx.s.optimum:
        return Verified("limit projector on u_1, u_2 attains the minimum ½λ_3 of (48) among the rank-2 eigen-projectors",
                        exact=True, points=("u1, u2",), scope="exact, d = 3, r = 2, λ = (4, 1, 1/2)")
    return Refuted("the limit does not attain the encoded minimum", counterexample={"limit": str(got),
                                                                                  "printed minimum": str(ctx.s.optimum)})


@kit.cached
def _pca_run(dps: int, T):
    """The autoencoder flow (d = 3, r = 1) from a generic small symmetric initialization."""
    Sx = U3 * sympy.diag(*LAMS) * U3.T
    layers, variables, rhs = dl.matrix_flow((3, 1, 3), Sx, Sx)
    v = sympy.Matrix([R(1, 10), R(-1, 20), R(1, 30)])
    return solve(rhs, variables, list(v) + list(v.T), T, dps=dps), U3[:, 0] * U3[:, 0].T


@claim("DDyn-Claim-AE-PCA", text=r"The linear autoencoder is a form of PCA; initializing $W_1=W_2^\top$, the gradient "
       "dynamics recovers exactly the PCA of X", expect=Verified, kind=Kind.NUMERIC, hyp=H_AE + ", r = 1")
def ae_pca(ctx):
    """The distance of W1(T)W2(T) to the top principal projector at two horizons: it must fall by a factor >= 10
    (exponential convergence, rate measured) and be small at the later one."""
    Ts = (5, 10) if ctx.fast else (10, 20)
    errs, digs = [], []
    for T in Ts:
        sol, P = _pca_run(ctx.dps, T)
        with precision(ctx.dps):
            y = list(sol.y1)
            errs.append(max(abs(y[i] * y[3 + j] - kit.mp(P[i, j])) for i in range(3) for j in range(3)))
        digs.append(sol.digits)
    with precision(ctx.dps):
        rate = mpmath.log(errs[0] / errs[1]) / (Ts[1] - Ts[0])
        digits = max(1, min(min(digs), int(-mpmath.log10(errs[1]))))
        if not (errs[1] * 10 <= errs[0] and errs[1] < mpmath.mpf(1) / 100):
            return Refuted("W1W2 does not approach the top principal projector", counterexample={
                "T": str(Ts), "distance": [kit.nstr(e, 5) for e in errs]})
    return Verified(f"distance of W1W2 to the top principal projector: {kit.nstr(errs[0], 3)} at T = {Ts[0]}, "
                    f"{kit.nstr(errs[1], 3)} at T = {Ts[1]} (exponential, rate {kit.nstr(rate, 3)})", n_digits=digits,
                    points=("W1(0) = W2(0)ᵀ = (1/10, -1/20, 1/30)ᵀ",), dps=ctx.dps,
                    scope=f"numeric, d = 3, r = 1, λ = (4, 1, 1/2), one generic symmetric initialization, T = {Ts}")
