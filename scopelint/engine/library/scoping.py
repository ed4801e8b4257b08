"""How library code (layers, cells, optimizers, slim) enters variable
scopes and makes its variables: `tf.variable_scope(...)` and
`get_variable(..., initializer=<callable>)` the way the library calls them."""

from __future__ import annotations

from typing import Any, Callable

import scopelint.engine.library.getters as getters
from scopelint.engine.library.scopes import current_scope, enter_variable_scope, reuse_origin
from scopelint.engine.library.variables import get_variable, variable_result
from scopelint.engine.model import VarScope
from scopelint.engine.objects import VarObj, VarScopeCM
from scopelint.engine.protocol import Interp
from scopelint.engine.shapes import Initializer
from scopelint.engine.values import AUTO_REUSE, Unknown, is_text, is_unknown


def scope_cm(
    interp: Interp, node: Any, name_or_scope: Any = None, default_name: Any = None, reuse: Any = None, aux: Any = True
) -> VarScopeCM:
    """`tf.variable_scope(...)` as library code calls it."""
    if reuse is False:
        reuse = None
    elif not (reuse is None or reuse is True or reuse is AUTO_REUSE):
        reuse = Unknown()
    if name_or_scope is not None and not isinstance(name_or_scope, VarScope) and not is_text(name_or_scope):
        name_or_scope = Unknown()
    if default_name is not None and not is_text(default_name):
        default_name = Unknown()
    cm = VarScopeCM(name_or_scope, default_name, reuse, aux, False, node)
    cm.reuse_node = None
    cm.cause = reuse_origin(interp, node, "reuse", -1) if reuse in (True, AUTO_REUSE) else node
    return cm


def within(interp: Interp, node: Any, cm: VarScopeCM, body: Callable[[VarScope], Any]) -> Any:
    """Run `body(scope)` inside the variable scope `cm` opens."""
    outer = current_scope(interp)
    scope, exit_scope = enter_variable_scope(interp, cm, node)
    if cm.reuse is None:  # inherited: the scope whose reuse decides is the enclosing one (for messages)
        scope.f["node"] = outer.f.get("node")
    try:
        return body(scope)
    finally:
        exit_scope()


def capture(interp: Interp, node: Any, cm: VarScopeCM) -> VarScope:
    """`with tf.variable_scope(...) as captured: pass`."""
    return within(interp, node, cm, lambda scope: scope)


def make_variable(interp: Interp, node: Any, api: str, name: Any, shape: Any, *, trainable: Any = True) -> VarObj:
    """get_variable(name, shape, initializer=<callable>) in the current scope."""
    if not (isinstance(shape, tuple) and all(isinstance(d, int) or is_unknown(d) for d in shape)):
        shape = Unknown()
    through_getters = getters.library_variable(interp, node, api, name, shape, Initializer(), trainable)
    if through_getters is not None:
        return through_getters
    ev = get_variable(interp, node, api, name, shape=shape, shape_given=True, init=Initializer(), library=True)
    return variable_result(interp, ev, trainable, shape)


def make_variables(interp: Interp, node: Any, api: str, specs: list, trainable: Any = True) -> list:
    """One library call's variables, in TF's order. Once a step's outcome is
    unknown (it may raise), what the later steps do is in doubt too."""
    out = []
    doubt = interp.doubt
    try:
        for name, shape, var_trainable in specs:
            var = make_variable(
                interp, node, api, name, shape, trainable=var_trainable if trainable is True else trainable
            )
            out.append(var)
            if is_unknown(var.name) or interp.graph.lost:
                interp.doubt += 1
            elif interp.events and interp.events[-1].outcome is None:
                interp.doubt += 1
    finally:
        interp.doubt = doubt
    return out
