"""Whose approval is it: the citizen who approved an access request, compared with the applicant.

An access request bound to an NISS can only be approved by that citizen: its approval is the
applicant's. A request the host could not bind (the ATS holds no NISS) is approved by whoever
opened its link: until a person of the employer accepts that citizen as the applicant, nothing
read under it may be filed under the applicant. :class:`Approver` says who approved, as far as
the API tells (the NISS, the birth date it encodes, the citizen's name where the mandate carries
it), and how that compares with what the host knows of the applicant.

>>> from precontract.identifiers import Ssin
>>> approver = Approver.compare(Ssin.parse("05031808614"), "Lucas Janssens",
...     applicant_name="Emma Claes", applicant_birth_date=dt.date(2004, 9, 23))
>>> approver.masked_ssin, approver.birth_date, approver.name_match, approver.birth_date_match
('05.03.18-***.**', datetime.date(2005, 3, 18), <Match.MISMATCH: 'mismatch'>, <Match.MISMATCH: 'mismatch'>)
>>> approver.match
<Match.MISMATCH: 'mismatch'>
>>> Approver.compare(Ssin.parse("04092315114"), "CLAES Emma", applicant_name="Emma Claes").match
<Match.MATCH: 'match'>
>>> Approver.compare(Ssin.parse("04092315114"), None, applicant_name="Emma Claes").match
<Match.UNKNOWN: 'unknown'>
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass

from precontract.i18n import Language, translate
from precontract.identifiers import Ssin

__all__ = ["Approver", "Match", "names_match"]


class Match(enum.StrEnum):
    """How a detail of the approver compares with what the host knows of the applicant."""

    MATCH = "match"
    MISMATCH = "mismatch"
    UNKNOWN = "unknown"  # one side does not know it: nothing to compare

    def label(self, lang: Language | str = "en") -> str:
        return translate(f"match.{self.value}", lang)


_WORD = re.compile(r"[^\W\d_]+")


def _words(name: str) -> frozenset[str]:
    # Registers and ATSs differ in accents, case, word order and punctuation ("CLAES Emma",
    # "Émma Claes"); anything beyond that is a difference for a person to judge.
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return frozenset(_WORD.findall(plain))


def names_match(known: str | None, registered: str | None) -> Match:
    """Compare a host's name of the applicant with the citizen's registered name.

    The words must agree, in any order, accents and case aside; one name may hold more words
    than the other (a second given name, a name used in daily life), but not other ones.
    """
    known_words = _words(known or "")
    registered_words = _words(registered or "")
    if not known_words or not registered_words:
        return Match.UNKNOWN
    if known_words <= registered_words or registered_words <= known_words:
        return Match.MATCH
    return Match.MISMATCH


def _dates_match(known: dt.date | None, encoded: dt.date | None) -> Match:
    if known is None or encoded is None:
        return Match.UNKNOWN
    return Match.MATCH if known == encoded else Match.MISMATCH


@dataclass(frozen=True, slots=True)
class Approver:
    """The citizen who approved an access request that was bound to no NISS.

    - ``ssin``: the approver's NISS (show :attr:`masked_ssin`, never the whole number);
    - ``birth_date``: read from the NISS (``None`` when the number does not encode it fully,
      as for some BIS numbers);
    - ``name``: the citizen's name, when the API gives it with the mandate;
    - ``name_match`` / ``birth_date_match``: compared with the host's applicant.
    """

    ssin: Ssin
    birth_date: dt.date | None
    name: str | None
    name_match: Match
    birth_date_match: Match

    @classmethod
    def compare(
        cls,
        ssin: Ssin,
        name: str | None,
        *,
        applicant_name: str | None = None,
        applicant_birth_date: dt.date | None = None,
    ) -> Approver:
        birth_date = ssin.birth_date
        return cls(
            ssin=ssin,
            birth_date=birth_date,
            name=(name or "").strip() or None,
            name_match=names_match(applicant_name, name),
            birth_date_match=_dates_match(applicant_birth_date, birth_date),
        )

    @property
    def masked_ssin(self) -> str:
        return self.ssin.masked

    @property
    def match(self) -> Match:
        """``MISMATCH`` when any detail differs, ``MATCH`` when what could be compared agrees,
        ``UNKNOWN`` when nothing could be compared."""
        results = (self.name_match, self.birth_date_match)
        if Match.MISMATCH in results:
            return Match.MISMATCH
        if Match.MATCH in results:
            return Match.MATCH
        return Match.UNKNOWN

    @property
    def is_mismatch(self) -> bool:
        return self.match is Match.MISMATCH

    def lines(self, lang: Language | str = "en") -> list[str]:
        """What a recruiter reads: who approved, how it compares, and a warning on a mismatch."""
        born = self.birth_date.strftime("%d/%m/%Y") if self.birth_date else None
        lines = [
            translate(
                "approver.summary",
                lang,
                name=self.name or translate("approver.unnamed", lang),
                ssin=self.masked_ssin,
                birth_date=born or translate("approver.unknown_date", lang),
            ),
            translate("approver.name_match", lang, result=self.name_match.label(lang)),
            translate("approver.birth_date_match", lang, result=self.birth_date_match.label(lang)),
        ]
        if self.is_mismatch:
            lines.append(translate("approver.mismatch_warning", lang))
        return lines

    def to_dict(self) -> dict[str, str | None]:
        """A JSON-ready form, the NISS masked."""
        return {
            "ssin": self.masked_ssin,
            "birthDate": self.birth_date.isoformat() if self.birth_date else None,
            "name": self.name,
            "nameMatch": self.name_match.value,
            "birthDateMatch": self.birth_date_match.value,
            "match": self.match.value,
        }

    def __repr__(self) -> str:  # a name is personal data: keep logs lean
        return f"Approver(ssin={self.masked_ssin!r}, match={self.match.value!r})"
