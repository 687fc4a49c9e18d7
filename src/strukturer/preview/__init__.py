"""``strukturer preview``: a local web page showing the deliverables' pages and the check's
diagnostics, rebuilt when a content or template file changes (docs/cli.md)."""

from strukturer.preview.server import PreviewServer
from strukturer.preview.session import Preview

__all__ = ["Preview", "PreviewServer"]
