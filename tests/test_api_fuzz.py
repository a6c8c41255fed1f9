"""docs/reliability.md §26: schemathesis over the OpenAPI schema, as a distributor (token) and as a partner
(session cookie): no 5xx, responses conform to the schema, authentication is never ignored.
(schemathesis' own pytest plugin does not load under pytest 9, so the operations are walked here.)"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from conftest import THOROUGH, make_user

# derandomize: the same cases on every run, so CI never finds (or misses) a failure by luck.
# 12 cases per operation in CI, 4 in the quick local loop.
FUZZ = settings(
    max_examples=12 if THOROUGH else 4,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,
)


@pytest.fixture
def api(brochure, partner_a, client):
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    from distributors.services import token_create
    from portal.models import Distributor

    distributor = Distributor.objects.create(code="fuzz", name="Fuzz distributor")
    _token, key = token_create(user=make_user("fuzz@distributor.example", distributor=distributor), name="fuzz")
    client.force_login(make_user("fuzz@partner.example", partner=partner_a))
    # As Django's test client does: requests inside a test must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {
        "schema": schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application()),
        "distributor": {"Authorization": f"Token {key}"},
        "partner": {"Cookie": f"sessionid={client.cookies['sessionid'].value}"},
    }
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()


def fuzz(operation, *, headers, excluded):
    @FUZZ
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call_and_validate(headers=headers, excluded_checks=excluded)
        assert response.status_code < 500

    return run


@pytest.mark.parametrize("caller", ["distributor", "partner"])
def test_every_operation_answers_within_its_schema(api, caller):
    checked = set()
    for operation in operations(api["schema"]):
        if operation.method.upper() != "GET" and caller == "partner":
            continue  # unsafe methods from a session need a CSRF token; the distributor covers POSTs

        # A schema-valid upload is still refused unless it is a real report file: that 400 is right.
        excluded = [positive_data_acceptance] if operation.path == "/api/v1/reports/" else []

        fuzz(operation, headers=api[caller], excluded=excluded)()
        checked.add((operation.method.upper(), operation.path))
    everything = {(op.method.upper(), op.path) for op in operations(api["schema"]) if op.path.startswith("/api/v1/")}
    reads = {(method, path) for method, path in everything if method == "GET"}
    assert checked >= (everything if caller == "distributor" else reads)


def test_no_operation_answers_without_credentials(api):
    for operation in operations(api["schema"]):
        if not operation.path.startswith("/api/v1/"):
            continue

        @FUZZ
        @given(case=operation.as_strategy())
        def run(case):
            assert case.call().status_code in (401, 403, 404, 405), (case.method, case.path)

        run()
