"""What the two API clients share: one ``_request()`` and strict parsing of the answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import quote

from pydantic import BaseModel, ValidationError

from precontract.api.profile import PROFILE, ApiProfile
from precontract.errors import InvalidInput
from precontract.http import HttpClient, HttpResponse

__all__ = ["ApiClient", "path_segment"]

M = TypeVar("M", bound=BaseModel)


def path_segment(value: str, what: str) -> str:
    """``value`` made safe as one URL path segment; empty values are refused before any call."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what} is empty", key="error.empty_id")
    return quote(value.strip(), safe="")


class ApiClient:
    """Base of the thin API clients: every call goes through :meth:`_request`."""

    def __init__(self, http: HttpClient, *, profile: ApiProfile = PROFILE) -> None:
        self._http = http
        self._profile = profile

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
    ) -> HttpResponse:
        return self._http.request(method, path, params=params, json=json)

    @staticmethod
    def _parse(model: type[M], response: HttpResponse) -> M:
        """The answer as ``model``; :class:`MalformedResponse` naming the fields that do not fit."""
        data = response.json_object()
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            # Field names and error kinds only: the values may be personal data.
            problems = "; ".join(
                f"{'.'.join(str(p) for p in error['loc']) or model.__name__}: {error['type']}"
                for error in exc.errors(include_input=False, include_url=False)
            )
            raise response.malformed(
                f"the answer does not fit {model.__name__} ({problems})"
            ) from None
