"""Belgif problem details (RFC 9457) as the sandbox answers them, and OAuth errors (RFC 6749)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from precontract.masking import mask_ssins

__all__ = ["OAuthError", "Problem", "bad_request", "issue"]

BELGIF = "urn:problem-type:belgif:"
MANDATES = "urn:problem-type:socialsecurity:citizenMandates:"
SCHEMA_VIOLATION = "urn:problem-type:belgif:input-validation:schemaViolation"

TITLES = {
    "badRequest": "Bad Request",
    "noAccessToken": "No Access Token",
    "invalidAccessToken": "Invalid Access Token",
    "expiredAccessToken": "Expired Access Token",
    "missingScope": "Missing Scope",
    "resourceNotFound": "Resource Not Found",
    "internalServerError": "Internal Server Error",
    "noActiveMandate": "No active citizen mandate",
    "conflict": "Conflict",
}


@dataclass
class Problem(Exception):
    """A refusal the API answers as ``application/problem+json``."""

    status: int
    type: str
    title: str
    detail: str | None = None
    issues: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def belgif(cls, status: int, name: str, detail: str | None = None, **extra: Any) -> Problem:
        return cls(status, BELGIF + name, TITLES[name], detail, extra=extra)

    @classmethod
    def mandates(cls, status: int, name: str, detail: str | None = None) -> Problem:
        return cls(status, MANDATES + name, TITLES[name], detail)

    def body(self, instance: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "title": self.title, "status": self.status}
        if self.type.startswith(BELGIF):
            name = self.type.removeprefix(BELGIF)
            out["href"] = f"https://www.belgif.be/specification/rest/api-guide/problems/{name}.html"
        if self.detail:
            out["detail"] = self.detail
        if instance:
            out["instance"] = instance
        if self.issues:
            out["issues"] = self.issues
        out.update(self.extra)
        return out


def issue(location: str, name: str, value: Any, detail: str) -> dict[str, Any]:
    """One entry of ``issues[]``: where (``in``), which field (``name``), the value, and why."""
    entry: dict[str, Any] = {
        "type": SCHEMA_VIOLATION,
        "title": "Input isn't valid with respect to schema",
        "in": location,
        "name": name,
        "detail": mask_ssins(detail),
    }
    if value is not None:
        # Whatever field it was typed in, an NISS goes back masked.
        entry["value"] = mask_ssins(value) if isinstance(value, str) else value
    return entry


def bad_request(*issues: dict[str, Any]) -> Problem:
    problem = Problem.belgif(400, "badRequest", "The input message is incorrect")
    problem.issues = list(issues)
    return problem


@dataclass
class OAuthError(Exception):
    """An RFC 6749 §5.2 error answer of the token endpoint."""

    error: str
    description: str
    status: int = 400

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}
