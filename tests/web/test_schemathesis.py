"""Property-based tests of the API against its own OpenAPI description (schemathesis), in local mode and in
team mode with an API token: no 5xx, and every response (errors included) has a documented status, content
type and schema. Valid and invalid inputs are generated for every operation; few examples per operation and
derandomized Hypothesis keep it fast and repeatable.

Each mode is one test that walks every operation (schemathesis' lazy pytest fixtures do not run on this
pytest). POST .../uploads is left out: a generated upload would start a background ingest; test_api.py
and test_hardening.py cover it.
"""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.model
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SETTINGS = settings(max_examples=10, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def conforms(app, headers: dict[str, str] | None = None, investigation: str | None = None) -> int:
    """Run every operation of the app's own schema; returns how many were run, fails with every problem found."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    problems, ran = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() == "POST" and operation.path.endswith("/uploads"):
            continue
        fixed = {"investigation": investigation} if investigation and "{investigation}" in operation.path else None
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)

            @SETTINGS
            @given(case=strategy)
            def check(case):
                case.call_and_validate(checks=CHECKS, headers=dict(headers or {}))

            try:
                check()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, operation.label  # nothing to make invalid: no parameters
            except Exception as exc:  # keep going: report every operation that fails, not only the first
                problems.append(f"{operation.label} ({mode.value}): {str(exc)[:1500]}")
        ran += 1
    assert not problems, "\n\n".join(problems)
    return ran


def test_local_api_keeps_to_its_description(stored_corpus, tmp_path):
    from threadline.web import create_app

    db = tmp_path / "st.db"
    shutil.copy(stored_corpus, db)
    assert conforms(create_app(str(db))) >= 18


def test_team_api_keeps_to_its_description(corpus_team):
    token = corpus_team.tokens["owner-n"]  # every permission, protected persons redacted
    assert conforms(corpus_team.app, {"Authorization": f"Bearer {token}"}, "alpha") >= 24
