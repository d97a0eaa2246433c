"""One test file per transition of the workflow table (test_it_<transition>.py), with the same cast."""

import pytest

from tests.situations import make_cast


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.fixture
def emails(django_capture_on_commit_callbacks, mailoutbox):
    """Run the action's after-commit side effects (its notifications) and return what was sent.

    Usage: `with emails as sent: act(...)`, then read `sent` (the outbox, emptied at the start).
    """

    class Capture:
        def __enter__(self):
            mailoutbox.clear()
            self.capture = django_capture_on_commit_callbacks(execute=True)
            self.capture.__enter__()
            return mailoutbox

        def __exit__(self, *exc):
            return self.capture.__exit__(*exc)

    return Capture()
