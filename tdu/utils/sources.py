"""Open what an import reads — a file path, `-` (standard input) or an http(s)/file URL — as a local file.

Everything is copied to a temporary file in chunks first: a feed is read twice (validation, then import) and
never held in memory.
"""

import contextlib
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import requests

from tdu.utils.errors import DomainError

CHUNK = 1 << 20
TIMEOUT_SECONDS = 60


class SourceError(DomainError):
    pass


@contextlib.contextmanager
def local_copy(source: str, *, suffix=""):
    """Yield a Path to read; a URL or stdin is downloaded to a temporary file, removed afterwards."""
    source = str(source)
    parsed = urlparse(source)
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path))
        if not path.exists():
            raise SourceError(f"Fichier introuvable : {path}")
        yield path
        return
    if parsed.scheme not in {"http", "https"} and source != "-":
        path = Path(source)
        if not path.exists():
            raise SourceError(f"Fichier introuvable : {path}")
        if not path.is_file():
            raise SourceError(f"{path} n'est pas un fichier.")
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=suffix, prefix="tdu-import-") as copy:
        if source == "-":
            shutil.copyfileobj(sys.stdin.buffer, copy, CHUNK)
        else:
            try:
                with requests.get(source, stream=True, timeout=TIMEOUT_SECONDS) as response:
                    if response.status_code != 200:
                        raise SourceError(
                            f"{source} a répondu {response.status_code} : rien n'a été importé."
                        )
                    for chunk in response.iter_content(CHUNK):
                        copy.write(chunk)
            except requests.RequestException as error:
                raise SourceError(f"{source} est injoignable ({error.__class__.__name__}).") from None
        copy.flush()
        yield Path(copy.name)
