"""What an administrator typed or uploaded that the connector refuses, said in their language.

The core's :class:`~precontract.errors.ConfigurationError` speaks of "the connection to social
security"; these refusals are about a form (a tenant, an employer, an ATS connection), so each has
its own sentence. ``str()`` stays the English developer message, for logs.

>>> InvalidInput("name_needed", "a name is needed", setting="name").user_message("nl")
'Geef een naam op.'
"""

from __future__ import annotations

from typing import Any

from precontract.errors import ConfigurationError
from precontract.i18n import Text
from precontract.masking import mask_ssins

__all__ = ["InvalidInput"]


class InvalidInput(ConfigurationError):
    """A value an administrator gave is refused; the text is ``connector.input.<code>``.

    ``label_key`` names the translated label of the field at fault (shown as ``{label}``).
    """

    def __init__(
        self, code: str, message: str, *, setting: str, label_key: str = "", **params: Any
    ) -> None:
        super().__init__(message, setting=setting)
        self.message_key = f"connector.input.{code}"
        self.label_key = label_key
        self.params.update({name: mask_ssins(str(value)) for name, value in params.items()})

    def text(self) -> Text:
        label: Text | str = Text(self.label_key) if self.label_key else self.setting or ""
        return Text(self.message_key, {"label": label, **self.params})
