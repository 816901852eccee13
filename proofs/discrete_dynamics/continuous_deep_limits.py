"""PLACEHOLDER"""

PENDING: tuple[str, ...] = (
    "DDyn-Rem-Thm1-general",
    "DDyn-Rem-Thm1-validity",
    "DDyn-Claim-sequential-order",
    "DDyn-Eq31",
    "DDyn-Cite-Saxe-O",
    "DDyn-Def-rescaling",
    "DDyn-Rem-Thm2-largest",
    "DDyn-Thm2",
    "DDyn-Rem-Thm2-inactive",
    "DDyn-Rem-no-seq-linear",
    "DDyn-Cite-Gunasekar-factorized",
    "DDyn-Rem-null-stationary",
    "DDyn-Cor1",
    "DDyn-Rem-Cor1-text",
    "DDyn-Rem-singular-values",
    "DDyn-Rem-rank-k",
    "DDyn-Cor2",
    "DDyn-Eq32",
    "DDyn-Claim-timerescale-RRR",
)
