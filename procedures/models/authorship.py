"""Who prepared what is signed, and what a signature binds.

The round
    The content since the previous issue: every revision of the document
    created after the revision of its latest issue (every revision if it was
    never issued), up to and including the revision being signed.

Its authors (the preparers)
    The users whose revision changed the content of the previous one. A save
    or a "submit" that changes nothing makes nobody an author; Wagtail's own
    bookkeeping (latest revision, lock, publication dates...) is not content.
    Nobody who wrote any revision of the round may review or approve it.

Signed revisions are never rewritten
    A revision named by a signature or an issue, or under a step in progress,
    is never overwritten: Wagtail's "overwrite the latest revision" (autosave,
    overwrite_revision_id) makes a new revision instead, and saving such a
    revision with new content is refused.

A save during a round starts the round again
    A new revision saved while the document's workflow is in progress (or
    waiting for changes) voids every signature of that workflow on an earlier
    revision, by an append-only SignatureVoid row, and the workflow goes back
    to review on the new revision.
"""

import contextlib
import hashlib
import json
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Revision, TaskState, WorkflowState

# Fields of a page's revision that Wagtail keeps for itself: a change in them is not a change of content.
BOOKKEEPING_FIELDS = frozenset(
    {
        "pk",
        "content_type",
        "path",
        "depth",
        "numchild",
        "url_path",
        "draft_title",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "expired",
        "locale",
        "translation_key",
        "alias_of",
        "owner",
        "wagtail_admin_comments",
        "comments",
        # Set by the system, never by an editor.
        "library",
        "withdrawn_at",
    }
)
# What may change on a signed revision: Wagtail clears a scheduled publication date when it publishes.
MUTABLE_REVISION_FIELDS = frozenset({"approved_go_live_at"})


# Keys the editor regenerates on every save though nobody changed a word: StreamField block ids and
# the block keys the rich text editor writes into each paragraph.
RICH_TEXT_BLOCK_KEY = re.compile(r'\s+data-block-key=\\?"[^"\\]*\\?"')


def _without_block_ids(value):
    if isinstance(value, list):
        return [_without_block_ids(item) for item in value]
    if isinstance(value, dict):
        is_block = "type" in value and "value" in value
        return {k: _without_block_ids(v) for k, v in value.items() if not (is_block and k == "id")}
    if isinstance(value, str):
        return RICH_TEXT_BLOCK_KEY.sub("", value)
    return value


def _editable_value(value):
    if isinstance(value, str) and value.startswith("["):
        with contextlib.suppress(ValueError):
            value = json.loads(value)  # a StreamField is stored in the revision as JSON text
    return _without_block_ids(value)


def content_fingerprint(revision):
    """SHA-256 of what an editor wrote in this revision (Wagtail's bookkeeping left out)."""
    content = {key: _editable_value(value) for key, value in revision.content.items() if key not in BOOKKEEPING_FIELDS}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Authorship:
    user: object
    revision: object  # the last revision of the round in which this user changed the content

    @property
    def when(self):
        return timezone.localtime(self.revision.created_at).strftime("%d/%m/%Y %H:%M")


def round_revisions(page, revision):
    """The revisions of the round that ends with `revision`, oldest first, with the issued one it starts from."""
    from procedures.models import Issue

    issued_id = (
        Issue.objects.filter(document_id=page.pk, revision_id__lt=revision.pk)
        .order_by("-revision_id")
        .values_list("revision_id", flat=True)
        .first()
    )
    revisions = Revision.objects.for_instance(page).filter(pk__lte=revision.pk).select_related("user")
    if issued_id is not None:
        revisions = revisions.filter(pk__gte=issued_id)
    return issued_id, list(revisions.order_by("pk"))


def authors_of_round(page, revision):
    """The preparers of `revision`: each user who changed the content in its round, in order of first change."""
    issued_id, revisions = round_revisions(page, revision)
    authors = {}
    previous = None
    for current in revisions:
        fingerprint = content_fingerprint(current)
        is_base = current.pk == issued_id
        changed = previous is None or fingerprint != previous
        if changed and not is_base and current.user_id is not None:
            # A dict keeps the position of the user's first change; name the last revision they changed.
            authors[current.user_id] = Authorship(current.user, current)
        previous = fingerprint
    return list(authors.values())


def preparers_of(page, revision, workflow_state=None):
    """Who prepared `revision`: its authors; if nobody changed anything, whoever submitted it."""
    authors = authors_of_round(page, revision)
    if not authors and workflow_state is not None and workflow_state.requested_by_id is not None:
        return [Authorship(workflow_state.requested_by, revision)]
    return authors


def revision_in_progress(page, workflow_state):
    """The revision the running step of this workflow signs (the latest one when no step runs)."""
    task_state = (
        TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_IN_PROGRESS)
        .select_related("revision")
        .order_by("-pk")
        .first()
    )
    if task_state is not None:
        return task_state.revision
    return page.latest_revision or page.get_latest_revision()


def is_protected(revision):
    """A revision named by a signature or an issue, or under a step in progress, is never rewritten."""
    from procedures.models import Issue, Signature

    return (
        Signature.objects.filter(revision_id=revision.pk).exists()
        or Issue.objects.filter(revision_id=revision.pk).exists()
        or TaskState.objects.filter(revision_id=revision.pk, status=TaskState.STATUS_IN_PROGRESS).exists()
    )


def refuse_rewriting_a_protected_revision(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save of wagtailcore.Revision: the content of a signed or issued revision never changes."""
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and set(update_fields) <= MUTABLE_REVISION_FIELDS:
        return
    if is_protected(instance):
        raise PermissionDenied(_("This revision has been signed or issued: it is never changed."))


def on_new_revision(page, revision, user):
    """A revision was saved while the document is in a workflow: the round starts again on it."""
    from procedures.models import Signature, SignatureVoid, SignatureVoidReason

    state = WorkflowState.objects.active().for_instance(page).first()
    if state is None:
        return
    # Lock as complete_signing does, the running step then the workflow, so that a signature given
    # at this moment is either voided here or refused there (and no deadlock between the two).
    list(TaskState.objects.select_for_update().filter(workflow_state=state, status=TaskState.STATUS_IN_PROGRESS))
    state = WorkflowState.objects.select_for_update().get(pk=state.pk)
    stale = list(
        Signature.objects.filter(workflow_state=state, voids__isnull=True)
        .exclude(revision_id=revision.pk)
        .order_by("signed_at", "pk")
    )
    now = timezone.now()
    for signature in stale:
        SignatureVoid.objects.create(
            signature=signature,
            reason=SignatureVoidReason.CHANGED_AFTER_SIGNING,
            voided_at=now,
            revision=revision,
            voided_by=user if user is not None and user.pk else None,
        )
    if stale:
        log(
            instance=page,
            action="procedures.signatures_voided",
            user=user if user is not None and user.pk else None,
            revision=revision,
            data={
                "signatures": [
                    {"id": s.pk, "meaning": s.meaning, "printed_name": s.printed_name, "revision": s.revision_id}
                    for s in stale
                ]
            },
        )
    if state.status != WorkflowState.STATUS_IN_PROGRESS:
        # Waiting for changes: resubmitting starts again at review (ApprovalTask.start).
        return
    for task_state in TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_IN_PROGRESS):
        if task_state.revision_id != revision.pk:
            # Wagtail then starts the first step not approved on the latest revision: review.
            task_state.specific.cancel(user=user, comment=_("The draft was changed: the sign-off starts again."))
