"""What every figure module shares: the :class:`Figure` record, precision checks, exact data, the PNG writer."""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import mpmath
import sympy

from ..errors import InvalidArgument
from ..validation import MIN_DPS
from ..verdict import Verdict

__all__ = ["Figure", "FAST_DPS", "check_dps", "rational_data", "least_squares_solution", "mpq", "render"]

FAST_DPS = 20  # the precision of the fast mode (``fast=True``) of the checks


@dataclass(frozen=True)
class Figure:
    """A reproduced figure: its CLI ``name``, the spec ID it reproduces, a one-line ``title``, ``draw(ax, dps) ->
    caption`` (the set-up, written under the plot and into the PNG metadata) and ``check(dps, *, fast) -> Verdict``
    (the behaviour the source's text describes, tested on the same trajectories)."""

    name: str
    spec_id: str
    title: str
    draw: Callable
    check: Callable[..., Verdict]
    checks: str = ""  # optional: what ``check`` tests, in one line (default: the first line of its docstring)

    @property
    def what(self) -> str:
        """What the check tests, in one line: ``checks``, or the first line of ``check``'s docstring."""
        if self.checks:
            return self.checks
        doc = (getattr(self.check, "__doc__", None) or "").strip()
        return doc.splitlines()[0].replace(":math:", "").replace("`", "") if doc else self.title


def check_dps(dps, fast: bool = False) -> int:
    """A figure's working precision: an integer >= MIN_DPS, capped at FAST_DPS under ``fast``."""
    if isinstance(dps, bool) or not isinstance(dps, int) or dps < MIN_DPS:
        raise InvalidArgument(f"dps={dps!r} ({type(dps).__name__}) must be an integer >= {MIN_DPS}; pass e.g. dps=30")
    if not isinstance(fast, bool):
        raise InvalidArgument(f"fast={fast!r} ({type(fast).__name__}) must be True or False")
    return min(dps, FAST_DPS) if fast else dps


def rational_data(rng: random.Random, n: int, d: int, den: int, y_scale=1):
    """X (n x d) with entries k/den, k uniform in [-den, den] (exact Rationals in [-1, 1]); y likewise times y_scale."""
    X = [[sympy.Rational(rng.randint(-den, den), den) for _ in range(d)] for _ in range(n)]
    y = [y_scale * sympy.Rational(rng.randint(-den, den), den) for _ in range(n)]
    return X, y


def least_squares_solution(X, y):
    r"""Exact :math:`\theta^* = (X^\top X)^{-1}X^\top y` and :math:`\mathcal{L}^* = \|X\theta^* - y\|^2`."""
    Xm, ym = sympy.Matrix(X), sympy.Matrix(y)
    A = Xm.T * Xm
    if A.rank() < Xm.cols:
        raise InvalidArgument("the drawn X has dependent columns; choose another seed")
    th = A.LUsolve(Xm.T * ym)
    r = Xm * th - ym
    return list(th), (r.T * r)[0, 0]


def mpq(r) -> mpmath.mpf:
    """An exact Rational as mpf at the current precision."""
    r = sympy.Rational(r)
    return mpmath.mpf(int(r.p)) / int(r.q)


def render(fig: Figure, path=None, dps: int = 30) -> Path:
    """Draw ``fig`` into a PNG (default ``figures/<name>.png``, parent created) with its caption under the plot and
    in the metadata (``Title``, ``Description``); returns the path."""
    dps = check_dps(dps)
    out = Path(path) if path is not None else Path("figures") / f"{fig.name}.png"
    if out.suffix.lower() != ".png":
        raise InvalidArgument(f"path={str(out)!r} must end in .png")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    canvas, ax = plt.subplots(figsize=(7.5, 5.2))
    try:
        caption = fig.draw(ax, dps)
        ax.legend(loc="best", fontsize=8)
        canvas.text(0.01, 0.01, "\n".join(textwrap.wrap(caption, 140)), fontsize=6, va="bottom")
        canvas.subplots_adjust(bottom=0.22)
        out.parent.mkdir(parents=True, exist_ok=True)
        canvas.savefig(out, format="png", dpi=120, metadata={"Title": f"symflow {fig.name}", "Description": caption,
                                                              "Software": "symflow"})
    finally:
        plt.close(canvas)
    return out
