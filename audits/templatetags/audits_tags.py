from django import template

from audits import clauses

register = template.Library()


@register.filter
def cite_clause(clause):
    """Clause number, title and its counterpart in the other edition."""
    return clauses.cite(clause)


@register.filter
def counterpart(clause):
    return clauses.counterpart_label(clause)


@register.filter
def overdue(action):
    return action.is_overdue()
