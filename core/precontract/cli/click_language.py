"""Click's own messages ("Missing argument", "No such option", "Usage:") in the command's language.

Click marks its messages for the standard library's :mod:`gettext` (``from gettext import
gettext as _`` in each of its modules), which looks them up in the process-wide domain, in the
language of the ``LANGUAGE``/``LC_*`` variables. The command's language is ``--lang`` (then
``$PRECONTRACT_LANG``, then the locale), and the command is also run inside other programs (tests,
a host's scripts) whose gettext set-up it must not change. So while the command runs, and only
then, click's message functions read the command's catalogue: its ``click.*`` entries, whose
English is click's own text (``core/precontract/cli/locale``, docs/translations.md). ``--help``
stays English, like the commands' help texts.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from precontract.cli.catalogue import t
from precontract.i18n import LANGUAGES, Language, keys

__all__ = ["click_speaks", "language_of"]

# The click modules whose messages a user of the command can meet.
_MODULES = (
    "click.core",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
)
_HELP = frozenset({"-h", "--help"})


def language_of(args: Sequence[str], default: Language) -> Language:
    """The ``--lang`` given in ``args`` (before ``--``), else ``default``; the command line is
    not parsed yet when click finds it wrong."""
    chosen = default
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            chosen = value
    return chosen


def _messages(lang: Language) -> dict[str, str]:
    """Click's English text -> its text in ``lang``."""
    return {t(key, "en"): t(key, lang) for key in keys("click.")}


def _path_types(commands: Iterable[click.Command]) -> Iterator[click.Path]:
    """The path parameters of ``commands`` and their sub-commands (click names each one's kind,
    "file", "directory" or "path", when the command is defined, in English)."""
    for command in commands:
        for param in command.params:
            if isinstance(param.type, click.Path):
                yield param.type
        if isinstance(command, click.Group):
            yield from _path_types(command.commands.values())


@contextmanager
def click_speaks(
    lang: Language, args: Sequence[str] = (), commands: Iterable[click.Command] = ()
) -> Iterator[None]:
    """Within the block, click says its messages in ``lang`` (not for ``--help``); ``commands``
    are the ones whose path parameters' kinds are said in ``lang`` too."""
    if lang == "en" or _HELP.intersection(args):
        yield
        return
    messages = _messages(lang)
    renamed = [(kind, kind.name) for kind in _path_types(commands)]
    for kind, name in renamed:
        kind.name = messages.get(name, name)

    def gettext(message: str) -> str:
        return messages.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    replaced: list[tuple[Any, str, Callable[..., str]]] = []
    for name in _MODULES:
        module = sys.modules.get(name)
        for attribute, ours in (("_", gettext), ("ngettext", ngettext)):
            theirs = getattr(module, attribute, None)
            if module is not None and callable(theirs):
                replaced.append((module, attribute, theirs))
                setattr(module, attribute, ours)
    try:
        yield
    finally:
        for module, attribute, theirs in reversed(replaced):
            setattr(module, attribute, theirs)
        for kind, name in renamed:
            kind.name = name
