"""HexoTimestamps: int64 ticks of 1/256 s since the Unix epoch, and their renderings."""

from datetime import UTC, datetime, timedelta

TICKS_PER_SECOND = 256
INT64_MAX = 2**63 - 1
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_datetime(ticks: int) -> datetime:
    """The UTC instant of a HexoTimestamp, to the microsecond; ValueError past year 9999."""
    try:
        return EPOCH + timedelta(microseconds=ticks * 1_000_000 // TICKS_PER_SECOND)
    except OverflowError as error:
        raise ValueError(f"HexoTimestamp {ticks} is outside the years 1 to 9999.") from error


def from_datetime(moment: datetime) -> int:
    delta = moment - EPOCH
    return (delta // timedelta(microseconds=1)) * TICKS_PER_SECOND // 1_000_000


def iso(ticks: int | None) -> str | None:
    """Hexoskin's `*_date` rendering: whole seconds, `+00:00` suffix (None if unrepresentable)."""
    try:
        return None if ticks is None else to_datetime(ticks).replace(microsecond=0).isoformat()
    except ValueError:
        return None  # e.g. the official client's millisecond-scaled times, year 60000


def duration_text(seconds: int | None) -> str | None:
    """Hexoskin's `duration` rendering, H:MM:SS (hours grow past 24)."""
    if seconds is None:
        return None
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
