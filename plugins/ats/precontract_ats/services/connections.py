"""ATS connections: their settings, their secrets (encrypted, never shown back), the inbound key
the ATS presents, and the field mapping.

An inbound key is found by its SHA-256 (:func:`~precontract_ats.crypto.token_hash`): the key made by
us (a Recruitee customer token, a Bullhorn tab key) is shown once when made and never again; a key
issued by the ATS (Teamtailor's provider key) is pasted by the administrator and kept encrypted.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from precontract.fields import FieldKey, FieldMapping, HostField, IncompatibleField, ValueType
from precontract.i18n import normalise_language
from precontract_ats.ats import get_plugin
from precontract_ats.ats.base import AtsPlugin, ConnectionConfig
from precontract_ats.crypto import SecretBox, token_hash
from precontract_ats.services.errors import InvalidInput
from precontract_ats.store.models import Connection, Employer, Tenant

__all__ = [
    "connection_config",
    "create_connection",
    "find_by_inbound_key",
    "mapping_of",
    "new_inbound_key",
    "save_mapping",
    "update_connection",
]


def new_inbound_key() -> str:
    """A fresh inbound key: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def _secrets(box: SecretBox, connection: Connection) -> dict[str, str]:
    if connection.secrets_enc is None:
        return {}
    loaded: dict[str, str] = json.loads(box.decrypt_text(connection.secrets_enc))
    return loaded


def _apply(
    plugin: AtsPlugin,
    box: SecretBox,
    connection: Connection,
    settings: Mapping[str, str],
    new_secrets: Mapping[str, str],
) -> None:
    values: dict[str, str] = {}
    stored = _secrets(box, connection)
    for item in plugin.setting_fields:
        if item.secret:
            given = (new_secrets.get(item.name) or "").strip()
            if given:
                stored[item.name] = given  # a blank field keeps the stored secret
            if item.required and not stored.get(item.name):
                raise _required(plugin, item.name)
        else:
            value = (settings.get(item.name) or item.default or "").strip()
            if item.required and not value:
                raise _required(plugin, item.name)
            if item.choices and value not in item.choices:
                raise InvalidInput(
                    "not_a_choice",
                    f"{item.name} is one of {', '.join(item.choices)}",
                    setting=item.name,
                    label_key=f"ats.{plugin.kind}.{item.name}",
                )
            if value and item.input == "url" and not value.startswith(("http://", "https://")):
                raise InvalidInput(
                    "not_http",
                    f"{item.name} must be an http(s) address",
                    setting=item.name,
                    label_key=f"ats.{plugin.kind}.{item.name}",
                )
            values[item.name] = value.rstrip("/") if item.input == "url" else value
    connection.settings = values
    connection.secrets_enc = box.encrypt(json.dumps(stored)) if stored else None
    if not plugin.generates_inbound_key and plugin.inbound_key_setting:
        key = stored.get(plugin.inbound_key_setting)
        connection.inbound_key_hash = token_hash(key) if key else None


def _key_free(session: Session, plugin: AtsPlugin, connection: Connection) -> None:
    """Another connection answering to the same inbound key could not be told apart: refused
    (e.g. a Teamtailor provider key pasted in two connections)."""
    if connection.inbound_key_hash is None:
        return
    query = select(Connection.id).where(Connection.inbound_key_hash == connection.inbound_key_hash)
    if connection.id is not None:
        query = query.where(Connection.id != connection.id)
    with session.no_autoflush:  # the changed key must not be written before it is checked
        other = session.scalar(query)
    if other is not None:
        name = plugin.inbound_key_setting or "inbound_key"
        raise InvalidInput(
            "key_in_use",
            f"{name} is already the key of another connection",
            setting=name,
            label_key=f"ats.{plugin.kind}.{name}",
        )


def _required(plugin: AtsPlugin, name: str) -> InvalidInput:
    return InvalidInput(
        "required", f"{name} is required", setting=name, label_key=f"ats.{plugin.kind}.{name}"
    )


def _name(value: str) -> str:
    if not value.strip():
        raise InvalidInput("name_needed", "a name is needed", setting="name")
    return value.strip()[:200]


def _employer(session: Session, tenant: Tenant, employer_id: int | None) -> int | None:
    if employer_id is None:
        return None
    employer = session.get(Employer, employer_id)
    if employer is None or employer.tenant_id != tenant.id:
        raise InvalidInput(
            "employer_not_here", "this employer does not belong to the tenant", setting="employer"
        )
    return employer.id


def create_connection(
    session: Session,
    box: SecretBox,
    tenant: Tenant,
    *,
    kind: str,
    name: str,
    settings: Mapping[str, str],
    secret_values: Mapping[str, str],
    employer_id: int | None = None,
    language: str = "nl",
) -> tuple[Connection, str | None]:
    """A new connection, and the inbound key to paste into the ATS when we make it (shown once)."""
    plugin = get_plugin(kind)
    connection = Connection(
        tenant_id=tenant.id,
        kind=plugin.kind,
        name=_name(name),
        language=normalise_language(language),
        employer_id=_employer(session, tenant, employer_id),
        field_mapping=_mapping_json(
            FieldMapping(plugin.default_mapping(normalise_language(language)))
        ),
    )
    _apply(plugin, box, connection, settings, secret_values)
    _key_free(session, plugin, connection)
    key: str | None = None
    if plugin.generates_inbound_key:
        key = new_inbound_key()
        connection.inbound_key_hash = token_hash(key)
    session.add(connection)
    session.flush()
    return connection, key


def update_connection(
    session: Session,
    box: SecretBox,
    connection: Connection,
    *,
    name: str,
    settings: Mapping[str, str],
    secret_values: Mapping[str, str],
    employer_id: int | None,
    language: str,
    enabled: bool = True,
) -> Connection:
    if connection.archived_at is not None and enabled:
        # Archived is for good: its inbound key may be in the hands of an ATS no longer trusted.
        raise InvalidInput(
            "connection_archived",
            "an archived connection cannot be switched on again",
            setting="enabled",
        )
    plugin = get_plugin(connection.kind)
    connection.name = _name(name)
    connection.language = normalise_language(language)
    connection.employer_id = _employer(session, connection.tenant, employer_id)
    connection.enabled = enabled
    _apply(plugin, box, connection, settings, secret_values)
    _key_free(session, plugin, connection)
    session.flush()
    return connection


def regenerate_inbound_key(session: Session, connection: Connection) -> str:
    """A new inbound key (the old one stops working at once); shown once."""
    key = new_inbound_key()
    connection.inbound_key_hash = token_hash(key)
    session.flush()
    return key


def find_by_inbound_key(session: Session, kind: str, key: str | None) -> Connection | None:
    """The enabled connection of ``kind`` whose inbound key is ``key``."""
    if not key:
        return None
    connection = session.scalar(
        select(Connection).where(Connection.inbound_key_hash == token_hash(key))
    )
    if connection is None or connection.kind != kind or not connection.enabled:
        return None
    return connection


def _mapping_json(mapping: FieldMapping) -> dict[str, Any]:
    return {
        key.value: {"name": host.name, "type": host.type.value}
        for key, host in mapping.fields.items()
    }


def mapping_of(connection: Connection) -> FieldMapping:
    raw = connection.field_mapping or {}
    return FieldMapping(
        {
            FieldKey(key): HostField(item["name"], ValueType(item["type"]))
            for key, item in raw.items()
        }
    )


def save_mapping(
    session: Session,
    connection: Connection,
    names: Mapping[str, str],
    types: Mapping[str, str],
) -> FieldMapping:
    """Replace the mapping (blank names are left unmapped); checked before it is saved."""
    plugin = get_plugin(connection.kind)
    try:
        mapping = FieldMapping.from_names(
            {key: name.strip() for key, name in names.items() if name and name.strip()},
            {key: value for key, value in types.items() if value},
        )
    except ValueError as exc:
        raise IncompatibleField(str(exc)) from exc
    plugin.check_mapping(mapping)
    connection.field_mapping = _mapping_json(mapping)
    session.flush()
    return mapping


def connection_config(box: SecretBox, connection: Connection) -> ConnectionConfig:
    """The decrypted view a plugin host works with."""
    tenant = connection.tenant
    return ConnectionConfig(
        id=connection.id,
        tenant_id=connection.tenant_id,
        kind=connection.kind,
        name=connection.name,
        language=normalise_language(connection.language),
        settings=dict(connection.settings or {}),
        secrets=_secrets(box, connection),
        mapping=mapping_of(connection),
        employers=tuple((e.enterprise_number, e.name) for e in tenant.employers),
        default_employer=(
            connection.employer.enterprise_number if connection.employer else tenant.requester
        ),
    )
