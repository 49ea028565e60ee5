"""The citizen mandates API ("Burgermandaten beheren"): access requests and mandates.

Every path and field comes from :mod:`precontract.api.profile`. Identifiers are checked before
any call goes out: an invalid NISS or enterprise number never reaches the network.

>>> from precontract.http import HttpClient
>>> client = MandatesClient(HttpClient(base_url="http://127.0.0.1:9", timeout=(1, 1)))
>>> client.create_access_request(requester="0123456749", employer="0403019262")
Traceback (most recent call last):
    ...
precontract.errors.InvalidEnterpriseNumber: the enterprise number 0403019262 has wrong check digits (the last two digits)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from precontract.api._base import ApiClient, path_segment
from precontract.api.profile import (
    AccessRequest,
    AccessRequestPage,
    AccessRequestStatus,
    CreateAccessRequest,
    DataType,
    Mandate,
    MandatePage,
    MandateStatus,
    Party,
)
from precontract.errors import Conflict
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.masking import MaskingFilter

__all__ = ["MandatesClient"]

logger = logging.getLogger(__name__)
logger.addFilter(MaskingFilter())


class MandatesClient(ApiClient):
    """Create, read and cancel access requests; list and read mandates.

    Build it from a :class:`~precontract.client.PrecontractClient` (``client.mandates``).
    """

    def create_access_request(
        self,
        *,
        requester: EnterpriseNumber | str,
        employer: EnterpriseNumber | str,
        ssin: Ssin | str | None = None,
        data_types: Iterable[DataType | str] | None = None,
        reference: str | None = None,
    ) -> AccessRequest:
        """Ask the citizen's consent; answer the request with its ``approval_url`` (the QR code).

        ``ssin`` binds the request to one citizen; ``data_types`` defaults to both data types;
        ``reference`` is your own id of the applicant (at most 100 characters), to find the
        request again with :meth:`list_access_requests`. The request must be approved before the
        end of the (Brussels) day.
        """
        if reference is not None and not 1 <= len(reference) <= 100:
            raise ValueError("a reference has 1 to 100 characters")
        body = CreateAccessRequest(
            requester=Party(enterprise_number=EnterpriseNumber.parse(requester)),
            employer=Party(enterprise_number=EnterpriseNumber.parse(employer)),
            ssin=Ssin.parse(ssin) if ssin is not None else None,
            reference=reference,
            **({"data_types": _data_types(data_types)} if data_types is not None else {}),
        )
        response = self._request(
            "POST",
            self._profile.access_requests,
            json=body.model_dump(mode="json", by_alias=True, exclude_none=True),
        )
        created = self._parse(AccessRequest, response)
        logger.info(
            "access request %s created for employer %s%s",
            created.request_id,
            created.employer.enterprise_number.formatted,
            f" and {body.ssin.masked}" if body.ssin else "",
        )
        return created

    def get_access_request(self, request_id: str) -> AccessRequest:
        """The request as it stands now (``PENDING``, ``APPROVED`` with the NISS and mandate…)."""
        path = self._profile.access_request.format(
            request_id=path_segment(request_id, "request_id")
        )
        return self._parse(AccessRequest, self._request("GET", path))

    def cancel_access_request(self, request_id: str) -> None:
        """Cancel a pending request (its QR code stops working).

        Cancelling a request that is already cancelled is not an error (a repeated DELETE whose
        first answer was lost ends here too); any other state raises :class:`Conflict`.
        """
        path = self._profile.access_request.format(
            request_id=path_segment(request_id, "request_id")
        )
        try:
            self._request("DELETE", path)
        except Conflict:
            if self.get_access_request(request_id).status is not AccessRequestStatus.CANCELLED:
                raise

    def list_access_requests(
        self,
        *,
        employer: EnterpriseNumber | str,
        status: AccessRequestStatus | None = AccessRequestStatus.PENDING,
        ssin: Ssin | str | None = None,
        reference: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> AccessRequestPage:
        """One page of this requester's access requests for ``employer`` (newest first).

        ``ssin``: the requests bound to (or approved by) that citizen; ``reference``: those made
        with that reference; ``status=None``: every status.
        """
        p = self._profile
        params = self._page_params(employer, offset, limit)
        if status is not None:
            if status is AccessRequestStatus.UNKNOWN:
                raise ValueError("cannot list access requests of an UNKNOWN status")
            params[p.q_status] = AccessRequestStatus(status).value
        if ssin is not None:
            params[p.q_ssin] = Ssin.parse(ssin).compact
        if reference is not None:
            params[p.q_reference] = reference
        return self._parse(
            AccessRequestPage, self._request("GET", p.access_requests, params=params)
        )

    def _page_params(
        self, employer: EnterpriseNumber | str, offset: int, limit: int | None
    ) -> dict[str, str | int]:
        page_size = self._profile.default_limit if limit is None else limit
        if not 1 <= page_size <= self._profile.max_limit:
            raise ValueError(f"limit must be 1..{self._profile.max_limit}, not {page_size}")
        if offset < 0:
            raise ValueError(f"offset must be 0 or more, not {offset}")
        p = self._profile
        return {
            p.q_employer: EnterpriseNumber.parse(employer).compact,
            p.q_offset: offset,
            p.q_limit: page_size,
        }

    def list_mandates(
        self,
        *,
        employer: EnterpriseNumber | str,
        status: MandateStatus | None = MandateStatus.ACTIVE,
        ssin: Ssin | str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> MandatePage:
        """One page of the mandates granted for ``employer`` (``status=None``: every status)."""
        p = self._profile
        params = self._page_params(employer, offset, limit)
        if status is not None:
            if status is MandateStatus.UNKNOWN:
                raise ValueError("cannot list mandates of an UNKNOWN status")
            params[p.q_status] = MandateStatus(status).value
        if ssin is not None:
            params[p.q_ssin] = Ssin.parse(ssin).compact
        return self._parse(MandatePage, self._request("GET", p.mandates, params=params))

    def iter_mandates(
        self,
        *,
        employer: EnterpriseNumber | str,
        status: MandateStatus | None = MandateStatus.ACTIVE,
        ssin: Ssin | str | None = None,
        page_size: int | None = None,
    ) -> Iterator[Mandate]:
        """Every mandate of ``employer``, page after page (pages are fetched as needed)."""
        employer = EnterpriseNumber.parse(employer)
        ssin = Ssin.parse(ssin) if ssin is not None else None
        offset = 0
        while True:
            page = self.list_mandates(
                employer=employer, status=status, ssin=ssin, offset=offset, limit=page_size
            )
            yield from page.items
            offset += len(page.items)
            # An empty page ends the walk even if ``total`` promised more: no endless loop.
            if not page.items or offset >= page.total:
                return

    def get_mandate(self, mandate_id: str) -> Mandate:
        """One mandate, with its status and how long each data type may be consulted."""
        path = self._profile.mandate.format(mandate_id=path_segment(mandate_id, "mandate_id"))
        return self._parse(Mandate, self._request("GET", path))


def _data_types(values: Iterable[DataType | str]) -> list[DataType]:
    chosen: list[DataType] = []
    for value in values:
        try:
            data_type = DataType(value)
        except ValueError:
            raise ValueError(
                f"unknown data type {value!r}: use {', '.join(d.value for d in _KNOWN)}"
            ) from None
        if data_type is DataType.UNKNOWN:
            raise ValueError(
                f"cannot ask for an UNKNOWN data type: use {', '.join(d.value for d in _KNOWN)}"
            )
        if data_type not in chosen:
            chosen.append(data_type)
    if not chosen:
        raise ValueError("ask for at least one data type")
    return chosen


_KNOWN = tuple(d for d in DataType if d is not DataType.UNKNOWN)
