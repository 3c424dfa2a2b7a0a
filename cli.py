"""The ``balansplan`` entry point from a checkout: runs ``optimizer.cli`` (``python cli.py --help``).

The installed command is ``balansplan`` (``optimizer.cli:main``), and ``python -m optimizer`` too.
"""

from optimizer.cli import main

if __name__ == "__main__":
    main()
