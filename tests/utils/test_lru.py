"""The remembered answers' cache holds at most its bytes, entries' overhead included, and drops the least
recently used first."""

from tdu.utils.lru import ENTRY_OVERHEAD, BytesLRU


def test_it_keeps_within_its_bytes_and_drops_the_least_recently_used():
    entry = len("k1") + 1000 + ENTRY_OVERHEAD
    cache = BytesLRU(max_bytes=3 * entry)
    for key in ("k1", "k2", "k3"):
        cache.set(key, b"x" * 1000)
    assert cache.get("k1") == b"x" * 1000  # k1 used again: k2 is now the oldest
    cache.set("k4", b"y" * 1000)
    assert cache.get("k2") is None and len(cache) == 3 and cache.bytes == 3 * entry
    cache.set("k1", b"z" * 10)  # replaced: its old bytes are given back
    assert cache.bytes == 2 * entry + len("k1") + 10 + ENTRY_OVERHEAD


def test_an_entry_larger_than_the_whole_cache_is_not_kept():
    cache = BytesLRU(max_bytes=500)
    cache.set("big", b"x" * 400)  # with its overhead, over 500
    assert cache.get("big") is None and cache.bytes == 0
