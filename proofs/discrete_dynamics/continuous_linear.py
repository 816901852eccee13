"""PLACEHOLDER"""

PENDING: tuple[str, ...] = (
    "DDyn-Eq13",
    "DDyn-Eq14",
    "DDyn-Cite-Gunasekar-manifold",
    "DDyn-Eq15",
    "DDyn-Eq16",
    "DDyn-Prop1",
    "DDyn-Eq17",
    "DDyn-Claim-Prop1-minnorm",
    "DDyn-Eq18",
)
