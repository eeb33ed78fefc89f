from django.urls import path

from audits import portal, runner

app_name = "audits"

urlpatterns = [
    path("", portal.action_list, name="action_list"),
    path("<int:pk>/", portal.action_detail, name="action_detail"),
    path("<int:pk>/ke-hoach/", portal.action_plan, name="action_plan"),
    path("<int:pk>/thuc-hien/", portal.action_implement, name="action_implement"),
    path("<int:pk>/xac-nhan/", portal.action_verify, name="action_verify"),
    path("<int:pk>/dong/", portal.action_close, name="action_close"),
    path("danh-gia/<int:audit_pk>/", runner.checklist, name="checklist"),
    path("danh-gia/<int:audit_pk>/<int:position>/", runner.checklist_item, name="checklist_item"),
    path("bang-chung/<int:pk>/", runner.evidence_file, name="evidence_file"),
]
