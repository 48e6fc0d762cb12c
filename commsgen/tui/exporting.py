"""Exports from the main screen: what the editor holds (saved or not) is built and written beside
the file, with a progress bar while it runs. What is refused is listed in the findings pane (one
row per audience, with the reason), never as a long toast; an untouched skeleton or an audience
with blocking findings is not exported at all. A file that cannot be written (or an export that
breaks) is said on the message line and listed as a row too; the other audiences are still
exported."""

from __future__ import annotations

from pathlib import Path

from textual import work

from commsgen.tui.host import MainScreenHost
from commsgen import drafts
from commsgen.errors import UserError
from commsgen.model.loader import loads
from commsgen.outputs import OUTPUT_NAMES
from commsgen.findings import Finding
from commsgen.skeleton import skeleton_text
from commsgen.tui.messages import Exported, Exporting
from commsgen.tui.state import AUDIENCE_TABS


def export_refusal(audience: str, reason: str, file: str | None) -> Finding:
    return Finding(
        kind="refusal",
        rule="export.refused",
        severity="warn",
        file=file,
        audience=audience,
        message=f"{audience} not exported: {reason}",
    )


def export_failure(audience: str, reason: str, file: str | None) -> Finding:
    return Finding(
        kind="refusal",
        rule="export.failed",
        severity="warn",
        file=file,
        audience=audience,
        message=f"{audience} not written: {reason}",
    )


class ExportMixin(MainScreenHost):
    """Mixed into ``MainScreen``."""

    export_findings: list[Finding] = []

    def action_export_current(self) -> None:
        self._export([self.audience])

    def action_export_all(self) -> None:
        self._export(list(AUDIENCE_TABS))

    def _export(self, audiences: list[str]) -> None:
        if self.state.path is None:
            self.say("Save the postmortem first (ctrl+s): exports are written beside it.", severity="warning")
            return
        if self.state.text.strip() == skeleton_text().strip():
            self.say("This is the untouched skeleton: fill it in before exporting anything.", severity="warning")
            return
        if not self.state.checked:
            self.say("Still checking the draft: try again in a moment.", severity="warning")
            return
        held, go = [], []
        for aud in audiences:
            blocking = [f for f in self.state.findings if f.blocking and f.audience in (None, aud)]
            if blocking:
                first = blocking[0]
                where = f" (line {first.line})" if first.line else ""
                held.append(
                    export_refusal(
                        aud, f"{len(blocking)} blocking finding(s), first: {first.rule}{where}", self.state.name
                    )
                )
            else:
                go.append(aud)
        if not go:
            self.on_exported(Exported([], held))
            return
        bar, _label, progress = self.export_bar()
        bar.display = True
        # a PDF takes seconds and reports no progress of its own: the bar pulses (no total) while
        # the label says which audience of how many is being made
        progress.update(total=None, progress=0)
        self.run_export(self.state.text, str(self.state.path), go, held)

    @work(thread=True, exit_on_error=False, group="export")
    def run_export(self, text: str, source: str, audiences: list[str], held: list[Finding]) -> None:
        # Every way out of this worker posts ``Exported``: an exception left here would end the
        # worker silently, the bar still shown and nothing said.
        written: list[str] = []
        refused = list(held)
        try:
            loaded = loads(text, source)
        except UserError as e:
            self.post_message(
                Exported([], held, f"Not exported: the source does not load. {e.problems[0].paragraph()}")
            )
            return
        failed: list[str] = []
        for i, aud in enumerate(audiences):
            fmt = "PDF " if aud == "executive" and ("executive", "pdf") in OUTPUT_NAMES else ""
            self.post_message(Exporting(f"Exporting {aud} {fmt}({i + 1} of {len(audiences)})…"))
            try:
                out, dest = drafts.export(loaded, self.editor_app.config, aud, source)
            except UserError as e:  # a failed write (named), a broken user template
                failed.append(f"{aud}: {e.problems[0].paragraph()}")
                refused.append(export_failure(aud, e.problems[0].paragraph(), source))
                continue
            except Exception as e:  # a bug: said, not swallowed
                failed.append(f"{aud}: {type(e).__name__}: {e}")
                refused.append(export_failure(aud, f"{type(e).__name__}: {e}", source))
                continue
            if dest is not None:
                written.append(str(Path(dest).resolve()))  # where it is, whatever the working folder
            elif out is None:
                refused.append(export_refusal(aud, "no export format available yet", source))
            else:
                refused.append(export_refusal(aud, out.refused or "refused", source))
        problem = None
        if failed:
            done = f" Wrote {', '.join(written)}." if written else ""
            problem = f"Not written: {'; '.join(failed)}.{done}"
        self.post_message(Exported(written, refused, problem))

    def on_exporting(self, msg: Exporting) -> None:
        self.export_bar()[1].update(msg.text or "")

    def on_exported(self, msg: Exported) -> None:
        self.export_bar()[0].display = False
        self.export_findings = list(msg.refused)
        self.show_findings()
        if msg.problem:
            self.say(msg.problem, severity="error", title="Export failed", timeout=10)
        elif msg.written and msg.refused:
            self.say(
                f"Wrote {', '.join(msg.written)}. {len(msg.refused)} not exported: see the findings pane.",
                severity="warning",
                timeout=10,
            )
        elif msg.written:
            self.say("Wrote " + ", ".join(msg.written), title="Exported", timeout=10)
        else:
            self.say(
                f"Nothing exported: {len(msg.refused)} refused, see the findings pane.", severity="error", timeout=10
            )
            self.findings_table.move_cursor(row=0)
