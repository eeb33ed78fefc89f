"""The agency a page speaks for: the signed-in person's own, else the first one."""

from django.utils.functional import SimpleLazyObject


def first_agency():
    from qms.models import Agency

    return Agency.objects.order_by("pk").first()


def agency_of(user):
    if getattr(user, "is_authenticated", False) and user.agency_id:
        return user.agency
    return first_agency()


def current_agency(request):
    """Template context processor: ``current_agency``, looked up only when a template uses it."""
    return {"current_agency": SimpleLazyObject(lambda: agency_of(getattr(request, "user", None)))}
