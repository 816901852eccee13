r"""§2 of the paper (spec §1): data, the linear and deep linear models, least squares, reduced-rank regression and
the gradient dynamics.  Definitions are cited where the objects are built; the claims are checked exactly on
symbolic or rational data (sizes listed in each scope) or at high precision.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational as R

from symflow import deep_linear as dl
from symflow.claims import Kind, cite_table, claim, kit, prose_table
from symflow.precision import precision
from symflow.verdict import Proved, Refuted, Verified

from ._continuous import COMMUTING, data_instance, delta, lam, sigma, t
from .continuous_deep_thm1 import M29, M30_CORRECTED

__all__: list[str] = []

cite_table({
    "DDyn-Def-data": "n inputs x_i ∈ R^d, outputs y_i ∈ R^p (definition); data sets in _continuous.py",
    "DDyn-Def-cov": "Σ_xy = XᵀY/n, Σ_x = XᵀX/n (definition); built in every check from X, Y",
    "DDyn-Def-ranks": "r_xy = rank Σ_xy, r_x = rank Σ_x (definition); DDyn-Claim-rxy-le-rx",
    "DDyn-Def-notation": "matrix spaces, O_d, pseudoinverse, bracket, norms (notation)",
    "DDyn-Def-product": "W = W_1⋯W_L, W_{i:j} (definition); symflow.deep_linear.moment_loss",
    "DDyn-Def-hidden": "hidden layers h_l = W_l⋯W_1x (definition; not used by any check)",
    "DDyn-Def-spectral": "λ_i, σ_i of the joint decomposition (21) (definition); symflow.deep_linear.commuting_moments",
    "DDyn-Def-eigengap-unidim": "eigenspaces assumed one-dimensional (assumption as referred to); instances use "
                                "distinct σ_i",
    "DDyn-Def-init-scale": "initial scales e^{-δ_i}, δ_i = δ for the rescaling (definition); _continuous.COMMUTING",
    "DDyn-Def-scalar-modes": "m_i, n_i, w_i = n_im_i (definition); _continuous.mode_flow",
    "DDyn-Eq1": "the linear model ŷ = Wᵀx (a definition; printed W ∈ M_{p,d}, which makes Wᵀx defined only if "
                "W ∈ M_{d,p}, as (3) writes)",
    "DDyn-Eq4": "design matrices Xᵀ = (x_1⋯x_n), Yᵀ = (y_1⋯y_n) (a definition)",
    "DDyn-Eq7": "the deep linear model W_Lᵀ⋯W_1ᵀx (a definition); DDyn-Claim-L1",
    "DDyn-Eq8": "the deep least-squares problem over W_l ∈ M_{r_{l-1}, r_l} (a definition)",
    "DDyn-Eq11": "gradient descent (11) (a definition; the printed W_l^{(0)} ∈ M_{d,p} should read M_{r_{l-1}, r_l})",
    "DDyn-Eq12": "gradient flow (12) (a definition); symflow.deep_linear.matrix_flow",
})
prose_table([("DDyn-Claim-gradient-span", "(11) and (12) move only in the span of the gradient of f",
              "restates the definitions (11)-(12) (the increment is -η∇f, resp. -∇f); its consequence for the "
              "iterates is checked in DDyn-Eq13/corrected")])


def _ls_instances():
    X, Y = data_instance()
    yield "data_instance (n=4, d=3, rank 2)", X, Y
    yield "wide X (n=2, d=3)", sympy.Matrix([[1, 2, 0], [0, 1, 1]]), sympy.Matrix([[1, 0], [2, 1]])
    yield "tall X (n=3, d=1)", sympy.Matrix([[1], [1], [2]]), sympy.Matrix([[1], [0], [1]])


def _symbolic_ls(n, d, p):
    X = sympy.Matrix(n, d, lambda i, j: sympy.Symbol(f"x{i}{j}"))
    Y = sympy.Matrix(n, p, lambda i, j: sympy.Symbol(f"y{i}{j}"))
    W = sympy.Matrix(d, p, lambda i, j: sympy.Symbol(f"w{i}{j}"))
    return X, Y, W


@claim("DDyn-Eq3", text=r"(2) equals $\arg\min_W\frac1{2n}\|Y-XW\|_2^2=:g(W)$ (3)", expect=Verified,
       hyp="W ∈ M_{d,p} (so that Wᵀx_i is defined)")
def eq3(ctx):
    def build(n, d, p):
        X, Y, W = _symbolic_ls(n, d, p)
        per_sample = sum((sum(((Y[i, k] - (W.T * X[i, :].T)[k]) ** 2 for k in range(p)), sympy.Integer(0))
                          for i in range(n)), sympy.Integer(0))
        frob = sum(((Y - X * W)[k] ** 2 for k in range(n * p)), sympy.Integer(0))
        return [("Σ_i ||y_i - Wᵀx_i||² = ||Y - XW||_F²", sympy.expand(per_sample), sympy.expand(frob))]
    return kit.at_sizes(build, [(1, 1, 1), (2, 3, 2), (3, 2, 3)], what="(2) and (3) are the same function",
                        names="(n, d, p)")


def _gradient_zero(X, Y):
    n = X.rows
    Ws = X.pinv() * Y
    G = X.T * X / n * Ws - X.T * Y / n
    return [(f"∇g(X^†Y) [{k}]", G[k], 0) for k in range(len(G))]


@claim("DDyn-Eq2", text=r"$W^*\in\arg\min\frac1{2n}\sum_i\|y_i-\hat y^\ell(x_i)\|_2^2$ (2) (the problem has minimizers)",
       expect=Verified, hyp="any data")
@claim("DDyn-Eq5", text=r"$W^*:=X^\dagger Y$ is a solution of (2) (5)", expect=Verified, hyp="any data")
def eq5(ctx):
    """g is convex, so a zero of ∇g = Σ_xW - Σ_xy (DDyn-Eq15) is a minimizer; X^†Y is one (exact)."""
    inst = list(_ls_instances())
    return kit.at_sizes(lambda name: _gradient_zero(*[i for i in inst if i[0] == name][0][1:]), [i[0] for i in inst],
                        what="∇g(X^†Y) = 0 (a minimizer of the convex g)", names="data set")


@claim("DDyn-Eq6", text=r"$X^\dagger Y=\arg\min_{XW=Y}\|W\|_2$ (6) (over-parametrized)", expect=Verified,
       hyp="XW = Y solvable (wide X of full row rank)")
def eq6(ctx):
    """Every solution is X^†Y + N with XN = 0, and ⟨X^†Y, N⟩ = 0 (X^†Y lies in the row space): ||W||² =
    ||X^†Y||² + ||N||², minimal iff N = 0; exact with N a symbolic combination of a kernel basis."""
    def build(name):
        X, Y = sympy.Matrix([[1, 2, 0], [0, 1, 1]]), sympy.Matrix([[1, 0], [2, 1]])
        K = X.nullspace()
        cs = sympy.symbols(f"k0:{len(K) * Y.cols}")
        N = sympy.Matrix.hstack(*[sum((cs[j * len(K) + i] * K[i] for i in range(len(K))), sympy.zeros(X.cols, 1))
                                  for j in range(Y.cols)])
        Ws = X.pinv() * Y
        W = Ws + N
        return [("XW = Y", (X * W - Y).norm() ** 2, 0),
                ("||W||² = ||X^†Y||² + ||N||²", sympy.expand(sum(e ** 2 for e in W)),
                 sympy.expand(sum(e ** 2 for e in Ws) + sum(e ** 2 for e in N)))]
    return kit.at_sizes(build, ["wide X (n=2, d=3, p=2)"], what="min-norm solution of XW = Y", names="data set")


@claim("DDyn-Cite-multioutput", text="Multiple outputs do not affect one another's least-squares estimates",
       expect=Verified, hyp="(3)")
def multioutput(ctx):
    """||Y - XW||² = Σ_j ||y_j - Xw_j||²: the loss separates over the columns, so column j of a minimizer depends on
    y_j only (exact, symbolic X, Y, W)."""
    def build(n, d, p):
        X, Y, W = _symbolic_ls(n, d, p)
        per_col = sum((sum(e ** 2 for e in (Y[:, j] - X * W[:, j])) for j in range(p)), sympy.Integer(0))
        return [("columns separate", sympy.expand(per_col), sympy.expand(sum(e ** 2 for e in Y - X * W)))]
    return kit.at_sizes(build, [(2, 2, 2), (3, 2, 3)], what="the loss separates over outputs", names="(n, d, p)")


@claim("DDyn-Claim-L1", text="For L = 1, (7) reduces to the linear model (1)", expect=Proved, hyp="L = 1")
def claim_l1(ctx):
    W1 = sympy.MatrixSymbol("W1", sympy.Symbol("d", integer=True), sympy.Symbol("p", integer=True))
    x = sympy.MatrixSymbol("x", sympy.Symbol("d", integer=True), 1)
    deep = kit.product([W1.T]) * x
    if sympy.expand((deep - W1.T * x).doit()) in (0, sympy.ZeroMatrix(W1.shape[1], 1)):
        return Proved("the product of a single layer is W_1ᵀx = ŷ^ℓ(x) (matrix symbols, every d, p)",
                      certificate={"L": 1})
    return Refuted("not equal", counterexample={"deep": str(deep)})


def _generic_rank_entries(dims):
    """The product of layers with exact pseudo-random rational entries has rank min(dims) (generic rank)."""
    Ws = [sympy.Matrix(dims[l], dims[l + 1], lambda i, j, l=l: R((3 * i + 5 * j + 7 * l) % 11 - 5, 1 + (i + j) % 3))
          for l in range(len(dims) - 1)]
    P = kit.product(Ws[:1])
    for M in Ws[1:]:
        P = P * M
    return [(f"rank of the product, dims {dims}", P.rank(), min(dims))]


@claim("DDyn-Claim-expressivity", text=r"With $r=\min r_l$, (1) and (7) have the same expressivity iff "
       r"$r\ge\min(d,p)$; otherwise (1) needs the constraint rank <= r, giving (10)", expect=Verified,
       hyp="r = min{r_l : 1 <= l <= L-1}")
def expressivity(ctx):
    """Products have rank <= min(d, r, p) (reached generically: exact ranks of rational products); when r >=
    min(d, p) every W factors (DDyn-Eq-overparam)."""
    return kit.at_sizes(lambda *dims: _generic_rank_entries(dims), [(3, 1, 3), (3, 2, 3), (2, 3, 3), (3, 2, 2, 3)],
                        what="generic rank of the product = min(d, r, p)", names="(d, r_1, ..., p)")


@claim("DDyn-Eq-overparam", text=r"$r>\min(p,d)$ $\Rightarrow$ $\{W_1\cdots W_L\}=\mathcal M_{p,d}$", expect=Verified,
       hyp="r > min(p, d)")
def overparam(ctx):
    """Constructive: for W (symbolic entries) put W in the layer whose width allows it and identities / zero-padded
    identities elsewhere; the product is W exactly."""
    def build(d, r, p):
        W = sympy.Matrix(d, p, lambda i, j: sympy.Symbol(f"w{i}{j}"))
        if p <= d:      # W1 = [W, 0] (d×r), W2 = [I_p; 0] (r×p)
            W1 = sympy.Matrix.hstack(W, sympy.zeros(d, r - p))
            W2 = sympy.Matrix.vstack(sympy.eye(p), sympy.zeros(r - p, p))
        else:           # W1 = [I_d, 0] (d×r), W2 = [W; 0]
            W1 = sympy.Matrix.hstack(sympy.eye(d), sympy.zeros(d, r - d))
            W2 = sympy.Matrix.vstack(W, sympy.zeros(r - d, p))
        P = W1 * W2
        return [(f"({i},{j})", P[i, j], W[i, j]) for i in range(d) for j in range(p)]
    return kit.at_sizes(build, [(2, 3, 2), (3, 4, 2), (2, 3, 4)], what="every W is a product (constructive)",
                        names="(d, r, p)")


def _rrr_check(X, Y, k, dps):
    """Loss of the RRR solution vs the Eckart–Young bound ||Y - PY||² + Σ_{i>k} s_i(PY)², and vs the rank-k
    truncations of X^†Y in other directions (each must do no better)."""
    with precision(dps):
        W = dl.reduced_rank_regression(X, Y, k, dps)
        Xm, Ym = dl.to_mp(X), dl.to_mp(Y)
        loss = mpmath.norm(Ym - Xm * W) ** 2
        PY = dl.to_mp(X * X.pinv() * Y)
        s = sorted(mpmath.svd_r(PY, compute_uv=False), reverse=True)
        bound = mpmath.norm(Ym - PY) ** 2 + mpmath.fsum(x ** 2 for x in s[k:])
        return [loss, bound]


@claim("DDyn-Eq10", text=r"$W^{k,*}\in\arg\min_{\mathrm{rank}(W)\le r}\frac1{2n}\sum_{i=1}^n\|Y-XW\|_2^2$ (10)",
       expect=Verified, kind=Kind.NUMERIC, hyp="data_instance, k = 1, 2")
@claim("DDyn-Cite-RRR", text="(10) is reduced-rank regression and has explicit solutions depending on X and Y",
       expect=Verified, kind=Kind.NUMERIC, hyp="data_instance, k = 1, 2")
def eq10(ctx):
    """The explicit solution (symflow.deep_linear.reduced_rank_regression) attains the Eckart–Young lower bound of
    the loss over rank <= k (the printed Σ_{i=1}^n of a term without i multiplies the loss by n: same argmin)."""
    X, Y = data_instance()
    worst = None
    for k in (1, 2):
        m = kit.measured(lambda dps, k=k: _rrr_check(X, Y, k, dps), ctx.dps)
        v = kit.compare(m.values[0], m.values[1], digits=m.digits, what=f"RRR loss vs bound, k = {k}",
                        point={"k": k})
        if not isinstance(v, Verified):
            return v
        worst = v.n_digits if worst is None else min(worst, v.n_digits)
    return Verified("the explicit RRR solution attains the Eckart–Young bound for k = 1, 2", n_digits=worst,
                    points=("data_instance, k = 1", "data_instance, k = 2"), dps=ctx.dps,
                    scope="numeric at one data set (n = 4, d = 3, p = 2, rank X = 2)")


@claim("DDyn-Claim-different-dynamics", text="The learning dynamics of (7) differ completely from those of the "
       "linear model (2)", expect=Verified, hyp="rescaled time, vanishing initialization", cites=("DDyn-Thm2",
                                                                                               "DDyn-Rem-no-seq-linear"))
def different_dynamics(ctx):
    """At rescaled time t between 1/σ_1 and 1/σ_2 (t = (1/σ_1 + 1/σ_2)/2 with σ = (2, 1)): the deep mode 2 is still
    0 in the limit while the linear model's mode 2 is already at σ_2/λ_2 (exact limits)."""
    tt = (R(1, 2) + 1) / 2
    deep = sympy.limit((M29 ** 2).subs({sigma: 1, lam: 1, t: delta * tt}), delta, sympy.oo)
    lin = sympy.limit(sympy.exp(-delta * tt) * (sympy.exp(-delta) - 1) + 1, delta, sympy.oo)
    if deep == 0 and lin == 1:
        return Verified("component 2 (σ = λ = 1) at rescaled time 3/4: deep limit 0, linear limit 1 (exact limits; "
                        "the general statements are DDyn-Thm2 and DDyn-Rem-no-seq-linear)", exact=True,
                        points=("σ_2 = λ_2 = 1, t = 3/4",), scope="exact limits at one mode and one rescaled time")
    return Refuted("the limits agree", counterexample={"deep": str(deep), "linear": str(lin)})


def _flow_vs_gd(dps, N):
    """max entry gap between N steps of (34) with η = 1/N and the flow at T = 1 (closed form of Thm 1 corrected,
    Q = I), COMMUTING instance."""
    c = COMMUTING
    with precision(dps):
        U, V = dl.to_mp(c["U"]), dl.to_mp(c["V"])
        Sx = U * mpmath.diag([kit.mp(x) for x in c["lam"]]) * U.T
        S = mpmath.diag([kit.mp(x) for x in c["sigma"]])
        Sxy = U * S * V.T
        D0 = mpmath.diag([kit.mp(x) for x in c["scale"]])
        W1, W2 = U * D0, D0 * V.T
        eta = mpmath.mpf(1) / N
        for _ in range(N):
            G = Sx * W1 * W2 - Sxy
            W1, W2 = W1 - eta * G * W2.T, W2 - eta * W1.T * G
        modes = []
        for sg, lm, sc in zip(c["sigma"], c["lam"], c["scale"]):
            expr = M29.subs({sigma: sg, lam: lm}) if sg > 0 else M30_CORRECTED.subs(lam, lm)
            modes.append(kit.evaluate(expr, {delta: -mpmath.log(kit.mp(sc)), t: 1}, dps))
        F1 = U * mpmath.diag(modes)
        return max(abs((W1 - F1)[i, j]) for i in range(3) for j in range(3))


@claim("DDyn-Claim-limit-eta", text="The continuous dynamics (12) is the limit of (11) as η -> 0", expect=Verified,
       kind=Kind.NUMERIC, hyp="L = 2, COMMUTING instance, horizon T = 1")
def limit_eta(ctx):
    """Gaps at η = 1/25, 1/50, 1/100 decrease like η (first-order method): each halving of η halves the gap."""
    Ns = (25, 50, 100)
    gaps = [_flow_vs_gd(ctx.dps, N) for N in Ns]
    ratios = [gaps[k] / gaps[k + 1] for k in range(2)]
    with precision(ctx.dps):
        ok = all(abs(r - 2) < mpmath.mpf("0.2") for r in ratios)
    if not ok:
        return Refuted("the gap does not shrink like η", counterexample={"gaps": [kit.nstr(g, 8) for g in gaps]})
    return Verified(f"gap to the flow at T = 1: {', '.join(kit.nstr(g, 4) for g in gaps)} for η = 1/25, 1/50, 1/100 "
                    f"(ratios {', '.join(kit.nstr(r, 4) for r in ratios)}: O(η))", n_digits=3,
                    points=tuple(f"η = 1/{N}" for N in Ns), dps=ctx.dps,
                    scope="numeric, COMMUTING instance, T = 1 (finite horizon)", method="GD in mpmath vs closed form "
                    "(Thm 1 corrected, proved in DDyn-Eq29/DDyn-Eq30/corrected); ratio digits: 3")


@claim("DDyn-Eq9", text=r"$f(W_1,\dots,W_L):=\frac1{2n}\|Y-XW_1\cdots W_L\|_2^2$ (9)", expect=Verified,
       hyp="Σ_x = XᵀX/n, Σ_xy = XᵀY/n")
def eq9(ctx):
    """(9) is the least-squares loss (3) of the product, and equals ½tr(WᵀΣ_xW) - tr(WᵀΣ_xy) + ||Y||²/(2n), the form
    every flow of this package differentiates (symflow.deep_linear.moment_loss); exact, symbolic X, Y and layers."""
    def build(n, d, r, p):
        X = sympy.Matrix(n, d, lambda i, j: sympy.Symbol(f"x{i}{j}"))
        Y = sympy.Matrix(n, p, lambda i, j: sympy.Symbol(f"y{i}{j}"))
        W1 = sympy.Matrix(d, r, lambda i, j: sympy.Symbol(f"a{i}{j}"))
        W2 = sympy.Matrix(r, p, lambda i, j: sympy.Symbol(f"b{i}{j}"))
        f = sum(e ** 2 for e in (Y - X * W1 * W2)) / (2 * n)
        g = dl.moment_loss([W1, W2], X.T * X / n, X.T * Y / n) + sum(e ** 2 for e in Y) / (2 * n)
        return [("(9) = moment form", sympy.expand(f), sympy.expand(g))]
    return kit.at_sizes(build, [(2, 2, 1, 2), (2, 1, 2, 2)], what="(9) in the moments", names="(n, d, r, p)")
