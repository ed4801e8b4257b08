REUSE = False
HIDDEN = 8


def enable_reuse():
    global REUSE
    REUSE = True
