"""Tests of symflow.figures.ddyn_discrete (DDyn Figure 2): registration, the three checks in fast mode, the PNG."""

import pytest

from symflow import figures
from symflow.errors import InvalidArgument
from symflow.figures import ddyn_discrete as fig


def test_registered():
    f = figures.get("ddyn-fig2")
    assert f.spec_id == "DDyn-Fig2" and f.check is fig.fig2_check


def test_fast_checks_hold():
    assert fig.fig2_check(30, fast=True).word == "verified"
    assert fig.fig2_match_check(30, fast=True).word == "verified"
    v = fig.fig2_steps_check(30, fast=True)
    assert v.word == "verified"
    measured, predicted = v.info["measured transition steps"], [float(t) for t in v.info["predicted T_i"]]
    assert all(abs(m - p) <= 0.2 * p for m, p in zip(measured, predicted))


def test_a_stricter_reading_is_refuted():
    """The thresholds have teeth: the continuous prediction is not within 1/10 of the discrete curve."""
    assert fig.fig2_match_check(30, fast=True, tol=pytest.importorskip("sympy").Rational(1, 10)).word == "refuted"


def test_render(tmp_path):
    out = figures.render(figures.get("ddyn-fig2"), tmp_path / "f.png", dps=20)
    assert out.exists() and out.stat().st_size > 1000


def test_bad_dps():
    with pytest.raises(InvalidArgument):
        fig.fig2_check(3)
