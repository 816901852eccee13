"""PLACEHOLDER"""

PENDING: tuple[str, ...] = (
    "DDyn-Fig1",
    "DDyn-Fig1-claim",
)
