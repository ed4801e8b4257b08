"""The oracle: real TensorFlow (TF1 mode) as the judge of scopelint's predictions.

* `harness` runs one program under TensorFlow and records every variable it
  creates or reuses (imported only inside the worker process).
* `worker` is the long-running subprocess that imports TensorFlow once.
* `client` talks to the worker (`Oracle`, `oracle_available`).
* `compare` compares an oracle result with a `scopelint.LintResult`.

Nothing here imports TensorFlow in the test process itself.
"""
