"""Verdicts: the four answers symflow gives, each with the evidence a reader needs to re-run it.

* :class:`Proved` -- an exact symbolic argument (identity in an exact ring, exact rank over QQ, ...).
* :class:`Verified` -- evidence short of a proof: numerical agreement to ``digits`` significant digits, *measured*
  (precision doubling or a second method), at the listed ``points``; or an exact check (``exact=True``, no digits) at
  listed sizes only.  ``scope`` says what was covered.  Neither upgrades to ``Proved``.
* :class:`Refuted` -- a counterexample: the point, the parameters and both sides' values, as exact strings.
* :class:`Inconclusive` -- with a :class:`Reason` whose message names the remedy.

The words ``proved | verified | refuted | inconclusive`` are the contract (docs/contract.md).  Every verdict has a
``scope``: ``"general"`` for :class:`Proved` (an exact argument covers everything the statement quantifies over), a
sentence for the others (``"exact for (L, d) in [(2, 1), (3, 2)]"``, ``"numeric at 3 initializations"``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping

__all__ = ["Verdict", "Proved", "Verified", "Refuted", "Inconclusive", "Reason", "WORDS"]

WORDS = ("proved", "verified", "refuted", "inconclusive")
_COLOURS = {"proved": "green", "verified": "green", "refuted": "red", "inconclusive": "darkorange"}


def _jsonable(value: Any) -> Any:
    """Exact, JSON-friendly rendering: numbers and SymPy objects become strings, containers recurse."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):  # floats only ever reach here from plain-Python callers (timings)
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


class Reason(enum.Enum):
    """Why a check could not decide, with the remedy in the message (diffrax ``RESULTS`` style)."""

    TIMEOUT = "time limit reached: raise the time limit or give a simpler expression"
    PRECISION = "precision exhausted: the two computations disagree; rerun with a higher --dps"
    DOMAIN = "outside the domain: the point or initialization violates a hypothesis of the claim"
    UNDECIDED = "the exact test could not decide (non-polynomial expression); the numeric test was not conclusive"
    INCOMPLETE = "the search found fewer objects than exist: raise the degree (or the objects are not polynomial)"
    PROSE = "pure prose: no statement a machine can check; listed, not skipped"
    NO_PEER = "an optional dependency is missing: install it to run this check"
    FAILED = "the check raised an error; this is a bug in symflow: please report it with the command line"

    @property
    def message(self) -> str:
        return self.value


@dataclass(frozen=True)
class Verdict:
    """Base class of the four verdicts; ``word`` is the contract word, ``detail`` one readable line."""

    word: ClassVar[str] = ""
    detail: str = ""

    @property
    def digits(self) -> int | None:
        return None

    @property
    def holds(self) -> bool:
        """True for ``proved`` and ``verified``."""
        return self.word in ("proved", "verified")

    def evidence(self) -> dict[str, Any]:
        return {}

    @property
    def scope(self) -> str:  # overridden by a field in the subclasses that carry one
        return ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"verdict": self.word, "digits": self.digits, "detail": self.detail,
                               "scope": self.scope}
        out.update(_jsonable(self.evidence()))
        return out

    def summary(self) -> str:
        return f"{self.word}: {self.detail}" if self.detail else self.word

    def _repr_html_(self) -> str:
        """Jupyter: the verdict word in its colour, the digits and scope, the one-line detail (HTML-escaped)."""
        import html

        colour = _COLOURS.get(self.word, "black")
        extra = [f"{self.digits} digits"] if self.digits is not None else []
        if self.scope and self.scope != "general":
            extra.append(self.scope)
        tail = f" <small>({html.escape('; '.join(extra))})</small>" if extra else ""
        detail = html.escape(self.summary()[len(self.word):].lstrip(": "))
        return (f'<span style="color:{colour};font-weight:bold">{self.word}</span>{tail}'
                + (f"<br><span>{detail}</span>" if detail else ""))

    def _default_scope(self, text: str) -> None:
        if not isinstance(self.scope, str):
            raise ValueError(f"scope={self.scope!r} ({type(self.scope).__name__}) must be a sentence (str)")
        if not self.scope.strip():
            object.__setattr__(self, "scope", text)


@dataclass(frozen=True)
class Proved(Verdict):
    """An exact symbolic argument covering everything the statement quantifies over (scope ``general``);
    ``certificate`` holds what was computed (ring, points, ranks, the argument ...)."""

    word: ClassVar[str] = "proved"
    certificate: Mapping[str, Any] = field(default_factory=dict)

    @property
    def scope(self) -> str:
        return "general"

    def evidence(self) -> dict[str, Any]:
        return {"certificate": dict(self.certificate)} if self.certificate else {}


@dataclass(frozen=True)
class Verified(Verdict):
    """Evidence short of a proof, at the listed ``points`` (instances, initializations or sizes).

    Numeric (default): agreement to ``n_digits`` >= 1 *measured* significant digits (never assumed).  Exact
    (``exact=True``): an exact computation that holds at the listed sizes or instances only (``digits`` is None);
    ``scope`` must then say what was covered.  ``info`` carries extra evidence (tightness, margins, ...)."""

    word: ClassVar[str] = "verified"
    n_digits: int = 0
    points: tuple = ()
    dps: int | None = None
    method: str = ""
    exact: bool = False
    scope: str = ""
    info: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.exact:
            if self.n_digits not in (0, None):
                raise ValueError(f"an exact Verified has no digits, got n_digits={self.n_digits!r}")
            if not isinstance(self.scope, str) or not self.scope.strip():
                raise ValueError("an exact Verified must say its scope, e.g. scope='exact for (L, d) in [(2, 1)]'")
        elif not isinstance(self.n_digits, int) or isinstance(self.n_digits, bool) or self.n_digits < 1:
            raise ValueError(f"Verified needs n_digits >= 1 measured digits, got n_digits={self.n_digits!r}")
        if not self.points:
            raise ValueError("Verified needs the points (or initializations) where it was checked; got none")
        self._default_scope(f"numeric, at the {len(self.points)} point(s) or instance(s) listed in the evidence")

    @property
    def digits(self) -> int | None:
        return None if self.exact else self.n_digits

    def evidence(self) -> dict[str, Any]:
        out = {"points": list(self.points), "dps": self.dps, "method": self.method}
        if self.info:
            out["info"] = dict(self.info)
        return out

    def __repr__(self) -> str:
        if self.exact:
            return f"Verified(exact, points={len(self.points)}, scope={self.scope!r})"
        return f"Verified(digits={self.n_digits}, points={len(self.points)}, dps={self.dps}, method={self.method!r})"


@dataclass(frozen=True)
class Refuted(Verdict):
    """A counterexample a reader can re-run: point, parameters and both sides, as exact strings."""

    word: ClassVar[str] = "refuted"
    counterexample: Mapping[str, Any] = field(default_factory=dict)
    measured_digits: int | None = None
    scope: str = ""

    def __post_init__(self) -> None:
        if not self.counterexample:
            raise ValueError("Refuted needs a counterexample (the point and both sides); got none")
        self._default_scope("a counterexample: the statement fails at the point given")

    @property
    def digits(self) -> int | None:
        return self.measured_digits

    def evidence(self) -> dict[str, Any]:
        return {"counterexample": dict(self.counterexample)}


@dataclass(frozen=True)
class Inconclusive(Verdict):
    """Undecided, with a :class:`Reason` naming the remedy."""

    word: ClassVar[str] = "inconclusive"
    reason: Reason = Reason.UNDECIDED
    scope: str = ""

    def __post_init__(self) -> None:
        self._default_scope(f"undecided ({self.reason.name.lower()})")

    def evidence(self) -> dict[str, Any]:
        return {"reason": self.reason.name.lower(), "remedy": self.reason.message}

    def summary(self) -> str:
        return f"inconclusive ({self.reason.message}){': ' + self.detail if self.detail else ''}"
