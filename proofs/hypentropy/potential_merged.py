r"""§3.1 of 003 (spec §3.3, end): Lemma 3.5 (merged identical directions) and the remark on Woodworth et al."""

PENDING = ("HY-Lem3.5", "HY-Lem3.5-pf.1", "HY-Lem3.5-pf.2", "HY-Lem3.5-pf.3", "HY-Lem3.5-pf.4", "HY-S3.1-Woodworth")
