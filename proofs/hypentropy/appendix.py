r"""Appendix A of 003 (spec §3.6): Lemmas A.1-A.3 and their proof steps."""

PENDING = ("HY-LemA.1", "HY-LemA.1-pf.1", "HY-LemA.1-pf.2", "HY-LemA.1-pf.3", "HY-LemA.2", "HY-SA.2-Nondiff",
           "HY-LemA.2-pf.1", "HY-LemA.2-pf.2", "HY-LemA.2-pf.3", "HY-SA.2-HighDim", "HY-Fn6", "HY-LemA.3",
           "HY-LemA.3-Note", "HY-LemA.3-pf")
