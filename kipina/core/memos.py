"""A small table read at most once per request, for code that names things by their codes.

`RequestMemo(load, models=...)` calls `load()` the first time `get()` is asked for after a
request starts, after one of `models` is saved or deleted in this process, or after `seconds`
(outside requests: the mail task, commands). Another process's change is seen at the next
request, or at once through `get(missing=key)` when the asked-for key is not there yet.
"""

import time
from collections.abc import Callable, Hashable, Iterable, Mapping

from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save


class RequestMemo[T: Mapping]:
    def __init__(self, load: Callable[[], T], *, models: Iterable[type] = (), seconds: float = 300):
        self._load = load
        self.seconds = seconds
        self._value: T | None = None
        self._loaded_at = 0.0
        self._reread_for_missing = False
        request_started.connect(self.forget, weak=False)
        for model in models:
            post_save.connect(self.forget, sender=model, weak=False)
            post_delete.connect(self.forget, sender=model, weak=False)

    def forget(self, **kwargs) -> None:
        self._value = None

    def get(self, *, missing: Hashable | None = None) -> T:
        """The table; read again when stale, or once per reading when `missing` is not in it
        (so a code that no longer exists costs one extra query, not one per call)."""
        value = self._value
        if value is None or time.monotonic() - self._loaded_at > self.seconds:
            return self._reload()
        if missing is not None and missing not in value and not self._reread_for_missing:
            value = self._reload()
            self._reread_for_missing = True
        return value

    def _reload(self) -> T:
        self._value = value = self._load()
        self._loaded_at = time.monotonic()
        self._reread_for_missing = False
        return value
