"""PLACEHOLDER"""

PENDING: tuple[str, ...] = (
    "DDyn-Eq42",
    "DDyn-Eq43",
    "DDyn-Eq44",
    "DDyn-Eq45",
    "DDyn-Eq46",
    "DDyn-Eq47",
    "DDyn-Claim-AE-symmetry",
    "DDyn-Eq48",
)
