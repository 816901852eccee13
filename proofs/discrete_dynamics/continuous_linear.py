r"""§3 opening and §3.1, linear model (spec §3.1–§3.2): the span of the iterates (13), the limit (14), the gradient
(15), the flow (16) and Proposition 1 ((17), the minimum-norm limit, vanishing initialization (18)).

The matrix exponential enters exactly: on data whose :math:`\Sigma_x` has rational eigenvalues,
:math:`e^{-t\Sigma_x} = \sum_i z^{q\lambda_i}P_i` with :math:`z = e^{-t/q}` (:func:`._continuous.exp_flow_matrix`),
and time derivatives are taken by the chain rule in z; statements are matrix expressions (``MatrixSymbol`` s E, P,
W0 standing for :math:`e^{-t\Sigma_x}`, :math:`\Sigma_x^\dagger\Sigma_{xy}`, :math:`W_0`).
"""

from __future__ import annotations

import sympy

from symflow.claims import Statement, claim, kit
from symflow.verdict import Proved, Refuted, Verified

from ._continuous import B_, MS, SX_, SXY_, W_, ddt_z, exp_flow_matrix, kdim, layer_entries, linear_instances, z

__all__ = ["PROP1", "prop1_entries"]

E_, P_, W0_ = MS["E"], MS["P"], MS["W0"]
INSTANCE_NAMES = "data set"

# -------------------------------------------------------------------------------------------- (13), (14)


def _in_span(v, X) -> bool:
    return sympy.Matrix.hstack(X.T, v).rank() == X.T.rank()


@claim("DDyn-Eq13", text=r"The columns of $\nabla_{W_L}f$ are in $X^\top$; if $W_L^{(0)}$'s columns are in that span, "
       r"$[W]_i\in\mathrm{span}(\nabla_{W_L}f)\subset\mathrm{span}(X^\top)$, $1\le i\le n$ (13)", expect=Refuted,
       hyp="L = 2, (11) or (12)")
def eq13(ctx):
    """L = 2, d = r = 2, p = 1, X = [[1, 0]], Y = [[1]]: W2 = (2, 0)ᵀ ∈ span(Xᵀ) but W = W1W2 and ∇_{W2} f are not."""
    X, Y = sympy.Matrix([[1, 0]]), sympy.Matrix([[1]])
    W1, W2 = sympy.Matrix([[1, 1], [1, 1]]), sympy.Matrix([[2], [0]])
    n = X.rows
    G2 = W1.T * (X.T * X / n * W1 * W2 - X.T * Y / n)
    W = W1 * W2
    if _in_span(W2, X) and not (_in_span(G2, X) and _in_span(W, X)):
        return Refuted("the columns of W_L(0) lie in span(Xᵀ) but neither ∇_{W_L} f nor W = W1W2 does",
                       counterexample={"X": str(X.tolist()), "Y": str(Y.tolist()), "W1": str(W1.tolist()),
                                       "W2": str(W2.tolist()), "∇_{W2} f": str(G2.tolist()), "W": str(W.tolist()),
                                       "span(Xᵀ)": "span{(1, 0)}"})
    return Proved("no violation at the instance")


XN_ = sympy.MatrixSymbol("X", sympy.Symbol("N", integer=True, positive=True), kdim)
YN_ = sympy.MatrixSymbol("Y", sympy.Symbol("N", integer=True, positive=True), kdim)
NN = sympy.Symbol("n", positive=True)
EQ13_CORRECTED = Statement(grad=(SX_ * W_ - SXY_) * B_.T)


@claim("DDyn-Eq13/corrected", text=r"$\nabla_{W_1}f=(\Sigma_xW-\Sigma_{xy})W_{2:L}^\top=X^\top(\cdot)$: if the "
       r"columns of $W_1^{(0)}$ lie in $\mathrm{span}(X^\top)$, so do those of $W_1$ and of $W=W_1W_{2:L}$, "
       r"$1\le i\le p$", expect=Verified, statement=EQ13_CORRECTED, hyp="(11) or (12), any L")
def eq13_corrected(ctx):
    """(a) the encoded ∇_{W_1} f (``B`` = W_{2:L}) is the derivative of the loss (exact at sizes, generic moments);
    (b) it is Xᵀ times a matrix when Σ_x = XᵀX/n, Σ_xy = XᵀY/n (matrix-symbol identity, every n, d, p, L): every
    update of W_1 adds columns in span(Xᵀ), and W = W_1W_{2:L} has its columns in the span of W_1's."""
    v = kit.at_sizes(lambda *dims: [e for e in layer_entries(ctx.s.grad, dims, -1) if e[0].startswith("layer 1 ")],
                     [(2, 3, 2), (2, 2, 2, 2)], what="∇_{W_1} f against the derivative of the loss",
                     names="(d, r_1, ..., p)")
    if not isinstance(v, Verified):
        return v
    g = ctx.s.grad.xreplace({SX_: XN_.T * XN_ / NN, SXY_: XN_.T * YN_ / NN})
    witness = XN_.T * ((XN_ * W_ - YN_) * B_.T) / NN
    if sympy.expand((g - witness).doit()) in (0, sympy.ZeroMatrix(kdim, kdim)):
        return Verified("∇_{W_1} f = Xᵀ(XW - Y)W_{2:L}ᵀ/n (matrix-symbol identity, every size): its columns lie in "
                        "span(Xᵀ); " + v.detail, exact=True, points=v.points,
                        scope="span property: every n, d, p, L (matrix symbols); gradient formula: " + v.scope)
    return Refuted("the encoded gradient is not Xᵀ(XW - Y)W_{2:L}ᵀ/n", counterexample={"grad": str(ctx.s.grad)})


@claim("DDyn-Eq14", text=r"The limit's i-th column lies in $\mathrm{span}(X^\top)\cap\{u:Xu=[Y]_i\}=\{X^\dagger[Y]_i\}$ "
       "(14)", expect=Refuted, hyp="(11)/(12) converge")
def eq14(ctx):
    """X = (1, 1)ᵀ, Y = (1, 0)ᵀ: Xu = Y has no solution, so the left set is empty while X^†Y = 1/2."""
    X, y = sympy.Matrix([[1], [1]]), sympy.Matrix([[1], [0]])
    sols = sympy.linsolve((X, y))
    if sols == sympy.S.EmptySet:
        return Refuted("{u : Xu = [Y]_i} is empty (Y not in the range of X) but {X^†[Y]_i} is not",
                       counterexample={"X": str(X.tolist()), "[Y]_1": str(y.tolist()),
                                       "X^† [Y]_1": str((X.pinv() * y).tolist())})
    return Proved("the set is not empty here")


def _minnorm_entries(X, Y):
    """u = Xᵀc in span(Xᵀ) solving the normal equations XᵀXu = XᵀY (every least-squares minimizer in the span):
    the solution set equals {X^†Y}."""
    c = sympy.Matrix(X.rows, Y.cols, lambda i, j: sympy.Symbol(f"c{i}{j}"))
    U = X.T * c
    eqs = list(X.T * X * U - X.T * Y)
    sol = sympy.solve(eqs, list(c), dict=True)
    if not sol:
        return [("normal equations solvable in span(Xᵀ)", 1, 0)]
    Us = U.subs(sol[0])
    return [(f"entry {k}", Us[k], (X.pinv() * Y)[k]) for k in range(len(Us))]


@claim("DDyn-Eq14/corrected", text=r"$\mathrm{span}(X^\top)\cap\arg\min_u\|Xu-[Y]_i\|=\{X^\dagger[Y]_i\}$",
       expect=Verified, hyp="(11)/(12) converge")
@claim("DDyn-Cite-Gunasekar-manifold", text="For least squares any method staying on the manifold spanned by the "
       "gradients reaches the same minimum-norm solution", expect=Verified, hyp="the limit minimizes (3)")
def eq14_corrected(ctx):
    cases = [("wide X", sympy.Matrix([[1, 2, 0], [0, 1, 1]]), sympy.Matrix([[1], [2]])),
             ("tall X", sympy.Matrix([[1], [1]]), sympy.Matrix([[1], [0]])),
             ("rank-deficient", sympy.Matrix([[1, 1, 2], [0, 1, 1], [1, 0, 1]]), sympy.Matrix([[1, 0], [2, 1], [0, 3]]))]
    return kit.at_sizes(lambda name: _minnorm_entries(*[c for c in cases if c[0] == name][0][1:]),
                        [c[0] for c in cases], what="least-squares minimizers in span(Xᵀ) = {X^†Y}",
                        names="instance")


# -------------------------------------------------------------------------------------------- (15), (16)

def _ls_entries(expr, d, p, sign):
    """sign × (derivative of g(W) = ||Y - XW||²/(2n)) against the encoded matrix expression, symbolic X, Y."""
    n = 2
    X = sympy.Matrix(n, d, lambda i, j: sympy.Symbol(f"x{i}{j}"))
    Y = sympy.Matrix(n, p, lambda i, j: sympy.Symbol(f"y{i}{j}"))
    W = sympy.Matrix(d, p, lambda i, j: sympy.Symbol(f"w{i}{j}"))
    res = Y - X * W
    g = sum((e ** 2 for e in res), sympy.Integer(0)) / (2 * n)
    printed = sympy.Matrix(expr.xreplace({SX_: sympy.ImmutableMatrix(X.T * X / n),
                                          SXY_: sympy.ImmutableMatrix(X.T * Y / n),
                                          W_: sympy.ImmutableMatrix(W)}).doit())
    return [(f"({i},{j})", sign * sympy.diff(g, W[i, j]), printed[i, j]) for i in range(d) for j in range(p)]


@claim("DDyn-Eq15", text=r"$\nabla f(W)=\Sigma_xW-\Sigma_{xy}$ (15)", expect=Verified,
       statement=Statement(grad=SX_ * W_ - SXY_), hyp="f = g of (3)")
def eq15(ctx):
    return kit.at_sizes(lambda d, p: _ls_entries(ctx.s.grad, d, p, 1), [(1, 1), (2, 3), (3, 2)],
                        what="(15) against the derivative of (3), symbolic X, Y (n = 2)", names="(d, p)")


@claim("DDyn-Eq16", text=r"$\dot W(t)=\Sigma_{xy}-\Sigma_xW(t)$, $W(0)=W_0$ (16)", expect=Verified,
       statement=Statement(wdot=SXY_ - SX_ * W_), hyp="(12) with L = 1")
def eq16(ctx):
    return kit.at_sizes(lambda d, p: _ls_entries(ctx.s.wdot, d, p, -1), [(1, 1), (2, 3), (3, 2)],
                        what="(16) against minus the derivative of (3)", names="(d, p)")


# ----------------------------------------------------------------------------------- Prop 1, (17), (18)

PROP1 = Statement(W=E_ * (W0_ - P_) + P_)


def prop1_entries(expr, X, Y):
    """W(t) from the encoded expression with E = e^{-tΣ_x} exact in z, symbolic W0: the entries of W' - (16) and
    of W(0) - W0."""
    n = X.rows
    Sx, Sxy = X.T * X / n, X.T * Y / n
    E, q = exp_flow_matrix(Sx)
    W0 = sympy.Matrix(Sx.rows, Sxy.cols, lambda i, j: sympy.Symbol(f"v{i}{j}"))
    W = sympy.Matrix(expr.xreplace({E_: sympy.ImmutableMatrix(E), P_: sympy.ImmutableMatrix(Sx.pinv() * Sxy),
                                    W0_: sympy.ImmutableMatrix(W0)}).doit())
    res = W.applyfunc(lambda e: ddt_z(e, q)) - (Sxy - Sx * W)
    out = [(f"W' - (16) [{k}]", res[k], 0) for k in range(len(res))]
    return out + [(f"W(0) - W0 [{k}]", (W.subs(z, 1) - W0)[k], 0) for k in range(len(W))]


def _instances(build, what="the closed form solves (16) with W(0) = W0 (symbolic W0, exact e^{-tΣ_x})"):
    inst = list(linear_instances())
    return kit.at_sizes(lambda name: build(*[i for i in inst if i[0] == name][0][1:]), [i[0] for i in inst],
                        what=what, names=INSTANCE_NAMES)


@claim("DDyn-Prop1", text=r"For any $W_0$ the solution of (16) is $W(t)=e^{-t\Sigma_x}(W_0-\Sigma_x^\dagger\Sigma_{xy})"
       r"+\Sigma_x^\dagger\Sigma_{xy}$ (17)", expect=Verified, statement=PROP1, hyp="(16), any W0")
@claim("DDyn-Eq17", text=r"$W(t)=e^{-t\Sigma_x}(W_0-\Sigma_x^\dagger\Sigma_{xy})+\Sigma_x^\dagger\Sigma_{xy}$ (17)",
       expect=Verified, statement=PROP1, hyp="(16), any W0")
def prop1(ctx):
    return _instances(lambda X, Y: prop1_entries(ctx.s.W, X, Y))


EQ18 = Statement(W=(sympy.Identity(kdim) - E_) * P_)


@claim("DDyn-Eq18", text=r"$W(t)\xrightarrow{W_0\to0}(I_d-e^{-t\Sigma_x})\Sigma_x^\dagger\Sigma_{xy}$ (18)",
       expect=Verified, statement=EQ18, hyp="Prop 1")
def eq18(ctx):
    """(17) is affine in W0, so its limit W0 -> 0 is (17) at W0 = 0: compare the entries exactly."""
    def build(X, Y):
        n = X.rows
        Sx, Sxy = X.T * X / n, X.T * Y / n
        E, _ = exp_flow_matrix(Sx)
        sub = {E_: sympy.ImmutableMatrix(E), P_: sympy.ImmutableMatrix(Sx.pinv() * Sxy),
               W0_: sympy.ImmutableMatrix(sympy.zeros(Sx.rows, Sxy.cols))}
        lim = sympy.Matrix(PROP1.W.xreplace(sub).doit())
        printed = sympy.Matrix(ctx.s.W.xreplace({**sub, sympy.Identity(kdim): sympy.ImmutableMatrix(
            sympy.eye(Sx.rows))}).doit())
        return [(f"[{k}]", lim[k], printed[k]) for k in range(len(lim))]
    return _instances(build, "(17) at W0 = 0 equals the printed limit (exact in z = e^{-t/q})")


@claim("DDyn-Claim-Prop1-minnorm", text=r"If the columns of $W_0$ lie in $\mathrm{span}(X^\top)$, $W(t)\to W^*$, the "
       "minimum Frobenius norm solution", expect=Verified, statement=PROP1, hyp="Prop 1, W0 = XᵀC")
def prop1_minnorm(ctx):
    """W0 = XᵀC (C symbolic); the limit t -> ∞ (z -> 0) of (17) equals X^†Y exactly."""
    def build(X, Y):
        n = X.rows
        Sx, Sxy = X.T * X / n, X.T * Y / n
        E, _ = exp_flow_matrix(Sx)
        C = sympy.Matrix(X.rows, Y.cols, lambda i, j: sympy.Symbol(f"c{i}{j}"))
        W = sympy.Matrix(ctx.s.W.xreplace({E_: sympy.ImmutableMatrix(E), P_: sympy.ImmutableMatrix(Sx.pinv() * Sxy),
                                           W0_: sympy.ImmutableMatrix(X.T * C)}).doit())
        lim = W.applyfunc(lambda e: sympy.expand(e).subs(z, 0))
        solves = [e for e in prop1_entries(ctx.s.W, X, Y)]      # the encoded W(t) must be the solution of (16)
        return solves + [(f"limit [{k}]", lim[k], (X.pinv() * Y)[k]) for k in range(len(lim))]
    return _instances(build, "(17) solves (16) and its limit t -> ∞ from W0 = XᵀC (C symbolic) equals X^†Y")
