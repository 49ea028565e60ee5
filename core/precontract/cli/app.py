"""The root of the ``precontract`` command: global options, settings, and one-line errors.

Every failure ends as one translated line on stderr and a documented exit code
(:mod:`precontract.cli.exit_codes`); ``--debug`` adds the developer's detail and the traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import os
import sys
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click
from rich.console import Console

from precontract.audit import AuditSink, JsonLinesAuditSink, default_audit_path
from precontract.cli.catalogue import t
from precontract.cli.click_language import click_speaks, language_of
from precontract.cli.exit_codes import ExitCode, for_error, meaning
from precontract.config import Environment, Settings
from precontract.errors import ConfigurationError, PrecontractError
from precontract.http import RETRY_RECORD
from precontract.i18n import LANGUAGES, Language, normalise_language, translate
from precontract.masking import mask_ssins

__all__ = ["Failure", "Runtime", "cli", "default_language", "main", "pass_runtime"]

# Set by the command line's ``--json``: errors are then one JSON object on stderr too.
_JSON_ERRORS: ContextVar[bool] = ContextVar("precontract_json_errors", default=False)
# The language the command line asks for, known before click parses it (for click's own errors).
_ASKED_LANG: ContextVar[Language | None] = ContextVar("precontract_asked_lang", default=None)

# The root's options, accepted after the command too (``precontract check X --lang nl``).
_GLOBAL_VALUE_OPTIONS = frozenset(
    {"--config", "--environment", "--sandbox-url", "--lang", "--audit-log"}
)
_GLOBAL_FLAGS = frozenset({"--debug"})


def default_language() -> Language:
    for name in ("PRECONTRACT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return normalise_language(value)
    return "en"


@dataclass
class Runtime:
    """What every command gets: the global options, the consoles, and settings on demand."""

    lang: Language = "en"
    config_path: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    audit_log: Path | None = None
    debug: bool = False
    console: Console = field(default_factory=lambda: Console(highlight=False))

    def settings(self, **overrides: Any) -> Settings:
        """Settings from the options > ``PRECONTRACT_*`` variables > the config file."""
        return Settings.load(self.config_path, **{**self.overrides, **overrides})

    def audit_sink(self, settings: Settings) -> AuditSink:
        path = self.audit_log or settings.audit_log or default_audit_path()
        return JsonLinesAuditSink(path)


pass_runtime = click.make_pass_decorator(Runtime, ensure=True)


class Failure(click.ClickException):
    """A failure shown as one line, with the exit code it maps to."""

    def __init__(
        self,
        message: str,
        code: int,
        *,
        detail: str | None = None,
        lang: Language | None = None,
    ) -> None:
        super().__init__(mask_ssins(message))
        # click reads the code from the instance; its stubs call it a class variable.
        object.__setattr__(self, "exit_code", int(code))
        self.detail = mask_ssins(detail) if detail else None
        # Set by the command line to its --lang when the command did not say.
        self.lang: Language | None = lang

    def show(self, file: IO[Any] | None = None) -> None:
        stream = file if file is not None else sys.stderr
        if _JSON_ERRORS.get():
            document: dict[str, Any] = {
                "error": meaning(self.exit_code),
                "exitCode": self.exit_code,
                "message": self.message,
            }
            if self.detail:
                document["detail"] = self.detail
            click.echo(json.dumps(document, ensure_ascii=False), file=stream)
            return
        lang = self.lang or default_language()
        click.echo(translate("cli.error", lang, message=self.message), file=stream)
        if self.detail:
            click.echo(self.detail, file=stream)


def _json_wanted(args: Sequence[str]) -> bool:
    for arg in args:
        if arg == "--":
            return False
        if arg == "--json":
            return True
    return False


def _options_of(command: click.Command) -> set[str]:
    names: set[str] = set()
    for param in command.params:
        if isinstance(param, click.Option):
            names.update(param.opts)
            names.update(param.secondary_opts)
    return names


def hoist_global_options(group: click.Group, args: Sequence[str]) -> list[str]:
    """``args`` with the root's options moved before the command when they were typed after it.

    An option the command itself defines (``demo --lang``) stays where it is; so does anything
    after ``--``.
    """
    args = list(args)
    position = 0
    while position < len(args):
        arg = args[position]
        if arg == "--" or not arg.startswith("-"):
            break
        takes_value = arg in _GLOBAL_VALUE_OPTIONS
        position += 2 if takes_value else 1
    if position >= len(args) or args[position] == "--":
        return args
    head, rest = args[:position], args[position:]
    ctx = click.Context(group, resilient_parsing=True)
    owned: set[str] = set()
    command: click.Command | None = group
    for token in rest:
        if not isinstance(command, click.Group) or token.startswith("-"):
            continue
        found = command.get_command(ctx, token)
        if found is None:
            break
        owned |= _options_of(found)
        command = found
    hoisted: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(rest):
        word = rest[index]
        if word == "--":
            kept.extend(rest[index:])
            break
        name = word.split("=", 1)[0]
        if name in owned or name not in _GLOBAL_VALUE_OPTIONS | _GLOBAL_FLAGS:
            kept.append(word)
        elif name in _GLOBAL_VALUE_OPTIONS and "=" not in word:
            hoisted.extend(rest[index : index + 2])
            index += 1
        else:
            hoisted.append(word)
        index += 1
    return [*head, *hoisted, *kept]


_CONNECTOR = "connector"


def _connector_command() -> click.Command | None:
    """``precontract connector …``, from the ATS connector when it is installed."""
    if importlib.util.find_spec("precontract_ats") is None:
        return None
    try:
        module = importlib.import_module("precontract_ats.cli")
    except ImportError:
        return None
    command = getattr(module, "connector", None)
    return command if isinstance(command, click.Command) else None


class _Group(click.Group):
    """Turns every exception into a :class:`Failure`: one line, never a traceback.

    The connector's commands are found lazily, so that a plain ``precontract check`` does not
    import the connector's web stack.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        if _CONNECTOR not in names and _connector_command() is not None:
            names = sorted([*names, _CONNECTOR])
        return names

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name == _CONNECTOR:
            command = _connector_command()
        return command

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        argv = hoist_global_options(self, sys.argv[1:] if args is None else args)
        lang = language_of(argv, default_language())
        token = _JSON_ERRORS.set(_json_wanted(argv))
        asked = _ASKED_LANG.set(lang)
        try:
            with click_speaks(lang, argv, [self]):
                return super().main(argv, *rest, **extra)
        finally:
            _ASKED_LANG.reset(asked)
            _JSON_ERRORS.reset(token)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _usage_failure(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _usage_failure(exc, _runtime(ctx).lang) from None
        except Failure as failure:
            failure.lang = failure.lang or _runtime(ctx).lang
            raise
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except (PrecontractError, KeyboardInterrupt) as exc:
            raise _failure(ctx, exc) from None
        except Exception as exc:
            if _runtime(ctx).debug:
                raise
            raise _failure(ctx, exc) from None


def _usage_failure(error: click.UsageError, lang: Language | None = None) -> click.ClickException:
    """With ``--json``, a usage error is one JSON object too (exit 2); else click shows it."""
    if not _JSON_ERRORS.get():
        return error
    failure = Failure(error.format_message(), ExitCode.USAGE)
    failure.lang = lang or _ASKED_LANG.get() or default_language()
    return failure


def _runtime(ctx: click.Context) -> Runtime:
    # The options are known only once the group's callback ran: read them when needed.
    return ctx.find_object(Runtime) or Runtime(lang=default_language())


def _said(error: PrecontractError, lang: Language) -> str:
    """The error in the user's words; a configuration error also names the settings at fault as
    the command's user writes them (a configuration file, ``PRECONTRACT_*``), where the words do
    not already."""
    message = error.user_message(lang)
    if isinstance(error, ConfigurationError):
        names = [name for name in error.settings if name not in message]
        if names:
            message += t("cli.settings_named", lang, names=", ".join(names))
    return message


def _failure(ctx: click.Context, error: BaseException) -> Failure:
    runtime = _runtime(ctx)
    lang = runtime.lang
    if isinstance(error, PrecontractError):
        detail = str(error) if runtime.debug else None
        failure = Failure(_said(error, lang), for_error(error), detail=detail)
    elif isinstance(error, KeyboardInterrupt):
        failure = Failure(t("cli.interrupted", lang), ExitCode.INTERRUPTED)
    else:
        detail = f"{type(error).__name__}: {error}"
        failure = Failure(t("cli.unexpected", lang, detail=detail), ExitCode.FAILURE)
    failure.lang = lang
    return failure


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML configuration file (default: $PRECONTRACT_CONFIG).",
)
@click.option(
    "--environment",
    type=click.Choice([e.value for e in Environment]),
    help="sandbox, acceptance or production (overrides the configuration).",
)
@click.option("--sandbox-url", help="Base URL of the sandbox (environment sandbox).")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="Language of the messages: nl, fr, de or en (default: $PRECONTRACT_LANG, then the locale).",
)
@click.option(
    "--audit-log",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="PRECONTRACT_AUDIT_LOG",
    help="JSON-lines audit file (default: audit.jsonl in the user's data folder).",
)
@click.option("--debug", is_flag=True, help="Show the developer's detail and tracebacks.")
@click.version_option(package_name="precontract", prog_name="precontract")
@click.pass_context
def cli(
    ctx: click.Context,
    config_path: Path | None,
    environment: str | None,
    sandbox_url: str | None,
    lang: str | None,
    audit_log: Path | None,
    debug: bool,
) -> None:
    """Check a Belgian applicant's flexi-job eligibility and Student@work hours under a citizen
    mandate, against the sandbox, acceptance or production.

    Exit codes: 0 ok/result, 2 invalid input, 3 configuration error, 4 network error, 5 refused
    by the API, 10 waiting for the applicant, 11 refused/expired/cancelled/revoked (a new request
    is needed). See docs/cli.md.
    """
    overrides = {"environment": environment, "sandbox_url": sandbox_url}
    ctx.obj = Runtime(
        lang=normalise_language(lang) if lang else default_language(),
        config_path=config_path,
        overrides={k: v for k, v in overrides.items() if v is not None},
        audit_log=audit_log,
        debug=debug,
    )
    _quiet_logs(ctx, ctx.obj)


class _RetryNotices(logging.Handler):
    """Outside ``--debug``: a retry is one line in the user's language, other log lines none
    (the English log lines, with their URLs, are the developer's detail)."""

    def __init__(self, lang: Language, *, quiet: bool) -> None:
        super().__init__(logging.INFO)
        self.lang = lang
        self.quiet = quiet

    def emit(self, record: logging.LogRecord) -> None:
        retry = getattr(record, RETRY_RECORD, None)
        if retry is None or self.quiet:
            return
        attempt, total, delay = retry
        seconds = f"{delay:.1f}" if self.lang == "en" else f"{delay:.1f}".replace(".", ",")
        click.echo(t("cli.retrying", self.lang, n=attempt, total=total, seconds=seconds), err=True)


def _quiet_logs(ctx: click.Context, runtime: Runtime) -> None:
    """The user's retry lines; with ``--debug``, the library's own log lines (English).

    Servers (the connector's, the sandbox) keep their own logging set-up: their logs are for
    operators.
    """
    if ctx.invoked_subcommand in (_CONNECTOR, "sandbox"):
        return
    root = logging.getLogger("precontract")
    level = root.level
    handler: logging.Handler
    if runtime.debug:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.setLevel(min(root.getEffectiveLevel(), logging.INFO))
    else:
        handler = _RetryNotices(runtime.lang, quiet=_JSON_ERRORS.get())
    propagate = root.propagate
    root.addHandler(handler)
    root.propagate = False

    def restore() -> None:
        root.removeHandler(handler)
        root.propagate = propagate
        root.setLevel(level)

    ctx.call_on_close(restore)


def main(argv: list[str] | None = None) -> None:
    """The console script ``precontract``."""
    cli.main(args=argv, prog_name="precontract")
