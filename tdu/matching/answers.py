"""Ready answers of the public search API (searches, suggestions), remembered per process until anything they
depend on moves.

An answer depends on the search parameters, the day (expiry dates, entry deadlines) and the versions of
search.State (session links, offers and company names, ROME codes and job titles, communes: their names are in
the answer), each moved in the transaction of every change: a remembered answer is exactly the one the search would compute again. The key also serves as the
HTTP ETag, so that a client asking again with If-None-Match gets a 304 without a body.
"""

import hashlib

from tdu.matching.search import SearchParams, State
from tdu.utils.lru import BytesLRU

# Bytes held by one worker process (an answer weighs 2 to 30 kB): bounded in bytes, least recently used out.
ANSWERS_BYTES = 16 * 1024 * 1024
remembered = BytesLRU(ANSWERS_BYTES)


def key_for(params: SearchParams, state: State) -> str:
    codes = ",".join(sorted(params.rome_codes)) if params.rome_codes is not None else "*"
    parts = (
        state.links,
        state.offers,
        state.romes,
        state.communes,
        params.today.isoformat(),
        params.home.id,
        params.radius_km,
        params.training_radius,
        codes,
        params.contract or "",
        "" if params.level is None else params.level,
        params.sort,
        params.page,
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def suggestion_key(kind: str, text: str, state: State) -> str:
    """Suggestions depend on the text typed and on the reference tables only: communes, or ROME codes and job
    titles."""
    version = state.communes if kind == "communes" else state.romes
    return hashlib.blake2b(repr((kind, version, text)).encode(), digest_size=16).hexdigest()


def clear_cache():
    remembered.clear()
