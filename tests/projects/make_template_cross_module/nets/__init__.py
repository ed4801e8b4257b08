from .siamese import tower

__all__ = ["tower"]
