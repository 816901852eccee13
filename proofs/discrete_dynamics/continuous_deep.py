"""PLACEHOLDER"""

PENDING: tuple[str, ...] = (
    "DDyn-Claim-nonconvex",
    "DDyn-Eq19",
    "DDyn-Eq20",
    "DDyn-Cite-Saxe-explicit",
    "DDyn-Prop2",
    "DDyn-Eq21",
    "DDyn-Claim-rxy-le-rx",
    "DDyn-Eq22",
    "DDyn-Claim-AE-PCA",
    "DDyn-Claim-multiclass",
    "DDyn-Claim-minimal-perceptual",
)
