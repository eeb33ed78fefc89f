"""Signing with a signing password (qms/signing_password.py): an account of the province's single
sign-on has no password of this site and signs only with the signing password it set."""

from procedures.models import ControlledDocumentPage, Signature
from qms.models import SigningPassword
from tests.procedures.test_integrity import problems, run_sql
from tests.procedures.workflow import sign, submit
from tests.qms.factories import PASSWORD

SIGNING = "Ky-Ten-Cho-Chac-2026"


def province_account(user):
    """The secretary as a province account: no usable password of this site."""
    user.set_unusable_password()
    user.save()
    return user


def set_signing_password(user, raw=SIGNING):
    stored = SigningPassword(user=user)
    stored.set_password(raw)
    stored.save()


def test_a_province_account_without_a_signing_password_is_told_to_set_one(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    secretary = province_account(org["secretary"])
    response = sign(client, secretary, document, password="anything")
    assert response.status_code == 200
    page = response.content.decode()
    assert "chưa có mật khẩu để ký: hãy đặt mật khẩu ký trước (/mat-khau-ky/)" in page
    assert not Signature.objects.exists()


def test_a_province_account_signs_with_its_signing_password_only(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    secretary = province_account(org["secretary"])
    set_signing_password(secretary)
    wrong = sign(client, secretary, document, password="Sai-Mat-Khau-1")
    assert wrong.status_code == 200
    assert "Sai mật khẩu: chưa có gì được ký." in wrong.content.decode()
    assert "Mật khẩu ký của bạn" in wrong.content.decode()
    assert not Signature.objects.exists()
    assert sign(client, secretary, document, password=SIGNING).status_code == 302
    signature = Signature.objects.get(meaning="reviewed")
    assert signature.signer == secretary and signature.password_confirmed
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    assert document.current_workflow_task.name != "Xem xét"


def test_a_local_account_signs_with_its_password_until_it_sets_a_signing_password(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    secretary = org["secretary"]
    set_signing_password(secretary)
    # From now on the sign-in password no longer signs.
    assert sign(client, secretary, document, password=PASSWORD).status_code == 200
    assert not Signature.objects.exists()
    assert sign(client, secretary, document, password=SIGNING).status_code == 302
    assert Signature.objects.filter(meaning="reviewed", signer=secretary).exists()


def test_a_signing_password_replaced_in_sql_is_named(org):
    """Someone with the database who writes his own hash for a signer is caught by verify_integrity."""
    approver = org["approver"]
    set_signing_password(approver)
    stored = SigningPassword.objects.get(user=approver)
    run_sql("UPDATE qms_signingpassword SET password = %s WHERE id = %s", ["md5$salt$0123456789abcdef", stored.pk])
    assert f"qms.SigningPassword #{stored.pk}: the record was changed outside the application (field password)" in (
        problems()
    )
