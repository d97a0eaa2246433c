"""The bench server's settings: the project's own, plus one trivial view (bench.urls) for the framework's ceiling."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
