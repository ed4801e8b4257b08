"""`scopelint server` driven as an editor drives it: a subprocess spoken to
over stdio by pygls' LSP client. The names a hover shows are judged by
TensorFlow (the oracle) on the same program."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Dict, List

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from scopelint import cli
from scopelint.editor import NotebookCell, check_notebook, noqa_edit
from scopelint.hover import hover_markdown
from scopelint.linter import lint_source
from scopelint.results import NameRecord

BUGGY = """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope("model"):
    h = tf.layers.dense(x, 8, name="fc")
    w = tf.get_variable("w", [8, 2])
    w2 = tf.get_variable("w", [8, 2])
"""
# SCO110 with a safe fix: the value already has the shape.
SAFE_FIX = 'import tensorflow as tf\n\nw = tf.get_variable("w", shape=[2], initializer=[1.0, 2.0])  # init\n'
FIXED = BUGGY.replace('w2 = tf.get_variable("w"', 'w2 = tf.get_variable("w2"')
TIMEOUT = 60


class Editor:
    """A pygls client around one server process; diagnostics by URI as published."""

    def __init__(self) -> None:
        self.client = LanguageClient("scopelint-tests", "1")
        self.diagnostics: Dict[str, List[types.Diagnostic]] = {}
        self.published: Dict[str, asyncio.Event] = {}
        self.log: List[tuple] = []  # (uri, version, number of diagnostics) of each publication

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = list(params.diagnostics)
            self.log.append((params.uri, params.version, len(params.diagnostics)))
            self.event(params.uri).set()

    def event(self, uri: str) -> asyncio.Event:
        return self.published.setdefault(uri, asyncio.Event())

    async def start(self, cwd: Path) -> types.InitializeResult:
        await self.client.start_io(sys.executable, "-m", "scopelint", "server", cwd=str(cwd))
        capabilities = types.ClientCapabilities(
            notebook_document=types.NotebookDocumentClientCapabilities(
                synchronization=types.NotebookDocumentSyncClientCapabilities()
            )
        )
        result = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(capabilities=capabilities, root_uri=from_fs_path(str(cwd)))
            ),
            TIMEOUT,
        )
        self.client.initialized(types.InitializedParams())
        return result

    async def next_diagnostics(self, uri: str) -> List[types.Diagnostic]:
        await asyncio.wait_for(self.event(uri).wait(), TIMEOUT)
        self.event(uri).clear()
        return self.diagnostics[uri]

    async def stop(self) -> int:
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        server = self.client._server
        assert server is not None
        code = await asyncio.wait_for(server.wait(), TIMEOUT)
        await self.client.stop()
        return code


def _hover_text(hover) -> str:
    assert hover is not None
    return hover.contents.value


async def _session(tmp_path: Path) -> dict:
    path = tmp_path / "train.py"
    path.write_text(BUGGY)
    uri = from_fs_path(str(path))
    editor = Editor()
    out: dict = {}
    init = await editor.start(tmp_path)
    out["capabilities"] = init.capabilities
    editor.client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="python", version=1, text=BUGGY))
    )
    out["opened"] = await editor.next_diagnostics(uri)
    doc = types.TextDocumentIdentifier(uri=uri)
    hovers = {}
    for line in range(len(BUGGY.splitlines())):
        hovers[line + 1] = await asyncio.wait_for(
            editor.client.text_document_hover_async(types.HoverParams(doc, types.Position(line, 4))), TIMEOUT
        )
    out["hovers"] = hovers
    out["actions"] = await asyncio.wait_for(
        editor.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=doc,
                range=out["opened"][0].range,
                context=types.CodeActionContext(diagnostics=out["opened"]),
            )
        ),
        TIMEOUT,
    )
    other = tmp_path / "init.py"
    other.write_text(SAFE_FIX)
    other_uri = from_fs_path(str(other))
    editor.client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(other_uri, "python", 1, SAFE_FIX))
    )
    found = await editor.next_diagnostics(other_uri)
    out["safe_actions"] = await asyncio.wait_for(
        editor.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(other_uri),
                range=found[0].range,
                context=types.CodeActionContext(diagnostics=found),
            )
        ),
        TIMEOUT,
    )
    # Two quick edits: only the last text is linted (debounced), and it is clean.
    for version, text in ((2, BUGGY + "\n"), (3, FIXED)):
        editor.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
    out["changed"] = await editor.next_diagnostics(uri)
    out["log"] = list(editor.log)
    out["exit_code"] = await editor.stop()
    return out


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> dict:
    return asyncio.run(_session(tmp_path_factory.mktemp("server")))


def test_diagnostics_on_open(session):
    [diag] = session["opened"]
    assert diag.code == "SCO101"
    assert diag.severity == types.DiagnosticSeverity.Error
    assert diag.source == "scopelint"
    assert diag.code_description.href.endswith("docs/rules/SCO101.md")
    # Line 7, the callee `tf.get_variable` (0-based positions).
    assert (diag.range.start.line, diag.range.start.character) == (6, 9)
    assert (diag.range.end.line, diag.range.end.character) == (6, 24)
    related = diag.related_information
    assert related[0].location.range.start.line == 5  # where `model/w` was created
    assert related[0].message == "created here"


def test_hover_shows_the_names_tf_creates(session, oracle):
    tf = oracle.run(BUGGY)
    assert tf.status == "error" and tf.error["lines"][-1] == 7
    by_line: Dict[int, List[str]] = {}
    for record in tf.created:
        by_line.setdefault(record["lines"][-1], []).append(record["name"])
    assert by_line == {5: ["model/fc/kernel:0", "model/fc/bias:0"], 6: ["model/w:0"]}
    shapes = {r["name"]: f"shape `{_tf_shape(r['shape'])}`" for r in tf.created}
    dtypes = {r["name"]: f", `{r['dtype']}`" for r in tf.created}
    for line, hover in session["hovers"].items():
        if line not in by_line:
            assert hover is None, line
            continue
        text = _hover_text(hover)
        assert text.count("`model/") == len(by_line[line])
        for name in by_line[line]:
            [row] = [r for r in text.splitlines() if r.startswith(f"- `{name}` created by ")]
            # A layer's dtype follows its input and is left out; a get_variable's is shown.
            assert row.endswith((": " + shapes[name], ": " + shapes[name] + dtypes[name])), row
            if name == "model/w:0":
                assert row.endswith(dtypes[name]), row
    assert "`layers.dense`" in _hover_text(session["hovers"][5])


def _tf_shape(dims) -> str:
    return "(" + ", ".join(str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"


SHAPES = """\
import tensorflow as tf

with tf.variable_scope("a"):
    d = tf.get_variable("d", [3], dtype=tf.float64)
    e = tf.get_variable("e", initializer=[[1.0, 2.0]])
    i = tf.get_variable("i", [2, 2], dtype=tf.int32, initializer=tf.zeros_initializer())
    x = tf.placeholder(tf.float32, [2, 7, 3])
    o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(5), x, dtype=tf.float32)
    c = tf.layers.conv2d(tf.placeholder(tf.float32, [1, 8, 8, 3]), 4, 3)
with tf.variable_scope("a", reuse=True):
    d2 = tf.get_variable("d", [3], dtype=tf.float64)
"""


def test_shapes_and_dtypes_agree_with_tf(oracle):
    """Every shape and dtype the hover would show is TF's, and most are shown."""
    records = lint_source(SHAPES, "shapes.py", names=True).names
    tf = oracle.run(SHAPES)
    assert tf.status == "ok"
    made = sorted(tf.created + tf.reused, key=lambda r: r["seq"])
    assert [r["name"] for r in made] == [n.name for n in records]
    shown = 0
    for n, r in zip(records, made):
        if n.shape is not None:
            assert str(n.shape) == _tf_shape(r["shape"]), n
            shown += 1
        if n.dtype is not None:
            assert n.dtype == r["dtype"], n
    assert shown == len(records) == 8


def _apply(text: str, edits) -> str:
    """The text after a client applies `edits` (ASCII text: code units are characters)."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(pos):
        return min(offsets[min(pos.line, len(lines))] + pos.character, len(text))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: at(edit.range.start)] + edit.new_text + text[at(edit.range.end) :]
    return text


def test_code_actions_unsafe_fix_and_noqa(session):
    fix, noqa = session["actions"]
    assert noqa.kind == fix.kind == types.CodeActionKind.QuickFix
    assert noqa.title == "Add `# noqa: SCO101` (scopelint)"
    [(uri, [edit])] = noqa.edit.changes.items()
    line = BUGGY.splitlines()[6]
    assert edit.range.start == edit.range.end == types.Position(6, len(line))
    assert edit.new_text == "  # noqa: SCO101"
    # The unsafe fix says what it changes, is not preferred, and edits only the line it changes.
    assert fix.title.startswith("Share model/w") and "(unsafe: " in fix.title and "shared weights" in fix.title
    assert not fix.is_preferred
    [(uri, [edit])] = fix.edit.changes.items()
    assert (edit.range.start.line, edit.range.end.line) == (3, 4)
    fixed = _apply(BUGGY, [edit])
    assert 'with tf.variable_scope("model", reuse=tf.AUTO_REUSE):' in fixed
    assert fixed.replace(", reuse=tf.AUTO_REUSE", "") == BUGGY
    assert fix.diagnostics[0].code == "SCO101"


def test_safe_fix_is_the_preferred_action(session):
    fix, noqa = session["safe_actions"]
    assert fix.is_preferred and fix.title.startswith("Remove shape=")
    [(uri, edits)] = fix.edit.changes.items()
    fixed = _apply(SAFE_FIX, edits)
    assert fixed == SAFE_FIX.replace("shape=[2], ", "")
    assert noqa.edit.changes[uri][0].new_text == "  # noqa: SCO110"


def test_change_to_fixed_program_clears_and_exit_is_clean(session):
    assert session["changed"] == []
    # Debounced: the two quick edits give one lint, of the last version.
    assert [(v, n) for uri, v, n in session["log"] if uri.endswith("train.py")] == [(1, 1), (3, 0)]
    assert session["exit_code"] == 0


def test_capabilities(session):
    caps = session["capabilities"]
    assert caps.hover_provider
    assert caps.code_action_provider
    assert caps.notebook_document_sync is not None


# --- notebooks, over the protocol ----------------------------------------------


TWO_VARIABLES = 'w = tf.get_variable("w", [2])\nv = tf.get_variable("w", [2])\n'
RERUN_CELL = 'with tf.variable_scope("m"):\n    w = tf.get_variable("w", [2])\n'


async def _notebook_session(tmp_path: Path, third: str = TWO_VARIABLES) -> dict:
    path = tmp_path / "nb.ipynb"
    path.write_text("{}")
    uri = from_fs_path(str(path))
    cells = [
        ("import tensorflow as tf\n", types.NotebookCellKind.Code),
        ("# Two variables\n", types.NotebookCellKind.Markup),
        (third, types.NotebookCellKind.Code),
    ]
    cell_uris = [f"vscode-notebook-cell:{path}#cell{k}" for k in range(len(cells))]
    editor = Editor()
    await editor.start(tmp_path)
    editor.client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=uri,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[types.NotebookCell(kind=k, document=u) for (_s, k), u in zip(cells, cell_uris)],
            ),
            cell_text_documents=[
                types.TextDocumentItem(uri=u, language_id="python" if k == 2 else "markdown", version=1, text=s)
                for (s, k), u in zip(cells, cell_uris)
            ],
        )
    )
    out = {"third": await editor.next_diagnostics(cell_uris[2])}
    out["first"] = editor.diagnostics.get(cell_uris[0])
    out["hover"] = await editor.client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(cell_uris[2]), types.Position(0, 0))
    )
    out["actions"] = await asyncio.wait_for(
        editor.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(cell_uris[2]),
                range=out["third"][0].range,
                context=types.CodeActionContext(diagnostics=out["third"]),
            )
        ),
        TIMEOUT,
    )
    out["cell_uris"] = cell_uris
    out["exit_code"] = await editor.stop()
    return out


def test_notebook_diagnostics_and_hover_per_cell(tmp_path):
    out = asyncio.run(_notebook_session(tmp_path))
    [diag] = out["third"]
    assert diag.code == "SCO101" and diag.range.start.line == 1
    assert out["first"] == []
    assert "- `w:0` created by `get_variable`" in _hover_text(out["hover"])
    assert out["exit_code"] == 0


def test_notebook_cell_code_actions_fix_the_cell(tmp_path):
    out = asyncio.run(_notebook_session(tmp_path, RERUN_CELL))
    [diag] = out["third"]
    assert diag.code == "SCO204" and diag.range.start.line == 1
    fix, noqa = out["actions"]
    assert fix.title.startswith("Start the cell with `tf.reset_default_graph()` (unsafe: re-running this cell")
    [(uri, [edit])] = fix.edit.changes.items()
    assert uri == out["cell_uris"][2]
    assert (edit.range.start.line, edit.range.end.line, edit.new_text) == (0, 0, "tf.reset_default_graph()\n")
    assert noqa.title == "Add `# noqa: SCO204` (scopelint)"


# --- the parts, in process -------------------------------------------------------


def test_check_notebook_numbers_cells_as_the_editor_lists_them(tmp_path):
    cells = [
        NotebookCell("markdown", "# title"),
        NotebookCell("code", "import tensorflow as tf\n"),
        NotebookCell("code", 'tf.get_variable("a", [1])\ntf.get_variable("a", [1])\n'),
    ]
    outcome = check_notebook(str(tmp_path / "x.ipynb"), cells).outcome
    assert [(f.cell, f.line, f.code) for f in outcome.findings] == [(3, 2, "SCO101")]
    assert [(n.cell, n.line, n.name) for n in outcome.names] == [(3, 1, "a:0")]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("w = f()", "w = f()  # noqa: SCO101"),
        ("w = f()   ", "w = f()  # noqa: SCO101   "),
        ("w = f()  # noqa: E501", "w = f()  # noqa: E501, SCO101"),
        ("w = f()  # noqa: E501, W291  # why", "w = f()  # noqa: E501, W291, SCO101  # why"),
    ],
)
def test_noqa_edit(line, expected):
    edit = noqa_edit(f"x = 1\n{line}\n", 2, "SCO101")
    assert edit is not None and edit.line == 1
    assert line[: edit.column] + edit.text + line[edit.column :] == expected


@pytest.mark.parametrize(
    "source, line",
    [
        ('s = """a\nb"""\n', 1),  # the line ends inside a string
        ("x = 1 + \\\n  2\n", 1),  # a comment cannot follow a backslash
        ("x = f()  # noqa\n", 1),  # a bare noqa already covers it
    ],
)
def test_no_noqa_edit_where_a_comment_cannot_go(source, line):
    assert noqa_edit(source, line, "SCO101") is None


def test_hover_markdown_counts_repeats_and_explains_unknowns():
    rec = [
        NameRecord("p.py", 3, 1, "a/w:0", "create", "get_variable", shape="(2, 3)", dtype="float32"),
        NameRecord("p.py", 3, 1, "a/w:0", "reuse", "get_variable"),
        NameRecord("p.py", 3, 1, "a/w:0", "reuse", "get_variable"),
        NameRecord("p.py", 3, 1, "?/b:0", "unknown", "get_variable", more_iterations=True),
    ]
    text = hover_markdown(rec)
    assert "- `a/w:0` created by `get_variable`: shape `(2, 3)`, `float32`\n" in text
    assert "- `a/w:0` reused by `get_variable` ×2\n" in text
    assert "created or reused (unknown which)" in text and "loop of unknown length" in text
    assert "`?` stands for" in text
    assert hover_markdown([]) is None


def test_server_without_pygls_names_the_extra(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pygls", None)
    monkeypatch.delitem(sys.modules, "scopelint.server", raising=False)
    monkeypatch.delitem(sys.modules, "pygls.lsp.server", raising=False)
    assert cli.main(["server"]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert "scopelint[lsp]" in err and "pygls" in err
