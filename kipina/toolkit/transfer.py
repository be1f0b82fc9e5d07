"""Methods to and from JSON files: format "kipina-methods", version 1 (docs/toolkit-format.md).

An import first checks the whole file — every row against the format, the model's limits, the
rest of the file and the database — and lists each problem with its row number. Only a file
without problems is written: in one transaction, every method through the services, so that a
created or changed method gets its revision and its search entry just as one saved in the
editor. Methods are matched by key; a method whose content is already the file's is left alone.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_slug
from django.db import models, transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from kipina.core.permissions import allowed
from kipina.org.models import Language, Person
from kipina.toolkit import services
from kipina.toolkit.enums import ArcPlace, Difficulty, Licence, MethodStatus, Mode, Purpose
from kipina.toolkit.models import Method

FORMAT = "kipina-methods"
VERSION = 1
LANGUAGES = ("fi", "sv", "en")
ORIGINAL_LANGUAGE = "fi"  # translations point to a Finnish original
MAX_ROWS = 5000

# Keys every row must have; the others have defaults (OPTIONAL_DEFAULTS).
REQUIRED_KEYS = (
    "key",
    "language",
    "title",
    "summary",
    "purposes",
    "arc",
    "duration",
    "group_size",
    "steps",
)
OPTIONAL_DEFAULTS: dict[str, Any] = {
    "translation_of": None,
    "mode": Mode.BOTH.value,
    "difficulty": Difficulty.EASY.value,
    "materials": "",
    "preparation": "",
    "tips": "",
    "source": "",
    "licence": Licence.OWN.value,
    "licence_other": "",
    "status": MethodStatus.DRAFT.value,
    "contributors": [],
}
KNOWN_KEYS = frozenset(REQUIRED_KEYS) | frozenset(OPTIONAL_DEFAULTS)
# File key → model field, for the keys that are plain text in both.
TEXT_KEYS = (
    "title",
    "summary",
    "materials",
    "preparation",
    "steps",
    "tips",
    "source",
    "licence_other",
)
NON_BLANK_KEYS = ("title", "summary", "steps")
CHOICE_KEYS: dict[str, type] = {
    "arc": ArcPlace,
    "mode": Mode,
    "difficulty": Difficulty,
    "licence": Licence,
    "status": MethodStatus,
}
# File key → the model's (lower, upper) fields.
RANGE_KEYS = {
    "duration": ("duration_min", "duration_max"),
    "group_size": ("group_min", "group_max"),
}


@dataclass(frozen=True)
class RowError:
    """One problem (or notice): `row` counts the file's methods from 1; None for the file."""

    row: int | None
    key: str
    field: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.key:
            where = _("Row %(row)d (key %(key)s)") % {"row": self.row, "key": self.key}
        else:
            where = _("Row %(row)d") % {"row": self.row}
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass(frozen=True)
class MethodRow:
    """One checked row: model values by field name, with the language as its code and
    translation_of as a key (services_data() turns them into objects)."""

    row: int
    key: str
    values: dict[str, Any]
    status: str
    contributors: tuple[str, ...]

    @property
    def translation_of(self) -> str | None:
        return self.values["translation_of"]


@dataclass
class MethodsFile:
    """A read file: the rows that passed, every problem, and notices that do not stop it."""

    rows: list[MethodRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0  # methods in the file, good or bad
    notices: list[RowError] = field(default_factory=list)
    contributors: dict[str, Person] = field(default_factory=dict)  # by employee number


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    notices: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# --- export ----------------------------------------------------------------------------------


def export_methods(methods: Iterable[Method]) -> dict:
    """The methods as a "kipina-methods" document (json.dumps-ready), in the order given."""
    if isinstance(methods, QuerySet):
        methods = methods.select_related("translation_of").prefetch_related(
            Prefetch("contributors", queryset=Person.objects.only("pk", "employee_number"))
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "methods": [_export_row(method) for method in methods],
    }


def _export_row(method: Method) -> dict:
    original = method.translation_of if method.translation_of_id else None
    return {
        "key": method.key,
        "language": method.language_id,
        "translation_of": original.key if original is not None else None,
        "title": method.title,
        "summary": method.summary,
        "purposes": list(method.purposes),
        "arc": method.arc,
        "duration": [method.duration_min, method.duration_max],
        "group_size": [method.group_min, method.group_max],
        "mode": method.mode,
        "difficulty": method.difficulty,
        "materials": method.materials,
        "preparation": method.preparation,
        "steps": method.steps,
        "tips": method.tips,
        "source": method.source,
        "licence": method.licence,
        "licence_other": method.licence_other,
        "status": method.status,
        "contributors": sorted(person.employee_number for person in method.contributors.all()),
    }


def export_json(methods: Iterable[Method]) -> str:
    return json.dumps(export_methods(methods), ensure_ascii=False, indent=2) + "\n"


# --- reading and checking a file -------------------------------------------------------------


def _file_error(message: str) -> MethodsFile:
    return MethodsFile(errors=[RowError(None, "", "", message)])


def _decode(data: dict | bytes | str) -> tuple[Any, str | None]:
    """(the parsed document, None) or (None, why it cannot be read)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, _("The file is not UTF-8 text. Save it as UTF-8 JSON and try again.")
    if isinstance(data, str):
        try:
            return json.loads(data), None
        except json.JSONDecodeError as error:
            return None, _(
                "The file is not valid JSON: line %(line)d, column %(column)d: %(reason)s."
            ) % {"line": error.lineno, "column": error.colno, "reason": error.msg}
        except RecursionError:
            return None, _("The file is nested too deeply to be a methods file.")
    return data, None


def read_methods(data: dict | bytes | str) -> MethodsFile:
    """Check a whole file: the header, every row, keys across rows, references to the
    database. Writes nothing; `errors` lists every problem found."""
    document, problem = _decode(data)
    if problem:
        return _file_error(problem)
    if not isinstance(document, dict):
        return _file_error(
            _("The file must be a JSON object with “format”, “version” and “methods”.")
        )
    if document.get("format") != FORMAT:
        return _file_error(
            _("This is not a methods file: “format” must be “%(format)s”.") % {"format": FORMAT}
        )
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        return _file_error(
            _(
                "Version %(found)s of the methods format is not supported; this Kipinä reads "
                "version %(version)d."
            )
            % {"found": json.dumps(version), "version": VERSION}
        )
    rows = document.get("methods")
    if not isinstance(rows, list):
        return _file_error(_("“methods” must be a list of methods."))
    if len(rows) > MAX_ROWS:
        return _file_error(
            _("The file has %(count)d methods; one import takes at most %(limit)d.")
            % {"count": len(rows), "limit": MAX_ROWS}
        )
    result = MethodsFile(total=len(rows))
    failed_keys: set[str] = set()
    for number, raw in enumerate(rows, start=1):
        row, errors = _check_row(number, raw)
        result.errors.extend(errors)
        if row is not None:
            result.rows.append(row)
        failed_keys.update(error.key for error in errors if error.key)
    _check_keys_across_rows(result)
    _check_translations(result, failed_keys)
    _find_contributors(result)
    result.errors.sort(key=lambda error: error.row or 0)
    return result


def _model_field(name: str) -> models.Field:
    found = Method._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def _max_length(name: str) -> int:
    """The model field's max_length; 0 when it has none (a TextField)."""
    return _model_field(name).max_length or 0


def _range_limits(model_field: str) -> tuple[int, int]:
    validators = _model_field(model_field).validators
    low = next(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = next(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    return low, high


def _check_row(number: int, raw: Any) -> tuple[MethodRow | None, list[RowError]]:
    if not isinstance(raw, dict):
        return None, [RowError(number, "", "", _("each method must be a JSON object"))]
    key_value = raw.get("key")
    key = key_value.strip() if isinstance(key_value, str) else ""
    errors: list[RowError] = []

    def fail(name: str, message: str) -> None:
        errors.append(RowError(number, key, name, message))

    for name in sorted(set(raw) - KNOWN_KEYS):
        fail(name, _("unknown key (check its spelling)"))
    for name in REQUIRED_KEYS:
        if name not in raw:
            fail(name, _("this key is missing"))
    values: dict[str, Any] = {}
    given = {**OPTIONAL_DEFAULTS, **raw}

    if "key" in raw:
        if not isinstance(key_value, str):
            fail("key", _("must be text"))
        else:
            _check_key(key, fail)
    for name in TEXT_KEYS:
        if name in given:
            values[name] = _check_text(name, given[name], fail)
    if "language" in raw:
        if given["language"] in LANGUAGES:
            values["language"] = given["language"]
        else:
            fail("language", _("must be one of: %(allowed)s") % {"allowed": ", ".join(LANGUAGES)})
    translation_of = given["translation_of"]
    if translation_of is None or isinstance(translation_of, str):
        values["translation_of"] = (translation_of or "").strip() or None
    else:
        fail("translation_of", _("must be the key of the original method, or null"))
    for name, choices in CHOICE_KEYS.items():
        if name in given:
            values[name] = _check_choice(name, given[name], choices, fail)
    if "purposes" in raw:
        values["purposes"] = _check_purposes(given["purposes"], fail)
    for name, (low_field, high_field) in RANGE_KEYS.items():
        if name in raw:
            checked = _check_range(name, given[name], _range_limits(low_field), fail)
            if checked is not None:
                values[low_field], values[high_field] = checked
    contributors = given["contributors"] if given["contributors"] is not None else []
    if not isinstance(contributors, list) or not all(
        isinstance(number_, str) and number_.strip() for number_ in contributors
    ):
        fail("contributors", _("must be a list of employee numbers (text)"))
        contributors = []
    if values.get("licence") == Licence.OTHER and not values.get("licence_other"):
        fail("licence_other", _("name the licence when “licence” is “other”"))
    if errors:
        return None, errors
    status = values.pop("status")
    return (
        MethodRow(
            row=number,
            key=key,
            values=values,
            status=status,
            contributors=tuple(dict.fromkeys(n.strip() for n in contributors)),
        ),
        [],
    )


def _check_key(key: str, fail) -> None:
    limit = _max_length("key")
    if not key:
        fail("key", _("must not be empty"))
        return
    try:
        validate_slug(key)
    except ValidationError:
        fail("key", _("may hold only letters a–z, digits, hyphens and underscores"))
    if len(key) > limit:
        fail(
            "key",
            _("is %(length)d characters long; the most is %(limit)d")
            % {"length": len(key), "limit": limit},
        )


def _check_text(name: str, value: Any, fail) -> str:
    if value is None and name not in NON_BLANK_KEYS:
        return ""
    if not isinstance(value, str):
        fail(name, _("must be text"))
        return ""
    value = value.strip()
    if name in NON_BLANK_KEYS and not value:
        fail(name, _("must not be empty"))
    limit = _max_length(name)
    if limit and len(value) > limit:
        fail(
            name,
            _("is %(length)d characters long; the most is %(limit)d")
            % {"length": len(value), "limit": limit},
        )
    return value


def _check_choice(name: str, value: Any, choices, fail) -> str:
    if isinstance(value, str) and value in choices.values:
        return value
    fail(
        name,
        _("%(value)s is not one of: %(allowed)s")
        % {"value": json.dumps(value, ensure_ascii=False), "allowed": ", ".join(choices.values)},
    )
    return ""


def _check_purposes(value: Any, fail) -> list[str]:
    if not isinstance(value, list) or not value:
        fail("purposes", _("must be a list of at least one purpose"))
        return []
    unknown = [code for code in value if not (isinstance(code, str) and code in Purpose.values)]
    if unknown:
        fail(
            "purposes",
            _("%(value)s is not one of: %(allowed)s")
            % {
                "value": ", ".join(json.dumps(code, ensure_ascii=False) for code in unknown),
                "allowed": ", ".join(Purpose.values),
            },
        )
        return []
    return list(dict.fromkeys(value))  # a purpose listed twice counts once


def _check_range(name: str, value: Any, limits: tuple[int, int], fail) -> tuple[int, int] | None:
    low_limit, high_limit = limits
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in value)
    ):
        fail(name, _("must be two whole numbers [smallest, largest]"))
        return None
    low, high = value
    if not (low_limit <= low <= high_limit and low_limit <= high <= high_limit):
        fail(
            name,
            _("both numbers must be between %(low)d and %(high)d")
            % {"low": low_limit, "high": high_limit},
        )
        return None
    if low > high:
        if name == "duration":
            fail(name, _("the shortest is longer than the longest"))
        else:
            fail(name, _("the smallest is larger than the largest"))
        return None
    return low, high


def _check_keys_across_rows(result: MethodsFile) -> None:
    first_row: dict[str, int] = {}
    kept = []
    for row in result.rows:
        if row.key in first_row:
            result.errors.append(
                RowError(
                    row.row,
                    row.key,
                    "key",
                    _("the same key is already on row %(row)d") % {"row": first_row[row.key]},
                )
            )
            continue
        first_row[row.key] = row.row
        kept.append(row)
    result.rows = kept


def _check_translations(result: MethodsFile, failed_keys: set[str]) -> None:
    """translation_of must name a Finnish method: the file's row with that key if there is
    one (the file wins), else the method of that key already in Kipinä. A row pointing to a
    row of the file that has problems of its own is not blamed for them."""
    language_in_file = {row.key: row.values["language"] for row in result.rows}
    wanted = {row.translation_of for row in result.rows if row.translation_of}
    in_database = dict(
        Method.objects.filter(key__in=wanted - language_in_file.keys()).values_list(
            "key", "language_id"
        )
    )
    kept = []
    for row in result.rows:
        target = row.translation_of
        problem = None
        if target is None or target in failed_keys:
            pass
        elif target == row.key:
            problem = _("a method cannot be a translation of itself")
        elif row.values["language"] == ORIGINAL_LANGUAGE:
            problem = _(
                "a Finnish method is an original; only Swedish and English methods are translations"
            )
        elif target not in language_in_file and target not in in_database:
            problem = _("no method with the key “%(key)s” in the file or in Kipinä") % {
                "key": target
            }
        elif language_in_file.get(target, in_database.get(target)) != ORIGINAL_LANGUAGE:
            problem = _(
                "“%(key)s” is not a Finnish method; a translation points to the Finnish original"
            ) % {"key": target}
        if problem:
            result.errors.append(RowError(row.row, row.key, "translation_of", problem))
        else:
            kept.append(row)
    result.rows = kept


def _find_contributors(result: MethodsFile) -> None:
    """Contributors are people of this organisation by employee number; one not found is left
    out with a notice (a file from elsewhere names other people)."""
    numbers = {number for row in result.rows for number in row.contributors}
    if not numbers:
        return
    result.contributors = {
        person.employee_number: person
        for person in Person.objects.filter(employee_number__in=numbers)
    }
    for row in result.rows:
        missing = [n for n in row.contributors if n not in result.contributors]
        if missing:
            result.notices.append(
                RowError(
                    row.row,
                    row.key,
                    "contributors",
                    _("no person with the employee number %(numbers)s; left out")
                    % {"numbers": ", ".join(missing)},
                )
            )


# --- writing ---------------------------------------------------------------------------------


def services_data(
    row: MethodRow, *, languages: dict[str, Language], methods: dict[str, Method]
) -> dict[str, Any]:
    """The row as `data` for services.method_create / method_edit: the language as a Language,
    translation_of as the Method of that key (from `methods`, else the database)."""
    data = dict(row.values)
    data["language"] = languages[row.values["language"]]
    target = row.translation_of
    data["translation_of"] = (
        None if target is None else methods.get(target) or Method.objects.get(key=target)
    )
    return data


def languages_for(rows: Iterable[MethodRow]) -> dict[str, Language]:
    """The rows' languages, made when missing (a Language is just its code)."""
    codes = sorted({row.values["language"] for row in rows})
    return {code: Language.objects.get_or_create(code=code)[0] for code in codes}


def originals_first(rows: Iterable[MethodRow]) -> list[MethodRow]:
    """Translations point to Finnish originals, which are never translations themselves."""
    rows = list(rows)
    return [r for r in rows if r.translation_of is None] + [r for r in rows if r.translation_of]


def _same_content(method: Method, data: dict[str, Any]) -> bool:
    for name in services.EDITABLE_FIELDS:
        if name not in data:
            continue
        if name in ("language", "translation_of"):
            target = data[name]
            if getattr(method, f"{name}_id") != (None if target is None else target.pk):
                return False
        elif getattr(method, name) != data[name]:
            return False
    return True


class _RowFailed(Exception):
    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


def import_methods(
    *, actor, data: dict | bytes | str, publish_status_from_file: bool = True
) -> ImportReport:
    """Check → read the whole file → stop with the problems, or in one transaction create or
    update every method by key through the services (revisions, search index) → counts."""
    if not allowed(actor, "toolkit.import_methods"):
        raise services.NotAllowed(_("Only coordinators can import methods."))
    read = read_methods(data)
    report = ImportReport(rows=read.total, errors=read.errors, notices=read.notices)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            _write(actor, read, report, publish_status_from_file=publish_status_from_file)
    except _RowFailed as failed:
        report.created = report.updated = report.unchanged = 0
        report.errors = [failed.error]
    return report


def _write(
    actor, read: MethodsFile, report: ImportReport, *, publish_status_from_file: bool
) -> None:
    summary = _("Imported from a file")
    languages = languages_for(read.rows)
    existing = {m.key: m for m in Method.objects.filter(key__in=[row.key for row in read.rows])}
    methods: dict[str, Method] = {}
    for row in originals_first(read.rows):
        data = services_data(row, languages=languages, methods=methods)
        try:
            method = existing.get(row.key)
            if method is None:
                method = _create(actor, row, data, summary, publish_status_from_file)
                report.created += 1
            elif _update(actor, row, method, data, summary, publish_status_from_file, report):
                method = Method.objects.get(pk=method.pk)
                report.updated += 1
            else:
                report.unchanged += 1
        except services.ToolkitError as error:
            raise _RowFailed(
                RowError(row.row, row.key, _file_key(error.field), error.message)
            ) from error
        people = [read.contributors[n] for n in row.contributors if n in read.contributors]
        if people:
            method.contributors.add(*people)
        methods[row.key] = method


def _file_key(model_field: str | None) -> str:
    for key, fields in RANGE_KEYS.items():
        if model_field in fields:
            return key
    return model_field or ""


def _create(actor, row: MethodRow, data: dict, summary: str, from_file: bool) -> Method:
    status = row.status if from_file else MethodStatus.DRAFT
    method = services.method_create(
        actor=actor,
        data={**data, "key": row.key},
        publish=status == MethodStatus.PUBLISHED,
        summary=summary,
    )
    if status == MethodStatus.UNPUBLISHED:
        method = services.method_unpublish(actor=actor, method=method, reason=summary)
    return method


def _update(
    actor,
    row: MethodRow,
    method: Method,
    data: dict,
    summary: str,
    from_file: bool,
    report: ImportReport,
) -> bool:
    """Edit when the content differs, move the status when the file says so; True if either."""
    changed = False
    if not _same_content(method, data):
        method = services.method_edit(
            actor=actor, method=method, data=data, seen_version=method.version, summary=summary
        )
        changed = True
    if not from_file or row.status == method.status:
        return changed
    if row.status == MethodStatus.PUBLISHED:
        services.method_publish(actor=actor, method=method)
    elif row.status == MethodStatus.UNPUBLISHED:
        services.method_unpublish(actor=actor, method=method, reason=summary)
    else:
        report.notices.append(
            RowError(
                row.row,
                row.key,
                "status",
                _("a method already in use is not taken back to a draft; its status was kept"),
            )
        )
        return changed
    return True
