"""Read-only queries for the competence pages: every page runs a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from kipina.learning.models import Competence, CompetenceFramework, ScaleLevel


@dataclass
class TreeNode:
    competence: Competence
    children: list["TreeNode"] = field(default_factory=list)


def frameworks() -> QuerySet[CompetenceFramework]:
    """All frameworks with the number of their competences, newest strategy period first."""
    return CompetenceFramework.objects.annotate(competence_count=Count("competences")).order_by(
        "-valid_from", "idnumber"
    )


def framework_for(idnumber: str) -> CompetenceFramework:
    return get_object_or_404(CompetenceFramework.objects.select_related("scale"), idnumber=idnumber)


def scale_levels(framework: CompetenceFramework) -> list[ScaleLevel]:
    return list(ScaleLevel.objects.filter(scale_id=framework.scale_id).order_by("position"))


def competence_tree(framework: CompetenceFramework) -> list[TreeNode]:
    """The framework's competences in one query, built into a tree ordered by position."""
    competences = list(
        Competence.objects.filter(framework=framework).order_by("depth", "position", "pk")
    )
    nodes = {competence.pk: TreeNode(competence) for competence in competences}
    roots: list[TreeNode] = []
    for competence in competences:
        node = nodes[competence.pk]
        parent = nodes.get(competence.parent_id) if competence.parent_id else None
        (parent.children if parent is not None else roots).append(node)
    return roots


def competence_for(framework: CompetenceFramework, idnumber: str) -> Competence:
    return get_object_or_404(
        Competence.objects.select_related("parent", "framework"),
        framework=framework,
        idnumber=idnumber,
    )


def children_of(competence: Competence) -> list[Competence]:
    return list(competence.children.order_by("position", "pk"))


def related_of(competence: Competence) -> list[Competence]:
    return list(competence.related.select_related("framework").order_by("position", "pk"))
