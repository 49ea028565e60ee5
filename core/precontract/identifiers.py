"""Belgian identifiers: the NISS/INSZ of a person and the KBO/BCE number of an enterprise.

Both are small immutable value types built on python-stdnum (``stdnum.be.ssn`` and
``stdnum.be.vat``): construct them with :meth:`parse`, which accepts the usual written forms,
normalises, and raises a clear :class:`~precontract.errors.InvalidIdentifier` otherwise.

>>> ssin = Ssin.parse("85.07.30-033.28")
>>> str(ssin), ssin.formatted, ssin.masked
('85073003328', '85.07.30-033.28', '85.07.30-***.**')
>>> ssin                                   # repr never shows the whole number
Ssin('85.07.30-***.**')
>>> Ssin.parse("85073003329")
Traceback (most recent call last):
    ...
precontract.errors.InvalidSsin: the NISS 85.07.30-***.** has wrong check digits (the last two digits)
>>> Ssin.parse("98.47.28-997.65").is_bis
True
>>> kbo = EnterpriseNumber.parse("BE 0403.019.261")
>>> str(kbo), kbo.formatted
('0403019261', '0403.019.261')
>>> EnterpriseNumber.parse("403019261")     # old 9-digit form, or returned without its leading 0
EnterpriseNumber('0403.019.261')

Both work as pydantic field types: they validate from a string and serialise to the compact
digits.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar, Self

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema
from stdnum import exceptions as stdnum_errors
from stdnum.be import bis as stdnum_bis
from stdnum.be import ssn as stdnum_ssn
from stdnum.be import vat as stdnum_vat

from precontract.errors import InvalidEnterpriseNumber, InvalidSsin
from precontract.masking import mask_ssin

__all__ = ["EnterpriseNumber", "Ssin"]

_SSIN_SEPARATORS = re.compile(r"[\s.\-/]")
_KBO_SEPARATORS = re.compile(r"[\s.\-/]")


class _Identifier:
    """Shared behaviour: immutable, hashable, compares equal on the compact digits."""

    __slots__ = ("_value",)
    _value: str

    def __init__(self, value: str) -> None:
        raise TypeError(f"use {type(self).__name__}.parse(...) to build one")

    @classmethod
    def _new(cls, compact: str) -> Self:
        obj = object.__new__(cls)
        object.__setattr__(obj, "_value", compact)
        return obj

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __str__(self) -> str:
        return self._value

    @property
    def compact(self) -> str:
        """The digits only, as the APIs want them."""
        return self._value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, type(self)):
            return self._value == other._value
        return NotImplemented

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._value))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self).parse, (self._value,))

    @classmethod
    def parse(cls, raw: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    @classmethod
    def is_valid(cls, raw: object) -> bool:
        """True when ``raw`` parses."""
        try:
            cls.parse(raw)
        except (InvalidSsin, InvalidEnterpriseNumber):
            return False
        return True

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: Any) -> Any:
            try:
                return cls.parse(value)
            except (InvalidSsin, InvalidEnterpriseNumber) as exc:
                # A ValueError: pydantic keeps it (its context's "error"), so a configuration
                # error can say it in the user's language; its message is masked already.
                raise exc from None

        return core_schema.no_info_plain_validator_function(
            validate,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


class Ssin(_Identifier):
    """A Belgian social security identification number: national register (NISS/INSZ) or BIS.

    ``str()`` gives the 11 digits the APIs use; :attr:`formatted` the display form
    ``85.07.30-033.28``; :attr:`masked` the form for logs and lists ``85.07.30-***.**``.
    """

    __slots__ = ()
    kind: ClassVar[str] = "NISS"

    @classmethod
    def parse(cls, raw: Ssin | str | int) -> Ssin:
        """Normalise and validate; raise :class:`InvalidSsin` saying what is wrong."""
        if isinstance(raw, Ssin):
            return raw
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = f"{raw:011d}"
        if not isinstance(raw, str):
            raise InvalidSsin(f"an NISS must be text, not {type(raw).__name__}", reason="format")
        digits = _SSIN_SEPARATORS.sub("", raw.strip())
        if not digits:
            raise InvalidSsin("the NISS is empty", reason="empty")
        if not digits.isdigit() or not digits.isascii():
            raise InvalidSsin("an NISS holds only digits (and . - separators)", reason="format")
        if len(digits) != 11:
            raise InvalidSsin(f"an NISS has 11 digits, this one has {len(digits)}", reason="length")
        shown = mask_ssin(digits)
        try:
            compact = stdnum_ssn.validate(digits)
        except stdnum_errors.InvalidChecksum:
            raise InvalidSsin(
                f"the NISS {shown} has wrong check digits (the last two digits)",
                reason="checksum",
            ) from None
        except stdnum_errors.InvalidComponent:
            raise InvalidSsin(
                f"the NISS {shown} does not hold a possible date of birth", reason="date"
            ) from None
        except stdnum_errors.ValidationError:
            raise InvalidSsin(f"the NISS {shown} is not valid", reason="format") from None
        return cls._new(str(compact))

    @property
    def formatted(self) -> str:
        """``85.07.30-033.28``"""
        return str(stdnum_ssn.format(self._value))

    @property
    def masked(self) -> str:
        """``85.07.30-***.**``: safe for logs, lists and messages."""
        return mask_ssin(self._value)

    @property
    def is_bis(self) -> bool:
        """True for a BIS number (people not in the national register: month + 20 or + 40)."""
        return bool(stdnum_bis.is_valid(self._value))

    @property
    def birth_date(self) -> dt.date | None:
        """The date of birth encoded in the number, when it is fully known."""
        value = stdnum_ssn.get_birth_date(self._value)
        return value if isinstance(value, dt.date) else None

    def __repr__(self) -> str:
        return f"Ssin({self.masked!r})"


class EnterpriseNumber(_Identifier):
    """A KBO/BCE enterprise number: 10 digits starting with 0 or 1, mod-97 check.

    Accepts ``0403.019.261``, ``BE 0403019261``, ``BE0403.019.261`` and the 9-digit form
    (old numbers, or numbers an API returned without the leading 0).
    """

    __slots__ = ()
    kind: ClassVar[str] = "KBO"

    @classmethod
    def parse(cls, raw: EnterpriseNumber | str | int) -> EnterpriseNumber:
        """Normalise and validate; raise :class:`InvalidEnterpriseNumber` saying what is wrong."""
        if isinstance(raw, EnterpriseNumber):
            return raw
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = f"{raw:010d}"
        if not isinstance(raw, str):
            raise InvalidEnterpriseNumber(
                f"an enterprise number must be text, not {type(raw).__name__}", reason="format"
            )
        text = _KBO_SEPARATORS.sub("", raw.strip()).upper()
        if text.startswith("BE"):
            text = text[2:]
        if text.startswith("(0)"):
            text = "0" + text[3:]
        if not text:
            raise InvalidEnterpriseNumber("the enterprise number is empty", reason="empty")
        # What was typed is not echoed: in an enterprise number field it may well be an NISS.
        if not text.isdigit() or not text.isascii():
            raise InvalidEnterpriseNumber(
                "an enterprise number holds only digits (optionally 'BE' and . separators)",
                reason="format",
            )
        if len(text) == 9:
            text = "0" + text
        if len(text) != 10:
            raise InvalidEnterpriseNumber(
                f"an enterprise number has 10 digits, this one has {len(text)}", reason="length"
            )
        try:
            compact = stdnum_vat.validate(text)
        except stdnum_errors.InvalidComponent:
            raise InvalidEnterpriseNumber(
                f"an enterprise number starts with 0 or 1, not {text[0]} ({text})",
                reason="first_digit",
            ) from None
        except stdnum_errors.InvalidChecksum:
            raise InvalidEnterpriseNumber(
                f"the enterprise number {text} has wrong check digits (the last two digits)",
                reason="checksum",
            ) from None
        except stdnum_errors.ValidationError:
            raise InvalidEnterpriseNumber(
                f"the enterprise number {text} is not valid", reason="format"
            ) from None
        return cls._new(str(compact))

    @property
    def formatted(self) -> str:
        """``0403.019.261``"""
        v = self._value
        return f"{v[0:4]}.{v[4:7]}.{v[7:10]}"

    def __repr__(self) -> str:
        return f"EnterpriseNumber({self.formatted!r})"
