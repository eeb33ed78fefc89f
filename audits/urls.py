from django.urls import path

from audits import portal, runner

app_name = "audits"

urlpatterns = [
    path("", portal.action_list, name="action_list"),
    path("<id:pk>/", portal.action_detail, name="action_detail"),
    path("<id:pk>/ke-hoach/", portal.action_plan, name="action_plan"),
    path("<id:pk>/thuc-hien/", portal.action_implement, name="action_implement"),
    path("<id:pk>/xac-nhan/", portal.action_verify, name="action_verify"),
    path("<id:pk>/dong/", portal.action_close, name="action_close"),
    path("danh-gia/<id:audit_pk>/", runner.checklist, name="checklist"),
    path("danh-gia/<id:audit_pk>/<id:position>/", runner.checklist_item, name="checklist_item"),
    path("bang-chung/<id:pk>/", runner.evidence_file, name="evidence_file"),
    path("tep-minh-chung/<id:pk>/", portal.action_evidence_file, name="action_evidence_file"),
]
