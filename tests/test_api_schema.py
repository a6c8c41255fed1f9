"""The OpenAPI schema is valid and free of warnings, and served without a CDN."""

import pytest
from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/enrollments/" in schema and "/api/v1/programs/" in schema


@pytest.mark.django_db
def test_docs_page_uses_local_assets(client):
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page and "cdn.jsdelivr" not in page and "unpkg.com" not in page
