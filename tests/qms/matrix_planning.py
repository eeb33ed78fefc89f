"""Matrix rows of planning and management review: the admin's objectives, results, one-stop
imports and statistics, nonconformities, risks, management reviews and decisions, and planning's
own screens (the leader's dashboard, the import preview, the heat map, a review's page, its
minutes PDF). docs/roles.md and docs/planning.md, planning/roles.py (model permissions),
planning/permissions.py and the views' own checks (planning/admin/views.py, viewsets.py).

The agency's ISO secretary keeps the records; its approvers and auditors read them; department
heads and staff have no access. The approver chairs the walk's reviews: the chair gathers,
records decisions and alone signs; a decision is closed by its owner (the auditor here), the
chair or the secretary; a risk is re-rated by its owner (the head here) or the secretary on the
risk's own page. The superuser holds every model permission, so Wagtail's generic
screens let it add and change (in any agency), but it holds no role: planning's own actions,
which ask for the ISO secretary or the chair (planning.permissions), refuse it. Nobody
deletes a planning record: no delete screen. Imports are never edited, statistics come only
from imports, decisions are recorded on their review's page (NarrowedPolicy): those generic
screens refuse everyone."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from planning.models import (
    ManagementReview,
    Nonconformity,
    ObjectiveResult,
    OneStopImport,
    QualityObjective,
    ReviewDecision,
    Risk,
    SatisfactionResult,
)
from tests.qms.factories import PASSWORD
from tests.qms.matrix import (
    ADMIN_POST_ONLY,
    Post,
    Row,
    admin,
    became,
    created,
    every,
    filled,
    no_data,
    pk_of,
    portal,
    the,
)

READERS = ("secretary", "approver", "auditor", "superuser")
# Wagtail's generic add / change screens: the model permission (the superuser holds them all).
WRITERS = ("secretary", "superuser")
# planning.permissions.can_manage: the agency's ISO secretary.
MANAGERS = ("secretary",)
# can_prepare_review: the secretary, or the chair (the approver), until the minutes are signed.
PREPARERS = ("secretary", "approver")
NOBODY = ()
PREFIX = "admin/planning"


def due(days=30):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def objective_form(o, indicator="Tỷ lệ hồ sơ trả đúng hạn"):
    return {
        "year": 2026,
        "department": o.ccvc.pk,
        "statement": "Giải quyết hồ sơ đúng hạn",
        "indicator": indicator,
        "unit": "%",
        "target": "98",
        "direction": "at_least",
        "frequency": "monthly",
        "data_source": "entered",
        "method": "Đếm hồ sơ trả đúng hạn",
        "owner": o.users["secretary"].pk,
        "documents": [o.document.pk],
        # Only the superuser chooses; the secretary's agency is fixed.
        "agency": o.agency.pk,
    }


def result_form(o, period="2026-02-01", note="Theo sổ theo dõi"):
    return {"objective": o.objective.pk, "period_start": period, "value": "97", "note": note}


def upload_form(o):
    rows = "Mã thủ tục,Tháng,Tiếp nhận,Đúng hạn,Trễ hạn,Đang giải quyết\nQT-01,03/2026,20,19,1,0\n"
    return {"file": SimpleUploadedFile("thang-3.csv", rows.encode(), content_type="text/csv"), "agency": o.agency.pk}


def nonconformity_form(o, description="Hồ sơ thiếu phiếu kiểm soát"):
    return {
        "source": "observation",
        "reported_on": "2026-04-10",
        "department": o.ccvc.pk,
        "document": o.document.pk,
        "description": description,
        "reporter": "",
        "agency": o.agency.pk,
    }


def risk_form(o, description="Thiếu công chức thẩm định hồ sơ"):
    return {
        "kind": "risk",
        "document": o.document.pk,
        "department": o.ccvc.pk,
        "description": description,
        "cause": "Biên chế giảm",
        "consequence": "Hồ sơ trễ hạn",
        "likelihood": "2",
        "impact": "5",
        "owner": o.users["head"].pk,
        "treatment": "Phân công kiêm nhiệm",
        "review_date": "2026-12-31",
        "residual_likelihood": "",
        "residual_impact": "",
        "agency": o.agency.pk,
    }


def satisfaction_form(o, month="2026-02-01", note="Phiếu khảo sát tại bộ phận một cửa"):
    return {
        "document": o.document.pk,
        "month": month,
        "responses": "25",
        "satisfied": "24",
        "note": note,
        "agency": o.agency.pk,
    }


def review_form(o, place="Phòng họp tầng 2"):
    return {
        "held_on": "2026-12-22",
        "place": place,
        "chair": o.users["approver"].pk,
        "participants": "Ban Giám đốc",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "conclusions": "",
        "agency": o.agency.pk,
    }


def viewset(prefix, model, name, *, add_form=None, edit_form=None, edited=None, writers=WRITERS, **screens):
    """A planning viewset: its listing and results for the readers; add, edit, history and usage as
    Wagtail's generic views allow (add: `add`; edit and usage: `change`; history: either). A screen
    whose answer differs is named in `screens` (new, edit, history, usage): the roles it allows."""
    pk = pk_of(name)
    new = screens.get("new", writers)
    edit = screens.get("edit", writers)
    history = screens.get("history", writers)
    usage = screens.get("usage", writers)
    rows = {
        f"{prefix}/": Row(get=admin(*READERS)),
        f"{prefix}/results/": Row(get=admin(*READERS)),
        f"{prefix}/new/": Row(
            get=admin(*new),
            post=Post(admin(*new), add_form, created(every(model))) if add_form else None,
        ),
        f"{prefix}/edit/<int:pk>/": Row(
            get=admin(*edit),
            post=Post(admin(*edit), edit_form, became(the(model, name), *edited)) if edit_form else None,
            params=pk,
        ),
        f"{prefix}/history/<int:pk>/": Row(get=admin(*history), params=pk),
        f"{prefix}/history-results/<int:pk>/": Row(get=admin(*history), params=pk),
        f"{prefix}/usage/<int:pk>/": Row(get=admin(*usage), params=pk),
    }
    if "inspect" in screens:
        rows[f"{prefix}/inspect/<int:pk>/"] = Row(get=admin(*screens["inspect"]), params=pk)
    return rows


OBJECTIVES = viewset(
    f"{PREFIX}/objectives",
    QualityObjective,
    "objective",
    add_form=objective_form,
    edit_form=lambda o: objective_form(o, "Tỷ lệ hồ sơ đúng hạn (sửa)"),
    edited=("indicator", "Tỷ lệ hồ sơ đúng hạn (sửa)"),
)

RESULTS = viewset(
    f"{PREFIX}/results",
    ObjectiveResult,
    "result",
    add_form=result_form,
    edit_form=lambda o: result_form(o, period="2026-01-01", note="Đã đối chiếu sổ"),
    edited=("note", "Đã đối chiếu sổ"),
)

IMPORTS = {
    # An import is made by uploading and never edited; its history needs a right to add (the writers).
    **viewset(
        f"{PREFIX}/one-stop",
        OneStopImport,
        "upload",
        add_form=upload_form,
        edit=NOBODY,
        usage=NOBODY,
    ),
    f"{PREFIX}/one-stop/preview/<int:pk>/": Row(get=admin(*READERS), params=pk_of("upload")),
    f"{PREFIX}/one-stop/confirm/<int:pk>/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(admin(*MANAGERS), no_data, became(the(OneStopImport, "upload"), "status", "imported")),
        params=pk_of("upload"),
    ),
}

# Survey results: entered by the writers (or imported with the one-stop imports), read by the readers.
SATISFACTION = viewset(
    f"{PREFIX}/satisfaction",
    SatisfactionResult,
    "satisfaction",
    add_form=satisfaction_form,
    edit_form=lambda o: satisfaction_form(o, month="2026-01-01", note="Đã đối chiếu phiếu"),
    edited=("note", "Đã đối chiếu phiếu"),
    inspect=READERS,
)

STATISTICS = {
    # Statistics come only from imports: nobody adds, changes or (so) sees their history; readers inspect.
    **viewset(
        f"{PREFIX}/statistics",
        None,
        "statistic",
        new=NOBODY,
        edit=NOBODY,
        history=NOBODY,
        usage=NOBODY,
        inspect=READERS,
    ),
    # The January statistic had late dossiers: the secretary is asked, then opens the nonconformity.
    f"{PREFIX}/statistics/nonconformity/<int:pk>/": Row(
        get=admin(*MANAGERS),
        post=Post(
            admin(*MANAGERS),
            no_data,
            created(lambda o, user: Nonconformity.objects.filter(statistic=o.statistic)),
        ),
        params=pk_of("statistic"),
    ),
}

NONCONFORMITIES = {
    **viewset(
        f"{PREFIX}/nonconformities",
        Nonconformity,
        "nonconformity",
        add_form=nonconformity_form,
        edit_form=lambda o: nonconformity_form(o, "Công dân phản ánh hồ sơ bị trả lại (bổ sung)"),
        edited=("description", "Công dân phản ánh hồ sơ bị trả lại (bổ sung)"),
    ),
    f"{PREFIX}/nonconformities/detail/<int:pk>/": Row(get=admin(*READERS), params=pk_of("nonconformity")),
    f"{PREFIX}/nonconformities/raise-action/<int:pk>/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(
            admin(*MANAGERS),
            lambda o: {"owner": o.users["head"].pk, "due_date": due()},
            filled(the(Nonconformity, "nonconformity"), "corrective_action"),
        ),
        params=pk_of("nonconformity"),
    ),
}

RISKS = {
    **viewset(
        f"{PREFIX}/risks",
        Risk,
        "risk",
        add_form=risk_form,
        edit_form=lambda o: risk_form(o, "Hồ sơ tuyển dụng bị trễ hạn (sửa)"),
        edited=("description", "Hồ sơ tuyển dụng bị trễ hạn (sửa)"),
    ),
    f"{PREFIX}/risks/heat-map/": Row(get=admin(*READERS)),
    # A risk's own page (its owner's reminder opens it): the readers and its owner (the head, who holds no
    # planning role) see it; its owner or the secretary records the residual rating there.
    "xem-xet/rui-ro/<id:pk>/": Row(
        get=portal(*READERS, "head"),
        post=Post(
            admin("secretary", "head"),
            lambda o: {"residual_likelihood": "2", "residual_impact": "2", "residual_note": "Đã bổ sung công chức"},
            became(the(Risk, "risk"), "residual_likelihood", 2),
        ),
        params=pk_of("risk"),
    ),
}

REVIEW = pk_of("management_review")
GATHERED = pk_of("gathered_review")

REVIEWS = {
    # The secretary creates a review, and so may the approver who will chair it (add_managementreview);
    # its edit screen is for those who prepare it (the chair too, who holds change_managementreview);
    # history and usage follow the model permissions.
    **viewset(
        f"{PREFIX}/reviews",
        ManagementReview,
        "management_review",
        add_form=review_form,
        edit_form=lambda o: review_form(o, "Phòng họp số 2"),
        edited=("place", "Phòng họp số 2"),
        new=(*PREPARERS, "superuser"),
        edit=PREPARERS,
        history=(*PREPARERS, "superuser"),
        usage=(*PREPARERS, "superuser"),
    ),
    f"{PREFIX}/reviews/detail/<int:pk>/": Row(get=admin(*READERS), params=REVIEW),
    f"{PREFIX}/reviews/gather/<int:pk>/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(admin(*PREPARERS), no_data, filled(the(ManagementReview, "management_review"), "gathered_at")),
        params=REVIEW,
    ),
    f"{PREFIX}/reviews/decide/<int:pk>/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(
            admin(*PREPARERS),
            lambda o: {"text": "Rà soát quy trình QT-01", "owner": o.users["head"].pk, "due_date": due(60)},
            created(lambda o, user: ReviewDecision.objects.filter(review=o.management_review)),
        ),
        params=REVIEW,
    ),
    # The decision's owner (the auditor), the chair or the secretary closes it.
    f"{PREFIX}/reviews/close/<int:pk>/<int:decision_pk>/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(
            admin("secretary", "approver", "auditor"),
            lambda o: {"outcome": "Đã bổ sung 02 công chức"},
            became(the(ReviewDecision, "decision"), "status", "done"),
        ),
        params=lambda o: {"pk": o.management_review.pk, "decision_pk": o.decision.pk},
    ),
    # The chair alone signs, with the password, minutes whose inputs were gathered.
    f"{PREFIX}/reviews/sign/<int:pk>/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(
            admin("approver"),
            lambda o: {"password": PASSWORD},
            became(the(ManagementReview, "gathered_review"), "status", "signed"),
        ),
        params=GATHERED,
    ),
    f"{PREFIX}/reviews/pdf/<int:pk>/": Row(get=admin(*READERS), params=GATHERED),
    # A decision's own page (the owner's reminder opens it): the readers and its owner see it; its
    # owner (the auditor), the chair or the secretary closes it there.
    "xem-xet/quyet-dinh/<id:pk>/": Row(
        get=portal(*READERS),
        post=Post(
            admin("secretary", "approver", "auditor"),
            lambda o: {"outcome": "Đã bổ sung 02 công chức"},
            became(the(ReviewDecision, "decision"), "status", "done"),
        ),
        params=pk_of("decision"),
    ),
}

DECISIONS = viewset(
    # Decisions are recorded and closed on their review's page: the generic screens only list and inspect.
    f"{PREFIX}/decisions",
    None,
    "decision",
    new=NOBODY,
    edit=NOBODY,
    history=NOBODY,
    usage=NOBODY,
    inspect=READERS,
)

ROWS = {
    f"{PREFIX}/dashboard/": Row(get=admin(*READERS)),
    **OBJECTIVES,
    **RESULTS,
    **IMPORTS,
    **STATISTICS,
    **SATISFACTION,
    **NONCONFORMITIES,
    **RISKS,
    **REVIEWS,
    **DECISIONS,
}
