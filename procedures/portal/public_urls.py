"""The public pages, under /cong-khai/ (included from qms/urls.py); open without signing in (qms.middleware)."""

from django.urls import path

from procedures.portal import public

app_name = "public"

urlpatterns = [
    path("", public.index, name="index"),
    path("ngon-ngu/<str:language>/", public.choose_language, name="language"),
    path("tai-lieu/<id:document_id>/", public.document, name="document"),
    path("tai-lieu/<id:document_id>/pdf/", public.document_pdf, name="document_pdf"),
    path("tai-lieu/<id:document_id>/bieu-mau/<id:file_id>/", public.document_form, name="document_form"),
]
