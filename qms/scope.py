"""Department scope, written once: whose records a person sees and manages.

Every record belongs to one agency, through its department. The roles a kind
of record names see (or manage) the records of every department of the
agencies where the person holds that role (their own, and those of their
grants); the overseer sees every agency's. A department head sees and manages the records of the departments they head:
the department whose ``head`` they are, and their own department while they
hold the department-head role. The roles a kind of record names see (or
manage) the records of every department; nobody else sees any, beyond what a
kind of record gives a person of their own (the change requests they raised,
the actions they own). Every view, admin listing and export of a scoped record
asks its queryset: ``Model.objects.visible_to(user)`` or
``.editable_by(user)``; a check on one row already in hand asks
:func:`covers` with the same rule, without a query.
"""

import functools
import operator

from django.db import models

from qms import roles

ALL = roles.ALL
# Who sees every department's records unless a kind of record says otherwise.
SEEN_BY_ALL = (roles.ISO_SECRETARY, roles.APPROVER, roles.INTERNAL_AUDITOR, roles.OVERSEER)
MANAGED_BY_ALL = (roles.ISO_SECRETARY,)


def headed_departments(user, headed=None):
    """The ids of the departments the user heads (one query, remembered on the user).

    ``headed``: the ids of the departments whose ``head`` the user is, when the caller's own
    query already read them (no query then).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_headed_departments", None)
    if cached is None:
        from qms.models import Department

        if headed is None:
            headed = Department.objects.filter(head_id=user.pk).values_list("pk", flat=True)
        cached = set(headed)
        if user.department_id and roles.has_role(user, roles.DEPARTMENT_HEAD):
            cached.add(user.department_id)
        cached = frozenset(cached)
        user._headed_departments = cached
    return cached


def departments_of(user, roles_for_all):
    """ALL, or the (possibly empty) set of department ids the user's scope covers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    agencies = roles.agencies_with_role(user, *roles_for_all)
    if agencies == ALL:
        return ALL
    if not agencies:
        return headed_departments(user)
    cache = user.__dict__.setdefault("_qms_scope", {})
    if agencies not in cache:
        from qms.models import Department

        cache[agencies] = frozenset(Department.objects.filter(agency_id__in=agencies).values_list("pk", flat=True))
    return cache[agencies] | headed_departments(user)


def covers(user, department_id, roles_for_all=SEEN_BY_ALL):
    """Whether the user's scope covers a record of this department."""
    scope = departments_of(user, roles_for_all)
    return scope == ALL or (department_id is not None and department_id in scope)


class DepartmentScopedQuerySet(models.QuerySet):
    """A queryset of records that belong to a department.

    ``department_field`` is the path from a row to its department; ``seen_by_all``
    and ``managed_by_all`` the roles that see or manage every department's rows;
    :meth:`own_records` what a person sees of their own besides.
    """

    department_field = None
    # The path from a row to its agency; by default through its department.
    agency_field = None
    # True when the path crosses a many-to-many relation (a row would repeat).
    distinct_rows = False
    seen_by_all = SEEN_BY_ALL
    managed_by_all = MANAGED_BY_ALL

    def own_records(self, user):
        """A Q of the rows a person sees as their own, or None."""
        return None

    def _in_scope(self, user, roles_for_all, own):
        agencies = roles.agencies_with_role(user, *roles_for_all)
        if agencies == ALL:
            return self
        conditions = []
        if agencies:
            agency_field = self.agency_field or f"{self.department_field}__agency"
            conditions.append(models.Q(**{f"{agency_field}__in": agencies}))
        if headed := headed_departments(user):
            conditions.append(models.Q(**{f"{self.department_field}__in": headed}))
        if own and getattr(user, "is_authenticated", False) and (mine := self.own_records(user)) is not None:
            conditions.append(mine)
        if not conditions:
            return self.none()
        rows = self.filter(functools.reduce(operator.or_, conditions))
        return rows.distinct() if self.distinct_rows else rows

    def visible_to(self, user):
        return self._in_scope(user, self.seen_by_all, own=True)

    def editable_by(self, user):
        return self._in_scope(user, self.managed_by_all, own=False)
