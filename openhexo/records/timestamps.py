"""HexoTimestamps: int64 ticks of 1/256 s since the Unix epoch, and their renderings."""

from datetime import UTC, datetime, timedelta

TICKS_PER_SECOND = 256
INT64_MAX = 2**63 - 1


def to_datetime(ticks: int) -> datetime:
    """The UTC instant of a HexoTimestamp, to the microsecond."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=ticks * 1_000_000 // 256)


def from_datetime(moment: datetime) -> int:
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta // timedelta(microseconds=1)) * TICKS_PER_SECOND // 1_000_000


def iso(ticks: int | None) -> str | None:
    """Hexoskin's `*_date` rendering: whole seconds, `+00:00` suffix."""
    if ticks is None:
        return None
    return to_datetime(ticks).replace(microsecond=0).isoformat()


def duration_text(seconds: int | None) -> str | None:
    """Hexoskin's `duration` rendering, H:MM:SS (hours grow past 24)."""
    if seconds is None:
        return None
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
