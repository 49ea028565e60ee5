"""``precontract sandbox``: serve the sandbox, and ``sandbox register`` a client with it.

Against a sandbox there is no Chaman: an integrator registers a client ID and its certificate
with the sandbox itself (its ``POST /sandbox/clients`` control), then points a configuration at
it. ``register`` does that in one command, with the integrator's certificate or with a new key
and certificate it writes to disk.
"""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path
from typing import Any

import click
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from precontract.cli import render
from precontract.cli.app import Failure, Runtime, cli, pass_runtime
from precontract.cli.catalogue import t
from precontract.cli.exit_codes import ExitCode
from precontract.config import DEFAULT_SANDBOX_URL, ENV_PREFIX, read_file
from precontract.credentials import generate_credentials
from precontract.errors import ConfigurationError
from precontract.sandbox_registration import SandboxRegistrationError, register_client
from precontract.testing import new_client_id

__all__ = ["register", "sandbox"]

KEY_FILE = "precontract-sandbox-key.pem"
CERTIFICATE_FILE = "precontract-sandbox-certificate.pem"


@cli.group(invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--state",
    "state_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Keep the sandbox's data in this file across restarts.",
)
@click.option("--no-controls", is_flag=True, help="Switch off the /sandbox/... test controls.")
@click.pass_context
def sandbox(
    ctx: click.Context, host: str, port: int, state_file: Path | None, no_controls: bool
) -> None:
    """Serve the sandbox (the APIs and the citizen portal) until Ctrl+C.

    `precontract sandbox register` registers a client ID and certificate with a running sandbox.
    """
    if ctx.invoked_subcommand is not None:
        return
    runtime = ctx.find_object(Runtime) or Runtime()
    try:
        from precontract.sandbox import serve  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise Failure(t("cli.sandbox_missing", runtime.lang), ExitCode.CONFIGURATION) from exc
    _check_port(runtime, host, port)
    serve(host, port, state_file=state_file, controls=not no_controls)


def _check_port(runtime: Runtime, host: str, port: int) -> None:
    """One clear line when the address is taken or not this machine's, before the server logs
    its own errors."""
    if port == 0:
        return
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise Failure(t("cli.host_unknown", runtime.lang, host=host), ExitCode.USAGE) from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            key = "cli.port_busy" if exc.errno == errno.EADDRINUSE else "cli.address_unusable"
            raise Failure(t(key, runtime.lang, host=host, port=port), ExitCode.USAGE) from exc


# --------------------------------------------------------------------------------- register


def _sandbox_url(runtime: Runtime, url: str | None) -> str:
    given = (
        url or runtime.overrides.get("sandbox_url") or os.environ.get(f"{ENV_PREFIX}SANDBOX_URL")
    )
    return str(given or DEFAULT_SANDBOX_URL).strip().rstrip("/")


def _certificate_pem(path: Path) -> bytes:
    data = read_file(path, "certificate_file")
    try:
        if b"-----BEGIN" in data:
            certificate = x509.load_pem_x509_certificate(data)
        else:
            certificate = x509.load_der_x509_certificate(data)
    except ValueError:
        raise ConfigurationError(
            f"certificate_file: {path} is not a certificate in PEM or DER (.cer) format",
            setting="certificate_file",
            key="config.certificate_unreadable",
            setting_="certificate_file",
        ) from None
    return certificate.public_bytes(serialization.Encoding.PEM)


_EXIT_OF_REASON = {
    "unreachable": ("cli.sandbox_unreachable", ExitCode.TRANSPORT),
    "no_controls": ("cli.sandbox_no_controls", ExitCode.CONFIGURATION),
    "refused": ("cli.sandbox_registration_refused", ExitCode.API_REFUSED),
}


def _register(url: str, client_id: str, certificate_pem: bytes, name: str, lang: str) -> Any:
    try:
        return register_client(url, client_id, certificate_pem, name=name)
    except SandboxRegistrationError as exc:
        key, code = _EXIT_OF_REASON[exc.reason]
        raise Failure(t(key, lang, url=url, status=exc.status), code) from exc


def _write_new(path: Path, data: bytes, mode: int) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)


@sandbox.command()
@click.option(
    "--url",
    help="The running sandbox (default: --sandbox-url, $PRECONTRACT_SANDBOX_URL, then "
    "http://127.0.0.1:8765).",
)
@click.option(
    "--certificate-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Register this certificate (PEM or DER); without it, a new key and certificate are made.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where a new key and certificate are written.",
)
@click.option("--client-id", help="The client ID to register (default: a new one, as Chaman's).")
@click.option("--name", default="precontract sandbox client", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_runtime
def register(
    runtime: Runtime,
    url: str | None,
    certificate_file: Path | None,
    output_dir: Path,
    client_id: str | None,
    name: str,
    as_json: bool,
) -> None:
    """Register a client ID and certificate with a running sandbox, and print the settings to
    use (no Chaman in the sandbox: this is what an access manager does there)."""
    lang = runtime.lang
    base = _sandbox_url(runtime, url)
    chosen_id = (client_id or "").strip() or new_client_id()
    key_path: Path | None = None
    if certificate_file is not None:
        certificate_path = certificate_file.expanduser().resolve()
        certificate_pem = _certificate_pem(certificate_path)
        key_pem = None
    else:
        folder = output_dir.expanduser().resolve()
        key_path, certificate_path = folder / KEY_FILE, folder / CERTIFICATE_FILE
        for existing in (key_path, certificate_path):
            if existing.exists():
                raise Failure(t("cli.sandbox_file_exists", lang, path=existing), ExitCode.USAGE)
        key_pem, certificate_pem = generate_credentials(name)
    answer = _register(base, chosen_id, certificate_pem, name, lang)
    if key_pem is not None and key_path is not None:
        key_path.parent.mkdir(parents=True, exist_ok=True)
        _write_new(key_path, key_pem, 0o600)
        _write_new(certificate_path, certificate_pem, 0o644)
    registered = str(answer.get("clientId") or chosen_id)
    if as_json:
        render.echo_json(
            {
                "clientId": registered,
                "sandboxUrl": base,
                "privateKeyFile": str(key_path) if key_path is not None else None,
                "certificateFile": str(certificate_path),
                "scopes": answer.get("scopes"),
            }
        )
        return
    console = runtime.console
    console.print(t("cli.sandbox_registered", lang, url=base, client_id=registered), soft_wrap=True)
    if key_path is not None:
        console.print(
            t("cli.sandbox_new_files", lang, key_file=key_path, certificate=certificate_path),
            soft_wrap=True,
        )
    console.print(t("cli.sandbox_settings", lang))
    lines = [
        'environment = "sandbox"',
        f'sandbox_url = "{base}"',
        f'client_id = "{registered}"',
        f'private_key_file = "{key_path}"' if key_path is not None else None,
        f'certificate_file = "{certificate_path}"',
    ]
    for line in lines:
        if line is not None:
            console.print(f"  {line}", soft_wrap=True, markup=False)
