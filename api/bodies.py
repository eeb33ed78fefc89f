"""An issue's body as structured data: its sections and its tables of steps.

Read from the revision the issue froze (the one whose SHA-256 was signed),
never from the page's latest draft.
"""

import json

from procedures.documents.text import html_to_lines


def _blocks(issue):
    content = issue.revision.content or {}
    body = content.get("body") or []
    if isinstance(body, str):
        body = json.loads(body or "[]")
    return body


def _text(value):
    return "" if value is None else str(value)


def structure(issue):
    """{"sections": [...], "steps_tables": [...]} of the issued revision."""
    sections, tables = [], []
    for block in _blocks(issue):
        value = block.get("value") or {}
        if block.get("type") == "section":
            sections.append(
                {
                    "kind": _text(value.get("kind")),
                    "heading": _text(value.get("heading")),
                    "text": html_to_lines(_text(value.get("body"))),
                }
            )
        elif block.get("type") == "steps_table":
            steps = []
            for item in value.get("steps") or []:
                step = item.get("value", item) if isinstance(item, dict) else {}
                steps.append(
                    {
                        "step": _text(step.get("step")),
                        "action": _text(step.get("action")),
                        "responsible": _text(step.get("responsible")),
                        "time_days": None if step.get("time_days") in (None, "") else _text(step.get("time_days")),
                        "time_note": _text(step.get("time_note")),
                        "result": _text(step.get("result")),
                    }
                )
            days = value.get("processing_time_days")
            tables.append(
                {
                    "heading": _text(value.get("heading")),
                    "processing_time_days": None if days in (None, "") else _text(days),
                    "steps": steps,
                }
            )
    return {"sections": sections, "steps_tables": tables}
