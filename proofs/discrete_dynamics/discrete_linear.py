r"""§3.2 of DDyn (spec §3.4), first part: gradient descent on the linear model and the two-layer update.

DDyn-Eq-linGD, DDyn-Claim-invertible, DDyn-Eq33, DDyn-Rem-33-noseq, DDyn-Eq34, DDyn-Eq35, DDyn-Claim-autonomous and
the two prose claims of the section opening.  Matrices are non-commutative symbols (``W``, ``SX`` =
:math:`\Sigma_x`, ``SXY`` = :math:`\Sigma_{xy}`, ``P`` = :math:`\Sigma_x^\dagger\Sigma_{xy}`, the number 1 =
:math:`I_d`): an identity that expands to 0 in the free associative algebra holds for every size and all data; a
non-zero difference is realized with exact 2 x 2 (or rectangular) matrices for the counterexample.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import sympy
from hypothesis import strategies as st
from sympy import Symbol

from symflow.claims import IMPLIED, Kind, Statement, claim, kit, prose_table
from symflow.discrete import linear_gd, mode_step, product_orbit, realize, transition_step
from symflow.errors import InvalidArgument
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

from ._discrete import ETA, LAM, S, M, N, point_search

W, W0, SX, SXY, P, W1, W2 = (Symbol(n, commutative=False) for n in ("W", "W_0", "Sigma_x", "Sigma_xy", "P", "W_1",
                                                                    "W_2"))
W1T, W2T, Q = (Symbol(n, commutative=False) for n in ("W_1^T", "W_2^T", "Q"))
TT = Symbol("t", integer=True, nonnegative=True)
H_LIN = "linear model (L = 1), gradient (15): ∇f(W) = Σx W - Σxy; P = Σx^†Σxy satisfies Σx P = Σxy (B.1)"
ARG_FREE = "identity in the free associative algebra over Q(η): holds for matrices of every size and all data"


def _rat_matrix(rng: random.Random, r: int, c: int, sym: bool = False) -> sympy.Matrix:
    A = sympy.Matrix(r, c, lambda i, j: sympy.Rational(rng.randint(-5, 5), rng.randint(1, 4)))
    return (A + A.T) / 2 if sym else A


def nc_identity(lhs, rhs, *, what: str, shapes: dict, seed: int = 0):
    """Proved when lhs - rhs expands to 0 in the free algebra; else Refuted with exact matrices of ``shapes``
    (symbol -> (rows, cols, symmetric)) at which the two sides differ or one side is undefined."""
    diff = sympy.expand(lhs - rhs)
    if diff == 0:
        return Proved(f"{what}: {ARG_FREE}", certificate={"method": "expansion in the free algebra is 0",
                                                           "argument": ARG_FREE})
    rng = random.Random(seed)
    for _ in range(20):
        mats = {s: _rat_matrix(rng, *shape) for s, shape in shapes.items()}
        eta = sympy.Rational(1, rng.randint(2, 9))
        try:
            L, R = (_as_matrix(realize(e, mats, {ETA: eta}), shapes) for e in (lhs, rhs))
        except InvalidArgument as exc:
            return Refuted(f"{what}: a side is undefined at these sizes", counterexample={
                "shapes": {str(k): list(v[:2]) for k, v in shapes.items()}, "error": str(exc)})
        if L != R:
            return Refuted(f"{what}: the two sides differ", counterexample={
                "eta": str(eta), **{str(k): str(v.tolist()) for k, v in mats.items()},
                "lhs": str(L.tolist()), "rhs": str(R.tolist())})
    return Inconclusive(f"{what}: not an identity in the free algebra, but equal at the drawn matrices",
                        reason=Reason.UNDECIDED)


def _as_matrix(v, shapes):
    """A realized side that came out scalar (c stands for c I) as a matrix of the first listed square shape."""
    if isinstance(v, sympy.MatrixBase):
        return v
    n = next(r for r, c, _ in shapes.values() if r == c)
    return v * sympy.eye(n)


# ------------------------------------------------------------------------------------------- linear GD, (33)

LINGD = Statement(step=W - ETA * (SX * W - SXY), form=W * (1 - ETA * SX) + ETA * SXY)
LINGD_CORRECTED = LINGD.replace(form=(1 - ETA * SX) * W + ETA * SXY)
_SQ = {W: (2, 2, False), SX: (2, 2, True), SXY: (2, 2, False)}


@claim("DDyn-Eq-linGD", text=r"$W_{t+1} = W_t - \eta(\Sigma_xW - \Sigma_{xy}) = W_t(I_d - \eta\Sigma_x) + "
       r"\eta\Sigma_{xy}$", expect=Refuted, statement=LINGD, hyp=H_LIN, cites=("DDyn-Eq11", "DDyn-Eq15"))
@claim("DDyn-Eq-linGD/corrected", text=r"$W_{t+1} = W_t - \eta(\Sigma_xW_t - \Sigma_{xy}) = (I_d - \eta\Sigma_x)W_t"
       r" + \eta\Sigma_{xy}$", expect=Proved, statement=LINGD_CORRECTED, hyp=H_LIN)
def lin_gd(ctx):
    """The step of (11) with (15) is W - η(Σx W - Σxy); the printed second form multiplies W by (I - ηΣx) on the
    wrong side (Σx W != W Σx; undefined when p != d).  Checked against the iterate of symflow.discrete.linear_gd."""
    rng = random.Random(ctx.seed)
    Sx, Sxy, Wm = _rat_matrix(rng, 2, 2, True), _rat_matrix(rng, 2, 2), _rat_matrix(rng, 2, 2)
    eta = sympy.Rational(1, 7)
    true_next = linear_gd(Sx, Sxy, Wm, eta, 1)[1]
    first = realize(ctx.s.step, {W: Wm, SX: Sx, SXY: Sxy}, {ETA: eta})
    if first != true_next:
        return Refuted("the first form is not the step of (11)", counterexample={
            "Sigma_x": str(Sx.tolist()), "Sigma_xy": str(Sxy.tolist()), "W": str(Wm.tolist()), "eta": "1/7",
            "printed": str(first.tolist()), "GD step": str(true_next.tolist())})
    return nc_identity(ctx.s.step, ctx.s.form, what="the two forms of the step", shapes=_SQ, seed=ctx.seed)


# domain: λ an eigenvalue of the PSD Σx, λmax = S >= 0; the step-size and eigenvalue conditions are assumed
INVERTIBLE = Statement(h1=sympy.StrictLessThan(ETA * S, 1), h2=sympy.StrictLessThan(0, ETA),
                       h3=sympy.LessThan(LAM, S), rel=sympy.StrictGreaterThan(sympy.Abs(1 - ETA * LAM), 0)) \
    .monotone("h1", "tighter").monotone("h3", "tighter").monotone("rel", "looser") \
    .given(positive=(S,), cases=({LAM: S / (1 + sympy.Symbol("q", nonnegative=True)),
                                  ETA: 1 / (S * (1 + sympy.Symbol("r", positive=True)))},))  # λ <= λmax, ηλmax < 1


@claim("DDyn-Claim-invertible", text=r"For all $1/\lambda_{\max}(\Sigma_x) > \eta > 0$, $I_d - \eta\Sigma_x$ is "
       "invertible.", expect=Verified, kind=Kind.PROPERTY,
       statement=INVERTIBLE, hyp="Σx symmetric PSD; S = λmax(Σx), LAM any eigenvalue (0 <= LAM <= S)")
def invertible(ctx):
    """I - ηΣx is symmetric with eigenvalues 1 - ηλ_i; it is invertible iff none vanishes.  Searched over drawn
    (λmax, λ_i, η) (λ_i = x in the draw), decided exactly; a mutant hypothesis (e.g. ηλmax < 2) meets η = 1/λ_i."""
    return point_search(ctx, _spectra(), _spectrum_values, what="|1 - ηλ| > 0 for the eigenvalues λ <= λmax")


@st.composite
def _spectra(draw):
    """(λmax, λ_i, η): λ_i <= λmax (and 3λmax/2, which a mutated hypothesis λ_i <= λmax may admit), η λ_i = 1
    exactly now and then, ηλmax up to 3 (beyond the hypothesis)."""
    fr = st.fractions(min_value=Fraction(1, 10), max_value=Fraction(5), max_denominator=20)
    s = draw(fr)
    lam = draw(st.sampled_from([s, s / 2, s * 2 / 3, s * 3 / 2]) | fr.map(lambda v: min(v, s)))  # 3/2: past λmax
    eta = draw(st.sampled_from([1 / lam, 1 / s, 1 / (2 * s)]) | st.fractions(min_value=Fraction(1, 100) / s,
                                                                          max_value=3 / s))
    return (s, lam, eta)


def _spectrum_values(ex):
    s, lam, eta = (sympy.Rational(v) for v in ex)
    return {S: s, LAM: lam, ETA: eta}


EQ33 = Statement(rhs=(W0 - P) * (1 - ETA * SX) ** TT + P)
EQ33_CORRECTED = Statement(rhs=(1 - ETA * SX) ** TT * (W0 - P) + P)


@claim("DDyn-Eq33", text=r"$W_t = (W_0 - \Sigma_x^\dagger\Sigma_{xy})(I_d - \eta\Sigma_x)^t + "
       r"\Sigma_x^\dagger\Sigma_{xy}$ (33)", expect=Refuted, statement=EQ33, hyp=H_LIN,
       cites=("DDyn-Eq-linGD", "DDyn-Claim-B1-identity"))
@claim("DDyn-Eq33/corrected", text=r"$W_t = (I_d - \eta\Sigma_x)^t(W_0 - \Sigma_x^\dagger\Sigma_{xy}) + "
       r"\Sigma_x^\dagger\Sigma_{xy}$", expect=Verified, statement=EQ33_CORRECTED, hyp=H_LIN)
def eq33(ctx):
    """The iterates of W+ = W - η(Σx W - Σxy) with Σxy = Σx P (free algebra), t = 0..5, against the closed form."""
    return _closed_form_check(ctx.s.rhs, "(33)", ctx.seed)


def _closed_form_check(rhs, what: str, seed: int):
    Wt = W0
    for t in range(6):
        v = nc_identity(Wt.subs(SXY, SX * P), rhs.subs(TT, t), what=f"{what} at t = {t}",
                        shapes={W0: (2, 2, False), SX: (2, 2, True), P: (2, 2, False)}, seed=seed)
        if not isinstance(v, Proved):
            return v
        Wt = sympy.expand(Wt - ETA * (SX * Wt - SXY))
    return Verified(f"{what}: equal to the GD iterates for t = 0..5 in the free algebra (every size, all data)",
                    exact=True, points=tuple(f"t={t}" for t in range(6)), method="expansion in the free algebra",
                    scope="exact for t = 0..5, matrices of every size (free associative algebra)")


NOSEQ = Statement(lin_growth=sympy.Integer(0), deep_growth=sympy.Integer(1))


@claim("DDyn-Rem-33-noseq", text="(33) is analogous to Prop. 1; with a vanishing initialization the linear model does "
       "not learn components sequentially.", expect=Verified, kind=Kind.NUMERIC, statement=NOSEQ,
       hyp="modes of the linear model: w_t = 1 - (1 - e^{-δ})(1 - ηλ)^t (σ = λ); two layers: a^{(t)} of (35) from "
       "e^{-2δ}; the growth exponent of the half-step in δ, from δ = 20 to 40, within 0.2 of the statement's")
def rem33(ctx):
    """Step at which a mode reaches half its limit, for δ = 10, 20, 40: log2 of its growth from δ = 20 to 40 is
    ~0 for the linear model (every component learned at a δ-independent time, so all at once after rescaling
    t -> δt) and ~1 for two layers (the transition time grows like δ: sequential).  σ = λ = 1/2, η = 1/10."""
    s, eta = sympy.Rational(1, 2), sympy.Rational(1, 10)
    lin, deep = [], []
    with mpmath.workdps(ctx.dps):
        for delta in (10, 20, 40):
            w0 = mpmath.exp(-delta)
            lin.append(next(t for t in range(10 ** 4) if 1 - (1 - w0) * (1 - kit.mp(eta * s)) ** t >= mpmath.mpf(1) / 2))
            orb = product_orbit(mpmath.exp(-2 * delta), s, s, eta, 4000, ctx.dps)
            deep.append(transition_step(orb, mpmath.mpf(1) / 2))
        g_lin, g_deep = (mpmath.log(mpmath.mpf(v[2]) / v[1], 2) for v in (lin, deep))
    info = {"delta": [10, 20, 40], "linear half-steps": lin, "two-layer half-steps": deep,
            "growth exponents": [kit.nstr(g_lin, 4), kit.nstr(g_deep, 4)]}
    ok = abs(g_lin - kit.mp(ctx.s.lin_growth)) < mpmath.mpf(1) / 5 and abs(g_deep - kit.mp(ctx.s.deep_growth)) < \
        mpmath.mpf(1) / 5
    if ok:
        tiny = ctx.mutating and all(abs(kit.mp(ctx.s[k]) - kit.mp(ctx.printed[k])) < mpmath.mpf(10) ** -3
                                    for k in ("lin_growth", "deep_growth"))
        if tiny:
            info[IMPLIED] = "within the measurement tolerance (0.2) of the printed exponents: the same claim"
        return Verified("the linear model's half-step does not grow with δ; the two-layer one grows like δ",
                        exact=True, points=("delta=10,20,40",), info=info, method="exact step counts",
                        scope="numeric at σ = λ = 1/2, η = 1/10, δ = 10, 20, 40")
    return Refuted("the growth of the half-steps with δ is not the stated one", counterexample=info)


# ----------------------------------------------------------------------------------------------- (34), (35)

EQ34 = Statement(g1=(SX * W1 * W2 - SXY) * W2T, g2=W1T * (SX * W1 * W2 - SXY))


@claim("DDyn-Eq34", text=r"$W_1^{(t+1)} = W_1^{(t)} - \eta(\Sigma_xW^{(t)} - \Sigma_{xy})(W_2^{(t)})^\top$, "
       r"$W_2^{(t+1)} = W_2^{(t)} - \eta(W_1^{(t)})^\top(\Sigma_xW^{(t)} - \Sigma_{xy})$ (34)", expect=Verified,
       statement=EQ34, hyp="GD (11) on f = (1/2n)||Y - X W1 W2||^2, L = 2", cites=("DDyn-Eq9", "DDyn-Eq11"))
def eq34(ctx):
    """The printed gradients against SymPy's derivatives of f (symflow.discrete.two_layer_loss) at exact sizes."""
    from symflow.discrete import two_layer_loss

    def build(d, r, p):
        rng = random.Random(ctx.seed + d * 100 + r * 10 + p)
        Sx, Sxy = _rat_matrix(rng, d, d, True), _rat_matrix(rng, d, p)
        f, M1, M2, xs = two_layer_loss(Sx, Sxy, r)
        mats = {SX: Sx, SXY: Sxy, W1: M1, W2: M2, W1T: M1.T, W2T: M2.T}
        G1, G2 = realize(ctx.s.g1, mats), realize(ctx.s.g2, mats)
        return [(f"df/dW1[{i},{j}]", sympy.diff(f, M1[i, j]), G1[i, j]) for i in range(d) for j in range(r)] + \
               [(f"df/dW2[{i},{j}]", sympy.diff(f, M2[i, j]), G2[i, j]) for i in range(r) for j in range(p)]

    try:
        return kit.at_sizes(build, [(2, 2, 2), (3, 2, 1), (2, 1, 3)], what="(34) = GD on (9)", names="(d, r, p)")
    except InvalidArgument as exc:
        return Refuted("a printed gradient is undefined at these sizes", counterexample={"error": str(exc)})




def cayley(a) -> sympy.Matrix:
    """A rational orthogonal 2 x 2 matrix (Cayley transform of the skew matrix [[0, a], [-a, 0]])."""
    K = sympy.Matrix([[0, a], [-a, 0]])
    return (sympy.eye(2) - K) * (sympy.eye(2) + K).inv()


def reduction_check(s, Q, what: str):
    """One GD step (34) on W1 = U diag(n) Q^{-1}... transported by (24) (W̄1 = U^T W1 Q^{-1}, W̄2 = Q W2 V), against
    the printed scalar step (m1, n1), with symbolic diagonal entries (exact, 2 x 2, U, V rational orthogonal)."""
    sig = sympy.symbols("s1 s2", positive=True)
    lam = sympy.symbols("l1 l2", positive=True)
    ms, ns = sympy.symbols("m1_ m2_", real=True), sympy.symbols("n1_ n2_", real=True)
    U, V = cayley(sympy.Rational(1, 2)), cayley(sympy.Rational(2, 3))
    Sx, Sxy = U * sympy.diag(*lam) * U.T, U * sympy.diag(*sig) * V.T
    Wb1, Wb2 = sympy.diag(*ns), sympy.diag(*ms)  # (25): W̄1 = diag(n), W̄2 = diag(m)
    A1, A2 = U * Wb1 * Q, Q.inv() * Wb2 * V.T   # inverse of (24)
    G = Sx * A1 * A2 - Sxy
    N1, M1 = A1 - ETA * G * A2.T, A2 - ETA * A1.T * G
    Nb, Mb = (U.T * N1 * Q.inv()).applyfunc(sympy.expand), (Q * M1 * V).applyfunc(sympy.expand)
    entries = []
    for i in range(2):
        sub = {M: ms[i], N: ns[i], S: sig[i], LAM: lam[i]}
        entries += [(f"m_{i + 1}^(t+1)", Mb[i, i], s.m1.xreplace(sub)), (f"n_{i + 1}^(t+1)", Nb[i, i],
                                                                          s.n1.xreplace(sub)),
                    (f"off-diagonal {i}", Mb[i, 1 - i], 0), (f"off-diagonal' {i}", Nb[i, 1 - i], 0)]
    return kit.identities(entries, argument="exact in the symbolic diagonal entries, d = p = r = 2", what=what)



_Q_ORTH = "Q orthogonal (Q^T Q = I)"
EQ35 = Statement(m1=M + ETA * N * (S - LAM * N * M), n1=N + ETA * M * (S - LAM * N * M), Q=2 * sympy.eye(2))
EQ35_CORRECTED = EQ35.replace(Q=cayley(sympy.Rational(1, 3)))


@claim("DDyn-Eq35", text=r"Using (24) and (25), (34) reduces to $m_i^{(t+1)} = m_i^{(t)} + \eta n_i^{(t)}(\sigma_i - "
       r"\lambda_in_i^{(t)}m_i^{(t)})$, $n_i^{(t+1)} = n_i^{(t)} + \eta m_i^{(t)}(\sigma_i - \lambda_in_i^{(t)}m_i^{(t)})$"
       " (35)", expect=Refuted, statement=EQ35, hyp="Assumption 1; (24) with Q an arbitrary invertible matrix "
       "(here Q = 2I)", cites=("DDyn-Eq24", "DDyn-Eq34"))
@claim("DDyn-Eq35/corrected", text=r"(35) holds when the matrix $Q$ of (24) is orthogonal", expect=Verified,
       statement=EQ35_CORRECTED, hyp="Assumption 1; (24) with " + _Q_ORTH + " (here a rational Cayley rotation)")
def eq35(ctx):
    """Transport one exact GD step (34) through (24).  With Q = 2 I (invertible, as (24) allows) the diagonal step
    size becomes 4η for m and η/4 for n: (35) fails.  With Q orthogonal it holds (at d = p = r = 2, exactly)."""
    v = reduction_check(ctx.s, sympy.Matrix(ctx.s.Q), "(35) from (34) through (24)")
    if isinstance(v, Proved):  # one size only: an exact check at a listed size
        return Verified(v.detail, exact=True, points=("d=p=r=2",), method="exact",
                        scope="exact at d = p = r = 2, U, V rational orthogonal, symbolic spectra and modes")
    return v


AUTONOMOUS = Statement(a1=sympy.Symbol("a", positive=True) * (1 + ETA * (S - LAM * sympy.Symbol("a", positive=True)))
                       ** 2)


@claim("DDyn-Claim-autonomous", text=r"With a suitable initialization, $w_i^{(t)} := n_i^{(t)}m_i^{(t)}$ obeys an "
       "autonomous recurrence.", expect=Proved, statement=AUTONOMOUS, hyp="balanced initialization m0 = n0 (Lemma 2)",
       cites=("DDyn-Eq35",))
def autonomous(ctx):
    """With m = n (kept by (35): both updates coincide when m = n), the product after one step is a function of
    a = mn = m^2 only: m'n' = m^2 (1 + η(σ - λm^2))^2, checked against the recurrence ``a1`` of the statement."""
    a = sympy.Symbol("a", positive=True)
    m1, n1 = mode_step(M, M, S, LAM, ETA)
    return kit.identities([("m' = n' when m = n", m1, n1), ("m'n' = a1(a = m^2)", m1 * n1, ctx.s.a1.subs(a, M ** 2))],
                          argument="one generic mode (σ, λ, η, m symbolic): modes decouple, so every i and t")


prose_table([
    ("DDyn-Claim-no-closed-form", "No closed form of (11) is known to the authors; Euler-type arguments give closeness "
     "of discrete and continuous dynamics only for a step size depending on a finite horizon, which clashes with the "
     "time rescaling of Thm. 2.", "a statement about the authors' knowledge and about a proof strategy they reject; "
     "the quantitative content (horizon-free step conditions) is checked in DDyn-Thm3 and DDyn-Cor3"),
    ("DDyn-Claim-stepsize-conditions", "The analysis uses step-size conditions (smaller than the Lipschitz constant "
     "and than some notion of eigen-gap) with no dependence on the horizon.", "describes the form of the hypotheses "
     "of Thm. 3 and Cor. 3 (no T in them, visible in their encoded statements); their truth is checked there"),
])

PENDING: tuple[str, ...] = ()
