r"""§3.2 of 003 (spec §3.4): Lemmas 3.6 and 3.7, the global rates of the reparameterized mirror flow."""

PENDING = ("HY-Lem3.6", "HY-Lem3.6-pf", "HY-S3.2-Remark", "HY-Lem3.7", "HY-Lem3.7-pf.1", "HY-Lem3.7-pf.2",
           "HY-Lem3.7-pf.3", "HY-S3.2-CLimit")
