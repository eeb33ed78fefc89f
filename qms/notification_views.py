from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from qms.models import Notification


def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "unread": notifications.filter(read_at__isnull=True).count()},
    )


@require_POST
def open_notification(request, pk):
    """Mark one of your notifications read and go where it points."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications")


@require_POST
def mark_all_read(request):
    for notification in Notification.objects.filter(recipient=request.user, read_at__isnull=True):
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect("notifications")
