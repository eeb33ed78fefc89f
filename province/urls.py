"""The overseer's pages, under /tinh/."""

from django.urls import path

from province import views
from province.yearly import views as yearly

app_name = "province"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("co-quan/<id:pk>/", views.agency_detail, name="agency"),
    path("cong-bo/<id:pk>/thong-bao/", views.notice_file, name="notice_file"),
    path("bao-cao/", yearly.report_list, name="report_list"),
    path("bao-cao/tao/", yearly.generate_for_year, name="report_generate_for_year"),
    path("bao-cao/<int:year>/", yearly.year_overview, name="year_overview"),
    path("bao-cao/<int:year>/tong-hop.xlsx", yearly.year_summary_xlsx, name="year_summary_xlsx"),
    path("bao-cao/co-quan/<id:agency_id>/<int:year>/", yearly.report_detail, name="report_detail"),
    path("bao-cao/co-quan/<id:agency_id>/<int:year>/tao/", yearly.generate, name="report_generate"),
    path("bao-cao/co-quan/<id:agency_id>/<int:year>/noi-dung/", yearly.save_texts, name="report_texts"),
    path("bao-cao/co-quan/<id:agency_id>/<int:year>/ky/", yearly.sign, name="report_sign"),
    path("bao-cao/co-quan/<id:agency_id>/<int:year>/bao-cao.pdf", yearly.download_pdf, name="report_pdf"),
    path("bao-cao/co-quan/<id:agency_id>/<int:year>/bao-cao.docx", yearly.download_docx, name="report_docx"),
]
