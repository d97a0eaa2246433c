"""Where the project and the shared third-party samples live (tests read the latter when present)."""

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
README = PROJECT / "README.md"
# ../shared/data beside the project: real third-party files, never copied into it (see its README).
SHARED_DATA = PROJECT.parent / "shared" / "data"
