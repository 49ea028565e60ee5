"""``python -m precontract.cli``: the same as the ``precontract`` command."""

from precontract.cli import main

main()
