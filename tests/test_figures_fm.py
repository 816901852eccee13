"""Tests of symflow.figures.fm (fm-sharpness): registered, the checks of the observations hold on the fast run,
and the drawing writes a PNG with its set-up in the caption."""

import pytest

from symflow import figures
from symflow.figures import fm


def test_registered_with_its_spec_id():
    fig = figures.get("fm-sharpness")
    assert fig.spec_id == "FM-Fig-back-to-experiment"


@pytest.mark.parametrize("check", [fm.check_sandwich, fm.check_nosaturation, fm.check_lr_independent])
def test_observations_hold_on_the_fast_run(check):
    v = check(30, fast=True)
    assert v.word == "verified", v.detail
    assert v.digits and v.digits >= 5


def test_small_initialization_is_flatter_than_residual_at_large_steps():
    rows = fm.experiment(20)
    big = max(r[1] for r in rows)
    res = [r for r in rows if r[0] == "residual" and r[1] == big][0]
    small = [r for r in rows if r[0] == "small" and r[1] == big][0]
    assert res[2] and small[2] and small[3] < res[3]


def test_drawing_writes_a_png(tmp_path):
    out = figures.render(figures.get("fm-sharpness"), tmp_path / "fm.png", dps=20)
    assert out.exists() and out.stat().st_size > 1000
