"""Builders by name: the training script picks one from its configuration."""
from . import linear, mlp

MODELS = {
    "linear": linear.build,
    "mlp": mlp.build,
}
