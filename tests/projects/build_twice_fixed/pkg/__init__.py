"""A small classifier package."""
from .nets import build

__all__ = ["build"]
