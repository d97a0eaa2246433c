"""The whole OpenAPI document, property-based (schemathesis): generated requests to every operation, against a
live server, with a token of each kind of organisation or none — 0 responses 5xx, every response as documented.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tdu.partners import tokens
from tdu.partners.scopes import BY_KIND, Kind
from tdu.www.api.views import api
from tests.partners.conftest import admin_cast, organisation_of
from tests.situations import candidature_at

CASES_AT_LEAST = 500
# Every check but one: a request valid for the document may still be refused for its meaning (an unknown commune,
# an offer of 3 months): a 400 with its French message is the right answer there.
NOT_CHECKED = [positive_data_acceptance]
EXAMPLES_PER_OPERATION = 40


@pytest.fixture
def keys(transactional_db):
    cast = admin_cast()
    candidature_at(cast, "enrolment_requested")  # something to read, act on and follow for each kind
    keys = [None]
    for kind in Kind:
        person, organisation = organisation_of(cast, kind)
        keys.append(tokens.create_token(kind, organisation, person, name="fuzz", scopes=BY_KIND[kind])[1])
    return keys


def test_generated_requests_never_fail_and_always_match_the_document(live_server, keys):
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    seen = {"cases": 0, "statuses": {}}
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            key = keys[seen["cases"] % len(keys)]  # every kind of token and none, in turn
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            response = case.call_and_validate(
                base_url=live_server.url, headers=headers, excluded_checks=NOT_CHECKED
            )
            seen["cases"] += 1
            seen["statuses"][response.status_code] = seen["statuses"].get(response.status_code, 0) + 1

        run()
    print(f"\nschemathesis : {seen['cases']} requêtes générées, statuts {sorted(seen['statuses'].items())}")
    assert seen["cases"] >= CASES_AT_LEAST
    assert not any(status >= 500 for status in seen["statuses"])
    assert any(200 <= status < 300 for status in seen["statuses"])  # not only refusals
