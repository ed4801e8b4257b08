"""`tf.metrics.*` (TF's `ops/metrics_impl.py`): each metric opens
`variable_scope(name, '<metric>')` and makes its local counters with
`metric_variable`, i.e. like `tf.Variable` (named by the name scope, never
in the store): `accuracy/total`, `accuracy/count`, `accuracy_1/...`.
Metrics built from others nest their scopes (`precision/true_positives/count`)."""

from __future__ import annotations

from typing import Any

from scopelint.engine.dispatch import REGISTRY
from scopelint.engine.library.scoping import scope_cm, within
from scopelint.engine.library.variables import make_tf_variable
from scopelint.engine.objects import TFObject
from scopelint.engine.protocol import Interp
from scopelint.engine.values import Unknown, is_text

# metric: (position of `name` in its signature, its variables: a name, or
# (inner metric's default scope, its variables) for a metric built on another).
_TOTAL_COUNT = ("total", "count")
_METRICS: dict = {
    "accuracy": (5, _TOTAL_COUNT),
    "mean": (4, _TOTAL_COUNT),
    "mean_squared_error": (5, _TOTAL_COUNT),
    "root_mean_squared_error": (5, _TOTAL_COUNT),
    "mean_absolute_error": (5, _TOTAL_COUNT),
    "mean_iou": (6, ("total_confusion_matrix",)),
    "auc": (7, ("true_positives", "false_negatives", "true_negatives", "false_positives")),
    "true_positives": (5, ("count",)),
    "false_positives": (5, ("count",)),
    "true_negatives": (5, ("count",)),
    "false_negatives": (5, ("count",)),
    "precision": (5, (("true_positives", ("count",)), ("false_positives", ("count",)))),
    "recall": (5, (("true_positives", ("count",)), ("false_negatives", ("count",)))),
}


def _metric(metric: str) -> Any:
    position, variables = _METRICS[metric]
    api = f"metrics.{metric}"

    def make(interp: Interp, node: Any, default: str, name: Any, specs: tuple) -> None:
        def body(_scope: Any) -> None:
            for spec in specs:
                if isinstance(spec, tuple):
                    make(interp, node, spec[0], None, spec[1])
                else:
                    make_tf_variable(interp, node, api, spec)

        within(interp, node, scope_cm(interp, node, name, default), body)

    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        name = kwargs["name"] if "name" in kwargs else args[position] if len(args) > position else None
        if name is not None and not is_text(name):
            name = Unknown()
        make(interp, node, metric, name, variables)
        return (TFObject(), TFObject())  # (value, update_op)

    return handler


for _metric_name in _METRICS:
    REGISTRY.add_api(f"metrics.{_metric_name}", _metric(_metric_name))
