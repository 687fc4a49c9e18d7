"""The office's environment (no LibreOffice needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from strukturer.pdf.profile import office_env, office_socket_names


def test_office_environment_keeps_heap_padding_unless_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MALLOC_TOP_PAD_", raising=False)
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    env = office_env(tmp_path)
    assert env["MALLOC_TOP_PAD_"] == str(256 * 1024 * 1024)
    assert env["TMPDIR"] == str(tmp_path)
    assert "PYTHONPATH" not in env
    assert not Path(env["PATH"]).exists()  # no programs for the office to start
    monkeypatch.setenv("MALLOC_TOP_PAD_", "131072")
    assert office_env(tmp_path)["MALLOC_TOP_PAD_"] == "131072"


def test_socket_names_follow_the_profile_url() -> None:
    names = office_socket_names(Path("/tmp/p"), "pipe-1")
    assert len(names) == 2
    assert names[0].startswith("OSL_PIPE_")
    assert "_SingleOfficeIPC_" in names[0]
    assert names[1].endswith("_pipe-1")
    assert office_socket_names(Path("/tmp/q"))[0] != names[0]
