"""Clause citations with their counterpart in the other ISO 9001 edition."""

from django.db.models import Q
from django.utils.translation import gettext as _


def counterparts(clause):
    """The clauses of the other edition that correspond to ``clause`` (ISO/TC 176 correlation).

    Both directions of the link table are read: the catalogue's data migration
    stored each pair once (2008 -> 2015), as historical models do not mirror
    symmetrical relations, so ``clause.corresponds_to`` alone misses 2015 -> 2008.
    """
    if clause is None:
        return []
    from qms.models import IsoClause

    linked = IsoClause.objects.filter(Q(corresponds_to=clause) | Q(pk__in=clause.corresponds_to.values("pk")))
    return [c for c in linked.distinct() if c.edition != clause.edition]


def counterpart_label(clause):
    """e.g. "2008: 8.2.2" for clause 9.2 of 2015; empty if there is none."""
    others = counterparts(clause)
    if not others:
        return ""
    return _("%(edition)s: %(numbers)s") % {
        "edition": others[0].edition,
        "numbers": ", ".join(c.number for c in sorted(others, key=lambda c: c.sort_key)),
    }


def cite(clause):
    """A clause as audits cite it: number, title and the other edition's number."""
    if clause is None:
        return ""
    other = counterpart_label(clause)
    return f"{clause.number} {clause.title}" + (f" ({other})" if other else "")
