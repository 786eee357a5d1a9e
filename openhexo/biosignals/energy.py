"""Energy expenditure from heart rate: the prediction equations of Keytel et al. (2005),
"Prediction of energy expenditure from heart rate monitoring during submaximal exercise",
J Sports Sci 23(3):289-297 (the equations without VO2max, the ones a profile allows).

Energy (kJ/min) = -55.0969 + 0.6309 HR + 0.1988 W + 0.2017 A   (men)
                = -20.4022 + 0.4472 HR - 0.1263 W + 0.0740 A   (women)
with HR in bpm, W body mass in kg, A age in years. The equations were fitted on exercise
(heart rate above about 90 bpm); below that they can turn negative, so each second counts at
least the resting rate of the Mifflin-St Jeor equation (1990), which needs height too.
"""

import numpy as np
from numpy.typing import ArrayLike

KJ_PER_KCAL = 4.184
MALE = (-55.0969, 0.6309, 0.1988, 0.2017)
FEMALE = (-20.4022, 0.4472, -0.1263, 0.0740)


def energy_keytel(
    heart_rate: ArrayLike, weight_kg: float, age_years: float, male: bool, resting_kcal_min: float
) -> np.ndarray:
    """kcal spent in each second of a 1 Hz heart-rate series (bpm), never below the resting
    rate (kcal/min); nan where the heart rate is unknown."""
    base, per_beat, per_kg, per_year = MALE if male else FEMALE
    kj_per_min = base + per_beat * np.asarray(heart_rate, dtype=np.float64)
    kj_per_min += per_kg * weight_kg + per_year * age_years
    return np.maximum(kj_per_min / KJ_PER_KCAL, resting_kcal_min) / 60


def resting_mifflin(weight_kg: float, height_m: float, age_years: float, male: bool) -> float:
    """Resting energy expenditure in kcal/min (Mifflin et al. 1990, Am J Clin Nutr 51:241)."""
    per_day = 10 * weight_kg + 625 * height_m - 5 * age_years + (5 if male else -161)
    return per_day / 1440
