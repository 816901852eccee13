r"""§3.1 (spec §3.3, second part): the change of variables (24), the diagonal modes (25)–(27) and Theorem 1
((28)–(30)), checked against the full matrix gradient flow of the two-layer network and symbolically.

The matrix flow is :func:`symflow.deep_linear.matrix_flow` (derived from the loss), integrated at ``ctx.dps`` digits
with the digits measured by a rerun; the closed forms are evaluated from the printed statements.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Rational as R

from symflow import deep_linear as dl
from symflow.claims import Kind, Statement, cite_table, claim, kit
from symflow.precision import precision
from symflow.verdict import Proved, Refuted, Verified

from ._continuous import (COMMUTING, MODE_ARG, a, delta, exp_to_symbols, lam, m, matrix_run, mode_flow, n,
                          run_matrices, sigma, t)

__all__: list[str] = []

H_THM1 = "Assumption 1; L = 2; W1(0) = U diag(e^{-δ_i}) Q, W2(0) = Q^{-1} diag(e^{-δ_i}) V^T"
SCOPE_RUN = ("numeric: d = p = 3, σ = (2, 1, 0), λ = (4, 1/2, 1), e^{-δ_i} = (1/2, 1/3, 1/2), exact orthogonal "
             "U, V; full matrix flow (20) integrated to T")

cite_table({"DDyn-Eq24": "the change of variables W̄1 = U^T W1 Q^{-1}, W̄2 = Q W2 V (a definition); used by "
                         "DDyn-Eq25, DDyn-Eq28 (matrix_run in _continuous.py)"})

M29 = sympy.sqrt(sigma * sympy.exp(2 * sigma * t - 2 * delta)
                 / (lam * (sympy.exp(2 * sigma * t - 2 * delta) - sympy.exp(-2 * delta)) + sigma))
M30 = sympy.exp(-delta) / sympy.sqrt(1 + 2 * sympy.exp(-delta) * lam * t)
M30_CORRECTED = sympy.exp(-delta) / sympy.sqrt(1 + 2 * sympy.exp(-2 * delta) * lam * t)
THM1 = Statement(m29=M29, m30=M30)
THM1_CORRECTED = Statement(m29=M29, m30=M30_CORRECTED)


def _horizon(ctx):
    return R(1, 2) if ctx.fast else R(1)


def _modes(s, T, dps):
    """The closed-form modes m_i(T) = n_i(T) of the statement for COMMUTING: (29) when σ_i > 0, else (30)."""
    c = COMMUTING
    out = []
    with precision(dps):
        for sg, lm, sc in zip(c["sigma"], c["lam"], c["scale"]):
            d = -mpmath.log(kit.mp(sc))
            if sg > 0:
                out.append(kit.evaluate(s.m29, {sigma: sg, lam: lm, delta: d, t: T}, dps))
            else:
                out.append(kit.evaluate(s.m30, {lam: lm, delta: d, t: T}, dps))
    return out


def _closed_vs_flow(ctx, which: str, what: str):
    T = _horizon(ctx)
    sol, Q, _ = matrix_run(which, T, ctx.dps)
    modes = _modes(ctx.s, T, ctx.dps)
    with precision(ctx.dps):
        N = mpmath.diag(modes)
        W1c = dl.to_mp(COMMUTING["U"]) * N * dl.to_mp(Q)
        W2c = dl.to_mp(Q.inv()) * N * dl.to_mp(COMMUTING["V"].T)
        closed = [W1c[i, j] for i in range(3) for j in range(3)] + [W2c[i, j] for i in range(3) for j in range(3)]
    v = kit.compare(list(sol.y1), closed, digits=sol.digits, what=what, need=max(1, sol.digits - 8),
                    point={"Q": str(Q.tolist()), "T": str(T)}, dps=ctx.dps,
                    method="Taylor jet, digits measured by a rerun at higher precision")
    if isinstance(v, Verified):
        return Verified(v.detail, n_digits=v.n_digits, points=v.points, dps=ctx.dps, method=v.method,
                        scope=SCOPE_RUN + f" = {T}, Q = {Q.tolist()}")
    return v


@claim("DDyn-Thm1", text=r"Under Assumption 1, L = 2, $W_1(0)=U\mathrm{diag}(e^{-\delta_i})Q$, "
       r"$W_2(0)=Q^{-1}\mathrm{diag}(e^{-\delta_i})V^\top$ (Q arbitrary invertible), the solution of (20) is (28) "
       r"with (29) for $i\le r_{xy}$ and (30) for $r_{xy}<i\le r_x$", expect=Refuted, kind=Kind.NUMERIC,
       statement=THM1, hyp=H_THM1, cites=("DDyn-Eq20", "DDyn-Ass1"))
def thm1(ctx):
    """Printed: Q any invertible matrix.  The full matrix flow from a non-orthogonal Q leaves the form (28)."""
    return _closed_vs_flow(ctx, "general", "Thm 1 closed form vs the matrix flow (Q invertible, not orthogonal)")


@claim("DDyn-Thm1/corrected", text=r"Theorem 1 with Q orthogonal and (30) read $m_i=n_i=e^{-\delta_i}/"
       r"\sqrt{1+2e^{-2\delta_i}\lambda_it}$", expect=Verified, kind=Kind.NUMERIC, statement=THM1_CORRECTED,
       hyp=H_THM1 + ", Q orthogonal", cites=("DDyn-Eq20",))
def thm1_corrected(ctx):
    """The closed form against the full matrix flow, Q orthogonal: every entry of W1(T), W2(T)."""
    return _closed_vs_flow(ctx, "orth", "Thm 1 (corrected) closed form vs the matrix flow")


def _off_diagonal(ctx, which: str, what: str):
    """max |off-diagonal| of W̄1 = U^T W1 Q^{-1} and W̄2 = Q W2 V along the matrix flow at T."""
    T = _horizon(ctx)
    sol, Q, _ = matrix_run(which, T, ctx.dps)
    W1, W2 = run_matrices(sol, ctx.dps)
    with precision(ctx.dps):
        B1 = dl.to_mp(COMMUTING["U"].T) * W1 * dl.to_mp(Q.inv())
        B2 = dl.to_mp(Q) * W2 * dl.to_mp(COMMUTING["V"])
        off = max(abs(B[i, j]) for B in (B1, B2) for i in range(3) for j in range(3) if i != j)
        tol = kit.tolerance(sol.digits)
        if off > tol:
            return Refuted(f"{what}: an off-diagonal entry of W̄1, W̄2 reaches {kit.nstr(off, 8)} at T = {T}",
                           measured_digits=sol.digits,
                           counterexample={"Q": str(Q.tolist()), "T": str(T), "max |off-diagonal|": kit.nstr(off, 20),
                                           "W̄1(T)": str([[kit.nstr(B1[i, j], 10) for j in range(3)]
                                                        for i in range(3)])})
    return Verified(f"{what}: off-diagonal entries of W̄1, W̄2 stay 0 to {sol.digits} measured digits "
                    f"(max {kit.nstr(off, 3)})", n_digits=sol.digits, points=(f"T = {T}",), dps=ctx.dps,
                    method="Taylor jet, digits measured by a rerun", scope=SCOPE_RUN + f" = {T}, Q = {Q.tolist()}")


@claim("DDyn-Eq25", text=r"Diagonal initializations $\bar M_0,\bar N_0$ give $\bar W_1(t)=\mathrm{diag}(n_i(t))$, "
       r"$\bar W_2(t)=\mathrm{diag}(m_i(t))$ (25) (Q arbitrary invertible in (24))", expect=Refuted,
       kind=Kind.NUMERIC, hyp=H_THM1, cites=("DDyn-Eq24",))
def eq25(ctx):
    return _off_diagonal(ctx, "general", "(25), Q invertible")


@claim("DDyn-Eq25/corrected", text="(25) when Q in (24) is orthogonal", expect=Verified, kind=Kind.NUMERIC,
       hyp=H_THM1 + ", Q orthogonal", cites=("DDyn-Eq24",))
def eq25_corrected(ctx):
    return _off_diagonal(ctx, "orth", "(25), Q orthogonal")


@claim("DDyn-Eq28", text=r"$W_1(t)=U\mathrm{diag}(n_i(t))Q$, $W_2(t)=Q^{-1}\mathrm{diag}(m_i(t))V^\top$ (28)",
       expect=Refuted, kind=Kind.NUMERIC, hyp=H_THM1)
def eq28(ctx):
    return _off_diagonal(ctx, "general", "(28): U^T W1 Q^{-1} and Q W2 V diagonal, Q invertible")


@claim("DDyn-Eq28/corrected", text="(28) with Q orthogonal", expect=Verified, kind=Kind.NUMERIC,
       hyp=H_THM1 + ", Q orthogonal")
def eq28_corrected(ctx):
    return _off_diagonal(ctx, "orth", "(28): U^T W1 Q^T and Q W2 V diagonal, Q orthogonal")


# ---------------------------------------------------------------------------------- (26), (27), (29), (30)

EQ26 = Statement(mdot=n * (sigma - lam * n * m), ndot=m * (sigma - lam * n * m))


def _eq26_entries(s, size):
    """Bar coordinates with Q orthogonal: f = ½tr(W̄ᵀDW̄) - tr(W̄ᵀS); its gradient flow at diagonal W̄1, W̄2."""
    k = size
    sg = [sympy.Symbol(f"sigma{i}", positive=True) for i in range(k)]
    lm = [sympy.Symbol(f"lam{i}", positive=True) for i in range(k)]
    ns = [sympy.Symbol(f"n{i}", real=True) for i in range(k)]
    ms = [sympy.Symbol(f"m{i}", real=True) for i in range(k)]
    layers, variables, rhs = dl.matrix_flow((k, k, k), sympy.diag(*lm), sympy.diag(*sg))
    diag = {}
    for l, M in enumerate(layers):
        for i in range(k):
            for j in range(k):
                diag[M[i, j]] = (ns if l == 0 else ms)[i] if i == j else 0
    vel = dict(zip(variables, [r.xreplace(diag) for r in rhs]))
    out = []
    for i in range(k):
        sub = {sigma: sg[i], lam: lm[i], n: ns[i], m: ms[i]}
        out.append((f"n{i}'", vel[layers[0][i, i]], s.ndot.xreplace(sub)))
        out.append((f"m{i}'", vel[layers[1][i, i]], s.mdot.xreplace(sub)))
        out += [(f"off ({i},{j})", vel[M[i, j]], 0) for M in layers for j in range(k) if j != i]
    return out


@claim("DDyn-Eq26", text=r"$\dot m_i=n_i(\sigma_i-\lambda_in_im_i)$, $\dot n_i=m_i(\sigma_i-\lambda_in_im_i)$ (26)",
       expect=Verified, statement=EQ26, hyp="Assumption 1, bar coordinates (24) with Q orthogonal, diagonal W̄",
       cites=("DDyn-Eq24",))
def eq26(ctx):
    return kit.at_sizes(lambda k: _eq26_entries(ctx.s, k), [2, 3], what="(26) from the gradient of the loss",
                        names="d = p = r")


EQ27 = Statement(wdot=2 * m * n * (sigma - lam * m * n))


@claim("DDyn-Eq27", text=r"$n_i(0)=m_i(0)$ $\Rightarrow$ $\dot w_i=2w_i(\sigma_i-\lambda_iw_i)$, $w_i=n_im_i$ (27)",
       expect=Proved, statement=EQ27, hyp="(26), balanced initialization (m_i = n_i for all t)")
def eq27(ctx):
    """d/dt (n m) along the mode flow, at m = n (balancedness is conserved: d/dt(n² - m²) = 0)."""
    flow = mode_flow()
    return kit.identities([("d/dt(nm) at m = n", kit.ddt(n * m, flow).subs(n, m), ctx.s.wdot.subs(n, m)),
                           ("n² - m² conserved", kit.ddt(n ** 2 - m ** 2, flow), 0)],
                          argument=MODE_ARG, what="(27)")


def undefined_at_zero(expr, what):
    """A closed form that is undefined at t = 0 cannot meet its initial condition."""
    return Refuted(f"{what}: the closed form is undefined at t = 0", counterexample={"t": "0", "expression": str(expr)})


def _mode_identity(expr, flow_sigma, what):
    """m(t) = expr solves the balanced mode flow m' = m(σ - λ m²) (σ → flow_sigma) with m(0) = e^{-δ}."""
    w = expr ** 2
    init = exp_to_symbols(expr.subs(t, 0))
    if init.has(sympy.zoo, sympy.nan, sympy.oo):
        return undefined_at_zero(expr, what)
    lhs = exp_to_symbols(sympy.diff(w, t))
    rhs = exp_to_symbols(kit.ddt(n * m, mode_flow()).subs(n, m).subs(sigma, flow_sigma).subs(m, expr))
    return kit.identities([("d/dt m(t)^2 = 2 m m'", lhs, rhs), ("m(0) = e^{-δ}", init, a)],
                          argument=MODE_ARG + "; every δ_i, every t (e^{-δ} and e^{σt} are free positive symbols, "
                          "m > 0 is the positive root)", what=what)


@claim("DDyn-Eq29", text=r"$m_i(t)=n_i(t)=\sqrt{\frac{\sigma_ie^{2\sigma_it-2\delta_i}}{\lambda_i(e^{2\sigma_it-"
       r"2\delta_i}-e^{-2\delta_i})+\sigma_i}}$ (29)", expect=Proved, statement=Statement(m29=M29),
       hyp="(26), m_i(0) = n_i(0) = e^{-δ_i}, σ_i > 0")
def eq29(ctx):
    return _mode_identity(ctx.s.m29, sigma, "(29) solves (26)")


@claim("DDyn-Eq30", text=r"$m_i(t)=n_i(t)=\frac{e^{-\delta_i}}{\sqrt{1+2e^{-\delta_i}\lambda_it}}$ (30)",
       expect=Refuted, statement=Statement(m30=M30), hyp="(26), σ_i = 0, m_i(0) = n_i(0) = e^{-δ_i}")
@claim("DDyn-Eq30/corrected", text=r"$m_i(t)=n_i(t)=\frac{e^{-\delta_i}}{\sqrt{1+2e^{-2\delta_i}\lambda_it}}$",
       expect=Proved, statement=Statement(m30=M30_CORRECTED), hyp="(26), σ_i = 0, m_i(0) = n_i(0) = e^{-δ_i}")
def eq30(ctx):
    return _mode_identity(ctx.s.m30, 0, "(30) solves (26) with σ_i = 0")
