"""`python -m reader`: the same as the `transcript-reader` command."""

import sys

from reader.cli import main

sys.exit(main())
