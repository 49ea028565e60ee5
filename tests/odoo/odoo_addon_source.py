"""Read the Odoo addon's source without Odoo: its models and fields (from the Python AST), its XML
records, and the translatable terms Odoo would export.

The static tests use it; ``python tests/odoo/odoo_addon_source.py`` rewrites the addon's ``.pot`` from
the same extraction (run it after changing a user-facing string, then update ``nl.po``/``fr.po``).

The term references follow Odoo's export format (17.0+), which the ``.po`` import uses to find
each record: ``model:ir.model.fields,field_description:<module>.field_<model>__<field>``,
``model_terms:ir.ui.view,arch_db:<module>.<view>``, ``code:addons/<module>/<file>:0``...
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

ROOT = Path(__file__).resolve().parents[2]
MODULE = "hr_recruitment_precontract"
ADDON = ROOT / "plugins" / "odoo" / MODULE
POT = ADDON / "i18n" / f"{MODULE}.pot"

# Attributes Odoo translates in view architectures (odoo/tools/translate.py, TRANSLATED_ATTRS).
TRANSLATED_ATTRS = frozenset(
    {
        "string",
        "add-label",
        "help",
        "sum",
        "avg",
        "confirm",
        "placeholder",
        "alt",
        "title",
        "aria-label",
        "aria-keyshortcuts",
        "aria-placeholder",
        "aria-roledescription",
        "aria-valuetext",
        "value_label",
        "data-tooltip",
        "label",
    }
)
# Elements whose text is not a term: view-inheritance machinery and field placeholders.
NO_TEXT = frozenset({"xpath", "attribute", "field"})


@dataclass
class FieldInfo:
    name: str
    type: str
    string: str | None = None
    help: str | None = None
    selection: list[tuple[str, str]] = field(default_factory=list)
    related: str | None = None
    compute: str | None = None
    groups: str | None = None
    comodel: str | None = None
    kwargs: dict[str, object] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The label Odoo shows: ``string``, else derived from the name (fields.py ``_setup_attrs``)."""
        if self.string:
            return self.string
        base = self.name
        if base.endswith("_ids"):
            base = base[:-4]
        elif base.endswith("_id"):
            base = base[:-3]
        return base.replace("_", " ").title()


@dataclass
class ModelInfo:
    name: str
    file: Path
    inherit: bool
    description: str | None = None
    fields: dict[str, FieldInfo] = field(default_factory=dict)
    methods: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Term:
    msgid: str
    reference: str
    python: bool = False


# ---------------------------------------------------------------------------------- Python


def python_files() -> list[Path]:
    return sorted(
        p
        for folder in ("models", "wizards")
        for p in (ADDON / folder).glob("*.py")
        if p.name != "__init__.py"
    )


def _constants(tree: ast.Module) -> dict[str, object]:
    values: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    values[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return values


def _value(node: ast.expr, constants: dict[str, object]) -> object:
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _value(node.left, constants), _value(node.right, constants)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _pairs(value: object) -> list[tuple[str, str]]:
    if not isinstance(value, list | tuple):
        return []
    return [(str(item[0]), str(item[1])) for item in value if isinstance(item, list | tuple)]


def _field(name: str, call: ast.Call, constants: dict[str, object]) -> FieldInfo:
    assert isinstance(call.func, ast.Attribute)
    info = FieldInfo(name=name, type=call.func.attr)
    args = [_value(a, constants) for a in call.args]
    kwargs = {k.arg: _value(k.value, constants) for k in call.keywords if k.arg}
    if info.type == "Selection" and args:
        info.selection = _pairs(args.pop(0))
    if info.type in ("Many2one", "One2many", "Many2many") and args:
        info.comodel = _text(args.pop(0))
    if args:
        info.string = _text(args[0])
    info.string = _text(kwargs.get("string")) or info.string
    info.help = _text(kwargs.get("help"))
    info.related = _text(kwargs.get("related"))
    info.compute = _text(kwargs.get("compute"))
    info.groups = _text(kwargs.get("groups"))
    info.comodel = _text(kwargs.get("comodel_name")) or info.comodel
    if "selection" in kwargs:
        info.selection = _pairs(kwargs["selection"])
    info.kwargs = kwargs
    return info


@functools.cache
def models() -> dict[str, ModelInfo]:
    """Every model the addon defines or extends, with the fields and methods it adds."""
    found: dict[str, ModelInfo] = {}
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            attrs = {
                stmt.targets[0].id: _value(stmt.value, constants)
                for stmt in node.body
                if isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and stmt.targets[0].id in ("_name", "_inherit", "_description")
            }
            name = attrs.get("_name") or attrs.get("_inherit")
            if not isinstance(name, str):
                continue
            model = found.setdefault(
                name, ModelInfo(name=name, file=path, inherit="_name" not in attrs)
            )
            model.description = _text(attrs.get("_description")) or model.description
            for stmt in node.body:
                if isinstance(stmt, ast.FunctionDef):
                    model.methods.add(stmt.name)
                elif (
                    isinstance(stmt, ast.Assign)
                    and isinstance(stmt.value, ast.Call)
                    and isinstance(stmt.value.func, ast.Attribute)
                    and isinstance(stmt.value.func.value, ast.Name)
                    and stmt.value.func.value.id == "fields"
                ):
                    target = stmt.targets[0]
                    assert isinstance(target, ast.Name)
                    model.fields[target.id] = _field(target.id, stmt.value, constants)
    return found


def code_terms() -> Iterator[Term]:
    """The literal first argument of every ``_()`` / ``self.env._()`` call."""
    for path in python_files():
        rel = path.relative_to(ADDON.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            named = (isinstance(func, ast.Name) and func.id in ("_", "_lt")) or (
                isinstance(func, ast.Attribute) and func.attr == "_"
            )
            if named and isinstance(node.args[0], ast.Constant):
                yield Term(str(node.args[0].value), f"code:addons/{rel}:0", python=True)


def _xmlid_model(model: str) -> str:
    return model.replace(".", "_")


def model_terms() -> Iterator[Term]:
    """Model descriptions, field labels, helps and selection labels."""
    for model in models().values():
        mid = _xmlid_model(model.name)
        if model.description and not model.inherit:
            yield Term(model.description, f"model:ir.model,name:{MODULE}.model_{mid}")
        for info in model.fields.values():
            fid = f"{MODULE}.field_{mid}__{info.name}"
            label = info.label if not info.related else _related_label(info)
            yield Term(label, f"model:ir.model.fields,field_description:{fid}")
            help_text = info.help if not info.related else _related_help(info)
            if help_text:
                yield Term(help_text, f"model:ir.model.fields,help:{fid}")
            for key, text in info.selection:
                yield Term(
                    text,
                    f"model:ir.model.fields.selection,name:{MODULE}.selection__{mid}__"
                    f"{info.name}__{key}",
                )


# The relations our related fields follow (the only ones the addon uses).
RELATIONS = {"company_id": "res.company", "applicant_id": "hr.applicant"}


def _related_target(info: FieldInfo) -> FieldInfo | None:
    assert info.related
    first, _, rest = info.related.partition(".")
    target = models().get(RELATIONS.get(first, ""))
    return target.fields.get(rest) if target else None


def _related_label(info: FieldInfo) -> str:
    if info.string:
        return info.string
    target = _related_target(info)
    return target.label if target else info.label


def _related_help(info: FieldInfo) -> str | None:
    if info.help:
        return info.help
    target = _related_target(info)
    return target.help if target else None


# ---------------------------------------------------------------------------------- XML


@dataclass
class XmlRecord:
    file: Path
    xmlid: str
    model: str
    element: ET.Element

    def field(self, name: str) -> ET.Element | None:
        for child in self.element.findall("field"):
            if child.get("name") == name:
                return child
        return None


def parse_xml(source: Path | str) -> ET.Element:
    """The root of one of the addon's XML files (or of XML text): our own files, not input."""
    if isinstance(source, Path):
        return ET.parse(source).getroot()  # noqa: S314 - the addon's own source
    return ET.fromstring(source)  # noqa: S314 - a literal in a test


def xml_files() -> list[Path]:
    """The data files (not the web client's OWL templates under static/)."""
    return sorted(p for p in ADDON.rglob("*.xml") if "static" not in p.relative_to(ADDON).parts)


def xml_records() -> list[XmlRecord]:
    records = []
    for path in xml_files():
        for element in parse_xml(path).iter("record"):
            records.append(
                XmlRecord(path, element.get("id", ""), element.get("model", ""), element)
            )
    return records


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def arch_terms(arch: ET.Element) -> Iterator[str]:
    for element in arch.iter():
        for attr, value in element.attrib.items():
            translated = attr in TRANSLATED_ATTRS and element.tag not in ("xpath", "attribute")
            if translated and value.strip():
                yield _normalise(value)
        has_text = element is not arch and element.tag not in NO_TEXT and element.text
        if has_text and element.text and element.text.strip():
            yield _normalise(element.text)
        if element is not arch and element.tail and element.tail.strip():
            yield _normalise(element.tail)


# Records whose content is written in one language on purpose (one mail template per language):
# only their name is a term.
LANGUAGE_SPECIFIC = re.compile(r"mail_template_approval_request_(nl|fr|de|en)$")


def data_terms() -> Iterator[Term]:
    for record in xml_records():
        ref = f"{MODULE}.{record.xmlid}"
        if record.model == "ir.ui.view":
            arch = record.field("arch")
            assert arch is not None, f"{record.xmlid} has no arch"
            for text in arch_terms(arch):
                yield Term(text, f"model_terms:ir.ui.view,arch_db:{ref}")
        elif record.model == "ir.cron":
            name = record.field("name")
            assert name is not None
            assert name.text
            yield Term(
                _normalise(name.text), f"model:ir.actions.server,name:{ref}_ir_actions_server"
            )
        elif record.model == "ir.actions.act_window":
            name = record.field("name")
            if name is not None and name.text:
                yield Term(_normalise(name.text), f"model:ir.actions.act_window,name:{ref}")
            help_field = record.field("help")
            # An HTML help is translated block by block (html_translate): one term per paragraph.
            for block in help_field.iter("p") if help_field is not None else ():
                text = "".join(block.itertext())
                if text.strip():
                    yield Term(_normalise(text), f"model_terms:ir.actions.act_window,help:{ref}")
        elif record.model == "ir.actions.server":
            name = record.field("name")
            assert name is not None
            assert name.text
            yield Term(_normalise(name.text), f"model:ir.actions.server,name:{ref}")
        elif record.model == "mail.template":
            name = record.field("name")
            assert name is not None
            assert name.text
            yield Term(_normalise(name.text), f"model:mail.template,name:{ref}")
            if not LANGUAGE_SPECIFIC.search(record.xmlid):
                raise AssertionError(f"{record.xmlid}: a template with translatable content")


def menu_terms() -> Iterator[Term]:
    for path in xml_files():
        for menu in parse_xml(path).iter("menuitem"):
            if menu.get("name"):
                ref = f"{MODULE}.{menu.get('id')}"
                yield Term(_normalise(menu.get("name", "")), f"model:ir.ui.menu,name:{ref}")


def terms() -> list[Term]:
    """Every translatable term of the addon, in a stable order."""
    return [*model_terms(), *data_terms(), *menu_terms(), *code_terms()]


def write_pot(path: Path = POT) -> None:
    import polib

    pot = polib.POFile(wrapwidth=78)
    pot.header = (
        "Translation of Odoo Server.\n"
        "This file contains the translation of the following modules:\n"
        f"\t* {MODULE}\n"
    )
    pot.metadata = {
        "Project-Id-Version": "Odoo Server 19.0",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "PO-Revision-Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "Last-Translator": "",
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "",
        "Plural-Forms": "",
    }
    entries: dict[str, polib.POEntry] = {}
    for term in terms():
        entry = entries.get(term.msgid)
        if entry is None:
            entry = entries[term.msgid] = polib.POEntry(msgid=term.msgid, msgstr="")
            entry.comment = f"module: {MODULE}"
        if term.python and "odoo-python" not in entry.comment:
            entry.comment += "\nodoo-python"
            if "%" in term.msgid and "python-format" not in entry.flags:
                entry.flags.append("python-format")
        # polib writes an occurrence as "file:line": code references end in ":0".
        where, _, line = term.reference.rpartition(":")
        occurrence = (where, line) if line.isdigit() else (term.reference, "")
        if occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
    for msgid in sorted(entries):
        entry = entries[msgid]
        entry.occurrences.sort()
        pot.append(entry)
    pot.save(str(path))


if __name__ == "__main__":
    write_pot()
    sys.stdout.write(f"wrote {POT.relative_to(ROOT)}\n")
