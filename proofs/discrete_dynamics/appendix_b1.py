"""PLACEHOLDER"""

PENDING: tuple[str, ...] = (
    "DDyn-Prop1p",
    "DDyn-Eq49",
    "DDyn-Claim-B1-identity",
    "DDyn-Eq50",
    "DDyn-Eq-B1-pinv",
    "DDyn-Claim-B1-unique",
)
