"""Numbers as CSV text: Hexoskin's writing (integers as integers, floats by shortest repr,
`nan`) and a strict, vectorised reading shared by the CSV readers."""

from collections.abc import Sequence

import numpy as np

INT64_LIMIT = 2.0**63


class NotANumber(ValueError):
    """Cell `index` of the cells given is not a number."""

    def __init__(self, index: int, text: str):
        super().__init__(f"{str(text)!r} is not a number")
        self.index = index


def format_values(values: np.ndarray) -> list[str]:
    """Each value as Hexoskin writes it: `70`, `0.3515625`, `2.0`, `nan`."""
    # Python's str of a float is its shortest round-trip repr; of an int, its digits.
    return list(map(str, values.tolist()))


def parse_numbers(cells: Sequence[str] | np.ndarray) -> np.ndarray:
    """int64 when every cell is an integer literal, else float64; NotANumber at a bad one."""
    text = np.asarray(cells, dtype=object)  # references, not fixed-width copies of the text
    try:
        return text.astype(np.int64)
    except (ValueError, OverflowError):
        pass  # not all integer literals (or one beyond int64): read as floats
    try:
        return text.astype(np.float64)
    except ValueError:
        index = next(i for i, cell in enumerate(cells) if not _is_float(cell))
        raise NotANumber(index, cells[index]) from None


def integral(values: np.ndarray) -> np.ndarray:
    """The values as int64 when all are whole numbers within int64, else unchanged."""
    if values.dtype.kind != "f":
        return values
    if np.all(np.isfinite(values) & (values == np.floor(values)) & (np.abs(values) < INT64_LIMIT)):
        return values.astype(np.int64)
    return values


def _is_float(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
