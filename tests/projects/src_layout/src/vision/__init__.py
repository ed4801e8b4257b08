"""An installable vision package (src/ layout)."""
from .models import resnet_tiny

__all__ = ["resnet_tiny"]
