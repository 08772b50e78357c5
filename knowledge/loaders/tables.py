"""Markdown tables from the rows of a document table, shared by the DOCX, HWPX and HWP loaders."""


def markdown_table(rows: list[list[str]]) -> str:
    """The first row becomes the header; ragged rows are padded; a 1x1 table is just its text."""
    cleaned = [[_cell(text) for text in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    if not cleaned:
        return ""
    width = max(len(row) for row in cleaned)
    if width == 1 and len(cleaned) == 1:
        # Hangul documents often draw a box around a paragraph with a one-cell table.
        return cleaned[0][0]
    padded = [row + [""] * (width - len(row)) for row in cleaned]
    lines = [padded[0], ["---"] * width, *padded[1:]]
    return "\n".join(_line(cells) for cells in lines)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def grid(cells: list[tuple[int, int, str]]) -> list[list[str]]:
    """Rows of a table from (row, column, text) cells; merged cells leave the spots they cover empty."""
    if not cells:
        return []
    rows = max(row for row, _, _ in cells) + 1
    columns = max(column for _, column, _ in cells) + 1
    table = [[""] * columns for _ in range(rows)]
    for row, column, text in cells:
        table[row][column] = text
    return table
