"""A real S3-compatible server for the tests: moto in server mode, in its own
process on a free port (the ``s3_server`` fixture of tests/conftest.py).

``bucket_storage`` gives the STORAGES entry of the project's S3 backend on a
bucket of that server (the same options as qms/settings/base.py builds from
QMS_S3_BUCKET); ``env`` the environment a server process needs to use it.
"""

import socket
import subprocess
import sys
import time
import uuid

import boto3
import requests

ACCESS_KEY = "qms-test-access"
SECRET_KEY = "qms-test-secret"  # noqa: S105 - moto accepts any key
REGION = "us-east-1"
START_TIMEOUT = 60


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class S3Server:
    def __init__(self, workdir):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(workdir / "moto.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"moto server exited: {(workdir / 'moto.log').read_text()[-2000:]}")
            try:
                requests.get(f"{self.endpoint}/moto-api/", timeout=2)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise AssertionError("moto server did not answer") from None
                time.sleep(0.1)

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def new_bucket(self, prefix="qms-test"):
        name = f"{prefix}-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def bucket_storage(self, bucket):
        return {
            "BACKEND": "qms.bucket.BucketStorage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": self.endpoint,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "signature_version": "s3v4",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 60,
                "file_overwrite": False,
            },
        }

    def env(self, bucket):
        """What a server process (qms/settings/base.py) reads to keep its files in ``bucket``."""
        return {
            "QMS_S3_BUCKET": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()
