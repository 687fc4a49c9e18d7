"""Resource limits on content and templates, so bad input fails fast with bounded memory.

Each limit has a default and can be raised (or lowered) with an environment variable
``STRUKTURER_LIMIT_<NAME>`` (e.g. ``STRUKTURER_LIMIT_TEMPLATE_PART_BYTES=200000000``);
docs/limits.md lists them and why they are what they are.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs

from strukturer.errors import StrukturerError

ENV_PREFIX = "STRUKTURER_LIMIT_"
_MIB = 1024 * 1024


@attrs.frozen(kw_only=True)
class Limits:
    """The limits in force; :func:`current_limits` reads the overrides from the environment."""

    #: Inflated size of one part (file) of a template's zip package.
    template_part_bytes: int = 64 * _MIB
    #: Inflated size of all parts of a template's package together.
    template_package_bytes: int = 256 * _MIB
    #: Values built while reading one YAML file, counting each alias expansion anew.
    yaml_nodes: int = 200_000
    #: Items of a ``range()`` in a template, and parts of ``|slice``/``|batch``.
    range_items: int = 100_000
    #: Length of a string or list a template builds with ``*``, ``%``, ``|center``, ….
    template_value_length: int = 1_000_000
    #: Characters one part of a template (body, header, footer) may write.
    template_output_length: int = 100_000_000
    #: Bits of an integer a template builds with ``**`` or ``*``.
    template_int_bits: int = 4096
    #: Seconds one part (body, header, footer) of a template may take to render.
    render_seconds: float = 60.0

    def env_name(self, field: str) -> str:
        """The environment variable that overrides ``field``."""
        return ENV_PREFIX + field.upper()

    def over(self, field: str) -> str:
        """The end of a message about going over ``field``, naming how to raise it."""
        return (
            f"over the limit of {getattr(self, field):,} ({self.env_name(field)}; docs/limits.md)"
        )


def current_limits(environ: Mapping[str, str] | None = None) -> Limits:
    """The default limits with the overrides in ``environ`` (default: the process's)."""
    environ = os.environ if environ is None else environ
    changes: dict[str, int | float] = {}
    for field in attrs.fields(Limits):
        raw = environ.get(ENV_PREFIX + field.name.upper(), "").strip()
        if not raw:
            continue
        kind = float if field.type in (float, "float") else int
        try:
            value = kind(raw)
        except ValueError:
            value = -1
        if value <= 0:
            raise StrukturerError(
                f"{ENV_PREFIX}{field.name.upper()}={raw!r} is not a positive "
                f"{'number' if kind is float else 'whole number'}"
            )
        changes[field.name] = value
    return Limits(**changes)  # type: ignore[arg-type]  # keys are Limits' own field names
