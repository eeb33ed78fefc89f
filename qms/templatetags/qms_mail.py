"""What Wagtail's notification mails (templates/wagtailadmin/notifications/) need.

Wagtail renders them in the recipient's preferred language only if she chose one,
otherwise in whatever language the person acting uses, and links the page to its
Site's address (``http://localhost/`` in a fresh installation). Here the recipient
without a preference reads the installation's language, and every link starts with
WAGTAILADMIN_BASE_URL, as the project's own notifications do (qms.notifications).
"""

from django import template
from django.conf import settings
from django.urls import reverse

from qms.notifications import absolute_url

register = template.Library()


@register.simple_tag
def recipient_language(user):
    """The language chosen in the recipient's account, else the installation's (Vietnamese)."""
    profile = getattr(user, "wagtail_userprofile", None)
    chosen = getattr(profile, "preferred_language", "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@register.simple_tag
def admin_link(view_name, *args):
    """An absolute address of an admin view: 'wagtailadmin_pages:edit', page.pk."""
    return absolute_url(reverse(view_name, args=args))


@register.simple_tag
def page_link(page):
    """The absolute address where a page is read, whatever host its Site names."""
    parts = page.get_url_parts()
    return absolute_url(parts[2]) if parts else ""


@register.filter
def mail_title(obj):
    """A controlled document's code and title ('QT-01 Quy trình tuyển dụng'), any other object's title."""
    specific = getattr(obj, "specific", obj)
    return str(specific).strip() or getattr(obj, "title", "")
