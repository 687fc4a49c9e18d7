"""Writing a DOCX package from its parts with fixed zip timestamps (reproducible bytes)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime

from strukturer.clock import zip_date_time

#: The time of packages that are only a step of a build and never a deliverable.
INTERMEDIATE_TIME = datetime(1980, 1, 1, tzinfo=UTC)


def write_package(parts: Mapping[str, bytes], moment: datetime) -> bytes:
    """The zip file holding ``parts`` in their given order, every entry stamped alike.

    Each entry gets ``moment`` (the build time) and mode 0644, so the same parts always
    give the same bytes.
    """
    out = io.BytesIO()
    stamp = zip_date_time(moment)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, payload in parts.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            package.writestr(entry, payload)
    return out.getvalue()
