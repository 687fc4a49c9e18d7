"""Compiled Jinja templates kept by their source: in this process, and in the user's cache.

A template's Jinja is compiled every time a document is rendered from it: 4–11 ms for
each of the four templates of the example project, twice for a letter's (its own DOCX
and the merge's documents), again at each render of ``strukturer preview``. The code
Jinja makes depends only on the source, the environment's syntax options, Jinja's and
Python's versions and strukturer's own code (its code generator), so it is kept under
the SHA-256 of all of these: in memory (the last :data:`KEPT` sources) and, marshalled,
in ``jinja-code/`` of the cache (docs/performance.md, "Caches a cold build may use").
A cache entry that cannot be read is compiled again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import threading
from collections import OrderedDict
from collections.abc import Callable
from types import CodeType

import jinja2

from strukturer._cache import code_digest, read_entry, write_entry

#: How many compiled sources a process keeps in memory.
KEPT = 64
_KIND = "jinja-code"
_memory: OrderedDict[str, CodeType] = OrderedDict()
_lock = threading.Lock()


def compiled(source: str, options: str, compile_source: Callable[[], CodeType]) -> CodeType:
    """The code of ``source`` under the environment ``options`` (a text of the settings
    that change the code), from a cache or from ``compile_source``."""
    key = _key(source, options)
    with _lock:
        code = _memory.get(key)
        if code is not None:
            _memory.move_to_end(key)
            return code
    code = _read(key)
    if code is None:
        code = compile_source()
        write_entry(_KIND, key, marshal.dumps(code))
    with _lock:
        _memory[key] = code
        while len(_memory) > KEPT:
            _memory.popitem(last=False)
    return code


def _key(source: str, options: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass"))
    for part in (options, jinja2.__version__, importlib.util.MAGIC_NUMBER.hex()):
        digest.update(b"\0" + part.encode())
    digest.update(code_digest())
    return digest.hexdigest()


def _read(key: str) -> CodeType | None:
    data = read_entry(_KIND, key)
    if data is None:
        return None
    try:
        code = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None
