"""Test helpers for the sandbox, built on PyJWT and requests directly (independent of the
core's own assertion and HTTP code, so the two sides check each other). Keys, client IDs and the
default enterprises are the project's test ones (``precontract.credentials``,
``precontract.testing``)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from precontract.credentials import generate_credentials
from precontract.sandbox import SandboxServer
from precontract.testing import DEMO_EMPLOYER, DEMO_REQUESTER, new_client_id

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
REQUESTER = DEMO_REQUESTER
EMPLOYER = DEMO_EMPLOYER
OTHER_EMPLOYER = "0202239951"  # a valid KBO number (mod 97)
MANDATES = "/REST/citizenMandates/v1"
DATA = "/REST/citizenData/v1"


@dataclass
class KeyPair:
    key: rsa.RSAPrivateKey
    certificate_pem: bytes

    @classmethod
    def generate(cls) -> KeyPair:
        key_pem, certificate_pem = generate_credentials("sandbox test")
        key = serialization.load_pem_private_key(key_pem, password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return cls(key, certificate_pem)


def assertion(client_id: str, key: rsa.RSAPrivateKey, audience: str, **changes: Any) -> str:
    """A client assertion; ``changes`` override claims (None removes one)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "jti": str(uuid.uuid4()),
        "iat": now,
        "exp": now + 300,
    }
    for name, value in changes.items():
        if value is None:
            claims.pop(name, None)
        else:
            claims[name] = value
    return jwt.encode(claims, key, algorithm="RS256", headers={"typ": "JWT"})


@dataclass
class Caller:
    """A registered client of the sandbox, calling it with plain requests."""

    sandbox: SandboxServer
    client_id: str
    keys: KeyPair
    token: str = ""

    @classmethod
    def register(
        cls,
        sandbox: SandboxServer,
        *,
        scopes: list[str] | None = None,
        organisation: str | None = None,
    ) -> Caller:
        keys = KeyPair.generate()
        client_id = new_client_id()
        sandbox.register_client(
            client_id, keys.certificate_pem, scopes=scopes, enterprise_number=organisation
        )
        return cls(sandbox, client_id, keys)

    def token_response(self, **form: str | None) -> requests.Response:
        data: dict[str, str] = {
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion(self.client_id, self.keys.key, self.sandbox.token_url),
        }
        for name, value in form.items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        return requests.post(self.sandbox.token_url, data=data, timeout=10)

    def login(self) -> Caller:
        response = self.token_response()
        assert response.status_code == 200, response.text
        self.token = response.json()["access_token"]
        return self

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return requests.request(
            method, self.sandbox.url + path, headers=headers, timeout=10, **kwargs
        )

    def create_request(
        self, *, employer: str = EMPLOYER, requester: str = REQUESTER, **body: Any
    ) -> requests.Response:
        payload: dict[str, Any] = {
            "requester": {"enterpriseNumber": requester},
            "employer": {"enterpriseNumber": employer},
            "context": "PRECONTRACTUAL_DATA",
            **body,
        }
        return self.call("POST", f"{MANDATES}/accessRequests", json=payload)

    def new_request_id(self, **body: Any) -> str:
        response = self.create_request(**body)
        assert response.status_code == 201, response.text
        request_id: str = response.json()["requestId"]
        return request_id

    def mandates(self, employer: str = EMPLOYER, **params: Any) -> requests.Response:
        return self.call(
            "GET", f"{MANDATES}/mandates", params={"employerEnterpriseNumber": employer, **params}
        )

    def data(self, ssin: str, employer: str = EMPLOYER) -> requests.Response:
        return self.call(
            "GET",
            f"{DATA}/persons/{ssin}/precontractualData",
            params={"employerEnterpriseNumber": employer},
        )
