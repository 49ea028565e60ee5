"""The citizen data API ("Burgergegevens raadplegen"): an applicant's precontractual data.

The answer holds what an active mandate covers: flexi-job eligibility for the quarter and the
Student@work hours left, each with the day until which it may be consulted. Without an active
mandate the API answers 403 and this client raises
:class:`~precontract.errors.NoActiveMandate`.

>>> from precontract.http import HttpClient
>>> client = CitizenDataClient(HttpClient(base_url="http://127.0.0.1:9", timeout=(1, 1)))
>>> client.precontractual_data("85.07.30-033.29", employer="0403019261")
Traceback (most recent call last):
    ...
precontract.errors.InvalidSsin: the NISS 85.07.30-***.** has wrong check digits (the last two digits)
"""

from __future__ import annotations

from precontract.api._base import ApiClient, path_segment
from precontract.api.profile import PrecontractualData
from precontract.identifiers import EnterpriseNumber, Ssin

__all__ = ["CitizenDataClient"]


class CitizenDataClient(ApiClient):
    """Reads precontractual data under a citizen mandate (``client.citizen_data``)."""

    def precontractual_data(
        self, ssin: Ssin | str, *, employer: EnterpriseNumber | str
    ) -> PrecontractualData:
        """The applicant's flexi-job eligibility and Student@work hours, as far as the mandate
        for ``employer`` covers them (a data type outside it is ``None``).

        Raises :class:`~precontract.errors.NoActiveMandate` when the applicant has not granted
        access, or revoked it, or it ran out.
        """
        person = Ssin.parse(ssin)
        company = EnterpriseNumber.parse(employer)
        p = self._profile
        path = p.precontractual_data.format(ssin=path_segment(person.compact, "ssin"))
        response = self._request("GET", path, params={p.q_employer: company.compact})
        data = self._parse(PrecontractualData, response)
        if data.ssin != person:
            # Data about someone else must never land on this applicant's record.
            raise response.malformed(f"the answer is about {data.ssin.masked}, not {person.masked}")
        return data
