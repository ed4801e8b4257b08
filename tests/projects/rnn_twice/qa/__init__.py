"""Reading-comprehension model."""
from .encoders import encode
from .config import UNITS

__all__ = ["encode", "UNITS"]
