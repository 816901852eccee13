"""PLACEHOLDER"""

PENDING: tuple[str, ...] = (
    "DDyn-Prop3",
    "DDyn-Eq51",
    "DDyn-Eq52",
    "DDyn-Claim-B2-basis",
    "DDyn-Eq53",
)
