"""The demo's strategic competences: one framework, its proficiency scale and competence tree.

The content comes from learning_content/framework.json ("kipina-framework", version 1): the
framework with its names, descriptions, validity and taxonomy, the scale with its levels in
order, and the competences in tree order (every parent before its children). Nothing is
random, so every seed gives the same framework. It runs inside the seeding transaction, after
the toolkit; on reset the loader wipes the learning tables first. When a framework with the
same idnumber is already there (imported by hand, say), it is left alone.
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kipina.learning.enums import MAX_DEPTH
from kipina.learning.models import Competence, CompetenceFramework, ProficiencyScale, ScaleLevel

CONTENT = Path(__file__).resolve().parent / "learning_content"
FRAMEWORK_FILE = CONTENT / "framework.json"
FORMAT = "kipina-framework"
VERSION = 1
LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True, slots=True)
class LearningLoadResult:
    created: bool
    levels: int = 0
    competences: int = 0
    related: int = 0  # pairs, each stored both ways


def _fail(path: Path, message: str) -> Exception:
    # Imported here: the seeding module imports this one at its top.
    from kipina.demo.loader import DemoSeedError

    return DemoSeedError(f"{path.name}: {message}")


def _read(path: Path) -> dict[str, Any]:
    """The document, checked just enough that writing it cannot go wrong half-way."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _fail(path, f"cannot be read as JSON ({error}).") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _fail(path, f'expected "format": "{FORMAT}".')
    if document.get("version") != VERSION:
        raise _fail(
            path, f"version {document.get('version')!r} is not supported (expected {VERSION})."
        )
    framework = document.get("framework")
    competences = document.get("competences")
    if not isinstance(framework, dict) or not isinstance(competences, list):
        raise _fail(path, 'needs a "framework" object and a "competences" list.')
    levels = framework.get("scale", {}).get("levels", [])
    if sum(1 for level in levels if level.get("default")) != 1:
        raise _fail(path, "the scale needs exactly one default level.")
    seen: set[str] = set()
    for competence in competences:
        idnumber = competence.get("idnumber")
        if not idnumber or idnumber in seen:
            raise _fail(path, f"competence idnumber {idnumber!r} is missing or repeated.")
        if competence.get("parent") is not None and competence["parent"] not in seen:
            raise _fail(path, f"{idnumber}: its parent must come before it in the file.")
        seen.add(idnumber)
    for competence in competences:
        unknown = set(competence.get("related", [])) - seen
        if unknown:
            raise _fail(path, f"{competence['idnumber']}: unknown related {sorted(unknown)}.")
    return document


def _texts(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": texts.get(language, "") for language in LANGUAGES}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_framework(*, path: Path = FRAMEWORK_FILE) -> LearningLoadResult:
    """Write the scale with its levels, the framework and its competence tree."""
    document = _read(path)
    source = document["framework"]
    if CompetenceFramework.objects.filter(idnumber=source["idnumber"]).exists():
        return LearningLoadResult(created=False)

    scale = ProficiencyScale.objects.create(**_texts("name", source["scale"]["name"]))
    levels = ScaleLevel.objects.bulk_create(
        ScaleLevel(
            scale=scale,
            position=position,
            is_default=bool(level.get("default")),
            proficient=bool(level.get("proficient")),
            **_texts("name", level["name"]),
        )
        for position, level in enumerate(source["scale"]["levels"], start=1)
    )
    framework = CompetenceFramework(
        idnumber=source["idnumber"],
        scale=scale,
        valid_from=_date(source.get("valid_from")),
        valid_until=_date(source.get("valid_until")),
        taxonomy=list(source.get("taxonomy", [])),
        **_texts("shortname", source["shortname"]),
        **_texts("description", source.get("description", {})),
    )
    framework.full_clean()
    framework.save()

    # Parents come first in the file, so each level of the tree can go in as one batch once
    # the level above has its primary keys.
    saved: dict[str, Competence] = {}
    depth_of: dict[str, int] = {}
    siblings: dict[str | None, int] = {}
    by_depth: dict[int, list[tuple[str | None, Competence]]] = {}
    for row in document["competences"]:
        parent = row.get("parent")
        depth = depth_of[parent] + 1 if parent is not None else 0
        if depth > MAX_DEPTH:
            raise _fail(path, f"{row['idnumber']} is deeper than {MAX_DEPTH + 1} levels.")
        depth_of[row["idnumber"]] = depth
        position = siblings.get(parent, 0)
        siblings[parent] = position + 1
        competence = Competence(
            framework=framework,
            idnumber=row["idnumber"],
            position=position,
            depth=depth,
            **_texts("shortname", row["shortname"]),
            **_texts("description", row.get("description", {})),
        )
        by_depth.setdefault(depth, []).append((parent, competence))
    for depth in sorted(by_depth):
        batch = by_depth[depth]
        for parent, competence in batch:
            competence.parent = saved[parent] if parent is not None else None
        for competence in Competence.objects.bulk_create([c for _parent, c in batch]):
            saved[competence.idnumber] = competence

    # The relation is symmetrical: store every pair in both directions, as add() would.
    pairs = {
        frozenset((row["idnumber"], other))
        for row in document["competences"]
        for other in row.get("related", [])
        if other != row["idnumber"]
    }
    through = Competence.related.through
    links = sorted(
        (saved[a].pk, saved[b].pk) for pair in pairs for a, b in (tuple(pair), tuple(pair)[::-1])
    )
    through.objects.bulk_create(through(from_competence_id=a, to_competence_id=b) for a, b in links)
    return LearningLoadResult(
        created=True, levels=len(levels), competences=len(saved), related=len(pairs)
    )
