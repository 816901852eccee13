"""Tests of symflow/figures/hy.py: the figures are registered, the described behaviour is checked (fast mode), the
data generation follows HY-Exp-Protocol, and a PNG carries its set-up."""

import sympy

from symflow import figures
from symflow.figures import hy


def test_six_figures_registered():
    names = [n for n in figures.names() if n.startswith("hy-")]
    assert names == sorted([f"hy-fig{k}" for k in range(1, 7)] + ["hy-fig2-report", "hy-fig3-report"])
    assert figures.get("hy-fig3").spec_id == "HY-Fig-3"


def test_data_generation_follows_the_protocol():
    st = hy.draw_setup(1, n=3, d=4, m=5, alpha=1)
    c = 1 / sympy.sqrt(5)
    assert all(abs(v) <= 1 for x in st["xs"] for v in x)
    assert set(st["ys"]) <= {-1, 1}
    assert all(abs(v) <= c for w in st["ws"] for v in w) and all(abs(b) <= c for b in st["bs"])
    assert all(sum(v * v for v in w) >= b * b for w, b in zip(st["ws"], st["bs"]))   # resampled into the cone


def test_checks_hold_in_fast_mode():
    for check in (hy.fig1_check, hy.fig4_check, hy.fig5_check, hy.fig2_check):
        v = check(dps=20, fast=True)
        assert v.holds, v.detail


def test_render_writes_png_with_caption(tmp_path):
    out = figures.figure("hy-fig5", tmp_path / "f5.png", dps=20)
    assert out.exists() and out.stat().st_size > 1000


def test_uniform_cone_probability_closed_form():
    """p_d = 1 - V_d/(2^d (d+1)): 1/2 at d = 1 (|w|, |b| i.i.d. uniform), 1 - pi/12 at d = 2, -> 1 as d grows."""
    import mpmath

    with mpmath.workdps(30):
        assert hy._p_uniform(1) == mpmath.mpf(1) / 2
        assert abs(hy._p_uniform(2) - (1 - mpmath.pi / 12)) < mpmath.mpf(10) ** -28
        assert 1 - hy._p_uniform(64) < mpmath.mpf(10) ** -30
    assert abs(float(hy._p_uniform_sampled(2, 4000)) - float(1 - mpmath.pi / 12)) < 4 * (0.74 * 0.26 / 4000) ** 0.5


def test_report_size_figures_use_the_printed_sizes():
    """hy-fig2-report / hy-fig3-report run Figures 2 and 3 at the sizes printed in their captions (spec HY-Fig-2,
    HY-Fig-3); the default figures say they are reduced."""
    assert (hy.FIG2_REPORT["n"], hy.FIG2_REPORT["d"], hy.FIG2_REPORT["m"]) == (20, 50, 50)
    assert (hy.FIG3_REPORT["n"], hy.FIG3_REPORT["d"], hy.FIG3_REPORT["m"]) == (10, 100, 20)
    assert hy._size(hy.FIG2_REPORT).startswith("at the report's size")
    assert hy._size(hy.FIG3).startswith("reduced") and hy._size(hy.FIG6).startswith("reduced")
    assert {"hy-fig2-report", "hy-fig3-report"} <= set(figures.names())
