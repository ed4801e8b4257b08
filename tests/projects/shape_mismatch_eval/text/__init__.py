from .model import embed, classify

__all__ = ["embed", "classify"]
