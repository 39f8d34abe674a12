"""Schemathesis drives every operation of the OpenAPI schema against a real server, signed in as admin."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from test_web_support import PASSWORD, seed_demo, serving

from aigak.store.engine import Store
from aigak.web.server import BackgroundServer

pytest_plugins = ["test_web_support"]

MAX_EXAMPLES = 20


@pytest.fixture
def api_server(web_store: Store) -> Iterator[BackgroundServer]:
    seed_demo(web_store)
    with serving(web_store) as server:
        yield server


@pytest.fixture
def signed_in(api_server: BackgroundServer) -> Iterator[requests.Session]:
    """A session signed in as admin, sending its CSRF token on every call (every operation is reachable)."""
    with requests.Session() as session:
        token = session.get(f"{api_server.url}/api/session").json()["csrf_token"]
        response = session.post(f"{api_server.url}/api/login", json={"username": "admin", "password": PASSWORD},
                                headers={"X-CSRF-Token": token})
        assert response.status_code == 200, response.text
        session.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield session


# Signing out would end the session the other operations run in; login has its own tests.
EXCLUDED = {"/api/logout", "/api/login"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_api_conforms_to_its_schema_without_server_errors(api_server: BackgroundServer,
                                                          signed_in: requests.Session) -> None:
    # schemathesis' own pytest loader does not run under pytest 9 (it sets Function._nodeid), so each
    # operation's strategy is driven with Hypothesis directly, as schemathesis documents for custom runners.
    api = schemathesis.openapi.from_url(f"{api_server.url}/openapi.json")
    failures: list[str] = []
    operations = [r.ok() for r in api.get_all_operations()]
    assert len(operations) >= 20
    ran = 0
    calls: list[int] = []
    for operation in operations:
        if operation.path in EXCLUDED:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                      derandomize=True, database=None, phases=[Phase.explicit, Phase.generate])
            @given(case=operation.as_strategy(generation_mode=mode))
            def drive(case: Any) -> None:
                response = case.call_and_validate(base_url=api_server.url, session=signed_in, checks=CHECKS)
                calls.append(response.status_code)

            try:
                drive()
                ran += 1
            except Unsatisfiable:
                continue  # nothing invalid can be written for this operation (no parameters, no body)
            except Exception as exc:  # noqa: BLE001  (collect every operation's failure, report them together)
                failures.append(f"{mode} {operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
    assert ran >= len(operations) - len(EXCLUDED)
    assert len(calls) > ran * 5, "each operation was called with many generated cases"
    statuses = set(calls)
    assert {200, 404, 422} <= statuses and not [s for s in statuses if s >= 500]


def test_schema_documents_every_api_endpoint_and_its_error_shape(api_server: BackgroundServer) -> None:
    spec = requests.get(f"{api_server.url}/openapi.json", timeout=30).json()
    assert all(p.startswith("/api/") for p in spec["paths"]), "pages stay out of the API schema"
    error = spec["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"ok", "error", "status"}
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            assert op.get("summary") and op.get("description"), f"{method.upper()} {path} needs a docstring"
            assert "422" in op["responses"], f"{method.upper()} {path}"
    assert set(spec["components"]["securitySchemes"]) == {"session", "csrf"}
