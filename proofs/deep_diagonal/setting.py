r"""§1-§2 of 000, the setting (spec §1.2-§1.3, §3.2 context): the empirical risk, the L = 2 case, the prior model
θ = u^{⊙L} - v^{⊙L}; and the figures of §4 (spec §4), checked by :mod:`symflow.figures.dd`.
"""

from __future__ import annotations

import sympy
from sympy import Matrix, Symbol

from symflow import families
from symflow.claims import Kind, Statement, claim, kit
from symflow.verdict import Proved, Verified

from ._model import R, two_layer_theta, u, w

__all__: list[str] = []

L2 = Statement(theta=u * w)


@claim("DD-S2-L2", text="For $L=2$ the classical Diagonal Linear Network is recovered.", expect=Proved, statement=L2,
       cites=("DD-Def-DDLN", "DD-Def-DLN"))
def l2(ctx):
    """θ_i of the deep network with L = 2 (the generic pair with no other layer, R = 1) is u_i v_i (DD-Def-DLN)."""
    return kit.identity(two_layer_theta().subs(R, 1), ctx.s.theta, argument="coordinates decouple: one coordinate "
                        "with its two layers u = u^1_i, v = u^2_i is the general case (every d)", what="θ_i at L = 2")


DOT, YY = Symbol("dot", real=True), Symbol("y_i", real=True)
EMPRISK = Statement(term=(DOT - YY) ** 2)
_SIZES = ((2, 1, 1), (3, 2, 2), (2, 3, 2))


@claim("DD-S1.2-EmpRisk", text=r"$\tilde{\mathcal{L}}(u^1,\dots,u^L)=\mathcal{L}(q(u^1,\dots,u^L))=\sum_{i=1}^n(\langle "
       r"u^1\odot\dots\odot u^L),x_i\rangle-y_i)^2$", expect=Verified, statement=EMPRISK,
       hyp="L(θ) = Σ_i (<θ, x_i> - y_i)^2 (rational data)", cites=("DD-Def-DDLN",))
def emprisk(ctx):
    """L∘q computed from the least-squares loss of symflow.flows composed with families.deep_diagonal, against the
    sum of the printed terms with <θ(u), x_i> substituted; rational data, exact at listed (L, d, n)."""
    from symflow.flows import least_squares

    def build(L, d, n):
        G = families.deep_diagonal(L, d)
        X = Matrix(n, d, lambda a, b: sympy.Rational((3 * a + 5 * b + 1) % 7 - 3, 1 + (a + b) % 3))
        y = [sympy.Rational(2 * a - 1, 3) for a in range(n)]
        theta = Matrix(G.outputs)
        composed = least_squares(X, y, G.theta).expr.subs(dict(zip(G.theta, G.outputs)))
        printed = sum(ctx.s.term.subs({DOT: (X[a, :] * theta)[0], YY: y[a]}) for a in range(n))
        return [("L(q(u))", composed, printed)]
    return kit.at_sizes(build, _SIZES, what="L̃ = L∘q", names="(L, d, n)")


PRIOR = Statement(count_two_branch=2 * Symbol("d", positive=True), count_ddln=Symbol("L", positive=True) *
                  Symbol("d", positive=True))


@claim("DD-S1.2-PriorModel", text=r"In $\theta=u^{\odot L}-v^{\odot L}$ the number of layers does not affect the number "
       "of hyperparameters; the DDLN formulation appears to better approximate real-life networks.", expect=Verified,
       statement=PRIOR, hyp="'better approximates real-life networks' read as: its parameter count grows with the "
       "depth, d per layer, as in a real network", cites=("DD-Def-DDLN",))
def prior_model(ctx):
    """Both halves: the parameter count of families.two_branch(L, d) is the statement's (2d, free of L) and that of
    families.deep_diagonal(L, d) is the statement's (Ld: d parameters per layer); exact at listed (L, d)."""
    Ls, Ds = sympy.Symbol("L", positive=True), sympy.Symbol("d", positive=True)

    def build(L, d):
        return [("two-branch count", families.two_branch(L, d).D, ctx.s.count_two_branch.subs({Ls: L, Ds: d})),
                ("deep diagonal count", families.deep_diagonal(L, d).D, ctx.s.count_ddln.subs({Ls: L, Ds: d}))]
    return kit.at_sizes(build, [(L, d) for L in (2, 3, 4, 6) for d in (1, 3)], what="parameter counts")


def _figure(name):
    def check(ctx):
        from symflow import figures  # matplotlib: loaded only when a figure claim runs

        return figures.get(name).check(ctx.dps, fast=ctx.fast)
    check.__name__ = check.__qualname__ = f"figure_{name.replace('-', '_')}"
    return check


claim("DD-Fig-3", text="Figure 3: for the first component only the third layer (minimal |u^j_1(0)|) changes sign.",
      expect=Verified, kind=Kind.NUMERIC, hyp="L=4, d=5, X 10x5 random (unstated: regenerated, docs/figures.md)",
      cites=("DD-S2.1-OneCross", "DD-Prop1.2"))(_figure("dd-fig3"))
claim("DD-Fig-4", text="Figure 4: larger initial values (×1.4, ×1.8) give a better convergence rate (role of σ).",
      expect=Verified, kind=Kind.NUMERIC, hyp="L=6, d=8, first layer 0 (unstated: regenerated, docs/figures.md)",
      cites=("DD-S2.3-SigmaRole", "DD-Thm2"))(_figure("dd-fig4"))
