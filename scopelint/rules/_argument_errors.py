"""Shared check for SCO105-SCO110: argument errors TF raises on the spot."""

from scopelint.rules._report import certain


def checker(code: str):
    def check(analysis):
        for ev in analysis.events:
            if ev.kind == "error" and ev.detail.get("code") == code and certain(ev):
                yield ev.stack[-1], ev.detail["message"]
            elif ev.outcome == "error" and ev.detail.get("code") == code and certain(ev):
                yield ev.stack[-1], ev.detail["message"]

    return check
