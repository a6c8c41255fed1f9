"""A real S3 API for the storage tests: moto's server (the `moto[server]` test extra), started by the
tests themselves on a free port, so `make test` needs nothing running. Web and worker processes the
tests start reach it over HTTP like any S3-compatible server (MinIO in docker-compose.yml)."""

import logging
import uuid

REGION = "us-east-1"
ACCESS_KEY = "portal-test"
SECRET_KEY = "portal-test-secret"


class S3Server:
    def __init__(self):
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"

    def stop(self):
        self._server.stop()

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def new_bucket(self) -> "Bucket":
        name = f"portal-test-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return Bucket(self, name)


class Bucket:
    """One test's bucket: the environment that points a process's storage at it, and what it holds."""

    def __init__(self, server: S3Server, name: str):
        self.server, self.name = server, name

    @property
    def env(self) -> dict[str, str]:
        """What a web or worker process needs in its environment (as production sets it)."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.name,
            "AWS_S3_ENDPOINT_URL": self.server.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def storages_setting(self, current: dict) -> dict:
        """settings.STORAGES with the default storage in this bucket, as config/settings makes it."""
        return current | {
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": self.name,
                    "endpoint_url": self.server.endpoint,
                    "region_name": REGION,
                    "access_key": ACCESS_KEY,
                    "secret_key": SECRET_KEY,
                    "addressing_style": "path",
                    "default_acl": None,
                    "querystring_auth": True,
                    "querystring_expire": 60,
                    "file_overwrite": False,
                    "max_memory_size": 8 * 2**20,
                },
            }
        }

    def keys(self) -> list[str]:
        listing = self.server.client().list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read()

    def grants(self, key: str) -> list[dict]:
        return self.server.client().get_object_acl(Bucket=self.name, Key=key)["Grants"]
