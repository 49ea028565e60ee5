"""Serving the sandbox: in a background thread for tests and the demo, or in the foreground."""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from precontract.masking import mask_ssins
from precontract.sandbox import personas
from precontract.sandbox.app import asgi_app, create_app
from precontract.sandbox.faults import Fault, FaultRules
from precontract.sandbox.state import AccessRequestRecord, ClientRecord, MandateRecord, SandboxState

__all__ = ["SandboxServer", "serve"]

log = logging.getLogger("precontract.sandbox")


class SandboxServer:
    """The sandbox on ``127.0.0.1`` (a free port by default), in a background thread.

    >>> with SandboxServer() as sandbox:              # doctest: +SKIP
    ...     settings = precontract.testing.sandbox_settings(sandbox)
    ...     request = ...                             # create an access request with the client
    ...     sandbox.approve(request.request_id, personas.MARIA.ssin)
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        state_file: Path | str | None = None,
        controls: bool = True,
        log_level: str = "warning",
        public_host: str | None = None,
    ) -> None:
        self.host = host
        # The address its links name (approval links, the QR codes): bound to every interface
        # (0.0.0.0), the sandbox is reached at this machine's own address.
        self.public_host = public_host or host
        self.state = SandboxState(state_file=state_file)
        self.faults = FaultRules()
        self.app = create_app(self.state, controls_enabled=controls, faults=self.faults)
        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP,
        # and without it every answer waits ~40 ms for a delayed ACK (Nagle).
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(
            asgi_app(self.app),
            log_level=log_level,
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        return f"http://{self.public_host}:{self.port}"

    @property
    def token_url(self) -> str:
        return f"{self.url}/REST/oauth/v5/token"

    @property
    def api_url(self) -> str:
        return f"{self.url}/REST"

    def start(self) -> SandboxServer:
        if self._thread is not None:
            return self
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"sandbox:{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the sandbox did not start on {self.url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving and free the port (also when the server was never started)."""
        if self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
            self._thread = None
        self._socket.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ controls, in Python

    def register_client(
        self,
        client_id: str,
        certificate_pem: bytes | str,
        *,
        scopes: Sequence[str] | None = None,
        name: str | None = None,
        enterprise_number: str | None = None,
    ) -> ClientRecord:
        pem = certificate_pem.decode() if isinstance(certificate_pem, bytes) else certificate_pem
        return self.state.register_client(
            client_id,
            pem,
            scopes=None if scopes is None else list(scopes),
            name=name,
            enterprise_number=enterprise_number,
        )

    def approve(self, request_id: str, ssin: Any) -> MandateRecord:
        """Approve as the citizen ``ssin`` (a :class:`~precontract.sandbox.personas.Persona`,
        an :class:`~precontract.identifiers.Ssin` or text)."""
        return self.state.approve(request_id, _citizen(ssin))

    def refuse(self, request_id: str, ssin: Any) -> AccessRequestRecord:
        """Refuse as the citizen ``ssin`` (as for :meth:`approve`)."""
        return self.state.refuse(request_id, _citizen(ssin))

    def revoke(self, mandate_id: str) -> MandateRecord:
        return self.state.revoke(mandate_id)

    def now(self) -> dt.datetime:
        return self.state.now()

    def set_clock(self, moment: dt.datetime) -> dt.datetime:
        return self.state.set_clock(moment)

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        return self.state.advance(delta)

    def inject_fault(
        self,
        endpoint: str = "*",
        kind: str = "status",
        *,
        count: int | None = 1,
        status: int = 503,
        retry_after: int = 1,
        latency_ms: int = 0,
        limit: int = 0,
        window_ms: int = 1000,
    ) -> Fault:
        return self.faults.add(
            Fault(
                endpoint=endpoint,
                kind=kind,
                count=count,
                status=status,
                retry_after=retry_after,
                latency_ms=latency_ms,
                limit=limit,
                window_ms=window_ms,
            )
        )

    def clear_faults(self) -> None:
        self.faults.clear()

    def reset(self) -> None:
        """Forget clients, requests and mandates; real time again; no faults."""
        self.state.reset()
        self.faults.clear()

    def register_enterprise(self, number: str, name: str) -> None:
        self.state.register_enterprise(number, name)

    def set_token_lifetime(self, seconds: int) -> None:
        self.state.set_token_lifetime(seconds)


def _citizen(who: Any) -> str:
    return str(who.ssin if isinstance(who, personas.Persona) else who)


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    state_file: Path | str | None = None,
    controls: bool = True,
) -> None:
    """Run the sandbox in the foreground until interrupted (``precontract sandbox``)."""
    state = SandboxState(state_file=state_file)
    app = create_app(state, controls_enabled=controls)
    print(f"precontract sandbox on http://{host}:{port}")
    print(f"  token endpoint  http://{host}:{port}/REST/oauth/v5/token")
    print(f"  API base        http://{host}:{port}/REST")
    print(f"  citizen portal  http://{host}:{port}/portal/")
    print(f"  OpenAPI         http://{host}:{port}/openapi.json")
    if controls:
        print(f"  test controls   http://{host}:{port}/sandbox/ (see docs/sandbox.md)")
    if state_file:
        print(f"  state kept in   {state_file}")
    config = uvicorn.Config(asgi_app(app), host=host, port=port, log_level="info", lifespan="off")
    # After the Config (it sets up uvicorn's logging): access lines carry the URL, and a citizen
    # data URL carries the NISS.
    for name in ("uvicorn.access", "uvicorn.error"):
        logging.getLogger(name).addFilter(MaskingArgsFilter())
    uvicorn.Server(config).run()


class MaskingArgsFilter(logging.Filter):
    """Masks NISS numbers in a record's message and in each of its arguments.

    Unlike :class:`precontract.masking.MaskingFilter` it keeps ``args`` a tuple, as uvicorn's
    access formatter unpacks them (client, method, path, version, status).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_ssins(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_ssins(a) if isinstance(a, str) else a for a in record.args)
        return True
