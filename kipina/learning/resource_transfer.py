"""Learning resources to and from CSV and Excel (.xlsx) files (docs/resource-format.md).

Both formats have the same columns. An import reads the whole file and checks every row —
its values, the kind's rules (the same checks as the resource form), keys across the file,
providers, units and competences in the database — and lists each problem with its row number
as a spreadsheet shows it (the header is row 1). Only a file without problems is written: in
one transaction, every resource through the services, so that search and next start dates
stay in step. A key already in Kipinä updates that resource; a new key creates one.

Exported text cells that a spreadsheet would take for a formula (starting with = + - @, a
tab or a carriage return) get a leading apostrophe; the import takes it off again.
"""

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from kipina.core.permissions import allowed
from kipina.learning import services_resources as services
from kipina.learning.enums import (
    Relevance,
    ResourceFormat,
    ResourceKind,
    ResourceMode,
    ResourceStatus,
)
from kipina.learning.models import (
    Competence,
    CompetenceFramework,
    Provider,
    Resource,
    ResourceCompetence,
    ResourceDate,
)
from kipina.org.models import Language, Unit

COLUMNS = (
    "key",
    "title",
    "description",
    "kind",
    "format",
    "provider",
    "language",
    "duration_hours",
    "cost_eur",
    "credits",
    "url",
    "enrolment_url",
    "mode",
    "place",
    "dates",
    "audience_groups",
    "audience_units",
    "framework",
    "competences",
    "status",
)
REQUIRED_COLUMNS = ("key", "title", "kind")
MAX_ROWS = 10_000
LIST_SEPARATOR = ";"
DATE_RANGE = ".."
FRAMEWORK_SEPARATOR = "::"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"  # what Excel with Finnish settings opens without a wizard


# --- export ------------------------------------------------------------------------------------


def _spreadsheet_safe(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def _dates_text(dates: Iterable[ResourceDate]) -> str:
    parts = []
    for date in dates:
        text = f"{date.start.isoformat()}{DATE_RANGE}{date.end.isoformat()}"
        if date.seats is not None:
            text += f":{date.seats}"
        parts.append(text)
    return f"{LIST_SEPARATOR} ".join(parts)


def _competences_text(links: list[ResourceCompetence]) -> tuple[str, str]:
    """(framework column, competences column): one framework names itself in its column;
    several qualify each competence with its framework."""
    frameworks = {link.competence.framework.idnumber for link in links}
    single = len(frameworks) == 1
    parts = []
    for link in links:
        name = link.competence.idnumber
        if not single:
            name = f"{link.competence.framework.idnumber}{FRAMEWORK_SEPARATOR}{name}"
        parts.append(f"{name}:{link.relevance}")
    return (next(iter(frameworks)) if single else ""), f"{LIST_SEPARATOR} ".join(parts)


def export_rows(resources: QuerySet[Resource]) -> Iterable[dict[str, Any]]:
    """Each resource as a row of the format (numbers as Decimal, the rest as text), ordered by
    key; four queries however many resources."""
    resources = (
        resources.order_by("key")
        .select_related("provider")
        .prefetch_related(
            Prefetch("dates", queryset=ResourceDate.objects.order_by("start", "end", "pk")),
            Prefetch(
                "competence_links",
                queryset=ResourceCompetence.objects.select_related(
                    "competence__framework"
                ).order_by("competence__framework__idnumber", "competence__idnumber"),
            ),
            Prefetch("audience_units", queryset=Unit.objects.order_by("code")),
        )
    )
    for resource in resources:
        framework, competences = _competences_text(list(resource.competence_links.all()))
        yield {
            "key": resource.key,
            "title": resource.title,
            "description": resource.description,
            "kind": resource.kind,
            "format": resource.format,
            "provider": resource.provider.key if resource.provider else "",
            "language": resource.language_id,
            "duration_hours": resource.duration_hours,
            "cost_eur": resource.cost_eur,
            "credits": resource.credits,
            "url": resource.url,
            "enrolment_url": resource.enrolment_url,
            "mode": resource.mode,
            "place": resource.place,
            "dates": _dates_text(resource.dates.all()),
            "audience_groups": f"{LIST_SEPARATOR} ".join(resource.audience_groups or []),
            "audience_units": f"{LIST_SEPARATOR} ".join(
                unit.code for unit in resource.audience_units.all()
            ),
            "framework": framework,
            "competences": competences,
            "status": resource.status,
        }


def export_csv(resources: QuerySet[Resource]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in export_rows(resources):
        writer.writerow(
            [
                _number(value)
                if isinstance(value, Decimal) or value is None
                else _spreadsheet_safe(str(value))
                for value in (row[column] for column in COLUMNS)
            ]
        )
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def export_xlsx(resources: QuerySet[Resource]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Learning resources")[:31])
    sheet.append(list(COLUMNS))
    for row in export_rows(resources):
        cells = []
        for column in COLUMNS:
            value = row[column]
            if isinstance(value, Decimal):
                cells.append(value)
            elif value is None:
                cells.append(None)
            else:
                cells.append(_spreadsheet_safe(str(value)) or None)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- reading a file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: `row` as a spreadsheet numbers it (header = 1); None for the whole file."""

    row: int | None
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class FileUnreadable(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _unescape(text: str) -> str:
    """Undo the export's formula guard: "'=x" → "=x"."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _read_xlsx(data: bytes) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileUnreadable(
            _("The file could not be read as an Excel workbook (.xlsx).")
        ) from error
    try:
        if not workbook.worksheets:
            raise FileUnreadable(_("The workbook has no worksheets."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except FileUnreadable:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on a broken sheet
        raise FileUnreadable(
            _("The file could not be read as an Excel workbook (.xlsx).")
        ) from error
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        raise FileUnreadable(_("This is not a CSV file or an Excel workbook (.xlsx)."))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what Finnish Excel saves as "CSV (semicolon)"
    except UnicodeDecodeError as error:
        raise FileUnreadable(
            _("The text encoding of the file is not recognised. Save it as UTF-8 CSV.")
        ) from error


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if not counts[delimiter]:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            rows.append(cells)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise FileUnreadable(
            _("The CSV file is broken near row %(row)s: %(reason)s")
            % {"row": reader.line_num, "reason": error}
        ) from error
    return rows


def read_table(data: bytes, filename: str = "") -> list[list[str]]:
    """The file's rows as lists of text, header first; FileUnreadable when it is no table."""
    name = filename.lower()
    if not data or not data.strip():
        raise FileUnreadable(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileUnreadable(
            _("Old Excel files (.xls) cannot be read. Save the file as .xlsx or as CSV.")
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise FileUnreadable(_("The file could not be read as an Excel workbook (.xlsx)."))
    if name and not name.endswith((".csv", ".txt")):
        raise FileUnreadable(_("Upload a CSV file or an Excel workbook (.xlsx)."))
    return _read_csv(data)


# --- checking rows -----------------------------------------------------------------------------


@dataclass
class ResourceRow:
    """One checked row: model values by field name (only the file's columns), the parts."""

    row: int
    key: str
    values: dict[str, Any]
    dates: list[services.DateSpec] | None
    competences: list[services.CompetenceSpec] | None
    audience_units: list[Unit] | None


@dataclass
class _Lookups:
    providers: dict[str, Provider]
    languages: set[str]
    units: dict[str, Unit]
    frameworks: dict[str, int]
    competences: dict[tuple[int, str], int]  # (framework id, idnumber) → competence id
    existing: dict[str, Resource]


def _load_lookups(rows: list[dict[str, str]]) -> _Lookups:
    """Everything the rows refer to, in a few queries (not one per row)."""
    keys = {row.get("key", "") for row in rows}
    provider_keys = {row.get("provider", "") for row in rows} - {""}
    unit_codes = {code for row in rows for code in _split(row.get("audience_units", ""))}
    frameworks = dict(CompetenceFramework.objects.values_list("idnumber", "pk"))
    idnumbers = set()
    for row in rows:
        for entry in _split(row.get("competences", "")):
            idnumbers.add(entry.split(FRAMEWORK_SEPARATOR)[-1].rsplit(":", 1)[0].strip())
            idnumbers.add(entry.split(FRAMEWORK_SEPARATOR)[-1].strip())
    return _Lookups(
        providers=Provider.objects.in_bulk(provider_keys, field_name="key"),
        languages=set(Language.objects.values_list("code", flat=True)),
        units=Unit.objects.in_bulk(unit_codes, field_name="code"),
        frameworks=frameworks,
        competences={
            (framework_id, idnumber): pk
            for pk, framework_id, idnumber in Competence.objects.filter(
                idnumber__in=idnumbers
            ).values_list("pk", "framework_id", "idnumber")
        },
        existing=Resource.objects.in_bulk(keys - {""}, field_name="key"),
    )


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(LIST_SEPARATOR) if part.strip()]


class _RowChecker:
    def __init__(self, number: int, cells: dict[str, str], lookups: _Lookups, framework_id):
        self.number = number
        self.cells = cells
        self.lookups = lookups
        self.default_framework_id = framework_id
        self.errors: list[RowError] = []

    def problem(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def has(self, column: str) -> bool:
        return column in self.cells

    def choice(self, column: str, choices, *, blank_ok: bool = False) -> str | None:
        value = self.cells.get(column, "")
        if not value and blank_ok:
            return ""
        if value not in choices.values:
            self.problem(
                column,
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(choices.values)},
            )
            return None
        return value

    def decimal(self, column: str) -> Decimal | None:
        value = self.cells.get(column, "").replace(",", ".").replace("\u00a0", "").strip()
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.problem(column, _("“%(value)s” is not a number.") % {"value": value})
            return None
        if not number.is_finite():
            self.problem(column, _("“%(value)s” is not a number.") % {"value": value})
            return None
        return number

    def dates(self) -> list[services.DateSpec] | None:
        specs = []
        for part in _split(self.cells.get("dates", "")):
            range_text, _colon, seats_text = part.partition(":")
            start_text, _dots, end_text = range_text.partition(DATE_RANGE)
            try:
                start = dt.date.fromisoformat(start_text.strip())
                end = dt.date.fromisoformat(end_text.strip()) if end_text.strip() else start
            except ValueError:
                self.problem(
                    "dates",
                    _("“%(value)s” is not a date range such as 2027-02-09..2027-02-10:24.")
                    % {"value": part},
                )
                return None
            seats = None
            if seats_text.strip():
                if not seats_text.strip().isdigit():
                    self.problem(
                        "dates", _("Seats “%(value)s” is not a number.") % {"value": seats_text}
                    )
                    return None
                seats = int(seats_text.strip())
            specs.append(services.DateSpec(start, end, seats))
        return specs

    def competences(self) -> list[services.CompetenceSpec] | None:
        specs = []
        row_framework = self.cells.get("framework", "").strip()
        framework_id = self.default_framework_id
        if row_framework:
            framework_id = self.lookups.frameworks.get(row_framework)
            if framework_id is None:
                self.problem(
                    "framework",
                    _("No competence framework has the ID number “%(value)s”.")
                    % {"value": row_framework},
                )
                return None
        for entry in _split(self.cells.get("competences", "")):
            framework_of_entry = framework_id
            if FRAMEWORK_SEPARATOR in entry:
                framework_text, entry = entry.split(FRAMEWORK_SEPARATOR, 1)
                framework_of_entry = self.lookups.frameworks.get(framework_text.strip())
                if framework_of_entry is None:
                    self.problem(
                        "competences",
                        _("No competence framework has the ID number “%(value)s”.")
                        % {"value": framework_text.strip()},
                    )
                    return None
            idnumber, relevance = entry.strip(), Relevance.CLEAR.value
            head, colon, tail = idnumber.rpartition(":")
            if colon and tail.strip().isdigit():
                idnumber, relevance = head.strip(), int(tail)
                if relevance not in Relevance.values:
                    self.problem(
                        "competences",
                        _("Relevance %(value)s of %(competence)s is not 1, 2 or 3.")
                        % {"value": relevance, "competence": idnumber},
                    )
                    return None
            if framework_of_entry is None:
                if len(self.lookups.frameworks) != 1:
                    self.problem(
                        "competences",
                        _(
                            "Say which framework the competences are in: choose it on the "
                            "form or fill in the framework column."
                        ),
                    )
                    return None
                framework_of_entry = next(iter(self.lookups.frameworks.values()))
            competence_id = self.lookups.competences.get((framework_of_entry, idnumber))
            if competence_id is None:
                self.problem(
                    "competences",
                    _("No competence has the ID number “%(value)s” in the framework.")
                    % {"value": idnumber},
                )
                return None
            specs.append(services.CompetenceSpec(competence_id, relevance))
        return specs

    def units(self) -> list[Unit] | None:
        codes = list(dict.fromkeys(_split(self.cells.get("audience_units", ""))))
        unknown = [code for code in codes if code not in self.lookups.units]
        if unknown:
            self.problem(
                "audience_units",
                _("No unit has the code %(codes)s.") % {"codes": ", ".join(unknown)},
            )
            return None
        return [self.lookups.units[code] for code in codes]

    def values(self) -> dict[str, Any]:
        cells, values = self.cells, {}
        for column in ("title", "description", "url", "enrolment_url", "place"):
            if self.has(column):
                values[column] = _unescape(cells[column])
        if self.has("kind"):
            values["kind"] = self.choice("kind", ResourceKind)
        if self.has("format"):
            values["format"] = self.choice("format", ResourceFormat, blank_ok=True)
        if self.has("mode"):
            values["mode"] = self.choice("mode", ResourceMode, blank_ok=True) or (
                ResourceMode.REMOTE.value if not cells["mode"] else None
            )
        if self.has("status") and cells["status"]:
            values["status"] = self.choice("status", ResourceStatus)
        if self.has("provider"):
            key = cells["provider"]
            values["provider"] = self.lookups.providers.get(key) if key else None
            if key and values["provider"] is None:
                self.problem("provider", _("No provider has the key “%(key)s”.") % {"key": key})
        if self.has("language"):
            code = cells["language"].lower()
            if code not in self.lookups.languages:
                self.problem(
                    "language", _("“%(code)s” is not a language in Kipinä.") % {"code": code}
                )
            values["language_id"] = code
        for column in ("duration_hours", "cost_eur", "credits"):
            if self.has(column):
                values[column] = self.decimal(column)
        if "cost_eur" in values and values["cost_eur"] is None:
            values["cost_eur"] = Decimal(0)
        if self.has("audience_groups"):
            values["audience_groups"] = [
                _unescape(group) for group in _split(cells["audience_groups"])
            ]
        return values


def _check_row(checker: _RowChecker, resource: Resource, row: ResourceRow) -> None:
    """The checks of the services on the resource as the row would leave it."""
    for name, value in row.values.items():
        setattr(resource, name, value)
    if resource.pk:
        dates = row.dates if row.dates is not None else _current_dates(resource)
        competences = row.competences if row.competences is not None else _current_links(resource)
    else:
        dates, competences = row.dates or [], row.competences or []
    try:
        services.validate_resource(resource, dates, competences)
    except services.ResourceError as error:
        checker.problem(error.field or "", error.message)


def read_rows(
    table: list[list[str]], *, framework: CompetenceFramework | None
) -> tuple[list[ResourceRow], list[RowError]]:
    """Check every row of a read table; writes nothing."""
    header = [cell.strip().lower() for cell in table[0]] if table else []
    while header and not header[-1]:
        header.pop()
    errors: list[RowError] = []
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if unknown:
        errors.append(
            RowError(
                1,
                "",
                _("Unknown columns: %(columns)s. The columns are: %(known)s.")
                % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)},
            )
        )
    if missing:
        errors.append(
            RowError(1, "", _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        )
    if repeated:
        errors.append(
            RowError(1, "", _("Repeated columns: %(columns)s.") % {"columns": ", ".join(repeated)})
        )
    if errors:
        return [], errors
    cells_by_row = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = [cell.replace("\u00a0", " ").strip() for cell in cells]
        cells_by_row.append((number, dict(zip(header, cells + [""] * len(header), strict=False))))
    if not cells_by_row:
        return [], [RowError(None, "", _("The file has no resources, only the header."))]
    if len(cells_by_row) > MAX_ROWS:
        return [], [
            RowError(
                None,
                "",
                _("The file has more than %(limit)d resources; split it into smaller files.")
                % {"limit": MAX_ROWS},
            )
        ]
    lookups = _load_lookups([cells for _number, cells in cells_by_row])
    framework_id = framework.pk if framework else None
    rows: list[ResourceRow] = []
    first_row_of_key: dict[str, int] = {}
    for number, cells in cells_by_row:
        checker = _RowChecker(number, cells, lookups, framework_id)
        key = cells.get("key", "")
        if key in first_row_of_key:
            checker.problem(
                "key",
                _("The key “%(key)s” is already on row %(row)d.")
                % {"key": key, "row": first_row_of_key[key]},
            )
        elif key:
            first_row_of_key[key] = number
        row = ResourceRow(
            row=number,
            key=key,
            values=checker.values(),
            dates=checker.dates() if "dates" in cells else None,
            competences=checker.competences() if "competences" in cells else None,
            audience_units=checker.units() if "audience_units" in cells else None,
        )
        if not checker.errors:
            existing = lookups.existing.get(key)
            if existing is None:
                resource = Resource(key=key)
                if "language_id" not in row.values:
                    checker.problem("language", _("A new resource needs a language."))
            else:
                resource = Resource.objects.get(pk=existing.pk)
            if not checker.errors:
                _check_row(checker, resource, row)
        errors.extend(checker.errors)
        rows.append(row)
    return rows, errors


# --- writing -----------------------------------------------------------------------------------


def _changes(resource: Resource, row: ResourceRow) -> bool:
    for name, value in row.values.items():
        if getattr(resource, name) != value:
            return True
    if row.dates is not None and sorted(
        (d.start, d.end, d.seats) for d in resource.dates.all()
    ) != sorted((d.start, d.end, d.seats) for d in row.dates):
        return True
    if row.competences is not None and {
        (link.competence_id, link.relevance) for link in resource.competence_links.all()
    } != {(spec.competence_id, spec.relevance) for spec in row.competences}:
        return True
    return row.audience_units is not None and {
        unit.pk for unit in resource.audience_units.all()
    } != {unit.pk for unit in row.audience_units}


def _service_data(row: ResourceRow) -> dict:
    data = dict(row.values)
    if "language_id" in data:
        data["language"] = Language(code=data.pop("language_id"))
    return data


def import_resources(
    *, actor, data: bytes, filename: str = "", framework: CompetenceFramework | None = None
) -> ImportReport:
    """Read → check every row → (only if all pass) write in one transaction."""
    if not allowed(actor, "learning.curate_resources"):
        raise services.NotAllowed(_("Only curators of the catalogue can import resources."))
    try:
        table = read_table(data, filename)
    except FileUnreadable as error:
        return ImportReport(errors=[RowError(None, "", error.message)])
    rows, errors = read_rows(table, framework=framework)
    report = ImportReport(rows=len(rows), errors=errors)
    if errors:
        return report
    try:
        with transaction.atomic():
            _write(actor, rows, report)
    except _WriteRefused as refused:  # e.g. someone saved one of the resources meanwhile
        report.errors.append(
            RowError(refused.row, refused.error.field or "", refused.error.message)
        )
        report.created = report.updated = report.unchanged = 0
    return report


class _WriteRefused(Exception):
    def __init__(self, row: int, error: services.ResourceError):
        super().__init__(error.message)
        self.row = row
        self.error = error


def _write(actor, rows: list[ResourceRow], report: ImportReport) -> None:
    existing = {
        resource.key: resource
        for resource in Resource.objects.filter(key__in=[row.key for row in rows])
        .select_related("provider")
        .prefetch_related("dates", "competence_links", "audience_units")
    }
    for row in rows:
        resource = existing.get(row.key)
        try:
            if resource is None:
                services.resource_create(
                    actor=actor,
                    data={**_service_data(row), "key": row.key},
                    dates=row.dates or [],
                    competences=row.competences or [],
                    audience_units=row.audience_units,
                )
                report.created += 1
            elif _changes(resource, row):
                services.resource_edit(
                    actor=actor,
                    resource=resource,
                    data=_service_data(row),
                    seen_version=resource.version,
                    dates=row.dates,
                    competences=row.competences,
                    audience_units=row.audience_units,
                )
                report.updated += 1
            else:
                report.unchanged += 1
        except services.ResourceError as error:
            raise _WriteRefused(row.row, error) from error


def _current_dates(resource: Resource) -> list[services.DateSpec]:
    return [services.DateSpec(d.start, d.end, d.seats) for d in resource.dates.all()]


def _current_links(resource: Resource) -> list[services.CompetenceSpec]:
    return [
        services.CompetenceSpec(link.competence_id, link.relevance)
        for link in resource.competence_links.all()
    ]
