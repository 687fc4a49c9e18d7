"""Build time from ``SOURCE_DATE_EPOCH``, so that rebuilds are byte-identical."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from strukturer.errors import StrukturerError


def source_date_epoch() -> int | None:
    """The value of ``SOURCE_DATE_EPOCH``, or None when it is not set."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise StrukturerError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds since 1970"
        ) from None


def build_datetime() -> datetime:
    """The time to stamp into documents: SOURCE_DATE_EPOCH if set, else now (UTC)."""
    epoch = source_date_epoch()
    moment = datetime.fromtimestamp(epoch, UTC) if epoch is not None else datetime.now(UTC)
    return moment.replace(microsecond=0)


def zip_date_time() -> tuple[int, int, int, int, int, int]:
    """The timestamp for zip entries; zip cannot store dates before 1980."""
    moment = max(build_datetime(), datetime(1980, 1, 1, tzinfo=UTC))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
