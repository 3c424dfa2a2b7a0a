"""``python -m optimizer``: the ``balansplan`` command line."""

from optimizer.cli import main

main(prog_name="balansplan")
