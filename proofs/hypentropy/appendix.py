r"""Appendix A of 003 (spec §3.6): Lemmas A.1-A.3 and their proof steps."""

from __future__ import annotations

import sympy
from sympy import Rational, log, oo

from symflow.claims import Statement, claim, kit
from symflow.verdict import Proved, Refuted

from ._hyp import PHI_POS, PHI_ZERO, PHI_ZERO_NEG_DOM, W_DEF, X_NEG, X_POS, alpha, reduce_roots, x

__all__: list[str] = []

A3 = Statement(d1=sympy.asinh(x / alpha), d2=1 / sympy.sqrt(x ** 2 + alpha ** 2), d1z=log(X_POS),
               d2z=1 / X_POS, d1zn=-log(-X_NEG), d2zn=-1 / X_NEG)


def _a3_entries(s):
    return [("phi_alpha'", reduce_roots(sympy.diff(PHI_POS, x)), reduce_roots(s.d1)),
            ("phi_alpha''", reduce_roots(sympy.diff(PHI_POS, x, 2)), reduce_roots(s.d2)),
            ("phi_0' (z > 0)", sympy.diff(PHI_ZERO, X_POS), s.d1z), ("phi_0'' (z > 0)", sympy.diff(PHI_ZERO, X_POS, 2),
                                                                    s.d2z),
            ("phi_0' (z < 0)", sympy.diff(PHI_ZERO_NEG_DOM, X_NEG), s.d1zn),
            ("phi_0'' (z < 0)", sympy.diff(PHI_ZERO_NEG_DOM, X_NEG, 2), s.d2zn)]


@claim("HY-LemA.3", text=r"$\phi'_\alpha=\mathrm{arcsinh}(x/\alpha)$, $\phi''_\alpha=1/\sqrt{x^2+\alpha^2}$; "
       r"$\phi'_0=(x/|x|)\log|x|$, $\phi''_0=1/|x|$", expect=Proved, statement=A3,
       hyp="alpha > 0 for the first part (alpha = 0 is the second); x in the domain compatible with z")
@claim("HY-LemA.3-pf", text=r"arcsinh' = 1/sqrt(x^2+1); z > 0: $\phi_0'=\log x$, $\phi_0''=1/x$; z < 0: "
       r"$\phi_0'=-\log(-x)$, $\phi_0''=-1/x$", expect=Proved, statement=A3, hyp="as Lemma A.3")
def lema3(ctx):
    """Derivatives of Def 3.1 by SymPy against the printed ones: symbolic alpha > 0 (W = sqrt(x^2 + alpha^2)), and
    phi_0 on each half-line (x/|x| = ±1 there)."""
    return kit.identities(_a3_entries(ctx.s), argument="symbolic alpha > 0 and x on each half-line: every alpha, x",
                          defs=W_DEF, what="Lemma A.3")


@claim("HY-LemA.3-Note", text=r"in both cases $\phi''_\alpha(x)=1/\sqrt{x^2+\alpha^2}$", expect=Proved,
       statement=Statement(d2=1 / sympy.sqrt(x ** 2 + alpha ** 2)), hyp="alpha = 0 included, x != 0")
def lema3_note(ctx):
    """At alpha = 0 the printed formula is 1/sqrt(x^2) = 1/|x|, phi_0'' on both half-lines."""
    d2 = ctx.s.d2
    return kit.identities([("alpha = 0, x > 0", d2.subs({alpha: 0, x: X_POS}), sympy.diff(PHI_ZERO, X_POS, 2)),
                           ("alpha = 0, x < 0", d2.subs({alpha: 0, x: X_NEG}), sympy.diff(PHI_ZERO_NEG_DOM, X_NEG, 2)),
                           ("alpha > 0", reduce_roots(d2), reduce_roots(sympy.diff(PHI_POS, x, 2)))],
                          argument="symbolic x on each half-line and symbolic alpha > 0", defs=W_DEF,
                          what="second derivative, both cases")


@claim("HY-LemA.1", text=r"for every $\beta_0\in\mathbb R^d$ there is a unique solution $\beta:\mathbb R_+\to\mathcal D$ "
       r"of $\frac{d}{dt}\nabla\phi(\beta)=-\nabla F(\beta)$, $\beta(0)=\beta_0$", expect=Refuted,
       hyp="phi Legendre on D with grad phi(D) = R^d")
def lema1(ctx):
    """beta_0 must lie in D: with D = R_+^* (entropy, Legendre, grad phi(D) = R) and beta_0 = -1, no path in D starts
    at beta_0."""
    D = sympy.Interval.open(0, oo)
    if D.contains(-1) is sympy.false:
        return Refuted("beta_0 = -1 is not in D, so no solution beta: R_+ -> D has beta(0) = beta_0",
                       counterexample={"phi": "x log x - x on D = (0, oo)", "X": "[[1]]", "y": "[1]", "beta_0": "-1"})
    return Proved("beta_0 in D", certificate={})


def _quartic():
    """phi(x) = x^4/4: Legendre on R (strictly convex, D = R, grad phi(R) = R) with grad phi* = cube root."""
    eta = sympy.Symbol("eta", real=True)
    inv = sympy.real_root(eta, 3)
    return eta, inv


@claim("HY-LemA.1-pf.1", text=r"$\nabla\phi$ is a bijection with inverse $\nabla\phi^*$; $G:\gamma\mapsto\nabla F("
       r"\nabla\phi^*(\gamma))$ is differentiable as a composition of differentiable functions", expect=Refuted,
       hyp="phi Legendre, grad phi(D) = R^d")
def lema1_pf1(ctx):
    """phi = x^4/4 is Legendre on R with grad phi(R) = R, but grad phi* = cube root is not differentiable at 0: with
    F = (x - y)^2/2, G(gamma) = cbrt(gamma) - y has no derivative at gamma = 0 (difference quotient -> oo)."""
    eta, inv = _quartic()
    h = sympy.Symbol("h", positive=True)
    dq = sympy.limit((inv.subs(eta, h) - inv.subs(eta, 0)) / h, h, 0, "+")
    if dq == oo:
        return Refuted("grad phi* is not differentiable at 0", counterexample={
            "phi": "x^4/4 on R", "grad phi*": "cbrt(eta)", "difference quotient at 0": str(dq)})
    return Proved("differentiable", certificate={"dq": str(dq)})


@claim("HY-LemA.1-pf.2", text=r"by strict convexity of $\phi$, $\nabla\phi^*$ is locally Lipschitz, hence so is G; "
       "Picard-Lindelöf gives a unique maximal solution", expect=Refuted, hyp="phi Legendre")
def lema1_pf2(ctx):
    """phi = x^4/4 is strictly convex, yet grad phi* = cbrt has |cbrt(h) - cbrt(0)|/h = h^(-2/3) -> oo: not
    Lipschitz near 0."""
    eta, inv = _quartic()
    h = Rational(1, 10 ** 6)
    ratio = (inv.subs(eta, h) - 0) / h
    if ratio > 1000:
        return Refuted("grad phi* is not locally Lipschitz at 0", counterexample={
            "phi": "x^4/4 (strictly convex)", "h": str(h), "|grad phi*(h) - grad phi*(0)| / h": str(ratio)})
    return Proved("Lipschitz at the tested point", certificate={})


@claim("HY-LemA.1-pf.3", text="the sublevel sets of F are compact, so |beta(t)| is bounded", expect=Refuted,
       hyp="F = |X beta - y|^2/2, rank X = n < d")
def lema1_pf3(ctx):
    """With rank X = n < d the sublevel sets contain a translate of ker X: X = (1 0), y = 0, the points (0, s) have
    F = 0 for every s: the sublevel set {F <= 1} is unbounded."""
    s_ = sympy.Symbol("s", real=True)
    Fv = (1 * 0 + 0 * s_ - 0) ** 2 / 2
    if Fv == 0:
        return Refuted("an unbounded sublevel set", counterexample={"X": "[[1, 0]]", "y": "[0]",
                                                                    "points": "(0, s), s in R", "F": "0"})
    return Proved("bounded", certificate={})


a_, b_, s_, y_ = sympy.symbols("a b s y", real=True)


@claim("HY-LemA.2-pf.1", text=r"$\nabla f|_K(a,b)=(\sum_i\mathrm{sign}(a_j)b_j(\theta_j\cdot x_i)_+\delta_i,\ \sum_i|a_j|"
       r"(\theta_j\cdot x_i)_+\delta_i)_j$", expect=Refuted, hyp="(a, b) in K, theta_j . x_i != 0")
def lema2_pf1(ctx):
    """One neuron, one sample, <theta, x> = 1, a = -2, b = 1, y = 1 (in K: a^2 >= b^2): the ReLU (a s)_+ is 0, so
    the true gradient in a is 0, while the printed formula gives sign(a) b (s)_+ delta = 1.  For a_j < 0 the active
    samples are those with <theta_j, x_i> < 0: the printed (theta_j . x_i)_+ should be (sign(a_j) theta_j . x_i)_+."""
    f = (b_ * sympy.Max(0, a_ * s_) - y_) ** 2 / 2
    pt = {a_: -2, b_: 1, s_: 1, y_: 1}
    true_ga = sympy.diff(f, a_).subs(pt)
    delta = (b_ * sympy.Max(0, a_ * s_) - y_).subs(pt)
    printed = (sympy.sign(a_) * b_ * sympy.Max(0, s_) * delta).subs(pt)
    if true_ga != printed:
        return Refuted("the printed gradient in a_j differs from the derivative of f", counterexample={
            "point": "a=-2, b=1, <theta,x>=1, y=1", "df/da": str(true_ga), "printed": str(printed)})
    return Proved("agrees at the tested point", certificate={})


PENDING = ("HY-LemA.2", "HY-SA.2-Nondiff", "HY-LemA.2-pf.2", "HY-LemA.2-pf.3", "HY-SA.2-HighDim", "HY-Fn6")
