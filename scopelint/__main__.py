"""`python -m scopelint`."""

import sys

from scopelint.cli import main

sys.exit(main())
