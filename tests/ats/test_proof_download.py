"""The recruiter page's PDF proof: offered once the data is read, in the reader's language, with the
code of the consultation's line in the connector's audit trail; gone with the values."""

from __future__ import annotations

import datetime as dt
import io

import requests
from pypdf import PdfReader
from sqlalchemy import select

from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract_ats.engine import Connector
from precontract_ats.store.models import AuditRecord

from .conftest import BothClocks
from .fakes.recruitee_fake import RecruiteeFake
from .journey import accept_approver, approve_latest, only_check, press_recruitee
from .support import Served


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def test_the_recruiter_downloads_the_proof_while_the_values_may_be_shown(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    page_url = press_recruitee(recruitee_fake, served.url, recruitee_key, "501")
    proof_url = f"{page_url}/proof.pdf"
    # Waiting for the applicant: nothing read, nothing to download.
    assert 'id="proof-link"' not in requests.get(page_url, timeout=10).text
    assert requests.get(proof_url, timeout=10).status_code == 404

    yasmine = personas.STUDENT_AND_FLEXI
    approve_latest(connector, sandbox, clocks.tick, yasmine.ssin)
    accept_approver(connector)
    page = requests.get(f"{page_url}?lang=fr", timeout=10).text
    assert 'id="proof-link"' in page
    assert "Télécharger la preuve (PDF)" in page

    download = requests.get(f"{proof_url}?lang=nl", timeout=10)
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["cache-control"] == "no-store"
    assert 'filename="proof-501-' in download.headers["content-disposition"]
    text = _text(download.content)
    assert "Bewijs van een precontractuele controle" in text
    check = only_check(connector)
    assert check.applicant_name
    assert check.applicant_name in text
    assert f"{yasmine.ssin.masked} (gemaskeerd)" in text
    assert yasmine.ssin.formatted not in text
    assert "412 van 650 uur" in text
    # The code on the page is on the consultation's line of the connector's audit trail.
    with connector.db.session() as session:
        codes = session.scalars(
            select(AuditRecord.integrity_code).where(AuditRecord.action == "consultation")
        ).all()
    assert len(codes) == 1
    assert codes[0] is not None
    assert codes[0] in text
    assert "Proof of a precontractual check" in _text(
        requests.get(f"{proof_url}?lang=en", timeout=10).content
    )

    # Past the flexi window the proof leaves the flexi answer out; past both, it is gone.
    clocks.set(dt.datetime(2026, 12, 29, 8, 0, tzinfo=dt.UTC))
    connector.run_once()
    text = _text(requests.get(f"{proof_url}?lang=en", timeout=10).content)
    assert "Its consultation window ended on 28/12/2026" in text
    assert "Eligible for a flexi-job" not in text
    assert "412 of 650 hours" in text
    clocks.set(dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC))
    connector.run_once()
    assert requests.get(proof_url, timeout=10).status_code in (404, 410)
    assert 'id="proof-link"' not in requests.get(page_url, timeout=10).text
    assert "proof" not in (only_check(connector).notes or {})  # the record left the store
