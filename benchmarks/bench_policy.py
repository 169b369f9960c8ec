"""Decisions per second of the policy engine (issue target: >= 50,000/s on one core for
pre-parsed documents).

Run: ``python benchmarks/bench_policy.py [--n 200000]``. Prints, for each scenario, the rate
and its ratio to the 50,000/s target:

* ``warm``  — pre-parsed :class:`DocumentFacts` (categories given), a realistic mix of
  documents and dates; repeated (facts, segment) pairs hit the engine's memo, as they do in
  a real registry where most documents look alike;
* ``fresh`` — every decision is for a document the engine has not seen (its facts and
  decision caches are cleared each time); only the compiled rule table's memo of
  (date segment, fact bits) -> outcome is kept — the steady state of a running service;
* ``cold``  — the same, with every cache cleared before each decision: the cost of actually
  evaluating the compiled rules (bit masks) and building the Decision;
* ``classify`` — facts with ``categories=None`` and distinct subjects: the keyword classifier
  runs for every decision (the path of documents that are not pre-parsed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from vndocsign.model import Secrecy, all_document_types
from vndocsign.policy import DocumentFacts, Scope, decide, load_profile

TARGET = 50_000.0


def _facts(rng: random.Random, categories: list[str], n: int) -> list[DocumentFacts]:
    types = list(all_document_types())
    out = []
    for _ in range(n):
        out.append(
            DocumentFacts(
                document_type=rng.choice(types),
                secrecy=rng.choice([None] * 12 + list(Secrecy)),
                draft=rng.random() < 0.15,
                submission=rng.random() < 0.2,
                scope=rng.choice([None, *Scope]),
                categories=frozenset(rng.sample(categories, rng.randint(0, 2))),
            )
        )
    return out


def _dates(rng: random.Random, n: int) -> list[dt.date]:
    start = dt.date(2016, 1, 1).toordinal()
    end = dt.date(2026, 12, 31).toordinal()
    return [dt.date.fromordinal(rng.randint(start, end)) for _ in range(n)]


def _run(label: str, fn, n: int) -> float:  # type: ignore[no-untyped-def]
    """Rate on one core: CPU time of this process (wall time is shown too; on a busy machine
    the two differ because other processes take turns on the core)."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    rate = n / cpu
    print(
        f"{label:<34} {n:>8} decisions  {rate:>10,.0f}/s CPU  x{rate / TARGET:5.2f} of target"
        f"  ({n / wall:,.0f}/s wall)"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--profile", default="quang-ngai")
    args = parser.parse_args()
    rng = random.Random(7)
    profile = load_profile(args.profile)
    engine = profile.engine
    cats = sorted(profile.categories)
    pool = _facts(rng, cats, 5_000)
    days = _dates(rng, 5_000)
    n = args.n
    pairs = [(pool[i % len(pool)], days[(i * 7) % len(days)]) for i in range(n)]

    def warm() -> None:
        for facts, day in pairs:
            decide(facts, profile=profile, at=day)

    def fresh() -> None:
        fcache, dcache = engine._facts_cache, engine._decisions
        for facts, day in pairs:
            fcache.clear()
            dcache.clear()
            decide(facts, profile=profile, at=day)

    def cold() -> None:
        memo, fcache, dcache = engine._memo, engine._facts_cache, engine._decisions
        for facts, day in pairs[: n // 4]:
            memo.clear()
            fcache.clear()
            dcache.clear()
            decide(facts, profile=profile, at=day)

    subjects = [
        "Báo cáo tình hình kinh tế - xã hội tháng {}",
        "V/v phân bổ kinh phí đợt {}",
        "Mời họp giao ban tuần {}",
        "Quyết định bổ nhiệm cán bộ số {}",
        "Lịch công tác tuần {} của lãnh đạo",
        "V/v góp ý dự thảo lần {}",
    ]
    texts = [
        DocumentFacts(document_type="Công văn", subject=rng.choice(subjects).format(i))
        for i in range(n // 10)
    ]

    def classify() -> None:
        engine._decisions.clear()
        engine._facts_cache.clear()
        for i, facts in enumerate(texts):
            decide(facts, profile=profile, at=days[i % len(days)])

    print(
        f"profile {profile.name}: {len(profile.rules)} rules, {len(engine._segments)} date segments"
    )
    warm()  # first pass fills the memo, as a running service would
    rates = {
        "warm": _run("warm (pre-parsed, memo)", warm, n),
        "fresh": _run("fresh (new document each time)", fresh, n),
        "cold": _run("cold (pre-parsed, no cache)", cold, n // 4),
        "classify": _run("classify (subject keywords)", classify, n // 10),
    }
    for key in ("fresh", "cold"):
        verdict = "MET" if rates[key] >= TARGET else "NOT MET"
        print(f"target {TARGET:,.0f}/s for pre-parsed documents ({key}): {verdict}")


if __name__ == "__main__":
    main()
