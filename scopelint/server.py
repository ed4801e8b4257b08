"""`scopelint server`: a language server (LSP over standard input and output,
with pygls) in front of the same lint the command runs (scopelint.editor).

* Diagnostics when a document opens, is saved, and DEBOUNCE_SECONDS after
  the last change; SCO1xx (TensorFlow raises) are errors, SCO2xx warnings.
* Hover on a line: the variables TensorFlow will create or reuse there
  (scopelint.hover), from the same lint.
* Code actions: the fixes of scopelint.fixing for the diagnostic (safe ones
  preferred; unsafe ones say what they change), and add `# noqa: SCOnnn` to
  its line.
* Notebooks (LSP 3.17 `notebookDocument/*`): the code cells linted as one
  program as for an .ipynb; diagnostics, hovers and code actions per cell
  (a fix is planned on the whole notebook and edits the cells it changes).

Linting runs on one worker thread, so the protocol keeps answering (a
request for a document waits for its lint in flight); a newer edit
supersedes a lint not yet published.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import sys
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

import scopelint
from scopelint.editor import (
    RULE_DOCS_URL,
    UNTITLED,
    Checked,
    NotebookCell,
    check_notebook,
    check_text,
    line_edits,
    lines_inside_tokens,
    noqa_edit,
    notebook_json,
)
from scopelint.fixing import SAFE, Fix, plan_fixes
from scopelint.hover import hover_markdown, names_on_line
from scopelint.notebook_fix import plan_cell_fixes
from scopelint.results import ERROR, Finding, NameRecord, severity_of
from scopelint.rules import ALL_RULES

DEBOUNCE_SECONDS = 0.3  # after the last change before a buffer is linted again
FIX_MEMO_SIZE = 32
FIXABLE = frozenset(r.code for r in ALL_RULES if r.fix is not None)
SOURCE = "scopelint"
_CALLEE = re.compile(r"[\w.]+")

logger = logging.getLogger(__name__)


@dataclass
class Linted:
    """The last lint of a document (a text file, or a notebook with its cells' URIs)."""

    path: str
    findings: List[Finding]
    names: List[NameRecord]
    cells: List[str] = field(default_factory=list)


def _path_of(uri: str) -> str:
    return (to_fs_path(uri) if uri.startswith("file:") else None) or UNTITLED


def _line_range(lines: Sequence[str], line: int, column: int) -> types.Range:
    """0-based code-point range of a finding at 1-based `line`/`column`: the
    dotted name that starts there (`tf.get_variable`), else one character;
    column 0 (only the line known): the line's text."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if column <= 0:
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
    else:
        start = min(column - 1, len(text))
        match = _CALLEE.match(text, start)
        end = match.end() if match else min(start + 1, len(text))
    return types.Range(types.Position(max(line - 1, 0), start), types.Position(max(line - 1, 0), end))


class ScopelintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "scopelint",
            scopelint.__version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            notebook_document_sync=types.NotebookDocumentSyncOptions(
                notebook_selector=[
                    types.NotebookDocumentFilterWithCells(
                        notebook="*", cells=[types.NotebookCellLanguage(language="python")]
                    )
                ],
                save=True,
            ),
        )
        self.lint_thread = ThreadPoolExecutor(1, thread_name_prefix="scopelint-lint")
        self.linted: Dict[str, Linted] = {}  # by document URI (a notebook's own URI)
        self.pending: Dict[str, asyncio.Future] = {}
        self.shown: Set[str] = set()  # messages shown once per session
        # Planned fixes by (source, findings): editors ask for code actions at every cursor move.
        self.fix_memo: "OrderedDict[tuple, list]" = OrderedDict()

    def remember_fixes(self, key: tuple, fixes: list) -> None:
        self.fix_memo[key] = fixes
        while len(self.fix_memo) > FIX_MEMO_SIZE:
            self.fix_memo.popitem(last=False)

    def lines_range(self, lines: Sequence[str], start: int, end: int) -> types.Range:
        """Whole lines [start, end) in client units; past the last line: the document's end."""
        if end >= len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
            stop = types.Position(len(lines) - 1, len(lines[-1]))
        else:
            stop = types.Position(end, 0)
        codec = self.workspace.position_codec
        return types.Range(
            codec.position_to_client_units(lines, types.Position(start, 0)), codec.position_to_client_units(lines, stop)
        )

    def document(self, uri: str):
        """An open document (a file's buffer or a notebook cell), or None."""
        return self.workspace.text_documents.get(unquote(uri))

    # --- linting --------------------------------------------------------------

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    async def settled(self, uri: str) -> Optional[Linted]:
        """The document's lint once the one in flight (if any) is done."""
        task = self.pending.get(uri)
        if task is not None:
            try:
                await asyncio.shield(task)
            except asyncio.CancelledError:  # superseded by a newer edit: wait for that one
                return await self.settled(uri) if uri in self.pending else self.linted.get(uri)
        return self.linted.get(uri)

    async def _lint_later(self, uri: str, delay: float) -> None:
        me = asyncio.current_task()
        try:
            if delay:
                await asyncio.sleep(delay)
            job = self._job(uri)
            if job is None:
                return
            run, cells = job
            checked = await asyncio.get_running_loop().run_in_executor(self.lint_thread, run)
            self._publish(uri, checked, cells)
        finally:
            if self.pending.get(uri) is me:
                del self.pending[uri]

    def notebook_cells(self, notebook: types.NotebookDocument) -> "tuple[List[NotebookCell], List[str]]":
        """A notebook's cells as their buffers are now, and their URIs."""
        cells, uris = [], []
        for cell in notebook.cells:
            document = self.document(cell.document)
            code = cell.kind == types.NotebookCellKind.Code and document is not None
            cells.append(NotebookCell("code" if code else "markdown", document.source if document else ""))
            uris.append(cell.document)
        return cells, uris

    def _job(self, uri: str):
        """(the lint to run off the protocol's thread, cell URIs) from the buffers as they are now."""
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is not None:
            cells, uris = self.notebook_cells(notebook)
            return functools.partial(check_notebook, _path_of(uri), cells), uris
        document = self.document(uri)
        if document is None:  # closed meanwhile
            return None
        return functools.partial(check_text, _path_of(uri), document.source), []

    def _publish(self, uri: str, checked: Checked, cells: List[str]) -> None:
        outcome = checked.outcome
        path = outcome.display
        for message in ([checked.config_error] if checked.config_error else []) + (
            [outcome.error] if outcome.error else []
        ):
            self._show_once(message)
        own = [f for f in outcome.findings if f.path == path]
        self.linted[uri] = Linted(path, own, [n for n in outcome.names if n.path == path], cells)
        if not cells:
            self._send(uri, own)
            return
        for number, cell_uri in enumerate(cells, start=1):
            self._send(cell_uri, [f for f in own if f.cell == number])

    def _send(self, uri: str, findings: List[Finding]) -> None:
        document = self.document(uri)
        lines = document.lines if document is not None else []
        diagnostics = [self._diagnostic(uri, lines, f) for f in findings]
        version = document.version if document is not None else None
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def _range(self, lines: Sequence[str], line: int, column: int) -> types.Range:
        plain = [text.rstrip("\r\n") for text in lines]
        return self.workspace.position_codec.range_to_client_units(lines, _line_range(plain, line, column))

    def _diagnostic(self, uri: str, lines: Sequence[str], f: Finding) -> types.Diagnostic:
        related = [
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=uri, range=self._range(lines, r.line, r.column)), message=r.message
            )
            for r in f.related
        ]
        return types.Diagnostic(
            range=self._range(lines, f.line, f.column),
            message=f.message,
            severity=types.DiagnosticSeverity.Error
            if severity_of(f.code) == ERROR
            else types.DiagnosticSeverity.Warning,
            code=f.code,
            code_description=types.CodeDescription(href=RULE_DOCS_URL.format(code=f.code)),
            source=SOURCE,
            related_information=related or None,
        )

    def _show_once(self, message: str) -> None:
        logger.warning("%s", message)
        if message not in self.shown:
            self.shown.add(message)
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Warning, message=f"scopelint: {message}")
            )

    def clear(self, uri: str, cells: Sequence[str] = ()) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        linted = self.linted.pop(uri, None)
        for target in list(cells) or (linted.cells if linted and linted.cells else [uri]):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=target, diagnostics=[]))

    def owner(self, uri: str) -> "tuple[str, Optional[int]]":
        """(the URI that was linted, 1-based cell) for a text document or a notebook cell."""
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        if notebook is None:
            return uri, None
        for number, cell in enumerate(notebook.cells, start=1):
            if cell.document == uri:
                return notebook.uri, number
        return notebook.uri, None


server = ScopelintServer()


# --- text documents ------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: ScopelintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: ScopelintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: ScopelintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ScopelintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.clear(params.text_document.uri)


# --- notebooks -----------------------------------------------------------------


@server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
def notebook_did_open(ls: ScopelintServer, params: types.DidOpenNotebookDocumentParams) -> None:
    ls.schedule(params.notebook_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
def notebook_did_change(ls: ScopelintServer, params: types.DidChangeNotebookDocumentParams) -> None:
    structure = params.change.cells.structure if params.change.cells else None
    if structure is not None:  # removed cells keep no diagnostics
        for cell in structure.did_close or ():
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=cell.uri, diagnostics=[]))
    ls.schedule(params.notebook_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
def notebook_did_save(ls: ScopelintServer, params: types.DidSaveNotebookDocumentParams) -> None:
    ls.schedule(params.notebook_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
def notebook_did_close(ls: ScopelintServer, params: types.DidCloseNotebookDocumentParams) -> None:
    ls.clear(params.notebook_document.uri, [c.uri for c in params.cell_text_documents])


# --- hover and code actions ------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: ScopelintServer, params: types.HoverParams) -> Optional[types.Hover]:
    key, cell = ls.owner(params.text_document.uri)
    linted = await ls.settled(key)
    if linted is None:
        return None
    text = hover_markdown(names_on_line(linted.names, linted.path, params.position.line + 1, cell))
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
async def code_action(ls: ScopelintServer, params: types.CodeActionParams) -> List[types.CodeAction]:
    uri = params.text_document.uri
    document = ls.document(uri)
    if document is None:
        return []
    ours = [
        d
        for d in params.context.diagnostics
        if d.source == SOURCE and isinstance(d.code, str) and d.code.startswith("SCO")
    ]
    if not ours:
        return []
    source = document.source
    actions = await _fix_actions(ls, uri, source, ours)
    inside: Optional[Set[int]] = lines_inside_tokens(source)
    seen: Set["tuple[int, str]"] = set()
    for diagnostic in ours:
        code = str(diagnostic.code)
        line = diagnostic.range.start.line + 1
        if (line, code) in seen:
            continue
        seen.add((line, code))
        edit = noqa_edit(source, line, code, inside)
        if edit is None:
            continue
        at = ls.workspace.position_codec.position_to_client_units(
            document.lines, types.Position(edit.line, edit.column)
        )
        change = types.TextEdit(range=types.Range(at, at), new_text=edit.text)
        actions.append(
            types.CodeAction(
                title=f"Add `# noqa: {code}` (scopelint)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri: [change]}),
            )
        )
    return actions


async def _fix_actions(
    ls: ScopelintServer, uri: str, source: str, diagnostics: List[types.Diagnostic]
) -> List[types.CodeAction]:
    """scopelint.fixing's fixes for the findings these diagnostics show, each
    checked by linting its result again (on the lint thread): safe ones
    preferred, unsafe ones with what they change in the title."""
    key, cell = ls.owner(uri)
    linted = await ls.settled(key)
    if linted is None:
        return []
    if cell is not None or linted.cells:
        return await _cell_fix_actions(ls, key, uri, cell, linted, diagnostics)
    wanted = {(str(d.code), d.range.start.line + 1): d for d in diagnostics}
    findings = [f for f in linted.findings if (f.code, f.line) in wanted and f.code in FIXABLE]
    if not findings:
        return []
    memo_key = (source, tuple(sorted((f.code, f.line) for f in findings)))
    fixes: Optional[List[Fix]] = ls.fix_memo.get(memo_key)
    if fixes is None:
        run = functools.partial(plan_fixes, source, findings, unsafe=True)
        fixes = list(await asyncio.get_running_loop().run_in_executor(ls.lint_thread, run))
        ls.remember_fixes(memo_key, fixes)
    document = ls.document(uri)
    if document is None or document.source != source:  # edited meanwhile: these fixes are stale
        return []
    actions = []
    for fix in sorted(fixes, key=lambda f: f.safety != SAFE):
        safe = fix.safety == SAFE
        title = fix.title if safe else f"{fix.title} (unsafe: {fix.note})"
        edits = [
            types.TextEdit(range=ls.lines_range(document.lines, e.start, e.end), new_text=e.text)
            for e in line_edits(source, fix.new_source)
        ]
        actions.append(
            types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[wanted[(fix.code, fix.line)]],
                is_preferred=safe or None,
                edit=types.WorkspaceEdit(changes={uri: edits}),
            )
        )
    return actions


async def _cell_fix_actions(
    ls: ScopelintServer, key: str, uri: str, cell: Optional[int], linted: Linted, diagnostics: List[types.Diagnostic]
) -> List[types.CodeAction]:
    """The fixes for a notebook cell's diagnostics, planned on the whole
    notebook (scopelint.notebook_fix); a fix edits the cells it changes."""
    notebook = ls.workspace.get_notebook_document(notebook_uri=key)
    if notebook is None or cell is None:
        return []
    wanted = {(str(d.code), d.range.start.line + 1): d for d in diagnostics}
    findings = [f for f in linted.findings if f.cell == cell and (f.code, f.line) in wanted and f.code in FIXABLE]
    if not findings:
        return []
    cells, uris = ls.notebook_cells(notebook)
    memo_key = (tuple(c.source for c in cells), cell, tuple(sorted((f.code, f.line) for f in findings)))
    planned = ls.fix_memo.get(memo_key)
    if planned is None:
        run = functools.partial(plan_cell_fixes, notebook_json(cells), findings, unsafe=True)
        planned = list(await asyncio.get_running_loop().run_in_executor(ls.lint_thread, run))
        ls.remember_fixes(memo_key, planned)
    if ls.notebook_cells(notebook)[0] != cells:  # edited meanwhile: these fixes are stale
        return []
    code_uris = [u for c, u in zip(cells, uris) if c.kind == "code"]
    old = [c.source for c in cells if c.kind == "code"]
    actions = []
    for finding, fix, sources in sorted(planned, key=lambda p: p[1].safety != SAFE):
        changes: Dict[str, List[types.TextEdit]] = {}
        for cell_uri, before, after in zip(code_uris, old, sources):
            document = ls.document(cell_uri)
            if before == after or document is None:
                continue
            changes[cell_uri] = [
                types.TextEdit(range=ls.lines_range(document.lines, e.start, e.end), new_text=e.text)
                for e in line_edits(before, after)
            ]
        safe = fix.safety == SAFE
        actions.append(
            types.CodeAction(
                title=fix.title if safe else f"{fix.title} (unsafe: {fix.note})",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[wanted[(finding.code, finding.line)]],
                is_preferred=safe or None,
                edit=types.WorkspaceEdit(changes=changes),
            )
        )
    return actions


def main() -> int:
    """Serve on standard input/output until the client says `exit`; 0 after a
    `shutdown` request, else 1 (the protocol's rule)."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the protocol's stream
    try:
        server.start_io(sys.stdin.buffer, out)
    finally:
        server.lint_thread.shutdown(wait=False, cancel_futures=True)
    return 0 if getattr(server.protocol, "_shutdown", False) else 1
