"""``python -m strukturer``: the command line."""

from strukturer.cli import main

main(prog_name="strukturer")
