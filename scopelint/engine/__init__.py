"""The scoping engine: a symbolic model of TF1 naming (model.py), driven over
a module's syntax tree (interpreter.py, expressions.py, tfapi.py, library.py)."""
