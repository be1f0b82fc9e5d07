from django.core.management.base import BaseCommand, CommandError

from kipina.demo.generator import DEFAULT_PEOPLE, DEFAULT_SEED, MIN_PEOPLE
from kipina.demo.loader import DemoSeedError, seed_demo_organisation


class Command(BaseCommand):
    help = (
        "Create a deterministic demo organisation: a wellbeing services county "
        "(Järvilaakson hyvinvointialue) with divisions, service areas, units, teams, people, "
        "supervisors, learning support persons with their time shares, the services catalogue, "
        "two years of orders up to today (with sessions, hours, feedback and follow-ups), "
        "the toolkit, strategic competences, the learning resource catalogue, teams' "
        "competence maps with their history, recommendations and learning logs, and "
        "one login per persona (see demo_logins). The same --people and --seed always give "
        "the same organisation, and the same history relative to the day of seeding. If the "
        "database already has units or people, nothing is changed and the command exits "
        "successfully, so it is safe to run on every start. --reset first deletes all "
        "learning data, the toolkit, orders and notifications, services, time shares, units, "
        "teams, people, their user accounts, support-person profiles and the demo accounts, "
        "then seeds anew."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--people",
            type=int,
            default=DEFAULT_PEOPLE,
            help=f"Number of people (at least {MIN_PEOPLE}; default {DEFAULT_PEOPLE}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed: the same seed gives the same data (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the existing organisation (learning data, toolkit, orders, "
            "notifications, services, time shares, units, teams, people and their accounts, "
            "support-person profiles, demo accounts) before seeding.",
        )

    def handle(self, *args, people: int, seed: int, reset: bool, **options) -> None:
        if people < MIN_PEOPLE:
            raise CommandError(f"--people must be at least {MIN_PEOPLE}.")
        try:
            result = seed_demo_organisation(people=people, seed=seed, reset=reset)
        except DemoSeedError as error:
            raise CommandError(str(error)) from error
        if not result.created:
            self.stdout.write(
                f"An organisation is already present ({result.units} units, {result.people} "
                "people); nothing changed. Run seed_demo --reset to replace it."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organisation seeded: {result.units} units, {result.teams} teams, "
                f"{result.people} people, {result.support_persons} support persons, "
                f"{result.services} services, {result.orders} orders ({result.open_orders} "
                f"open), {result.sessions} sessions, {result.time_entries} time entries, "
                f"{result.feedback} feedback answers, {result.learning_resources} learning "
                f"resources, {result.tailored_teams} teams' competence maps, "
                f"{result.recommendations} recommendations in {result.seconds:.1f} s."
            )
        )
        self.stdout.write("Sign-in accounts: manage.py demo_logins")
