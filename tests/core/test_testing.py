"""precontract.testing: ready settings for a sandbox, without FastAPI being needed to import it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from cryptography import x509

from precontract.config import Environment
from precontract.testing import sandbox_settings


class FakeSandbox:
    url = "http://127.0.0.1:45678"

    def __init__(self) -> None:
        self.registered: list[tuple[str, bytes, Sequence[str] | None, str | None]] = []

    def register_client(
        self,
        client_id: str,
        certificate_pem: bytes,
        *,
        scopes: Sequence[str] | None = None,
        name: str | None = None,
    ) -> Any:
        self.registered.append((client_id, certificate_pem, scopes, name))


def test_each_call_registers_a_fresh_client_with_its_own_certificate() -> None:
    sandbox = FakeSandbox()
    first = sandbox_settings(sandbox)
    second = sandbox_settings(sandbox, scopes=["scope:citizenmandates:manage"], read_timeout=3)
    assert first.client_id != second.client_id
    assert first.client_id.startswith("self_service_chaman_")
    (id1, cert1, scopes1, _), (id2, cert2, scopes2, _) = sandbox.registered
    assert (id1, id2) == (first.client_id, second.client_id)
    assert scopes1 is None
    assert scopes2 == ["scope:citizenmandates:manage"]
    assert x509.load_pem_x509_certificate(cert1) == first.credentials.certificate
    assert cert1 != cert2
    assert second.read_timeout == 3
    assert first.environment is Environment.SANDBOX
    assert first.api_url == "http://127.0.0.1:45678/REST"
    assert (first.requester.compact, first.employer.compact) == ("0123456749", "0403019261")


def test_importable_without_fastapi() -> None:
    code = (
        "import sys\n"
        "for name in ('fastapi', 'uvicorn', 'starlette', 'jinja2'):\n"
        "    sys.modules[name] = None  # any import of them fails\n"
        "import precontract.testing, precontract.client\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
