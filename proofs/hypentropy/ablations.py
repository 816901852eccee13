r"""§5 of 003 (spec §3.5): ablations and consistency -- the non-biasing identity (5.1), the entropy example
(Lemma 5.1), the gradient-flow case (5.3) and the under-specified case (5.4)."""

from __future__ import annotations

import sympy
from sympy import Function, Rational, log, oo

from symflow.claims import Kind, Statement, claim, cite, kit, prose
from symflow.verdict import Proved, Refuted, Verified

__all__: list[str] = []

p, g, bs, bb = sympy.symbols("p g beta_s beta_b", real=True)   # p = grad phi(beta_t), g = grad F(beta_t)
IDENT = Statement(rhs=-g * (bs - bb))
IDENT_CORRECTED = Statement(rhs=g * (bs - bb))


@claim("HY-S5.1-Identity", text=r"$\frac{d}{dt}(D_\phi(\beta^*,\beta_t)-D_\phi(\bar\beta,\beta_t))=-\langle\nabla F"
       r"(\beta_t),\beta^*-\bar\beta\rangle$", expect=Refuted, statement=IDENT, hyp="mirror flow: d/dt p = -g")
@claim("HY-S5.1-Identity/corrected", text=r"$\ldots=+\langle\nabla F(\beta_t),\beta^*-\bar\beta\rangle$",
       expect=Proved, statement=IDENT_CORRECTED, hyp="mirror flow: d/dt p = -g")
def s51_identity(ctx):
    """D(β*, β) - D(β̄, β) = φ(β*) - φ(β̄) - <p, β* - β̄> with p = ∇φ(β_t) (φ(β_t) and <p, β_t> cancel); along
    the mirror flow dp/dt = -g, so d/dt = +<g, β* - β̄>.  One coordinate of the inner product with generic p, g
    (linear in p: every d and every potential)."""
    phi = Function("phi")
    diffD = phi(bs) - phi(bb) - p * (bs - bb)
    return kit.identity(kit.ddt(diffD, {p: -g}), ctx.s.rhs, argument="generic p = grad phi(beta_t), g = grad F; "
                        "the difference is affine in p, so one coordinate covers every d and potential",
                        what="d/dt of the difference of divergences")


X1, X2, Y = sympy.symbols("x1 x2 y", real=True)
e1, e2 = sympy.symbols("k1 k2", real=True)   # beta* - beta_bar, with X (beta* - beta_bar) = 0


@claim("HY-S5.1-LS", text="for a least-squares F the quantity of HY-S5.1-Identity is always null (the projection is "
       "constant)", expect=Proved, hyp="X beta* = X beta_bar = y")
def s51_ls(ctx):
    """<X^T(X beta - y), k> = (X beta - y)^T X k = 0 when X k = 0: one row (x1, x2) and a generic residual rho with
    k in the kernel of that row (k = (x2, -x1) t); rows add, so every n and d by linearity."""
    rho, tt = sympy.symbols("rho t", real=True)
    k = (X2 * tt, -X1 * tt)
    return kit.identity(rho * (X1 * k[0] + X2 * k[1]), 0, argument="one row of X with a generic residual; the "
                        "inner product is a sum over rows and coordinates (every n, d)", what="non-biasing")


cite("HY-Ctx-Gunasekar2020", "context: Gunasekar et al. 2020 on linear models with general losses (not re-derived)")

b1, b2, tt = sympy.symbols("b1 b2 t", positive=True)


@claim("HY-S5.1-Claim", text="for least squares the mirror flow converges to the Bregman projection of the "
       "initialization for all Legendre potentials alike, provided the flow is well defined", expect=Refuted,
       hyp="Def 2.1: arg min_D F = (arg inf F) ∩ D")
def s51_claim(ctx):
    """Counterexample: D = R_+^{*2}, phi the entropy (Legendre, grad phi(D) = R^2), X = (1 1), y = 0.  The flow is
    well defined for all t (d/dt log beta_i = -(beta_1 + beta_2) keeps beta_i > 0) and tends to 0, but arg min_D F =
    {beta_1 + beta_2 = 0} ∩ D is empty: there is no Bregman projection in D to converge to.  Checked exactly: the
    closed-form symmetric solution beta_i(t) = 1/(2t + 1/b) solves the flow, is positive, tends to 0, and no point
    of D has X beta = 0."""
    bt = 1 / (2 * tt + 1 / b1)
    flow_ok = sympy.cancel(sympy.diff(log(bt), tt) + 2 * bt) == 0
    lim = sympy.limit(bt, tt, oo)
    empty = (b1 + b2).is_positive  # X beta = beta_1 + beta_2 > 0 on D: no minimizer in D
    if flow_ok and lim == 0 and empty:
        return Refuted("the flow is well defined and converges to 0 ∉ D, while arg min_D F = ∅", counterexample={
            "potential": "x log x - x per coordinate on R_+^*", "X": "[[1, 1]]", "y": "[0]", "beta_0": "(b, b), b > 0",
            "beta(t)": "(1/(2t + 1/b), 1/(2t + 1/b))", "limit": "(0, 0), on the boundary of D",
            "X beta on D": "beta_1 + beta_2 > 0 = y: never attained"})
    return Verified("no counterexample from the entropy example", n_digits=1, points=("entropy",), scope="one example")


@claim("HY-S5.2-Claim", text=r"convexity of F suffices for a bound $F(\beta(t))\le C_0/t$, whatever the potential",
       expect=Refuted, hyp="mirror flow of a Legendre potential, F convex")
def s52_claim(ctx):
    """Counterexample (least squares, entropy on R_+^{*2}): X = (1 1), y = -1, F = (beta_1 + beta_2 + 1)^2/2 >= 1/2
    on D, so F(beta(t)) <= C0/t fails for every C0 once t > 2 C0; the flow is well defined (entropy, d/dt log beta_i
    = -(beta_1 + beta_2 + 1)).  The missing term is F(beta(t)) - inf_D F."""
    Fv = (b1 + b2 + 1) ** 2 / 2
    lower = sympy.minimum(Fv.subs(b2, b1), b1, sympy.Interval.open(0, oo))
    if lower == Rational(1, 2):
        return Refuted("F >= 1/2 on the domain, so F(beta(t)) <= C0/t fails for t > 2 C0", counterexample={
            "potential": "entropy on R_+^*2", "X": "[[1, 1]]", "y": "[-1]", "inf_D F": "1/2", "C0": "any",
            "t": "> 2 C0"})
    return Verified("no counterexample", n_digits=1, points=("entropy",), scope="one example")


n_, mu, c0 = sympy.Symbol("n", positive=True, integer=True), sympy.Symbol("mu", positive=True), \
    sympy.Symbol("c", positive=True)
bet = (c0 + mu * tt) ** (-1 / n_)
LEM51 = Statement(beta=bet, F=mu / (n_ * (n_ + 1)) * (c0 + mu * tt) ** (-(n_ + 1) / n_),
                  D=(c0 + mu * tt) ** (-1 / n_), Fdef=mu / (n_ * (n_ + 1)) * b1 ** (n_ + 1))


def _lem51(s):
    F_of = s.Fdef
    phi_prime = log(b1)
    ode = sympy.diff(phi_prime.subs(b1, s.beta), tt) + sympy.diff(F_of, b1).subs(b1, s.beta)
    Dv = (0 - (b1 * log(b1) - b1) - phi_prime * (0 - b1)).subs(b1, s.beta)
    return [("mirror flow d/dt log beta = -F'(beta)", sympy.powsimp(sympy.expand(ode), force=False), 0),
            ("F(beta(t))", F_of.subs(b1, s.beta), s.F), ("D_phi(0, beta(t))", Dv, s.D)]


@claim("HY-Lem5.1", text=r"$F(\beta(t))=\frac{\mu}{n(n+1)}(c+\mu t)^{-\frac{n+1}{n}}$, $D_\phi(\beta^*,\beta(t))="
       r"(c+\mu t)^{-\frac1n}$", expect=Verified, statement=LEM51, hyp="phi = x log x - x on R_+^*, F = mu x^(n+1)/"
       "(n(n+1)), beta* = 0; phi(0) := 0 (continuous extension)")
def lem51(ctx):
    """beta(t) = (c + mu t)^(-1/n) solves d/dt log beta = -F'(beta) (symbolic n, mu, c > 0); F and D_phi(0, .) = beta
    along it, exactly (SymPy combines powers of the positive base)."""
    return kit.identities(_lem51(ctx.s), argument="symbolic n (positive integer), mu, c, t > 0: every instance",
                          what="Lemma 5.1")


@claim("HY-Lem5.1-pf.2", text=r"$\frac{d}{dt}\log\beta=-\frac{\mu}{n}\beta^n$, $\dot\beta=-\frac\mu n\beta^{n+1}$, "
       r"$\beta(t)=(c+\mu t)^{-1/n}$ with $c=\beta_0^{-n}$", expect=Verified,
       statement=Statement(beta=bet, rate=-mu / n_ * b1 ** n_), hyp="as Lemma 5.1")
def lem51_pf2(ctx):
    s = ctx.s
    Fp = sympy.diff(LEM51.Fdef, b1)
    return kit.identities([("-F'(beta) = printed rate", -Fp, s.rate),
                           ("beta(t) solves it", sympy.diff(log(s.beta), tt), s.rate.subs(b1, s.beta)),
                           ("beta(0)^(-n) = c", s.beta.subs(tt, 0) ** (-n_), c0)],
                          argument="symbolic n, mu, c, t > 0", what="Lemma 5.1 proof, integration")


@claim("HY-Lem5.1-pf.3", text=r"$D_\phi(\beta^*,\beta)=\phi(\beta^*)-\phi(\beta)-\nabla\phi(\beta)(\beta^*-\beta)=\beta$",
       expect=Proved, statement=Statement(D=b1), hyp="phi(0) = 0 (limit of x log x - x)")
def lem51_pf3(ctx):
    phi0 = sympy.limit(b1 * log(b1) - b1, b1, 0, "+")
    Dv = phi0 - (b1 * log(b1) - b1) - log(b1) * (0 - b1)
    return kit.identity(Dv, ctx.s.D, argument="symbolic beta > 0", what="D_phi(0, beta)")


xx = sympy.Symbol("x", real=True)


@claim("HY-Lem5.1-pf.1", text=r"$\phi$ is Legendre with $\nabla\phi(\mathcal D)=\mathbb R$; $F:\mathbb R\to\mathbb R$ is "
       "convex; so the flow is well defined, unique, and converges to 0", expect=Refuted, hyp="as Lemma 5.1")
def lem51_pf1(ctx):
    """F'' = mu x^(n-1): for even n it is negative at x < 0, so F is not convex on R (n = 2, mu = 1: F''(-1) = -1)."""
    F2 = sympy.diff(LEM51.Fdef.subs(b1, xx), xx, 2).subs({n_: 2, mu: 1})
    val = F2.subs(xx, -1)
    if val < 0:
        return Refuted("F is not convex on R for even n", counterexample={"n": 2, "mu": 1, "F": str(
            LEM51.Fdef.subs({b1: xx, n_: 2, mu: 1})), "F''(-1)": str(val)})
    return Verified("F'' >= 0 at the tested point", n_digits=1, points=("x=-1",), scope="one point")


@claim("HY-Lem5.1-pf.1/corrected", text=r"$F$ is convex on $\mathcal D=\mathbb R_+^*$; the flow from any "
       r"$\beta_0>0$ is well defined, unique and tends to 0", expect=Proved, hyp="as Lemma 5.1")
def lem51_pf1_corrected(ctx):
    """F'' = mu x^(n-1) >= 0 for x > 0 (symbolic n, mu); the explicit solution (Lemma 5.1) is positive for all t and
    tends to 0; uniqueness: the field -mu x^(n+1)/n is locally Lipschitz on x > 0."""
    y = sympy.Symbol("y", positive=True)
    F2 = sympy.diff(LEM51.Fdef.subs(b1, y), y, 2)
    lim = sympy.limit(bet.subs(n_, 3), tt, oo)
    if F2.is_nonnegative and lim == 0:
        return Proved("F'' = mu y^(n-1) >= 0 on y > 0 (symbolic n, mu); beta(t) -> 0",
                      certificate={"F''": str(F2), "limit (n = 3)": str(lim)})
    return Refuted("F is not convex on D", counterexample={"F''": str(F2)})


prose("HY-S5.4-Heuristic", "It is reasonable for the bound to become uninformative when close samples have wildly "
      "different responses; identical responses do not make the problem harder; candidate explanation of the gap.",
      "a heuristic judgement with no quantified statement ('reasonable', 'much harder', 'candidate explanation')")

PENDING = ("HY-S5.2-Slow", "HY-S5.3-GF", "HY-S5.3-StrongCvx", "HY-S5.3-Bound", "HY-S5.3-Standard", "HY-S5.4-Infinite")
