"""Every action of the page, posted by every person of the path at a step where it does not apply, with a form
that is empty or absurd: a 403 (not her action) or a 409 (not now) — never a 500, never a change. Found by
testing: `confirm_entry` and `confirm_hiring` read the enrolment before checking the state."""

import pytest

from tdu.candidatures import workflow
from tdu.candidatures.models import Candidature
from tdu.www.path.actions import ACTIONS
from tests.helpers import login
from tests.situations import candidature_at, make_cast

pytestmark = pytest.mark.django_db
ABSURD = {
    "entered_on": "1900-01-01",
    "completed_on": "2999-12-31",
    "start_date": "pas une date",
    "weekly_hours": "1e9",
    "gross_monthly_salary": "99999999999999",
    "reason": "x" * 5000,
    "signatory": "quelqu'un",
}


@pytest.mark.parametrize("step", ["under_review", "commitment_signed"])
def test_an_action_out_of_turn_is_refused_as_such(client, step):
    cast = make_cast()
    candidature = candidature_at(cast, step)
    for person in (cast.amelie, cast.bruno, cast.chloe, cast.david, cast.elise):
        login(client, person)
        for name in sorted(ACTIONS):
            if step in workflow.BY_NAME[name].sources:
                continue
            for data in ({}, ABSURD):
                response = client.post(f"/candidatures/{candidature.pk}/actions/{name}/", data)
                assert response.status_code in {403, 404, 409}, (person.email, name, response.status_code)
    assert Candidature.objects.get(pk=candidature.pk).state == step
