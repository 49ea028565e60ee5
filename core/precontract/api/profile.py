"""The API profile: every path, field name, scope and problem type of the two business APIs.

The real contracts of "Burgermandaten beheren" (manage citizen mandates) and "Burgergegevens
raadplegen" (consult citizen data) are not public; this module is **our model** of them
(``docs/api-contract.md``), written the Belgif way (camelCase JSON, ``ssin``,
``enterpriseNumber``, problem+json). When an organisation receives the real contract with its
Chaman access, this is the one file to change: nothing else in the package spells a path or a
JSON field.

The models accept what a server may add later: unknown fields are ignored, and an unknown status
or data type parses (as ``UNKNOWN``) instead of crashing; an unknown mandate status never counts
as active.

>>> r = AccessRequest.model_validate({"requestId": "r1", "status": "SOMETHING_NEW",
...     "approvalUrl": "https://x/requests/r1", "expiresAt": "2026-11-28T23:59:59+01:00",
...     "requester": {"enterpriseNumber": "0403019261"}, "employer": {"enterpriseNumber": "403019261"},
...     "context": "PRECONTRACTUAL_DATA", "dataTypes": ["FLEXI_JOB_ELIGIBILITY"],
...     "createdAt": "2026-11-28T10:00:00+01:00"})
>>> r.status, r.employer.enterprise_number.formatted
(<AccessRequestStatus.UNKNOWN: 'UNKNOWN'>, '0403.019.261')
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from precontract.identifiers import EnterpriseNumber, Ssin

__all__ = [
    "PROFILE",
    "AccessRequest",
    "AccessRequestPage",
    "AccessRequestStatus",
    "ApiProfile",
    "CreateAccessRequest",
    "DataType",
    "FlexiJob",
    "FlexiPeriod",
    "Mandate",
    "MandateDataType",
    "MandatePage",
    "MandateStatus",
    "Party",
    "PrecontractualData",
    "ProblemTypes",
    "StudentAtWork",
]


# --------------------------------------------------------------------------- paths and names


@dataclass(frozen=True, slots=True)
class ProblemTypes:
    """Problem ``type`` URNs (Belgif, and the ones specific to these APIs)."""

    bad_request: str = "urn:problem-type:belgif:badRequest"
    no_access_token: str = "urn:problem-type:belgif:noAccessToken"
    invalid_access_token: str = "urn:problem-type:belgif:invalidAccessToken"
    expired_access_token: str = "urn:problem-type:belgif:expiredAccessToken"
    missing_scope: str = "urn:problem-type:belgif:missingScope"
    resource_not_found: str = "urn:problem-type:belgif:resourceNotFound"
    too_many_requests: str = "urn:problem-type:belgif:tooManyRequests"
    internal_server_error: str = "urn:problem-type:belgif:internalServerError"
    bad_gateway: str = "urn:problem-type:belgif:badGateway"
    service_unavailable: str = "urn:problem-type:belgif:serviceUnavailable"
    no_active_mandate: str = "urn:problem-type:socialsecurity:citizenMandates:noActiveMandate"
    conflict: str = "urn:problem-type:socialsecurity:citizenMandates:conflict"
    # The input-validation issue type used inside badRequest's issues[].
    invalid_input: str = "urn:problem-type:belgif:input-validation:schemaViolation"


@dataclass(frozen=True, slots=True)
class ApiProfile:
    """Paths (relative to the environment's ``api_url``), query parameters and scopes."""

    access_requests: str = "/citizenMandates/v1/accessRequests"
    access_request: str = "/citizenMandates/v1/accessRequests/{request_id}"
    mandates: str = "/citizenMandates/v1/mandates"
    mandate: str = "/citizenMandates/v1/mandates/{mandate_id}"
    precontractual_data: str = "/citizenData/v1/persons/{ssin}/precontractualData"

    # Query parameters
    q_employer: str = "employerEnterpriseNumber"
    q_status: str = "status"
    q_ssin: str = "ssin"
    q_reference: str = "reference"
    q_offset: str = "offset"
    q_limit: str = "limit"

    # Paging defaults and limits
    default_limit: int = 50
    max_limit: int = 100

    # The one context these APIs are about
    context: str = "PRECONTRACTUAL_DATA"

    # OAuth scopes (sandbox names; the real ones come with Chaman)
    scope_mandates: str = "scope:citizenmandates:manage"
    scope_citizen_data: str = "scope:citizendata:consult"

    # Response headers worth reading
    header_location: str = "Location"
    header_retry_after: str = "Retry-After"
    request_id_headers: tuple[str, ...] = ("X-Request-Id", "Request-Id", "X-Correlation-Id")

    problems: ProblemTypes = ProblemTypes()


PROFILE = ApiProfile()


# --------------------------------------------------------------------------- enumerations


class _TolerantEnum(enum.StrEnum):
    """A string enum whose unknown values parse as ``UNKNOWN`` instead of failing."""

    @classmethod
    def parse(cls, value: Any) -> Any:
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except ValueError:
            return cls("UNKNOWN")


class AccessRequestStatus(_TolerantEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REFUSED = "REFUSED"
    EXPIRED = "EXPIRED"
    CANCELLED = "CANCELLED"
    UNKNOWN = "UNKNOWN"


class MandateStatus(_TolerantEnum):
    ACTIVE = "ACTIVE"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    UNKNOWN = "UNKNOWN"


class DataType(_TolerantEnum):
    FLEXI_JOB_ELIGIBILITY = "FLEXI_JOB_ELIGIBILITY"
    STUDENT_HOURS = "STUDENT_HOURS"
    UNKNOWN = "UNKNOWN"


def _tolerant(enum_cls: type[_TolerantEnum]) -> BeforeValidator:
    return BeforeValidator(enum_cls.parse)


AccessRequestStatusField = Annotated[AccessRequestStatus, _tolerant(AccessRequestStatus)]
MandateStatusField = Annotated[MandateStatus, _tolerant(MandateStatus)]
DataTypeField = Annotated[DataType, _tolerant(DataType)]


# --------------------------------------------------------------------------- models


class _Model(BaseModel):
    """camelCase on the wire, snake_case in Python; unknown fields ignored."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore", frozen=True)


class Party(_Model):
    """An organisation in a request: the requester or the employer."""

    enterprise_number: EnterpriseNumber = Field(alias="enterpriseNumber")
    name: str | None = None


class CreateAccessRequest(_Model):
    """Body of ``POST /accessRequests``."""

    requester: Party
    employer: Party
    context: str = PROFILE.context
    data_types: list[DataTypeField] = Field(
        default_factory=lambda: [DataType.FLEXI_JOB_ELIGIBILITY, DataType.STUDENT_HOURS],
        alias="dataTypes",
    )
    ssin: Ssin | None = None
    # The requester's own reference of the applicant (an ATS candidate id): lets a second check
    # find the request still pending for them instead of making another.
    reference: str | None = Field(default=None, max_length=100)


class AccessRequest(_Model):
    """An access request, as created and as read back."""

    request_id: str = Field(alias="requestId")
    status: AccessRequestStatusField
    approval_url: str = Field(alias="approvalUrl")
    expires_at: dt.datetime = Field(alias="expiresAt")
    requester: Party
    employer: Party
    context: str = PROFILE.context
    data_types: list[DataTypeField] = Field(default_factory=list, alias="dataTypes")
    created_at: dt.datetime | None = Field(default=None, alias="createdAt")
    ssin: Ssin | None = None
    mandate_id: str | None = Field(default=None, alias="mandateId")
    approved_at: dt.datetime | None = Field(default=None, alias="approvedAt")
    reference: str | None = None


class AccessRequestPage(_Model):
    items: list[AccessRequest] = Field(default_factory=list)
    total: int = 0
    offset: int = 0
    limit: int = PROFILE.default_limit
    next: str | None = None


class MandateDataType(_Model):
    type: DataTypeField
    valid_until: dt.date = Field(alias="validUntil")


class Mandate(_Model):
    """A citizen mandate: the applicant's consent, per data type, until a date."""

    mandate_id: str = Field(alias="mandateId")
    ssin: Ssin
    status: MandateStatusField
    requester: Party
    employer: Party
    context: str = PROFILE.context
    granted_at: dt.datetime = Field(alias="grantedAt")
    data_types: list[MandateDataType] = Field(default_factory=list, alias="dataTypes")
    # The citizen's name as the register knows it (the NSSO's screen shows it beside the NISS);
    # optional: a server may leave it out, and nothing but the confirmation step relies on it.
    citizen_name: str | None = Field(default=None, alias="citizenName")

    @property
    def is_active(self) -> bool:
        """Only the ``ACTIVE`` status counts; an unknown one does not."""
        return self.status is MandateStatus.ACTIVE

    def valid_until(self, data_type: DataType) -> dt.date | None:
        """The last day ``data_type`` may be consulted under this mandate, if covered."""
        for item in self.data_types:
            if item.type is data_type:
                return item.valid_until
        return None


class MandatePage(_Model):
    items: list[Mandate] = Field(default_factory=list)
    total: int = 0
    offset: int = 0
    limit: int = PROFILE.default_limit
    next: str | None = None


class FlexiPeriod(_Model):
    start_date: dt.date = Field(alias="startDate")
    end_date: dt.date = Field(alias="endDate")

    def covers(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date


class FlexiJob(_Model):
    """Flexi-job eligibility for one quarter."""

    eligible: bool
    period: FlexiPeriod | None = None
    consultable_until: dt.date | None = Field(default=None, alias="consultableUntil")


class StudentAtWork(_Model):
    """The Student@work quota of one calendar year, as of a moment."""

    year: int
    contingent_hours: int = Field(alias="contingentHours")
    remaining_hours: int = Field(alias="remainingHours")
    as_of: dt.datetime = Field(alias="asOf")
    consultable_until: dt.date | None = Field(default=None, alias="consultableUntil")


class PrecontractualData(_Model):
    """The answer of the citizen data API; a data type outside the mandate is ``None``."""

    ssin: Ssin
    flexi_job: FlexiJob | None = Field(default=None, alias="flexiJob")
    student_at_work: StudentAtWork | None = Field(default=None, alias="studentAtWork")
