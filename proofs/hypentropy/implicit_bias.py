r"""§2.1 of HY: the implicit bias of the mirror flow (Thm 2.2, (1), its characterization) (spec §3.1, first part).

Numerics: the mirror flow of several closed-form potentials (hypentropy alpha = 1, 1/10, 1/2, the power potential
|x|^2/2 + |x|^4/4, a non-separable rotated hypentropy) on exact designs of rank n < d, integrated at ``dps`` and
``2 dps`` (:mod:`._instances`), against the Bregman projection solved from its KKT system by
:func:`symflow.potentials.affine_kkt` and, independently, by minimising the printed objective on
:math:`\{X\beta = y\}` (:func:`symflow.potentials.affine_minimize`).  Proof steps of Thm 2.2: ``implicit_bias_steps``;
Thm 2.3: ``implicit_bias_border``.
"""

from __future__ import annotations

import mpmath
import sympy

from symflow.claims import Kind, Statement, claim, kit, prose
from symflow.errors import PrecisionError
from symflow.potentials import affine_data, affine_minimize, affine_solve
from symflow.precision import agreeing_digits
from symflow.verdict import Inconclusive, Reason, Refuted, Verified

from ._instances import instances, projection, run
from ._least_squares import B0, DESIGNS, POTENTIALS, B, DPhi, GradPhi, bregman, to_sympy

__all__ = ["H_THM22", "limit_is_optimal"]

H_THM22 = ("HY-Def-LS (rank X = n < d), phi Legendre with grad phi(D) = R^d, beta follows the mirror flow "
           "(HY-Def-MirrorFlow); argmin_D F nonempty")

EQ1 = Statement(objective=DPhi(B, B0))
CHAR = Statement(member=GradPhi(B) - GradPhi(B0)).scale_free("member")  # membership in a subspace


def _objective(s_objective, inst):
    pot, des = POTENTIALS[inst.pot], DESIGNS[inst.design]
    return to_sympy(s_objective, pot.phi, pot.theta, des.X, des.y,
                    {B: sympy.Matrix(pot.theta), B0: sympy.Matrix(des.beta0)})


def limit_is_optimal(objective, inst, dps: int) -> dict:
    """First- and second-order optimality of the flow's limit beta(T) for ``objective`` on {X beta = y}:
    the reduced gradient N^T grad f(beta(T)) (relative), the smallest eigenvalue of N^T hess f N there, and the
    digits on which beta(T) agrees with beta(T/2) (convergence) and with the KKT projection."""
    pot, des = POTENTIALS[inst.pot], DESIGNS[inst.design]
    th = pot.theta
    r = run(inst, dps)
    bT, _, dig = r.at(inst.T)
    bH, _, _ = r.at(sympy.Integer(inst.T) / 2)
    _, _, _, N = affine_data(des.X, des.y, pot.d)
    grad = sympy.Matrix([sympy.diff(objective, t) for t in th])
    hess = N.T * sympy.hessian(objective, th) * N
    with mpmath.workdps(dps):
        g = mpmath.matrix(sympy.lambdify([th], grad, modules="mpmath")(bT))
        Nm = mpmath.matrix(N.tolist())
        red = Nm.T * g
        rel = mpmath.norm(red) / max(mpmath.mpf(1), mpmath.norm(g))
        H = mpmath.matrix(sympy.lambdify([th], hess, modules="mpmath")(bT))
        eig = min(mpmath.eigsy(H, eigvals_only=True))
        kkt = projection(inst.pot, inst.design, dps)
        return {"beta(T)": bT, "flow digits": dig, "converged digits": agreeing_digits(bT, bH, cap=dps),
                "reduced gradient": rel, "min eig": eig, "kkt": kkt.theta,
                "kkt digits": min(kkt.digits, agreeing_digits(bT, list(kkt.theta), cap=dps))}


def _neglog(x) -> int:
    return int(mpmath.floor(-mpmath.log10(x))) if x > 0 else 99


@claim("HY-Thm2.2", text=r"If $\arg\min_{\mathcal D}F\neq\emptyset$, $\lim_{t\to\infty}\beta(t)=\beta^*$ with "
       r"$\{\beta^*\}=\arg\min\{D_\phi(\beta,\beta_0):\beta\in\arg\min_{\mathcal D}F\}$ (1)", expect=Verified,
       kind=Kind.NUMERIC, statement=EQ1, hyp=H_THM22, cites=("HY-Def-MirrorFlow", "HY-Def-Bregman", "HY-Def2.1"))
def thm22(ctx):
    """The flow's limit beta(T) is optimal for the printed objective on {X beta = y}: reduced gradient ~ 0 and
    reduced Hessian positive definite; it also agrees with the KKT projection solved independently."""
    worst, pts = None, []
    for inst in instances(ctx.fast):
        try:
            obj = _objective(ctx.s.objective, inst)
        except TypeError as exc:
            return Refuted(f"the objective is not a scalar function of beta ({exc})", counterexample={"instance":
                                                                                               inst.label})
        o = limit_is_optimal(obj, inst, ctx.dps)
        dg = min(o["flow digits"], o["converged digits"], _neglog(o["reduced gradient"]) - 2, o["kkt digits"])
        cex = {"instance": inst.label, "beta(T)": [kit.nstr(v, 20) for v in o["beta(T)"]],
               "KKT projection": [kit.nstr(v, 20) for v in o["kkt"]],
               "reduced gradient of the objective at beta(T)": kit.nstr(o["reduced gradient"], 8),
               "smallest reduced Hessian eigenvalue": kit.nstr(o["min eig"], 8)}
        limit = mpmath.mpf(10) ** -(max(6, o["converged digits"] // 2))  # far above the flow's own distance to beta*
        if o["converged digits"] >= 8 and (o["reduced gradient"] > limit or o["min eig"] <= 0):
            return Refuted("the limit of the mirror flow does not minimise the printed objective on the minimizers",
                           counterexample=cex, measured_digits=o["flow digits"])
        if dg < 10:
            return Inconclusive(f"{inst.label}: only {dg} digits of convergence", reason=Reason.PRECISION)
        worst = dg if worst is None else min(worst, dg)
        pts.append(inst.label)
    return Verified(f"beta(T) minimises D_phi(., beta0) on X beta = y (reduced gradient, reduced Hessian > 0) and "
                    f"agrees with the KKT projection: >= {worst} digits", n_digits=worst, points=tuple(pts),
                    dps=ctx.dps, method="Taylor jet at dps and 2 dps; KKT Newton (symflow.potentials.affine_kkt)",
                    scope=f"numeric, {len(pts)} (potential, design) instances, rank X = n < d")


@claim("HY-Eq1", text=r"$\{\beta^*\}=\arg\min\{D_\phi(\beta,\beta_0):\beta\in\arg\min_{\mathcal D}F\}$ (1)",
       expect=Verified, kind=Kind.NUMERIC, statement=EQ1, hyp=H_THM22, cites=("HY-Thm2.2",))
def eq1(ctx):
    """The printed objective has a strict minimiser on {X beta = y} (reduced Newton; reduced Hessian > 0; convex
    objective, so unique), and that minimiser is the limit of the flow."""
    worst, pts = None, []
    for inst in instances(ctx.fast):
        des = DESIGNS[inst.design]
        try:
            obj = _objective(ctx.s.objective, inst)
            m = affine_minimize(obj, POTENTIALS[inst.pot].theta, des.X, des.y, des.beta0, dps=ctx.dps)
        except TypeError as exc:
            return Refuted(f"the objective is not a scalar function ({exc})", counterexample={"instance": inst.label})
        except PrecisionError as exc:
            return Refuted(f"no critical point of the objective on X beta = y near beta0 ({exc}); the flow's limit "
                           "is not its minimiser", counterexample={"instance": inst.label})
        bT, _, fdig = run(inst, ctx.dps).at(inst.T)
        with mpmath.workdps(ctx.dps):
            agree = agreeing_digits(list(m.theta), bT, cap=ctx.dps)
        cex = {"instance": inst.label, "critical point": [kit.nstr(v, 20) for v in m.theta],
               "beta(T)": [kit.nstr(v, 20) for v in bT], "reduced Hessian min eig": kit.nstr(m.min_eig, 8)}
        if m.min_eig <= 0 or agree < max(5, min(fdig, m.digits) // 2):
            return Refuted("the argmin of the printed objective is not the flow's limit (or is no minimum)",
                           counterexample=cex, measured_digits=min(fdig, m.digits))
        dg = min(agree, m.digits, fdig)
        worst = dg if worst is None else min(worst, dg)
        pts.append(inst.label)
    return Verified(f"the unique minimiser of D_phi(., beta0) on X beta = y equals lim beta(t) to >= {worst} digits",
                    n_digits=worst, points=tuple(pts), dps=ctx.dps, method="reduced Newton vs Taylor jet",
                    scope=f"numeric, {len(pts)} instances, rank X = n < d")


@claim("HY-Thm2.2-char", text=r"$\beta^*$ is characterized by $\beta^*\in\arg\min_{\mathcal D}F$ and "
       r"$\nabla\phi(\beta^*)-\nabla\phi(\beta_0)\in\mathrm{Im}(X^\top)$", expect=Verified, kind=Kind.NUMERIC,
       statement=CHAR, hyp=H_THM22, cites=("HY-Eq1",))
def thm22_char(ctx):
    """Solve the printed characterization (N^T member(beta) = 0, X beta = y; N a basis of ker X) by Newton and compare
    with the minimiser of D_phi(., beta0) on X beta = y found by reduced Newton on the Bregman divergence itself."""
    worst, pts = None, []
    for inst in instances(ctx.fast):
        pot, des = POTENTIALS[inst.pot], DESIGNS[inst.design]
        th = pot.theta
        mem = to_sympy(ctx.s.member, pot.phi, th, des.X, des.y,
                       {B: sympy.Matrix(th), B0: sympy.Matrix(des.beta0)})
        direct = affine_minimize(bregman(pot.phi, th, th, des.beta0), th, des.X, des.y, des.beta0, dps=ctx.dps)
        try:
            got = affine_solve(list(mem), th, des.X, des.y, list(direct.theta), dps=ctx.dps)
            sol, dig = list(got.theta), got.digits
        except PrecisionError:
            sol, dig = None, 0
        with mpmath.workdps(ctx.dps):
            agree = agreeing_digits(sol, list(direct.theta), cap=ctx.dps) if sol is not None else 0
        if agree < max(5, min(dig, direct.digits) - 5):  # they differ beyond the measured error
            return Refuted("the point the characterization defines is not the Bregman projection", counterexample={
                "instance": inst.label, "characterized point": None if sol is None else [kit.nstr(v, 20) for v in sol],
                "projection (direct minimisation)": [kit.nstr(v, 20) for v in direct.theta]},
                measured_digits=direct.digits)
        dg = min(agree, dig, direct.digits)
        worst = dg if worst is None else min(worst, dg)
        pts.append(inst.label)
    return Verified(f"the characterization's solution equals the direct minimiser to >= {worst} digits",
                    n_digits=worst, points=tuple(pts), dps=ctx.dps, method="Newton on the KKT system vs reduced Newton",
                    scope=f"numeric, {len(pts)} instances")


prose("HY-Fn3", "Gunasekar et al. [2018] assume that beta(t) admits a limit beta* and that X beta* = y.",
      "a statement about another paper's hypotheses (Gunasekar et al. 2018, Thm 1); no formula of this report to "
      "check: Thm 2.2 is checked without that assumption (HY-Thm2.2)", cites=("HY-Thm2.2",))
