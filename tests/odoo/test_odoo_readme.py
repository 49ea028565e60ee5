"""The addon's README.rst renders without a docutils message.

Odoo renders it (with docutils) on the module's page and prints every docutils warning in the
server log at each install; a nested list without its blank line was one.
"""

from __future__ import annotations

import io
from pathlib import Path

import docutils.core
import docutils.nodes

README = Path(__file__).resolve().parents[2] / "plugins/odoo/hr_recruitment_precontract/README.rst"


def test_the_readme_renders_without_a_docutils_warning() -> None:
    messages = io.StringIO()
    tree = docutils.core.publish_doctree(
        README.read_text(encoding="utf-8"),
        source_path=str(README),
        settings_overrides={"warning_stream": messages, "report_level": 1, "halt_level": 5},
    )
    assert messages.getvalue() == ""
    # The usage steps are a list whose second step holds its own list (the broken spot).
    nested = [
        item for item in tree.findall(docutils.nodes.list_item) if "granted access" in item.astext()
    ]
    assert nested
    assert isinstance(nested[-1].parent.parent, docutils.nodes.list_item)
