"""symflow.plaintext: the statements of the sources as a terminal reads them."""

import pytest

from symflow import claims
from symflow.plaintext import shorten, to_text


@pytest.mark.parametrize("latex, text", [
    (r"$\frac{d}{dt}(u^j\odot u^j)=-2\,\theta\odot\nabla\mathcal{L}(\theta)$", "d/dt(u^j⊙u^j)=-2 θ⊙∇L(θ)"),
    (r"$\sqrt{x^2+\alpha^2}$", "√(x^2+α^2)"),
    (r"$\bigodot_{k\neq j}u^k$ in $\mathbb{R}^d$", "⨀_(k≠ j)u^k in ℝ^d"),
    (r"$\left(\sum_{i=1}^n x_i\right)^{-1}$", "(∑_(i=1)^n x_i)^(-1)"),
    (r"$\dot\theta \le \operatorname{sign}(v)$", "θ̇ ≤ sign(v)"),
    (r"\unknowncommand{x}", "unknowncommandx"),  # unknown: the name kept, never dropped silently
])
def test_to_text(latex, text):
    assert to_text(latex) == text


def test_shorten_cuts_at_a_word():
    assert shorten("alpha beta gamma", 12) == "alpha beta…"
    assert shorten("short", 12) == "short"


def test_every_statement_of_the_catalogue_reads_without_backslashes():
    for c in claims.select(["DD"]):
        assert "\\" not in to_text(c.text), c.id


def test_rejects_non_text():
    with pytest.raises(TypeError):
        to_text(3)
