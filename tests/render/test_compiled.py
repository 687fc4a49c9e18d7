"""Compiled templates kept by their source (strukturer.render.compiled)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import CodeType

import pytest
from jinja2 import Environment, TemplateSyntaxError

from strukturer._cache import CACHE_ENV
from strukturer.render import compiled as kept
from strukturer.render.jinja import TemplateEnvironment, make_environment


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    kept._memory.clear()


def _counting(source: str) -> tuple[list[int], Callable[[], CodeType]]:
    calls: list[int] = []

    def compile_source() -> CodeType:
        calls.append(1)
        code = Environment().compile(source)  # Jinja's own, which keeps nothing
        assert isinstance(code, CodeType)
        return code

    return calls, compile_source


def test_a_source_is_compiled_once_per_process_and_once_per_cache(tmp_path: Path) -> None:
    calls, compile_source = _counting("{{ a }}")
    first = kept.compiled("{{ a }}", "options", compile_source)
    assert kept.compiled("{{ a }}", "options", compile_source) is first
    assert len(calls) == 1
    kept._memory.clear()  # a new process: the code comes from the cache folder
    assert kept.compiled("{{ a }}", "options", compile_source).co_code == first.co_code
    assert len(calls) == 1
    assert len(list((tmp_path / "cache" / "jinja-code").iterdir())) == 1
    kept.compiled("{{ a }}", "other options", compile_source)
    kept.compiled("{{ b }}", "options", _counting("{{ b }}")[1])
    assert len(calls) == 2


def test_an_unreadable_entry_is_compiled_again(tmp_path: Path) -> None:
    calls, compile_source = _counting("{{ a }}")
    kept.compiled("{{ a }}", "options", compile_source)
    for entry in (tmp_path / "cache" / "jinja-code").iterdir():
        entry.write_bytes(b"\x00not marshalled code")
    kept._memory.clear()
    kept.compiled("{{ a }}", "options", compile_source)
    assert len(calls) == 2


def test_the_memory_keeps_the_last_sources_only() -> None:
    for n in range(kept.KEPT + 5):
        kept.compiled(f"{{{{ a{n} }}}}", "options", _counting(f"{{{{ a{n} }}}}")[1])
    assert len(kept._memory) == kept.KEPT


def test_environments_render_the_same_from_cached_code() -> None:
    source = "<w:t>{{ name | upper }}{% if n > 1 %} och {{ n }}{% endif %}</w:t>"
    first = make_environment().from_string(source).render(name="<Ö>", n=2)
    again = make_environment().from_string(source).render(name="<Ö>", n=2)
    assert first == again == "<w:t>&lt;Ö&gt; och 2</w:t>"
    plain = TemplateEnvironment(autoescape=False).from_string(source).render(name="<Ö>", n=1)
    assert plain == "<w:t><Ö></w:t>"  # autoescape changes the code: not the cached one
    with pytest.raises(TemplateSyntaxError):
        make_environment().from_string("{% if %}")
    with pytest.raises(TemplateSyntaxError):
        make_environment().from_string("{% if %}")  # an error is not kept
