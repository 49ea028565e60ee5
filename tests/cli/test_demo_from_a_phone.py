"""`precontract demo --host 0.0.0.0`: the links and QR codes name an address a phone on the same
network reaches. The tests bind 127.0.0.1 only: they check which address the links name."""

from __future__ import annotations

import io
from typing import Any

import pytest
import requests
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from precontract import qr
from precontract.cli import addresses
from precontract.cli.app import cli
from precontract.client import PrecontractClient
from precontract.sandbox import SandboxServer
from precontract.testing import sandbox_settings


def test_links_to_every_interface_name_this_machines_network_address() -> None:
    assert (
        addresses.link_host(addresses.ANY_ADDRESS, discover=lambda: "192.168.1.20")
        == "192.168.1.20"
    )
    assert addresses.link_host(addresses.ANY_ADDRESS, discover=lambda: None) is None
    assert addresses.link_host("192.168.1.20", discover=lambda: "10.0.0.5") == "192.168.1.20"
    assert addresses.link_host("127.0.0.1") == "127.0.0.1"
    found = addresses.network_address()
    assert found is None or not addresses.is_loopback(found)


def test_the_approval_link_and_its_qr_code_name_the_public_host() -> None:
    # Bound to 127.0.0.1, published as "localhost": the link must say localhost, as it would
    # say 192.168.1.20 for a sandbox bound to 0.0.0.0.
    with SandboxServer(host="127.0.0.1", public_host="localhost") as sandbox:
        assert sandbox.url.startswith("http://localhost:")
        with PrecontractClient(sandbox_settings(sandbox)) as client:
            settings = client.settings
            created = client.mandates.create_access_request(
                requester=settings.requester, employer=settings.employer
            )
        assert created.approval_url.startswith(f"{sandbox.url}/portal/requests/")
        [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.qr_png(created.approval_url))))
        assert code.text == created.approval_url
        assert requests.get(created.approval_url, timeout=10).status_code == 200


def test_without_a_network_address_the_demo_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch, base_env: dict[str, str]
) -> None:
    monkeypatch.setattr(addresses, "network_address", lambda: None)
    result = CliRunner().invoke(
        cli, ["demo", "--host", addresses.ANY_ADDRESS, "--lang", "nl"], env=base_env
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Fout: Deze computer heeft geen netwerkadres dat een gsm kan bereiken: geef het op met "
        "--host"
    )


def test_an_address_of_another_machine_is_refused_before_starting(
    base_env: dict[str, str],
) -> None:
    result = CliRunner().invoke(cli, ["demo", "--host", "192.0.2.1"], env=base_env)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: 192.0.2.1 is not an address of this computer: use 127.0.0.1, 0.0.0.0 or this "
        "computer's address with --host."
    )


def test_the_interactive_demo_on_this_computer_only_tells_how_to_use_a_phone(
    monkeypatch: pytest.MonkeyPatch, base_env: dict[str, str], tmp_path: Any
) -> None:
    from precontract.cli import demo

    told: list[str] = []

    def stop_after_the_sandbox(self: Any, key: str, **params: Any) -> None:
        told.append(key)
        if key in ("demo.phone_hint", "demo.phone_ready"):
            raise KeyboardInterrupt

    monkeypatch.setattr(demo._Tour, "say", stop_after_the_sandbox)
    result = CliRunner().invoke(
        cli, ["demo", "--interactive", "--output-dir", str(tmp_path)], env=base_env
    )
    assert result.exit_code == 130
    assert told[-1] == "demo.phone_hint"
