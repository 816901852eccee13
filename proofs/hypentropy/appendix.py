r"""Appendix A of 003 (spec §3.6): Lemmas A.1-A.3 and their proof steps."""

from __future__ import annotations

import sympy
from sympy import Rational, log, oo

from symflow.claims import Kind, Statement, claim, kit
from symflow.relu_network import network_flow
from symflow.verdict import Proved, Refuted, Verified

from ._hyp import PHI_POS, PHI_ZERO, PHI_ZERO_NEG_DOM, X_NEG, X_POS, alpha, identities_w, reduce_roots, x

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
    return identities_w(_a3_entries(ctx.s), argument="symbolic alpha > 0 and x on each half-line: every alpha, x",
                        what="Lemma A.3")


@claim("HY-LemA.3-Note", text=r"in both cases $\phi''_\alpha(x)=1/\sqrt{x^2+\alpha^2}$", expect=Proved,
       statement=Statement(d2=1 / sympy.sqrt(x ** 2 + alpha ** 2)), hyp="alpha = 0 included, x != 0")
def lema3_note(ctx):
    """At alpha = 0 the printed formula is 1/sqrt(x^2) = 1/|x|, phi_0'' on both half-lines."""
    d2 = ctx.s.d2
    return identities_w([("alpha = 0, x > 0", d2.subs({alpha: 0, x: X_POS}), sympy.diff(PHI_ZERO, X_POS, 2)),
                         ("alpha = 0, x < 0", d2.subs({alpha: 0, x: X_NEG}), sympy.diff(PHI_ZERO_NEG_DOM, X_NEG, 2)),
                         ("alpha > 0", reduce_roots(d2), reduce_roots(sympy.diff(PHI_POS, x, 2)))],
                        argument="symbolic x on each half-line and symbolic alpha > 0",
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


@claim("HY-LemA.2-pf.1/corrected", text=r"$\nabla f|_K(a,b)=(\sum_i\mathrm{sign}(a_j)b_j(\mathrm{sign}(a_j)\theta_j\cdot "
       r"x_i)_+\delta_i,\ \sum_i|a_j|(\mathrm{sign}(a_j)\theta_j\cdot x_i)_+\delta_i)_j$", expect=Proved,
       hyp="(a, b) in K, a_j != 0, theta_j . x_i != 0")
def lema2_pf1_corrected(ctx):
    """Both partial derivatives of b (a s)_+ against the corrected formula, in the four sign cases of (a, s) (one
    neuron and one sample term: f is a sum of such terms times delta_i, every m, n)."""
    A, S_ = sympy.Symbol("A", positive=True), sympy.Symbol("S", positive=True)
    term = b_ * sympy.Max(0, a_ * s_)
    entries = []
    for sa in (1, -1):
        for ss in (1, -1):
            pt = {a_: sa * A, s_: ss * S_}
            da = sympy.diff(term, a_).subs(pt)
            db = sympy.diff(term, b_).subs(pt)
            ca = (sympy.sign(a_) * b_ * sympy.Max(0, sympy.sign(a_) * s_)).subs(pt)
            cb = (abs(a_) * sympy.Max(0, sympy.sign(a_) * s_)).subs(pt)
            entries += [(f"d/da, sign(a)={sa}, sign(s)={ss}", da, ca), (f"d/db, sign(a)={sa}, sign(s)={ss}", db, cb)]
    return kit.identities(entries, argument="one neuron-sample term with |a|, |s| symbolic in each sign case; f is a "
                          "sum of such terms times delta_i (every m, n)", what="gradient of f on K")


@claim("HY-SA.2-Nondiff", text="f is not differentiable on its whole domain (ReLU at 0); under the condition the "
       "singularities are ruled out", expect=Proved, hyp="theta_j . x_i != 0")
def sa2_nondiff(ctx):
    """At a_j = 0 with b_j != 0 the one-sided derivatives of b (a s)_+ in a differ (b s vs 0 for s > 0): f is not
    differentiable there; in K, a_j = 0 forces b_j = 0, where the term b (a s)_+ is differentiable with gradient 0
    (|b (a s)_+| <= |a|^2 |s| on K)."""
    h = sympy.Symbol("h", positive=True)
    S_ = sympy.Symbol("S", positive=True)
    term = b_ * sympy.Max(0, a_ * S_)
    right = sympy.limit(term.subs(a_, h) / h, h, 0)
    left = sympy.limit(term.subs(a_, -h) / (-h), h, 0)
    on_k = sympy.limit((b_ * sympy.Max(0, a_ * S_)).subs({a_: h, b_: h}) / h, h, 0)
    if sympy.simplify(right - left) != 0 and on_k == 0:
        return Proved("one-sided derivatives b s and 0 differ when b != 0; on K (|b| <= |a|) the term is o(|a|)",
                      certificate={"right": str(right), "left": str(left), "on K, b = a": str(on_k)})
    return Refuted("no kink found", counterexample={"right": str(right), "left": str(left)})


@claim("HY-LemA.2-pf.2", text=r"$\frac{d}{dt}(a_j^2-b_j^2)=-2a_j\partial_{a_j}f+2b_j\partial_{b_j}f=2\mu_j(-\mathrm{sign}"
       r"(a_j)a_jb_j+b_j|a_j|)=0$", expect=Proved, hyp="(a, b) in K, a_j != 0")
def lema2_pf2(ctx):
    """With the true partials (derived from f by SymPy) -2a df/da + 2b df/db = 0 in the four sign cases; and the
    printed bracket -sign(a) a b + b |a| is 0: both ends of the display are 0 (its middle inherits the slip of pf.1,
    but is multiplied by 0)."""
    A, S_ = sympy.Symbol("A", positive=True), sympy.Symbol("S", positive=True)
    d_ = sympy.Symbol("delta", real=True)
    term = b_ * sympy.Max(0, a_ * s_)
    entries = []
    for sa in (1, -1):
        for ss in (1, -1):
            pt = {a_: sa * A, s_: ss * S_}
            val = (-2 * a_ * sympy.diff(term, a_) * d_ + 2 * b_ * sympy.diff(term, b_) * d_).subs(pt)
            entries.append((f"sign(a)={sa}, sign(s)={ss}", val, 0))
            entries.append((f"bracket, sign(a)={sa}", (-sympy.sign(a_) * a_ * b_ + b_ * abs(a_)).subs(pt), 0))
    return kit.identities(entries, argument="one neuron-sample term per sign case, delta generic (sums over i add)",
                          what="conservation of a^2 - b^2")


@claim("HY-LemA.2-pf.3", text=r"$a_j$ does not change sign: if $a_j(t)=0$ then $b_j(t)=0$ and $(a_j,b_j)$ is stationary",
       expect=Proved, hyp="(a, b) in K; convention [grad f]_j = 0 on S_j")
def lema2_pf3(ctx):
    """a^2 - b^2 >= 0 with a = 0 forces b = 0 (b^2 <= 0 over the reals); at (0, 0) the convention gives velocity 0,
    and the term b (a s)_+ has zero gradient there (|term| <= a^2 |s| on K), so the convention is the continuous
    extension."""
    b2 = sympy.Symbol("b", real=True)
    forced = sympy.solve(sympy.Eq(0 - b2 ** 2, 0), b2)
    h = sympy.Symbol("h", positive=True)
    cont = sympy.limit((h * sympy.Max(0, h)) / h, h, 0)
    if forced == [0] and cont == 0:
        return Proved("a = 0 and a^2 - b^2 >= 0 give b = 0; the gradient extends continuously by 0",
                      certificate={"b": str(forced), "limit": str(cont)})
    return Refuted("the pair is not forced to 0", counterexample={"b": str(forced)})


A2_NET = dict(thetas=((Rational(3, 5), Rational(4, 5)), (1, 0), (0, 1)), xs=((Rational(1, 2), Rational(1, 3)),
              (Rational(-1, 2), Rational(1, 4))), ys=(1, -1), a0=(1, -1, Rational(1, 2)),
              b0=(Rational(1, 2), Rational(-1, 3), Rational(1, 2)), T=2)


@claim("HY-LemA.2", text=r"if $[a_0]_i^2-[b_0]_i^2\ge0$ for all i, there is a unique solution $w:\mathbb R_+\to\mathbb R^m"
       r"\times\mathbb R^m$ of $\frac{dw}{dt}=-\nabla f(w)$, $w(0)=(a_0,b_0)$", expect=Verified, kind=Kind.NUMERIC,
       hyp="theta_j . x_i != 0; a0 of both signs, one neuron on the boundary a = |b| of the cone")
def lema2(ctx):
    """One instance (a_0 of both signs, one neuron on the cone's boundary): the network's own flow (ReLU as written,
    activation pattern re-checked at every step) exists on [0, 2], stays in K (a_j^2 - b_j^2 conserved to the
    measured digits) and no a_j changes sign.  Existence and uniqueness for all data are not provable numerically."""
    import mpmath

    sol = network_flow(A2_NET["thetas"], A2_NET["xs"], A2_NET["ys"], A2_NET["a0"], A2_NET["b0"], A2_NET["T"],
                       dps=ctx.dps)
    m = 3
    with mpmath.workdps(ctx.dps):
        drift = max(abs((sol.y1[j] ** 2 - sol.y1[m + j] ** 2) - (kit.mp(A2_NET["a0"][j]) ** 2 -
                                                                  kit.mp(A2_NET["b0"][j]) ** 2)) for j in range(m))
    if drift > mpmath.mpf(10) ** (-(sol.digits - 5)):
        return Refuted("a_j^2 - b_j^2 drifts", counterexample={"drift": kit.nstr(drift, 10)})
    return Verified(f"the flow exists on [0, 2], stays in K (drift of a^2 - b^2: {kit.nstr(drift, 5)}), signs of a_j "
                    "kept", n_digits=max(1, sol.digits), points=(str(A2_NET),), dps=ctx.dps,
                    scope="numeric, one instance (m = 3, n = 2, T = 2)")


def _p_gauss(d: int, dps: int):
    """P(|w|^2 >= b^2), w ~ N(0, I_d), b ~ N(0, 1): B = b^2/(b^2 + |w|^2) ~ Beta(1/2, d/2), P = I_{1/2}(1/2, d/2);
    second method: quadrature of the chi^2_1 density against the chi^2_d survival function."""
    import mpmath

    with mpmath.workdps(dps):
        p1 = mpmath.betainc(mpmath.mpf(1) / 2, mpmath.mpf(d) / 2, 0, mpmath.mpf(1) / 2, regularized=True)
        f1 = lambda u: mpmath.exp(-u / 2) / mpmath.sqrt(2 * mpmath.pi * u)  # noqa: E731
        p2 = mpmath.quad(lambda u: f1(u) * mpmath.gammainc(mpmath.mpf(d) / 2, u / 2, regularized=True), [0, 1, mpmath.inf])
    return p1, p2


@claim("HY-SA.2-HighDim", text="in high input dimension, with i.i.d. weights for each neuron, the condition holds with "
       "very high probability (Figure 5)", expect=Verified, kind=Kind.NUMERIC,
       hyp="Gaussian i.i.d. weights of equal variance; a_j = |w_j| (first layer, d entries), b_j one entry")
def sa2_highdim(ctx):
    """P(all m neurons satisfy a^2 >= b^2) = p_d^m: p_d increases with d (1/2 at d = 1) and p_d^100 > 0.999 at d = 64
    (two methods: regularized incomplete beta and quadrature)."""
    import mpmath

    ds = (1, 2, 4, 8, 16, 32, 64)
    vals, digits = [], ctx.dps
    for d in ds:
        p1, p2 = _p_gauss(d, ctx.dps)
        with mpmath.workdps(ctx.dps):
            digits = min(digits, int(-mpmath.log10(abs(p1 - p2) + mpmath.mpf(10) ** (-ctx.dps)))) if p1 != p2 else \
                digits
        vals.append(p1)
    inc = all(vals[i] < vals[i + 1] for i in range(len(vals) - 1))
    if inc and abs(vals[0] - mpmath.mpf(1) / 2) < mpmath.mpf(10) ** -20 and vals[-1] ** 100 > mpmath.mpf("0.999"):
        return Verified("p_d increases from 1/2 (d = 1); p_64^100 = " + kit.nstr(vals[-1] ** 100, 8),
                        n_digits=max(1, digits), points=tuple(f"d={d}" for d in ds), dps=ctx.dps,
                        scope="numeric: Gaussian weights, d in {1, ..., 64}, m = 100 (uniform weights not computed)",
                        info={f"p_{d}": kit.nstr(v, 12) for d, v in zip(ds, vals)})
    return Refuted("the probability does not approach 1 with d", counterexample={f"p_{d}": kit.nstr(v, 12)
                                                                                 for d, v in zip(ds, vals)})


@claim("HY-Fn6", text="'high dimensions' refers to the input dimension d, not the number of neurons m", expect=Verified,
       kind=Kind.NUMERIC, hyp="as HY-SA.2-HighDim")
def fn6(ctx):
    """At fixed d the probability p_d^m decreases to 0 with m (d = 16: m = 1, 10, 100, 10^4): only d helps."""
    import mpmath

    p1, p2 = _p_gauss(16, ctx.dps)
    with mpmath.workdps(ctx.dps):
        seq = [p1 ** m for m in (1, 10, 100, 10 ** 4)]
        digits = int(-mpmath.log10(abs(p1 - p2) + mpmath.mpf(10) ** (-ctx.dps)))
    if all(seq[i] > seq[i + 1] for i in range(3)) and seq[-1] < mpmath.mpf(1) / 2:
        return Verified("p_16^m decreases with m: " + ", ".join(kit.nstr(v, 6) for v in seq), n_digits=max(1, digits),
                        points=("d=16, m in {1, 10, 100, 10^4}",), dps=ctx.dps, scope="numeric: d = 16, four m")
    return Refuted("the probability does not decrease with m", counterexample={"values": [kit.nstr(v, 8) for v in seq]})


@claim("HY-LemA.1/corrected", text=r"for every $\beta_0\in\mathcal D$ there is a unique solution $\beta:\mathbb R_+\to"
       r"\mathcal D$", expect=Verified, kind=Kind.NUMERIC, hyp="phi Legendre on D, grad phi(D) = R^d, beta_0 in D")
def lema1_corrected(ctx):
    """Not provable numerically; checked on instances: the entropy flow of HY-S5.1-Claim/corrected and the six
    hypentropy flows of HY-Lem3.6 exist on their horizons and stay in D (positive coordinates for the entropy).
    (The printed proof's steps 1-3 fail; a valid argument: the dual flow restricted to gamma_0 + Im X^T is the
    gradient flow of the convex function nu -> phi*(gamma_0 + X^T nu) - <y, nu>.)"""
    from .ablations import _entropy
    from .global_rates import INSTANCES, trajectory

    sol, _ = _entropy(ctx.dps)
    if any(v <= 0 for v in sol.y1):
        return Refuted("the entropy flow leaves D", counterexample={"beta(T)": [kit.nstr(v, 10) for v in sol.y1]})
    digits = min([sol.digits or 0] + [trajectory(k, ctx.dps)["digits"] for k in range(len(INSTANCES))])
    return Verified("the flows exist on [0, T] and stay in D on 7 instances", n_digits=max(1, digits),
                    points=("entropy, power(2, 3)", "hypentropy instances 0-5 of HY-Lem3.6"), dps=ctx.dps,
                    scope="numeric: 7 instances (existence on finite horizons only)")
