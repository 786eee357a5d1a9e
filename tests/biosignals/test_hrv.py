"""openhexo.biosignals.hrv: NN intervals, 5-minute HRV series and the range summary on RR series
built here with known content, then the validation on MIT-BIH record 100 against neurokit2
(bench/validate_hrv.py prints the same figures)."""

import numpy as np
import pytest
from scipy.signal import lombscargle

from bench.validate_hrv import mitbih_figures, synthetic_figures
from openhexo.biosignals.ecg import ARTIFACTS, UNRELIABLE_RR
from openhexo.biosignals.hrv import (
    ANN,
    HF,
    LF,
    LF_NORM,
    NN_OVER_RR,
    RMSSD,
    SDNN,
    TRIANGULAR,
    hrv_band_powers,
    hrv_nn,
    hrv_summary,
    hrv_windows,
)
from tests.conftest import shared_path

T = 256  # ticks per second
START = 1_700_000_000 * T  # a HexoTimestamp: windows work on absolute times
WINDOW = 300 * T


def modulated(seconds, mean_ms=1000.0, lf_ms=0.0, hf_ms=0.0, noise_ms=0.0, seed=0):
    """Beat times (ticks from START) whose RR interval is mean + lf sin(2 pi 0.1 t) +
    hf sin(2 pi 0.25 t) (+ white noise) ms, t the time of the beat that starts it."""
    rng = np.random.default_rng(seed)
    times = [0.0]
    while times[-1] < seconds:
        t = times[-1]
        rr = mean_ms + lf_ms * np.sin(2 * np.pi * 0.1 * t) + hf_ms * np.sin(2 * np.pi * 0.25 * t)
        times.append(t + (rr + noise_ms * rng.standard_normal()) / 1000)
    return START + np.rint(np.array(times) * T).astype(np.int64)


def from_rr(rr, first=START):
    """(RR ticks, stamps) of consecutive intervals, the first beat at `first`."""
    rr = np.asarray(rr, dtype=np.int64)
    return rr, first + np.cumsum(rr)


def from_beats(beats):
    return np.diff(beats), beats[1:]


# NN intervals


def test_a_sinus_rhythm_is_all_nn():
    rr, stamps = from_beats(modulated(600, lf_ms=40, hf_ms=20, noise_ms=5))
    nn_stamps, nn = hrv_nn(rr, stamps)
    assert np.array_equal(nn_stamps, stamps) and np.array_equal(nn, rr)


@pytest.mark.parametrize(("interval", "kept"), [(76, False), (77, True), (512, True), (513, False)])
def test_intervals_outside_300_ms_to_2_s_are_not_nn(interval, kept):
    rr, stamps = from_rr([interval] * 30)  # a steady rhythm: only the range can reject it
    assert len(hrv_nn(rr, stamps)[1]) == (30 if kept else 0)


def test_the_20_percent_rule():
    rr, stamps = from_rr([256] * 10 + [304] + [256] * 10 + [310] + [256] * 10)  # +18.75, +21.1 %
    nn_stamps, nn = hrv_nn(rr, stamps)
    assert 304 in nn.tolist() and 310 not in nn.tolist() and len(nn) == 31


def test_a_premature_beat_takes_both_intervals_around_it():
    # Ventricular: at 60 % of an interval, full compensatory pause (the next beat on time).
    # Atrial: at 70 %, resetting the sinus node (the next interval is a normal one).
    rr, stamps = from_rr([256] * 10 + [154, 358] + [256] * 10 + [179, 256] + [256] * 10)
    nn_stamps, nn = hrv_nn(rr, stamps)
    dropped = sorted(set(stamps.tolist()) - set(nn_stamps.tolist()))
    assert dropped == stamps[[10, 11, 22, 23]].tolist()
    assert set(nn.tolist()) == {256}


def test_a_missed_beat_and_a_false_detection():
    # A missed beat: one 2x interval. A noise spike: two short intervals, and the interval after
    # them starts at a beat the rule takes for premature (the price of the rule: one NN lost).
    rr, stamps = from_rr([256] * 10 + [512] + [256] * 10 + [102, 154] + [256] * 10)
    nn_stamps, _ = hrv_nn(rr, stamps)
    dropped = sorted(set(stamps.tolist()) - set(nn_stamps.tolist()))
    assert dropped == stamps[[10, 21, 22, 23]].tolist()


def test_nn_do_not_depend_on_where_the_rr_series_is_cut_given_6_intervals_of_margin():
    beats = modulated(600, lf_ms=40, hf_ms=20, noise_ms=30, seed=4)
    early = np.arange(23, len(beats), 23)  # premature beats, 299 among them
    beats[early] -= (beats[early] - beats[early - 1]) * 4 // 10
    rr, stamps = from_beats(beats)
    assert not set(stamps[[298, 299]].tolist()) & set(hrv_nn(rr, stamps)[0].tolist())
    whole = hrv_nn(rr, stamps)
    for cut in (290, 297, 300, 303):
        first = hrv_nn(rr[: cut + 6], stamps[: cut + 6])
        second = hrv_nn(rr[cut - 6 :], stamps[cut - 6 :])
        joined = np.concatenate(
            [first[0][first[0] <= stamps[cut]], second[0][second[0] > stamps[cut]]]
        )
        assert np.array_equal(joined, whole[0])


def test_flagged_seconds_drop_the_intervals_they_overlap():
    rr, stamps = from_rr([256] * 20, first=0)  # beats on whole seconds 0..20
    seconds = np.arange(1, 21) * T  # a quality value stamped t describes [t - 1 s, t)
    mask = np.zeros(20, np.int64)
    mask[9] = ARTIFACTS  # [9 s, 10 s): holds the beat at 9 s
    nn_stamps, _ = hrv_nn(rr, stamps, quality=(seconds, mask))
    assert sorted(set(stamps.tolist()) - set(nn_stamps.tolist())) == [9 * T, 10 * T]
    # Bits outside quality_bits, and seconds without a value, drop nothing.
    assert len(hrv_nn(rr, stamps, quality=(seconds, mask), quality_bits=UNRELIABLE_RR)[1]) == 20
    assert len(hrv_nn(rr, stamps, quality=(seconds[:5], mask[:5]))[1]) == 20
    assert len(hrv_nn(rr, stamps, quality=(seconds, np.full(20, 0x01)))[1]) == 20


def test_arguments_are_checked_and_empty_input_is_fine():
    rr, stamps = from_rr([250, 262, 256, 250])
    with pytest.raises(ValueError, match="swapped"):
        hrv_nn(stamps, rr)
    with pytest.raises(ValueError, match="same length"):
        hrv_nn(rr, stamps[:-1])
    assert [len(part) for part in hrv_nn([], [])] == [0, 0]
    empty = hrv_windows([], [], START, START + 2 * WINDOW)
    assert all(len(stamps) == 0 for stamps, _ in empty.values())


# 5-minute series


def test_a_steady_rhythm_has_no_variability_and_no_lf_norm():
    rr, stamps = from_rr([256] * 660)  # 11 minutes: two whole windows
    series = hrv_windows(stamps, rr, START, START + 660 * T, rr_stamps=stamps)
    closes = [START + WINDOW, START + 2 * WINDOW]
    for datatype in (ANN, SDNN, RMSSD, TRIANGULAR, LF, HF, NN_OVER_RR):
        assert series[datatype][0].tolist() == closes  # stamped at the window's end
    assert series[ANN][1] == pytest.approx([1.0, 1.0])
    assert series[SDNN][1] == pytest.approx([0, 0]) and series[RMSSD][1] == pytest.approx([0, 0])
    assert series[TRIANGULAR][1] == pytest.approx([1.0, 1.0])  # all in one 1/128 s bin
    assert series[LF][1] == pytest.approx([0, 0], abs=1e-9)
    assert len(series[LF_NORM][0]) == 0  # 0 / 0: undefined, no value
    assert series[NN_OVER_RR][1] == pytest.approx([100, 100])


def test_time_domain_of_an_alternating_rhythm():
    rr, stamps = from_rr([250, 262] * 150)  # 300 s exactly
    series = hrv_windows(stamps, rr, START, START + WINDOW)
    n = 300
    assert series[ANN][1] == pytest.approx([1.0])
    assert series[SDNN][1] == pytest.approx([6 * np.sqrt(n / (n - 1)) / T])
    assert series[RMSSD][1] == pytest.approx([12 / T])
    assert series[TRIANGULAR][1] == pytest.approx([2.0])  # two bins of 150


def test_differences_across_a_removed_interval_do_not_count():
    rr, stamps = from_rr([256] * 150 + [250, 300, 262] + [256] * 150)
    keep = np.ones(len(rr), bool)
    keep[151] = False  # the 300-tick interval is not NN: 250 and 262 are not successive
    series = hrv_windows(stamps[keep], rr[keep], START, START + WINDOW)
    inside = stamps[keep] <= START + WINDOW
    pairs = int(inside.sum()) - 1 - 1  # n - 1 neighbours, less the pair across the gap
    assert series[RMSSD][1] == pytest.approx([np.sqrt((36 + 36) / pairs) / T])


@pytest.mark.parametrize(
    ("lf_ms", "hf_ms", "mean_ms"), [(40, 0, 1000), (0, 30, 1000), (40, 20, 1000), (20, 40, 800)]
)
def test_lf_and_hf_come_out_as_constructed(lf_ms, hf_ms, mean_ms):
    rr, stamps = from_beats(modulated(1200, mean_ms=mean_ms, lf_ms=lf_ms, hf_ms=hf_ms))
    series = hrv_windows(stamps, rr, START, START + 4 * WINDOW)
    lf, hf = lf_ms**2 / 2, hf_ms**2 / 2  # ms^2: the variance of a sinusoid
    assert len(series[LF][1]) == 4
    assert series[LF][1] == pytest.approx(np.full(4, lf), rel=0.02, abs=6)
    assert series[HF][1] == pytest.approx(np.full(4, hf), rel=0.04, abs=6)
    assert series[LF_NORM][1] == pytest.approx(np.full(4, 100 * lf / (lf + hf)), abs=1.0)


def test_the_periodogram_is_scipys_lomb_scargle():
    rng = np.random.default_rng(7)
    t = np.cumsum(rng.uniform(0.6, 1.0, 380))
    t -= t[0]
    y = 30 * np.sin(2 * np.pi * 0.12 * t) + 10 * rng.standard_normal(len(t))
    lf, hf = hrv_band_powers(t, y)
    centred = t - t.mean()
    detrended = y - y.mean() - centred * (centred @ y) / (centred @ centred)
    bins = int(np.ceil(0.04 * t[-1]))  # bins per 0.01 Hz, 4x the resolution 1 / span
    f = 0.04 + (np.arange(36 * bins) + 0.5) * 0.01 / bins
    density = 2 * lombscargle(t, detrended, 2 * np.pi * f) * t[-1] / (len(t) - 1)
    assert lf == pytest.approx(density[f < 0.15].sum() * 0.01 / bins, rel=1e-9)
    assert hf == pytest.approx(density[f > 0.15].sum() * 0.01 / bins, rel=1e-9)
    assert lf == pytest.approx(450, rel=0.1)  # the 30 ms sinusoid, and some of the noise


def test_removed_intervals_leave_the_power_of_a_sinusoid():
    rr, stamps = from_beats(modulated(300, lf_ms=40))
    keep = np.random.default_rng(1).random(len(rr)) > 0.1  # a tenth of the intervals removed
    lf, _ = hrv_band_powers((stamps[keep] - START) / T, rr[keep] * 1000 / T)
    assert lf == pytest.approx(800, rel=0.05)


def test_a_window_needs_128_nn_covering_80_percent_of_it():
    rr, stamps = from_rr([512] * 150)  # 2 s intervals: 150 per window, all of it
    assert len(hrv_windows(stamps, rr, START, START + WINDOW)[ANN][1]) == 1
    for kept, analysed in ((128, True), (127, False)):  # 128 x 2 s still cover 85 %
        series = hrv_windows(stamps[:kept], rr[:kept], START, START + WINDOW, rr_stamps=stamps)
        assert len(series[ANN][1]) == (1 if analysed else 0)
        assert series[NN_OVER_RR][1] == pytest.approx([100 * kept / 150])
    rr, stamps = from_rr([256] * 300)
    gap = (stamps > START + 100 * T) & (stamps <= START + 161 * T)  # 61 s without NN: 79.7 %
    series = hrv_windows(stamps[~gap], rr[~gap], START, START + WINDOW, rr_stamps=stamps)
    assert len(series[ANN][1]) == 0 and len(series[NN_OVER_RR][1]) == 1


def test_an_interval_ending_on_a_window_edge_belongs_to_the_window_it_closes():
    rr, stamps = from_rr([256] * 600)  # a beat exactly on the edge between the two windows
    assert START + WINDOW in stamps.tolist()
    extra = np.sort(np.append(stamps, START + WINDOW - 1))  # one more RR in the first window
    series = hrv_windows(stamps, rr, START, START + 2 * WINDOW, rr_stamps=extra)
    assert series[NN_OVER_RR][1] == pytest.approx([100 * 300 / 301, 100])


def test_a_last_partial_window_and_windows_without_beats_get_nothing():
    rr, stamps = from_beats(modulated(900, lf_ms=40, hf_ms=20))
    later = stamps > START + 600 * T
    series = hrv_windows(stamps[later], rr[later], START, START + 1000 * T, rr_stamps=stamps)
    assert series[LF_NORM][0].tolist() == [START + 3 * WINDOW]
    assert len(series[NN_OVER_RR][1]) == 3


# Range summary (metrics 50 and 170)


def test_the_summary_is_the_mean_of_the_windows():
    rr, stamps = from_beats(modulated(1500, lf_ms=30, hf_ms=30, noise_ms=10))
    summary = hrv_summary(stamps, rr, START, START + 1500 * T)
    windows = hrv_windows(stamps, rr, START, START + 1500 * T)[LF_NORM][1]
    assert len(windows) == 5
    assert summary["lf_norm"] == pytest.approx(windows.mean())
    assert summary["hf_norm"] == pytest.approx(100 - windows.mean())
    assert summary["lf_norm"] == pytest.approx(50, abs=3)


def test_a_range_shorter_than_a_window_is_analysed_whole():
    rr, stamps = from_beats(modulated(150, lf_ms=40, hf_ms=20))  # a rest test stopped early
    assert len(rr) >= 128
    assert hrv_summary(stamps, rr)["lf_norm"] == pytest.approx(80, abs=2)
    assert hrv_summary(stamps[:127], rr[:127]) is None  # fewer than 128 NN: reported -1


def test_no_summary_without_an_analysable_window():
    rr, stamps = from_rr([256] * 200)
    sparse = START + np.arange(1, 201) * 10 * T  # 200 NN, one every 10 s: 30 per window
    assert hrv_summary(sparse, rr, START, START + 2000 * T) is None
    assert hrv_summary(stamps, rr) is None  # no variability: LF norm undefined


# Validation (bench/validate_hrv.py)


@pytest.fixture(scope="module")
def mitbih():
    return mitbih_figures(shared_path("data", "physionet"))


TIME_DOMAIN = ("mean_ms", "sdnn_ms", "rmssd_ms", "hti")


def test_mitbih_time_domain_is_neurokits(mitbih):
    whole = mitbih["whole"]
    assert (mitbih["labels"], mitbih["nn"]) == (2273, 2204)
    for key in TIME_DOMAIN:
        assert whole["ours"][key] == pytest.approx(whole["nk4"][key], rel=1e-9)
        assert mitbih["differences"][key] < 1e-9  # in each of the six windows
    assert len(mitbih["windows"]) == 6


def test_mitbih_spectrum_agrees_with_neurokits_welch(mitbih):
    ours, welch = mitbih["whole"]["ours"], mitbih["whole"]["nk4"]
    assert ours["hf"] == pytest.approx(welch["hf"], rel=0.05)
    assert ours["lf_norm"] == pytest.approx(welch["lf_norm"], abs=1.5)
    assert mitbih["relative"]["hf"] <= 0.10  # per window
    assert mitbih["differences"]["lf"] <= 15  # ms^2, on LF powers of 16 to 119 ms^2
    assert mitbih["differences"]["lf_norm"] <= 2.5  # percentage points
    windows = [win["ours"][LF_NORM] for win in mitbih["windows"]]
    assert mitbih["summary"]["lf_norm"] == pytest.approx(np.mean(windows))


def test_mitbih_nn_rule_against_the_cardiologists_labels(mitbih):
    rule = mitbih["rule"]
    not_nn = rule["rr"] - rule["labelled_nn"]  # 68: the 34 ectopic beats' two intervals
    assert rule["nn_dropped"] <= 0.01 * rule["labelled_nn"]
    assert rule["kept_not_nn"] <= 0.1 * not_nn
    labelled, by_rule = (np.array(v) for v in rule["lf_norm_windows"])
    assert np.abs(by_rule - labelled).max() <= 3  # percentage points


def test_synthetic_series_with_artefacts():
    rows = {row["name"]: row for row in synthetic_figures()}
    clean = rows["LF 40 + HF 20 ms"]
    assert clean["lf_norm_measured"][0] == pytest.approx(80, abs=0.5)
    for name, tolerance in (("every 50 beats", 2), ("every 15 beats", 5)):
        row = rows[f"same + an artefact {name}"]
        assert row["not_nn_kept"] == 0
        assert row["nn_dropped"] <= 0.02 * row["windows"] * 300
        assert row["lf_norm_measured"][0] == pytest.approx(row["lf_norm"], abs=tolerance)
