"""The ``precontract`` command (click + rich): the demo, the sandbox, and the everyday commands.

``precontract --help`` lists them; ``docs/cli.md`` documents options, JSON output and exit codes.
"""

from precontract.cli import commands, demo, recheck  # noqa: F401 - the commands register themselves
from precontract.cli.app import cli, main

__all__ = ["cli", "main"]
