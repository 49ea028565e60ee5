"""The connector's shared state (settings, database, keys, clock, the ATS plugins) and the small
helpers every part of the engine uses."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping

from precontract.errors import ConfigurationError
from precontract.i18n import normalise_language
from precontract.identifiers import Ssin
from precontract.timeutil import Clock, system_clock
from precontract_ats.ats import KINDS, get_plugin
from precontract_ats.ats.base import AtsPlugin, CheckRef, ConnectionConfig, ReportKind
from precontract_ats.crypto import SecretBox
from precontract_ats.engine.snapshot import DECISION, CheckJob
from precontract_ats.outbox import queue_report
from precontract_ats.queue import new_owner, starting_grace
from precontract_ats.services.connections import connection_config
from precontract_ats.services.tenants import ClientPool
from precontract_ats.services.values import load_values
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store.database import Database
from precontract_ats.store.models import Check, Connection

__all__ = ["ConnectorBase"]


class ConnectorBase:
    """What the engine's parts share: built once per process, by the web app and the worker."""

    def __init__(
        self,
        settings: ConnectorSettings,
        db: Database,
        box: SecretBox,
        *,
        clock: Clock = system_clock,
        clients: ClientPool | None = None,
        plugins: Mapping[str, AtsPlugin] | None = None,
        owner: str | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.box = box
        self.clock = clock
        self.clients = clients or ClientPool()
        self.plugins: dict[str, AtsPlugin] = {kind: get_plugin(kind) for kind in KINDS}
        self.plugins.update(plugins or {})
        self.wake = threading.Event()
        self.action_key = box.derive("ats-actions")
        #: This process's name on the leases it takes.
        self.owner = owner or new_owner()
        self.starting_grace = starting_grace()

    # ------------------------------------------------------------------------------ helpers

    def plugin(self, kind: str) -> AtsPlugin:
        try:
            return self.plugins[kind]
        except KeyError:
            raise ConfigurationError(f"unknown ATS {kind!r}", setting="kind") from None

    def config(self, connection: Connection) -> ConnectionConfig:
        return connection_config(self.box, connection)

    def base_url(self, request_base: str | None = None) -> str:
        return (self.settings.base_url or request_base or "http://127.0.0.1:8000").rstrip("/")

    def page_url(self, token: str, base: str | None = None) -> str:
        return f"{self.base_url(base)}/r/{token}"

    def ssin_of(self, check: Check) -> Ssin | None:
        if check.ssin_enc is None:
            return None
        return Ssin.parse(self.box.decrypt_text(check.ssin_enc))

    def _set_ssin(self, check: Check, ssin: Ssin | None) -> None:
        if ssin is None:
            return
        check.ssin_enc = self.box.encrypt(ssin.compact)
        check.ssin_masked = ssin.masked

    def check_ref(self, check: Check) -> CheckRef:
        return CheckRef(
            id=check.id,
            token=check.token,
            candidate_ref=check.candidate_ref,
            context=dict(check.context or {}),
            page_url=str((check.context or {}).get("page_url") or self.page_url(check.token)),
        )

    def queue_report(self, check_id: int, kind: ReportKind) -> None:
        """Queue a report to the ATS, with the result's summary in the connection's language."""
        with self.db.session() as session:
            check = session.get(Check, check_id)
            if check is None:
                return
            queue_report(session, check, kind, self.clock())
        self.wake.set()

    def job_of(self, check: Check, owner: str) -> CheckJob:
        """The snapshot of ``check`` a run works on (call inside the claim's session)."""
        tenant = check.tenant
        _ = tenant.updated_at  # loaded now: the run reads it after the session closed
        return CheckJob(
            id=check.id,
            owner=owner,
            tenant=tenant,
            language=normalise_language(check.connection.language),
            employer=check.employer,
            candidate_ref=check.candidate_ref,
            applicant_name=check.applicant_name,
            applicant_email=check.applicant_email,
            applicant_language=check.applicant_language,
            ssin=self.ssin_of(check),
            request_id=check.request_id,
            mandate_id=check.mandate_id,
            values=load_values(check.values),
            status=check.status,
            notes=check.notes,
            approval_url=check.approval_url,
            approval_expires_at=check.approval_expires_at,
            follow_until=check.follow_until,
            created_at=check.created_at,
            in_trouble=bool(check.failures or check.last_failure or check.parked_at),
            decision=dict((check.notes or {}).get(DECISION) or {}),
        )

    @property
    def lease(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.settings.lease_seconds)
