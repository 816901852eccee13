"""The claims of each source, as printed, with their checks and recorded verdicts (one module per source).

``symflow.claims.SOURCES`` maps a source name to its module here; each module exposes ``CLAIMS`` (a list of
:class:`symflow.claims.Claim`) and ``CITATIONS`` (definition/context IDs, which carry no verdict -> where symflow
builds the object).  Modules are imported lazily by the registry; a source without a module has no claims yet.
"""

__all__: list[str] = []
