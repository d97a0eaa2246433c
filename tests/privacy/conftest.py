"""The known cohort of tests/stats (paths that began 700 days ago) serves the retention and closure tests."""

from tests.stats.conftest import cohort  # noqa: F401
