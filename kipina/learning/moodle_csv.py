"""Competence frameworks to and from Moodle's competency-framework CSV (tool_lpimportcsv).

The format is described in docs/competence-csv.md. An import reads and checks the whole file
first and reports every problem with the row number a spreadsheet shows (the header is row 1);
only a file without problems is written, in one transaction.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kipina.core.errors import ServiceError
from kipina.core.permissions import allowed
from kipina.learning.enums import (
    DESCRIPTION_MAX_LENGTH,
    IDNUMBER_MAX_LENGTH,
    LEVEL_NAME_MAX_LENGTH,
    MAX_DEPTH,
    MIN_SCALE_LEVELS,
    SHORTNAME_MAX_LENGTH,
    TAXONOMY_WORD_MAX_LENGTH,
)
from kipina.learning.models import (
    Competence,
    CompetenceFramework,
    ProficiencyScale,
    ResourceCompetence,
    ScaleLevel,
)
from kipina.learning.resource_index import refresh_competence_ids

COLUMNS = (
    "parentidnumber",
    "idnumber",
    "shortname",
    "description",
    "descriptionformat",
    "scalevalues",
    "scaleconfiguration",
    "ruletype",
    "ruleoutcome",
    "ruleconfig",
    "relatedidnumbers",
    "exportid",
    "isframework",
    "taxonomy",
)
LANGUAGES = ("fi", "sv", "en")
FORMAT_MARKDOWN = "4"  # Moodle's FORMAT_MARKDOWN: Kipinä's descriptions are Markdown
KNOWN_FORMATS = {"0", "1", "2", "4"}  # Moodle, HTML, plain, Markdown
MAX_ROWS = 10000
# Per-competence Moodle columns Kipinä does not use but keeps for the way back.
KEPT_COLUMNS = ("ruletype", "ruleoutcome", "ruleconfig", "scalevalues", "scaleconfiguration")

_SPAN = re.compile(
    r"<span\s+(?=[^>]*\bclass\s*=\s*[\"']multilang[\"'])[^>]*\blang\s*=\s*[\"']([\w-]+)[\"'][^>]*>"
    r"(.*?)</span>",
    re.DOTALL | re.IGNORECASE,
)
_MLANG = re.compile(r"\{mlang\s+([\w-]+)\}(.*?)\{mlang\}", re.DOTALL | re.IGNORECASE)


class ImportRefused(ServiceError):
    """The actor may not import competence frameworks."""


@dataclass
class ImportReport:
    """The outcome: `errors` are (row number, message) pairs; nothing is written unless ok."""

    errors: list[tuple[int, str]] = field(default_factory=list)
    framework: CompetenceFramework | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- languages -------------------------------------------------------------------------------


def parse_multilang(text: str) -> dict[str, str]:
    """fi/sv/en texts from Moodle multilang spans or {mlang} blocks; plain text goes to all three.

    A text in spans lacking Finnish gets the first span's text as its Finnish one, because
    Finnish is what every translated name falls back to.
    """
    text = text.strip()
    found = _SPAN.findall(text) or _MLANG.findall(text)
    if not found:
        return dict.fromkeys(LANGUAGES, text)
    texts: dict[str, str] = {}
    for code, value in found:
        language = code.lower()[:2]
        if language in LANGUAGES and language not in texts:
            texts[language] = value.strip()
    result = {language: texts.get(language, "") for language in LANGUAGES}
    if not result["fi"]:
        result["fi"] = next((value for value in texts.values() if value), found[0][1].strip())
    return result


def multilang(texts: dict[str, str]) -> str:
    """One cell: plain text when the languages agree (or only one is filled), else spans."""
    filled = {language: texts[language] for language in LANGUAGES if texts.get(language)}
    if len(set(filled.values())) <= 1:
        return next(iter(filled.values()), "")
    return "".join(
        f'<span lang="{language}" class="multilang">{value}</span>'
        for language, value in filled.items()
    )


def _texts(obj: Any, name: str) -> dict[str, str]:
    return {language: getattr(obj, f"{name}_{language}") for language in LANGUAGES}


# --- export ----------------------------------------------------------------------------------


def export_framework(framework: CompetenceFramework) -> str:
    """The framework as Moodle CSV: header, the framework row, then its tree depth first."""
    levels = list(framework.scale.levels.order_by("position"))
    competences = list(
        framework.competences.select_related("parent")
        .prefetch_related("related")
        .order_by("depth", "position", "pk")
    )
    children: dict[int | None, list[Competence]] = {}
    for competence in competences:
        children.setdefault(competence.parent_id, []).append(competence)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    configuration = [{"scaleid": str(framework.scale_id)}] + [
        {
            "id": number,
            "scaledefault": int(level.is_default),
            "proficient": int(level.proficient),
        }
        for number, level in enumerate(levels, start=1)
    ]
    writer.writerow(
        _row(
            idnumber=framework.idnumber,
            shortname=multilang(_texts(framework, "shortname")),
            description=multilang(_texts(framework, "description")),
            descriptionformat=FORMAT_MARKDOWN,
            scalevalues=",".join(multilang(_texts(level, "name")) for level in levels),
            scaleconfiguration=json.dumps(configuration),
            isframework="1",
            taxonomy=",".join(framework.taxonomy),
        )
    )

    def write(parent_id: int | None) -> None:
        for competence in sorted(children.get(parent_id, []), key=lambda c: (c.position, c.pk)):
            kept = competence.moodle_rule or {}
            writer.writerow(
                _row(
                    parentidnumber=competence.parent.idnumber if competence.parent else "",
                    idnumber=competence.idnumber,
                    shortname=multilang(_texts(competence, "shortname")),
                    description=multilang(_texts(competence, "description")),
                    descriptionformat=FORMAT_MARKDOWN,
                    relatedidnumbers=",".join(
                        sorted(related.idnumber for related in competence.related.all())
                    ),
                    exportid=kept.get("exportid") or competence.idnumber,
                    isframework="0",
                    **{column: kept.get(column, "") for column in KEPT_COLUMNS},
                )
            )
            write(competence.pk)

    write(None)
    return out.getvalue()


def _row(**values: str) -> list[str]:
    return [values.get(column, "") for column in COLUMNS]


# --- reading and checking --------------------------------------------------------------------


@dataclass
class _CompetenceRow:
    row: int
    idnumber: str
    parent: str
    shortname: dict[str, str]
    description: dict[str, str]
    related: list[str]
    kept: dict[str, str]
    depth: int = 0
    position: int = 0


@dataclass
class _FrameworkRow:
    row: int
    idnumber: str
    shortname: dict[str, str]
    description: dict[str, str]
    levels: list[dict[str, str]]
    defaults: set[int]
    proficient: set[int]
    taxonomy: list[str]


@dataclass
class _ReadFile:
    framework: _FrameworkRow | None = None
    competences: list[_CompetenceRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    def error(self, row: int, message: str) -> None:
        self.errors.append((row, message))


def _decode(data: bytes | str) -> tuple[str | None, tuple[int, str] | None]:
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        return None, (row, _("The file is not UTF-8 text. Save it as CSV UTF-8 and try again."))


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _check_texts(read: _ReadFile, row: int, column: str, texts: dict[str, str], limit: int) -> None:
    """One message per cell: the longest of its languages."""
    language = max(LANGUAGES, key=lambda code: len(texts[code]))
    length = len(texts[language])
    if length <= limit:
        return
    if len(set(texts.values())) > 1:
        column = f"{column} ({language})"
    read.error(
        row,
        _("%(column)s is %(length)d characters; at most %(limit)d fit.")
        % {"column": column, "length": length, "limit": limit},
    )


def _read_scale(read: _ReadFile, row: int, values: str, configuration: str) -> _FrameworkRow:
    levels = [parse_multilang(value) for value in _split_list(values)]
    result = _FrameworkRow(row, "", {}, {}, levels, set(), set(), [])
    if len(levels) < MIN_SCALE_LEVELS:
        read.error(
            row,
            _("scalevalues: a scale needs at least %(count)d levels, separated by commas.")
            % {"count": MIN_SCALE_LEVELS},
        )
    for level in levels:
        _check_texts(read, row, "scalevalues", level, LEVEL_NAME_MAX_LENGTH)
    try:
        items = json.loads(configuration) if configuration.strip() else None
    except ValueError:
        items = None
    if not isinstance(items, list) or not items or not isinstance(items[0], dict):
        read.error(
            row,
            _(
                'scaleconfiguration: not valid JSON of the form [{"scaleid": "…"}, '
                '{"id": 1, "scaledefault": 1, "proficient": 0}, …].'
            ),
        )
        return result
    seen: set[int] = set()
    for item in items[1:]:
        number = item.get("id") if isinstance(item, dict) else None
        if isinstance(number, str) and number.isdigit():
            number = int(number)
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            read.error(row, _("scaleconfiguration: every level needs a positive number as id."))
            return result
        if number > len(levels):
            read.error(
                row,
                _(
                    "scaleconfiguration refers to level %(number)d, but scalevalues has "
                    "%(count)d levels."
                )
                % {"number": number, "count": len(levels)},
            )
            return result
        if number in seen:
            read.error(
                row, _("scaleconfiguration: level %(number)d appears twice.") % {"number": number}
            )
            return result
        seen.add(number)
        if _flag(item.get("scaledefault")):
            result.defaults.add(number)
        if _flag(item.get("proficient")):
            result.proficient.add(number)
    if len(result.defaults) != 1:
        read.error(row, _("scaleconfiguration: exactly one level must be the default."))
    if not result.proficient:
        read.error(row, _("scaleconfiguration: at least one level must be proficient."))
    return result


def _flag(value: Any) -> bool:
    return value in (1, "1", True, "true")


def _read_rows(text: str) -> _ReadFile:
    read = _ReadFile()
    if not text.strip():
        read.error(1, _("The file is empty."))
        return read
    records = list(csv.reader(io.StringIO(text)))
    header = [cell.strip() for cell in records[0]]
    if tuple(header) != COLUMNS:
        read.error(
            1,
            _("The header row must be exactly: %(columns)s") % {"columns": ",".join(COLUMNS)},
        )
        return read
    if len(records) - 1 > MAX_ROWS:
        read.error(1, _("The file has more than %(count)d rows.") % {"count": MAX_ROWS})
        return read

    positions: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    data_rows = 0
    for row, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        data_rows += 1
        if len(record) != len(COLUMNS):
            read.error(
                row,
                _("The row has %(found)d columns; the header has %(expected)d.")
                % {"found": len(record), "expected": len(COLUMNS)},
            )
            continue
        cells = dict(zip(COLUMNS, (cell.strip() for cell in record), strict=True))
        is_framework = cells["isframework"].lower() in ("1", "true")
        if is_framework:
            if read.framework is not None:
                read.error(row, _("Only one framework row is allowed in a file."))
            elif data_rows != 1:
                read.error(row, _("The framework row (isframework = 1) must be the first row."))
            else:
                _read_framework(read, row, cells)
            continue
        if data_rows == 1:
            read.error(row, _("The first row must be the framework row (isframework = 1)."))
        _read_competence(read, row, cells, seen_ids, positions)
    if data_rows == 0:
        read.error(2, _("The file has no framework row (isframework = 1)."))
    _resolve_tree(read)
    return read


def _read_idnumber(read: _ReadFile, row: int, idnumber: str) -> None:
    if not idnumber:
        read.error(row, _("idnumber is empty."))
    elif len(idnumber) > IDNUMBER_MAX_LENGTH:
        read.error(
            row,
            _("idnumber is %(length)d characters; at most %(limit)d fit.")
            % {"length": len(idnumber), "limit": IDNUMBER_MAX_LENGTH},
        )


def _read_names(read: _ReadFile, row: int, cells: dict[str, str]) -> tuple[dict, dict]:
    shortname = parse_multilang(cells["shortname"])
    description = parse_multilang(cells["description"])
    if not shortname["fi"]:
        read.error(row, _("shortname is empty."))
    _check_texts(read, row, "shortname", shortname, SHORTNAME_MAX_LENGTH)
    _check_texts(read, row, "description", description, DESCRIPTION_MAX_LENGTH)
    if cells["descriptionformat"] and cells["descriptionformat"] not in KNOWN_FORMATS:
        read.error(
            row,
            _("descriptionformat must be one of %(formats)s.")
            % {"formats": ", ".join(sorted(KNOWN_FORMATS))},
        )
    return shortname, description


def _read_framework(read: _ReadFile, row: int, cells: dict[str, str]) -> None:
    _read_idnumber(read, row, cells["idnumber"])
    if cells["parentidnumber"]:
        read.error(row, _("The framework row cannot have a parentidnumber."))
    shortname, description = _read_names(read, row, cells)
    framework = _read_scale(read, row, cells["scalevalues"], cells["scaleconfiguration"])
    taxonomy = _split_list(cells["taxonomy"])
    for word in taxonomy:
        if len(word) > TAXONOMY_WORD_MAX_LENGTH:
            read.error(
                row,
                _("taxonomy: %(word)s is longer than %(limit)d characters.")
                % {"word": word[:20] + "…", "limit": TAXONOMY_WORD_MAX_LENGTH},
            )
    framework.idnumber = cells["idnumber"]
    framework.shortname = shortname
    framework.description = description
    framework.taxonomy = taxonomy
    read.framework = framework


def _read_competence(
    read: _ReadFile,
    row: int,
    cells: dict[str, str],
    seen_ids: dict[str, int],
    positions: dict[str, int],
) -> None:
    idnumber = cells["idnumber"]
    _read_idnumber(read, row, idnumber)
    if idnumber in seen_ids:
        read.error(
            row,
            _("idnumber %(idnumber)s is already used on row %(row)d.")
            % {"idnumber": idnumber, "row": seen_ids[idnumber]},
        )
        return
    if idnumber:
        seen_ids[idnumber] = row
    shortname, description = _read_names(read, row, cells)
    parent = cells["parentidnumber"]
    positions[parent] = positions.get(parent, -1) + 1
    kept = {column: cells[column] for column in KEPT_COLUMNS if cells[column]}
    if cells["exportid"] and cells["exportid"] != idnumber:
        kept["exportid"] = cells["exportid"]  # the ids Moodle's ruleconfig refers to
    read.competences.append(
        _CompetenceRow(
            row=row,
            idnumber=idnumber,
            parent=parent,
            shortname=shortname,
            description=description,
            related=_split_list(cells["relatedidnumbers"]),
            kept=kept,
            position=positions[parent],
        )
    )


def _resolve_tree(read: _ReadFile) -> None:
    """Parents and related competences known, no cycles, depth at most MAX_DEPTH."""
    by_id = {competence.idnumber: competence for competence in read.competences}
    parent_ok = True
    for competence in read.competences:
        if competence.parent and competence.parent not in by_id:
            read.error(
                competence.row,
                _("parentidnumber %(parent)s is not the idnumber of any competence in the file.")
                % {"parent": competence.parent},
            )
            parent_ok = False
        for related in competence.related:
            if related not in by_id:
                read.error(
                    competence.row,
                    _("relatedidnumbers: %(idnumber)s is not in the file.") % {"idnumber": related},
                )
    if not parent_ok:
        return
    for competence in read.competences:
        depth = 0
        seen = {competence.idnumber}
        current = competence
        while current.parent:
            current = by_id[current.parent]
            if current.idnumber in seen:
                read.error(
                    competence.row,
                    _("%(idnumber)s is its own ancestor: the parents form a cycle.")
                    % {"idnumber": competence.idnumber},
                )
                break
            seen.add(current.idnumber)
            depth += 1
        else:
            competence.depth = depth
            if depth > MAX_DEPTH:
                read.error(
                    competence.row,
                    _(
                        "%(idnumber)s is %(depth)d levels deep; a framework has at most "
                        "%(levels)d levels (area, competence, sub-competence)."
                    )
                    % {
                        "idnumber": competence.idnumber,
                        "depth": depth + 1,
                        "levels": MAX_DEPTH + 1,
                    },
                )


# --- import ----------------------------------------------------------------------------------


def import_framework(*, actor, data: bytes | str, replace: bool = False) -> ImportReport:
    """Check permission → read and check the whole file → write it all in one transaction."""
    if not allowed(actor, "learning.import_framework"):
        raise ImportRefused(_("You may not import competence frameworks."))
    text, decode_error = _decode(data)
    if decode_error is not None or text is None:
        return ImportReport(errors=[decode_error] if decode_error else [])
    read = _read_rows(text)
    existing = None
    if read.framework is not None and read.framework.idnumber:
        existing = CompetenceFramework.objects.filter(idnumber=read.framework.idnumber).first()
        if existing is not None and not replace:
            read.error(
                read.framework.row,
                _(
                    "A framework with idnumber %(idnumber)s already exists. "
                    "Choose to replace it, or change the idnumber."
                )
                % {"idnumber": read.framework.idnumber},
            )
    if read.errors or read.framework is None:
        return ImportReport(errors=sorted(read.errors, key=lambda error: error[0]))
    with transaction.atomic():
        framework = _write(read.framework, read.competences, existing)
    return ImportReport(
        framework=framework,
        counts={
            "competences": len(read.competences),
            "levels": len(read.framework.levels),
            "related": len(
                {
                    frozenset((competence.idnumber, other))
                    for competence in read.competences
                    for other in competence.related
                    if other != competence.idnumber
                }
            ),
        },
    )


def _write(
    source: _FrameworkRow,
    competences: list[_CompetenceRow],
    existing: CompetenceFramework | None,
) -> CompetenceFramework:
    scale = ProficiencyScale(**{f"name_{lang}": source.shortname[lang] for lang in LANGUAGES})
    scale.full_clean()
    scale.save()
    levels = [
        ScaleLevel(
            scale=scale,
            position=number,
            is_default=number in source.defaults,
            proficient=number in source.proficient,
            **{f"name_{lang}": level[lang] for lang in LANGUAGES},
        )
        for number, level in enumerate(source.levels, start=1)
    ]
    ScaleLevel.objects.bulk_create(levels)

    values: dict[str, Any] = {
        "scale": scale,
        "taxonomy": source.taxonomy,
        **{f"shortname_{lang}": source.shortname[lang] for lang in LANGUAGES},
        **{f"description_{lang}": source.description[lang] for lang in LANGUAGES},
    }
    if existing is not None:
        old_scale_id = existing.scale_id
        # Replacing the tree unlinks its competences from resources: their copies follow.
        unlinked = list(
            ResourceCompetence.objects.filter(competence__framework=existing)
            .values_list("resource_id", flat=True)
            .distinct()
        )
        existing.competences.all().delete()
        refresh_competence_ids(unlinked)
        for name, value in values.items():
            setattr(existing, name, value)
        framework = existing
        framework.full_clean()
        framework.save()
        if not CompetenceFramework.objects.filter(scale_id=old_scale_id).exists():
            ProficiencyScale.objects.filter(pk=old_scale_id).delete()
    else:
        framework = CompetenceFramework(idnumber=source.idnumber, **values)
        framework.full_clean()
        framework.save()

    saved: dict[str, Competence] = {}
    for depth in range(MAX_DEPTH + 1):
        batch = [
            Competence(
                framework=framework,
                parent=saved[row.parent] if row.parent else None,
                idnumber=row.idnumber,
                position=row.position,
                depth=depth,
                moodle_rule=row.kept,
                **{f"shortname_{lang}": row.shortname[lang] for lang in LANGUAGES},
                **{f"description_{lang}": row.description[lang] for lang in LANGUAGES},
            )
            for row in competences
            if row.depth == depth
        ]
        for competence in Competence.objects.bulk_create(batch):
            saved[competence.idnumber] = competence

    through = Competence.related.through
    pairs = {
        (saved[row.idnumber].pk, saved[other].pk)
        for row in competences
        for other in row.related
        if other != row.idnumber
    }
    # A symmetrical relation is stored in both directions.
    pairs |= {(b, a) for a, b in pairs}
    through.objects.bulk_create(
        [through(from_competence_id=a, to_competence_id=b) for a, b in sorted(pairs)]
    )
    return framework
