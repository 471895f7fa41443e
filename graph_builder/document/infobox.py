"""The infobox and the military-balance table, as named fields, entries, rows and cells.

The field names are the labels Chinese Wikipedia's military-conflict infobox prints; the plain
text keeps the labels but loses the layout (columns, flag icons), so columns are recorded only
where the text itself shows them (a period or casualty label printed a second time starts the
second column).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph_builder.document.records import (
    Infobox,
    InfoboxEntry,
    InfoboxField,
    Line,
    Table,
    TableCell,
)
from graph_builder.errors import TextShapeError

# The infobox labels in the order the template prints them, with the stable keys used in IRIs.
FIELD_KEYS: dict[str, str] = {
    "日期": "date",
    "地點": "place",
    "結果": "result",
    "領土變更": "territorial-changes",
    "參戰方": "belligerents",
    "指揮官與領導者": "commanders",
    "兵力": "strength",
    "傷亡與損失": "casualties",
}
LAST_FIELD = "傷亡與損失"

_PERIOD = re.compile(r"^\d{4}[–-]\d{4}$")
_LABELLED = re.compile(r"^(?P<label>[^:：\[\]]{1,12})[:：]\s*(?P<value>.*)$")
_BULLET = re.compile(r"^\s*•\s*")
_FIELD_START = re.compile("^(" + "|".join(map(re.escape, FIELD_KEYS)) + r")(?:\s+|(?=\S)|$)")


def _clean(text: str) -> str:
    return text.replace("\xa0", " ").strip()


def find_infobox_end(lines: Sequence[Line], start: int) -> int:
    """Gives the index just past the infobox that begins at `lines[start]`.

    After the last field (傷亡與損失) the infobox holds only labels, figures and bulleted
    lists; the first unindented line of prose (one with a full stop) is the article again.
    """
    in_last_field = False
    last_content = start
    for index in range(start, len(lines)):
        text = lines[index].text
        if text.startswith(LAST_FIELD):
            in_last_field = True
        elif in_last_field and text and not text[0].isspace() and "。" in text:
            return last_content + 1
        if _clean(text):
            last_content = index
    raise TextShapeError(lines[start].number, "the infobox never ends")


def _entry(label: str, value: str, line: Line, column: int | None) -> InfoboxEntry:
    offset = line.text.find(value) if value else len(line.text)
    start = line.start + max(offset, 0)
    return InfoboxEntry(
        label=label,
        value=value,
        line=line.number,
        start=start,
        end=start + len(value),
        column=column,
    )


def _column(label: str, seen: dict[str, int], current: int | None) -> int | None:
    """Gives the column a label heads, per the printed order of the labels.

    A period (1988–1991) starts a row, so its first printing is column 1 and its second column 2;
    any other label printed a second time is column 2 too, and a label printed once stays in the
    column in force. Civilian casualties (平民…, 流離失所…) are printed across both columns.
    """
    seen[label] = seen.get(label, 0) + 1
    if label.startswith(("平民", "流離")):
        return None
    if _PERIOD.match(label) or seen[label] > 1:
        return seen[label]
    return current or 1


def _entries(key: str, body: Sequence[Line]) -> tuple[InfoboxEntry, ...]:
    entries: list[InfoboxEntry] = []
    label = ""
    column: int | None = None
    seen: dict[str, int] = {}
    columned = key in ("belligerents", "casualties")
    for line in body:
        text = _clean(_BULLET.sub("", line.text))
        if not text:
            continue
        labelled = _LABELLED.match(text)
        if _PERIOD.match(text) or (labelled and not labelled["value"]):
            label = text.rstrip(":：")
            column = _column(label, seen, column) if columned else None
        elif labelled:
            entries.append(_entry(labelled["label"].strip(), labelled["value"], line, column))
        else:
            entries.append(_entry(label, text, line, column))
    return tuple(entries)


def parse_infobox(lines: Sequence[Line]) -> Infobox:
    """Gives the infobox whose lines (title line to last line) are `lines`."""
    content = [line for line in lines if _clean(line.text)]
    if len(content) < 3:
        raise TextShapeError(lines[0].number, "an infobox needs a title, a caption and fields")
    title, caption = content[0], content[1]
    starts = [i for i, line in enumerate(lines) if _FIELD_START.match(line.text)]
    if not starts:
        raise TextShapeError(lines[0].number, "no infobox field label found")
    fields: list[InfoboxField] = []
    for n, first in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        block = list(lines[first:stop])
        name = _FIELD_START.match(block[0].text)[1]  # type: ignore[index]
        head_rest = block[0].text[len(name) :]
        head_value = head_rest.strip()
        start = block[0].start + len(name) + (len(head_rest) - len(head_rest.lstrip()))
        body_lines = [line for line in block[1:] if _clean(line.text)]
        end = body_lines[-1].end if body_lines else block[0].end
        raw_parts = [head_value] if head_value else []
        raw_parts += [line.text.replace("\xa0", " ").rstrip() for line in block[1:]]
        raw = "\n".join(raw_parts).strip("\n")
        body = list(block[1:])
        if head_value:
            body.insert(0, Line(block[0].number, start, head_value))
        fields.append(
            InfoboxField(
                key=FIELD_KEYS[name],
                name=name,
                raw=raw,
                line=block[0].number,
                start=start if head_value else (body_lines[0].start if body_lines else start),
                end=end,
                entries=_entries(FIELD_KEYS[name], body),
            )
        )
    return Infobox(
        title=_clean(title.text),
        caption=_clean(caption.text),
        fields=tuple(fields),
        line=title.number,
        end_line=content[-1].number,
    )


def is_table_header(lines: Sequence[Line], index: int) -> bool:
    """Tells whether `lines[index]` heads a table: space-separated headers over indented rows."""
    if index + 1 >= len(lines):
        return False
    header, following = lines[index].text, lines[index + 1].text
    return (
        len(header.split()) >= 3
        and "。" not in header
        and following.startswith("\xa0\xa0")
        and len(following.split()) == len(header.split())
    )


def parse_table(lines: Sequence[Line], key: str) -> Table:
    """Gives the table whose header line is `lines[0]`, its rows the indented lines after it."""
    headers = tuple(lines[0].text.split())
    rows: list[tuple[TableCell, ...]] = []
    for row_number, line in enumerate(lines[1:], start=1):
        if not line.text.startswith("\xa0\xa0"):
            break
        cells: list[TableCell] = []
        for column, match in enumerate(re.finditer(r"[^\s\xa0]+", line.text), start=1):
            if column > len(headers):
                raise TextShapeError(
                    line.number, f"row has more cells than the {len(headers)} headers"
                )
            cells.append(
                TableCell(
                    row=row_number,
                    column=column,
                    header=headers[column - 1],
                    text=match[0],
                    start=line.start + match.start(),
                    end=line.start + match.end(),
                )
            )
        if len(cells) != len(headers):
            raise TextShapeError(
                line.number, f"row has {len(cells)} cells, the header has {len(headers)}"
            )
        rows.append(tuple(cells))
    return Table(
        key=key,
        headers=headers,
        rows=tuple(rows),
        line=lines[0].number,
        end_line=lines[len(rows)].number,
    )
