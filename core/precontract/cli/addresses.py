"""Which address to put in links when a server listens on every interface.

``precontract demo --host 0.0.0.0`` binds every interface so that a phone on the same network can
open the approval link; the link (and its QR code) must then name an address the phone reaches,
this machine's address on the network, never ``0.0.0.0`` nor ``127.0.0.1``.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

__all__ = ["ANY_ADDRESS", "can_listen", "is_loopback", "link_host", "network_address"]

ANY_ADDRESS = "0.0.0.0"  # noqa: S104 - listening on every interface is what the option asks

# TEST-NET-1 (RFC 5737): never routed on the Internet. "Connecting" a UDP socket sends nothing;
# it only makes the system choose the interface, and so the address, it would send from.
_PROBE = ("192.0.2.1", 9)


def network_address() -> str | None:
    """This machine's address on its network (IPv4), or ``None`` when it has none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            address = str(probe.getsockname()[0])
    except OSError:
        address = ""
    if not address or is_loopback(address) or address == ANY_ADDRESS:
        try:
            address = socket.gethostbyname(socket.gethostname())
        except OSError:
            return None
    return None if is_loopback(address) or address == ANY_ADDRESS else address


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def link_host(bind_host: str, *, discover: Callable[[], str | None] | None = None) -> str | None:
    """The host for links to a server bound to ``bind_host``: that host itself, or for
    ``0.0.0.0`` this machine's network address (``None`` when it has none)."""
    if bind_host in (ANY_ADDRESS, ""):
        return (discover or network_address)()
    return bind_host


def can_listen(host: str) -> bool:
    """Whether a server can listen on ``host`` (an address of this machine)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((host, 0))
    except OSError:
        return False
    return True
