r"""§4 of 003 (spec §4): the experimental protocol and Figures 1-6 (constants recomputed, behaviour checked)."""

PENDING = ("HY-Exp-Protocol", "HY-Fig-1", "HY-Fig-2", "HY-Fig-3", "HY-Fig-4", "HY-Fig-5", "HY-Fig-6")
