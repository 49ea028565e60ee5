"""A real Odoo 19.0 server for the addon's own tests (``make test-odoo``, part of ``make test``).

Where the Odoo tree comes from, in this order:

1. ``ODOO_SRC``: an Odoo 19.0 source tree, in the git layout (``odoo-bin``, modules in
   ``addons/`` and ``odoo/addons/``) or the nightly/package layout (every module in
   ``odoo/addons/``, started with ``python -m odoo``);
2. the vendored tarball ``../shared/vendor/odoo-19.0-community-slim.tar.xz`` beside the checkout,
   extracted once into ``.cache/odoo/``;
3. a shallow clone of the 19.0 branch from GitHub into ``.cache/odoo/``, where the network
   allows it.

Odoo gets its own virtual environment with its own pinned ``requirements.txt``, as an Odoo user
has it, cached in ``.cache/odoo/`` under the hash of those requirements. The core goes into it
with the command ``docs/odoo.md`` gives the user (read from the document, so the documented
install is the tested one), then Odoo installs the addon on a new database and runs its tests
with its own runner (``--test-enable --test-tags /hr_recruitment_precontract``), and the log is
read for the result.
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement

ROOT = Path(__file__).resolve().parents[2]
ADDON = "hr_recruitment_precontract"
ADDONS_DIR = ROOT / "plugins" / "odoo"
ADDON_TESTS = ADDONS_DIR / ADDON / "tests"
DOC = ROOT / "docs" / "odoo.md"
PINS = ADDONS_DIR / "odoo-19.0-pins.txt"
VENDORED = ROOT.parent / "shared" / "vendor" / "odoo-19.0-community-slim.tar.xz"
GIT_URL = "https://github.com/odoo/odoo"
BRANCH = "19.0"
CACHE = Path(os.environ.get("PRECONTRACT_ODOO_CACHE") or ROOT / ".cache" / "odoo")
# The placeholders of the documented install command, replaced by this run's paths.
DOC_VENV = "/path/to/odoo-venv"
DOC_CHECKOUT = "/path/to/precontract"
DOC_MARK = "<!-- the install command below is run as written by tests/odoo/odoo_server.py -->"

# Odoo's requirements.txt as a user on Python 3.11 must adapt it (see ../shared/vendor/README.md):
# cbor2 5.4.2 no longer builds (5.6.2 is Odoo's own pin for 3.12); python-ldap needs the LDAP
# headers and serves only auth_ldap, which nothing here installs.
_REQUIREMENT_FIXES = {"cbor2==5.4.2": "cbor2==5.6.2"}
_LEFT_OUT = ("python-ldap",)
# Not in Odoo's requirements.txt, but HttpCase browser tours are skipped without it.
_EXTRA = "websocket-client==1.8.0"
# Odoo's old sdists build against the installed setuptools (no build isolation).
_BUILD_TOOLS = ("setuptools<81", "wheel", "Cython")

_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) ")
_SUMMARY = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database '(?P<db>[^']+)'"
)
_SKIPPED = re.compile(r": skipped (?P<test>\S+) : (?P<reason>.*)$")


class NoOdoo(Exception):
    """No Odoo tree (or no PostgreSQL) can be had here: the one line says what to provide."""


@dataclass(frozen=True)
class OdooTree:
    root: Path
    layout: str  # "git" (odoo-bin, addons/) or "package" (python -m odoo, odoo/addons only)
    origin: str

    def addons_path(self) -> list[Path]:
        paths = [self.root / "odoo" / "addons"]
        if self.layout == "git":
            paths.insert(0, self.root / "addons")
        return [*paths, ADDONS_DIR]

    def command(self, python: Path) -> list[str]:
        if self.layout == "git":
            return [str(python), str(self.root / "odoo-bin")]
        return [str(python), "-m", "odoo"]

    def version(self) -> tuple[int, ...]:
        text = (self.root / "odoo" / "release.py").read_text(encoding="utf-8")
        found = re.search(r"^version_info\s*=\s*\((\d+),\s*(\d+)", text, re.MULTILINE)
        if not found:
            raise NoOdoo(f"{self.root}/odoo/release.py has no version_info")
        return int(found[1]), int(found[2])


@dataclass(frozen=True)
class Database:
    host: str
    port: int
    user: str
    password: str
    name: str

    @classmethod
    def for_this_run(cls) -> Database:
        """The test PostgreSQL (``PRECONTRACT_TEST_POSTGRES_URL``'s server, else the default)."""
        url = urlsplit(
            os.environ.get("PRECONTRACT_TEST_POSTGRES_URL")
            or "postgresql://precontract:precontract@127.0.0.1:5432/postgres"
        )
        return cls(
            host=url.hostname or "127.0.0.1",
            port=url.port or 5432,
            user=unquote(url.username or "precontract"),
            password=unquote(url.password or ""),
            name=f"precontract_odoo_{os.getpid()}",
        )

    def options(self) -> list[str]:
        return [
            f"--db_host={self.host}",
            f"--db_port={self.port}",
            f"--db_user={self.user}",
            f"--db_password={self.password}",
        ]

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname="postgres",
            autocommit=True,
            connect_timeout=10,
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def check_reachable(self) -> None:
        try:
            self.drop()
        except Exception as exc:
            raise NoOdoo(
                f"no PostgreSQL for Odoo at {self.user}@{self.host}:{self.port} ({type(exc).__name__}): "
                "start it (.ci/start-postgres) or set PRECONTRACT_TEST_POSTGRES_URL"
            ) from exc


@dataclass
class OdooRun:
    """What Odoo's test runner reported, read from its log."""

    command: list[str]
    returncode: int
    log: str
    seconds: float
    failed: int | None = None
    errors: int | None = None
    tests_run: int | None = None
    skipped: list[str] = field(default_factory=list)
    error_lines: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, command: list[str], returncode: int, log: str, seconds: float) -> OdooRun:
        run = cls(command, returncode, log, seconds)
        for line in log.splitlines():
            summary = _SUMMARY.search(line)
            if summary:
                run.failed = int(summary["failed"])
                run.errors = int(summary["errors"])
                run.tests_run = int(summary["run"])
            skipped = _SKIPPED.search(line)
            if skipped:
                run.skipped.append(f"{skipped['test']}: {skipped['reason']}")
            start = _LOG_LINE.match(line)
            if start and start["level"] in ("ERROR", "CRITICAL"):
                run.error_lines.append(line)
        return run

    @property
    def summary(self) -> str:
        if self.tests_run is None:
            return "no test summary in Odoo's log"
        return f"{self.failed} failed, {self.errors} error(s) of {self.tests_run} tests"

    def problems(self, limit: int = 250) -> str:
        """The log's ERROR/CRITICAL entries with their tracebacks (the test failures), trimmed."""
        out: list[str] = []
        keep = False
        for line in self.log.splitlines():
            start = _LOG_LINE.match(line)
            if start:
                keep = start["level"] in ("ERROR", "CRITICAL", "WARNING") or bool(
                    _SKIPPED.search(line)
                )
            if keep:
                out.append(line)
        if not out:
            out = self.log.splitlines()[-60:]
        return "\n".join(out[-limit:])


# ------------------------------------------------------------------------------ the Odoo tree


def _tree_at(path: Path, origin: str) -> OdooTree | None:
    if (path / "odoo-bin").is_file() and (path / "addons").is_dir():
        return OdooTree(path, "git", origin)
    if (path / "odoo" / "release.py").is_file() and (path / "odoo" / "addons" / "base").is_dir():
        return OdooTree(path, "package", origin)
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _extract(tarball: Path) -> Path:
    target = CACHE / f"src-{_sha256(tarball)[:16]}"
    if (target / "odoo" / "release.py").is_file():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="src-", dir=CACHE))
    with tarfile.open(tarball) as archive:
        archive.extractall(scratch, filter="data")
    shutil.rmtree(target, ignore_errors=True)
    scratch.rename(target)
    return target


def _clone() -> Path | None:
    target = CACHE / f"git-{BRANCH}"
    if (target / "odoo-bin").is_file():
        return target
    if not shutil.which("git"):
        return None
    CACHE.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(target, ignore_errors=True)
    try:
        subprocess.run(
            ["git", "clone", "--quiet", "--depth", "1", "-b", BRANCH, GIT_URL, str(target)],
            check=True,
            capture_output=True,
            timeout=900,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        )
    except (subprocess.SubprocessError, OSError):
        shutil.rmtree(target, ignore_errors=True)
        return None
    return target


def find_tree() -> OdooTree:
    """``ODOO_SRC``, else the vendored tarball, else a shallow clone; :class:`NoOdoo` if none."""
    given = os.environ.get("ODOO_SRC")
    if given:
        tree = _tree_at(Path(given).resolve(), "ODOO_SRC")
        if tree is None:
            raise NoOdoo(
                f"ODOO_SRC={given} is no Odoo tree (neither odoo-bin with addons/ nor odoo/addons/base)"
            )
    elif VENDORED.is_file():
        tree = _tree_at(_extract(VENDORED), f"vendored {VENDORED.name}")
    else:
        cloned = _clone()
        tree = _tree_at(cloned, f"git clone {GIT_URL} {BRANCH}") if cloned else None
    if tree is None:
        raise NoOdoo(
            "no Odoo 19.0 here: set ODOO_SRC to an Odoo 19.0 source tree, or put the vendored "
            f"{VENDORED.name} in ../shared/vendor/, or allow `git clone -b {BRANCH} {GIT_URL}`"
        )
    if tree.version()[0] != 19:
        raise NoOdoo(f"{tree.root} is Odoo {tree.version()}, the addon is tested on 19.0 only")
    return tree


# ----------------------------------------------------------------------- Odoo's own venv


def odoo_requirements(tree: OdooTree) -> str:
    """Odoo's requirements.txt with the two changes it needs to install at all (see above)."""
    lines = [f"# {tree.origin}: requirements.txt, adapted by tests/odoo/odoo_server.py"]
    for line in (tree.root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        spec = line.split("#", 1)[0].strip()
        if not spec or spec.startswith(_LEFT_OUT):
            continue
        for old, new in _REQUIREMENT_FIXES.items():
            if spec.startswith(old):
                spec = new + spec[len(old) :]
        lines.append(spec)
    lines.append(_EXTRA)
    return "\n".join(lines) + "\n"


def odoo_pins(requirements: str) -> dict[str, str]:
    """``{name: version}`` of every ``==`` pin that applies to this Python."""
    env = default_environment()
    pins: dict[str, str] = {}
    for line in requirements.splitlines():
        if line.startswith("#"):
            continue
        try:
            req = Requirement(line)
        except InvalidRequirement:
            continue
        if req.marker is not None and not req.marker.evaluate(env):  # type: ignore[arg-type]
            continue
        for spec in req.specifier:
            if spec.operator == "==":
                pins[_canonical(req.name)] = spec.version
    return pins


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pip(python: Path, *args: str, timeout: float = 1200) -> None:
    result = subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"pip {' '.join(args)} failed:\n{_quiet(result.stderr)}")


def _quiet(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if "is ignored: it is neither" not in line)


def odoo_venv(tree: OdooTree) -> Path:
    """Odoo's virtual environment for this tree's requirements, built once and cached."""
    requirements = odoo_requirements(tree)
    key = hashlib.sha256(f"{sys.version_info[:2]}\n{requirements}".encode()).hexdigest()[:16]
    venv = CACHE / f"venv-py{sys.version_info[0]}{sys.version_info[1]}-{key}"
    stamp = venv / ".odoo-requirements-installed"
    if stamp.is_file():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    (venv / "odoo-requirements.txt").write_text(requirements, encoding="utf-8")
    try:
        _pip(python, "install", *_BUILD_TOOLS)
        _pip(python, "install", "--no-build-isolation", "-r", str(venv / "odoo-requirements.txt"))
    except Exception:
        shutil.rmtree(venv, ignore_errors=True)
        raise
    stamp.write_text(requirements, encoding="utf-8")
    return venv


def documented_install() -> str:
    """The install command of docs/odoo.md: the ``sh`` block right after :data:`DOC_MARK`."""
    text = DOC.read_text(encoding="utf-8")
    found = re.search(re.escape(DOC_MARK) + r"\s*```sh\n(?P<body>.*?)```", text, re.DOTALL)
    if not found:
        raise AssertionError(f"docs/odoo.md has no sh block after {DOC_MARK!r}")
    return found["body"].strip()


def install_core(venv: Path) -> str:
    """Install the core into Odoo's venv exactly as docs/odoo.md says; answer the command."""
    command = documented_install().replace(DOC_VENV, str(venv)).replace(DOC_CHECKOUT, str(ROOT))
    python = venv / "bin" / "python"
    # A cached venv holds the core of the previous run: remove it so this run's is installed.
    _pip(python, "uninstall", "--yes", "precontract")
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
        cwd=tempfile.gettempdir(),
    )
    if result.returncode:
        raise RuntimeError(
            f"the install of docs/odoo.md failed:\n{command}\n{_quiet(result.stdout)}\n{_quiet(result.stderr)}"
        )
    return command


def installed_versions(venv: Path) -> dict[str, str]:
    listing = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "list", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return {_canonical(item["name"]): item["version"] for item in json.loads(listing)}


# ------------------------------------------------------------------------- running the tests


def expected_tests() -> list[str]:
    """``Class.test_method`` of every test in the addon's tests/ (what Odoo must report run)."""
    names: list[str] = []
    for path in sorted(ADDON_TESTS.glob("test_*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        for node in module.body:
            if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                names += [
                    f"{node.name}.{item.name}"
                    for item in node.body
                    if isinstance(item, ast.FunctionDef) and item.name.startswith("test_")
                ]
    return names


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One Odoo run at a time per cache: it holds the venv the core was just installed into."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@dataclass
class Prepared:
    tree: OdooTree
    venv: Path
    install_command: str
    requirements: str


def prepare() -> Prepared:
    """The tree, its venv and the core installed as documented (raises :class:`NoOdoo`)."""
    tree = find_tree()
    venv = odoo_venv(tree)
    command = install_core(venv)
    return Prepared(tree, venv, command, odoo_requirements(tree))


def run_addon_tests(
    prepared: Prepared, db: Database, *, only: str = "", timeout: float = 1800
) -> OdooRun:
    """Install the addon on a new database and run its tests with Odoo's runner.

    ``only``: a test class or ``Class.method`` to run alone (for a manual run).
    """
    python = prepared.venv / "bin" / "python"
    data_dir = CACHE / "data"
    command = [
        *prepared.tree.command(python),
        f"--addons-path={','.join(str(p) for p in prepared.tree.addons_path())}",
        f"--data-dir={data_dir}",
        *db.options(),
        f"--database={db.name}",
        f"--init={ADDON}",
        "--test-enable",
        f"--test-tags=/{ADDON}" + (f":{only}" if only else ""),
        "--stop-after-init",
        "--http-interface=127.0.0.1",
        f"--http-port={_free_port()}",
        "--max-cron-threads=0",
        "--log-level=info",
        "--no-database-list",
    ]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }
    if prepared.tree.layout == "package":
        env["PYTHONPATH"] = str(prepared.tree.root)
    env["PATH"] = f"{prepared.venv / 'bin'}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
    db.drop()
    log_file = CACHE / "last-run.log"  # written as Odoo runs: `tail -f` it to follow a run
    started = time.monotonic()
    try:
        with log_file.open("w", encoding="utf-8") as out:
            result = subprocess.run(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
                env=env,
                cwd=prepared.tree.root,
            )
    finally:
        with contextlib.suppress(Exception):
            db.drop()
    log = log_file.read_text(encoding="utf-8", errors="replace")
    shown = [
        ("--db_password=***" if part.startswith("--db_password=") else part) for part in command
    ]
    return OdooRun.read(shown, result.returncode, log, time.monotonic() - started)


@contextlib.contextmanager
def odoo_session() -> Iterator[tuple[Prepared, Database]]:
    db = Database.for_this_run()
    with _locked():
        prepared = prepare()
        db.check_reachable()
        yield prepared, db


if __name__ == "__main__":  # a manual run: python tests/odoo/odoo_server.py [Class[.method]]
    with odoo_session() as (ready, database):
        outcome = run_addon_tests(ready, database, only=sys.argv[1] if len(sys.argv) > 1 else "")
    print(outcome.problems())
    print(f"{outcome.summary}; skipped: {len(outcome.skipped)}; log: {CACHE / 'last-run.log'}")
