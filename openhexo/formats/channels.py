"""The channel handed to the writers: a datatype's identity, units and its samples as blocks."""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

TICKS_PER_SECOND = 256

Block = tuple[np.ndarray, np.ndarray]

# `<name> [<unit>](<datatype uri>)`, as in Hexoskin's CSV headers; the URI may carry any prefix.
_TITLE = re.compile(
    r"(?P<name>[^\[\]()]+?) \[(?P<unit>[^\[\]]*)\]\((?P<uri>[^()]*?/datatype/(?P<id>\d+)/?)\)"
)
_STEM = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Channel:
    """One datatype of one user over a window.

    `blocks()` returns (int64 HexoTimestamps, values) pairs in time order, each about a minute of
    samples, so that a writer never holds a whole channel. Values are int64 (raw) or float64.
    """

    id: int
    name: str
    freq: float | None  # Hz; None for an event (asynchronous) series
    unit: str
    uri: str
    blocks: Callable[[], Iterable[Block]]
    gain: float = 1.0  # raw * gain + offset = physical value
    offset: float = 0.0
    physical_unit: str = ""
    # Bounds of the values when the caller knows them (the store keeps them per chunk): the
    # WAV and EDF writers then choose their sample width without a first pass.
    value_range: tuple[float, float] | None = None


@dataclass(frozen=True)
class Title:
    """A parsed column title."""

    name: str
    unit: str
    uri: str
    datatype: int


def column_title(channel: Channel) -> str:
    """The CSV column title Hexoskin uses: `heart_rate [bpm](/api/datatype/19/)`."""
    return f"{channel.name} [{channel.unit}]({channel.uri})"


def parse_title(text: str) -> Title | None:
    """The parts of a column title, or None when it is not one."""
    match = _TITLE.fullmatch(text)
    if match is None:
        return None
    return Title(match["name"], match["unit"], match["uri"], int(match["id"]))


def in_blocks(
    times: np.ndarray, values: np.ndarray, size: int = 15360
) -> Callable[[], Iterable[Block]]:
    """A `blocks` callable over arrays already in memory, `size` samples a block."""
    times = np.asarray(times, dtype=np.int64)
    values = np.asarray(values)

    def blocks() -> Iterable[Block]:
        return ((times[i : i + size], values[i : i + size]) for i in range(0, len(times), size))

    return blocks


def check_channels(channels: Sequence[Channel]) -> None:
    """Writers key columns and files by datatype and name: a repeat or a name that is no plain
    file stem is a caller's bug."""
    ids, names = [c.id for c in channels], [c.name for c in channels]
    if len(set(ids)) != len(ids) or len(set(names)) != len(names):
        raise ValueError(f"a datatype is given twice: {list(zip(ids, names, strict=True))}")
    for name in names:
        if not _STEM.fullmatch(name):
            raise ValueError(f"channel name {name!r} is not a plain file stem")
