"""What a knowledge-base change did, for staff: one wording for the `axbot kb` command line and
the staff chat (/kb_add, /kb_remove, /kb), each channel writing it its own way.

A report is a list of `Line`s built from the knowledge layer's reports; a `Channel` renders it.
The terminal marks problems with "  !" and quotes commands in backticks; the staff chat is sent
as plain text, so it marks problems with ⚠️ and quotes commands like file names. Each channel also
names its own remove command in the hints (`axbot kb remove x` or `/kb_remove x`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from bot import texts
from knowledge.admin import AddReport, DocumentSummary, RemoveReport
from knowledge.index_build import BuildReport

Role = Literal["result", "problem", "detail"]  # detail: a note on the line above it
CLI_ADD = "axbot kb add"


@dataclass(frozen=True)
class Line:
    text: str
    role: Role = "result"


@dataclass(frozen=True)
class Channel:
    """How one channel writes reports: its remove command, its line marks, its command quotes."""

    remove: str
    marks: Mapping[Role, str]
    quote: str  # around a command, e.g. "`{}`"

    def command(self, command: str) -> str:
        return self.quote.format(command)

    def lines(self, report: list[Line]) -> list[str]:
        return [self.marks[line.role] + line.text for line in report]

    def text(self, report: list[Line]) -> str:
        return "\n".join(self.lines(report))


TERMINAL = Channel("axbot kb remove", texts.KB_TERMINAL_MARKS, texts.KB_TERMINAL_QUOTE)
CHAT = Channel("/kb_remove", texts.KB_CHAT_MARKS, texts.KB_CHAT_QUOTE)


def built(report: BuildReport) -> list[Line]:
    """A build's result, the files it could not read, and the documents kept from before."""
    if not report.changed:
        return [Line(texts.KB_BUILD_UNCHANGED.format(documents=report.documents, chunks=report.chunks))]
    counts = {name: getattr(report, name) for name in ("documents", "chunks", "embedded", "reused", "seconds")}
    lines = [Line(texts.KB_BUILD_DONE.format(**counts))]
    lines += [Line(str(failure), "problem") for failure in report.failures]
    lines += [Line(texts.KB_BUILD_KEPT_PREVIOUS.format(doc_id=doc_id), "detail") for doc_id in report.kept_previous]
    return lines


def refused(report: AddReport) -> list[Line]:
    """The files `add` refused, each with its reason."""
    return [Line(str(error), "problem") for error in report.rejected]


def added(report: AddReport, channel: Channel) -> list[Line]:
    """What `add` changed and the build that published it; one line when nothing was added."""
    if not (report.added or report.replaced or report.unchanged):
        return [Line(texts.KB_NOTHING_ADDED)]
    lines = []
    for template, doc_ids in ((texts.KB_ADDED, report.added), (texts.KB_REPLACED, report.replaced), (texts.KB_UNCHANGED, report.unchanged)):
        if doc_ids:
            lines.append(Line(template.format(doc_ids=", ".join(doc_ids))))
    for doc_id, companions in report.companions.items():
        command = channel.command(f"{channel.remove} {companions[0]}")
        lines.append(Line(texts.KB_COMPANIONS.format(doc_id=doc_id, companions=", ".join(companions), command=command), "detail"))
    for doc_id, (old, new) in report.kind_changes.items():
        lines.append(Line(texts.KB_KIND_CHANGED.format(doc_id=doc_id, old=texts.KB_KIND_LABELS[old], new=texts.KB_KIND_LABELS[new]), "detail"))
    return lines + (built(report.build) if report.build else [])


def removed(reports: list[tuple[str, RemoveReport]], channel: Channel) -> list[Line]:
    """Each removed id with its notes, then one summary of the builds (the last one's counts)."""
    lines = []
    for doc_id, report in reports:
        lines += _removed_one(doc_id, report, channel)
    builds = [report.build for _, report in reports]
    return lines + (built(_together(builds)) if builds else [])


def _removed_one(doc_id: str, report: RemoveReport, channel: Channel) -> list[Line]:
    lines = [Line(texts.KB_REMOVED.format(doc_id=doc_id))]
    if report.hidden_shipped:
        hidden = texts.KB_REMOVED_UPLOAD_AND_SHIPPED if report.deleted_uploads else texts.KB_REMOVED_SHIPPED_HIDDEN
        command = channel.command(f"{CLI_ADD} {report.hidden_shipped}")  # a server path: only the command line reaches it
        lines.append(Line(hidden.format(path=report.hidden_shipped, command=command), "detail"))
    if report.companions:
        command = channel.command(f"{channel.remove} {report.companions[0]}")
        lines.append(Line(texts.KB_REMOVED_COMPANIONS.format(companions=", ".join(report.companions), command=command), "detail"))
    return lines


def _together(builds: list[BuildReport]) -> BuildReport:
    """Builds run one after another, as one: the last one's index, all of their work."""
    return replace(
        builds[-1],
        changed=any(build.changed for build in builds),
        embedded=sum(build.embedded for build in builds),
        seconds=sum(build.seconds for build in builds),
    )


def listed(documents: list[DocumentSummary], failures: list[dict]) -> list[Line]:
    """The served documents, one line each, then the files its build could not read."""
    lines = [Line(texts.KB_LIST_HEADER if documents else texts.KB_LIST_EMPTY)]
    for doc in documents:
        lines.append(Line(f"{doc.doc_id} | {doc.title} | {texts.KB_KIND_LABELS.get(doc.kind, doc.kind)} | {doc.chunks} | {doc.updated}"))
    if failures:
        lines.append(Line(texts.KB_LIST_FAILURES.format(count=len(failures))))
        lines += [Line(failure["message"], "problem") for failure in failures]
    return lines


# --- the command line's printouts (bot/cli.py) ---


def build_lines(report: BuildReport) -> list[str]:
    return TERMINAL.lines(built(report))


def rejected_lines(report: AddReport) -> list[str]:
    return TERMINAL.lines(refused(report))


def added_lines(report: AddReport) -> list[str]:
    return TERMINAL.lines(added(report, TERMINAL))


def removed_lines(doc_id: str, report: RemoveReport) -> list[str]:
    return TERMINAL.lines(removed([(doc_id, report)], TERMINAL))


def document_lines(documents: list[DocumentSummary], failures: list[dict]) -> list[str]:
    return TERMINAL.lines(listed(documents, failures))
