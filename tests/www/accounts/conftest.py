import pytest


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """client.post, then what the view left for after the commit (emails), as in production."""

    def _post(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return _post
