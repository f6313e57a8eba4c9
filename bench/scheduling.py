"""Scheduling quality: FSRS (as quiz runs it) against SM-2 and a Leitner box.

Run:  python bench/scheduling.py [--students N] [--cards N] [--seed N]

The simulated students do not remember the way FSRS assumes. Their memory
follows an exponential forgetting curve, p(recall) = exp(-t / S), with a
strength S per card that

* starts small (0.2-1 day) when the card is first shown, smaller for hard cards
  and weaker students;
* grows after each successful recall by a factor that is larger for easy cards,
  for able students and when the recall was harder (the spacing effect:
  1 + 7.5 · ability · (1 - 0.6 · difficulty) · (1 - R)^0.6, with 20 % noise),
  so re-asking a card a minute later helps little;
* falls after a failure to 0.35 · S plus a fresh encoding (the student is shown
  the answer).

Each card is followed for a year from the day it is first shown; the student
studies once a day (learning steps shorter than half a day happen the same
day). A review is right with probability p(recall) at that moment. Ratings are
quiz's: right is Good, wrong is Again; the first showing counts as a review
(the student does not know the card yet).

The schedulers:
* FSRS through ``quizdeck.scheduler.Scheduler`` (py-fsrs 6, default
  parameters, learning steps 1 and 10 minutes, fuzz off so runs repeat); the
  knob is the desired retention (0.70-0.99, what ``quiz config`` allows);
* the same without learning and relearning steps (``quiz config set
  learning_steps none``, and the same for ``relearning_steps``);
* SM-2 (SuperMemo 2: 1 day, 6 days, then the interval times the E-factor;
  quality 4 for right, 1 for wrong); the knob multiplies every interval;
* Leitner: boxes of 1, 2, 4, 8, 16, 32 and 64 days, right moves a card up
  one box and wrong back to the first; the knob multiplies every interval.

Figures: reviews per card in the year, average recall over the year (the
chance that the student would know the card at a random moment: the area
under p(recall), divided by 365 days) and the share of reviews answered right.
Each scheduler is run at its default setting and at N settings of its knob
(short to long intervals). Tables: the defaults; the fewest reviews with which
each holds 90 % average recall; the best recall each reaches with no more
reviews than FSRS needed for that. Seeded; runs in well under two minutes.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from quizdeck.model import Rating
from quizdeck.scheduler import Memory, Scheduler, SchedulerSettings

HORIZON = 365.0  # days
SESSION = 0.4  # the student studies each day at this time of day (≈ 09:36)
TARGET_RECALL = 0.90
BASE = datetime(2026, 1, 1, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- the students


@dataclass(frozen=True)
class CardTruth:
    """What the simulation knows and the schedulers do not: how one student holds one card."""

    seed: int
    ability: float  # the student's: ~1, higher learns faster
    difficulty: float  # the card's: 0 easy .. 1 hard
    first_strength: float  # days


def population(students: int, cards: int, seed: int) -> list[CardTruth]:
    rng = random.Random(seed)
    truths = []
    for _ in range(students):
        ability = rng.lognormvariate(0.0, 0.25)
        for _ in range(cards):
            difficulty = rng.betavariate(2.0, 2.0)
            first = 0.6 * ability * math.exp(-1.2 * difficulty) * rng.lognormvariate(0.0, 0.3)
            truths.append(CardTruth(rng.getrandbits(64), ability, difficulty, first))
    return truths


@dataclass
class Student:
    """One card in one student's head."""

    truth: CardTruth
    strength: float = 0.0
    last: float = 0.0
    encodings: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.truth.seed)

    def recall_chance(self, now: float) -> float:
        return math.exp(-(now - self.last) / self.strength)

    def area(self, until: float) -> float:
        """The integral of p(recall) from the last review to ``until``."""
        return self.strength * (1.0 - math.exp(-(until - self.last) / self.strength))

    def show(self, now: float) -> None:
        """The student sees the answer (first showing, or after a failure)."""
        fresh = self.truth.first_strength * (1.0 + 0.5 * self.encodings)
        self.strength = fresh + (0.35 * self.strength if self.encodings else 0.0)
        self.encodings += 1
        self.last = now

    def review(self, now: float) -> bool:
        chance = self.recall_chance(now)
        right = self.rng.random() < chance
        if right:
            truth = self.truth
            gain = 7.5 * truth.ability * (1.0 - 0.6 * truth.difficulty) * (1.0 - chance) ** 0.6
            self.strength *= 1.0 + gain * self.rng.lognormvariate(0.0, 0.2)
            self.last = now
        else:
            self.show(now)
        return right


# --------------------------------------------------------------------------- the schedulers


class Policy:
    """A scheduler for one card: the interval (days) after the first showing and each review."""

    def first(self, now: float) -> float:
        raise NotImplementedError

    def review(self, now: float, right: bool) -> float:
        raise NotImplementedError


class FsrsPolicy(Policy):
    """quiz's scheduler; the first showing is rated Again, as a new card answered wrong."""

    def __init__(self, scheduler: Scheduler) -> None:
        self.scheduler = scheduler
        self.memory: Memory | None = None

    def _rate(self, now: float, rating: Rating) -> float:
        moment = BASE + timedelta(days=now)
        self.memory = self.scheduler.review(self.memory, rating, moment)
        return (self.memory.due - moment).total_seconds() / 86400

    def first(self, now: float) -> float:
        return self._rate(now, Rating.AGAIN)

    def review(self, now: float, right: bool) -> float:
        return self._rate(now, Rating.GOOD if right else Rating.AGAIN)


class Sm2Policy(Policy):
    """SuperMemo 2, with every interval multiplied by ``scale``."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.repetitions = 0
        self.factor = 2.5
        self.interval = 0.0

    def first(self, now: float) -> float:
        self.interval = 1.0
        return self.scale * self.interval

    def review(self, now: float, right: bool) -> float:
        quality = 4 if right else 1
        if right:
            if self.repetitions == 0:
                self.interval = 1.0
            elif self.repetitions == 1:
                self.interval = 6.0
            else:
                self.interval = round(self.interval * self.factor)
            self.repetitions += 1
        else:
            self.repetitions = 0
            self.interval = 1.0
        miss = 5 - quality
        self.factor = max(1.3, self.factor + 0.1 - miss * (0.08 + miss * 0.02))
        return self.scale * self.interval


class LeitnerPolicy(Policy):
    """Seven boxes; right moves up one box, wrong back to the first."""

    BOXES = (1, 2, 4, 8, 16, 32, 64)

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.box = 0

    def first(self, now: float) -> float:
        self.box = 0
        return self.scale * self.BOXES[0]

    def review(self, now: float, right: bool) -> float:
        self.box = min(self.box + 1, len(self.BOXES) - 1) if right else 0
        return self.scale * self.BOXES[self.box]


# --------------------------------------------------------------------------- the simulation


def next_time(now: float, interval: float) -> float:
    """When the review happens: the same day for short steps, else at a daily session."""
    if interval < 0.5:
        return now + interval
    day = max(math.floor(now - SESSION) + 1, round(now + interval - SESSION))
    return day + SESSION


@dataclass(frozen=True)
class Result:
    reviews: float  # per card in the year
    recall: float  # average chance of recall over the year
    right: float  # share of reviews (after the first showing) answered right


def simulate(truths: list[CardTruth], make: Callable[[], Policy]) -> Result:
    reviews = right = asked = 0
    area = 0.0
    for truth in truths:
        student, policy = Student(truth), make()
        now = SESSION
        student.show(now)
        reviews += 1
        due = next_time(now, policy.first(now))
        while due < HORIZON + SESSION:
            area += student.area(due)
            ok = student.review(due)
            reviews += 1
            asked += 1
            right += ok
            now, due = due, next_time(due, policy.review(due, ok))
        area += student.area(HORIZON + SESSION)
    count = len(truths)
    return Result(reviews / count, area / (HORIZON * count), right / asked if asked else 0.0)


@dataclass(frozen=True)
class Algorithm:
    name: str
    knob: str
    low: float
    high: float
    default: float
    log: bool  # search the knob on a log scale
    make: Callable[[float], Callable[[], Policy]]


def fsrs_maker(retention: float) -> Callable[[], Policy]:
    scheduler = Scheduler(SchedulerSettings(desired_retention=retention, fuzz=False))
    return lambda: FsrsPolicy(scheduler)


def fsrs_no_steps_maker(retention: float) -> Callable[[], Policy]:
    """FSRS with ``quiz config set learning_steps none`` and ``relearning_steps none``."""
    settings = SchedulerSettings(
        desired_retention=retention, learning_steps=(), relearning_steps=(), fuzz=False
    )
    scheduler = Scheduler(settings)
    return lambda: FsrsPolicy(scheduler)


ALGORITHMS = (
    Algorithm("FSRS (quiz)", "desired retention", 0.70, 0.99, 0.90, False, fsrs_maker),
    Algorithm("FSRS, no steps", "desired retention", 0.70, 0.99, 0.90, False, fsrs_no_steps_maker),
    Algorithm("SM-2", "interval ×", 0.05, 8.0, 1.0, True, lambda s: lambda: Sm2Policy(s)),
    Algorithm("Leitner", "interval ×", 0.05, 8.0, 1.0, True, lambda s: lambda: LeitnerPolicy(s)),
)


Run = tuple[float, Result]

#: The desired-retention values shown side by side (quiz allows 0.70-0.99).
RETENTION_SETTINGS = (0.80, 0.85, 0.90, 0.95)


def sweep(algorithm: Algorithm, truths: list[CardTruth], points: int) -> list[Run]:
    """The algorithm at ``points`` settings of its knob, evenly spread over its range."""
    low, high = algorithm.low, algorithm.high
    shares = [i / (points - 1) for i in range(points)]
    if algorithm.log:
        values = [low * (high / low) ** share for share in shares]
    else:
        values = [low + (high - low) * share for share in shares]
    return [(value, simulate(truths, algorithm.make(value))) for value in values]


def cheapest(runs: list[Run], recall: float) -> Run:
    """The setting with the fewest reviews among those holding ``recall`` (else the best recall)."""
    holding = [run for run in runs if run[1].recall >= recall]
    if not holding:
        return max(runs, key=lambda run: run[1].recall)
    return min(holding, key=lambda run: run[1].reviews)


def best_within(runs: list[Run], reviews: float) -> Run:
    """The setting with the highest recall among those costing at most ``reviews``."""
    affordable = [run for run in runs if run[1].reviews <= reviews * 1.005]
    if not affordable:
        return min(runs, key=lambda run: run[1].reviews)
    return max(affordable, key=lambda run: run[1].recall)


def knob_text(algorithm: Algorithm, value: float) -> str:
    return f"{algorithm.knob} {value:.3f}" if not algorithm.log else f"{algorithm.knob}{value:.2f}"


def table(title: str, rows: list[tuple[Algorithm, float, Result]], base: Result) -> None:
    print()
    print(title)
    print(
        f"  {'scheduler':<15} {'setting':<24} {'reviews/card':>12} {'vs FSRS':>8} "
        f"{'avg recall':>10} {'right at review':>15}"
    )
    for algorithm, value, result in rows:
        print(
            f"  {algorithm.name:<15} {knob_text(algorithm, value):<24} {result.reviews:>12.1f} "
            f"{result.reviews / base.reviews:>7.2f}× {result.recall:>9.1%} {result.right:>15.1%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--cards", type=int, default=20, help="cards per student")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--points", type=int, default=24, help="settings tried per scheduler")
    args = parser.parse_args()
    started = time.perf_counter()
    truths = population(args.students, args.cards, args.seed)
    print(
        f"{args.students} students × {args.cards} cards = {len(truths)} cards, each followed "
        f"for {HORIZON:.0f} days; seed {args.seed}; Python {sys.version.split()[0]}"
    )

    defaults = [(a, a.default, simulate(truths, a.make(a.default))) for a in ALGORITHMS]
    table("At their default settings:", defaults, defaults[0][2])

    # What a student can set: the desired retention, with and without learning steps.
    fsrs_kinds = [a for a in ALGORITHMS if a.name.startswith("FSRS")]
    knobs = [
        (a, value, simulate(truths, a.make(value)))
        for a in fsrs_kinds
        for value in RETENTION_SETTINGS
    ]
    table(
        "Desired retention, with and without learning steps (both are quiz config settings):",
        knobs,
        defaults[0][2],
    )

    # Each scheduler over a range of its knob; then the best setting for each question.
    runs = {a.name: sweep(a, truths, args.points) for a in ALGORITHMS}
    held = [(a, *cheapest(runs[a.name], TARGET_RECALL)) for a in ALGORITHMS]
    table(
        f"The fewest reviews that hold {TARGET_RECALL:.0%} average recall over the year "
        f"(best of {args.points} settings each):",
        held,
        held[0][2],
    )

    work = held[0][2].reviews
    equal = [(a, *best_within(runs[a.name], work)) for a in ALGORITHMS]
    table(
        f"The best average recall for at most {work:.1f} reviews per card (FSRS's work above):",
        equal,
        equal[0][2],
    )
    print()
    print(f"simulated in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
