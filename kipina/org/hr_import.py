"""HR import: read an HR export (CSV or XLSX), check every row, then upsert units, teams and people.

The flow is plan → apply. `hr_import_preview` reads the file and the database and returns an
`ImportPlan` (every problem with its spreadsheet row number, and what would change) without
writing anything. `hr_import_apply` plans again inside one transaction and, only when the plan
has no problems, writes it with bulk queries. Everything works on in-memory dictionaries so that
a 20 000-row file needs a handful of queries, not one per row.

The file format is documented in docs/import-format.md; keep the two in step.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import secrets
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf.locale import LANG_INFO
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kipina.core.bulk_writes import QUERY_CHUNK, chunks, insert_rows, update_by_pk
from kipina.org.models import (
    MAX_WEEKLY_HOURS,
    MIN_WEEKLY_HOURS,
    PATH_SEPARATOR,
    Language,
    Person,
    Team,
    Unit,
    path_depth,
    unit_path,
)

# --- the file format --------------------------------------------------------------------------

# Canonical column → accepted header spellings. Headers are matched after `normalise_header`,
# so case, surrounding spaces and space/underscore/hyphen differences do not matter.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_number": (
        "employee_number",
        "employee_no",
        "employee_id",
        "henkilönumero",
        "henkilönro",
        "henkilö_nro",
        "työntekijänumero",
    ),
    "first_name": ("first_name", "firstname", "given_name", "etunimi", "etunimet", "kutsumanimi"),
    "last_name": ("last_name", "lastname", "surname", "family_name", "sukunimi"),
    "email": ("email", "e_mail", "email_address", "sähköposti", "sähköpostiosoite"),
    "unit_code": ("unit_code", "unit_id", "yksikkökoodi", "yksikön_koodi", "yksikkötunnus"),
    "unit_name": ("unit_name", "unit", "yksikkö", "yksikön_nimi"),
    "parent_unit_code": (
        "parent_unit_code",
        "parent_unit",
        "yläyksikkökoodi",
        "yläyksikön_koodi",
        "yläyksikkö",
    ),
    "team_code": ("team_code", "team_id", "tiimikoodi", "tiimin_koodi"),
    "team_name": ("team_name", "team", "tiimi", "tiimin_nimi"),
    "team_lead": ("team_lead", "is_team_lead", "tiiminvetäjä", "tiimin_vetäjä"),
    "job_title": ("job_title", "title", "tehtävänimike", "nimike"),
    "supervisor_employee_number": (
        "supervisor_employee_number",
        "supervisor_number",
        "supervisor",
        "esihenkilön_henkilönumero",
        "esihenkilön_numero",
        "esihenkilö",
    ),
    "languages": ("languages", "language", "kielet", "kieli", "työkielet"),
    "weekly_hours": (
        "weekly_hours",
        "weekly_working_hours",
        "viikkotyöaika",
        "työaika",
        "viikkotunnit",
    ),
}
# The name shown in messages next to the English one.
FINNISH_COLUMN_NAMES = {
    "employee_number": "henkilönumero",
    "first_name": "etunimi",
    "last_name": "sukunimi",
    "email": "sähköposti",
    "unit_code": "yksikkökoodi",
    "unit_name": "yksikkö",
    "parent_unit_code": "yläyksikkökoodi",
    "team_code": "tiimikoodi",
    "team_name": "tiimi",
    "team_lead": "tiiminvetäjä",
    "job_title": "tehtävänimike",
    "supervisor_employee_number": "esihenkilön henkilönumero",
    "languages": "kielet",
    "weekly_hours": "viikkotyöaika",
}
REQUIRED_COLUMNS = ("employee_number", "first_name", "last_name", "email", "unit_code", "unit_name")
# Columns that belong to a person; a row with a unit code and none of these defines a unit only.
PERSON_COLUMNS = (
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "team_code",
    "team_name",
    "team_lead",
    "job_title",
    "supervisor_employee_number",
    "languages",
    "weekly_hours",
)

DEFAULT_WEEKLY_HOURS = Decimal("38.25")
MAX_ROWS = 200_000
MAX_UNIT_DEPTH = 25
TRUE_WORDS = frozenset({"1", "x", "yes", "y", "true", "kyllä", "k", "joo", "ja", "tosi"})
FALSE_WORDS = frozenset({"", "0", "no", "n", "false", "ei", "e", "nej", "epätosi", "-"})
LANGUAGE_SEPARATORS = re.compile(r"[\s,;|/]+")
# Codes Django has no translations for but that a Finnish organisation needs: the Sámi
# languages, Karelian, Meänkieli, Finnish Kalo Romani and the two Finnish sign languages, and
# large languages of people who moved to Finland (docs/import-format.md lists them).
EXTRA_LANGUAGE_CODES = frozenset(
    {"se", "smn", "sms", "krl", "fit", "rmf", "fse", "fss", "so", "ku", "ps", "ti", "am", "tl"}
)
VALID_LANGUAGE_CODES = (
    frozenset(code for code, info in LANG_INFO.items() if "fallback" not in info)
    | EXTRA_LANGUAGE_CODES
)
# Same characters as Django's username validator: the employee number becomes the username.
EMPLOYEE_NUMBER_PATTERN = re.compile(r"^[\w.@+-]+\Z")
FIELD_LIMITS = {
    "employee_number": Person._meta.get_field("employee_number").max_length,
    "first_name": Person._meta.get_field("first_name").max_length,
    "last_name": Person._meta.get_field("last_name").max_length,
    "email": Person._meta.get_field("email").max_length,
    "job_title": Person._meta.get_field("job_title").max_length,
    "unit_code": Unit._meta.get_field("code").max_length,
    "unit_name": Unit._meta.get_field("name").max_length,
    "parent_unit_code": Unit._meta.get_field("code").max_length,
    "team_code": Team._meta.get_field("code").max_length,
    "team_name": Team._meta.get_field("name").max_length,
}
MISSING_MESSAGES = {
    "employee_number": gettext_lazy("Employee number is missing."),
    "first_name": gettext_lazy("First name is missing."),
    "last_name": gettext_lazy("Last name is missing."),
    "email": gettext_lazy("Email address is missing."),
    "unit_code": gettext_lazy("Unit code is missing."),
}

PERSON_FIELD_LABELS = {
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "email": gettext_lazy("email"),
    "unit": gettext_lazy("unit"),
    "team": gettext_lazy("team"),
    "job_title": gettext_lazy("job title"),
    "supervisor": gettext_lazy("supervisor"),
    "weekly_hours": gettext_lazy("weekly working hours"),
    "languages": gettext_lazy("languages"),
    "active": gettext_lazy("returns as active"),
    "user": gettext_lazy("user account details"),
}


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").strip().casefold()
    text = text.strip("*:").strip()
    return re.sub(r"[\s_\-]+", "_", text)


HEADER_TO_COLUMN: dict[str, str] = {
    normalise_header(alias): column
    for column, aliases in COLUMN_ALIASES.items()
    for alias in aliases
}


# --- results ----------------------------------------------------------------------------------


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, broken, wrong encoding); no rows to report."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportConflictError(Exception):
    """Someone else changed the same people while the import was being written."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class ImportCounts:
    rows: int = 0
    people_in_file: int = 0
    new_people: int = 0
    updated_people: int = 0
    unchanged_people: int = 0
    reactivated_people: int = 0
    deactivated_people: int = 0
    new_units: int = 0
    updated_units: int = 0
    new_teams: int = 0
    updated_teams: int = 0

    @property
    def changes(self) -> int:
        return (
            self.new_people
            + self.updated_people
            + self.deactivated_people
            + self.new_units
            + self.updated_units
            + self.new_teams
            + self.updated_teams
        )


@dataclass(frozen=True)
class PersonChange:
    employee_number: str
    name: str
    fields: tuple[str, ...] = ()


@dataclass
class ImportPlan:
    sha256: str
    file_format: str
    deactivate_missing: bool
    problems: list[RowProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: ImportCounts = field(default_factory=ImportCounts)
    updated_people: list[PersonChange] = field(default_factory=list)
    deactivated_people: list[PersonChange] = field(default_factory=list)
    applied: bool = False
    work: _Work | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- reading the file -------------------------------------------------------------------------


@dataclass
class SourceTable:
    file_format: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[str]]]


def read_table(content: bytes, filename: str = "") -> SourceTable:
    """Turn the uploaded bytes into a header and numbered rows, whatever the file type."""
    name = filename.lower()
    if not content.strip():
        raise ImportFileError(_("The file is empty."))
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("Old Excel files (.xls) cannot be read. Save the file as .xlsx or as CSV.")
        )
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if name.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(_("The file is not a valid Excel workbook (.xlsx)."))
    if name and not name.endswith((".csv", ".txt", ".tsv")):
        raise ImportFileError(
            _("This file type is not supported. Upload a CSV file or an Excel workbook (.xlsx).")
        )
    return _read_csv(content)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).replace("\u00a0", " ").strip()


def _read_xlsx(content: bytes) -> SourceTable:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(
            _("The file could not be read as an Excel workbook (.xlsx).")
        ) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no worksheets."))
        sheet = workbook.worksheets[0]
        # Exports from other programs often carry a wrong size record; read the real cells.
        sheet.reset_dimensions()
        return _table_from_rows(
            "xlsx",
            (
                (number, [_cell_text(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ),
        )
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on a broken sheet
        raise ImportFileError(
            _("The file could not be read as an Excel workbook (.xlsx).")
        ) from error
    finally:
        workbook.close()


def _decode(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _("The file says it is UTF-8 text but contains characters that are not.")
            ) from error
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The UTF-16 text in the file is broken.")) from error
    if b"\x00" in content:
        raise ImportFileError(
            _("This does not look like a CSV text file. Upload CSV or an Excel workbook (.xlsx).")
        )
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Finnish Excel saves "CSV (comma delimited)" in Windows-1252.
        return content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The text encoding of the file is not recognised. Save it as UTF-8 CSV.")
        ) from error


def _guess_delimiter(text: str) -> str:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read_csv(content: bytes) -> SourceTable:
    text = _decode(content)
    delimiter = _guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _table_from_rows(
            "csv",
            (
                (number, [cell.replace("\u00a0", " ").strip() for cell in cells])
                for number, cells in enumerate(reader, start=1)
            ),
        )
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file is broken near row %(row)s: %(reason)s")
            % {"row": reader.line_num, "reason": error}
        ) from error


def _table_from_rows(file_format: str, rows: Iterable[tuple[int, list[str]]]) -> SourceTable:
    header_row = 0
    headers: list[str] = []
    data: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        if not any(cells):
            continue
        if not headers:
            header_row, headers = number, cells
            while headers and not headers[-1]:
                headers.pop()
            continue
        if len(data) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)s rows. Split it or ask for a higher limit.")
                % {"limit": MAX_ROWS}
            )
        data.append((number, cells))
    if not headers:
        raise ImportFileError(_("The file is empty."))
    return SourceTable(file_format=file_format, header_row=header_row, headers=headers, rows=data)


# --- checking the rows ------------------------------------------------------------------------


@dataclass
class _PersonRow:
    row: int
    employee_number: str
    first_name: str
    last_name: str
    email: str
    unit_code: str
    team_code: str
    team_name: str
    team_lead: bool
    job_title: str
    supervisor: str
    languages: frozenset[str]
    weekly_hours: Decimal | None


@dataclass
class _UnitDefinition:
    rows: list[int] = field(default_factory=list)
    name: str = ""
    name_row: int = 0
    parent_given: bool = False
    parent: str | None = None
    parent_row: int = 0


@dataclass
class _TeamDefinition:
    rows: list[int] = field(default_factory=list)
    name: str = ""
    name_row: int = 0
    unit_code: str = ""
    unit_row: int = 0
    lead_rows: list[int] = field(default_factory=list)
    lead_number: str | None = None


@dataclass
class _Snapshot:
    """The database as the import sees it: plain dictionaries, loaded in a few queries."""

    units: dict[str, dict[str, Any]]
    unit_code_by_id: dict[int, str]
    teams: dict[str, dict[str, Any]]
    team_code_by_id: dict[int, str]
    people: dict[str, dict[str, Any]]
    number_by_person_id: dict[int, str]
    person_by_email: dict[str, dict[str, Any]]
    language_links: dict[int, dict[str, int]]
    language_codes: set[str]
    unlinked_users_by_email: dict[str, dict[str, Any]]

    @classmethod
    def load(cls) -> _Snapshot:
        # values() rows are plain dicts; typed loosely because they are only read back.
        units: dict[str, dict[str, Any]] = {
            u["code"]: u  # type: ignore[misc]
            for u in Unit.objects.order_by().values(
                "id", "code", "name", "parent_id", "path", "depth"
            )
        }
        teams: dict[str, dict[str, Any]] = {
            t["code"]: t  # type: ignore[misc]
            for t in Team.objects.order_by().values("id", "code", "name", "unit_id", "lead_id")
        }
        people: dict[str, dict[str, Any]] = {
            p["employee_number"]: p  # type: ignore[misc]
            for p in Person.objects.order_by().values(
                "id",
                "employee_number",
                "first_name",
                "last_name",
                "email",
                "unit_id",
                "team_id",
                "job_title",
                "supervisor_id",
                "weekly_hours",
                "active",
                "user_id",
                "user__email",
                "user__first_name",
                "user__last_name",
                "user__is_active",
                "user__is_superuser",
            )
        }
        links: dict[int, dict[str, int]] = defaultdict(dict)
        for link_id, person_id, code in Person.languages.through.objects.order_by().values_list(
            "id", "person_id", "language_id"
        ):
            links[person_id][code] = link_id
        unlinked: dict[str, dict[str, Any]] = {}
        user_model = get_user_model()
        for user in (
            user_model.objects.filter(person__isnull=True)
            .exclude(email="")
            .order_by("pk")
            .values("id", "email", "username", "first_name", "last_name")
        ):
            unlinked.setdefault(user["email"].lower(), dict(user))
        return cls(
            units=units,
            unit_code_by_id={u["id"]: code for code, u in units.items()},
            teams=teams,
            team_code_by_id={t["id"]: code for code, t in teams.items()},
            people=people,
            number_by_person_id={p["id"]: number for number, p in people.items()},
            person_by_email={p["email"].lower(): p for p in people.values()},
            language_links=links,
            language_codes=set(Language.objects.values_list("code", flat=True)),
            unlinked_users_by_email=unlinked,
        )


@dataclass
class _Work:
    """What `_apply` writes; filled by the planner only when the file has no problems."""

    snapshot: _Snapshot
    units: dict[str, _UnitDefinition]
    teams: dict[str, _TeamDefinition]
    people: list[_PersonRow]
    columns: frozenset[str]
    new_people: list[_PersonRow]
    changed_people: list[_PersonRow]
    deactivate_ids: list[int]


def _parse_bool(text: str) -> bool | None:
    word = text.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _parse_hours(text: str) -> Decimal | None:
    """Hours as a Decimal, accepting a Finnish decimal comma; None when the text is not valid."""
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"\d{1,6}(\.\d{1,12})?", cleaned):
        return None
    hours = Decimal(cleaned)
    rounded = hours.quantize(Decimal("0.01"))
    if rounded != hours or not MIN_WEEKLY_HOURS <= hours <= MAX_WEEKLY_HOURS:
        return None
    return rounded


def _rows_text(rows: Iterable[int]) -> str:
    return ", ".join(str(row) for row in sorted(set(rows)))


class _Planner:
    def __init__(self, table: SourceTable, *, deactivate_missing: bool, plan: ImportPlan) -> None:
        self.table = table
        self.deactivate_missing = deactivate_missing
        self.plan = plan
        self.column_index: dict[str, int] = {}
        self.labels: dict[str, str] = {}

    # -- helpers --

    def problem(self, row: int, column: str, message: str) -> None:
        label = self.labels.get(column, column)
        self.plan.problems.append(RowProblem(row=row, column=label, message=message))

    def has(self, column: str) -> bool:
        return column in self.column_index

    # -- steps --

    def run(self) -> None:
        if not self.map_headers():
            return
        people, unit_rows = self.parse_rows()
        self.plan.counts.rows = len(self.table.rows)
        self.plan.counts.people_in_file = len(people)
        if not people and not self.plan.problems:
            self.problem(
                self.table.header_row + 1,
                "employee_number",
                _("The file has no people in it. Check that you chose the right file."),
            )
            return
        snapshot = _Snapshot.load()
        units = self.check_units(unit_rows, snapshot)
        teams = self.check_teams(people, snapshot)
        self.check_people(people, snapshot)
        if self.plan.problems:
            self.plan.problems.sort(key=lambda p: (p.row, p.column))
            return
        self.plan.work = self.compare(people, units, teams, snapshot)

    def map_headers(self) -> bool:
        header_row = self.table.header_row
        for index, header in enumerate(self.table.headers):
            if not header:
                continue
            column = HEADER_TO_COLUMN.get(normalise_header(header))
            if column is None:
                self.plan.notices.append(
                    _("Column “%(header)s” is not used by the import and was skipped.")
                    % {"header": header}
                )
                continue
            if column in self.column_index:
                self.labels.setdefault(column, header)
                self.problem(
                    header_row,
                    column,
                    _("Columns “%(first)s” and “%(second)s” mean the same thing; keep one of them.")
                    % {"first": self.labels[column], "second": header},
                )
                continue
            self.column_index[column] = index
            self.labels[column] = header
        for column in REQUIRED_COLUMNS:
            if column not in self.column_index:
                self.problem(
                    header_row,
                    column,
                    _(
                        "Required column “%(column)s” is missing from the header row "
                        "(the Finnish name “%(finnish)s” works too)."
                    )
                    % {"column": column, "finnish": FINNISH_COLUMN_NAMES[column]},
                )
        return not self.plan.problems

    def parse_rows(self) -> tuple[list[_PersonRow], list[tuple[int, str, str, str | None]]]:
        people: list[_PersonRow] = []
        unit_rows: list[tuple[int, str, str, str | None]] = []
        for row, cells in self.table.rows:
            width = len(cells)
            values = {
                column: cells[index] if index < width else ""
                for column, index in self.column_index.items()
            }
            for column, limit in FIELD_LIMITS.items():
                if limit and len(values.get(column, "")) > limit:
                    self.problem(
                        row,
                        column,
                        _("The text is too long: at most %(limit)s characters.") % {"limit": limit},
                    )
            for column in ("unit_code", "parent_unit_code", "team_code"):
                if PATH_SEPARATOR in values.get(column, ""):
                    self.problem(row, column, _("A code cannot contain the character “/”."))
            parent = values["parent_unit_code"] if self.has("parent_unit_code") else None
            is_person = any(values.get(column) for column in PERSON_COLUMNS)
            if not is_person:
                # A unit-only row: defines a unit (usually a parent) that has no people of its own.
                unit_rows.append((row, values["unit_code"], values["unit_name"], parent))
                continue
            person = self.parse_person(row, values)
            if person is not None:
                people.append(person)
            if values["unit_code"]:
                unit_rows.append((row, values["unit_code"], values["unit_name"], parent))
        return people, unit_rows

    def parse_person(self, row: int, values: dict[str, str]) -> _PersonRow | None:
        ok = True
        for column, message in MISSING_MESSAGES.items():
            if not values[column]:
                self.problem(row, column, str(message))
                ok = False
        number = values["employee_number"]
        if number and not EMPLOYEE_NUMBER_PATTERN.match(number):
            self.problem(
                row,
                "employee_number",
                _(
                    "Employee number “%(value)s” may contain only letters, digits "
                    "and the characters . @ + - _"
                )
                % {"value": number},
            )
            ok = False
        email = values["email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.problem(
                    row,
                    "email",
                    _("“%(value)s” is not a valid email address.") % {"value": values["email"]},
                )
                ok = False
        team_lead = False
        if self.has("team_lead"):
            parsed = _parse_bool(values["team_lead"])
            if parsed is None:
                self.problem(
                    row,
                    "team_lead",
                    _("Team lead must be 1 or 0, yes or no, kyllä or ei, or x; got “%(value)s”.")
                    % {"value": values["team_lead"]},
                )
                ok = False
            else:
                team_lead = parsed
        team_code = values.get("team_code", "")
        if values.get("team_name") and not team_code:
            self.problem(row, "team_code", _("The row has a team name but no team code."))
            ok = False
        if team_lead and not team_code:
            self.problem(row, "team_lead", _("The person is marked as team lead but has no team."))
            ok = False
        languages: set[str] = set()
        for code in LANGUAGE_SEPARATORS.split(values.get("languages", "").casefold()):
            if not code:
                continue
            code = code.replace("_", "-")
            if code in VALID_LANGUAGE_CODES:
                languages.add(code)
            else:
                self.problem(
                    row,
                    "languages",
                    _("Unknown language code “%(code)s”. Use ISO 639 codes such as fi, sv, en, se.")
                    % {"code": code},
                )
                ok = False
        hours: Decimal | None = None
        if values.get("weekly_hours"):
            hours = _parse_hours(values["weekly_hours"])
            if hours is None:
                self.problem(
                    row,
                    "weekly_hours",
                    _(
                        "Weekly hours must be a number from %(min)s to %(max)s with at most "
                        "two decimals, for example 37,5; got “%(value)s”."
                    )
                    % {
                        "min": MIN_WEEKLY_HOURS,
                        "max": MAX_WEEKLY_HOURS,
                        "value": values["weekly_hours"],
                    },
                )
                ok = False
        supervisor = values.get("supervisor_employee_number", "")
        if supervisor and supervisor == number:
            self.problem(
                row,
                "supervisor_employee_number",
                _("A person cannot be their own supervisor."),
            )
            ok = False
        if not ok and not (number and values["unit_code"]):
            return None
        return _PersonRow(
            row=row,
            employee_number=number,
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=email,
            unit_code=values["unit_code"],
            team_code=team_code,
            team_name=values.get("team_name", ""),
            team_lead=team_lead,
            job_title=values.get("job_title", ""),
            supervisor=supervisor,
            languages=frozenset(languages),
            weekly_hours=hours,
        )

    def check_units(
        self, unit_rows: list[tuple[int, str, str, str | None]], snapshot: _Snapshot
    ) -> dict[str, _UnitDefinition]:
        units: dict[str, _UnitDefinition] = {}
        parent_refs: dict[str, list[int]] = defaultdict(list)
        for row, code, name, parent in unit_rows:
            if not code:
                self.problem(row, "unit_code", _("Unit code is missing."))
                continue
            unit = units.setdefault(code, _UnitDefinition())
            unit.rows.append(row)
            if name:
                if not unit.name:
                    unit.name, unit.name_row = name, row
                elif unit.name != name:
                    self.problem(
                        row,
                        "unit_name",
                        _(
                            "Unit %(code)s is named “%(first)s” on row %(first_row)s "
                            "but “%(name)s” here."
                        )
                        % {
                            "code": code,
                            "first": unit.name,
                            "first_row": unit.name_row,
                            "name": name,
                        },
                    )
            if parent is not None and (name or parent):
                if parent:
                    parent_refs[parent].append(row)
                value = parent or None
                if not unit.parent_given:
                    unit.parent_given, unit.parent, unit.parent_row = True, value, row
                elif unit.parent != value:
                    self.problem(
                        row,
                        "parent_unit_code",
                        _(
                            "Unit %(code)s is placed under “%(first)s” on row %(first_row)s "
                            "but under “%(parent)s” here."
                        )
                        % {
                            "code": code,
                            "first": unit.parent or _("(top level)"),
                            "first_row": unit.parent_row,
                            "parent": value or _("(top level)"),
                        },
                    )
        known = set(snapshot.units) | {code for code, unit in units.items() if unit.name}
        for code, unit in units.items():
            if code not in known:
                for row in unit.rows:
                    self.problem(
                        row,
                        "unit_code",
                        _(
                            "Unit %(code)s does not exist in Kipinä yet and no row in the file "
                            "gives its name."
                        )
                        % {"code": code},
                    )
        for parent, rows in parent_refs.items():
            if parent not in known:
                for row in rows:
                    self.problem(
                        row,
                        "parent_unit_code",
                        _(
                            "Parent unit %(code)s does not exist in Kipinä and the file does not "
                            "define it. Add a row for it (unit code and name are enough)."
                        )
                        % {"code": parent},
                    )
        self.check_unit_tree(units, snapshot)
        return units

    def check_unit_tree(self, units: dict[str, _UnitDefinition], snapshot: _Snapshot) -> None:
        final_parent: dict[str, str | None] = {
            code: snapshot.unit_code_by_id.get(u["parent_id"]) if u["parent_id"] else None
            for code, u in snapshot.units.items()
        }
        for code, unit in units.items():
            if unit.parent_given:
                final_parent[code] = unit.parent
            elif code not in snapshot.units:
                final_parent[code] = None
        if not self.report_unit_loops(units, final_parent):
            self.check_unit_depth(units, final_parent)

    def report_unit_loops(
        self, units: dict[str, _UnitDefinition], final_parent: dict[str, str | None]
    ) -> bool:
        found = False
        state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
        for start in units:
            chain: list[str] = []
            node: str | None = start
            while node is not None and node in final_parent and node not in state:
                state[node] = 1
                chain.append(node)
                node = final_parent[node]
            if node is not None and state.get(node) == 1:
                found = True
                cycle = chain[chain.index(node) :]
                text = " → ".join([*cycle, cycle[0]])
                rows = [
                    units[code].parent_row
                    for code in cycle
                    if code in units and units[code].parent_given
                ]
                for row in rows or [units[start].rows[0]]:
                    self.problem(
                        row,
                        "parent_unit_code",
                        _("Units would form a loop, each inside the next: %(chain)s.")
                        % {"chain": text},
                    )
            for code in chain:
                state[code] = 2
        return found

    def check_unit_depth(
        self, units: dict[str, _UnitDefinition], final_parent: dict[str, str | None]
    ) -> None:
        depth: dict[str, int] = {}
        for start in units:
            chain: list[str] = []
            node: str | None = start
            while node is not None and node not in depth:
                chain.append(node)
                node = final_parent.get(node)
            level = depth[node] if node is not None else -1
            for code in reversed(chain):
                level += 1
                depth[code] = level
            if depth[start] > MAX_UNIT_DEPTH:
                self.problem(
                    units[start].rows[0],
                    "parent_unit_code",
                    _("Unit %(code)s is more than %(limit)s levels deep in the unit tree.")
                    % {"code": start, "limit": MAX_UNIT_DEPTH},
                )

    def check_teams(
        self, people: list[_PersonRow], snapshot: _Snapshot
    ) -> dict[str, _TeamDefinition]:
        if not self.has("team_code"):
            return {}
        teams: dict[str, _TeamDefinition] = {}
        for person in people:
            if not person.team_code:
                continue
            code, row = person.team_code, person.row
            team = teams.setdefault(code, _TeamDefinition())
            team.rows.append(row)
            name = person.team_name
            if name:
                if not team.name:
                    team.name, team.name_row = name, row
                elif team.name != name:
                    self.problem(
                        row,
                        "team_name",
                        _(
                            "Team %(code)s is named “%(first)s” on row %(first_row)s "
                            "but “%(name)s” here."
                        )
                        % {
                            "code": code,
                            "first": team.name,
                            "first_row": team.name_row,
                            "name": name,
                        },
                    )
            if not team.unit_code:
                team.unit_code, team.unit_row = person.unit_code, row
            elif team.unit_code != person.unit_code:
                self.problem(
                    row,
                    "team_code",
                    _(
                        "Team %(code)s is in unit %(first)s on row %(first_row)s but in unit "
                        "%(unit)s here. A team belongs to one unit."
                    )
                    % {
                        "code": code,
                        "first": team.unit_code,
                        "first_row": team.unit_row,
                        "unit": person.unit_code,
                    },
                )
            if person.team_lead:
                team.lead_rows.append(row)
                team.lead_number = person.employee_number
        for code, team in teams.items():
            if not team.name and code not in snapshot.teams:
                for row in team.rows:
                    self.problem(
                        row,
                        "team_code",
                        _(
                            "Team %(code)s does not exist in Kipinä yet and no row in the file "
                            "gives its name."
                        )
                        % {"code": code},
                    )
            if len(team.lead_rows) > 1:
                for row in team.lead_rows:
                    self.problem(
                        row,
                        "team_lead",
                        _("Team %(code)s has more than one team lead: rows %(rows)s.")
                        % {"code": code, "rows": _rows_text(team.lead_rows)},
                    )
        return teams

    def check_people(self, people: list[_PersonRow], snapshot: _Snapshot) -> None:
        rows_by_number: dict[str, list[int]] = defaultdict(list)
        rows_by_email: dict[str, list[int]] = defaultdict(list)
        for person in people:
            rows_by_number[person.employee_number].append(person.row)
            if person.email:
                rows_by_email[person.email].append(person.row)
        for number, rows in rows_by_number.items():
            if len(rows) > 1:
                for row in rows:
                    self.problem(
                        row,
                        "employee_number",
                        _("Employee number %(number)s appears on several rows: %(rows)s.")
                        % {"number": number, "rows": _rows_text(rows)},
                    )
        for email, rows in rows_by_email.items():
            if len(rows) > 1:
                for row in rows:
                    self.problem(
                        row,
                        "email",
                        _("Email address %(email)s appears on several rows: %(rows)s.")
                        % {"email": email, "rows": _rows_text(rows)},
                    )
        in_file = set(rows_by_number)
        for person in people:
            holder = snapshot.person_by_email.get(person.email)
            if (
                holder is not None
                and holder["employee_number"] != person.employee_number
                and holder["employee_number"] not in in_file
            ):
                self.problem(
                    person.row,
                    "email",
                    _(
                        "Email address %(email)s belongs to %(name)s (employee number %(number)s), "
                        "who is not in the file. Change that person's address in Kipinä first."
                    )
                    % {
                        "email": person.email,
                        "name": f"{holder['first_name']} {holder['last_name']}",
                        "number": holder["employee_number"],
                    },
                )
        if not self.has("supervisor_employee_number"):
            return
        # With --keep-missing, people outside the file stay active and may still be supervisors.
        outside_ok = not self.deactivate_missing
        final_supervisor: dict[str, str | None] = {}
        if outside_ok:
            for number, existing in snapshot.people.items():
                if number not in in_file and existing["supervisor_id"]:
                    final_supervisor[number] = snapshot.number_by_person_id.get(
                        existing["supervisor_id"]
                    )
        for person in people:
            if not person.supervisor or person.supervisor == person.employee_number:
                continue
            known = person.supervisor in in_file or (
                outside_ok and person.supervisor in snapshot.people
            )
            if not known:
                self.problem(
                    person.row,
                    "supervisor_employee_number",
                    _(
                        "Supervisor %(number)s is not in the file. People who are not in the file "
                        "are marked as having left, so every supervisor must have a row too."
                    )
                    % {"number": person.supervisor},
                )
                continue
            final_supervisor[person.employee_number] = person.supervisor
        rows_of = {person.employee_number: person.row for person in people}
        state: dict[str, int] = {}
        for start in final_supervisor:
            chain: list[str] = []
            node: str | None = start
            while node is not None and node not in state:
                state[node] = 1
                chain.append(node)
                node = final_supervisor.get(node)
            if node is not None and state.get(node) == 1:
                cycle = chain[chain.index(node) :]
                text = " → ".join([*cycle, cycle[0]])
                for number in cycle:
                    if number in rows_of:
                        self.problem(
                            rows_of[number],
                            "supervisor_employee_number",
                            _(
                                "Supervisors go round in a loop: %(chain)s. Someone in the "
                                "chain must have a supervisor outside it, or none."
                            )
                            % {"chain": text},
                        )
            for number in chain:
                state[number] = 2

    # -- what would change --

    def compare(
        self,
        people: list[_PersonRow],
        units: dict[str, _UnitDefinition],
        teams: dict[str, _TeamDefinition],
        snapshot: _Snapshot,
    ) -> _Work:
        counts = self.plan.counts
        for code, unit in units.items():
            existing = snapshot.units.get(code)
            if existing is None:
                counts.new_units += 1
                continue
            current_parent = snapshot.unit_code_by_id.get(existing["parent_id"])
            if (unit.name and unit.name != existing["name"]) or (
                unit.parent_given and unit.parent != current_parent
            ):
                counts.updated_units += 1
        lead_column = self.has("team_lead")
        for code, team in teams.items():
            existing = snapshot.teams.get(code)
            if existing is None:
                counts.new_teams += 1
                continue
            current_unit = snapshot.unit_code_by_id.get(existing["unit_id"])
            current_lead = snapshot.number_by_person_id.get(existing["lead_id"])
            if (
                (team.name and team.name != existing["name"])
                or team.unit_code != current_unit
                or (lead_column and team.lead_number != current_lead)
            ):
                counts.updated_teams += 1

        in_file = set()
        new_people: list[_PersonRow] = []
        changed_people: list[_PersonRow] = []
        for person in people:
            in_file.add(person.employee_number)
            existing = snapshot.people.get(person.employee_number)
            if existing is None:
                counts.new_people += 1
                new_people.append(person)
                continue
            fields = self.changed_fields(person, existing, snapshot)
            if not fields:
                counts.unchanged_people += 1
                continue
            counts.updated_people += 1
            if "active" in fields:
                counts.reactivated_people += 1
            changed_people.append(person)
            self.plan.updated_people.append(
                PersonChange(
                    employee_number=person.employee_number,
                    name=f"{person.first_name} {person.last_name}",
                    fields=tuple(str(PERSON_FIELD_LABELS[name]) for name in fields),
                )
            )
        linked = sum(1 for p in new_people if p.email in snapshot.unlinked_users_by_email)
        if linked:
            self.plan.notices.append(
                ngettext(
                    "%(count)s existing user account without a person will be linked to the "
                    "person in the file with the same email address.",
                    "%(count)s existing user accounts without a person will be linked to the "
                    "people in the file with the same email addresses.",
                    linked,
                )
                % {"count": linked}
            )
        deactivate_ids: list[int] = []
        if self.deactivate_missing:
            for number, existing in snapshot.people.items():
                if number not in in_file and existing["active"]:
                    deactivate_ids.append(existing["id"])
                    self.plan.deactivated_people.append(
                        PersonChange(
                            employee_number=number,
                            name=f"{existing['first_name']} {existing['last_name']}",
                        )
                    )
            counts.deactivated_people = len(deactivate_ids)
            self.plan.deactivated_people.sort(key=lambda change: change.name)
        return _Work(
            snapshot=snapshot,
            units=units,
            teams=teams,
            people=people,
            columns=frozenset(self.column_index),
            new_people=new_people,
            changed_people=changed_people,
            deactivate_ids=deactivate_ids,
        )

    def changed_fields(
        self, person: _PersonRow, existing: dict[str, Any], snapshot: _Snapshot
    ) -> list[str]:
        fields = []
        for name in ("first_name", "last_name", "email"):
            if getattr(person, name) != existing[name]:
                fields.append(name)
        if person.unit_code != snapshot.unit_code_by_id.get(existing["unit_id"]):
            fields.append("unit")
        if self.has("team_code") and (person.team_code or None) != snapshot.team_code_by_id.get(
            existing["team_id"]
        ):
            fields.append("team")
        if self.has("job_title") and person.job_title != existing["job_title"]:
            fields.append("job_title")
        if self.has("supervisor_employee_number") and (
            person.supervisor or None
        ) != snapshot.number_by_person_id.get(existing["supervisor_id"]):
            fields.append("supervisor")
        if person.weekly_hours is not None and person.weekly_hours != existing["weekly_hours"]:
            fields.append("weekly_hours")
        if self.has("languages") and person.languages != set(
            snapshot.language_links.get(existing["id"], ())
        ):
            fields.append("languages")
        if not existing["active"]:
            fields.append("active")
        if (
            existing["user__email"] != person.email
            or existing["user__first_name"] != person.first_name
            or existing["user__last_name"] != person.last_name
        ):
            fields.append("user")
        return fields


def _plan(content: bytes, filename: str, *, deactivate_missing: bool) -> ImportPlan:
    table = read_table(content, filename)
    plan = ImportPlan(
        sha256=hashlib.sha256(content).hexdigest(),
        file_format=table.file_format,
        deactivate_missing=deactivate_missing,
    )
    _Planner(table, deactivate_missing=deactivate_missing, plan=plan).run()
    return plan


# --- writing ----------------------------------------------------------------------------------


def _ids_by(model: type[Model], column: str, keys: list[str]) -> dict[str, int]:
    """Primary keys of the rows just inserted, by a unique column.

    One query without parameters reads the whole (key, pk) column: cheaper than thousands of
    IN-list placeholders, and the tables hold a few hundred thousand rows at most.
    """
    wanted = set(keys)
    return {
        key: pk
        for key, pk in model._default_manager.order_by().values_list(column, "pk").iterator()
        if key in wanted
    }


def _write_units(work: _Work) -> dict[str, int]:
    """Create new units, then recompute name, parent, path and depth of the whole tree."""
    snapshot = work.snapshot
    new_units = [
        Unit(code=code, name=unit.name, path="", depth=0)
        for code, unit in work.units.items()
        if code not in snapshot.units
    ]
    Unit.objects.bulk_create(new_units, batch_size=QUERY_CHUNK)
    id_by_code = {code: u["id"] for code, u in snapshot.units.items()}
    id_by_code.update({unit.code: unit.pk for unit in new_units})

    # A moved unit carries its subtree along, including units that are not in the file, so the
    # paths are rebuilt from the whole tree. Units number in the thousands at most: cheap.
    rows: dict[int, dict[str, Any]] = {u["id"]: dict(u) for u in snapshot.units.values()}
    for unit in new_units:
        rows[unit.pk] = {"name": unit.name, "parent_id": None, "path": "", "depth": 0}
    original = {pk: (r["name"], r["parent_id"], r["path"], r["depth"]) for pk, r in rows.items()}
    for code, definition in work.units.items():
        row = rows[id_by_code[code]]
        if definition.name:
            row["name"] = definition.name
        if definition.parent_given:
            row["parent_id"] = id_by_code[definition.parent] if definition.parent else None
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, row in rows.items():
        children[row["parent_id"]].append(pk)
    stack: list[tuple[int, str | None]] = [(pk, None) for pk in children[None]]
    while stack:
        pk, parent_path = stack.pop()
        row = rows[pk]
        row["path"] = unit_path(parent_path, pk)
        row["depth"] = path_depth(row["path"])
        stack.extend((child, row["path"]) for child in children[pk])
    changed = []
    for pk, row in rows.items():
        values = (row["name"], row["parent_id"], row["path"], row["depth"])
        if values != original[pk]:
            changed.append((pk, *values))
    update_by_pk(Unit, ["name", "parent", "path", "depth"], changed)
    return id_by_code


def _write_teams(work: _Work, unit_ids: dict[str, int]) -> dict[str, int]:
    snapshot = work.snapshot
    new_teams = [
        Team(code=code, name=team.name, unit_id=unit_ids[team.unit_code])
        for code, team in work.teams.items()
        if code not in snapshot.teams
    ]
    Team.objects.bulk_create(new_teams, batch_size=QUERY_CHUNK)
    changed = []
    for code, team in work.teams.items():
        existing = snapshot.teams.get(code)
        if existing is None:
            continue
        values = (team.name or existing["name"], unit_ids[team.unit_code])
        if values != (existing["name"], existing["unit_id"]):
            changed.append((existing["id"], *values))
    update_by_pk(Team, ["name", "unit"], changed)
    ids = {code: t["id"] for code, t in snapshot.teams.items()}
    ids.update({team.code: team.pk for team in new_teams})
    return ids


def _unique_usernames(numbers: list[str]) -> dict[str, str]:
    """Username = employee number; a clash with an unrelated account gets a numbered suffix."""
    user_model = get_user_model()
    taken = set(user_model._default_manager.values_list("username", flat=True).iterator())
    usernames: dict[str, str] = {}
    for number in numbers:
        candidate, suffix = number, 1
        while candidate in taken:
            suffix += 1
            candidate = f"{number}-{suffix}"
        taken.add(candidate)
        usernames[number] = candidate
    return usernames


def _write_users(work: _Work) -> dict[str, int]:
    """Create or link the accounts of new people; return employee number → user id."""
    user_model = get_user_model()
    snapshot = work.snapshot
    user_ids: dict[str, int] = {}
    linked_updates = []
    to_create = []
    for person in work.new_people:
        unlinked = snapshot.unlinked_users_by_email.pop(person.email, None)
        if unlinked is None:
            to_create.append(person)
            continue
        # An account made by hand before the import (e.g. a coordinator's): it gets the person.
        user_ids[person.employee_number] = unlinked["id"]
        values = (person.email, person.first_name, person.last_name)
        if values != (unlinked["email"], unlinked["first_name"], unlinked["last_name"]):
            linked_updates.append((unlinked["id"], *values))
    usernames = _unique_usernames([person.employee_number for person in to_create])
    insert_rows(
        user_model,
        ["username", "email", "first_name", "last_name", "password", "is_active"],
        [
            (
                usernames[person.employee_number],
                person.email,
                person.first_name,
                person.last_name,
                # Unusable, as make_password(None) makes it but without its slow per-character
                # random choice: people set their own password through "forgot password".
                UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20),
                True,
            )
            for person in to_create
        ],
    )
    new_ids = _ids_by(user_model, "username", list(usernames.values()))
    for number, username in usernames.items():
        user_ids[number] = new_ids[username]
    update_by_pk(user_model, ["email", "first_name", "last_name"], linked_updates)
    return user_ids


def _free_moving_emails(work: _Work) -> None:
    """Park addresses that pass from one person to another on a placeholder first.

    PostgreSQL checks the unique constraint row by row, so a swap done directly would fail.
    """
    snapshot = work.snapshot
    parked = []
    for person in work.new_people + work.changed_people:
        holder = snapshot.person_by_email.get(person.email)
        if holder is not None and holder["employee_number"] != person.employee_number:
            parked.append((holder["id"], f"moving-{holder['id']}@import.invalid"))
    update_by_pk(Person, ["email"], parked)


def _apply(work: _Work) -> None:
    """Units → teams → accounts → people → supervisors → leads → languages → leavers."""
    snapshot = work.snapshot
    columns = work.columns
    user_model = get_user_model()
    unit_ids = _write_units(work)
    team_ids = _write_teams(work, unit_ids)
    user_ids = _write_users(work)
    _free_moving_emails(work)

    person_ids = {number: p["id"] for number, p in snapshot.people.items()}
    # Supervisors before the people who report to them, so that every row is written once.
    for level in _supervisor_levels(work.new_people):
        _insert_new_people(level, user_ids, unit_ids, team_ids, person_ids, columns)
        person_ids.update(_ids_by(Person, "employee_number", [p.employee_number for p in level]))

    person_updates = []
    user_updates = []
    for p in work.changed_people:
        existing = snapshot.people[p.employee_number]
        supervisor = existing["supervisor_id"]
        if "supervisor_employee_number" in columns:
            supervisor = person_ids[p.supervisor] if p.supervisor else None
        person_updates.append(
            (
                existing["id"],
                p.first_name,
                p.last_name,
                p.email,
                unit_ids[p.unit_code],
                _team_id(p, existing["team_id"], team_ids, columns),
                p.job_title if "job_title" in columns else existing["job_title"],
                supervisor,
                p.weekly_hours if p.weekly_hours is not None else existing["weekly_hours"],
                True,
            )
        )
        # Someone coming back gets their account back; an account that an administrator
        # closed while the person stayed active is left closed.
        user_active = True if not existing["active"] else existing["user__is_active"]
        wanted = (p.email, p.first_name, p.last_name, user_active)
        current = (
            existing["user__email"],
            existing["user__first_name"],
            existing["user__last_name"],
            existing["user__is_active"],
        )
        if wanted != current:
            user_updates.append((existing["user_id"], *wanted))
    person_fields = ["first_name", "last_name", "email", "unit", "team", "job_title"]
    person_fields += ["supervisor", "weekly_hours", "active"]
    update_by_pk(Person, person_fields, person_updates)
    update_by_pk(user_model, ["email", "first_name", "last_name", "is_active"], user_updates)

    if "team_lead" in columns:
        lead_changes = []
        for code, team in work.teams.items():
            lead = person_ids[team.lead_number] if team.lead_number else None
            existing_team = snapshot.teams.get(code)
            current_lead = existing_team["lead_id"] if existing_team else None
            if lead != current_lead:
                lead_changes.append((team_ids[code], lead))
        update_by_pk(Team, ["lead"], lead_changes)

    if "languages" in columns:
        _write_languages(work, person_ids)

    for chunk in chunks(work.deactivate_ids):
        Person.objects.filter(pk__in=chunk).update(active=False)
        # Superusers keep their account so that an HR file can never lock out the administrators.
        user_model.objects.filter(person__pk__in=chunk, is_active=True, is_superuser=False).update(
            is_active=False
        )


def _team_id(
    person: _PersonRow, current: int | None, team_ids: dict[str, int], columns: frozenset[str]
) -> int | None:
    if "team_code" not in columns:
        return current
    return team_ids[person.team_code] if person.team_code else None


def _supervisor_levels(people: list[_PersonRow]) -> list[list[_PersonRow]]:
    """New people grouped so that each group's supervisors are in earlier groups or exist."""
    by_number = {p.employee_number: p for p in people}
    level: dict[str, int] = {}
    for person in people:
        chain: list[_PersonRow] = []
        on_chain: set[str] = set()
        node: _PersonRow | None = person
        while node is not None and node.employee_number not in level:
            if node.employee_number in on_chain:  # a loop; the planner reports these first
                raise ValueError("supervisor loop")
            chain.append(node)
            on_chain.add(node.employee_number)
            node = by_number.get(node.supervisor) if node.supervisor else None
        depth = level[node.employee_number] if node is not None else -1
        for member in reversed(chain):
            depth += 1
            level[member.employee_number] = depth
    groups: dict[int, list[_PersonRow]] = defaultdict(list)
    for person in people:
        groups[level[person.employee_number]].append(person)
    return [groups[depth] for depth in sorted(groups)]


def _insert_new_people(
    people: list[_PersonRow],
    user_ids: dict[str, int],
    unit_ids: dict[str, int],
    team_ids: dict[str, int],
    person_ids: dict[str, int],
    columns: frozenset[str],
) -> None:
    insert_rows(
        Person,
        [
            "user",
            "employee_number",
            "first_name",
            "last_name",
            "email",
            "unit",
            "team",
            "job_title",
            "supervisor",
            "weekly_hours",
            "active",
        ],
        [
            (
                user_ids[p.employee_number],
                p.employee_number,
                p.first_name,
                p.last_name,
                p.email,
                unit_ids[p.unit_code],
                _team_id(p, None, team_ids, columns),
                p.job_title,
                person_ids[p.supervisor] if p.supervisor else None,
                p.weekly_hours if p.weekly_hours is not None else DEFAULT_WEEKLY_HOURS,
                True,
            )
            for p in people
        ],
    )


def _write_languages(work: _Work, person_ids: dict[str, int]) -> None:
    snapshot = work.snapshot
    wanted_codes = set().union(*(p.languages for p in work.people))
    missing = wanted_codes - snapshot.language_codes
    Language.objects.bulk_create(
        [Language(code=code) for code in sorted(missing)], ignore_conflicts=True
    )
    through = Person.languages.through
    to_add: list[tuple[int, str]] = []
    to_remove: list[int] = []
    for p in work.people:
        pk = person_ids[p.employee_number]
        current = snapshot.language_links.get(pk, {})
        to_add.extend((pk, code) for code in sorted(p.languages - current.keys()))
        to_remove.extend(link for code, link in current.items() if code not in p.languages)
    for chunk in chunks(to_remove):
        through.objects.filter(pk__in=chunk).delete()
    insert_rows(through, ["person", "language"], to_add)


# --- services ---------------------------------------------------------------------------------


def hr_import_preview(
    *, content: bytes, filename: str, deactivate_missing: bool = True
) -> ImportPlan:
    """Read the file → check every row against the file and the database → count the changes.

    Writes nothing. Raises ImportFileError when the file cannot be read at all.
    """
    plan = _plan(content, filename, deactivate_missing=deactivate_missing)
    plan.work = None
    return plan


def hr_import_apply(
    *, content: bytes, filename: str, deactivate_missing: bool = True
) -> ImportPlan:
    """Plan again inside one transaction → if no row is bad, write everything in bulk.

    Returns the plan; `plan.applied` tells whether anything was written. Raises ImportFileError
    for an unreadable file and ImportConflictError when a parallel change broke a constraint.
    """
    try:
        with transaction.atomic():
            plan = _plan(content, filename, deactivate_missing=deactivate_missing)
            if plan.ok and plan.work is not None:
                _apply(plan.work)
                plan.applied = True
    except IntegrityError as error:
        raise ImportConflictError(str(error)) from error
    plan.work = None
    return plan
