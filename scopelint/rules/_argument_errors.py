"""Shared check for SCO105-SCO111 and SCO114: errors TF raises on the spot."""

from scopelint.engine.events import ArgumentError, Outcome
from scopelint.rules._report import certain


def checker(error: ArgumentError):
    def check(analysis):
        for ev in analysis.events:
            if ev.outcome is Outcome.ERROR and ev.error is error and certain(ev):
                yield ev.stack[-1], ev.message

    return check
