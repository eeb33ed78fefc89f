"""The object-storage settings come from the environment only (qms/settings/base.py): without
QMS_S3_BUCKET files stay on local disk (`make run`); with it, a private bucket whose URLs are presigned."""

import json
import os
import subprocess
import sys

from django.conf import settings

SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'storage': s.STORAGES['default'], 'docs': s.WAGTAILDOCS_SERVE_METHOD, "
    "'delivery': s.QMS_MEDIA_DELIVERY}, default=str))"
)


def configured(module, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("QMS_S3", "AWS_", "QMS_MEDIA"))}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHOW],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done


def test_without_a_bucket_files_stay_on_local_disk():
    shown, _done = configured("qms.settings.dev")
    assert shown["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert (shown["docs"], shown["delivery"]) == ("serve_view", "stream")


def test_a_bucket_from_the_environment_is_private_and_its_urls_presigned():
    shown, _done = configured(
        "qms.settings.dev",
        QMS_S3_BUCKET="qms-sonoivu",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9321",
        AWS_S3_REGION_NAME="ap-southeast-1",
        QMS_MEDIA_DELIVERY="redirect",
        QMS_S3_URL_EXPIRE="30",
    )
    options = shown["storage"]["OPTIONS"]
    assert shown["storage"]["BACKEND"] == "qms.bucket.BucketStorage"
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "qms-sonoivu",
        "http://127.0.0.1:9321",
        "ap-southeast-1",
    )
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 30
    assert options["file_overwrite"] is False
    assert "access_key" not in options and "secret_key" not in options  # boto3's own chain reads them
    assert shown["docs"] == "redirect"


def test_an_unknown_delivery_is_refused():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("QMS_S3", "AWS_", "QMS_MEDIA"))}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHOW],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "qms.settings.dev", "QMS_MEDIA_DELIVERY": "public"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert 'QMS_MEDIA_DELIVERY is "stream" or "redirect"' in done.stderr
