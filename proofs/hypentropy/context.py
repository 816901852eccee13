r"""§1, §4 and §6 prose of 003 (spec §3.7): context, motivation and conclusion."""

PENDING = ("HY-Ctx-1", "HY-Ctx-2", "HY-Ctx-3", "HY-S4-Overall", "HY-S4-InitScale", "HY-S6-Concl")
