"""Tests of symflow.figures.ddyn_continuous (DDyn-Fig1): the curves, the check, the PNG."""

import mpmath

from symflow import figures
from symflow.figures import ddyn_continuous as fig


def test_registered():
    assert "ddyn-fig1" in figures.names()
    assert figures.get("ddyn-fig1").spec_id == "DDyn-Fig1"


def test_curves_on_the_plateaus():
    # two-layer: 0, 1, 2, 3 between the transitions 10, 100, 1000 (δ large); linear: 3 at every t > 0
    for t, k in fig.FIG1["plateaus"]:
        assert abs(fig.two_layer_trace_norm(t, 2000, 20) - k) < mpmath.mpf(10) ** -3
        assert abs(fig.linear_trace_norm(t, 2000, 20) - 3) < mpmath.mpf(10) ** -3


def test_check_holds():
    assert fig.fig1_check(20, fast=True).word == "verified"


def test_png(tmp_path):
    out = figures.figure("ddyn-fig1", tmp_path / "f.png", dps=15)
    assert out.exists() and out.stat().st_size > 10000
