"""PLACEHOLDER"""

PENDING: tuple[str, ...] = (
    "DDyn-Thm2p",
    "DDyn-Eq70",
    "DDyn-Eq71",
)
