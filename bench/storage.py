"""A cached PDF downloaded from object storage vs from local disk, in the same run.

One issue of a 20-page procedure is rendered once; its stored copy is then
downloaded through ``<document>/pdf/`` (the Django test client: routing,
permission checks, reading the stored file, checking its SHA-256, streaming)
with the default storage on local disk (FileSystemStorage), then with the
same file in a bucket of a real S3-compatible server on this machine (moto in
server mode, its own process; django-storages' S3 backend as configured by
QMS_S3_BUCKET). Ratio: median bucket download / median disk download.
Target: at most 1.5.
"""

import socket
import statistics
import subprocess
import sys
import time

DOWNLOADS = 40
STEPS_FOR_20_PAGES = 225
ACCESS_KEY = "bench-access"
SECRET_KEY = "bench-secret"  # noqa: S105 - the local moto server accepts any key

# Needs bench/setup_db.py's temporary database (see bench/__main__.py).
USES_SHARED_SETUP = True


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_s3_server():
    import requests

    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"{endpoint}/moto-api/", timeout=2)
            return process, endpoint
        except requests.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the moto S3 server did not start") from None
            time.sleep(0.1)


def bucket_storage(endpoint, bucket):
    """The same options as qms/settings/base.py builds from QMS_S3_BUCKET."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": "us-east-1",
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


def timed_downloads(client, url, sha256):
    import hashlib

    timings = []
    for _ in range(DOWNLOADS + 1):
        start = time.perf_counter()
        response = client.get(url)
        data = b"".join(response.streaming_content)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200 and hashlib.sha256(data).hexdigest() == sha256
    return timings[1:], len(data)  # the first one warms up (connections, clients)


def run():
    import boto3
    from django.conf import settings
    from django.core.files.storage import default_storage
    from django.test import Client
    from django.test.utils import override_settings

    from bench.documents import current_document, organisation
    from procedures.copies import printing
    from procedures.models import CopyKind

    people, department, section = organisation()
    issue = current_document(
        people, department, section, "Quy trình tiếp nhận và giải quyết hồ sơ", STEPS_FOR_20_PAGES, signed=True
    )
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    client = Client()
    client.force_login(people["nhanvien"])
    url = issue.document.url + "pdf/"
    local, size = timed_downloads(client, url, copy.sha256)
    with default_storage.open(copy.file.name, "rb") as handle:
        data = handle.read()

    process, endpoint = start_s3_server()
    try:
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )
        s3.create_bucket(Bucket="qms-bench")
        s3.put_object(Bucket="qms-bench", Key=copy.file.name, Body=data)
        with override_settings(STORAGES={**settings.STORAGES, "default": bucket_storage(endpoint, "qms-bench")}):
            assert default_storage.exists(copy.file.name)
            bucket, _size = timed_downloads(client, url, copy.sha256)
    finally:
        process.terminate()
        process.wait(10)

    local_median, bucket_median = statistics.median(local), statistics.median(bucket)
    ratio = bucket_median / local_median
    ok = ratio <= 1.5
    return [
        f"cached PDF of a 20-page procedure: {size // 1024} KiB, {DOWNLOADS} downloads each through {url}",
        f"from local disk (median): {local_median * 1000:.1f} ms",
        f"from object storage, moto S3 server on this machine (median): {bucket_median * 1000:.1f} ms",
        f"ratio object storage / local disk: {ratio:.2f} (target <= 1.5)",
        "result: " + ("OK" if ok else "TARGET MISSED"),
    ], ok
