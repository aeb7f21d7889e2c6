"""Entry point of the PyInstaller bundle: the same as the `transcript-reader` command."""

import sys

from reader.cli import main

if __name__ == "__main__":
    sys.exit(main())
