"""Property-based fuzz of the whole OpenAPI document with schemathesis, on the real L05 graph.

Every operation gets generated requests, valid and invalid by the schema; no response may be
a 5xx, invalid requests must be refused (4xx), and every response must match what the
document declares for its status: status code, media type (application/problem+json for
errors), headers and schema. Writes are fuzzed too, with the token, on a private copy of the
graph.

One check is left out: "schema-valid data must be accepted". A request can be valid by the
schema and still unanswerable — a query with no meaning ("x"), a node label that does not
exist, a file named "file" with no suffix — and the API says so with a declared 4xx problem.

The schema is loaded when the module is imported (schemathesis parametrizes at collection),
so the app is built here rather than in a fixture.
"""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from test_api_common import TOKEN, l05_store, scratch_dir

from api.app import create_app

APP = create_app(store=l05_store(scratch_dir()), token=TOKEN)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms(case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=[positive_data_acceptance])
