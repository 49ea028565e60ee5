"""A Bullhorn REST session, as ``bullhorn/rest-api-docs`` and ``bullhorn/oauth-example-python``
describe the login.

1. ``GET https://rest.bullhornstaffing.com/rest-services/loginInfo?username=<API user>`` gives the
   user's data-centre addresses (``oauthUrl``, ``restUrl``): source/includes/_intro.md ("API users
   should use data-center-specific URLs ... based on the results of ... loginInfo");
2. ``{oauthUrl}/authorize?client_id&response_type=code&action=Login&username&password`` answers
   a redirect whose ``Location`` carries the ``code`` (oauth_example.py, ``http_error_302``);
3. ``POST {oauthUrl}/token?grant_type=authorization_code&code&client_id&client_secret`` gives
   ``access_token`` and ``refresh_token`` (article/_gettingstartedrest.md);
4. ``POST {restUrl}/login?version=*&access_token`` gives ``BhRestToken`` and the corporation's
   ``restUrl`` (source/includes/_login.md).

When a REST call answers 401 the session ended: the refresh token gets a new access token
(``grant_type=refresh_token``; each refresh returns a new refresh token, the old one ends) and a
new REST login, without the password (_login.md: "Perform a refresh token request when a REST API
request returns a 401"); only if the refresh is refused does a full login follow. A 307 from a
Bullhorn host (a call reaching another data centre) is followed with the same method and body,
and only to a Bullhorn host or the configured one: the password never leaves for elsewhere.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit

from precontract_ats.ats.base import ConnectionConfig
from precontract_ats.ats.http import AtsError, AtsHttp

__all__ = ["BullhornSession", "session_for"]

LOGIN_INFO_HOST = "https://rest.bullhornstaffing.com"
BULLHORN_DOMAIN = ".bullhornstaffing.com"


class BullhornSession:
    """A REST session (``BhRestToken`` + ``restUrl``), logged in when first needed, refreshed
    when Bullhorn answers 401; one login at a time per connection."""

    def __init__(self, config: ConnectionConfig, http: AtsHttp) -> None:
        self.config = config
        self.http = http
        self.token: str | None = None
        self.rest_url: str | None = None
        self.refresh_token: str | None = None
        self.oauth_url: str | None = None
        self.rest_base: str | None = None
        self.lock = threading.Lock()
        self.full_logins = 0
        self.refreshes = 0

    # ------------------------------------------------------------------------------ addresses

    def _allowed(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        configured = {
            (urlsplit(self.config.setting(name)).hostname or "").lower()
            for name in ("login_url",)
            if self.config.setting(name)
        }
        return host.endswith(BULLHORN_DOMAIN) or host in configured

    def _request(self, method: str, url: str, **kwargs: Any) -> Any:
        return self.http.request(method, url, follow_to=self._allowed, **kwargs)

    def data_centre(self) -> tuple[str, str]:
        """The API user's ``oauthUrl`` and ``restUrl`` (asked once per session)."""
        if self.oauth_url is None or self.rest_base is None:
            conf = self.config
            info_host = conf.setting("login_url", LOGIN_INFO_HOST).rstrip("/")
            info = self._request(
                "GET",
                f"{info_host}/rest-services/loginInfo",
                params={"username": conf.setting("username")},
            ).json()
            oauth = str(info.get("oauthUrl") or "").rstrip("/")
            rest = str(info.get("restUrl") or "").rstrip("/")
            if not oauth or not rest:
                raise AtsError(
                    "Bullhorn: loginInfo named no data centre for the API user",
                    ats="Bullhorn",
                    status=404,
                    key="connector.bullhorn.no_data_centre",
                )
            if not (self._allowed(oauth) and self._allowed(rest)):
                raise AtsError(
                    "Bullhorn: loginInfo named a data centre outside Bullhorn",
                    ats="Bullhorn",
                    status=403,
                    key="connector.bullhorn.foreign_data_centre",
                )
            self.oauth_url, self.rest_base = oauth, rest
        return self.oauth_url, self.rest_base

    # ------------------------------------------------------------------------------ login

    def login(self) -> None:
        """The full login: the API user's name and password for a code, a token, a session."""
        conf = self.config
        oauth, _ = self.data_centre()
        authorize = self._request(
            "GET",
            f"{oauth}/authorize",
            params={
                "client_id": conf.setting("client_id"),
                "response_type": "code",
                "action": "Login",
                "username": conf.setting("username"),
                "password": conf.secret("password"),
            },
            redirect_ok=True,
        )
        location = authorize.headers.get("Location", "")
        code = parse_qs(urlsplit(location).query).get("code", [""])[0]
        if not code:
            raise AtsError(
                "Bullhorn: the OAuth login gave no code (check the API user, its password and the client id)",
                ats="Bullhorn",
                status=authorize.status_code if authorize.status_code >= 400 else 401,
                key="connector.bullhorn.no_code",
            )
        self._tokens(
            {
                "grant_type": "authorization_code",
                "code": code,
                "client_id": conf.setting("client_id"),
                "client_secret": conf.secret("client_secret"),
            }
        )
        self.full_logins += 1

    def refresh(self) -> bool:
        """A new session from the refresh token; False when Bullhorn refuses it."""
        if not self.refresh_token:
            return False
        oauth, _ = self.data_centre()
        try:
            self._tokens(
                {
                    "grant_type": "refresh_token",
                    "refresh_token": self.refresh_token,
                    "client_id": self.config.setting("client_id"),
                    "client_secret": self.config.secret("client_secret"),
                },
                oauth=oauth,
            )
        except AtsError as exc:
            if exc.status not in (400, 401):
                raise
            self.refresh_token = None
            return False
        self.refreshes += 1
        return True

    def _tokens(self, params: dict[str, str], oauth: str | None = None) -> None:
        oauth = oauth or self.data_centre()[0]
        _, rest = self.data_centre()
        token = self._request("POST", f"{oauth}/token", params=params).json()
        self.refresh_token = str(token.get("refresh_token") or "") or None
        login = self._request(
            "POST",
            f"{rest}/login",
            params={"version": "*", "access_token": token["access_token"]},
        ).json()
        self.token = str(login["BhRestToken"])
        self.rest_url = str(login["restUrl"])

    def _renew(self, stale: str | None) -> None:
        with self.lock:
            if self.token != stale:
                return  # another thread renewed it meanwhile
            if not self.refresh():
                self.login()

    # ------------------------------------------------------------------------------ calls

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        with self.lock:
            if self.token is None:
                self.login()
        for attempt in (1, 2):
            token = self.token
            try:
                response = self._request(
                    method, f"{self.rest_url}{path}", headers={"BhRestToken": token or ""}, **kwargs
                )
                return response.json() if response.content else None
            except AtsError as exc:
                if exc.status != 401 or attempt == 2:
                    raise
                self._renew(token)
        raise AssertionError("unreachable")  # pragma: no cover


_SESSIONS: dict[int, BullhornSession] = {}
_SESSIONS_LOCK = threading.Lock()


def session_for(config: ConnectionConfig, http: AtsHttp) -> BullhornSession:
    """One session per connection, kept between calls (a login is four round trips)."""
    with _SESSIONS_LOCK:
        known = _SESSIONS.get(config.id)
        if known is None or known.config != config:
            known = BullhornSession(config, http)
            _SESSIONS[config.id] = known
        return known
