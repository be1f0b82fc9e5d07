"""Micro-benchmark: kipina.matching.rank() over 10 000 candidates for one order.

    .venv/bin/python bench/micro/matching.py

Builds 10 000 random support persons with a fixed seed, shaped like a large organisation's
(a four-level unit tree, a year's approved allocation with monthly budgets, some absences,
varied skills, roles, scopes and delivery modes) so that about 60 % pass the hard rules, then
times rank() RUNS times. Prints p50 / p95 / max, the same for an order nobody has the hours
for (the worst case for rank()'s lazy time checks), and, as the last line, the figures as JSON:

    {"matching.rank_10000.p50_ms": ..., "matching.rank_10000.p95_ms": ...}

`make bench` runs it with the other micro-benchmarks (bench/run.py); the figure does not depend
on the database, so under BENCH_DB=postgres it only prints {}. BENCH_QUICK=1 runs fewer times.
"""

import dataclasses
import gc
import json
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kipina.matching import (  # noqa: E402
    Candidate,
    DeliveryMode,
    MonthBudget,
    Need,
    Period,
    ServiceScope,
    rank,
    violations,
)

SEED = 20261
CANDIDATES = 10_000
RUNS = 200
QUICK_RUNS = 40
WARMUP_RUNS = 5
YEAR = 2026

SKILLS = [f"skill_{number:02}" for number in range(24)]
ROLES = ["agent", "coach", "designer", "career_coach", "agile", "lean", "change", "hacker"]
LANGUAGES = ["fi", "sv", "en"]


def unit_tree() -> list[tuple[int, ...]]:
    """Paths of every unit under one root: 8 divisions × 6 units × 4 sub-units."""
    paths: list[tuple[int, ...]] = []
    next_id = 2
    root = (1,)
    for _division in range(8):
        division = (*root, next_id)
        next_id += 1
        for _unit in range(6):
            unit = (*division, next_id)
            next_id += 1
            paths.append(unit)
            for _sub in range(4):
                paths.append((*unit, next_id))
                next_id += 1
    return paths


def year_months() -> list[date]:
    return [date(YEAR, month, 1) for month in range(1, 13)]


def make_need(units: list[tuple[int, ...]]) -> Need:
    return Need(
        service_id=7,
        required_skills=frozenset({"lean_tools"}),
        eligible_roles=frozenset(ROLES[:7]),
        required_trainings=frozenset({"basics"}),
        hours=6.0,
        team_id=units[100][-1] * 10,
        unit_path=units[100],
        language="fi",
        onsite=False,
        earliest=date(YEAR, 11, 1),
        latest=date(YEAR, 12, 31),
    )


def make_candidate(rng: random.Random, person_id: int, units: list[tuple[int, ...]]) -> Candidate:
    unit_path = rng.choice(units)
    skills = set(rng.sample(SKILLS, rng.randint(2, 6)))
    if rng.random() < 0.95:
        skills.add("lean_tools")
    roles = frozenset(rng.sample(ROLES, rng.choice((1, 1, 2))))
    trainings = frozenset({"basics", "facilitation"} if rng.random() < 0.98 else {"facilitation"})
    languages = {"fi"} if rng.random() < 0.92 else {"sv"}
    if rng.random() < 0.3:
        languages.add("en")
    scope = rng.choices(
        (ServiceScope.ORGANISATION, ServiceScope.OWN_UNIT, ServiceScope.OWN_TEAM),
        weights=(90, 7, 3),
    )[0]
    mode = rng.choices(
        (DeliveryMode.BOTH, DeliveryMode.REMOTE, DeliveryMode.ONSITE), weights=(82, 13, 5)
    )[0]

    # Most have the year approved, some in two halves; a few stopped before the window.
    shape = rng.random()
    allocations: tuple[Period, ...]
    if shape < 0.06:
        allocations = (Period(date(YEAR, 1, 1), date(YEAR, 9, 30)),)
    elif shape < 0.3:
        allocations = (
            Period(date(YEAR, 1, 1), date(YEAR, 6, 30)),
            Period(date(YEAR, 7, 1), date(YEAR, 12, 31)),
        )
    else:
        allocations = (Period(date(YEAR, 1, 1), date(YEAR, 12, 31)),)
    last_month = allocations[-1].end.month
    months = []
    for month in year_months()[:last_month]:
        budget = round(rng.uniform(12.0, 17.0), 1)
        booked = round(rng.uniform(0.0, 0.8 * budget) if rng.random() < 0.9 else budget, 1)
        months.append(MonthBudget(month, budget, booked))

    unavailable: tuple[Period, ...] = ()
    absence = rng.random()
    if absence < 0.04:  # on leave over the whole window
        unavailable = (Period(date(YEAR, 10, 15), date(YEAR + 1, 1, 31)),)
    elif absence < 0.2:  # a week or two away somewhere in the autumn
        start = date(YEAR, rng.randint(9, 12), rng.randint(1, 15))
        unavailable = (Period(start, start.replace(day=start.day + rng.randint(5, 13))),)

    return Candidate(
        id=person_id,
        team_id=unit_path[-1] * 10 + rng.randint(0, 2),
        unit_path=unit_path,
        skills=frozenset(skills),
        roles=roles,
        trainings=trainings,
        languages=frozenset(languages),
        scope=scope,
        mode=mode,
        allocations=allocations,
        months=tuple(months),
        unavailable=unavailable,
        load_ratio=round(rng.uniform(0.0, 1.2), 2),
        months_since_last_order=None if rng.random() < 0.2 else round(rng.uniform(0, 12), 1),
        team_orders=rng.choice((0, 0, 0, 0, 0, 0, 1, 2)),
        service_rating=None if rng.random() < 0.5 else round(rng.uniform(2.0, 5.0), 1),
        service_ratings=rng.randint(1, 12),
    )


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks, as bench/run.py does."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def time_rank(need: Need, candidates: list[Candidate], runs: int) -> list[float]:
    """Milliseconds per rank() call, after a warm-up and with the garbage collector settled."""
    for _ in range(WARMUP_RUNS):
        rank(need, candidates)
    gc.collect()
    timings_ms = []
    for _ in range(runs):
        started = time.perf_counter_ns()
        rank(need, candidates)
        timings_ms.append((time.perf_counter_ns() - started) / 1e6)
    return timings_ms


def main() -> None:
    if os.environ.get("BENCH_DB", "sqlite") != "sqlite":
        print("{}")  # the same figure for every database: reported once, with sqlite
        return
    runs = QUICK_RUNS if os.environ.get("BENCH_QUICK", "0") == "1" else RUNS
    rng = random.Random(SEED)
    units = unit_tree()
    need = make_need(units)
    candidates = [make_candidate(rng, person_id, units) for person_id in range(1, CANDIDATES + 1)]
    eligible = sum(1 for candidate in candidates if not violations(need, candidate))
    assert len(rank(need, candidates)) == 10

    timings_ms = time_rank(need, candidates, runs)
    p50, p95 = statistics.median(timings_ms), percentile(timings_ms, 0.95)
    print(
        f"rank(): {CANDIDATES} candidates, {eligible} eligible ({eligible / CANDIDATES:.0%}), "
        f"{runs} runs: p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {max(timings_ms):.2f} ms "
        f"({p50 * 1000 / CANDIDATES:.2f} µs per candidate at p50)"
    )
    # The worst case for the lazy time checks: nobody has the hours, so every candidate who
    # passes the person rules has their periods and months checked. Printed, not recorded.
    greedy = dataclasses.replace(need, hours=40.0)
    assert rank(greedy, candidates) == []
    worst_ms = time_rank(greedy, candidates, max(runs // 4, 10))
    print(
        f"rank() when nobody has the hours: p50 {statistics.median(worst_ms):.2f} ms, "
        f"p95 {percentile(worst_ms, 0.95):.2f} ms"
    )
    print(
        json.dumps(
            {
                "matching.rank_10000.p50_ms": round(p50, 3),
                "matching.rank_10000.p95_ms": round(p95, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
