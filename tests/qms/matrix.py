"""The vocabulary of the URL permission matrix (tests/qms/test_url_permissions.py).

Each project URL has a Row: what each role gets from a GET, and for a view that
acts on POST, what each role gets from a POST with valid data and what that
POST must change in the database. Expectations are written from the
permission rules (docs/roles.md and the views' own checks), never recorded
from the answers.

What a role gets is one of:
  allowed      the page (200), or for a POST: a success answer and its effect
  refused      403, or the Wagtail admin's refusal (a redirect to the admin home);
               a refused POST leaves the watched rows exactly as they were
  not found    404
  sign-in      a redirect to the sign-in page (anonymous), or the read API's 401 (api/: no session, no token)
  POST only    405 to a GET of a view that only acts on POST
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

# "head" heads the department that owns the documents and is audited (CCVC); "other_head" heads
# another one (the Văn phòng), to show what a head may not see. The superuser manages users.
ROLES = ("anonymous", "staff", "head", "other_head", "secretary", "approver", "auditor", "superuser")
SIGNED_IN = ROLES[1:]
# Everyone who enters the Wagtail admin: every role but staff, and the superuser.
ADMIN = ROLES[2:]

OK = "allowed"
REFUSED = "refused"
NOT_FOUND = "not found"
SIGN_IN = "sign-in"
POST_ONLY = "POST only"

# Wagtail's admin sends people without admin access to its own sign-in URL, which leads to ours;
# it answers a refusal inside the admin with a redirect to the admin's home.
ADMIN_LOGIN_PATH = "/admin/login/"
ADMIN_HOME = "/admin/"


def _expect(signed_out, allowed, not_found):
    unknown = (set(allowed) | set(not_found)) - set(ROLES)
    assert not unknown, f"no such role: {unknown}"
    expected = {}
    for role in ROLES:
        if role in signed_out:
            expected[role] = SIGN_IN
        elif role in allowed:
            expected[role] = OK
        elif role in not_found:
            expected[role] = NOT_FOUND
        else:
            expected[role] = REFUSED
    return expected


def portal(*allowed, not_found=()):
    """A page of the signed-in site: anonymous signs in first; `allowed` get it, `not_found` a 404, the rest 403."""
    return _expect(("anonymous",), allowed, not_found)


def admin(*allowed, not_found=()):
    """An admin screen: anonymous signs in first; staff (no admin access) are refused before the view runs
    (qms.middleware), `allowed` get it, the rest are refused."""
    return _expect(("anonymous",), allowed, not_found)


def everyone(outcome=OK):
    """A public URL: the same answer for anonymous visitors and every role."""
    return dict.fromkeys(ROLES, outcome)


def post_only(signed_out=("anonymous",)):
    """A GET of a view that acts only on POST: sign in first, then 405."""
    return {role: SIGN_IN if role in signed_out else POST_ONLY for role in ROLES}


# Staff are refused before the view runs (no admin access), so a GET is a 403 to them, not a 405.
ADMIN_POST_ONLY = {**post_only(), "staff": REFUSED}


@dataclass
class Effect:
    """What a POST must change. state(org, user) is read before and after the request (user: the
    one posting); done(before, after) says an allowed POST did its work. A refused POST leaves
    the state equal."""

    state: Callable[[Any, Any], Any]
    done: Callable[[Any, Any], bool]


def pk_of(name):
    """Path parameters naming one record of the organisation: {"pk": o.<name>.pk}."""
    return lambda o: {"pk": getattr(o, name).pk}


def the(model, name):
    """rows(o, user): the one record o.<name>."""
    return lambda o, user: model.objects.filter(pk=getattr(o, name).pk)


def every(model):
    """rows(o, user): the whole table."""
    return lambda o, user: model.objects.all()


def created(rows):
    """rows(org, user) -> a queryset: an allowed POST adds a row to it."""
    return Effect(lambda o, user: rows(o, user).count(), lambda before, after: after == before + 1)


def removed(rows):
    """rows(org, user) -> a queryset: an allowed POST removes a row from it."""
    return Effect(lambda o, user: rows(o, user).count(), lambda before, after: after == before - 1)


def became(rows, field, value):
    """rows(org, user) -> a queryset of one row: an allowed POST sets its `field` to `value`."""
    return Effect(
        lambda o, user: list(rows(o, user).values_list(field, flat=True)),
        lambda before, after: before != [value] and after == [value],
    )


def filled(rows, field):
    """rows(org, user) -> a queryset of one row: an allowed POST fills its empty `field`."""
    return Effect(
        lambda o, user: list(rows(o, user).values_list(field, flat=True)),
        lambda before, after: before == [None] and after not in ([None], []),
    )


def unchanged(rows):
    """For a POST nobody may make: the rows, every field, stay as they were."""
    return Effect(lambda o, user: list(rows(o, user).order_by("pk").values()), lambda before, after: False)


def no_data(o):
    """The form of a POST that needs no field."""
    return {}


@dataclass
class Post:
    expect: dict
    data: Callable[[Any], dict]
    effect: Effect


@dataclass
class Row:
    get: dict
    post: Post | None = None
    # Path parameters of this URL, from the organisation (e.g. which change request).
    params: Callable[[Any], dict] | None = None


def outcome(response, login_path):
    """What a GET got, in the matrix's words (or the raw status and where it leads)."""
    status = response.status_code
    location = response.get("Location", "")
    if status in (301, 302) and location.startswith((login_path, ADMIN_LOGIN_PATH)):
        return SIGN_IN
    if status == 401 and response.get("WWW-Authenticate", "").startswith("Bearer"):
        return SIGN_IN
    if status == 403 or (status == 302 and location == ADMIN_HOME):
        return REFUSED
    return {200: OK, 404: NOT_FOUND, 405: POST_ONLY}.get(status, f"{status} {location}".strip())


def post_outcome(response, login_path, effect, before, after):
    """What a POST got: allowed only with its effect, refused only with nothing changed."""
    seen = outcome(response, login_path)
    if seen in (SIGN_IN, NOT_FOUND, POST_ONLY) and before == after:
        return seen
    status = response.status_code
    if effect.done(before, after) and status in (200, 201, 302, 303):
        return OK
    if seen == REFUSED and before == after:
        return REFUSED
    changed = "changed" if before != after else "changed nothing"
    return f"{status} {response.get('Location', '')} ({changed})".replace("  ", " ")


def ask(client, method, path, login_path, data=None, effect=None, org=None, user=None):
    """One request, its database effects rolled back so the organisation stays as built.

    An exception raised by the view is reported as "500" with its text: the
    test client would otherwise raise it and stop the walk at the first one.
    """
    try:
        with transaction.atomic():
            before = effect.state(org, user) if effect else None
            response = client.post(path, data or {}) if method == "post" else client.get(path)
            after = effect.state(org, user) if effect else None
            transaction.set_rollback(True)
    except Exception as exc:  # noqa: BLE001 - reported as a 500 row
        return f"500 {type(exc).__name__}: {exc}"[:300]
    if method == "post":
        return post_outcome(response, login_path, effect, before, after)
    return outcome(response, login_path)
