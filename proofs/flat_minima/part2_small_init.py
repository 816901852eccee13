r"""§3.3 of the FM spec (Part II, small-scale initialization): the conservation law, the structure lemma, the PL
theorem and its proof fragments.

The conservation law is proved for every depth and width with generic layers (noncommutative matrix symbols: the
layers above and below the pair enter only through products A, B and the gradient of the loss in the end-to-end
map through a free matrix G), and cross-checked with :func:`symflow.conservation.check_law` on
``deep_linear``.  The lemma and the PL statements are checked along the gradient-flow trajectories of
:mod:`._flow` ("small" made quantitative there: alpha = 1/250 for L = 2, 1/10 for L = 3; epsilon of FM-Def-eps from
the initialization), at every sampled time.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Abs, MatrixSymbol, Symbol
from sympy import Rational as Q

from symflow import sharpness as sh
from symflow.claims import Kind, Statement, claim, kit, prose_table
from symflow.conservation import check_law
from symflow.families import deep_linear
from symflow.precision import precision
from symflow.verdict import Inconclusive, Proved, Reason, Refuted, Verified

from ._flow import TRAJ, epsilon, problem_of, svd1, tail2, trajectory

__all__: list[str] = []

# ------------------------------------------------------------------------------------------- conservation law
_m, _k, _l, _q = sympy.symbols("m k l q", integer=True, positive=True)
_A, _G = MatrixSymbol("A", 1, _m), MatrixSymbol("G", 1, _q)
_V, _U, _B = MatrixSymbol("W_kp1", _m, _k), MatrixSymbol("W_k", _k, _l), MatrixSymbol("B", _l, _q)
_V0, _U0 = MatrixSymbol("W_kp1_0", _m, _k), MatrixSymbol("W_k_0", _k, _l)
_h = Symbol("h")
# generic layers: the end-to-end map is A W_{k+1} W_k B (A = p^T W_L...W_{k+2}, B = W_{k-1}...W_1), G = dR/d(map)
_FLOW = {_V: -(_A.T * _G * (_U * _B).T), _U: -((_A * _V).T * _G * _B.T)}
CONSERVATION = Statement(lhs=_V.T * _V - _V0.T * _V0, rhs=_U * _U.T - _U0 * _U0.T)
ARG = ("generic layers: R depends on W_{k+1}, W_k only through A W_{k+1} W_k B with A, B the products of the other "
       "layers (any number, any widths, p inside A) and G = dR/d(A W_{k+1} W_k B) free, so the identity in the "
       "noncommutative symbols holds for every L, every widths, every k and every differentiable loss")


def _ddt(expr):
    """d/dt of a matrix expression along _FLOW: the coefficient of h in expr(W + h W')."""
    e2 = sympy.expand(expr.subs({v: v + _h * f for v, f in _FLOW.items()}).doit())
    terms = e2.args if isinstance(e2, sympy.MatAdd) else (e2,)
    out = []
    for t in terms:
        c, mm = t.as_coeff_mmul()
        cc = sympy.Poly(sympy.expand(c), _h).coeff_monomial(_h) if c.has(_h) else 0
        if cc != 0:
            out.append(cc * mm)
    return sympy.MatAdd(*out).doit() if out else sympy.ZeroMatrix(*expr.shape)


def _is_zero(e) -> bool:
    return e == 0 or isinstance(e, sympy.ZeroMatrix) or sympy.expand(e.doit()) == sympy.ZeroMatrix(*e.shape)


@claim("FM-Eq-conservation", text=r"$W_{k+1}^\top(t)W_{k+1}(t)-W_{k+1}^\top(0)W_{k+1}(0)=W_k(t)W_k^\top(t)-W_k(0)"
       r"W_k^\top(0)$", expect=Proved, statement=CONSERVATION, cites=("FM-Def-GF", "FM-Def-SI-model"))
def conservation(ctx):
    """d/dt (lhs - rhs) = 0 along the flow (noncommutative identity) and lhs - rhs = 0 at t = 0; cross-check:
    every entry of W_2^T W_2 - W_1 W_1^T is a law of deep_linear((2, 2, 1)) (symflow.conservation.check_law)."""
    diff = ctx.s.lhs - ctx.s.rhs
    d = _ddt(diff)
    at0 = diff.subs({_V: _V0, _U: _U0}).doit()
    if not _is_zero(d):
        return Refuted("d/dt (lhs - rhs) != 0 along gradient flow", counterexample={
            "d/dt (lhs - rhs)": str(d), "generic layers": "A W_{k+1} W_k B, G = dR/d(product)"})
    if not _is_zero(at0):
        return Refuted("lhs != rhs at t = 0", counterexample={"lhs - rhs at t = 0": str(at0)})
    G = deep_linear((2, 2, 1))
    W1, W2 = G.meta["W"]
    M = W2.T * W2 - W1 * W1.T
    laws = [check_law(G, M[i, j]) for i in range(2) for j in range(i, 2)]
    if not all(v.word == "proved" for v in laws):
        return Inconclusive("the cross-check with symflow.conservation did not prove the laws",
                            reason=Reason.UNDECIDED)
    return Proved("d/dt (lhs - rhs) = 0 and (lhs - rhs)(0) = 0 as noncommutative identities; " + ARG,
                  certificate={"argument": ARG, "d/dt (lhs - rhs)": "0", "cross-check": "check_law on "
                               "deep_linear((2, 2, 1)): the 3 entries of W2^T W2 - W1 W1^T are laws"})


# -------------------------------------------------------------------------------------------------- the lemma
FW2, S2, EPS, SK2, SJ2, IP2, S2N = (Symbol(n, nonnegative=True) for n in
                                    ("normF2", "sigma2", "epsilon", "sigma_k2", "sigma_j2", "inner2", "sigma_kp1_2"))
TAIL2 = Symbol("tail2", nonnegative=True)  # ||W||_F^2 - ||W||_2^2 = the other squared singular values, >= 0
# the domain of the printed symbols: ||W||_F >= ||W||_2 (as a parametrization), sigma_{k+1} > 0 (it divides);
# every relation of the lemma is concluded: more slack is weaker
_SVD_CASE = ({FW2: S2 + TAIL2},)
RANK1 = Statement(rel=FW2 - S2 <= EPS).assuming(cases=_SVD_CASE).monotone("rel", "looser")
BALANCE = Statement(rel=Abs(SK2 - SJ2) <= EPS).monotone("rel", "looser")
ALIGN = Statement(rel=IP2 >= 1 - EPS / S2N).assuming(positive=(S2N,)).monotone("rel", "looser")
H_LEMMA = "gradient flow of FM-Def-SI-model from the initializations of _flow (no hypothesis is printed)"


@kit.cached
def _lemma_rows(dps: int, names: tuple) -> tuple:
    """Per trajectory and sample: epsilon, ||W_k||_F^2, sigma_k, u_k, v_k."""
    rows = []
    for name in names:
        samples = trajectory(name, dps)
        with precision(2 * dps):
            eps = epsilon(samples[0].Ws)
            for smp in samples:
                svs = [svd1(W) for W in smp.Ws]
                rows.append((name, smp.t, smp.digits, eps, [sv[0] ** 2 + tail2(W) for W, sv in zip(smp.Ws, svs)],
                             svs))
    return tuple(rows)


def _cancel_digits(dg: int, big, scale) -> int:
    """Digits left in a difference of numbers of size ``big`` measured against ``scale`` (cancellation)."""
    return max(1, dg - max(0, int(mpmath.ceil(mpmath.log10(max(big, scale) / scale)))))


_PREC = 64  # the trajectories are computed at 2 x min(dps, 30) digits; derived values keep that precision


def _rank1_instances(rows):
    with precision(_PREC):
            return [(f"{n} t={t} k={k + 1}", {FW2: f2[k], S2: sv[k][0] ** 2, EPS: e}, _cancel_digits(dg, f2[k], e))
                for n, t, dg, e, f2, sv in rows for k in range(len(f2))]


def _balance_instances(rows):
    with precision(_PREC):
            return [(f"{n} t={t} k={k + 1} j={j + 1}", {SK2: sv[k][0] ** 2, SJ2: sv[j][0] ** 2, EPS: e},
                 _cancel_digits(dg, max(sv[k][0], sv[j][0]) ** 2, e))
                for n, t, dg, e, f2, sv in rows for k in range(len(sv)) for j in range(len(sv)) if j != k]


def _align_instances(rows):
    out = []
    with precision(_PREC):
        for n, t, dg, e, f2, sv in rows:
            for k in range(len(sv) - 1):
                ip = (sv[k + 1][2].T * sv[k][1])[0, 0]
                out.append((f"{n} t={t} k={k + 1}", {IP2: ip ** 2, EPS: e, S2N: sv[k + 1][0] ** 2}, dg))
    return out


_ALL = tuple(TRAJ)
_SCOPE = "gradient flow: " + "; ".join(f"{n}: widths {v[1]}, alpha = {v[2]}, t in {[str(t) for t in v[4]]}"
                                       for n, v in TRAJ.items())


@claim("FM-Lemma-smallinit-rank1", text=r"$\|W_k(t)\|_F^2-\|W_k(t)\|_2^2\le\varepsilon$", expect=Verified,
       kind=Kind.NUMERIC, statement=RANK1, hyp=H_LEMMA, cites=("FM-Def-eps", "FM-Eq-conservation"))
def lemma_rank1(ctx):
    return kit.inequality(ctx, "rel", lambda s: _rank1_instances(_lemma_rows(ctx.dps, _ALL)), what="rank one",
                          scope=_SCOPE)


@claim("FM-Lemma-smallinit-balance", text=r"$|\sigma_k^2(t)-\sigma_j^2(t)|\le\varepsilon$", expect=Verified,
       kind=Kind.NUMERIC, statement=BALANCE, hyp=H_LEMMA, cites=("FM-Def-svd", "FM-Def-eps"))
def lemma_balance(ctx):
    return kit.inequality(ctx, "rel", lambda s: _balance_instances(_lemma_rows(ctx.dps, _ALL)), what="balance",
                          scope=_SCOPE)


@claim("FM-Lemma-smallinit-align", text=r"$\langle v_{k+1}(t),u_k(t)\rangle^2\ge1-\frac{\varepsilon}"
       r"{\sigma_{k+1}^2(t)}$", expect=Verified, kind=Kind.NUMERIC, statement=ALIGN, hyp=H_LEMMA,
       cites=("FM-Def-svd", "FM-Def-eps"))
def lemma_align(ctx):
    return kit.inequality(ctx, "rel", lambda s: _align_instances(_lemma_rows(ctx.dps, _ALL)), what="alignment",
                          scope=_SCOPE)


LEMMA = Statement(rank1=RANK1.rel, balance=BALANCE.rel, align=ALIGN.rel).assuming(
    cases=_SVD_CASE, positive=(S2N,)).monotone("rank1", "looser").monotone("balance", "looser").monotone(
    "align", "looser")


@claim("FM-Lemma-smallinit", text="Lemma: for any t >= 0, rank-one, balance and alignment bounds with epsilon",
       expect=Verified, kind=Kind.NUMERIC, statement=LEMMA, hyp=H_LEMMA,
       cites=("FM-Lemma-smallinit-rank1", "FM-Lemma-smallinit-balance", "FM-Lemma-smallinit-align"))
def lemma(ctx):
    """The conjunction of the three parts, each on every sample."""
    rows = _lemma_rows(ctx.dps, _ALL)
    out = None
    for part, inst in (("rank1", _rank1_instances), ("balance", _balance_instances), ("align", _align_instances)):
        out = kit.inequality(ctx, part, lambda s, inst=inst: inst(rows), what=part, scope=_SCOPE)
        if not isinstance(out, Verified):
            return out
    return out


# ----------------------------------------------------------------------------------------------------- PL
def _grads(Ws, prob):
    return sh.gradient(list(Ws), prob)


@kit.cached
def _pl_rows(dps: int) -> tuple:
    """(trajectory, t, digits, sum ||dR/dW_k||_F^2, R - R_min, ||pi||, ||W_L...W_2||_2, sigma_1)."""
    rows = []
    for name in _ALL:
        prob = problem_of(name)
        for smp in trajectory(name, dps):
            with precision(2 * dps):
                G = _grads(smp.Ws, prob)
                g2 = mpmath.fsum(mpmath.mnorm(M, "f") ** 2 for M in G)
                gap = sh.risk_gap(list(smp.Ws), prob)
                pi = sh.end_to_end(list(smp.Ws), prob.mp()[2])
                r = smp.Ws[-1]
                for W in reversed(smp.Ws[1:-1]):
                    r = r * W
                rows.append((name, smp.t, smp.digits, g2, gap, mpmath.norm(pi), mpmath.norm(r),
                             svd1(smp.Ws[0])[0]))
    return tuple(rows)


@claim("FM-Thm-PL", text=r"PL for $t\ge1$: there exists $\mu>0$ with "
       r"$\sum_k\|\frac{\partial R^L}{\partial W_k}(t)\|_F^2"
       r"\ge\mu(R^L(\mathcal W(t))-R_{\min})$", expect=Verified, kind=Kind.NUMERIC,
       cites=("FM-Ass-SI-init", "FM-Def-GF"), hyp="the trajectories of _flow (FM-Ass-SI-init checked at t = 0); "
       "mu unspecified on the slide, so no statement to mutate: the check measures the best mu on [1, T]")
def thm_pl(ctx):
    """mu_hat = min over samples t >= 1 (with R - R_min resolved, > 10^-dps) of the gradient norm over the gap;
    the claim holds on the sampled horizon when mu_hat > 0 at every trajectory."""
    out, digits = {}, []
    for name, t, dg, g2, gap, *_ in _pl_rows(ctx.dps):
        if t == 0:
            prob = problem_of(name)
            with precision(ctx.dps):
                start = kit.evaluate(Symbol("x"), {Symbol("x"): gap}, ctx.dps)
                zero = sh.risk_gap([W * 0 for W in trajectory(name, ctx.dps)[0].Ws], prob)
            if not start <= zero:
                return Inconclusive(f"{name}: the initialization violates FM-Ass-SI-init", reason=Reason.DOMAIN)
        if t >= 1 and gap > mpmath.mpf(10) ** (-ctx.dps):
            out[name] = min(out.get(name, mpmath.inf), g2 / gap)
            digits.append(dg)
    if all(v > 0 for v in out.values()):
        return Verified("mu_hat = min ratio on t in [1, T]: " + ", ".join(f"{k}: {kit.nstr(v, 8)}"
                                                                         for k, v in out.items()),
                        n_digits=max(1, min(digits)), points=tuple(out), dps=ctx.dps, scope=_SCOPE)
    return Refuted("the gradient vanishes while the risk gap does not", counterexample={
        k: kit.nstr(v, 10) for k, v in out.items()})


# ---------------------------------------------------------------------------------------- PL proof fragments
_R_ROW, _G_ROW = MatrixSymbol("r", 1, _k), MatrixSymbol("g", _l, 1)  # symbolic shapes: no constants to mutate
GRAD_W1 = Statement(grad=_R_ROW.T * _G_ROW.T)


def _gradw1_entries(s, dims):
    """dR/dW_1 by SymPy (entries of the risk gap differentiated) against the statement with r = W_L...W_2 and
    g = grad_pi R = 2 Sigma (pi - pi*) (the reading of the undefined g), at widths ``dims`` (d_0 = 2)."""
    G = deep_linear(dims)
    Ws = G.meta["W"]
    prob = problem_of("L2-A")
    pi = sympy.Matrix(G.outputs)
    e = pi - sympy.Matrix(prob.pi_star)
    gap = sympy.expand((e.T * sympy.Matrix(prob.Sigma) * e)[0, 0])
    r = Ws[-1]
    for W in reversed(Ws[1:-1]):
        r = r * W
    g = 2 * sympy.Matrix(prob.Sigma) * e
    printed = s.grad.subs({_k: dims[1], _l: dims[0]})
    printed = printed.subs({MatrixSymbol("r", 1, dims[1]): r, MatrixSymbol("g", dims[0], 1): g}).doit()
    W1 = Ws[0]
    return [(f"dR/dW1[{i},{j}]", sympy.diff(gap, W1[i, j]), sympy.expand(printed[i, j]))
            for i in range(W1.rows) for j in range(W1.cols)]


@claim("FM-Eq-PL-gradW1", text=r"$\frac{\partial R^L}{\partial W_1}(t)=(W_L(t)\dots W_2(t))^\top g^\top$",
       expect=Verified, statement=GRAD_W1, cites=("FM-Def-undefined-symbols",),
       hyp="g read as the gradient of the risk in the end-to-end regressor, 2 Sigma (pi - pi*) (g is undefined on "
           "the slides; this is the reading under which the display is a chain rule)")
def pl_gradw1(ctx):
    return kit.at_sizes(lambda *dims: _gradw1_entries(ctx.s, dims), [(2, 2, 1), (2, 3, 1), (2, 2, 2, 1)],
                        what="chain rule for W_1", names="widths")


R2, G2N, GAP, LAMS, FG2 = (Symbol(n, nonnegative=True) for n in ("r2", "g2", "gap", "lam", "normF2_grad"))
NORM_W1 = Statement(eq=sympy.Eq(FG2, R2 * G2N), ineq=R2 * G2N >= 4 * LAMS * R2 * GAP).monotone("ineq", "looser")
_PI_POINTS = ((Q(1), Q(0)), (Q(0), Q(1)), (Q(2), Q(-3)), (Q(1, 3), Q(1, 7)))


def _normw1_instances(dps):
    """pi - pi* along both eigenvectors of Sigma (equality case of ||g||^2 >= 4 lambda (R - R_min) at the
    smallest) and generic points; r a fixed row (its norm cancels but is printed)."""
    prob = problem_of("L2-A")
    out = []
    with precision(dps + 10):
        Sg, ps, _ = prob.mp()
        E, Vv = mpmath.eigsy(Sg)
        lam_v = min(E)
        dirs = [Vv[:, i] for i in range(2)] + [mpmath.matrix([list(p)]).T.apply(kit.mp) for p in _PI_POINTS]
        r = mpmath.matrix([[kit.mp(Q(2, 3)), kit.mp(Q(-1, 5))]])
        for k, dvec in enumerate(dirs):
            g = 2 * Sg * dvec
            out.append((f"direction {k}", {R2: mpmath.norm(r) ** 2, G2N: mpmath.norm(g) ** 2,
                                           GAP: (dvec.T * Sg * dvec)[0, 0], LAMS: lam_v,
                                           FG2: mpmath.mnorm(r.T * g.T, "f") ** 2}, dps))
    return out


@claim("FM-Eq-PL-normW1", text=r"$\|\frac{\partial R^L}{\partial W_1}\|_F^2=\|W_L\dots W_2\|_2^2\|g\|_2^2\ge4\lambda"
       r"\|W_L\dots W_2\|_2^2(R^L(\mathcal W(t))-R_{\min})$", expect=Verified, kind=Kind.NUMERIC,
       statement=NORM_W1, cites=("FM-Eq-PL-gradW1", "FM-Def-eigs"))
def pl_normw1(ctx):
    """The equality (a rank-one matrix r^T g^T has Frobenius norm ||r|| ||g||) and the inequality
    (||2 Sigma e||^2 = 4 e^T Sigma^2 e >= 4 lambda e^T Sigma e), at eigen-directions (equality) and generic ones."""
    inst = _normw1_instances(ctx.dps)
    rows = []
    for label, v, dg in inst:
        lhs = kit.evaluate(ctx.s.eq.lhs, v, ctx.dps)
        rhs = kit.evaluate(ctx.s.eq.rhs, v, ctx.dps)
        c = kit.compare(lhs, rhs, digits=dg - 5, what=f"equality, {label}", point={"instance": label})
        if not isinstance(c, Verified):
            return c
        rows.append(c)
    return kit.inequality(ctx, "ineq", lambda s: inst, what="the inequality", scope="Sigma of trajectory data A; "
                          "pi - pi* along both eigenvectors and 4 rational directions; equality also checked")


R0, R1, SP, PNT = (Symbol(n, positive=True) for n in ("R_at_pi_0", "R_at_t1", "norm_Sigma_pistar", "norm_pi_t"))
_DROP = Symbol("R_drop", positive=True)  # R(pi = 0) - R(1) > 0: the hypothesis R(1) < R(0) <= R(pi = 0) recalled
SMALL_NONZERO = Statement(rel=PNT >= (R0 - R1) / (2 * SP)).assuming(cases=({R0: R1 + _DROP},)).monotone(
    "rel", "looser")


@claim("FM-Claim-PL-small-nonzero", text=r"for $t\ge1$, $\pi(\mathcal W(t))$ cannot be too close to 0",
       expect=Verified, kind=Kind.NUMERIC, statement=SMALL_NONZERO, cites=("FM-Ass-SI-init",),
       hyp="quantified by the argument the slide recalls: R(t) <= R(1) < R(0) <= R(pi = 0) and R(pi = 0) - R(pi) = "
           "2 pi^T Sigma pi* - pi^T Sigma pi <= 2 ||pi|| ||Sigma pi*||, so ||pi(t)|| >= (R(pi = 0) - R(1)) / "
           "(2 ||Sigma pi*||) for t >= 1 (R - R_min throughout)")
def pl_small_nonzero(ctx):
    """At every sample t >= 1 of every trajectory, ||pi(t)|| against the statement's lower bound."""
    inst = []
    for name in _ALL:
        prob = problem_of(name)
        with precision(2 * ctx.dps):
            Sg, ps, _ = prob.mp()
            r0, sp = (ps.T * Sg * ps)[0, 0], mpmath.norm(Sg * ps)
        rows = [r for r in _pl_rows(ctx.dps) if r[0] == name]
        r1 = next(r[4] for r in rows if r[1] == 1)
        inst += [(f"{name} t={t}", {PNT: pin, R0: r0, R1: r1, SP: sp}, dg) for _, t, dg, g2, gap, pin, *_ in rows
                 if t >= 1]
    return kit.inequality(ctx, "rel", lambda s: inst, what="||pi(t)|| bounded away from 0 for t >= 1",
                          scope=_SCOPE)


RN, PN, S1 = (Symbol(n, positive=True) for n in ("norm_WL_W2", "norm_pi", "sigma_1"))
SMALL_PRODUCT = Statement(rel=RN >= PN / S1).monotone("rel", "looser")


@claim("FM-Claim-PL-small-product", text=r"since $\sigma_1(t)$ is small, $\|W_L(t)\dots W_2(t)\|_2$ is large",
       expect=Verified, kind=Kind.NUMERIC, statement=SMALL_PRODUCT,
       hyp="quantified as ||W_L...W_2||_2 >= ||pi|| / sigma_1 (pi^T = (W_L...W_2) W_1), the inequality behind it")
def pl_small_product(ctx):
    inst = [(f"{n} t={t}", {RN: rn, PN: pin, S1: s1}, dg) for n, t, dg, g2, gap, pin, rn, s1 in _pl_rows(ctx.dps)]
    return kit.inequality(ctx, "rel", lambda s: inst, what="||W_L...W_2|| sigma_1 >= ||pi||", scope=_SCOPE)


prose_table([
    ("FM-Claim-PL-cases", "The argument splits into two cases according to the magnitude of sigma_1(t).",
     "the structure of a proof whose thresholds ('large', 'small') are not given; its checkable pieces are "
     "FM-Claim-PL-small-nonzero and FM-Claim-PL-small-product, and the conclusion FM-Thm-PL", ("FM-Thm-PL",)),
    ("FM-Claim-PL-large", "If sigma_1(t) is large: use the balance and alignment of the lemma.",
     "names a tool (the lemma, checked as FM-Lemma-smallinit-*) for an unquantified case; no statement is printed",
     ("FM-Lemma-smallinit",)),
])
