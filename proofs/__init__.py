"""The claims of each source, as printed, with their checks and recorded verdicts: one package per source
(``proofs/<source>/``), one module per section of the paper, written on the claim kit (:mod:`symflow.claims`).

``symflow.claims.SOURCES`` maps a source name to its package here; importing the package registers its claims and
citations, and the registry then checks it against the transcription in ``proofs/spec/`` (every spec ID claimed or
cited).  A source without a package has no claims yet.
"""

__all__: list[str] = []
