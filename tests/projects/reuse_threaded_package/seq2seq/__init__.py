from . import layers, model

__all__ = ["layers", "model"]
