"""The mail merge's split chooses pikepdf and leaves pypdf unimported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .pdfcheck import RECORDS_PDF

_SPLIT = """
import sys
from pathlib import Path
from strukturer.pdf.metadata import PdfMetadata
from strukturer.pdf.records_split import split_records

out = Path(sys.argv[1])
split_records(
    Path(sys.argv[2]),
    "Rec",
    [(out / f"{i}.pdf", PdfMetadata(title=f"Brev {i}", author="Myndigheten")) for i in range(3)],
)
print(sorted(p.name for p in out.iterdir()), "pypdf" in sys.modules)
"""


def test_a_split_pikepdf_can_make_does_not_import_pypdf(tmp_path: Path) -> None:
    """pypdf takes about 0.1 s of the interpreter to import; the letters need none of it."""
    done = subprocess.run(
        [sys.executable, "-c", _SPLIT, str(tmp_path), str(RECORDS_PDF)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "['0.pdf', '1.pdf', '2.pdf'] False"
