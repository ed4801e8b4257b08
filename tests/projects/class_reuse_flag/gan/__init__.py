"""A tiny GAN."""
from .networks import Discriminator, generator

__all__ = ["Discriminator", "generator"]
