r"""App. B.6 of DDyn (spec §3.13), first part: the transformed update (74)-(76), Lemma 2, (78) and Lemma 3 with
its proof steps (80)-(86).

Notation of B.6: :math:`m_i` are the diagonal coefficients of :math:`\bar W_1`, :math:`n_i` of :math:`\bar W_2`,
:math:`a_i = m_in_i`; :math:`f_i(x) = x + \eta x(\sigma_i - \lambda_ix)(2 + \eta(\sigma_i - \lambda_ix))` and
:math:`g_i` of (83).  ``G`` below is the printed g (a statement part), ``F`` the printed f.
"""

from __future__ import annotations

import sympy
from sympy import Eq, Rational, StrictGreaterThan, StrictLessThan, Symbol

from symflow.claims import Kind, Statement, cite_table, claim, kit
from symflow.discrete import mode_step, product_step, realize
from symflow.verdict import Proved, Refuted, Verified

from ._discrete import A, A0, A1, ETA, LAM, M, N, S, H_MODE
from .discrete_linear import EQ34, cayley, eq34
from .appendix_b6_domain import BASIN, BASIN0, NEXT, STEP, declared, tight_orbit_search
from .discrete_thm3 import BAL, balanced

cite_table({
    "DDyn-Def-B6": "notation of App. B.6: proofs/discrete_dynamics/_discrete.py (S, LAM, ETA, A = a_i^(t), M, N) and "
                   "symflow.discrete.mode_step / product_step",
    "DDyn-Def-fi": "f_i(x) = x + ηx(σ_i - λ_ix)(2 + η(σ_i - λ_ix)): symflow.discrete.product_step (the part F of the "
                   "Lemma 3 statements below)",
})

H_B6 = H_MODE + "; B.6: m_i of W̄1, n_i of W̄2, a_i = m_i n_i"


@claim("DDyn-Eq74", text=r"$W_1^{(t+1)} = W_1^{(t)} - \eta(\Sigma_xW^{(t)}-\Sigma_{xy})(W_2^{(t)})^\top$, "
       r"$W_2^{(t+1)} = W_2^{(t)} - \eta(W_1^{(t)})^\top(\Sigma_xW^{(t)}-\Sigma_{xy})$ (74)", expect=Verified,
       statement=EQ34, hyp="GD (11) on (9), L = 2", cites=("DDyn-Eq34",))
def eq74(ctx):
    """(74) repeats (34): the same check (printed gradients against SymPy's derivatives of f at exact sizes)."""
    return eq34(ctx)


WB1, WB2, WB1T, WB2T, DD, SS = (Symbol(n, commutative=False) for n in ("Wb_1", "Wb_2", "Wb_1^T", "Wb_2^T", "D", "S"))
EQ75 = Statement(n1=WB1 - ETA * (DD * WB1 * WB2 - SS) * WB2T, n2=WB2 - ETA * WB1T * (DD * WB1 * WB2 - SS),
                 Q=2 * sympy.eye(2))
EQ75_CORRECTED = EQ75.replace(Q=cayley(Rational(1, 3)))


@claim("DDyn-Eq75", text=r"After (55): $\bar W_1^{(t+1)} = \bar W_1^{(t)} - \eta(D\bar W^{(t)}-S)(\bar W_2^{(t)})"
       r"^\top$, $\bar W_2^{(t+1)} = \bar W_2^{(t)} - \eta(\bar W_1^{(t)})^\top(D\bar W^{(t)}-S)$ (75)",
       expect=Refuted, statement=EQ75, hyp="(55) with Q_1 an arbitrary invertible matrix (here 2I)",
       cites=("DDyn-Eq55", "DDyn-Eq74"))
@claim("DDyn-Eq75/corrected", text="(75) holds when Q_1 of (55) is orthogonal", expect=Verified,
       statement=EQ75_CORRECTED, hyp="(55) with Q_1 orthogonal (a rational Cayley rotation)")
def eq75(ctx):
    """One exact step of (74) on W1 = U W̄1 Q^{-1}, W2 = Q W̄2 V^T (inverse of (55)) with general symbolic W̄1, W̄2
    (2 x 2), transported back, against the printed (75).  The transport multiplies the gradient term by Q^T Q:
    equal to I only for orthogonal Q."""
    U, V, Q = cayley(Rational(1, 2)), cayley(Rational(2, 3)), sympy.Matrix(ctx.s.Q)
    lam, sig = sympy.symbols("l1 l2", positive=True), sympy.symbols("s1 s2", positive=True)
    Dm, Sm = sympy.diag(*lam), sympy.diag(*sig)
    B1 = sympy.Matrix(2, 2, lambda i, j: Symbol(f"b1_{i}{j}", real=True))
    B2 = sympy.Matrix(2, 2, lambda i, j: Symbol(f"b2_{i}{j}", real=True))
    Sx, Sxy = U * Dm * U.T, U * Sm * V.T
    W1, W2 = U * B1 * Q.inv(), Q * B2 * V.T
    G = Sx * W1 * W2 - Sxy
    N1, N2 = U.T * (W1 - ETA * G * W2.T) * Q, Q.inv() * (W2 - ETA * W1.T * G) * V
    mats = {WB1: B1, WB2: B2, WB1T: B1.T, WB2T: B2.T, DD: Dm, SS: Sm}
    P1, P2 = realize(ctx.s.n1, mats), realize(ctx.s.n2, mats)
    entries = [(f"W̄1'[{i},{j}]", N1[i, j], P1[i, j]) for i in range(2) for j in range(2)] + \
              [(f"W̄2'[{i},{j}]", N2[i, j], P2[i, j]) for i in range(2) for j in range(2)]
    v = kit.identities(entries, argument="exact in the symbolic entries of W̄1, W̄2, D, S at size 2", what="(75)")
    if isinstance(v, Proved):
        return Verified(v.detail, exact=True, points=("d=p=r=2",), method="exact",
                        scope="exact at d = p = r = 2 (general W̄1, W̄2; U, V rational orthogonal)")
    return v


def _diag_step(d: int, p: int, s):
    r = min(d, p)
    ms, ns = sympy.symbols(f"m0:{r}", real=True), sympy.symbols(f"n0:{r}", real=True)
    sig, lam = sympy.symbols(f"s0:{r}", positive=True), sympy.symbols(f"l0:{d}", nonnegative=True)
    B1 = sympy.Matrix(d, r, lambda i, j: ms[i] if i == j else 0)
    B2 = sympy.Matrix(r, p, lambda i, j: ns[i] if i == j else 0)
    Dm = sympy.diag(*lam)
    Sm = sympy.Matrix(d, p, lambda i, j: sig[i] if i == j and i < r else 0)
    N1 = B1 - ETA * (Dm * B1 * B2 - Sm) * B2.T
    N2 = B2 - ETA * B1.T * (Dm * B1 * B2 - Sm)
    return N1, N2, ms, ns, sig, lam, r


@claim("DDyn-Claim-B6-diagonal", text=r"By induction, if $\bar W_1^{(0)}$, $\bar W_2^{(0)}$ are diagonal, so are "
       r"$\bar W_1^{(t)}, \bar W_2^{(t)}$ for all $t\in\mathbb N$.", expect=Verified,
       statement=Statement(off=sympy.Integer(0)), hyp="(75) with D, S diagonal (Assumption 1)", cites=("DDyn-Eq75",))
def b6_diagonal(ctx):
    """The induction step: one step of (75) from diagonal (rectangular) W̄1 (d x r), W̄2 (r x p), r = min(d, p),
    has off-diagonal entries equal to the statement's ``off`` (0), exactly, at the listed sizes."""
    def build(d, p):
        N1, N2, *_ = _diag_step(d, p, ctx.s)
        return [(f"W̄1'[{i},{j}]", N1[i, j], ctx.s.off) for i in range(N1.rows) for j in range(N1.cols) if i != j] + \
               [(f"W̄2'[{i},{j}]", N2[i, j], ctx.s.off) for i in range(N2.rows) for j in range(N2.cols) if i != j]
    return kit.at_sizes(build, [(2, 2), (3, 2), (2, 3), (3, 4)], what="diagonal stays diagonal", names="(d, p)")


EQ76 = Statement(m1=M + ETA * N * (S - LAM * N * M), n1=N + ETA * M * (S - LAM * N * M))


@claim("DDyn-Eq76", text=r"$m_i^{(t+1)} = m_i^{(t)} + \eta n_i^{(t)}(\sigma_i-\lambda_in_i^{(t)}m_i^{(t)})$, "
       r"$n_i^{(t+1)} = n_i^{(t)} + \eta m_i^{(t)}(\sigma_i-\lambda_in_i^{(t)}m_i^{(t)})$, $1\le i\le r$ (76)",
       expect=Verified, statement=EQ76, hyp="(75) with diagonal W̄1, W̄2, D, S", cites=("DDyn-Eq75",))
def eq76(ctx):
    """The diagonal entries of one step of (75) against the printed scalar steps, at the listed sizes."""
    def build(d, p):
        N1, N2, ms, ns, sig, lam, r = _diag_step(d, p, ctx.s)
        out = []
        for i in range(r):
            sub = {M: ms[i], N: ns[i], S: sig[i], LAM: lam[i]}
            out += [(f"m_{i}'", N1[i, i], ctx.s.m1.xreplace(sub)), (f"n_{i}'", N2[i, i], ctx.s.n1.xreplace(sub))]
        return out
    return kit.at_sizes(build, [(2, 2), (3, 2), (2, 3)], what="(76) from (75)", names="(d, p)")


BAL_INDUCTION = Statement(h=Eq(N, M), rel=Eq(M, N))


@claim("DDyn-Lemma2", text=r"If $m_i^{(0)} = n_i^{(0)}$ then $m_i^{(t)} = n_i^{(t)} = \sqrt{a_i^{(t)}}\ \forall t$",
       expect=Refuted, kind=Kind.PROPERTY, statement=BAL, hyp="(76), any η > 0", cites=("DDyn-Eq76",))
@claim("DDyn-Eq77", text=r"$m_i^{(t)} = n_i^{(t)} = \sqrt{a_i^{(t)}}\quad\forall t\in\mathbb N$ (77)", expect=Refuted,
       kind=Kind.PROPERTY, statement=BAL, hyp="(76), m0 = n0, any η > 0")
def lemma2(ctx):
    """Exact iterates: m_t = n_t holds, but m_t = +sqrt(a_t) fails when m0 < 0 or when η(λa - σ) > 1 flips the sign
    (m0 = n0 = 2, σ = 0, λ = η = 1: m1 = -6, sqrt(a1) = 6)."""
    return balanced(ctx)


@claim("DDyn-Lemma2/corrected", text=r"If $m_i^{(0)} = n_i^{(0)}$ then $m_i^{(t)} = n_i^{(t)}$ and $a_i^{(t)} = "
       r"(m_i^{(t)})^2$ for all t", expect=Proved, statement=Statement(m1=EQ76.m1, n1=EQ76.n1), hyp="(76)")
@claim("DDyn-Eq77/corrected", text=r"$m_i^{(t)} = n_i^{(t)}$, $(m_i^{(t)})^2 = a_i^{(t)}$", expect=Proved,
       statement=Statement(m1=EQ76.m1, n1=EQ76.n1), hyp="(76), m0 = n0")
def lemma2_corrected(ctx):
    """Induction step: with n = m the two updates of (76) coincide (exact identity), so m_t = n_t for all t and
    a_t = m_t n_t = m_t^2."""
    return kit.identity(ctx.s.m1.subs(N, M), ctx.s.n1.subs(N, M), what="m' = n' when m = n",
                        argument="induction on t; one generic mode (σ, λ, η, m symbolic): every i and t")


EQ78 = Statement(f1=A + 2 * ETA * A * (S - LAM * A) + ETA ** 2 * A * (S - LAM * A) ** 2,
                 f2=A + ETA * A * (S - LAM * A) * (2 + ETA * (S - LAM * A)))


@claim("DDyn-Eq78", text=r"$a_i^{(t+1)} = a_i^{(t)} + 2\eta a_i^{(t)}(\sigma_i-\lambda_ia_i^{(t)}) + \eta^2a_i^{(t)}"
       r"(\sigma_i-\lambda_ia_i^{(t)})^2 = a_i^{(t)} + \eta a_i^{(t)}(\sigma_i-\lambda_ia_i^{(t)})(2+\eta(\sigma_i-"
       r"\lambda_ia_i^{(t)}))$ (78)", expect=Proved, statement=EQ78, hyp=H_B6 + "; m0 = n0",
       cites=("DDyn-Lemma2/corrected",))
def eq78(ctx):
    """m'n' from (76) with n = m (Lemma 2 corrected), a = m^2, against both printed forms."""
    m1, n1 = mode_step(M, M, S, LAM, ETA)
    return kit.identities([("first form", m1 * n1, ctx.s.f1.subs(A, M ** 2)),
                           ("second form", m1 * n1, ctx.s.f2.subs(A, M ** 2))],
                          argument="one generic balanced mode (σ, λ, η, m symbolic): every i and t")


@claim("DDyn-Claim-B6-cases", text=r"As in continuous time, two behaviours: $\sigma_i>0$, and $\sigma_i=0$ with "
       r"$\lambda_i>0$.", expect=Refuted, statement=Statement(cases=sympy.Integer(2)), hyp="1 <= i <= r = min(p, d)")
def b6_cases(ctx):
    """A mode i <= min(p, d) can have σ_i = λ_i = 0 (rank Σx < min(p, d)): then a_t = a_0 for all t, a third
    behaviour.  Exact instance: d = p = 2, X = [[1, 0]] (n = 1), Y = X: Σx = diag(1, 0), Σxy = diag(1, 0)."""
    Xm = sympy.Matrix([[1, 0]])
    Sx = Xm.T * Xm
    lam2, sig2 = Sx[1, 1], Sx[1, 1]
    a0 = Rational(1, 3)
    a1 = product_step(a0, sig2, lam2, Rational(1, 10))
    behaviours = 2 + (1 if (lam2 == 0 and sig2 == 0 and a1 == a0) else 0)
    if behaviours == ctx.s.cases:
        return Verified("the listed behaviours are all", exact=True, points=("d=p=2",), scope="one instance")
    return Refuted("mode 2 has σ = λ = 0 and stays constant: a third behaviour", counterexample={
        "X": "[[1, 0]]", "Y": "X", "Sigma_x": str(Sx.tolist()), "sigma_2": str(sig2), "lambda_2": str(lam2),
        "a_0": str(a0), "a_1": str(a1), "behaviours": behaviours, "printed": str(ctx.s.cases)})


@claim("DDyn-Claim-B6-cases/corrected", text=r"three behaviours: $\sigma_i>0$; $\sigma_i=0<\lambda_i$; "
       r"$\sigma_i=\lambda_i=0$ (constant)", expect=Verified, statement=Statement(cases=sympy.Integer(3)),
       hyp="1 <= i <= r = min(p, d)")
def b6_cases_corrected(ctx):
    return b6_cases(ctx)


# --------------------------------------------------------------------------------------------- Lemma 3

_H_L3 = dict(h1=StrictLessThan(0, A0), h2=StrictLessThan(LAM * A0, S),
             h3=StrictLessThan(2 * ETA * S, 1), h4=StrictGreaterThan(S, 0))
# the domain: a0 in the basin, 2ησ < 1, and a^(t) in the basin (Lemma 3's own conclusion, verified below)
LEMMA3 = declared(Statement(**_H_L3, rel1=StrictGreaterThan(A1, A), rel2=StrictLessThan(0, A),
                            rel3=StrictLessThan(LAM * A, S)), BASIN0, STEP, BASIN, NEXT, positive=(S, LAM, A0))


@claim("DDyn-Lemma3", text=r"If $1\le i\le r_{xy}$, $0<a_i^{(0)}<\frac{\sigma_i}{\lambda_i}$, $2\eta\sigma_i<1$: "
       r"$(a_i^{(t)})$ is increasing and $0<a_i^{(t)}<\frac{\sigma_i}{\lambda_i}$", expect=Verified,
       kind=Kind.PROPERTY, statement=LEMMA3, hyp=H_B6)
@claim("DDyn-Eq79", text=r"$0<a_i^{(t)}<\frac{\sigma_i}{\lambda_i},\ \forall t\ge0$ (79)", expect=Verified,
       kind=Kind.PROPERTY, statement=LEMMA3, hyp=H_B6 + "; Lemma 3's hypotheses")
def lemma3(ctx):
    return tight_orbit_search(ctx, what="Lemma 3")
