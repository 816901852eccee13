r"""Appendix B.5 (spec §3.12): the proof of (33), the gradient-descent iterates of the linear model, step by step.

Every display is checked against the recursion (11) for L = 1, :math:`W_{t+1} = W_t - \eta(\Sigma_xW_t - \Sigma_{xy})`,
run in exact rationals.  The printed displays multiply by :math:`(I_d - \eta\Sigma_x)^t` on the right; the iterates
are :math:`W_t = (I_d - \eta\Sigma_x)^t(W_0 - \Sigma_x^\dagger\Sigma_{xy}) + \Sigma_x^\dagger\Sigma_{xy}` (left).
Statements are matrix expressions: ``M`` = :math:`I_d - \eta\Sigma_x`, ``P`` = :math:`\Sigma_x^\dagger\Sigma_{xy}`,
``G`` = :math:`\sum_{s=0}^{t-1}M^s`, ``t_steps`` = t.
"""

from __future__ import annotations

import sympy
from sympy import Rational as R

from symflow.claims import Statement, claim
from symflow.verdict import Refuted, Verified

from ._continuous import ETA, MS, SXY_, TT, commuting_data, mat_eval, moment_data

__all__: list[str] = []

M_, P_, W0_ = MS["M"], MS["P"], MS["W0"]
G_ = sympy.MatrixSymbol("G", M_.rows, M_.cols)
STEP = R(1, 10)
STEPS = (1, 2, 3)
H = "(11) with L = 1, η = 1/10; exact rational iterates"


def _instances():
    """(name, Σ_x, Σ_xy, W0): d = p = 2 with W0 not commuting with Σ_x; d = 3, p = 2 with Σ_x singular."""
    X, Y = moment_data((2, 1), (R(2), R(1, 4)))
    Xc, Yc = commuting_data()
    yield "d = p = 2", X.T * X / 3, X.T * Y / 3, sympy.Matrix([[1, 2], [0, 1]])
    yield "d = 3, p = 2, Σ_x singular", Xc.T * Xc / 4, Xc.T * Yc / 4, sympy.Matrix([[1, 0], [0, 2], [1, 1]])


def _subs(Sx, Sxy, W0, t):
    M = sympy.eye(Sx.rows) - STEP * Sx
    G = sum((M ** s for s in range(t)), sympy.zeros(Sx.rows))
    return {M_: M, P_: Sx.pinv() * Sxy, W0_: W0, G_: G, SXY_: Sxy, TT: t, ETA: STEP}


def _iterate(Sx, Sxy, W0, t):
    W = W0
    for _ in range(t):
        W = W - STEP * (Sx * W - Sxy)
    return W


def _check(ctx, part_lhs, part_rhs, what):
    """lhs(t) = rhs(t) at every instance and step (rhs = None: lhs against the exact iterate)."""
    for name, Sx, Sxy, W0 in _instances():
        for t in STEPS:
            sub = _subs(Sx, Sxy, W0, t)
            lhs = mat_eval(ctx.s[part_lhs], sub)
            rhs = _iterate(Sx, Sxy, W0, t) if part_rhs is None else mat_eval(ctx.s[part_rhs], sub)
            if lhs is None or rhs is None or lhs.shape != rhs.shape or lhs != rhs:
                return Refuted(f"{what}: fails at {name}, t = {t}" + ("" if lhs is not None and rhs is not None
                                                                      else " (the printed product is not defined)"),
                               counterexample={"instance": name, "t": t, "η": str(STEP), "Σ_x": str(Sx.tolist()),
                                               "Σ_xy": str(Sxy.tolist()), "W0": str(W0.tolist()),
                                               ("printed" if part_rhs is None else "printed lhs"):
                                                   str(lhs.tolist()) if lhs is not None else "undefined",
                                               ("iterate W_t" if part_rhs is None else "printed rhs"):
                                                   str(rhs.tolist()) if rhs is not None else "undefined"})
    names = [i[0] for i in _instances()]
    return Verified(f"{what}: exact at t = {STEPS} for {names}", exact=True, points=tuple(names),
                    scope=f"exact at t in {STEPS}, η = 1/10, instances {names}")


EQ33 = Statement(W=(W0_ - P_) * M_ ** TT + P_)
EQ33_CORRECTED = Statement(W=M_ ** TT * (W0_ - P_) + P_)


@claim("DDyn-Eq33-B5", text=r"$W_t=(W_0-\Sigma_x^\dagger\Sigma_{xy})(I_d-\eta\Sigma_x)^t+\Sigma_x^\dagger\Sigma_{xy}$ "
       "(33), recalled in App. B.5", expect=Refuted, statement=EQ33, hyp=H)
@claim("DDyn-Eq33-B5/corrected", text=r"$W_t=(I_d-\eta\Sigma_x)^t(W_0-\Sigma_x^\dagger\Sigma_{xy})+\Sigma_x^\dagger"
       r"\Sigma_{xy}$", expect=Verified, statement=EQ33_CORRECTED, hyp=H)
def eq33_b5(ctx):
    return _check(ctx, "W", None, "(33) against the iterates")


EQ72 = Statement(W=W0_ * M_ ** TT + ETA * SXY_ * G_)
EQ72_CORRECTED = Statement(W=M_ ** TT * W0_ + ETA * G_ * SXY_)


@claim("DDyn-Eq72", text=r"$W_t=W_0(I_d-\eta\Sigma_x)^t+\eta\Sigma_{xy}\sum_{s=0}^{t-1}(I_d-\eta\Sigma_x)^s$ (72)",
       expect=Refuted, statement=EQ72, hyp=H)
@claim("DDyn-Eq72/corrected", text=r"$W_t=(I_d-\eta\Sigma_x)^tW_0+\eta\sum_{s=0}^{t-1}(I_d-\eta\Sigma_x)^s\Sigma_{xy}$",
       expect=Verified, statement=EQ72_CORRECTED, hyp=H)
def eq72(ctx):
    return _check(ctx, "W", None, "(72) against the iterates")


EQ73 = Statement(lhs=ETA * SXY_ * G_, rhs=P_ - P_ * M_ ** TT)
EQ73_CORRECTED = Statement(lhs=ETA * G_ * SXY_, rhs=P_ - M_ ** TT * P_)


@claim("DDyn-Eq73", text=r"$\eta\Sigma_{xy}\sum_s(I_d-\eta\Sigma_x)^s=\Sigma_x^\dagger\Sigma_{xy}-\Sigma_x^\dagger"
       r"\Sigma_{xy}(I_d-\eta\Sigma_x)^t$, the step (72) -> (73)", expect=Refuted, statement=EQ73, hyp=H)
@claim("DDyn-Eq73/corrected", text=r"$\eta\sum_s(I_d-\eta\Sigma_x)^s\Sigma_{xy}=\Sigma_x^\dagger\Sigma_{xy}-"
       r"(I_d-\eta\Sigma_x)^t\Sigma_x^\dagger\Sigma_{xy}$", expect=Verified, statement=EQ73_CORRECTED, hyp=H)
def eq73(ctx):
    return _check(ctx, "lhs", "rhs", "the geometric-sum step of (73)")
