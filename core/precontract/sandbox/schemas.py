"""The JSON shapes of the two business APIs, spelled as ``docs/api-contract.md`` spells them.

These models exist for the OpenAPI document and to validate what the sandbox sends; they are the
server's own reading of the contract, independent of the client's profile on purpose.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AccessRequestOut",
    "AccessRequestPageOut",
    "CreateAccessRequestIn",
    "EnterpriseRef",
    "MandateOut",
    "MandatePageOut",
    "PrecontractualDataOut",
    "ProblemOut",
]

DataTypeName = Literal["FLEXI_JOB_ELIGIBILITY", "STUDENT_HOURS"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


ENTERPRISE_PATTERN = "^[01][0-9]{9}$"
SSIN_PATTERN = "^[0-9]{11}$"


class EnterpriseRef(BaseModel):
    model_config = ConfigDict(extra="allow")

    enterpriseNumber: str = Field(
        examples=["0403019261"], json_schema_extra={"pattern": ENTERPRISE_PATTERN}
    )
    name: str | None = None


def _document_request(schema: dict[str, Any]) -> None:
    # The handler checks these by hand, so that one badRequest names every wrong field; the
    # document still says what the contract accepts.
    properties = schema["properties"]
    properties["context"] = {"type": "string", "enum": ["PRECONTRACTUAL_DATA"]}
    properties["dataTypes"] = {
        "type": "array",
        "minItems": 1,
        "items": {"type": "string", "enum": list(get_args(DataTypeName))},
        "description": "The data asked; both when absent.",
        "example": list(get_args(DataTypeName)),
    }
    properties["ssin"] = {
        "type": "string",
        "pattern": SSIN_PATTERN,
        "description": "When given, only this citizen may approve.",
        "example": "85073003328",
    }


class CreateAccessRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_document_request)

    requester: EnterpriseRef
    employer: EnterpriseRef
    context: str = Field(examples=["PRECONTRACTUAL_DATA"])
    dataTypes: list[str] | None = Field(
        default=None, examples=[["FLEXI_JOB_ELIGIBILITY", "STUDENT_HOURS"]]
    )
    ssin: str | None = Field(default=None, examples=["85073003328"])
    reference: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        examples=["candidate-501"],
        description="The requester's own reference of the applicant, to list the request by.",
    )


class AccessRequestOut(_Out):
    requestId: str
    status: Literal["PENDING", "APPROVED", "REFUSED", "EXPIRED", "CANCELLED"]
    approvalUrl: str
    expiresAt: str
    requester: EnterpriseRef
    employer: EnterpriseRef
    context: str
    dataTypes: list[DataTypeName]
    createdAt: str
    ssin: str | None = None
    mandateId: str | None = None
    approvedAt: str | None = None
    reference: str | None = None


class AccessRequestPageOut(_Out):
    items: list[AccessRequestOut]
    total: int
    offset: int
    limit: int
    next: str | None = None


class MandateDataTypeOut(_Out):
    type: DataTypeName
    validUntil: str


class MandateOut(_Out):
    mandateId: str
    ssin: str
    status: Literal["ACTIVE", "REVOKED", "EXPIRED"]
    requester: EnterpriseRef
    employer: EnterpriseRef
    context: str
    grantedAt: str
    dataTypes: list[MandateDataTypeOut]
    citizenName: str | None = None


class MandatePageOut(_Out):
    items: list[MandateOut]
    total: int
    offset: int
    limit: int
    next: str | None = None


class PeriodOut(_Out):
    startDate: str
    endDate: str


class FlexiJobOut(_Out):
    eligible: bool
    period: PeriodOut | None = None
    consultableUntil: str


class StudentAtWorkOut(_Out):
    year: int
    contingentHours: int
    remainingHours: int
    asOf: str
    consultableUntil: str


class PrecontractualDataOut(_Out):
    ssin: str
    flexiJob: FlexiJobOut | None = None
    studentAtWork: StudentAtWorkOut | None = None


class IssueOut(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    type: str | None = None
    title: str | None = None
    in_: str | None = Field(default=None, alias="in")
    name: str | None = None
    value: str | None = None
    detail: str | None = None


class ProblemOut(BaseModel):
    """A Belgif problem (``application/problem+json``)."""

    model_config = ConfigDict(extra="allow")

    type: str
    href: str | None = None
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    issues: list[IssueOut] | None = None
    requiredScopes: list[str] | None = None
    retryAfterSec: int | None = None
