"""Validation of openhexo.biosignals.hrv against annotated and synthetic data, and its speed.

    .venv/bin/python bench/validate_hrv.py [--shared PATH] [--no-speed]

1. MIT-BIH Arrhythmia record 100 (30 min, 2239 N, 33 A, 1 V beats), from the cardiologists' beat
   labels of 100.atr (not from a detector): beats as ticks of 1/256 s, NN = intervals between
   two consecutive 'N' beats. Our time and frequency domain figures against neurokit2's
   hrv_time / hrv_frequency on the same NN intervals (RRI and RRI_Time, so that neurokit also
   skips differences across a removed beat), over the whole record and over its six 300 s
   windows. neurokit2 has no Lomb-Scargle without astropy; its Welch periodogram of the
   tachogram interpolated at 4 Hz (Kubios' rate) and at 100 Hz (its default) is the reference.
   Then `hrv_nn`, which sees only RR intervals, against the labels.
2. Synthetic RR series of known spectral content (this file draws them; nothing of the library
   under test is used to make them): beats whose RR interval is mean + a sin(2 pi 0.1 t) + b
   sin(2 pi 0.25 t) ms at the beat, rounded to ticks; a sinusoid of amplitude a holds a^2 / 2
   ms^2. With noise, and with premature, missed and falsely detected beats through `hrv_nn`.
3. Speed: an 8 h night (about 30,000 beats) through hrv_nn, hrv_windows and hrv_summary, on one
   core (numpy's thread pools set to one thread).

tests/biosignals/test_hrv.py asserts thresholds on the same figures.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: `bench` too
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core, before numpy loads

import numpy as np  # noqa: E402

from bench.validation import BEAT_SYMBOLS, SHARED  # noqa: E402
from openhexo.biosignals.hrv import (  # noqa: E402
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

TICKS = 256


def mitbih_beats(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """(beat times in ticks, their labels) of record 100's reference annotations."""
    import wfdb

    notes = wfdb.rdann(str(folder / "100"), "atr")
    labels = np.array(notes.symbol)
    beat = np.isin(labels, list(BEAT_SYMBOLS))
    return np.rint(notes.sample[beat] * TICKS / notes.fs).astype(np.int64), labels[beat]


def labelled_nn(beats: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(stamps, NN ticks): the intervals between two consecutive beats both labelled N."""
    normal = (labels[1:] == "N") & (labels[:-1] == "N")
    return beats[1:][normal], np.diff(beats)[normal]


def ours(stamps: np.ndarray, nn: np.ndarray, start: int, end: int) -> dict:
    """Our figures over [start, end) as one segment (the window rule does not apply here)."""
    inside = (stamps > start) & (stamps <= end)
    stamps, nn = stamps[inside], nn[inside]
    successive = stamps[1:] - nn[1:] == stamps[:-1]
    lf, hf = hrv_band_powers((stamps - start) / TICKS, nn * 1000 / TICKS)
    return {
        "n": len(nn),
        "mean_ms": nn.mean() * 1000 / TICKS,
        "sdnn_ms": nn.std(ddof=1) * 1000 / TICKS,
        "rmssd_ms": np.sqrt(np.mean(np.diff(nn)[successive] ** 2.0)) * 1000 / TICKS,
        "hti": len(nn) / np.bincount(nn // 2).max(),
        "lf": lf,
        "hf": hf,
        "lf_norm": 100 * lf / (lf + hf),
    }


def neurokit(stamps: np.ndarray, nn: np.ndarray, start: int, end: int, rate: int) -> dict:
    """neurokit2's figures on the same NN intervals (ms, stamps in s), Welch at `rate` Hz."""
    import neurokit2 as nk

    inside = (stamps > start) & (stamps <= end)
    intervals = {"RRI": nn[inside] * 1000 / TICKS, "RRI_Time": stamps[inside] / TICKS}
    time_domain = nk.hrv_time(intervals).iloc[0]
    spectrum = nk.hrv_frequency(
        intervals, psd_method="welch", interpolation_rate=rate, normalize=False
    ).iloc[0]
    lf, hf = float(spectrum["HRV_LF"]), float(spectrum["HRV_HF"])
    return {
        "n": int(inside.sum()),
        "mean_ms": float(time_domain["HRV_MeanNN"]),
        "sdnn_ms": float(time_domain["HRV_SDNN"]),
        "rmssd_ms": float(time_domain["HRV_RMSSD"]),
        "hti": float(time_domain["HRV_HTI"]),
        "lf": lf,
        "hf": hf,
        "lf_norm": 100 * lf / (lf + hf),
    }


def mitbih_figures(folder: Path) -> dict:
    """Ours against neurokit2's, whole record and per 300 s window; hrv_nn against the labels."""
    beats, labels = mitbih_beats(folder)
    stamps, nn = labelled_nn(beats, labels)
    start, end = 0, int(beats[-1]) + 1
    whole = {
        "ours": ours(stamps, nn, start, end),
        "nk4": neurokit(stamps, nn, start, end, 4),
        "nk100": neurokit(stamps, nn, start, end, 100),
    }
    series = hrv_windows(stamps, nn, start, end, rr_stamps=beats[1:])
    windows = []
    for k, close in enumerate(series[ANN][0]):
        lo = int(close) - 300 * TICKS
        windows.append({
            "close_s": int(close) // TICKS,
            "ours": {key: float(series[key][1][k]) for key in series if key != NN_OVER_RR},
            "nk4": neurokit(stamps, nn, lo, int(close), 4),
            "nk100": neurokit(stamps, nn, lo, int(close), 100),
        })  # fmt: skip
    differences = {
        key: max(abs(win["ours"][dt] * scale - win["nk4"][key]) for win in windows)
        for key, dt, scale, _ in KEYS
    }
    relative = {
        key: max(abs(win["ours"][dt] * scale / win["nk4"][key] - 1) for win in windows)
        for key, dt, scale, _ in KEYS
    }
    return {"whole": whole, "windows": windows, "nn_over_rr": series[NN_OVER_RR][1].tolist(),
            "differences": differences, "relative": relative,
            "summary": hrv_summary(stamps, nn, start, end), "labels": len(labels),
            "nn": len(nn), "rr": len(beats) - 1,
            "rule": rule_figures(beats, stamps, nn, start, end)}  # fmt: skip


def rule_figures(beats: np.ndarray, stamps: np.ndarray, nn: np.ndarray, start: int, end: int):
    """hrv_nn on all of the record's RR intervals, against the labelled NN intervals."""
    kept_stamps, kept = hrv_nn(np.diff(beats), beats[1:])
    labelled = set(stamps.tolist())
    kept_set = set(kept_stamps.tolist())
    figures = {
        "rr": len(beats) - 1,
        "labelled_nn": len(nn),
        "kept": len(kept),
        "kept_not_nn": len(kept_set - labelled),
        "nn_dropped": len(labelled - kept_set),
    }
    figures["ours_rule"] = ours(kept_stamps, kept, start, end)
    by_rule = hrv_windows(kept_stamps, kept, start, end)[LF_NORM][1]
    by_label = hrv_windows(stamps, nn, start, end)[LF_NORM][1]
    figures["lf_norm_windows"] = (by_label.tolist(), by_rule.tolist())
    everything = ours(beats[1:], np.diff(beats), start, end)
    figures["all_rr"] = everything
    return figures


def beats_of(
    seconds: float,
    mean_ms: float = 1000,
    lf_ms: float = 40,
    hf_ms: float = 20,
    noise_ms: float = 0,
    seed: int = 0,
    lf_hz: float = 0.1,
    hf_hz: float = 0.25,
) -> np.ndarray:
    """Beat times in ticks: each RR interval is mean + lf sin(2 pi lf_hz t) + hf sin(2 pi hf_hz t)
    (+ white noise) ms, t the time of the beat that starts it."""
    rng = np.random.default_rng(seed)
    times = [0.0]
    while times[-1] < seconds:
        t = times[-1]
        rr = mean_ms + lf_ms * np.sin(2 * np.pi * lf_hz * t) + hf_ms * np.sin(2 * np.pi * hf_hz * t)
        times.append(t + (rr + noise_ms * rng.standard_normal()) / 1000)
    return np.rint(np.array(times) * TICKS).astype(np.int64)


def with_artefacts(beats: np.ndarray, every: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(detected beats, whether each of their intervals is truly NN): every `every` beats on
    average (spacing drawn uniformly from every/2 .. 3 every/2), in turn, a premature
    ventricular beat (at 60 % of its interval, full compensatory pause: the next beat on time),
    an atrial premature beat (at 70 %, resetting the sinus node: every later beat 30 % of an
    interval earlier), a beat the detector missed and a false detection (a noise spike at 40 %
    of an interval). NN = between two normal beats, no beat missed in between."""
    beats = beats.astype(np.float64)
    kinds = np.zeros(len(beats), "U1")
    kinds[:] = "N"
    missed = []
    gaps = np.random.default_rng(seed).integers(every // 2, 3 * every // 2 + 1, len(beats))
    places = np.cumsum(gaps)
    places = places[places < len(beats) - 2]
    for n, p in enumerate(places):
        rr = beats[p] - beats[p - 1]
        kind = "VAMX"[n % 4]
        if kind == "V":
            beats[p] -= 0.4 * rr
        elif kind == "A":
            beats[p:] -= 0.3 * rr
        elif kind == "M":
            missed.append(p)
        if kind in "VAX":
            kinds[p] = kind
    spikes = places[3::4]
    for p in spikes:  # a false beat inside the interval ending at p; p itself stays normal
        kinds[p] = "N"
    extra = beats[spikes - 1] + 0.4 * (beats[spikes] - beats[spikes - 1])
    gap_after = np.zeros(len(beats), bool)
    gap_after[np.array(missed, dtype=np.int64) - 1] = True  # the interval spans a missed beat
    keep = np.ones(len(beats), bool)
    keep[missed] = False
    beats, kinds, gap_after = beats[keep], kinds[keep], gap_after[keep]
    order = np.argsort(np.concatenate([beats, extra]), kind="stable")
    beats = np.concatenate([beats, extra])[order]
    kinds = np.concatenate([kinds, np.full(len(extra), "X")])[order]
    gap_after = np.concatenate([gap_after, np.zeros(len(extra), bool)])[order]
    normal = (kinds[1:] == "N") & (kinds[:-1] == "N") & ~gap_after[:-1]
    return np.rint(beats).astype(np.int64), normal


def synthetic_figures() -> list[dict]:
    """Constructed against measured LF, HF and LF norm, on 300 s windows of 30 min series."""
    cases = [
        ("LF only, 40 ms at 0.10 Hz", dict(lf_ms=40, hf_ms=0), 0, 0),
        ("HF only, 30 ms at 0.25 Hz", dict(lf_ms=0, hf_ms=30), 0, 0),
        ("LF 40 + HF 20 ms", dict(lf_ms=40, hf_ms=20), 0, 0),
        ("LF 20 + HF 40 ms, 800 ms mean", dict(lf_ms=20, hf_ms=40, mean_ms=800), 0, 0),
        ("LF 30 + HF 30 ms at 0.05 / 0.35 Hz", dict(lf_ms=30, hf_ms=30, lf_hz=0.05, hf_hz=0.35),
         0, 0),
        ("LF 40 + HF 20 ms, 5 ms noise", dict(lf_ms=40, hf_ms=20), 5, 0),
        ("same + an artefact every 50 beats", dict(lf_ms=40, hf_ms=20), 5, 50),
        ("same + an artefact every 15 beats", dict(lf_ms=40, hf_ms=20), 5, 15),
    ]  # fmt: skip
    rows = []
    for name, shape, noise, every in cases:
        beats = beats_of(1800, noise_ms=noise, **shape)
        rr_stamps = beats[1:]
        if every:
            beats, normal = with_artefacts(beats, every)
            rr_stamps = beats[1:]
        else:
            normal = np.ones(len(beats) - 1, bool)
        stamps, nn = hrv_nn(np.diff(beats), rr_stamps)
        truth, kept = set(rr_stamps[normal].tolist()), set(stamps.tolist())
        errors = (len(kept - truth), len(truth - kept))
        series = hrv_windows(stamps, nn, 0, 1800 * TICKS, rr_stamps=rr_stamps)
        closes = series[LF][0]
        reference = [neurokit(stamps, nn, int(c) - 300 * TICKS, int(c), 4) for c in closes]
        lf_power, hf_power = shape.get("lf_ms", 0) ** 2 / 2, shape.get("hf_ms", 0) ** 2 / 2
        noise_var = noise**2  # white, spread over 0 .. half the beat rate
        half_rate = 500 / shape.get("mean_ms", 1000)
        lf_power += noise_var * 0.11 / half_rate
        hf_power += noise_var * 0.25 / half_rate
        rows.append({
            "name": name, "windows": len(series[LF][1]), "not_nn": int((~normal).sum()),
            "not_nn_kept": errors[0], "nn_dropped": errors[1],
            "lf": lf_power, "hf": hf_power, "lf_norm": 100 * lf_power / (lf_power + hf_power),
            "lf_measured": _span(series[LF][1]), "hf_measured": _span(series[HF][1]),
            "lf_norm_measured": _span(series[LF_NORM][1]),
            "hf_nk": _span(np.array([r["hf"] for r in reference])),
            "lf_norm_nk": _span(np.array([r["lf_norm"] for r in reference])),
            "nn_over_rr": float(np.mean(series[NN_OVER_RR][1])),
        })  # fmt: skip
    return rows


def _span(values: np.ndarray) -> tuple[float, float, float]:
    return float(values.mean()), float(values.min()), float(values.max())


def speed_figures(hours: float = 8, repeats: int = 5) -> dict:
    """Seconds (best of `repeats`) for a night of ~1.07 s beats with noise and ectopic beats."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    beats, _ = with_artefacts(beats_of(hours * 3600, mean_ms=950, noise_ms=20, seed=3), 40)
    rr, stamps = np.diff(beats), beats[1:]
    best = {"nn": np.inf, "windows_s": np.inf, "summary": np.inf}
    for _ in range(repeats):
        t0 = time.perf_counter()
        nn_stamps, nn = hrv_nn(rr, stamps)
        t1 = time.perf_counter()
        series = hrv_windows(nn_stamps, nn, 0, int(hours * 3600 * TICKS), rr_stamps=stamps)
        t2 = time.perf_counter()
        hrv_summary(nn_stamps, nn, 0, int(hours * 3600 * TICKS))
        t3 = time.perf_counter()
        for key, seconds in zip(best, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            best[key] = min(best[key], seconds)
    return {"hours": hours, "beats": len(rr), "windows": len(series[LF][1]), **best,
            "total": sum(best.values())}  # fmt: skip


def table(rows: list[tuple[str, ...]]) -> str:
    width = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(f"{c:<{w}}" for c, w in zip(row, width, strict=True)) for row in rows
    )


# (figure, datatype, scale from its unit to the figure's, title)
KEYS = (
    ("mean_ms", ANN, 1000, "ANN ms"),
    ("sdnn_ms", SDNN, 1000, "SDNN ms"),
    ("rmssd_ms", RMSSD, 1000, "RMSSD ms"),
    ("hti", TRIANGULAR, 1, "triangular"),
    ("lf", LF, 1, "LF ms2"),
    ("hf", HF, 1, "HF ms2"),
    ("lf_norm", LF_NORM, 1, "LF norm %"),
)


def report(m: dict, synthetic: list[dict], speed: dict | None) -> str:
    w = m["whole"]
    lines = [f"MIT-BIH 100: {m['labels']} beat labels, {m['rr']} RR, {m['nn']} labelled NN", ""]
    rows = [("whole record", "ours (Lomb)", "nk Welch 4 Hz", "diff", "nk Welch 100 Hz", "diff")]
    for key, _, _, title in KEYS:
        a, b, c = w["ours"][key], w["nk4"][key], w["nk100"][key]
        rows.append((title, f"{a:.3f}", f"{b:.3f}", f"{a - b:+.3f}", f"{c:.3f}", f"{a - c:+.3f}"))
    lines += [table(rows), ""]
    rows = [("300 s window", *(title for *_, title in KEYS))]
    for win in m["windows"]:
        rows.append((f"{win['close_s']} s ours", *(f"{win['ours'][dt] * scale:.2f}"
                                                    for _, dt, scale, _ in KEYS)))  # fmt: skip
        rows.append(("  nk 4 Hz", *(f"{win['nk4'][key]:.2f}" for key, *_ in KEYS)))
        rows.append(("  nk 100 Hz", *(f"{win['nk100'][key]:.2f}" for key, *_ in KEYS)))
    lines += [table(rows), f"NN/RR per window: {np.round(m['nn_over_rr'], 1).tolist()} %"]
    lines += ["largest difference to nk Welch 4 Hz over the windows: " + ", ".join(
        f"{title} {m['differences'][key]:.3g} ({100 * m['relative'][key]:.1f} %)"
        for key, *_, title in KEYS)]  # fmt: skip
    summary = m["summary"]
    lines += [
        f"summary: LF norm {summary['lf_norm']:.2f} %, HF norm {summary['hf_norm']:.2f} %",
        "",
    ]
    r = m["rule"]
    lines += [f"hrv_nn on all {r['rr']} RR: kept {r['kept']} (labelled NN {r['labelled_nn']}), "
              f"kept but not NN {r['kept_not_nn']}, NN dropped {r['nn_dropped']}"]  # fmt: skip
    rows = [("whole record", "labelled NN", "hrv_nn", "all RR")]
    for key, *_, title in KEYS:
        rows.append((title, f"{w['ours'][key]:.2f}", f"{r['ours_rule'][key]:.2f}",
                     f"{r['all_rr'][key]:.2f}"))  # fmt: skip
    label, rule = (np.round(v, 2).tolist() for v in r["lf_norm_windows"])
    lines += [table(rows), f"LF norm per window, labelled NN {label}", f"  hrv_nn {rule}", ""]
    rows = [("synthetic, 300 s windows of 30 min", "win", "LF ms2 built / measured mean [min-max]",
             "HF ms2 built / measured", "LF norm % built / measured", "nk 4 Hz: HF, LF norm",
             "NN/RR %", "not NN: all / kept", "NN dropped")]  # fmt: skip
    for s in synthetic:
        rows.append((s["name"], str(s["windows"]),
                     f"{s['lf']:.0f} / {s['lf_measured'][0]:.0f} [{s['lf_measured'][1]:.0f}-"
                     f"{s['lf_measured'][2]:.0f}]",
                     f"{s['hf']:.0f} / {s['hf_measured'][0]:.0f} [{s['hf_measured'][1]:.0f}-"
                     f"{s['hf_measured'][2]:.0f}]",
                     f"{s['lf_norm']:.1f} / {s['lf_norm_measured'][0]:.1f} "
                     f"[{s['lf_norm_measured'][1]:.1f}-{s['lf_norm_measured'][2]:.1f}]",
                     f"{s['hf_nk'][0]:.0f}, {s['lf_norm_nk'][0]:.1f}",
                     f"{s['nn_over_rr']:.1f}", f"{s['not_nn']} / {s['not_nn_kept']}",
                     str(s["nn_dropped"])))  # fmt: skip
    lines += [table(rows)]
    if speed:
        s = speed
        lines += ["", f"speed, {s['hours']:g} h, {s['beats']} beats, {s['windows']} windows, one "
                  f"core, best of 5: hrv_nn {s['nn'] * 1000:.0f} ms, hrv_windows "
                  f"{s['windows_s'] * 1000:.0f} ms, hrv_summary {s['summary'] * 1000:.0f} ms, "
                  f"total {s['total'] * 1000:.0f} ms"]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    mitbih = mitbih_figures(args.shared / "data" / "physionet")
    synthetic = synthetic_figures()
    speed = None if args.no_speed else speed_figures()
    print(report(mitbih, synthetic, speed))


if __name__ == "__main__":
    main()
