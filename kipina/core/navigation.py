"""A registry of main-menu entries: apps add theirs in ready(), core shows the permitted ones."""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str
    order: int = 100


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)
        _items.sort(key=lambda entry: entry.order)


def items_for(user) -> list[NavItem]:
    return [item for item in _items if user.has_perm(item.permission)]
