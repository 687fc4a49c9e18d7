"""The hunspell process: clear errors when it is missing, answers parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from strukturer.check import CheckConfig, Checker, hunspell
from strukturer.check.hunspell import Hunspell
from strukturer.errors import CheckError

pytestmark = pytest.mark.hunspell

HINT = "apt-get install hunspell hunspell-sv"


def test_missing_program_says_how_to_install() -> None:
    with pytest.raises(CheckError) as raised:
        Checker(CheckConfig(hunspell="/nonexistent/hunspell"))
    assert HINT in str(raised.value)


def test_missing_dictionary_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setattr(hunspell, "dictionary_dirs", lambda: [tmp_path])
    with pytest.raises(CheckError) as raised:
        Checker(CheckConfig())
    assert HINT in str(raised.value)
    assert str(tmp_path) in str(raised.value)
    with pytest.raises(CheckError, match="hunspell-sv"):
        Checker(CheckConfig(dictionary=str(tmp_path / "sv_SE")))


def test_disabled_spelling_needs_no_hunspell() -> None:
    config = CheckConfig(hunspell="/nonexistent/hunspell", disable=["spelling"])
    with Checker(config) as checker:
        assert [d.rule_id for d in checker.check_text("förttyck skall")] == ["skall"]


def test_answers_and_cache() -> None:
    with Hunspell() as hunspell:
        answers = hunspell.check(["förtryck", "förttyck", "förtryck", "Ivligrationsverket"])
        assert list(answers) == ["förtryck", "förttyck", "Ivligrationsverket"]
        assert answers["förtryck"].ok
        assert not answers["förttyck"].ok
        assert answers["förttyck"].suggestions[0] == "förtryck"
        assert answers["Ivligrationsverket"].suggestions == ("Migrationsverket",)
        # a word hunspell knows no suggestion for ("#" answer)
        assert not hunspell.check(["qqqxxzzqq"])["qqqxxzzqq"].ok
        assert set(hunspell.cache) >= {"förtryck", "förttyck", "qqqxxzzqq"}


def test_large_batch_does_not_deadlock() -> None:
    """More than a pipe buffer of words in and of answers out (numbers: fast answers)."""
    words = [str(n) for n in range(1, 30001)]
    with Hunspell() as hunspell:
        answers = hunspell.check(words)
    assert len(answers) == 30000
    assert all(a.ok for a in answers.values())


def test_a_hunspell_that_never_answers_is_stopped(tmp_path: Path) -> None:
    """A hung spelling process stops the check with a sentence, not a hang."""
    fake = tmp_path / "hunspell"
    fake.write_text(
        "#!/bin/sh\necho '@(#) International Ispell Version 3.2.06'\nexec sleep 600\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    with Hunspell(str(fake), timeout=0.5) as speller, pytest.raises(CheckError) as caught:
        speller.check(["hej"])
    assert str(caught.value) == (
        f"hunspell did not answer within 0.5 s and was stopped; check the installation "
        f"({hunspell.INSTALL_HINT})"
    )
