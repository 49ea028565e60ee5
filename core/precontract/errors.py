"""The exception tree of precontract.

Every error the package raises derives from :class:`PrecontractError`, so a host can catch
one class. The tree separates "we could not reach the API" from "the API said no"::

    PrecontractError
    ├── ConfigurationError            a setting is missing or wrong (checked before any call)
    ├── InvalidIdentifier (ValueError)
    │   ├── InvalidSsin               an NISS/INSZ that is not valid
    │   └── InvalidEnterpriseNumber   a KBO/BCE number that is not valid
    ├── TransportError                the API could not be reached or answered garbage
    │   ├── RequestTimeout            no answer within the timeout
    │   ├── ConnectionFailed          DNS, TLS, refused or dropped connection
    │   └── MalformedResponse         the answer is not the JSON the contract promises
    └── ApiError                      the server answered with a refusal (problem details)
        ├── TokenError                the token endpoint refused the client assertion (RFC 6749)
        ├── BadRequest                400 badRequest, with ``issues``
        ├── Unauthorized              401 no/invalid/expired access token
        ├── Forbidden                 403
        │   ├── MissingScope          403 missingScope, with ``required_scopes``
        │   └── NoActiveMandate       403 noActiveMandate: the citizen has not (or no longer) granted access
        ├── NotFound                  404 resourceNotFound
        ├── Conflict                  409 the request was already used or is not pending
        ├── TooManyRequests           429, with ``retry_after`` seconds
        └── ServerError               500/502/503/504

Every :class:`ApiError` carries the HTTP ``status``, the problem ``type``, ``title``,
``detail``, ``issues`` and the server's ``request_id`` when the answer had one. Their
``str()`` is for developers and logs (English, NISS masked, no token or key ever); the text for a
recruiter comes from :meth:`PrecontractError.user_message` in Dutch, French or English.

>>> err = NoActiveMandate(status=403, problem_type="urn:problem-type:socialsecurity:citizenMandates:noActiveMandate",
...                       title="No active citizen mandate")
>>> isinstance(err, Forbidden), err.status
(True, 403)
>>> err.user_message("en")
'The applicant has not granted access to this data (no active citizen mandate).'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from precontract.i18n import Language, Text, translate
from precontract.masking import mask_ssins

__all__ = [
    "ApiError",
    "BadRequest",
    "ConfigurationError",
    "Conflict",
    "ConnectionFailed",
    "Forbidden",
    "InvalidEnterpriseNumber",
    "InvalidIdentifier",
    "InvalidInput",
    "InvalidSsin",
    "Issue",
    "MalformedResponse",
    "MissingScope",
    "NoActiveMandate",
    "NotFound",
    "PrecontractError",
    "RequestTimeout",
    "ServerError",
    "TokenError",
    "TooManyRequests",
    "TransportError",
    "Unauthorized",
    "problem",
    "setting_label",
]


class PrecontractError(Exception):
    """Root of every error raised by precontract.

    ``message_key`` names the translated, user-facing text (see :mod:`precontract.i18n`).
    """

    message_key = "error.generic"

    def __init__(self, message: str = "", **params: Any) -> None:
        # Messages may quote user input: never let an NISS through unmasked.
        super().__init__(mask_ssins(message))
        self.params: dict[str, Any] = {k: mask_ssins(str(v)) for k, v in params.items()}

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def text(self) -> Text:
        """What to tell the user, to be said in their language later (:meth:`Text.render`): a
        page that stores an error keeps this, never a sentence in one language."""
        return Text(self.message_key, dict(self.params))

    def user_message(self, lang: Language | str = "en") -> str:
        """The text to show a recruiter or administrator, in ``lang`` (nl, fr, de or en)."""
        return self.text().render(lang)


class ConfigurationError(PrecontractError):
    """A setting is missing or wrong: the message names the setting and what to do.

    ``str()`` is the English developer message. With ``key``, the user reads that translated
    text instead, where each ``*setting`` parameter is said as the user knows it ("the private
    key you uploaded", not ``private_key_pem``): see :func:`setting_label`. ``problems`` are
    several such texts at once (:func:`problem`), said one after the other.
    """

    message_key = "error.configuration"

    def __init__(
        self,
        message: str,
        *,
        setting: str | None = None,
        key: str | None = None,
        problems: Sequence[Text] = (),
        settings: Sequence[str] = (),
        **params: Any,
    ) -> None:
        super().__init__(message, detail=message, setting=setting or "")
        self.setting = setting
        #: every setting at fault, as written in a configuration file (the command names them)
        self.settings = tuple(dict.fromkeys(n for n in (setting, *settings) if n))
        self.problem_key = key
        self.problem_params: dict[str, Any] = {
            k: v if isinstance(v, Text) else mask_ssins(str(v)) for k, v in params.items()
        }
        self.problems = tuple(problems)

    def text(self) -> Text:
        if self.problems:
            return Text(self.message_key, {"detail": list(self.problems)})
        if self.problem_key is None:
            return super().text()
        return Text(self.message_key, {"detail": problem(self.problem_key, **self.problem_params)})


def problem(key: str, **params: Any) -> Text:
    """One configuration problem's text; ``setting_=`` (or any ``*setting``) names a setting,
    said as the user knows it (:func:`setting_label`)."""
    values: dict[str, Any] = {}
    for name, value in params.items():
        name = name.rstrip("_")
        if name.endswith("setting"):
            values[name] = Text(f"setting.{value}", default=str(value))
        elif isinstance(value, Text):
            values[name] = value
        else:
            values[name] = mask_ssins(str(value))
    return Text(key, values)


def setting_label(setting: str, lang: Language | str = "en") -> str:
    """A setting as the person who gave it knows it: ``private_key_pem`` → "the private key you
    uploaded"; a setting without a label is named as it is written."""
    text = translate(f"setting.{setting}", lang)
    return setting if text == f"setting.{setting}" else text


class InvalidInput(PrecontractError, ValueError):
    """Input refused before any call goes out: an empty id, a value of the wrong form…

    ``key`` names the translated text when it is not the class's own.
    """

    message_key = "error.invalid_input"

    def __init__(self, message: str, *, key: str | None = None, **params: Any) -> None:
        super().__init__(message, **params)
        if key is not None:
            self.message_key = key


class InvalidIdentifier(InvalidInput):
    """An identifier (NISS or enterprise number) that is not valid."""

    message_key = "error.invalid_identifier"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message, reason=reason)
        self.reason = reason


class InvalidSsin(InvalidIdentifier):
    """An NISS/INSZ (national or BIS number) that is not valid.

    ``reason`` is one of ``empty``, ``format``, ``length``, ``checksum``, ``date``.
    """

    message_key = "error.invalid_ssin"


class InvalidEnterpriseNumber(InvalidIdentifier):
    """A KBO/BCE enterprise number that is not valid.

    ``reason`` is one of ``empty``, ``format``, ``length``, ``first_digit``, ``checksum``.
    """

    message_key = "error.invalid_enterprise_number"


class TransportError(PrecontractError):
    """The API could not be reached, or its answer could not be read.

    Nothing is known about whether the server applied the request.
    """

    message_key = "error.transport"

    def __init__(self, message: str, *, method: str = "", url: str = "") -> None:
        super().__init__(message)
        self.method = method
        self.url = mask_ssins(url)


class RequestTimeout(TransportError):
    message_key = "error.timeout"


class ConnectionFailed(TransportError):
    message_key = "error.connection"


class MalformedResponse(TransportError):
    """The server answered, but not with what the contract promises (bad JSON, missing field)."""

    message_key = "error.malformed"

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        url: str = "",
        status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, method=method, url=url)
        self.status = status
        self.request_id = request_id


@dataclass(frozen=True, slots=True)
class Issue:
    """One entry of a Belgif ``badRequest`` problem's ``issues[]``."""

    type: str | None = None
    title: str | None = None
    detail: str | None = None
    in_: str | None = None
    name: str | None = None
    value: str | None = None

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Issue:
        def text(key: str) -> str | None:
            value = raw.get(key)
            return None if value is None else mask_ssins(str(value))

        return cls(
            type=text("type"),
            title=text("title"),
            detail=text("detail"),
            in_=text("in"),
            name=text("name"),
            value=text("value"),
        )

    def __str__(self) -> str:
        where = f"{self.in_}:{self.name}" if self.in_ or self.name else "request"
        return f"{where}: {self.detail or self.title or self.type or 'invalid'}"


class ApiError(PrecontractError):
    """The server answered with a refusal (a Belgif problem, or an OAuth error)."""

    message_key = "error.api"

    def __init__(
        self,
        message: str = "",
        *,
        status: int,
        problem_type: str | None = None,
        title: str | None = None,
        detail: str | None = None,
        issues: Sequence[Issue] = (),
        request_id: str | None = None,
        method: str = "",
        url: str = "",
        body: Mapping[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.problem_type = problem_type
        self.title = mask_ssins(title) if title else title
        self.detail = mask_ssins(detail) if detail else detail
        self.issues = tuple(issues)
        self.request_id = request_id
        self.method = method
        self.url = mask_ssins(url)
        self.body = dict(body) if body is not None else None
        super().__init__(message or self._describe(), status=status, request_id=request_id or "")

    def _describe(self) -> str:
        parts = [f"{self.method} {self.url}".strip() or "request", f"-> {self.status}"]
        if self.problem_type:
            parts.append(self.problem_type)
        if self.title:
            parts.append(f"({self.title})")
        if self.detail:
            parts.append(f": {self.detail}")
        if self.issues:
            parts.append("[" + "; ".join(str(i) for i in self.issues) + "]")
        if self.request_id:
            parts.append(f"[request id {self.request_id}]")
        return " ".join(parts)


class TokenError(ApiError):
    """The token endpoint refused the client assertion (RFC 6749 §5.2 ``error``)."""

    message_key = "error.token"

    def __init__(
        self, message: str = "", *, error: str, description: str | None = None, **kwargs: Any
    ) -> None:
        self.error = error
        self.description = description
        kwargs.setdefault("problem_type", error)
        kwargs.setdefault("detail", description)
        super().__init__(message, **kwargs)
        self.params["explanation"] = message


class BadRequest(ApiError):
    message_key = "error.bad_request"


class Unauthorized(ApiError):
    message_key = "error.unauthorized"


class Forbidden(ApiError):
    message_key = "error.forbidden"


class MissingScope(Forbidden):
    message_key = "error.missing_scope"

    def __init__(
        self, message: str = "", *, required_scopes: Sequence[str] = (), **kwargs: Any
    ) -> None:
        self.required_scopes = tuple(required_scopes)
        super().__init__(message, **kwargs)
        self.params["scopes"] = ", ".join(self.required_scopes)


class NoActiveMandate(Forbidden):
    """403: the citizen has not granted access, or has revoked it, or it ran out."""

    message_key = "error.no_active_mandate"


class NotFound(ApiError):
    message_key = "error.not_found"


class Conflict(ApiError):
    message_key = "error.conflict"


class TooManyRequests(ApiError):
    message_key = "error.too_many_requests"

    def __init__(
        self, message: str = "", *, retry_after: float | None = None, **kwargs: Any
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


class ServerError(ApiError):
    message_key = "error.server"
