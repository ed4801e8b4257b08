"""The analysis engine: a symbolic interpreter of TF1 scoping code over
a module's syntax tree.

Layers, each importing only those before it: values.py, objects.py,
model.py (TF graph state), frame.py, events.py, shapes.py, protocol.py,
dispatch.py (the registry), library/ (the TF model, registered into
dispatch), pyruntime.py, expressions.py, statements.py, interpreter.py,
analysis.py and vocabulary.py.
"""
