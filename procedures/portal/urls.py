"""Document control in the portal, under /kiem-soat/ (included from qms/urls.py)."""

from django.urls import path

from procedures.portal import acknowledgements as reading_views
from procedures.portal import adoptions as adoption_views
from procedures.portal import change_requests as change_request_views
from procedures.portal import registers as control_register_views
from procedures.portal import reviews as review_views

app_name = "control"

urlpatterns = [
    path("yeu-cau-sua-doi/", change_request_views.change_request_list, name="change_requests"),
    path("yeu-cau-sua-doi/<id:pk>/", change_request_views.change_request_detail, name="change_request"),
    path("yeu-cau-sua-doi/<id:pk>/quyet-dinh/", change_request_views.decide_change_request, name="decide"),
    path("yeu-cau-sua-doi/<id:pk>/dua-vao-du-thao/", change_request_views.take_into_draft, name="take_into_draft"),
    path("yeu-cau-sua-doi/<id:pk>/tep/", change_request_views.change_request_attachment, name="attachment"),
    path("tai-lieu/<id:document_id>/de-nghi-sua-doi/", change_request_views.raise_change_request, name="raise"),
    path(
        "tai-lieu/<id:document_id>/yeu-cau-sua-doi/",
        change_request_views.document_change_requests,
        name="document_change_requests",
    ),
    path("tai-lieu/<id:document_id>/", control_register_views.document_control, name="document"),
    path("tai-lieu/<id:document_id>/ap-dung/", adoption_views.adopt, name="adopt"),
    path("ap-dung/<id:pk>/ket-thuc/", adoption_views.end_adoption, name="end_adoption"),
    path("tai-lieu/<id:document_id>/phan-phoi/", control_register_views.save_distribution, name="distribution"),
    path("tai-lieu/<id:document_id>/can-cu/", control_register_views.add_citation, name="add_citation"),
    path(
        "tai-lieu/<id:document_id>/can-cu/<id:pk>/xoa/",
        control_register_views.remove_citation,
        name="remove_citation",
    ),
    path("tai-lieu/<id:document_id>/xem-xet/", review_views.review_document, name="review"),
    path("tai-lieu/<id:document_id>/nguoi-doc/", reading_views.issue_readers, name="readers"),
    path("xem-xet-dinh-ky/", review_views.review_due_list, name="review_due"),
    path("tai-lieu-can-doc/", reading_views.my_reading_list, name="reading_list"),
    path("tai-lieu-can-doc/<id:pk>/xac-nhan/", reading_views.confirm_reading, name="confirm_reading"),
    path("doc-hieu/", reading_views.completion, name="reading_completion"),
    path("tai-lieu-ben-ngoai/", control_register_views.external_documents, name="external_documents"),
    path("tai-lieu-ben-ngoai/<id:pk>/", control_register_views.external_document_detail, name="external_document"),
    path("tai-lieu-ben-ngoai/<id:pk>/tep/", control_register_views.external_document_file, name="external_file"),
    path("danh-muc-ho-so/", control_register_views.records_list, name="records"),
]
