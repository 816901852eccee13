"""PLACEHOLDER"""

PENDING: tuple[str, ...] = (
    "DDyn-Claim-abstract",
    "DDyn-Claim-intro-hierarchy",
    "DDyn-Claim-intro-contrib",
    "DDyn-Claim-related-minnorm",
    "DDyn-Claim-related-Saxe",
    "DDyn-Claim-discussion",
    "DDyn-Cite-related",
)
