"""A person's picture in the admin: their initials, drawn here, unless they uploaded a picture.

Wagtail shows a Gravatar by default, which asks an outside server about each person's e-mail address
(a privacy leak, and a broken image on an agency's network without Internet). It is turned off
(``WAGTAIL_GRAVATAR_PROVIDER_URL = None`` in the settings), and Wagtail's ``get_avatar_url`` hook
(qms.wagtail_hooks) gives everyone without an uploaded picture an SVG of their initials: the first
letters of their family and given names ("Võ Thị Ngọc Lan": "VL"), on a colour of their own.
"""

from html import escape
from urllib.parse import quote

# Dark enough for white letters (contrast ≥ 4.5:1).
COLOURS = ("#1d4f91", "#7a3b8f", "#0f6e63", "#9c3d1c", "#4b5a12", "#8a2846", "#2f5d8a", "#5b4636")


def initials(user):
    """The first letters of the person's family and given names (of their username without a name)."""
    words = (user.get_full_name() or user.get_username() or "?").split()
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def initials_url(user, size=50):
    """A data: URL of the person's initials as an SVG image; None when they uploaded a picture of
    their own (Wagtail then shows it), and for no one (an action of the system: Wagtail's own picture)."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    profile = getattr(user, "wagtail_userprofile", None)  # Wagtail reads it next anyway: kept on the user
    if profile is not None and profile.avatar:
        return None
    colour = COLOURS[(user.pk or 0) % len(COLOURS)]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{int(size)}" height="{int(size)}" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" fill="{colour}"/>'
        '<text x="50" y="50" dy=".35em" text-anchor="middle" font-family="sans-serif" font-size="40" '
        f'font-weight="600" fill="#fff">{escape(initials(user))}</text></svg>'
    )
    return "data:image/svg+xml;charset=utf-8," + quote(svg)
