"""Tests of symflow.figures: DD-Fig-3 and DD-Fig-4 reproductions and the numeric checks of what their text says."""

import mpmath
import pytest
import sympy

from symflow import figures
from symflow.figures import dd
from symflow.errors import InvalidArgument

R = sympy.Rational


@pytest.fixture
def fresh_cache():
    """For tests that tamper with cached trajectories: start and leave the cache empty."""
    dd._CACHE.clear()
    yield
    dd._CACHE.clear()


# ------------------------------------------------------------------------------------------------ Figure 3
def test_fig3_setup_satisfies_assumption_A_and_forces_a_crossing():
    s = dd.fig3_setup()
    c = dd.FIG3
    for i in range(1, c["d"] + 1):
        mags = [abs(s.x0[f"u{j}_{i}"]) for j in range(1, c["L"] + 1)]
        assert mags.count(min(mags)) == 1  # (A): unique minimal layer for every component
    first = [s.x0[f"u{j}_1"] for j in range(1, c["L"] + 1)]
    assert min(range(c["L"]), key=lambda j: abs(first[j])) == c["min_layer"] - 1
    theta1 = sympy.prod(first)
    assert theta1 * s.theta_star[0] < 0  # theta_1 must change sign, so some layer must cross zero
    Xm, ym = sympy.Matrix(s.X), sympy.Matrix(s.y)
    assert Xm.T * (Xm * sympy.Matrix(s.theta_star) - ym) == sympy.zeros(c["d"], 1)  # exact normal equations


def test_fig3_check_verifies_that_only_the_minimal_layer_crosses():
    v = dd.fig3_check(dps=15)
    assert v.word == "verified", v.summary()
    assert v.digits >= 12
    ev = v.points[0]
    assert ev["argmin layer"] == dd.FIG3["min_layer"]
    mins = [mpmath.mpf(x) for x in ev["min over samples of sign(u(0)) u(t)"]]
    assert mins[dd.FIG3["min_layer"] - 1] < 0  # it did cross
    assert sum(1 for m in mins if m < 0) == 1
    s = dd.fig3_setup()
    for i, layers in ev["sign-changing layers per component"].items():  # DD-S2.1-OneCross for every component
        u0 = [abs(s.x0[f"u{j}_{i}"]) for j in range(1, dd.FIG3["L"] + 1)]
        assert layers in ([], [u0.index(min(u0)) + 1])


def test_fig3_check_refutes_a_trajectory_where_another_layer_crosses(monkeypatch):
    s, sol, ts, ys = dd._fig3_run(15)
    idx = {str(p): k for k, p in enumerate(s.G.params)}
    k = idx["u1_1"]
    bad = [tuple(-v if (n == k and i > len(ys) // 2) else v for n, v in enumerate(y)) for i, y in enumerate(ys)]
    monkeypatch.setitem(dd._CACHE, ("fig3-samples", 15), (ts, bad))  # restored after the test
    v = dd.fig3_check(dps=15)
    assert v.word == "refuted"
    assert v.counterexample["layer"] == 1


def test_figure_writes_png_with_metadata(tmp_path):
    out = figures.figure("dd-fig3", tmp_path / "f3.png", dps=15)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"random.Random(3)" in data and b"Taylor jet" in data  # the chosen parameters travel with the image


def test_figure_rejects_unknown_names_and_paths(tmp_path):
    with pytest.raises(InvalidArgument, match="dd-fig3"):
        figures.figure("dd-fig33", tmp_path / "x.png")
    with pytest.raises(InvalidArgument, match=".png"):
        figures.figure("dd-fig3", tmp_path / "x.pdf")
    with pytest.raises(InvalidArgument, match="dps"):
        dd.fig3_check(dps=5)


# ------------------------------------------------------------------------------------------------ Figure 4
def test_fig4_setups_follow_the_caption():
    blue, orange, green = dd.fig4_setup()
    c = dd.FIG4
    for i in range(1, c["d"] + 1):
        assert blue.x0[f"u1_{i}"] == orange.x0[f"u1_{i}"] == green.x0[f"u1_{i}"] == 0
        for j in range(2, c["L"] + 1):
            b = blue.x0[f"u{j}_{i}"]
            assert b != 0
            assert orange.x0[f"u{j}_{i}"] == R(7, 5) * b and green.x0[f"u{j}_{i}"] == R(9, 5) * b
    sig = [dd._sigma(s.x0, c["L"], c["d"]) for s in (blue, orange, green)]
    assert sig[1] == R(7, 5) ** 10 * sig[0] and sig[2] == R(9, 5) ** 10 * sig[0]  # sigma scales as c^(2(L-1))


def test_pl_constant_is_tight_for_least_squares():
    X = [[1, 2], [0, 1], [1, -1]]
    mu, digits = dd._pl_mu(X, 30)
    assert digits >= 25
    A = sympy.Matrix(X).T * sympy.Matrix(X)
    lam = min(sympy.Matrix(A).eigenvals())
    with mpmath.workdps(30):
        assert abs(mu - 2 * mpmath.mpf(str(sympy.N(lam, 40)))) < mpmath.mpf(10) ** -25
        # along the eigenvector the PL inequality 2 mu (L - L*) <= |grad L|^2 is an equality
        v = (A - lam * sympy.eye(2)).nullspace()[0]
        gap = (sympy.Matrix(X) * v).norm() ** 2
        grad2 = (2 * A * v).norm() ** 2
        assert abs(mpmath.mpf(str(sympy.N(grad2 - 2 * sympy.sympify(2 * lam) * gap, 40)))) < mpmath.mpf(10) ** -20


def test_rate_window():
    ts = [mpmath.mpf(k) / 10 for k in range(101)]
    gaps = [mpmath.exp(-3 * t) for t in ts]
    assert abs(dd._rate(ts, gaps) - 3) < mpmath.mpf("1e-10")
    assert dd._rate(ts[:5], gaps[:5]) is None


@pytest.fixture
def small_fig4(monkeypatch, fresh_cache):
    """A reduced Figure-4 set-up (L=3, d=2) so the check logic runs in a second."""
    monkeypatch.setitem(dd.FIG4, "L", 3)
    monkeypatch.setitem(dd.FIG4, "d", 2)
    monkeypatch.setitem(dd.FIG4, "n", 3)
    monkeypatch.setitem(dd.FIG4, "T", (8, 4, 2))
    monkeypatch.setitem(dd.FIG4, "samples", 161)


def test_fig4_checks_on_a_reduced_setup(small_fig4):
    v = dd.fig4_check(dps=15)
    assert v.word == "verified", v.summary()
    rates = [mpmath.mpf(r) for r in v.points[0]["rates (window: gap down 1 -> 6 decades)"]]
    assert rates[0] < rates[1] < rates[2]
    b = dd.fig4_bound_check(dps=15)
    assert b.word == "verified", b.summary()


def test_fast_mode_caps_the_precision(small_fig4):
    v = dd.fig4_check(dps=50, fast=True)
    assert v.dps == figures.FAST_DPS and v.word == "verified"
    with pytest.raises(InvalidArgument, match="fast"):
        dd.fig4_check(dps=30, fast="yes")


def test_fig4_check_refutes_when_rates_do_not_increase(small_fig4):
    runs = dd._fig4_run(15)
    runs[0]["gaps"], runs[2]["gaps"] = runs[2]["gaps"], runs[0]["gaps"]
    runs[0]["ts"], runs[2]["ts"] = runs[2]["ts"], runs[0]["ts"]
    v = dd.fig4_check(dps=15)
    assert v.word == "refuted"


def test_fig4_bound_check_refutes_a_curve_above_the_bound(small_fig4):
    runs = dd._fig4_run(15)
    g0 = runs[1]["gaps"][0]
    runs[1]["gaps"] = [g0 for _ in runs[1]["gaps"]]  # a flat curve violates any decaying bound
    v = dd.fig4_bound_check(dps=15)
    assert v.word == "refuted"
    assert "orange" in v.counterexample["network"]


@pytest.mark.slow
def test_fig4_full_setup_at_dps30(tmp_path, fresh_cache):
    v = dd.fig4_check(dps=30)
    assert v.word == "verified" and v.digits >= 25
    assert dd.fig4_bound_check(dps=30).word == "verified"
    assert figures.figure("dd-fig4", tmp_path / "f4.png", dps=30).exists()


def test_registry_finds_every_source_module_and_lists_them(capsys):
    from symflow import cli

    assert {"dd-fig3", "dd-fig4"} <= set(figures.names())
    assert figures.get("dd-fig4").spec_id == "DD-Fig-4"
    assert cli.main(["figure", "--list"]) == 0
    out = capsys.readouterr().out
    assert "dd-fig3" in out and "DD-Fig-3" in out
    assert cli.main(["figure"]) == 2
    assert "--list" in capsys.readouterr().err
