"""The ``precontract`` command (click + rich): the demo, the sandbox, and the everyday commands.

``precontract --help`` lists them; ``docs/cli.md`` documents options, JSON output and exit codes.
"""

from precontract.cli import (  # noqa: F401 - the commands register themselves
    commands,
    demo,
    recheck,
    sandbox_commands,
)
from precontract.cli.app import cli, main

__all__ = ["cli", "main"]
