"""Optimizers, moving averages, the global step and templates.

Slot variables (`slot_creator.create_slot`) are made by
`get_variable("")` inside `variable_scope(None, default_name=<var>/<name>)`:
the key is `<current scope>/<var>/<Adam>/` and a reusing scope makes it fail
with "Variable w/Adam/ does not exist". Adam's `beta1_power`/`beta2_power`
are made like tf.Variable under the current name scope, once per optimizer
and graph. An optimizer makes slots only for the variables whose gradient is
not None: where that is unknown, the slots' names end in `?`.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from scopelint.engine.dispatch import REGISTRY, bind, canonical
from scopelint.engine.events import ArgumentError, Outcome, argument_error
from scopelint.engine.gradients import deps_of, is_plain_tensor
from scopelint.engine.library.gradients import gradient
from scopelint.engine.library.regularization import collection_field, collection_list
from scopelint.engine.library.scopes import name_stack
from scopelint.engine.library.scoping import make_variable, scope_cm, within
from scopelint.engine.library.variables import make_tf_variable
from scopelint.engine.model import Graph, VarRecord, VarScope
from scopelint.engine.objects import BoundMethod, FuncVal, LibraryObject, ListVal, TFObject, TFRef, VarObj
from scopelint.engine.protocol import Interp
from scopelint.engine.values import Maybe, Unknown, is_text, render, sym

# optimizer class -> (default name, constructor args, slots per variable, non-slot variables)
_OPTIMIZERS = {
    "GradientDescentOptimizer": ("GradientDescent", ["learning_rate", "use_locking", "name"], 0, ()),
    "MomentumOptimizer": ("Momentum", ["learning_rate", "momentum", "use_locking", "name", "use_nesterov"], 1, ()),
    "AdamOptimizer": (
        "Adam",
        ["learning_rate", "beta1", "beta2", "epsilon", "use_locking", "name"],
        2,
        ("beta1_power", "beta2_power"),
    ),
    "RMSPropOptimizer": (
        "RMSProp",
        ["learning_rate", "decay", "momentum", "epsilon", "use_locking", "centered", "name"],
        2,
        (),
    ),
    "AdagradOptimizer": ("Adagrad", ["learning_rate", "initial_accumulator_value", "use_locking", "name"], 1, ()),
    "AdadeltaOptimizer": ("Adadelta", ["learning_rate", "rho", "epsilon", "use_locking", "name"], 2, ()),
    "FtrlOptimizer": (
        "Ftrl",
        [
            "learning_rate",
            "learning_rate_power",
            "initial_accumulator_value",
            "l1_regularization_strength",
            "l2_regularization_strength",
            "use_locking",
            "name",
        ],
        2,
        (),
    ),
}
OPTIMIZER = "optimizer"


def _optimizer(cls: str) -> Any:
    default, names, slots, nonslot = _OPTIMIZERS[cls]

    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = bind(args, kwargs, names)
        name = a.get("name", default)
        n_slots: Any = slots
        if cls == "RMSPropOptimizer":
            centered = a.get("centered", False)
            n_slots = 3 if centered is True else 2 if centered is False else Unknown()
        if not is_text(name):
            name = Unknown()
        return LibraryObject(
            OPTIMIZER,
            {"name": name, "slots": n_slots, "nonslot": nonslot, "class": cls},
            node,
            slotted=(),
            nonslot_graphs=(),
        )

    return handler


for _cls in _OPTIMIZERS:
    REGISTRY.add_api(f"train.{_cls}", _optimizer(_cls))


@REGISTRY.fallback(order=20)
def _unknown_optimizer(interp: Interp, name: str, args: list, kwargs: dict, node: Any) -> Any:
    """An optimizer class not modelled: its slots are unknown."""
    if not (name.startswith("train.") and name.endswith("Optimizer")):
        return NotImplemented
    config = {"name": Unknown(), "slots": Unknown(), "nonslot": Unknown(), "class": "?"}
    return LibraryObject(OPTIMIZER, config, node, slotted=(), nonslot_graphs=())


def default_var_list(interp: Interp) -> Any:
    return interp.graph.trainables


def create_slots(
    interp: Interp, owner: LibraryObject, variables: Any, node: Any, api: str, doubtful: frozenset = frozenset()
) -> None:
    """Optimizer._create_slots / EMA.apply for a list of variables. Those
    whose id is in `doubtful` may get no slot (their gradient may be None):
    their slots' names end in `?` and what the call does to them is unknown."""
    g = interp.graph
    n_slots = owner.config["slots"]
    nonslot = owner.config["nonslot"]
    name = owner.config["name"]
    known = list(variables) if isinstance(variables, (tuple, list)) else variable_list(variables)
    if known is not None and any(not isinstance(v, VarObj) and getattr(v, "op", None) is None for v in known):
        known = None
    if known is None or not isinstance(n_slots, int) or not isinstance(nonslot, tuple):
        if n_slots != 0 or nonslot != ():
            g.open_store()
        return
    if not known:
        return
    if nonslot and g.id not in owner.f["nonslot_graphs"]:
        for vname in nonslot:
            make_tf_variable(interp, node, api, vname)
        owner.f["nonslot_graphs"] = owner.f["nonslot_graphs"] + (g.id,)
    if not n_slots:
        return
    done = owner.f["slotted"]
    for var in known:
        primary = var.name if isinstance(var, VarObj) else var.op  # a tensor's slot is named after its op
        ident = (g.id, primary if isinstance(primary, str) else id(var))
        if ident in done:
            continue
        doubt = id(var) in doubtful
        for _ in range(n_slots):
            prefix = sym(primary, "/", name) if is_text(primary) and is_text(name) else Unknown()
            before = len(interp.events)
            interp.doubt += doubt
            try:
                slot = within(
                    interp,
                    node,
                    scope_cm(interp, node, None, default_name=prefix),
                    _slot(interp, node, api, var),
                )
            finally:
                interp.doubt -= doubt
            if doubt:
                slot.name = _maybe_made(g, interp.events[before:], slot.name)
                g.f["slots"] = g.f["slots"] + (slot.name,)
        done = done + (ident,)
        owner.f["slotted"] = done


def _maybe_made(g: Graph, events: list, name: Any) -> Any:
    """A slot TF may not make: its name gets a `?` (`w/Adam?`, never claimed
    by the restore check), the action is unknown and the store holds it on
    some paths only."""
    for ev in events:
        if ev.outcome is not Outcome.CREATE:
            continue  # an error stays (uncertain, as the slot may not be attempted)
        ev.outcome = None
        if isinstance(ev.name, str):
            entry = g.store.get(ev.name + "/")
            if isinstance(entry, VarRecord):
                g.store[ev.name + "/"] = Maybe(entry)
            known = g.f.get("globals")
            if isinstance(known, tuple):
                g.f["globals"] = tuple(
                    VarObj(sym(v.name, Unknown()), v.shape, v.trainable) if v.name == ev.name else v for v in known
                )
            ev.name = sym(ev.name, Unknown())
    return sym(name, Unknown()) if isinstance(name, str) else Unknown()


def _slot(interp: Interp, node: Any, api: str, var: VarObj) -> Any:
    """A slot of `var`: get_variable("") in the slot's scope, with var's shape."""
    shape = var.shape if var.shape is not None else Unknown()
    return lambda _scope: make_variable(interp, node, api, "", shape, trainable=False)


def _grads_and_vars_vars(value: Any) -> tuple:
    """The variables apply_gradients makes slots for: those whose gradient is
    not None (a tensor surely is not; an unknown value may be None), and the
    ids of the doubtful ones."""
    items = value.items if isinstance(value, ListVal) else value if isinstance(value, tuple) else None
    if items is None:
        return None, frozenset()
    out = []
    doubtful = set()
    for item in items:
        pair = item.items if isinstance(item, ListVal) else item if isinstance(item, tuple) else None
        if pair is None or len(pair) != 2 or not isinstance(pair[1], VarObj):
            return None, frozenset()
        if pair[0] is not None:
            out.append(pair[1])
            if not isinstance(pair[0], TFObject):
                doubtful.add(id(pair[1]))
    return out, frozenset(doubtful)


def _with_gradient(loss: Any, variables: Any) -> tuple:
    """Of `variables`, those `loss` may have a gradient path to, and the ids
    of those it is not known to have one to (all of them when what the loss
    depends on is unknown): TF's slots for these are not predicted as certain."""
    if variables is None:
        return None, frozenset()
    deps = deps_of(loss)
    grads = [gradient(deps, v) for v in variables]
    kept = [(v, g) for v, g in zip(variables, grads) if g is not None]
    return [v for v, _g in kept], frozenset(id(v) for v, g in kept if not isinstance(g, TFObject))


def _api(opt: LibraryObject, meth: str) -> str:
    return f"train.{opt.config['class']}.{meth}"


@REGISTRY.method(OPTIMIZER, "minimize")
def _minimize(interp: Interp, opt: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["loss", "global_step", "var_list"])
    var_list = a.get("var_list")
    variables = variable_list(default_var_list(interp) if var_list is None else var_list)
    variables, doubtful = _with_gradient(a.get("loss"), variables)
    known = variables if variables is not None else Unknown()
    create_slots(interp, opt, known, node, _api(opt, "minimize"), doubtful)
    _apply_name_scope(interp, opt)
    return TFObject("op")


@REGISTRY.method(OPTIMIZER, "apply_gradients")
def _apply_gradients(interp: Interp, opt: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["grads_and_vars", "global_step", "name"])
    variables, doubtful = _grads_and_vars_vars(a.get("grads_and_vars"))
    known = variables if variables is not None else Unknown()
    create_slots(interp, opt, known, node, _api(opt, "apply_gradients"), doubtful)
    _apply_name_scope(interp, opt)
    return TFObject("op")


def _apply_name_scope(interp: Interp, opt: LibraryObject) -> None:
    # apply_gradients opens name_scope(name, self._name): it takes a name.
    name = opt.config["name"]
    if is_text(name):
        interp.graph.unique_name(name_stack(interp), name)


@REGISTRY.method(OPTIMIZER, "compute_gradients")
def _compute_gradients(interp: Interp, opt: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["loss", "var_list"])
    var_list = a.get("var_list")
    variables = variable_list(default_var_list(interp) if var_list is None else var_list)
    if variables is None:
        return Unknown()
    deps = deps_of(a.get("loss"))
    return ListVal([(gradient(deps, v), v) for v in variables])


@REGISTRY.method(OPTIMIZER, "get_slot", "get_slot_names", "variables", "get_name")
def _opt_other(interp: Interp, opt: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    return Unknown()


# ---------------------------------------------------------------- moving averages

EMA = "moving_average"


def _ema(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["decay", "num_updates", "zero_debias", "name"])
    name = a.get("name", "ExponentialMovingAverage")
    return LibraryObject(
        EMA,
        {"name": name if is_text(name) else Unknown(), "slots": 1, "nonslot": (), "class": "ExponentialMovingAverage"},
        node,
        slotted=(),
        nonslot_graphs=(),
    )


REGISTRY.add_api("train.ExponentialMovingAverage", _ema)


@REGISTRY.method(EMA, "apply")
def _ema_apply(interp: Interp, ema: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["var_list"])
    var_list = a.get("var_list")
    api = "train.ExponentialMovingAverage.apply"
    if var_list is None:
        variables = default_var_list(interp)
        create_slots(interp, ema, variables if variables is not None else Unknown(), node, api)
        _note_averaged(interp.graph, variables)
        return TFObject("op")
    # A float tensor's slot is named after its op (`<op>/<name>`). TF checks
    # and averages the items in order: those before the first one not known
    # here get their slots first.
    items = (
        [var_list] if isinstance(var_list, TFObject) else var_list.items if isinstance(var_list, ListVal) else var_list
    )
    if not isinstance(items, (tuple, list)):
        create_slots(interp, ema, Unknown(), node, api)
        return TFObject("op")
    known = []
    for v in items:
        if not (isinstance(v, VarObj) or (is_plain_tensor(v) and v.op is not None)):
            break
        known.append(v)
    create_slots(interp, ema, known, node, api)
    if len(known) < len(items):
        create_slots(interp, ema, Unknown(), node, api)
    # Only variables join MOVING_AVERAGE_VARIABLES here; an averaged tensor leaves the restore set unknown.
    _note_averaged(
        interp.graph, known if len(known) == len(items) and all(isinstance(v, VarObj) for v in known) else Unknown()
    )
    return TFObject("op")


def _note_averaged(g: Any, variables: Any) -> None:
    """Averaged variables that are not trainable join MOVING_AVERAGE_VARIABLES,
    which EMA.variables_to_restore (saving.py) reads beside the trainable ones."""
    trainables = g.trainables
    extra = g.f.get("ema_extra", ())
    if not isinstance(variables, list) or not isinstance(trainables, tuple) or not isinstance(extra, tuple):
        g.f["ema_extra"] = Unknown()
        return
    names = {v.name for v in trainables} | {v.name for v in extra}
    new = tuple(v for v in variables if v.name not in names)
    if new:
        g.f["ema_extra"] = extra + new


@REGISTRY.method(EMA, "average")
def _ema_average(interp: Interp, ema: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    return Unknown()


@REGISTRY.method(EMA, "average_name")
def _ema_average_name(interp: Interp, ema: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    var = args[0] if args else None
    if isinstance(var, VarObj) and is_text(var.name) and is_text(ema.config["name"]):
        return sym(var.name, "/", ema.config["name"])
    return Unknown()


# ---------------------------------------------------------------- global step


def _global_step(create_only: bool) -> Any:
    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        g = interp.graph
        made = g.f.get("global_step")
        if made is True and not create_only:
            return TFObject("variable")
        if made is not None and made is not True:
            g.open_store()
            return TFObject("variable")
        if made is True:  # create_global_step twice raises; not a scoping error
            g.open_store()
            return TFObject("variable")
        # create_global_step: get_variable('global_step', shape=[]) under name_scope(None).
        var = make_variable(interp, node, "train.get_or_create_global_step", "global_step", (), trainable=False)
        g.f["global_step"] = True
        return var

    return handler


REGISTRY.add_api("train.get_or_create_global_step", _global_step(False))
REGISTRY.add_api("train.create_global_step", _global_step(True))
REGISTRY.add_api("train.get_global_step", lambda interp, args, kwargs, node: TFObject("variable"), value_only=True)


# ---------------------------------------------------------------- templates

TEMPLATE = "template"


def _make_template(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["name_", "func_", "create_scope_now_", "unique_name_", "custom_getter_"])
    extra = {
        k: v
        for k, v in kwargs.items()
        if k not in ("name_", "func_", "create_scope_now_", "unique_name_", "custom_getter_")
    }
    name = a.get("name_")
    config = {
        "name": name if is_text(name) else Unknown(),
        "func": a.get("func_"),
        "unique": a.get("unique_name_"),
        "kwargs": extra,
        "opaque": a.get("custom_getter_") is not None,
    }
    tmpl = LibraryObject(TEMPLATE, config, node, scope=None, first_call=True)
    if a.get("create_scope_now_") is True:
        cm = scope_cm(interp, node, config["unique"], default_name=config["name"], aux=False)
        tmpl.f["scope"] = within(interp, node, cm, lambda s: s)
    elif a.get("create_scope_now_") not in (None, False):
        tmpl.f["scope"] = Unknown()
    return tmpl


REGISTRY.add_api("make_template", _make_template)


def _call_template(interp: Interp, tmpl: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    func = tmpl.config["func"]
    merged = dict(tmpl.config["kwargs"])
    merged.update(kwargs)
    if not isinstance(func, (FuncVal, BoundMethod)) or tmpl.config["opaque"]:
        return interp.unknown_call(args, kwargs)
    scope = tmpl.f["scope"]
    first = tmpl.f["first_call"]
    if scope is None:
        cm = scope_cm(interp, node, tmpl.config["unique"], default_name=tmpl.config["name"])
    elif isinstance(scope, VarScope) and isinstance(first, bool):
        cm = scope_cm(interp, node, scope, reuse=not first)
    else:
        cm = scope_cm(interp, node, Unknown())

    def run(entered: Any) -> Any:
        if tmpl.f["scope"] is None:
            tmpl.f["scope"] = entered
        tmpl.f["first_call"] = False
        return interp.call(func, args, merged, node)

    g, before = interp.graph, interp.graph.trainables
    result = within(interp, node, cm, run)
    if first is False and g is interp.graph:
        _no_new_trainables(interp, node, before)
    return result


def _no_new_trainables(interp: Interp, node: Any, before: Any) -> None:
    """Template._call_func: a call after the first that adds trainable
    variables raises ValueError once the function returns."""
    after = interp.graph.trainables
    if not (isinstance(before, tuple) and isinstance(after, tuple)) or len(after) <= len(before):
        return
    new = after[len(before) :]
    listed = ", ".join(f"<tf.Variable '{render(v.name)}:0' shape=? dtype=?>" for v in new)
    message = (
        "Trainable variable created when calling a template after the first time, perhaps you used "
        f"tf.Variable when you meant tf.get_variable: [{listed}]"
    )
    argument_error(interp, ArgumentError.TEMPLATE_NEW_TRAINABLE, node, message, "make_template")


_TEMPLATE = REGISTRY.kind(TEMPLATE)
_TEMPLATE.call = _call_template
_TEMPLATE.properties.update(
    name=lambda interp, tmpl: tmpl.config["name"],
    variable_scope=lambda interp, tmpl: tmpl.f["scope"] if isinstance(tmpl.f["scope"], VarScope) else Unknown(),
    variable_scope_name=lambda interp, tmpl: (
        tmpl.f["scope"].name if isinstance(tmpl.f["scope"], VarScope) else Unknown()
    ),
)


# ---------------------------------------------------------------- variable lists


def _trainable_variables(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["scope"])
    return matching(interp.graph.trainables, a.get("scope"))


# Lists of variables made elsewhere: what reports is what is done with them.
REGISTRY.add_api("trainable_variables", _trainable_variables, value_only=True)


def global_list(interp: Interp, scope: Any = None) -> Any:
    """tf.global_variables(scope): re.match on each name, as get_collection does."""
    return matching(interp.graph.global_variables, scope)


def matching(known: Any, scope: Any) -> Any:
    """The variables of a collection (`known`: a tuple, or unknown) whose
    names `re.match` `scope` (all when None), as get_collection filters."""
    if not isinstance(known, tuple):
        return Unknown()
    if scope is None:
        return ListVal(list(known))
    if not isinstance(scope, str) or not all(isinstance(v.name, str) for v in known):
        return Unknown()
    try:
        pattern = re.compile(scope)
    except re.error:
        return Unknown()
    return ListVal([v for v in known if pattern.match(v.name)])


def is_global_collection(key: Any) -> bool:
    return (isinstance(key, str) and key == "variables") or (
        isinstance(key, TFRef) and canonical(key.qual) == "GraphKeys.GLOBAL_VARIABLES"
    )


def _get_collection(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["key", "scope"])
    key = a.get("key")
    if is_global_collection(key):
        return global_list(interp, a.get("scope"))
    trainable = isinstance(key, str) and key == "trainable_variables"
    if isinstance(key, TFRef) and canonical(key.qual) == "GraphKeys.TRAINABLE_VARIABLES":
        trainable = True
    if trainable:
        return _trainable_variables(interp, [a.get("scope")], {}, node)
    field = collection_field(key)
    if field is not None and a.get("scope") is None and interp.api_name == "get_collection":  # a copy, not the list
        return collection_list(interp, field)
    return Unknown()


REGISTRY.add_api("get_collection", _get_collection, value_only=True)
REGISTRY.add_api("get_collection_ref", _get_collection, value_only=True)


def variable_list(value: Any) -> Optional[list]:
    """A known list of variables (VarObj), else None."""
    if isinstance(value, VarObj):
        return [value]
    items = value.items if isinstance(value, ListVal) else value if isinstance(value, tuple) else None
    if items is None or not all(isinstance(v, VarObj) for v in items):
        return None
    return list(items)
