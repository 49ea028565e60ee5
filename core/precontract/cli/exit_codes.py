"""Exit codes a script can rely on (documented in ``docs/cli.md``)."""

from __future__ import annotations

import enum

from precontract.errors import (
    ApiError,
    ConfigurationError,
    InvalidInput,
    TransportError,
)
from precontract.outcome import OutcomeKind

__all__ = ["ExitCode", "for_error", "for_outcome", "meaning"]


class ExitCode(enum.IntEnum):
    OK = 0  # done; for a check: the data is here
    FAILURE = 1  # an unexpected error (a bug: please report it)
    USAGE = 2  # wrong options or invalid input (an NISS or enterprise number that is not valid)
    CONFIGURATION = 3  # a setting is missing or wrong (key, certificate, client ID...)
    TRANSPORT = 4  # the API could not be reached or answered garbage: try again later
    API_REFUSED = 5  # the API refused the call (sign-in, permission, conflict, busy...)
    WAITING = 10  # the applicant has not approved yet (needs approval / pending)
    NO_ACCESS = 11  # refused, expired, cancelled or revoked: a new request is needed
    CONFIRM_APPROVER = 12  # approved by someone for a request bound to no NISS: confirm who
    INTERRUPTED = 130  # Ctrl+C


# What ``--json`` errors name each code by (stable English words a script can match).
_MEANINGS = {
    ExitCode.OK: "ok",
    ExitCode.FAILURE: "unexpected_error",
    ExitCode.USAGE: "invalid_input",
    ExitCode.CONFIGURATION: "configuration_error",
    ExitCode.TRANSPORT: "unreachable",
    ExitCode.API_REFUSED: "refused_by_api",
    ExitCode.WAITING: "waiting_for_applicant",
    ExitCode.NO_ACCESS: "no_access",
    ExitCode.INTERRUPTED: "interrupted",
}


def meaning(code: int) -> str:
    """The word a ``--json`` error gives for ``code`` (``unexpected_error`` for an unknown one)."""
    try:
        return _MEANINGS[ExitCode(code)]
    except ValueError:
        return _MEANINGS[ExitCode.FAILURE]


def for_error(error: BaseException) -> ExitCode:
    if isinstance(error, InvalidInput):
        return ExitCode.USAGE
    if isinstance(error, ConfigurationError):
        return ExitCode.CONFIGURATION
    if isinstance(error, TransportError):
        return ExitCode.TRANSPORT
    if isinstance(error, ApiError):
        return ExitCode.API_REFUSED
    return ExitCode.FAILURE


def for_outcome(kind: OutcomeKind) -> ExitCode:
    if kind is OutcomeKind.RESULT:
        return ExitCode.OK
    if kind in (OutcomeKind.NEEDS_APPROVAL, OutcomeKind.PENDING):
        return ExitCode.WAITING
    if kind is OutcomeKind.CONFIRM_APPROVER:
        return ExitCode.CONFIRM_APPROVER
    return ExitCode.NO_ACCESS
