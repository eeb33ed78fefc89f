"""What the preview says of each file, for the admin page and the management command."""

from django.utils.translation import gettext as _


def describe(item):
    """A plain-text account of one file's plan."""
    lines = [item.name]
    if not item.ok:
        lines.append("  " + _("Refused: %(reason)s") % {"reason": item.error})
        return "\n".join(lines)
    read = item.read
    lines.append(
        "  " + _("%(code)s %(title)s (%(type)s)") % {"code": read.code, "title": read.title, "type": item.document_type}
    )
    lines += ["  - " + f"{part.became}" for part in read.parts]
    lines += [
        "  ! " + _("Not mapped: %(what)s – %(snippet)s") % {"what": p.became, "snippet": p.snippet}
        for p in read.unmapped
    ]
    lines += ["  ! " + warning for warning in read.warnings]
    return "\n".join(lines)
