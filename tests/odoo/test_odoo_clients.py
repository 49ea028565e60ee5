"""The Odoo host's process-level client cache: one client (one token) per configuration.

Plain pytest, no Odoo: the addon's ``host`` package is imported on its own (``load_host``).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import pytest

from precontract.credentials import generate_credentials
from precontract.errors import ConfigurationError
from tests.odoo.odoo_fakes import load_host

host = load_host()


class FakeClient:
    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.closed = False

    def close(self) -> None:
        self.closed = True


@pytest.fixture(scope="module")
def config() -> Any:
    key, cert = generate_credentials("odoo-cache")
    return host.StoredConfiguration(
        environment="sandbox",
        client_id="self_service_chaman_4_cache",
        requester="0123456749",
        private_key=key,
        key_filename="key.pem",
        certificate=cert,
    )


def test_the_same_configuration_gets_the_same_client_from_every_thread(config: Any) -> None:
    built: list[FakeClient] = []

    def factory(settings: Any) -> FakeClient:
        client = FakeClient(settings)
        built.append(client)
        return client

    cache = host.ClientCache(factory=factory)
    got: list[Any] = []
    threads = [threading.Thread(target=lambda: got.append(cache.get(config))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1
    assert all(client is built[0] for client in got)


def test_a_changed_setting_gives_a_new_client_and_closes_the_one_it_replaces(config: Any) -> None:
    cache = host.ClientCache(factory=FakeClient)
    first = cache.get(config, owner="db1")
    second = cache.get(replace(config, client_id="self_service_chaman_5_other"), owner="db1")
    assert second is not first
    assert first.closed
    assert len(cache) == 1


def test_two_databases_with_one_configuration_share_it(config: Any) -> None:
    cache = host.ClientCache(factory=FakeClient)
    assert cache.get(config, owner="db1") is cache.get(config, owner="db2")
    cache.get(replace(config, requester="0403019261"), owner="db1")
    assert len(cache) == 2  # db2 still uses the first one: it stays open
    assert not cache.get(config, owner="db2").closed


def test_the_cache_is_bounded_and_closes_what_it_drops(config: Any) -> None:
    cache = host.ClientCache(factory=FakeClient, max_clients=2)
    oldest = cache.get(config, owner="a")
    cache.get(replace(config, requester="0403019261"), owner="b")
    cache.get(replace(config, requester="0417497106"), owner="c")
    assert len(cache) == 2
    assert oldest.closed


def test_a_bad_configuration_is_refused_and_not_cached(config: Any) -> None:
    cache = host.ClientCache(factory=FakeClient)
    with pytest.raises(ConfigurationError):
        cache.get(replace(config, client_id=None))
    assert len(cache) == 0


def test_the_key_depends_on_every_setting_and_not_on_where_bytes_split(config: Any) -> None:
    keys = {
        host.configuration_key(config),
        host.configuration_key(replace(config, key_password="x")),
        host.configuration_key(replace(config, certificate=config.certificate + b"\n")),
        host.configuration_key(replace(config, client_id="a", requester="b0123456749")),
    }
    assert len(keys) == 4
    assert host.configuration_key(config) == host.configuration_key(replace(config))
