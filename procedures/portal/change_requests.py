"""Change requests (phiếu yêu cầu sửa đổi tài liệu): raise, decide, take into a draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from procedures.control import access
from procedures.control.external_documents import owners_of
from procedures.documents import readers
from procedures.models import ChangeRequest, ChangeRequestStatus, ControlledDocumentPage
from procedures.notices import Notice
from procedures.portal.forms import ChangeRequestForm, DecisionForm
from qms import roles, storage
from qms.models import User
from qms.notifications import notify


def visible_requests(user):
    return ChangeRequest.objects.visible_to(user).select_related(
        "document", "raised_by", "decided_by", "closed_by_issue"
    )


def change_request_list(request):
    """My change requests, and for deciders the ones waiting for them."""
    user = request.user
    mine = ChangeRequest.objects.filter(raised_by=user).select_related("document", "closed_by_issue")
    to_decide = [r for r in visible_requests(user).filter(status=ChangeRequestStatus.OPEN) if _decides(user, r)]
    others = None
    if access.can_follow_reading(user):
        others = visible_requests(user).exclude(raised_by=user)
        status = request.GET.get("status")
        if status in ChangeRequestStatus.values:
            others = others.filter(status=status)
    return render(
        request,
        "procedures/control/change_request_list.html",
        {"mine": mine, "to_decide": to_decide, "others": others, "statuses": ChangeRequestStatus.choices},
    )


def _decides(user, change_request):
    return access.can_decide_change_request(user, change_request)


def raise_change_request(request, document_id):
    # Only on a document the person reads: another agency's is not found. The overseer raises none.
    document = get_object_or_404(
        ControlledDocumentPage.objects.filter(readers.document_condition(request.user, "", writing=True)),
        pk=document_id,
    )
    if document.current_issue is None and document.withdrawn_at is None:
        raise Http404
    form = ChangeRequestForm(request.POST or None, request.FILES or None)
    if document.withdrawn_at is not None:
        messages.error(request, _("This document has been withdrawn: it can no longer be changed."))
        if request.method == "POST":
            return render(
                request, "procedures/control/change_request_form.html", {"form": form, "document": document}, status=400
            )
    elif request.method == "POST" and form.is_valid():
        try:
            change_request = ChangeRequest.raise_on(
                document,
                request.user,
                reason=form.cleaned_data["reason"],
                proposed_change=form.cleaned_data["proposed_change"],
                attachment=form.cleaned_data.get("attachment"),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            notify_deciders(change_request)
            messages.success(request, _("Change request %(number)s was sent.") % {"number": change_request.number})
            return redirect("control:change_request", change_request.pk)
    return render(request, "procedures/control/change_request_form.html", {"form": form, "document": document})


def deciders_of(document):
    secretaries = User.objects.filter(is_active=True, groups__name=roles.ISO_SECRETARY)
    return [*owners_of(document), *secretaries]


def notify_deciders(change_request):
    document = change_request.document
    notify(
        deciders_of(document),
        Notice.CHANGE_REQUEST_RAISED,
        {"number": change_request.number, "code": document.code, "title": document.title},
        url=change_request.get_absolute_url(),
        key=f"cr-raised:{change_request.pk}",
    )


def get_visible_request(request, pk):
    change_request = get_object_or_404(
        ChangeRequest.objects.select_related("document", "raised_by", "decided_by", "linked_by", "closed_by_issue"),
        pk=pk,
    )
    if not access.can_see_change_request(request.user, change_request):
        raise PermissionDenied
    return change_request


def change_request_detail(request, pk):
    change_request = get_visible_request(request, pk)
    document = change_request.document
    can_decide = change_request.is_open and _decides(request.user, change_request)
    can_link = change_request.is_waiting_for_draft and access.can_take_into_draft(request.user, document)
    return render(
        request,
        "procedures/control/change_request_detail.html",
        {
            "change_request": change_request,
            "document": document,
            "decision_form": DecisionForm() if can_decide else None,
            "can_link": can_link,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[document.pk]) if can_link else "",
        },
    )


@require_POST
def decide_change_request(request, pk):
    change_request = get_visible_request(request, pk)
    if not _decides(request.user, change_request):
        raise PermissionDenied(_("Only the ISO secretary or the head of the owner department decides this request."))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or reject and give the reason; nothing was decided."))
        return redirect("control:change_request", pk)
    try:
        if form.cleaned_data["decision"] == "accept":
            change_request.accept(request.user, form.cleaned_data["reason"])
        else:
            change_request.reject(request.user, form.cleaned_data["reason"])
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("control:change_request", pk)
    decision = change_request.get_status_display()
    notify(
        [change_request.raised_by],
        Notice.CHANGE_REQUEST_DECIDED,
        {"number": change_request.number, "code": change_request.document.code, "decision": str(decision).lower()},
        url=change_request.get_absolute_url(),
        key=f"cr-decided:{change_request.pk}",
    )
    messages.success(request, _("%(number)s: %(decision)s.") % {"number": change_request.number, "decision": decision})
    return redirect("control:change_request", pk)


@require_POST
def take_into_draft(request, pk):
    change_request = get_visible_request(request, pk)
    if not access.can_take_into_draft(request.user, change_request.document):
        raise PermissionDenied(_("Only an editor of this document can take a request into its draft."))
    try:
        change_request.link_to_draft(request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("control:change_request", pk)
    messages.success(
        request,
        _("%(number)s is taken into the next draft; it closes when that issue takes effect.")
        % {"number": change_request.number},
    )
    return redirect("control:change_request", pk)


def change_request_attachment(request, pk):
    change_request = get_visible_request(request, pk)
    if not change_request.attachment:
        raise Http404
    return storage.file_response(change_request.attachment, as_attachment=True)


def document_change_requests(request, document_id):
    """Every request on one document; its editors take accepted ones into the draft from here."""
    document = get_object_or_404(ControlledDocumentPage, pk=document_id)
    can_link = access.can_take_into_draft(request.user, document)
    if not (can_link or access.sees_reviews_of(request.user, document)):
        raise PermissionDenied
    requests = document.change_requests.select_related("raised_by", "decided_by", "closed_by_issue")
    return render(
        request,
        "procedures/control/document_change_requests.html",
        {"document": document, "requests": requests, "can_link": can_link},
    )
