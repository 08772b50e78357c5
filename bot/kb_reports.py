"""What a knowledge-base change did, in Korean lines for staff: one wording for the `axbot kb`
command line and the staff chat (/kb_add, /kb_remove, /kb). Each channel names its own remove
command in the hints (`axbot kb remove x` on a terminal, `/kb_remove x` in the chat)."""

from bot import texts
from knowledge.admin import AddReport, DocumentSummary, RemoveReport
from knowledge.index_build import BuildReport

CLI_REMOVE = "axbot kb remove"


def build_lines(report: BuildReport) -> list[str]:
    if not report.changed:
        return [texts.KB_BUILD_UNCHANGED.format(documents=report.documents, chunks=report.chunks)]
    counts = {name: getattr(report, name) for name in ("documents", "chunks", "embedded", "reused", "seconds")}
    lines = [texts.KB_BUILD_DONE.format(**counts)]
    lines += [f"  ! {failure}" for failure in report.failures]
    lines += [texts.KB_BUILD_KEPT_PREVIOUS.format(doc_id=doc_id) for doc_id in report.kept_previous]
    return lines


def rejected_lines(report: AddReport) -> list[str]:
    """The files `add` refused, each with its reason."""
    return [f"  ! {error}" for error in report.rejected]


def added_lines(report: AddReport, remove: str = CLI_REMOVE) -> list[str]:
    """What `add` changed and the build that published it; one line when nothing was added."""
    if not (report.added or report.replaced or report.unchanged):
        return [texts.KB_NOTHING_ADDED]
    lines = []
    for template, doc_ids in ((texts.KB_ADDED, report.added), (texts.KB_REPLACED, report.replaced), (texts.KB_UNCHANGED, report.unchanged)):
        if doc_ids:
            lines.append(template.format(doc_ids=", ".join(doc_ids)))
    for doc_id, companions in report.companions.items():
        lines.append(texts.KB_COMPANIONS.format(doc_id=doc_id, companions=", ".join(companions), first=companions[0], remove=remove))
    for doc_id, (old, new) in report.kind_changes.items():
        lines.append(texts.KB_KIND_CHANGED.format(doc_id=doc_id, old=texts.KB_KIND_LABELS[old], new=texts.KB_KIND_LABELS[new]))
    return lines + (build_lines(report.build) if report.build else [])


def removed_lines(doc_id: str, report: RemoveReport, remove: str = CLI_REMOVE) -> list[str]:
    lines = [texts.KB_REMOVED.format(doc_id=doc_id)]
    if report.hidden_shipped:
        hidden = texts.KB_REMOVED_UPLOAD_AND_SHIPPED if report.deleted_uploads else texts.KB_REMOVED_SHIPPED_HIDDEN
        lines.append(hidden.format(path=report.hidden_shipped))
    if report.companions:
        lines.append(texts.KB_REMOVED_COMPANIONS.format(companions=", ".join(report.companions), first=report.companions[0], remove=remove))
    return lines + build_lines(report.build)


def document_lines(documents: list[DocumentSummary], failures: list[dict]) -> list[str]:
    """The served documents, one line each, then the files its build could not read."""
    lines = [texts.KB_LIST_HEADER] if documents else [texts.KB_LIST_EMPTY]
    for doc in documents:
        lines.append(f"{doc.doc_id} | {doc.title} | {texts.KB_KIND_LABELS.get(doc.kind, doc.kind)} | {doc.chunks} | {doc.updated}")
    if failures:
        lines.append(texts.KB_LIST_FAILURES.format(count=len(failures)))
        lines += [f"  ! {failure['message']}" for failure in failures]
    return lines
