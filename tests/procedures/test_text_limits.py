"""Free text typed by people is capped (qms.text_limits): a 5 MB reason is
refused with a translated message and nothing is stored; every editable text
field of the product's models and forms carries a limit."""

import pytest
from django import forms
from django.apps import apps
from django.db import models

from procedures.models import ChangeRequest
from qms.text_limits import LONG_TEXT
from tests.procedures.control_helpers import issue_now, page_text

FIVE_MB = "Lý do " * (5 * 1024 * 1024 // 8)


def test_a_5_mb_change_request_reason_is_refused_and_nothing_stored(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    client.force_login(org["staff"])
    response = client.post(
        f"/kiem-soat/tai-lieu/{document.pk}/de-nghi-sua-doi/", {"reason": FIVE_MB, "proposed_change": "Sửa bước B2"}
    )
    assert response.status_code == 200
    assert f"tối đa {LONG_TEXT} kí tự" in page_text(response)
    assert not ChangeRequest.objects.exists()


def test_a_reason_at_the_limit_is_accepted(client, org, make_document, django_capture_on_commit_callbacks):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    client.force_login(org["staff"])
    response = client.post(
        f"/kiem-soat/tai-lieu/{document.pk}/de-nghi-sua-doi/", {"reason": "x" * LONG_TEXT, "proposed_change": "Sửa"}
    )
    assert response.status_code == 302
    assert len(ChangeRequest.objects.get().reason) == LONG_TEXT


# Text the product writes itself, never typed into a form.
SYSTEM_TEXT = {
    "procedures.Issue.body_html",
    "procedures.CopyExport.error",
    "procedures.SearchEntry.title",
    "procedures.SearchEntry.forms",
    "procedures.SearchEntry.body",
    "procedures.SearchEntry.text",
    "audits.ReminderSent.actions",
}


def project_text_fields():
    for app in ("qms", "procedures", "audits"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                # Fields of the project's own (Wagtail's Page fields are Wagtail's).
                if isinstance(field, models.TextField) and field.editable and field.model._meta.app_label == app:
                    name = f"{app}.{model.__name__}.{field.name}"
                    if name not in SYSTEM_TEXT:
                        yield name, field


def test_every_text_field_typed_by_people_has_a_length_limit():
    fields = dict(project_text_fields())
    assert "procedures.ChangeRequest.reason" in fields and "audits.CorrectiveAction.root_cause" in fields
    assert {name for name, field in fields.items() if not field.max_length} == set()


def project_plain_forms():
    from audits import forms as audit_forms
    from procedures.lifecycle import signing
    from procedures.portal import forms as control_forms

    for module in (audit_forms, control_forms, signing):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.Form) and value.__module__ == module.__name__:
                yield value


@pytest.mark.parametrize("form_class", list(project_plain_forms()), ids=lambda form: form.__name__)
def test_every_free_text_form_field_has_a_length_limit(form_class):
    unlimited = [
        name
        for name, field in form_class.base_fields.items()
        if type(field) is forms.CharField and not field.max_length and not isinstance(field.widget, forms.PasswordInput)
    ]
    assert unlimited == []
