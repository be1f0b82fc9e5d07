"""Who may do what with strategic competences, team tailorings, resources and guidance.

- Everyone signed in reads the frameworks and the published catalogue; coordinators (and
  admins) import and replace frameworks.
- Coordinators and curators (group `curator`) curate the catalogue.
- A team's competences are read and edited by its members and lead and by a support person
  assigned to one of the team's orders that is not declined or cancelled; coordinators read
  every team's and edit too.
- Active support persons and coordinators recommend resources.
"""

import rules

from kipina.agents.rules import is_support_person
from kipina.core.rules import has_person, is_coordinator_or_admin
from kipina.learning.enums import CURATOR_GROUP
from kipina.org.rules import active_person_of, is_member_or_lead_of

is_curator = rules.is_group_member(CURATOR_GROUP)


@rules.predicate
def supports_team(user, team) -> bool:
    """A support person assigned to one of the team's live or delivered orders."""
    person = active_person_of(user)
    if person is None or team is None:
        return False
    from kipina.orders.enums import OrderState
    from kipina.orders.models import Order

    return Order.objects.filter(
        team=team,
        support_person__person=person,
        support_person__active=True,
        state__in=[
            OrderState.ASSIGNED,
            OrderState.PLANNED,
            OrderState.DELIVERED,
            OrderState.CLOSED,
        ],
    ).exists()


can_tailor = is_member_or_lead_of | supports_team | is_coordinator_or_admin

rules.add_perm("learning.view_frameworks", has_person | is_coordinator_or_admin)
rules.add_perm("learning.import_framework", is_coordinator_or_admin)

rules.add_perm("learning.view_resources", has_person | is_coordinator_or_admin)
rules.add_perm("learning.curate_resources", is_coordinator_or_admin | is_curator)

rules.add_perm("learning.view_team_competences", can_tailor)
rules.add_perm("learning.tailor_team_competences", can_tailor)

rules.add_perm("learning.recommend", is_support_person | is_coordinator_or_admin)
rules.add_perm("learning.keep_learning_log", has_person)
