"""``python -m strukturer.cli``: the same as ``python -m strukturer``."""

from strukturer.cli import main

main(prog_name="strukturer")
