"""The records follow the path: rewritten after each transition's commit, repaired by the job when stale."""

import pytest

from tdu.stats.models import PathRecord
from tests.helpers import act, login
from tests.situations import candidature_at, make_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db):
    return make_cast()


def test_a_transition_over_http_rewrites_the_record_after_commit(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        candidature = candidature_at(cast, "under_review")
    record = PathRecord.objects.get(candidature=candidature)
    assert record.state == "under_review" and record.region_id == "44" and record.rome_code == "H2913"
    login(client, cast.amelie)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, candidature, "withdraw", reason="J'ai trouvé un autre emploi.")
    record.refresh_from_db()
    assert (record.state, record.exit, record.exit_reason) == ("withdrawn", "withdrawn", "job_seeker")
    assert record.version == candidature.version


def test_the_job_repairs_missing_and_stale_records(cast, refreshed):
    candidature = candidature_at(cast, "immersion_done")  # on_commit not run here: no record yet
    assert not PathRecord.objects.filter(candidature=candidature).exists()
    result = refreshed()
    assert result["records_repaired"] == 1
    record = PathRecord.objects.get(candidature=candidature)
    assert record.immersion_done_on is not None and record.committed_on is None
    PathRecord.objects.filter(pk=record.pk).update(version=0, state="sent")
    assert refreshed()["records_repaired"] == 1
    assert PathRecord.objects.get(pk=record.pk).state == "immersion_done"
    assert refreshed()["records_repaired"] == 0


def test_a_follow_up_answer_reaches_the_record(cohort, refreshed):
    from tdu.candidatures.enums import ContractNow, Respondent
    from tests.stats.conftest import answer

    farid = cohort.people["Farid"]
    assert PathRecord.objects.get(candidature=farid).employment_6 == "unknown"
    answer(farid, 6, Respondent.JOB_SEEKER, True, False, ContractNow.CDD_SHORT)
    refreshed()
    assert PathRecord.objects.get(candidature=farid).employment_6 == "short"
