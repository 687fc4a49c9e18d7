"""Writing a DOCX package from its parts with fixed zip timestamps (reproducible bytes)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

from strukturer.render.reproducible import zip_date_time


def write_package(parts: Mapping[str, bytes]) -> bytes:
    """The zip file holding ``parts`` in their given order, every entry stamped alike.

    Each entry gets the build time (``SOURCE_DATE_EPOCH``) and mode 0644, so the same
    parts always give the same bytes.
    """
    out = io.BytesIO()
    stamp = zip_date_time()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, payload in parts.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            package.writestr(entry, payload)
    return out.getvalue()
