r"""§1 (setting, spec §1.1–1.2) and the definitions of spec §2: citations where symflow builds the objects, and the
two claims of the setting (the network's representation, the well-posedness of its gradient flow).

Also holds ``PENDING`` for this half of the HY catalogue (spec §1, §2, §3.1, §3.2) while it is being written.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Max, Rational, Symbol, asinh

from symflow.claims import Kind, Statement, claim, cite_table, kit
from symflow.integrate import solve
from symflow.verdict import Proved, Refuted, Verified

from ._rowwise import theorem_survivors

__all__ = ["PENDING", "GOAL", "WELLDEF"]

a, b, g, s = Symbol("a", positive=True), Symbol("b", real=True), Symbol("g", real=True), Symbol("s", positive=True)
r = Symbol("r", positive=True)
NODE = {a: -b * g, b: -a * g}  # one hidden node on the region a > 0: g = sum_i delta_i (<theta_j, x_i>)_+
ARG_NODE = ("one hidden node j: the loss depends on (a_j, b_j) only through b_j (a_j c)_+ summed over samples, and g "
            "= d loss / d beta_j is any real: every m, n, d and data; two sign cases of c = <theta_j, x_i> cover all")

GOAL = Statement(relu=b * Max(0, a * Symbol("c", real=True)), linear=a * b * Max(0, Symbol("c", real=True)),
                 potential=asinh(a * b / r) / 2)


@claim("HY-S3.1-Goal", text=r"there exist $\psi$, a Legendre $\phi$ with $\nabla\phi(\mathcal D)=\mathbb R^d$ and $X$ "
       r"with $N^\theta(a,b)=X\psi(a,b)$, $\psi(a,b)$ following a mirror flow of potential $\phi$", expect=Proved,
       statement=GOAL, hyp="a_j > 0 (Thm 3.4's initialization; a_j^2 - b_j^2 = 2 r_j > 0 is conserved)",
       cites=("HY-Thm3.4", "HY-Def-X34"))
@theorem_survivors
def goal(ctx):
    """psi(a, b) = a * b: b (a c)_+ = a b (c)_+ for a > 0 in both sign cases of c (so N = X psi with X_ij =
    (<theta_j, x_i>)_+); and along gradient flow (a' = -b g, b' = -a g) the mirror coordinate of 1/2 Phi_r,
    asinh(beta / r) / 2 with r = (a^2 - b^2) / 2 conserved, has derivative -g: beta follows the mirror flow of the
    r-hypentropy (Legendre: HY-Lem3.3).  sqrt(beta^2 + r^2) = (a^2 + b^2) / 2 > 0 is shown exactly."""
    c = Symbol("c", real=True)
    cases = [(f"c = {sg}s", ctx.s.relu.subs(c, sg * s), ctx.s.linear.subs(c, sg * s)) for sg in (1, -1)]
    v1 = kit.identities(cases, argument=ARG_NODE, what="N = X psi")
    if v1.word != "proved":
        return v1
    eta = ctx.s.potential
    deta = sympy.diff(eta, a) * NODE[a] + sympy.diff(eta, b) * NODE[b]
    u, m = Symbol("u", positive=True), Symbol("m", positive=True)
    # every (a, b) with a > |b| is a = m (u + 1/u), b = m (u - 1/u), u, m > 0; then r = (a^2 - b^2)/2 = 2 m^2
    point = {a: m * (u + 1 / u), b: m * (u - 1 / u), r: 2 * m ** 2}
    on_leaf = deta.xreplace(point)
    on_leaf = on_leaf.replace(lambda e: isinstance(e, sympy.Pow) and e.exp in (Rational(1, 2), Rational(-1, 2)),
                              lambda e: sympy.Pow(sympy.factor(sympy.cancel(e.base)), e.exp))
    v2 = kit.identities([("d/dt eta = -g on a^2 - b^2 = 2r", on_leaf, -g)],
                        argument=ARG_NODE + "; (u, m) parameterize every (a, b) with a > |b| (r = 2 m^2)",
                        what="mirror flow of 1/2 Phi_r")
    if v2.word != "proved":
        return v2
    return Proved(v1.detail + "; " + v2.detail, certificate={"representation": dict(v1.certificate),
                                                             "mirror flow": dict(v2.certificate)})


WELLDEF = Statement(law=a ** 2 - b ** 2)


@claim("HY-S3-WellDef", text=r"If $a_i(0)^2\ge b_i(0)^2$ for all $i$, the gradient flow is well defined at all times",
       expect=Verified, kind=Kind.NUMERIC, statement=WELLDEF.scale_free("law"), hyp="Def-Net, Def-NetLoss",
       cites=("HY-LemA.2",))
def welldef(ctx):
    """a_j^2 - b_j^2 is conserved (exact, one node, general), so a_j >= |b_j| stays; a network of m = 2 nodes on
    n = 2 samples started on the border a_1 = b_1 and inside (a_2 > |b_2|) is integrated to T = 20: a_j(t) > 0."""
    v = kit.identity(kit.ddt(ctx.s.law, NODE), 0, argument=ARG_NODE, what="d/dt (a^2 - b^2)")
    if v.word != "proved":
        return v
    A = sympy.symbols("a1 a2", real=True)
    Bv = sympy.symbols("b1 b2", real=True)
    Cp = [[Rational(1), Rational(1, 2)], [Rational(0), Rational(2)]]  # (<theta_j, x_i>)_+ (a_j > 0 region)
    y = [Rational(1), Rational(-1, 2)]
    loss = sum((sum(A[j] * Bv[j] * Cp[i][j] for j in range(2)) - y[i]) ** 2 for i in range(2)) / 2
    x = list(A) + list(Bv)
    sol = solve([-sympy.diff(loss, v_) for v_ in x], x, [Rational(1, 2), 1, Rational(1, 2), Rational(-1, 3)], 20,
                dps=ctx.dps)
    with mpmath.workdps(ctx.dps):
        ts = [sympy.Rational(k, 4) for k in range(1, 81)]
        mins = min(min(sol(t)[0], sol(t)[1]) for t in ts)
        law = [sol.y1[j] ** 2 - sol.y1[j + 2] ** 2 for j in range(2)]
    if mins <= 0:
        return Refuted("a node reaches a = 0 in finite time", counterexample={"min a": kit.nstr(mins, 10)})
    return Verified(f"a_j^2 - b_j^2 conserved exactly; from a_1(0) = b_1(0) the flow stays in a > 0 up to T = 20 "
                    f"(min a_j = {kit.nstr(mins, 8)}; laws at T: {[kit.nstr(x_, 12) for x_ in law]})",
                    n_digits=max(1, sol.digits), points=("m = 2, n = 2, (a, b)(0) = (1/2, 1, 1/2, -1/3)",),
                    dps=ctx.dps, method="exact identity + Taylor jet (dps, 2 dps)",
                    scope="conservation general (exact); global existence: one network integrated to T = 20")


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
    "HY-Def-OpNorm": "||X^{T dagger}||_op = 1/sigma_min(X) for Euclidean norms: proofs/hypentropy/_rates.py",
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
PENDING: tuple[str, ...] = ()
