"""Benchmarks and whole-corpus robustness runs (not part of the package)."""
