"""`python -m scopelint`."""

from scopelint.cli import entry

entry()
