"""PLACEHOLDER"""

PENDING: tuple[str, ...] = (
    "DDyn-Ass1",
    "DDyn-Claim-Ass1-weaker",
    "DDyn-Claim-symmetric-diag",
    "DDyn-Cite-Saxe-rescale",
    "DDyn-Ass2",
    "DDyn-Eq69",
    "DDyn-Def-approx-commute",
    "DDyn-Eq23",
)
