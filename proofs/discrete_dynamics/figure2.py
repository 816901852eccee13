r"""Figure 2 of DDyn (§4.2): the linear autoencoder trained by gradient descent, L = 1 against L = 2.

The reproduction and its checks live in :mod:`symflow.figures.ddyn_discrete` (``symflow figure ddyn-fig2``); the
set-up choices the paper leaves unstated are the constants ``FIG2`` there (and docs/figures.md).
"""

from __future__ import annotations

from symflow.claims import Kind, claim
from symflow.figures import ddyn_discrete as fig
from symflow.verdict import Verified

H_FIG2 = ("autoencoder Y = X, p = d = 20, n = 1000, r = 5, B ~ U[0,1], z ~ N(0, diag(4, 2, 1, 1/2, 1/4)), noise "
          "1e-3 N(0, I); unstated choices: symflow.figures.ddyn_discrete.FIG2")


@claim("DDyn-Fig2", text="Figure 2: trace norm and reconstruction error (42) of W^(t) (L = 1, (33)) and of "
       "W_1^(t) W_2^(t) (L = 2, (34)) against t, on the stated synthetic data.", expect=Verified, kind=Kind.NUMERIC,
       hyp=H_FIG2, cites=("DDyn-Eq33", "DDyn-Eq34", "DDyn-Eq42"))
def fig2(ctx):
    """The reproduction's mode reduction equals the full matrix recursion (34) (second method)."""
    return fig.fig2_check(ctx.dps, fast=ctx.fast)


@claim("DDyn-Fig2-match", text="The experimental curves are very close to the continuous-time prediction of "
       "Figure 1.", expect=Verified, kind=Kind.NUMERIC, hyp=H_FIG2 + "; 'very close' read as: the L = 2 trace norm "
       "at step t within 1/2 (half a component) of the continuous prediction at time ηt, at every step",
       cites=("DDyn-Thm1", "DDyn-Fig1"))
def fig2_match(ctx):
    return fig.fig2_match_check(ctx.dps, fast=ctx.fast)


@claim("DDyn-Fig2-steps", text="For L = 2 the trace norm is close to a step function, one step per newly learned "
       "component; for L = 1 it is not.", expect=Verified, kind=Kind.NUMERIC,
       hyp=H_FIG2 + "; 'step function' read as: within 0.1 of the integer k between the predicted transitions "
       "T_k = δ/(ηλ_k) (geometric midpoints)", cites=("DDyn-Eq40", "DDyn-Cor3"))
def fig2_steps(ctx):
    return fig.fig2_steps_check(ctx.dps, fast=ctx.fast)


PENDING: tuple[str, ...] = ()
