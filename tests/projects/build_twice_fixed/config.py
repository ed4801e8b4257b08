"""Sizes and scope names shared by the package and the scripts."""

MODEL_SCOPE = "classifier"
INPUT_DIM = 16
HIDDEN = 32
CLASSES = 10
