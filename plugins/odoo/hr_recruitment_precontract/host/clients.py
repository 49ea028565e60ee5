"""One :class:`~precontract.client.PrecontractClient` per settings per worker process.

A client holds the pooled HTTP connections and the access token. Building one per button press
meant signing in to the token server at every press; an Odoo worker process serves many requests
(and threads, in the threaded server), so it keeps one client per distinct configuration and every
press, poll and scheduled action of that database reuses it and its token.

The cache is keyed by a digest of the stored configuration (not by the secrets themselves), so a
new key, certificate, client ID or environment gives a new client and the old one is closed. It
is bounded: a server serving many databases keeps the most recently used ones.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING

from .settings import StoredConfiguration, build_settings

if TYPE_CHECKING:
    from precontract.client import PrecontractClient
    from precontract.config import Settings

__all__ = ["ClientCache", "configuration_key", "shared_clients"]

MAX_CLIENTS = 16


def configuration_key(config: StoredConfiguration) -> str:
    """A digest that changes whenever any stored setting, key or certificate changes."""
    digest = hashlib.sha256()
    for item in fields(config):
        value = getattr(config, item.name)
        raw = value if isinstance(value, bytes) else ("" if value is None else str(value)).encode()
        # Length-prefixed, so that two different configurations never concatenate the same way.
        digest.update(item.name.encode() + b"\0" + str(len(raw)).encode() + b"\0" + raw)
    return digest.hexdigest()


def _new_client(settings: Settings) -> PrecontractClient:
    from precontract.client import PrecontractClient

    return PrecontractClient(settings)


class ClientCache:
    """Thread-safe: two threads asking for the same configuration get the same client."""

    def __init__(
        self,
        *,
        factory: Callable[[Settings], PrecontractClient] = _new_client,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self._factory = factory
        self._max = max_clients
        self._clients: OrderedDict[str, PrecontractClient] = OrderedDict()
        self._owners: dict[str, str] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._clients)

    def get(self, config: StoredConfiguration, *, owner: str = "") -> PrecontractClient:
        """The client for ``config``, built (and its settings checked) on first use.

        ``owner`` (the database name) lets a changed configuration close the client it replaces.
        Raises :class:`~precontract.errors.ConfigurationError` naming the setting, as
        :func:`~.settings.build_settings` does; nothing is cached then.
        """
        key = configuration_key(config)
        evicted: list[PrecontractClient] = []
        with self._lock:
            previous = self._owners.get(owner)
            if previous is not None and previous != key:
                del self._owners[owner]
                if previous not in self._owners.values() and previous in self._clients:
                    evicted.append(self._clients.pop(previous))
            client = self._clients.get(key)
            if client is None:
                client = self._factory(build_settings(config))
                self._clients[key] = client
            self._clients.move_to_end(key)
            self._owners[owner] = key
            while len(self._clients) > self._max:
                old_key, old = self._clients.popitem(last=False)
                self._owners = {o: k for o, k in self._owners.items() if k != old_key}
                evicted.append(old)
        for old in evicted:
            old.close()
        return client

    def clear(self) -> None:
        """Close and forget every client (tests, or a server shutting down)."""
        with self._lock:
            clients, self._clients = list(self._clients.values()), OrderedDict()
            self._owners = {}
        for client in clients:
            client.close()


shared_clients = ClientCache()
"""The worker process's cache, used by the addon's models."""
