"""PLACEHOLDER"""

PENDING: tuple[str, ...] = (
    "DDyn-Eq33-B5",
    "DDyn-Eq72",
    "DDyn-Eq73",
)
