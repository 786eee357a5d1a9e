"""A few minutes of a full raw channel set made here, with known truth: ECG at a set heart
rate, breaths at a set rate, steps at a set cadence (the biosignals tests' generators)."""

from dataclasses import dataclass

import numpy as np

from tests.biosignals.test_acceleration import set_steps, walking
from tests.biosignals.test_ecg import shirt, simulated
from tests.biosignals.test_respiration import bands, jittered, volume

T0 = 427217263872  # 2022-11-19T00:23:57Z, a whole second
HEART_RATE, BREATHING_RATE, CADENCE = 72, 15, 110


@dataclass(frozen=True)
class Recording:
    seconds: int
    start: int = T0

    def times(self, hz: int) -> np.ndarray:
        return self.start + np.arange(self.seconds * hz, dtype=np.int64) * (256 // hz)

    def ecg(self) -> np.ndarray:
        return shirt(simulated(HEART_RATE, self.seconds))

    def respiration(self) -> tuple[np.ndarray, np.ndarray]:
        return bands(volume(jittered(BREATHING_RATE, self.seconds), self.seconds))

    def acceleration(self) -> np.ndarray:
        xyz = walking(set_steps(CADENCE, 2, self.seconds - 1), self.seconds)
        return np.rint(xyz * 256).astype(np.int64)

    def body(self) -> dict[str, list]:
        """The JSON `data` object of an upload of every raw channel."""
        thoracic, abdominal = self.respiration()
        xyz = self.acceleration()
        series = {4113: (256, self.ecg()), 4129: (128, thoracic), 4130: (128, abdominal)}
        series |= {4145 + axis: (64, xyz[:, axis]) for axis in range(3)}
        return {
            str(pk): np.column_stack((self.times(hz), values)).tolist()
            for pk, (hz, values) in series.items()
        }
