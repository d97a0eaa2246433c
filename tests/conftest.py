import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin@example.org", "motdepasse-solide")
    client.force_login(user)
    return client


@pytest.fixture
def references(db):
    """The shipped reference data (34 920 communes, ROME, NAF), loaded once per database.

    Loaded rows are committed outside the test transaction only on first use; transactional tests flush
    them, so the check runs every time.
    """
    from django.core.management import call_command

    from tdu.references.models import Commune

    if Commune.objects.count() < 34920:
        call_command("loadreferences", "--no-progress", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_in_process_caches():
    """The commune grid and ROME parents are cached per process; every test starts from its own database."""
    from tdu.matching import answers, communes, romes, search

    for module in (answers, communes, romes, search):
        module.clear_cache()
    yield
    for module in (answers, communes, romes, search):
        module.clear_cache()
