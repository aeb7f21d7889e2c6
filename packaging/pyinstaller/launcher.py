"""Entry point of the PyInstaller bundle: the same as the `transcript-reader` command."""

import multiprocessing
import sys

from reader.cli import main

if __name__ == "__main__":
    # The word aligner (reader.core.align) runs its workers with multiprocessing's spawn start method, which
    # in a bundle starts this executable again with `--multiprocessing-fork`: freeze_support() (PyInstaller
    # makes it work on every platform) turns that process into the worker, before anything reads argv.
    multiprocessing.freeze_support()
    sys.exit(main())
