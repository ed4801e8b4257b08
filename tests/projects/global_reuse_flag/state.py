"""Process-wide switches of the model code."""

REUSE = False


def share_weights():
    global REUSE
    REUSE = True
