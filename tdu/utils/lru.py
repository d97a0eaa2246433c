"""A least-recently-used cache of bytes, bounded by the bytes it holds, safe across threads (gthread workers)."""

import threading
from collections import OrderedDict

# What an entry costs beyond its key's and value's bytes: the two objects' headers and the ordered dict's slot and
# link (measured with tracemalloc: about 150 bytes, rounded up), so that small entries are counted too.
ENTRY_OVERHEAD = 200


def entry_size(key: str, value: bytes) -> int:
    return len(key) + len(value) + ENTRY_OVERHEAD


class BytesLRU:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        size = entry_size(key, value)
        if size > self.max_bytes:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self.bytes -= entry_size(key, previous)
            self._entries[key] = value
            self.bytes += size
            while self.bytes > self.max_bytes:
                old_key, old_value = self._entries.popitem(last=False)
                self.bytes -= entry_size(old_key, old_value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def __len__(self):
        return len(self._entries)
