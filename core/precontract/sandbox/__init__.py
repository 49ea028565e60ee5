"""The sandbox: a strict simulator of the social security APIs and of the citizen's portal.

It implements ``docs/api-contract.md`` — the OAuth token endpoint, the citizen mandates API and
the citizen data API — plus the citizen's approval portal and test controls, so the demo, the
tests and every plugin run against something that refuses what the real services refuse.

>>> from precontract.sandbox import SandboxServer, personas      # doctest: +SKIP
>>> with SandboxServer() as sandbox:                              # doctest: +SKIP
...     print(sandbox.url)                                        # http://127.0.0.1:<port>

Start it from the shell with ``precontract sandbox --port 8765``; in pytest, use the fixtures of
``precontract.sandbox.pytest_plugin``.
"""

from precontract.sandbox import personas
from precontract.sandbox.app import asgi_app, create_app
from precontract.sandbox.faults import Fault
from precontract.sandbox.server import SandboxServer, serve
from precontract.sandbox.state import SandboxState

__all__ = ["Fault", "SandboxServer", "SandboxState", "asgi_app", "create_app", "personas", "serve"]
