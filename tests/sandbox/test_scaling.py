"""The sandbox keeps what it must and forgets what it may: tokens and jti values leave once
expired (counted, not timed), and the mandate indexes answer exactly what a scan would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import requests

from precontract.client import PrecontractClient
from precontract.config import Settings
from precontract.sandbox.server import SandboxServer
from precontract.sandbox.state import TOKEN_GRACE
from precontract.testing import sandbox_settings, synthetic_ssins

from .support import EMPLOYER, MANDATES, OTHER_EMPLOYER


def _same_client(settings: Settings, sandbox: SandboxServer) -> Settings:
    """The settings of the client registered before a restart, at the restarted sandbox."""
    key = settings.private_key_pem
    assert key is not None
    return Settings(
        environment="sandbox",
        sandbox_url=sandbox.url,
        client_id=settings.client_id,
        private_key_pem=key.get_secret_value(),
        certificate_pem=settings.certificate_pem,
        requester=settings.requester,
    )


def _mandates(sandbox: SandboxServer, token: str, **params: str) -> requests.Response:
    return requests.get(
        f"{sandbox.url}{MANDATES}/mandates",
        params=params,
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )


def test_tokens_are_forgotten_an_hour_after_they_expire_not_kept_for_ever(
    sandbox: SandboxServer,
) -> None:
    sandbox.set_token_lifetime(60)
    with PrecontractClient(sandbox_settings(sandbox)) as client:
        tokens = [client.tokens.renew().value for _ in range(50)]
        assert sandbox.state.tokens_held() == 50

        sandbox.advance(dt.timedelta(seconds=61))
        client.tokens.renew()
        # Just expired: still known, so the API says "expired", as a real server does.
        assert sandbox.state.tokens_held() == 51
        answer = _mandates(sandbox, tokens[0], employerEnterpriseNumber=EMPLOYER)
        assert answer.json()["type"] == "urn:problem-type:belgif:expiredAccessToken"

        sandbox.advance(TOKEN_GRACE)
        client.tokens.renew()
        assert sandbox.state.tokens_held() == 2  # the two issued after the first move
        answer = _mandates(sandbox, tokens[0], employerEnterpriseNumber=EMPLOYER)
        assert answer.json()["type"] == "urn:problem-type:belgif:invalidAccessToken"


def test_jti_values_are_remembered_until_their_assertion_expires_then_forgotten(
    sandbox: SandboxServer,
) -> None:
    # Assertions are judged on real time (the client's clock), so the moments are given here.
    state = sandbox.state
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    expires = now + dt.timedelta(minutes=5)
    for i in range(50):
        assert state.use_jti("client", f"j-{i}", expires, now=now)
    assert not state.use_jti("client", "j-7", expires, now=now)  # a replay, refused
    assert state.jtis_held() == 50

    later = expires + dt.timedelta(seconds=1)
    assert state.use_jti("client", "j-new", later + dt.timedelta(minutes=5), now=later)
    assert state.jtis_held() == 1
    # Once its assertion expired a jti cannot be replayed anyway (exp is checked first).
    assert state.use_jti("client", "j-7", later + dt.timedelta(minutes=5), now=later)


def test_mandate_listings_by_employer_and_citizen_answer_exactly_theirs(
    tmp_path: Path,
) -> None:
    state_file = tmp_path / "sandbox.sqlite3"
    people = list(synthetic_ssins(6))
    with SandboxServer(state_file=state_file) as sandbox:
        settings = sandbox_settings(sandbox)
        with PrecontractClient(settings) as client:
            for i, ssin in enumerate(people):
                for employer in (EMPLOYER, OTHER_EMPLOYER) if i % 2 else (EMPLOYER,):
                    request = client.mandates.create_access_request(
                        requester=settings.requester, employer=employer, ssin=ssin
                    )
                    sandbox.approve(request.request_id, ssin)

    # After a restart the indexes are built again from the stored state.
    with SandboxServer(state_file=state_file) as sandbox:
        with PrecontractClient(_same_client(settings, sandbox)) as client:
            ours = list(client.mandates.iter_mandates(employer=EMPLOYER))
            other = list(client.mandates.iter_mandates(employer=OTHER_EMPLOYER))
            assert sorted(m.ssin.compact for m in ours) == sorted(people)
            assert sorted(m.ssin.compact for m in other) == sorted(people[1::2])
            one = client.mandates.list_mandates(employer=OTHER_EMPLOYER, ssin=people[3])
            assert [m.ssin.compact for m in one.items] == [people[3]]
            assert (
                client.mandates.list_mandates(employer=OTHER_EMPLOYER, ssin=people[2]).items == []
            )
        assert len(sandbox.state.citizen_mandates(people[1])) == 2
        assert len(sandbox.state.citizen_mandates(people[2])) == 1


def test_request_listings_by_citizen_answer_exactly_theirs_also_after_a_restart(
    tmp_path: Path,
) -> None:
    state_file = tmp_path / "sandbox.sqlite3"
    a, b, c = list(synthetic_ssins(3))
    with SandboxServer(state_file=state_file) as sandbox:
        settings = sandbox_settings(sandbox)
        with PrecontractClient(settings) as client:

            def ask(ssin: str | None) -> str:
                request = client.mandates.create_access_request(
                    requester=settings.requester, employer=EMPLOYER, ssin=ssin
                )
                return request.request_id

            bound_a, bound_b = ask(a), ask(b)
            approved_by_c, refused_by_a = ask(None), ask(None)  # bound to no one: who decides
            ask(None)  # nobody's yet
            sandbox.approve(approved_by_c, c)
            sandbox.refuse(refused_by_a, a)

            def listed(ssin: str) -> list[str]:
                page = client.mandates.list_access_requests(
                    employer=EMPLOYER, ssin=ssin, status=None
                )
                return sorted(r.request_id for r in page.items)

            expected = {
                a: sorted([bound_a, refused_by_a]),
                b: [bound_b],
                c: [approved_by_c],
            }
            assert {ssin: listed(ssin) for ssin in (a, b, c)} == expected
            assert client.mandates.list_access_requests(employer=EMPLOYER, status=None).total == 5

    # After a restart the index is built again from the stored requests.
    with (
        SandboxServer(state_file=state_file) as sandbox,
        PrecontractClient(_same_client(settings, sandbox)) as client,
    ):
        assert {ssin: listed(ssin) for ssin in (a, b, c)} == expected
