"""The build time: one moment per build, from ``SOURCE_DATE_EPOCH`` or the caller.

Reproducible builds stamp the same time into every file (DOCX properties, zip entries,
PDF dates). The time is read from the environment once, at the edge (the build or the
release), and then passed down as a value: nothing writes ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime

from strukturer.errors import StrukturerError

EPOCH_ENV = "SOURCE_DATE_EPOCH"
#: Zip cannot store dates before 1980.
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)


def source_date_epoch(environ: Mapping[str, str] | None = None) -> int | None:
    """The value of ``SOURCE_DATE_EPOCH`` (in ``environ``, default the process's), or None."""
    raw = (os.environ if environ is None else environ).get(EPOCH_ENV)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise StrukturerError(
            f"{EPOCH_ENV}={raw!r} is not a whole number of seconds since 1970"
        ) from None


def build_time(epoch: int | None = None) -> datetime:
    """The time to stamp into documents: ``epoch`` when given, else now (UTC, whole seconds)."""
    moment = datetime.fromtimestamp(epoch, UTC) if epoch is not None else datetime.now(UTC)
    return moment.replace(microsecond=0)


def zip_date_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    """``moment`` as a zip entry's timestamp (not before 1980, which zip cannot store)."""
    moment = max(moment, _ZIP_EPOCH)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def default_build_time() -> datetime:
    """The build time when the caller gave none: ``SOURCE_DATE_EPOCH`` if set, else now."""
    return build_time(source_date_epoch())
