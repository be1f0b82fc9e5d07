"""Who may do what on the training path.

- Everyone signed in sees the programmes and their cohorts, and may apply to become a support
  person (one open application at a time, which the service enforces).
- Coordinators (and admins) keep the programmes and cohorts, place people in cohorts, and
  activate trained support persons.
- A cohort's trainers, and coordinators, mark module completions.
- An application is decided by the applicant's supervisor (anyone up their line), or by a
  coordinator when the applicant has no supervisor or theirs is no longer active; nobody
  decides their own.
- The applicant, their line and coordinators see the application.
"""

import rules

from kipina.core.rules import has_person, is_coordinator_or_admin
from kipina.org.rules import active_person_of, is_supervisor_of


@rules.predicate
def is_trainer_of(user, cohort) -> bool:
    person = active_person_of(user)
    if person is None or cohort is None:
        return False
    return cohort.trainers.filter(pk=person.pk).exists()


@rules.predicate
def is_applicant(user, application) -> bool:
    return application is not None and application.person.user_id == user.pk


@rules.predicate
def supervises_applicant(user, application) -> bool:
    return application is not None and is_supervisor_of(user, application.person)


@rules.predicate
def applicant_has_no_supervisor(user, application) -> bool:
    """No supervisor decides: none on record, or no longer active."""
    return application is not None and application.person.active_supervisor is None


rules.add_perm("training.view_programmes", has_person | is_coordinator_or_admin)
rules.add_perm("training.manage_training", is_coordinator_or_admin)
rules.add_perm("training.mark_completion", is_trainer_of | is_coordinator_or_admin)
rules.add_perm("training.apply", has_person)
rules.add_perm(
    "training.view_application", is_applicant | supervises_applicant | is_coordinator_or_admin
)
rules.add_perm(
    "training.decide_application",
    ~is_applicant
    & (supervises_applicant | (applicant_has_no_supervisor & is_coordinator_or_admin)),
)
rules.add_perm("training.place_applicant", is_coordinator_or_admin & ~is_applicant)
