"""Teamtailor: the Partner API (a trigger in Teamtailor calls us) and custom-field values.

Followed documentation, by repository and file (see also ``docs/connector.md``):

- ``Teamtailor/tt-partner-docs`` (https://partner.teamtailor.com/partners):
  ``partners/_webhooks.md.erb`` (the partner event, the webhook reply's
  ``partner_result_attributes``, a plain-text error shown in the partner result),
  ``partners/partner_results/_update.md.erb`` and ``_index.md.erb`` (``PUT`` the update-url with
  ``Authorization: Bearer <partner API key>`` and ``X-Api-Version``; ``details`` an object at
  most two levels deep, ``actions`` ``{buttonText, endpoint}``, ``attachments`` ``{url,
  description}``), ``config.rb`` (the partner API version, ``20180828``),
  ``partners/_webhook_signatures.md.erb`` (``Teamtailor-Signature``), and the inbound endpoints
  in :mod:`.teamtailor_partner`;
- ``Teamtailor/docs`` (https://docs.teamtailor.com): ``_auth.md.erb`` (``Authorization: Token
  token=<key>``), ``_versioning.md.erb`` (``X-Api-Version`` required), ``_pagination.md.erb``
  (``page[size]`` at most 30, ``links.next``), ``_rate_limit.md`` (``X-Rate-Limit-*``),
  ``custom-fields/*`` and ``custom_field_values/*`` (a value's relationships carry ``data`` only
  with ``include=custom-field``; ``POST``/``PATCH``/``DELETE /v1/custom-field-values``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from precontract.fields import FLEXI_KEYS, FieldKey, HostField, ValueType
from precontract.i18n import Language
from precontract_ats.ats.base import (
    WITHOUT_NISS,
    AtsPlugin,
    ConnectionConfig,
    SettingField,
    SetupUrl,
)
from precontract_ats.ats.teamtailor_host import (
    API_VERSION,
    FIELD_TYPES,
    TeamtailorHost,
    UnknownCustomField,
)
from precontract_ats.ats.teamtailor_result import PARTNER_API_VERSION

if TYPE_CHECKING:
    from fastapi import APIRouter

    from precontract_ats.ats.port import ConnectorPort

__all__ = ["PLUGIN", "TeamtailorHost", "TeamtailorPlugin", "UnknownCustomField"]


class TeamtailorPlugin(AtsPlugin):
    kind: ClassVar[str] = "teamtailor"
    title: ClassVar[str] = "Teamtailor"
    setting_fields: ClassVar[tuple[SettingField, ...]] = (
        SettingField("provider_key", secret=True, input="password"),
        SettingField("partner_key", secret=True, input="password"),
        SettingField("api_key", secret=True, input="password"),
        SettingField("webhook_secret", secret=True, required=False, input="password"),
        SettingField("api_url", input="url", default="https://api.teamtailor.com"),
        SettingField("api_version", default=API_VERSION),
        SettingField("partner_api_version", default=PARTNER_API_VERSION),
        SettingField("ssin_field", required=False),
        WITHOUT_NISS,
    )
    value_types: ClassVar[tuple[ValueType, ...]] = tuple(FIELD_TYPES)
    generates_inbound_key: ClassVar[bool] = False
    inbound_key_setting: ClassVar[str | None] = "provider_key"

    def default_mapping(self, lang: Language) -> dict[FieldKey, HostField]:
        keys = (
            *FLEXI_KEYS,
            FieldKey.STUDENT_HOURS_REMAINING,
            FieldKey.STUDENT_CONSULTABLE_UNTIL,
            FieldKey.MANDATE_STATUS,
            FieldKey.CHECKED_AT,
        )
        # Teamtailor's API names are lower-case words joined by dashes.
        return {
            key: HostField("precontract-" + key.value.replace("_", "-"), self.default_type(key))
            for key in keys
        }

    def host(self, config: ConnectionConfig) -> TeamtailorHost:
        return TeamtailorHost(config, self.http)

    def setup_urls(self, base_url: str, config: ConnectionConfig) -> list[SetupUrl]:
        return [
            SetupUrl(
                "ats.teamtailor.url.base", f"{base_url}/ats/teamtailor", "ats.teamtailor.url.hint"
            )
        ]

    def router(self, connector: ConnectorPort) -> APIRouter:
        from precontract_ats.ats.teamtailor_partner import partner_router

        return partner_router(self, connector)


PLUGIN = TeamtailorPlugin
