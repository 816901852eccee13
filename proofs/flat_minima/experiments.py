r"""§4 of the FM spec: the figures and the experimental observations.

The deck's figures carry no content in the transcription (spec §4): the frames without text are listed with that
reason.  The experiment "Back to our experiment" is reproduced by ``symflow figure fm-sharpness``
(:mod:`symflow.figures.fm`, set-up in docs/figures.md) and the observations it prints are checked on it; the
critical-step figure is covered by the GD runs of FM-Claim-critical-lr.  The experiment runs at
``min(dps, 30)`` digits (digits measured at twice that): it decides qualitative observations, not constants.
"""

from __future__ import annotations

from symflow.claims import Kind, claim, prose_table
from symflow.figures import fm
from symflow.verdict import Verified

from .part1_sharpness import critical_lr

__all__: list[str] = []

_H_EXP = ("the set-up of symflow.figures.fm.FM (the slides state none): L = 3, d = 2, residual init s = 1, small "
          "init alpha = 1/10, steps r 2/S_bal, r in " + str([str(r) for r in fm.FM["ratios"]]))


def _dps(ctx) -> int:
    return min(ctx.dps, 30)


@claim("FM-Fig-back-to-experiment", text="Back to our experiment (five frames): sharpness after training vs "
       "learning rate, with the corollaries overlaid", expect=Verified, kind=Kind.NUMERIC, hyp=_H_EXP,
       cites=("FM-Cor-sharpness-sandwich", "FM-Obs-SI-nosaturation", "FM-Obs-SI-lr-independent"))
def back_to_experiment(ctx):
    """Reproduced by ``symflow figure fm-sharpness``; checked: every converged run lies in [2 L a c_L, 2/eta]
    (the corrected sandwich the frames overlay)."""
    return fm.check_sandwich(_dps(ctx), fast=ctx.fast)


@claim("FM-Obs-SI-nosaturation", text="From a small-scale initialization, the sharpness does not saturate at 2/eta",
       expect=Verified, kind=Kind.NUMERIC, hyp=_H_EXP + "; 'does not saturate': S_final eta/2 <= 1 - 1/20 at every "
       "step (the residual run reaches 0.975 at the largest step)", cites=("FM-Fig-back-to-experiment",))
def obs_nosaturation(ctx):
    return fm.check_nosaturation(_dps(ctx), fast=ctx.fast)


@claim("FM-Obs-SI-lr-independent", text="The final sharpness does not depend on the learning rate", expect=Verified,
       kind=Kind.NUMERIC, hyp=_H_EXP + "; 'does not depend': relative spread over the steps below 1/20 while 2/eta "
       "varies by a factor 7.2", cites=("FM-Fig-back-to-experiment",))
def obs_lr_independent(ctx):
    return fm.check_lr_independent(_dps(ctx), fast=ctx.fast)


@claim("FM-Fig-critical-lr", text="Figure: GD fails when eta exceeds a critical value", expect=Verified,
       kind=Kind.NUMERIC, hyp="covered by the GD runs of FM-Claim-critical-lr (converge at half the critical step "
       "2/S_min, fail at 3/2 of it)", cites=("FM-Claim-critical-lr",))
def fig_critical_lr(ctx):
    return critical_lr(ctx)


prose_table([
    ("FM-Fig-lr-sharpness-1", "Figure frame 'Learning rate and sharpness' (empty body)",
     "the transcription carries no content for this figure (no axes, curves or setup): nothing to reproduce"),
    ("FM-Fig-lr-sharpness-2", "Figure frame 'Learning rate and sharpness', pointer to Wu, Bartlett, Telgarsky, Yu "
     "(2024)", "no content transcribed; a pointer to another paper's figure"),
    ("FM-Fig-lr-sharpness-3", "Figure frame 'Learning rate and sharpness' after the critical-lr frame (empty body)",
     "the transcription carries no content for this figure: nothing to reproduce"),
    ("FM-Fig-open-problem", "Figure credited to Damian, Nichani, Lee (2023) with the open question",
     "another paper's figure, no content transcribed; it illustrates an open question (FM-Q-open)"),
])
