"""Who may open the order lists: queue, desk, my and team orders, load and budget."""

from django.urls import reverse

from kipina.core.tests.authorisation import Row, hr_only, only, signed_in


def _budget_url(org) -> str:
    return reverse("orders:budget", args=[org.people["support_person"].support_profile.pk])


ROWS = {
    "orders:mine": [
        Row(lambda org: reverse("orders:mine"), signed_in(200)),
        Row(lambda org: reverse("orders:mine") + "?state=closed", signed_in(200), label="filtered"),
    ],
    "orders:team": [
        # members, the team lead, the lead's supervisor and coordinators
        Row(lambda org: reverse("orders:team", args=[org.team.code]), signed_in(200)),
        Row(
            lambda org: reverse("orders:team", args=[org.other_team.code]),
            only({"coordinator", "admin"}, others=404),
            label="someone else's team",
        ),
        Row(
            lambda org: reverse("orders:team", args=["NO-SUCH-TEAM"]),
            signed_in(404),
            label="unknown team",
        ),
    ],
    "orders:queue": [
        Row(lambda org: reverse("orders:queue"), hr_only()),
        Row(lambda org: reverse("orders:queue") + "?state=all&age=1w", hr_only(), label="filtered"),
    ],
    # Admins pass every permission: without a support profile they see an empty desk.
    "orders:desk": [Row(lambda org: reverse("orders:desk"), only({"support_person", "admin"}))],
    "orders:load": [Row(lambda org: reverse("orders:load"), hr_only())],
    "orders:budget": [
        Row(
            _budget_url,
            only({"support_person", "supervisor", "coordinator", "admin"}, others=404),
        ),
        Row(
            lambda org: reverse("orders:budget", args=[999999]),
            signed_in(404),
            label="unknown support person",
        ),
    ],
}
