"""The public API a plugin author learns in five minutes: the names of ``precontract``."""

from __future__ import annotations

import subprocess
import sys

import precontract


def test_the_core_names_are_exported_from_the_package() -> None:
    for name in (
        "PrecontractClient",
        "ConnectionReport",
        "Settings",
        "Environment",
        "RetryPolicy",
        "Credentials",
        "generate_credentials",
        "TokenError",
    ):
        assert name in precontract.__all__
        assert getattr(precontract, name) is not None
    assert precontract.PrecontractClient.__module__ == "precontract.client"


def _modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in run.stdout.split()}


def test_importing_the_package_or_a_web_host_loads_no_library_it_does_not_use_at_start() -> None:
    # What a host pays for at start: `import precontract` loads the error tree only, and the
    # connector service neither the migrations (alembic), nor the PDF (fpdf2, fontTools), nor the
    # QR code (qrcode, PIL), nor python-stdnum's network modules; each comes with its first use.
    package = _modules_after("import precontract")
    assert package.isdisjoint({"requests", "pydantic", "cryptography", "jwt", "stdnum", "ssl"})
    service = _modules_after("import precontract_ats.service")
    assert service.isdisjoint({"alembic", "fpdf", "fontTools", "qrcode", "PIL"})
