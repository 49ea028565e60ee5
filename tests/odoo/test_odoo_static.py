"""Static checks of the Odoo addon, quick and without a server (its own tests run in a real Odoo
19.0: ``test_odoo_tests_in_odoo.py``).

What a broken addon would show at install time, caught by reading its source:

- pylint-odoo with the OCA checks (``oca.pylintrc``) finds nothing;
- every XML file is well formed, with no duplicate record id, no duplicate field in a record, and
  none of the syntax Odoo 17+ removed (``attrs``/``states``, ``<tree>`` in 18+, ``numbercall``);
- every field a view, a data file or a domain names exists on its model: the addon's own, or
  ``hr.applicant``'s in 19.0 (listed below with the file they were read from);
- every XML id of another module exists in that module's published source for 19.0 (listed below
  with where each was checked);
- the manifest's keys and data file order; the security CSV's columns and model references;
- the ``.pot`` covers every term of the XML and Python, and ``nl.po``/``fr.po``/``de.po`` parse and
  translate every one of them, placeholders included.
"""

from __future__ import annotations

import ast
import csv
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import polib
import pytest

from precontract.fields import MandateStatusValue
from precontract.outcome import OutcomeKind
from tests.odoo import odoo_addon_source as src

ADDON = src.ADDON
MODULE = src.MODULE
PYLINTRC = Path(__file__).with_name("oca.pylintrc")

# ------------------------------------------------------------------------------ reference data

# hr.applicant's fields in Odoo 19.0 that the addon relies on (views, domains, templates, code),
# as read in odoo/odoo, addons/hr_recruitment/models/hr_applicant.py (19.0: class HrApplicant
# with talent pools and no hr.candidate; found in the search index by its text). They also exist
# in 17.0 and 18.0 (18.0: partner_id/email_from/partner_phone related to the candidate,
# partner_name computed) - see docs/odoo.md.
HR_APPLICANT_FIELDS_19 = frozenset(
    {
        "active",
        "partner_id",
        "partner_name",
        "email_from",
        "email_normalized",
        "partner_phone",
        "company_id",
        "user_id",
        "job_id",
        "stage_id",
        "department_id",
        "application_status",
        "availability",  # the planned start given to the core (date the applicant is available)
        "message_ids",  # mail.thread, which hr.applicant inherits
    }
)
# Fields of other models the addon's views and templates use (odoo/addons/base).
BASE_FIELDS = {
    "res.config.settings": frozenset({"company_id"}),
    "res.company": frozenset({"name", "partner_id"}),
    "res.users": frozenset({"email_formatted"}),
}

# Every XML id of another module the addon references, and where it was checked (odoo/odoo,
# 19.0 versions of the files unless said otherwise).
EXTERNAL_XMLIDS = {
    "hr_recruitment.hr_applicant_view_form": (
        "addons/hr_recruitment/views/hr_applicant_views.xml: <record id='hr_applicant_view_form'>, "
        "a form with <header> and <notebook>"
    ),
    "hr_recruitment.crm_case_tree_view_job": (
        "addons/hr_recruitment/views/hr_applicant_views.xml: <record id='crm_case_tree_view_job'>,"
        " a <list> with <field name='partner_name'>"
    ),
    "hr_recruitment.hr_applicant_view_search_bis": (
        "addons/hr_recruitment/views/hr_applicant_views.xml: <record id='hr_applicant_view_search_bis'>"
    ),
    "hr_recruitment.hr_kanban_view_applicant": (
        "addons/hr_recruitment/views/hr_applicant_views.xml: <record id='hr_kanban_view_applicant'>,"
        " a <kanban> whose card has <field name='applicant_properties'>"
    ),
    "hr_recruitment.res_config_settings_view_form": (
        "addons/hr_recruitment/views/res_config_settings_views.xml: <record "
        "id='res_config_settings_view_form'> with <app name='hr_recruitment'> (17+ syntax)"
    ),
    "hr_recruitment.model_hr_applicant": (
        "the ORM's id of hr.applicant (addons/hr_recruitment/models/hr_applicant.py), referenced "
        "as model_hr_applicant in addons/hr_recruitment/security/hr_recruitment_security.xml"
    ),
    "hr_recruitment.group_hr_recruitment_user": (
        "addons/hr_recruitment/security/hr_recruitment_security.xml: 'Officer: Manage all "
        "applicants' (19.0: privilege_id res_groups_privilege_recruitment)"
    ),
    "hr_recruitment.group_hr_recruitment_manager": (
        "addons/hr_recruitment/security/hr_recruitment_security.xml: <record "
        "id='group_hr_recruitment_manager'> 'Administrator'"
    ),
    "base.group_multi_company": "odoo/addons/base/security/base_groups.xml: 'Multi Companies'",
    "hr_recruitment.group_hr_recruitment_interviewer": (
        "addons/hr_recruitment/security/hr_recruitment_security.xml: 'Interviewer'"
    ),
    "base.group_system": "odoo/addons/base/security/base_groups.xml: 'Settings'",
    "mail.mt_note": "addons/mail/data/mail_message_subtype_data.xml: 'Notes'",
    "mail.mail_notification_light": (
        "addons/mail/data/mail_templates_email_layouts.xml: <template id='mail_notification_light'>"
    ),
}

# The anchors our inherited views use in their parents, as found in the files above.
PARENT_ANCHORS = {
    "hr_recruitment.hr_applicant_view_form": {"//header", "//notebook"},
    "hr_recruitment.crm_case_tree_view_job": {"//field[@name='partner_name']"},
    "hr_recruitment.hr_applicant_view_search_bis": {"//search"},
    "hr_recruitment.hr_kanban_view_applicant": {"//field[@name='applicant_properties']"},
    "hr_recruitment.res_config_settings_view_form": {"//app[@name='hr_recruitment']"},
}

# Names an Odoo 17+ view expression may use besides the record's fields.
EXPRESSION_NAMES = frozenset(
    {"context", "uid", "parent", "current_date", "today", "now", "companies", "True", "False"}
)
OCA_STATUSES = ("Alpha", "Beta", "Production/Stable", "Mature")
CSV_COLUMNS = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]


def manifest() -> dict[str, object]:
    value = ast.literal_eval((ADDON / "__manifest__.py").read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


def model_fields(model: str) -> set[str]:
    ours = src.models().get(model)
    known = set(ours.fields) if ours else set()
    if model == "hr.applicant":
        known |= HR_APPLICANT_FIELDS_19
    known |= BASE_FIELDS.get(model, frozenset())
    known |= {"id", "display_name", "create_date", "write_date"}
    return known


def _expression_names(expression: str) -> set[str]:
    tree = ast.parse(expression, mode="eval")
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id not in EXPRESSION_NAMES
    }


def _domain_fields(domain: str) -> set[str]:
    value = ast.literal_eval(domain)
    return {term[0].split(".")[0] for term in value if isinstance(term, tuple | list)}


def view_field_problems(model: str, arch: ET.Element) -> list[str]:
    """Field names a view uses that do not exist on ``model``."""
    known = model_fields(model)
    used: list[tuple[str, str]] = []
    for element in arch.iter():
        if element is arch:  # the record's <field name="arch"> itself
            continue
        if element.tag == "field" and "name" in element.attrib:
            used.append((element.get("name", ""), "field"))
        if element.tag == "label" and "for" in element.attrib:
            used.append((element.get("for", ""), "label for"))
        if "filename" in element.attrib:
            used.append((element.get("filename", ""), "filename"))
        for attr in ("invisible", "readonly", "required", "column_invisible"):
            if attr in element.attrib and element.get(attr) not in ("0", "1"):
                used += [(name, attr) for name in _expression_names(element.get(attr, ""))]
        for attr in ("domain", "filter_domain"):
            if attr in element.attrib:
                used += [(name, attr) for name in _domain_fields(element.get(attr, ""))]
    return [f"{model}.{name} ({how})" for name, how in used if name not in known]


def external_refs() -> dict[str, list[str]]:
    """Every XML id of the form ``module.name`` the addon uses, with where."""
    found: dict[str, list[str]] = {}
    pattern = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")
    # Model names look like XML ids ("mail.template"): they are not references.
    model_names = {*src.models(), "mail.template", "mail.thread", "mail.message"}

    def add(xmlid: str, where: str) -> None:
        found.setdefault(xmlid.strip(), []).append(where)

    for path in src.xml_files():
        for element in src.parse_xml(path).iter():
            for attr in ("ref", "inherit_id"):
                if "." in element.get(attr, ""):
                    add(element.get(attr, ""), path.name)
            for group in filter(None, element.get("groups", "").split(",")):
                add(group.lstrip("!"), path.name)
    for path in [*src.python_files(), ADDON / "tests" / "test_hr_applicant_precontract.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for part in node.value.split(","):
                    if (
                        pattern.match(part)
                        and part.split(".")[0] in ("base", "mail", "hr_recruitment", MODULE)
                        and part not in model_names
                    ):
                        add(part, path.name)
    with (ADDON / "security" / "ir.model.access.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if "." in row["group_id:id"]:
                add(row["group_id:id"], "ir.model.access.csv")
    return found


def parameters() -> set[str]:
    """The ir.config_parameter keys the settings screen writes."""
    settings = src.models()["res.config.settings"].fields.values()
    return {str(f.kwargs["config_parameter"]) for f in settings if "config_parameter" in f.kwargs}


# ------------------------------------------------------------------------------ pylint-odoo


def test_pylint_odoo_with_the_oca_checks_finds_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pylint", f"--rcfile={PYLINTRC}", MODULE],
        cwd=ADDON.parent,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------------------------------------ XML


@pytest.mark.parametrize("path", src.xml_files(), ids=lambda p: p.name)
def test_xml_is_well_formed_odoo_data(path: Path) -> None:
    root = src.parse_xml(path)
    assert root.tag == "odoo"
    for record in root.iter("record"):
        names = [f.get("name") for f in record.findall("field")]
        duplicates = [name for name, count in Counter(names).items() if count > 1]
        assert not duplicates, f"{record.get('id')}: fields given twice: {duplicates}"
    for element in root.iter():
        removed = {"attrs", "states"} & set(element.attrib)
        assert not removed, f"{path.name}: {removed} were removed in Odoo 17"
        assert element.tag != "tree", f"{path.name}: <tree> is <list> since Odoo 18"


def test_record_ids_are_unique_and_say_their_model() -> None:
    ids = Counter(record.xmlid for record in src.xml_records())
    assert [xmlid for xmlid, count in ids.items() if count > 1] == []
    assert all(record.xmlid and record.model for record in src.xml_records())


def views() -> Iterator[tuple[str, ET.Element]]:
    """Each view's model and architecture."""
    for record in src.xml_records():
        if record.model != "ir.ui.view":
            continue
        model = record.field("model")
        arch = record.field("arch")
        assert model is not None
        assert model.text
        assert arch is not None
        yield model.text, arch


def test_every_field_a_view_names_exists() -> None:
    problems = []
    for model, arch in views():
        problems += view_field_problems(model, arch)
    assert problems == []


def test_the_field_check_catches_a_missing_field() -> None:
    arch = src.parse_xml(
        "<form><field name='partner_name'/><field name='no_such_field'/>"
        '<div invisible="not precontract_typo"/>'
        "<filter domain=\"[('stage_nope', '=', 1)]\"/></form>"
    )
    assert view_field_problems("hr.applicant", arch) == [
        "hr.applicant.no_such_field (field)",
        "hr.applicant.precontract_typo (invisible)",
        "hr.applicant.stage_nope (domain)",
    ]


def test_object_buttons_call_methods_of_their_model() -> None:
    missing = []
    for model, arch in views():
        ours = src.models()[model]
        for button in arch.iter("button"):
            if button.get("type") == "object" and button.get("name") not in ours.methods:
                missing.append(f"{model}.{button.get('name')}")
    assert missing == []


def test_inherited_views_only_use_anchors_present_in_their_parent() -> None:
    for record in src.xml_records():
        inherit = record.field("inherit_id")
        if record.model != "ir.ui.view" or inherit is None:
            continue
        parent = inherit.get("ref", "")
        arch = record.field("arch")
        assert arch is not None
        exprs = {xpath.get("expr") for xpath in arch.iter("xpath")}
        assert exprs, f"{record.xmlid} inherits without an xpath"
        assert exprs <= PARENT_ANCHORS[parent], f"{record.xmlid}: unchecked anchors {exprs}"


def test_every_external_xmlid_was_checked_against_its_module() -> None:
    refs = external_refs()
    external = {xmlid: where for xmlid, where in refs.items() if not xmlid.startswith(MODULE)}
    unchecked = {xmlid: where for xmlid, where in external.items() if xmlid not in EXTERNAL_XMLIDS}
    assert unchecked == {}
    # Nothing listed that the addon no longer uses.
    assert set(EXTERNAL_XMLIDS) == set(external)
    # Our own ids exist in our own data (the settings' ir.config_parameter keys share the prefix).
    own = {record.xmlid for record in src.xml_records()}
    missing = [
        x
        for x in refs
        if x.startswith(MODULE + ".") and x.split(".", 1)[1] not in own and x not in parameters()
    ]
    assert missing == []
    # Every model_<x> / module depends on it.
    depends = manifest()["depends"]
    assert isinstance(depends, list)
    assert {x.split(".")[0] for x in external} <= {*depends, "base", "mail"}


def test_settings_are_read_back_under_the_keys_they_are_saved_with() -> None:
    # precontract_credential.py reads PARAM_PREFIX + each of PARAMS; the settings save them.
    tree = ast.parse((ADDON / "models" / "precontract_credential.py").read_text(encoding="utf-8"))
    constants = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in ("PARAM_PREFIX", "PARAMS")
    }
    read = {constants["PARAM_PREFIX"] + name for name in constants["PARAMS"]}
    assert read == parameters()


def test_scheduled_actions_use_the_17_plus_fields_and_existing_methods() -> None:
    crons = [r for r in src.xml_records() if r.model == "ir.cron"]
    assert len(crons) == 3  # follow pending, expire, re-check before start
    applicant = src.models()["hr.applicant"]
    for cron in crons:
        names = {f.get("name") for f in cron.element.findall("field")}
        assert not names & {"numbercall", "doall"}, "removed in Odoo 17.3+"
        assert {"name", "model_id", "state", "code", "interval_number", "interval_type"} <= names
        code = cron.field("code")
        assert code is not None
        assert code.text
        method = re.fullmatch(r"model\.(\w+)\(\)", code.text.strip())
        assert method
        assert method.group(1) in applicant.methods
        interval = cron.field("interval_type")
        assert interval is not None
        assert interval.text in ("minutes", "hours", "days", "weeks")


def test_mail_templates_exist_per_language_and_use_existing_fields() -> None:
    templates = {r.xmlid: r for r in src.xml_records() if r.model == "mail.template"}
    assert set(templates) == {
        f"mail_template_approval_request_{lang}" for lang in ("nl", "fr", "de", "en")
    }
    greetings = {"nl": "Beste", "fr": "Bonjour", "de": "Guten Tag", "en": "Dear"}
    known = model_fields("hr.applicant")
    for xmlid, record in templates.items():
        text = ET.tostring(record.element, encoding="unicode")
        assert greetings[xmlid[-2:]] in text
        used = set(re.findall(r"object\.(\w+)", text))
        assert used <= known, used - known
        assert {"precontract_request_url", "precontract_request_expires_at"} <= used
        # The wizard picks these ids by language.
        wizard = (ADDON / "wizards" / "precontract_approval_wizard.py").read_text()
        assert f"{MODULE}.{xmlid}" in wizard


# ------------------------------------------------------------------------------ manifest


def test_manifest_has_the_oca_keys_and_a_19_0_version() -> None:
    data = manifest()
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", str(data["version"]))
    assert data["license"] == "LGPL-3"
    assert data["external_dependencies"] == {"python": ["precontract"]}
    assert data["development_status"] in OCA_STATUSES
    assert {"hr_recruitment", "mail"} <= set(data["depends"])  # type: ignore[call-overload]
    for key in ("name", "summary", "author", "category", "data"):
        assert data.get(key), key


def test_manifest_lists_every_data_file_in_a_loadable_order() -> None:
    files = manifest()["data"]
    assert isinstance(files, list)
    assert all((ADDON / name).is_file() for name in files)
    on_disk = {
        p.relative_to(ADDON).as_posix()
        for p in [*src.xml_files(), *ADDON.rglob("*.csv")]
        if "tests" not in p.parts
    }
    assert set(files) == on_disk
    assert files[0] == "security/ir.model.access.csv"
    # A record referenced by id must be defined in an earlier file (or earlier in the same one).
    defined: set[str] = set()
    for name in files:
        if not name.endswith(".xml"):
            continue
        for element in src.parse_xml(ADDON / name).iter():
            if element.tag == "record":
                defined.add(element.get("id", ""))
            ref = element.get("ref", "")
            own = ref.split(".", 1)[1] if ref.startswith(MODULE + ".") else ref
            if ref and ("." not in ref or ref.startswith(MODULE + ".")):
                assert own in defined or own.startswith("model_"), f"{name}: {ref} used early"


def test_readme_fragments_and_icon_are_there() -> None:
    for fragment in ("DESCRIPTION", "CONFIGURE", "USAGE", "CONTRIBUTORS"):
        text = (ADDON / "readme" / f"{fragment}.md").read_text(encoding="utf-8")
        assert len(text.strip()) > 10
    assert "Chaman" in (ADDON / "readme" / "CONFIGURE.md").read_text(encoding="utf-8")
    icon = (ADDON / "static" / "description" / "icon.png").read_bytes()
    assert icon.startswith(b"\x89PNG\r\n\x1a\n")


# ------------------------------------------------------------------------------ security


def test_security_csv_columns_models_and_groups() -> None:
    path = ADDON / "security" / "ir.model.access.csv"
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == CSV_COLUMNS
        rows = list(reader)
    assert len({row["id"] for row in rows}) == len(rows)
    new_models = {m.name for m in src.models().values() if not m.inherit}
    referenced = {row["model_id:id"] for row in rows}
    assert referenced == {f"model_{name.replace('.', '_')}" for name in new_models}
    for row in rows:
        assert row["group_id:id"] in EXTERNAL_XMLIDS
        assert {row[p] for p in CSV_COLUMNS[4:]} <= {"0", "1"}
    secrets = [r for r in rows if r["model_id:id"] == "model_precontract_credential"]
    assert [r["group_id:id"] for r in secrets] == ["base.group_system"]


def test_secrets_and_the_niss_are_restricted() -> None:
    models = src.models()
    credential = models["precontract.credential"].fields
    for name in ("private_key", "certificate", "key_password", "key_filename"):
        assert credential[name].groups == "base.group_system", name
    settings = models["res.config.settings"].fields
    for name in ("precontract_private_key_upload", "precontract_certificate_upload"):
        assert settings[name].groups == "base.group_system"
        assert settings[name].kwargs.get("attachment") is False
    applicant = models["hr.applicant"].fields
    assert applicant["precontract_ssin"].groups == "hr_recruitment.group_hr_recruitment_user"
    assert "tracking" not in applicant["precontract_ssin"].kwargs  # the raw NISS is never tracked
    assert applicant["precontract_ssin_masked"].kwargs.get("tracking") is True
    # The answers themselves are never tracked: the chatter would keep them past their window.
    for key in ("precontract_flexi_eligible", "precontract_student_hours_remaining"):
        assert "tracking" not in applicant[key].kwargs
        assert applicant[key].groups == "hr_recruitment.group_hr_recruitment_user"
    wizard = models["precontract.approval.wizard"].fields
    assert wizard["qr_code"].type == "Binary"
    assert wizard["qr_code"].kwargs["attachment"] is False


def test_selections_hold_every_value_the_core_gives_them() -> None:
    # The ORM refuses a value its selection does not list: a status or an outcome added to the
    # core would break the check button until the addon lists it too.
    def keys(model: str, field: str) -> set[str]:
        return {key for key, _label in src.models()[model].fields[field].selection}

    statuses = {status.value for status in MandateStatusValue}
    assert keys("hr.applicant", "precontract_mandate_status") == statuses
    assert keys("precontract.approval.wizard", "state") == {kind.value for kind in OutcomeKind}


def test_the_addon_holds_no_http_code() -> None:
    # Every call to the social security goes through the core: not the models, nor the host.
    host = sorted((ADDON / "host").glob("*.py"))
    assert host
    for path in [*src.python_files(), *host]:
        text = path.read_text(encoding="utf-8")
        for banned in ("import requests", "urllib", "http.client", "httpx", "socket"):
            assert banned not in text, f"{path.name} uses {banned}"


# ------------------------------------------------------------------------------ translations


def _placeholders(text: str) -> Counter[str]:
    return Counter(re.findall(r"%\(\w+\)s|%s|%d|\{\{.*?\}\}", text))


def test_the_pot_covers_every_term_and_is_up_to_date() -> None:
    pot = polib.pofile(str(src.POT))
    in_pot = {
        (e.msgid, f"{ref}:{line}" if line else ref) for e in pot for ref, line in e.occurrences
    }
    extracted = {(t.msgid, t.reference) for t in src.terms()}
    assert extracted - in_pot == set(), "run: python tests/odoo/odoo_addon_source.py"
    assert in_pot - extracted == set(), "stale terms: python tests/odoo/odoo_addon_source.py"
    # The user-facing texts of each area are there (a sanity check on the extraction itself).
    msgids = {e.msgid for e in pot}
    for text in (
        "Check flexi/student eligibility",
        "Precontractual data",
        "Send by e-mail",
        "Send result by e-mail",
        "Start a new request",
        "Test connection",
        "The applicant has no e-mail address.",
    ):
        assert text in msgids


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_po_file_parses_and_translates_every_term(lang: str) -> None:
    pot = polib.pofile(str(src.POT))
    po = polib.pofile(str(ADDON / "i18n" / f"{lang}.po"))
    assert po.metadata["Language"] == lang
    translated = {e.msgid: e for e in po}
    assert set(translated) == {e.msgid for e in pot}
    for entry in pot:
        target = translated[entry.msgid]
        assert target.msgstr.strip(), f"{lang}: untranslated {entry.msgid!r}"
        assert "fuzzy" not in target.flags
        assert _placeholders(target.msgstr) == _placeholders(entry.msgid), entry.msgid
        assert sorted(target.occurrences) == sorted(entry.occurrences)
    assert translated["Check flexi/student eligibility"].msgstr != "Check flexi/student eligibility"
