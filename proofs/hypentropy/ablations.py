r"""§5 of 003 (spec §3.5): ablations and consistency."""

PENDING = ("HY-S5.1-Claim", "HY-S5.1-Identity", "HY-S5.1-LS", "HY-Ctx-Gunasekar2020", "HY-S5.2-Claim", "HY-Lem5.1",
           "HY-S5.2-Slow", "HY-Lem5.1-pf.1", "HY-Lem5.1-pf.2", "HY-Lem5.1-pf.3", "HY-S5.3-GF", "HY-S5.3-StrongCvx",
           "HY-S5.3-Bound", "HY-S5.3-Standard", "HY-S5.4-Infinite", "HY-S5.4-Heuristic")
