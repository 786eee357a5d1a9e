"""Validation of openhexo.biosignals.ecg against annotated and device data, and its speed.

    .venv/bin/python bench/validate_ecg.py [--shared PATH] [--hours 24]

1. MIT-BIH Arrhythmia record 100 (MLII, 360 Hz resampled to 256 Hz as the shirt records), against
   the cardiologists' beat labels of 100.atr; a beat counts within 150 ms.
2. The real Hexoskin export harlab-257575 (ECG_I, 256 Hz raw ADC units), against the device's
   own beat events (RR_interval.csv), heart rate and heart_rate_quality; a beat counts within
   100 ms. "Clean" seconds are those the device flags 0.
3. Speed: ecg_process over the export's ECG tiled to `--hours`, pinned to one core, against
   neurokit2's default pipeline (nk.ecg_process) on 10 minutes of it, extrapolated.

Beats are matched one to one with wfdb.processing.compare_annotations, the field's scorer.
tests/biosignals/test_ecg.py asserts the thresholds on the same figures.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: `bench` too

import numpy as np
import wfdb
import wfdb.processing
from scipy import signal

from bench.validation import BEAT_SYMBOLS, SHARED
from openhexo.biosignals.ecg import (
    ARTIFACTS,
    SATURATED,
    TICKS_PER_SECOND,
    ecg_heart_rate,
    ecg_peaks,
    ecg_process,
    ecg_quality,
)
from openhexo.formats.eventcsv import read_event_csv
from openhexo.formats.wav import read_wav

FS = 256


def matched(reference: np.ndarray, detected: np.ndarray, tolerance_s: float) -> int:
    """Reference beats matched one to one by a detection at most tolerance_s away (256 Hz)."""
    if not len(reference) or not len(detected):
        return 0
    window = int(tolerance_s * FS) + 1  # wfdb matches strictly inside the window
    return wfdb.processing.compare_annotations(reference, detected, window).tp


def se_pp(reference: np.ndarray, detected: np.ndarray, tolerance_s: float) -> tuple[float, float]:
    """(sensitivity, positive predictivity) in %."""
    hits = matched(reference, detected, tolerance_s)
    return 100 * hits / max(len(reference), 1), 100 * hits / max(len(detected), 1)


def mitbih_figures(folder: Path) -> dict:
    """Se and +P on record 100 at 256 Hz (and at its own 360 Hz, for comparison)."""
    record = wfdb.rdrecord(str(folder / "100"))
    notes = wfdb.rdann(str(folder / "100"), "atr")
    lead = record.p_signal[:, record.sig_name.index("MLII")]
    labels = zip(notes.sample, notes.symbol, strict=True)
    beats = np.array([sample for sample, symbol in labels if symbol in BEAT_SYMBOLS])
    reference = np.rint(beats * FS / record.fs).astype(np.int64)
    shirt_rate = signal.resample_poly(lead, FS, int(record.fs))  # 360 -> 256 Hz
    peaks = ecg_peaks(shirt_rate, FS)
    native = np.rint(ecg_peaks(lead, record.fs) * FS / record.fs).astype(np.int64)
    se, pp = se_pp(reference, peaks, 0.150)
    se_native, pp_native = se_pp(reference, native, 0.150)
    return {"beats": len(reference), "detected": len(peaks), "se": se, "pp": pp,
            "se_360": se_native, "pp_360": pp_native}  # fmt: skip


def read_export(folder: Path) -> dict:
    """The export's ECG, the device's beats (ticks from the record start), HR and HR quality."""
    beats = read_event_csv((folder / "RR_interval.csv").read_bytes(), 0)
    return {
        "ecg": read_wav(folder / "ECG_I.wav").samples,
        "beats": beats.times,
        "heart_rate": read_wav(folder / "heart_rate.wav").samples.astype(np.float64),
        "quality": read_wav(folder / "heart_rate_quality.wav").samples,
    }


def export_figures(folder: Path) -> dict:
    """Our peaks, heart rate and flags against the device's, on its clean and flagged seconds."""
    data = read_export(folder)
    ecg, device, device_quality = data["ecg"], data["beats"], data["quality"]
    peaks = ecg_peaks(ecg, FS)
    _, quality = ecg_quality(ecg, FS, peaks)
    _, rate = ecg_heart_rate(peaks, FS, len(ecg))
    _, device_rate = ecg_heart_rate(device, FS, len(ecg))
    figures = {"seconds": len(quality), "device_seconds": len(device_quality)}
    figures |= _beat_figures(device, peaks, device_quality == 0, len(ecg))
    clean = (device_quality == 0) & np.isfinite(rate) & np.isfinite(device_rate)
    figures["mae_clean"] = float(np.mean(np.abs(rate - device_rate)[clean]))
    figures["mae_seconds"] = int(clean.sum())
    figures["mae_device_hr"] = float(np.mean(np.abs(rate - data["heart_rate"])[clean]))
    both = np.isfinite(device_rate)
    figures["device_self_mae"] = float(np.mean(np.abs(data["heart_rate"] - device_rate)[both]))
    figures |= _flag_figures(quality, device_quality)
    return figures


def _beat_figures(device: np.ndarray, peaks: np.ndarray, clean: np.ndarray, n: int) -> dict:
    """Se/+P overall, on the device's clean seconds, and by chance (our peaks shifted 60 s)."""

    def in_clean(ticks):
        return clean[np.minimum(ticks // TICKS_PER_SECOND, len(clean) - 1)]

    se, pp = se_pp(device, peaks, 0.100)
    shifted = np.sort((peaks + 60 * FS) % n)
    chance_se, chance_pp = se_pp(device, shifted, 0.100)
    reference, ours = device[in_clean(device)], peaks[in_clean(peaks)]
    return {"device_beats": len(device), "detected": len(peaks), "se_all": se, "pp_all": pp,
            "chance_se": chance_se, "chance_pp": chance_pp, "clean_seconds": int(clean.sum()),
            "clean_beats": len(reference), "clean_detected": len(ours),
            "se_clean": 100 * matched(reference, peaks, 0.100) / max(len(reference), 1),
            "pp_clean": 100 * matched(device, ours, 0.100) / max(len(ours), 1)}  # fmt: skip


def _flag_figures(quality: np.ndarray, device: np.ndarray) -> dict:
    """Agreement on bits 0x08 and 0x10, over all seconds and over those the device flags."""
    flagged = (device & (SATURATED | ARTIFACTS)) > 0

    def agree(bit, where):
        return 100 * float(np.mean(((quality & bit) > 0)[where] == ((device & bit) > 0)[where]))

    every = np.ones(len(device), bool)
    return {"flagged_seconds": int(flagged.sum()),
            "agree_08": agree(SATURATED, every), "agree_10": agree(ARTIFACTS, every),
            "agree_08_flagged": agree(SATURATED, flagged),
            "agree_10_flagged": agree(ARTIFACTS, flagged),
            "reliable_in_flagged": int(np.sum(quality[flagged] == 0)),
            "reliable_seconds": int(np.sum(quality == 0))}  # fmt: skip


def speed_figures(ecg: np.ndarray, hours: float) -> dict:
    """Seconds to process `hours` of 256 Hz ECG on one core, and neurokit2's pipeline for scale."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    day = np.resize(ecg.astype(np.int16), int(hours * 3600 * FS))
    wall, cpu = time.perf_counter(), time.process_time()
    series = ecg_process(day, FS)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"hours": hours, "samples": len(day), "wall": wall, "cpu": cpu,
            "beats": len(series.peaks), "max_rss_mb": _max_rss_mb(),
            "neurokit_wall": _neurokit_seconds(day[: 600 * FS]) * hours * 6}  # fmt: skip


def _neurokit_seconds(ten_minutes: np.ndarray) -> float:
    import neurokit2  # only the baseline needs it

    start = time.perf_counter()
    neurokit2.ecg_process(ten_minutes.astype(np.float64), sampling_rate=FS)
    return time.perf_counter() - start


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table(rows: list[tuple[str, str, str]]) -> str:
    width = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(f"{a:<{width[0]}}  {b:>{width[1]}}  {c}" for a, b, c in rows)


def report(mitbih: dict, export: dict, speed: dict | None) -> str:
    m, e = mitbih, export
    rows = [
        ("MIT-BIH 100 MLII @256 Hz, 150 ms", "", ""),
        ("  beats / detected", f"{m['beats']} / {m['detected']}", ""),
        ("  Se", f"{m['se']:.2f} %", "target >= 99.5 %"),
        ("  +P", f"{m['pp']:.2f} %", "target >= 99.5 %"),
        ("  Se / +P at native 360 Hz", f"{m['se_360']:.2f} / {m['pp_360']:.2f} %", ""),
        ("Hexoskin export 257575, 100 ms", "", ""),
        ("  device beats / detected", f"{e['device_beats']} / {e['detected']}", ""),
        ("  Se / +P, all seconds", f"{e['se_all']:.1f} / {e['pp_all']:.1f} %", ""),
        ("  Se / +P, chance (ours +60 s)", f"{e['chance_se']:.1f} / {e['chance_pp']:.1f} %", ""),
        ("  device-clean seconds", f"{e['clean_seconds']}", "heart_rate_quality 0"),
        ("  Se / +P, device-clean", f"{e['se_clean']:.1f} / {e['pp_clean']:.1f} %",
         f"target >= 98 % ({e['clean_beats']} / {e['clean_detected']} beats)"),
        ("  HR MAE vs device RR, clean", f"{e['mae_clean']:.1f} bpm",
         f"target <= 2 bpm ({e['mae_seconds']} s)"),
        ("  HR MAE vs device HR, clean", f"{e['mae_device_hr']:.1f} bpm", "heart_rate.wav"),
        ("  device HR vs its own RR", f"{e['device_self_mae']:.1f} bpm", "reference consistency"),
        ("  0x08 agreement, all / flagged", f"{e['agree_08']:.1f} / {e['agree_08_flagged']:.1f} %",
         f"target >= 90 % ({e['flagged_seconds']} flagged s)"),
        ("  0x10 agreement, all / flagged", f"{e['agree_10']:.1f} / {e['agree_10_flagged']:.1f} %",
         "target >= 90 %"),
        ("  reliable HR in flagged seconds", f"{e['reliable_in_flagged']}", "target 0"),
        ("  our reliable seconds", f"{e['reliable_seconds']} / {e['seconds']}",
         f"device {e['clean_seconds']} / {e['device_seconds']}"),
    ]  # fmt: skip
    if speed:
        s = speed
        rows += [
            (f"Speed, {s['hours']:g} h ({s['samples']:,} samples), 1 core", "", ""),
            ("  ecg_process wall / CPU", f"{s['wall']:.1f} / {s['cpu']:.1f} s", "target < 30 s"),
            ("  neurokit2 ecg_process (extrap.)", f"{s['neurokit_wall']:.0f} s",
             f"ratio {s['neurokit_wall'] / s['wall']:.0f}x"),
            ("  peak RSS (input included)", f"{s['max_rss_mb']:.0f} MB", f"{s['beats']} beats"),
        ]  # fmt: skip
    return table(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--hours", type=float, default=24, help="0 skips the speed run")
    args = parser.parse_args()
    export = args.shared / "data" / "hexoskin-export" / "harlab-257575"
    mitbih = mitbih_figures(args.shared / "data" / "physionet")
    figures = export_figures(export)
    speed = speed_figures(read_export(export)["ecg"], args.hours) if args.hours else None
    print(report(mitbih, figures, speed))


if __name__ == "__main__":
    main()
