"""A corpus of synthetic news articles for the scale benchmarks, from templates and the gazetteer.

Real corpora are not ours to ship; copies of the five articles of corpus/ would cache to five
entries and merge into five documents' worth of statements. Every article here is different:
a seeded random generator picks a headline, an author (a gazetteer person or an invented
analyst), a date between 2000 and 2024, an outlet's URL, and 10–15 paragraphs of sentences
built from templates that name gazetteer people, states, organisations, forums, treaties and
topics, and invented people the statistical NER has to find: meetings, sanctions, signings,
memberships, support and opposition, quotes, hedges and, for most of the text as in real
news, plain background. The same
(seed, index) gives the same article, so benchmark runs compare like with like.

    .venv/bin/python bench/synth.py OUT_DIR --count 10000 [--seed 7] [--start 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kg.gazetteer import Gazetteer  # noqa: E402

CITIES = ["Geneva", "Helsinki", "Vienna", "Brussels", "Minsk", "Istanbul", "Doha", "Astana",
          "Reykjavik", "Osaka", "Bali", "Hamburg", "Paris", "Berlin", "London", "Beijing",
          "New Delhi", "Tokyo", "Rome", "Madrid", "Warsaw", "Riga", "Oslo", "Ankara"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
FIRST = ["Marcus", "Elena", "Tomas", "Ingrid", "Pavel", "Leila", "Oren", "Sofia", "Dmitri",
         "Hannah", "Kenji", "Amara", "Viktor", "Clara", "Rafael", "Nadia", "Stefan", "Yara"]
LAST = ["Hollowell", "Varga", "Lindqvist", "Okonkwo", "Petrescu", "Marchetti", "Brandt",
        "Kowalczyk", "Haddad", "Sorensen", "Delacroix", "Nakamura", "Abramov", "Castellano",
        "Whitford", "Ivanescu", "Rahimi", "Falk"]
OUTLETS = ["www.themoscowtimes.com", "www.reuters.com", "www.bbc.co.uk", "www.nytimes.com",
           "www.theguardian.com", "www.aljazeera.com", "www.dw.com", "www.politico.eu"]

HEADLINES = [
    "{p} and {q} Meet as Tensions Rise", "What {s} Wants From {t}",
    "The Future of the {tr}", "Why {s} Should Rethink Its Policy on {topic}",
    "{forum} Faces a Test", "After the Summit in {city}, Hard Questions Remain",
    "Sanctions on {t}: Who Pays the Price?", "{p} Bets on {topic}",
]
SENTENCES = [
    "{p} met {q} in {city} on {weekday}.",
    "{p} held talks with {q} in {city} to discuss {topic}.",
    "During their meeting in {city}, {p} and {q} spoke in favor of cooperation on {topic}.",
    "{s} imposed new sanctions on {t} over its role in the crisis.",
    "{s} and {t} signed the {tr} after months of negotiations.",
    "{s} ratified the {tr} in {year}.",
    "{s} is a member of the {forum}.",
    "{s} chairs the {forum} this year.",
    "{p} said that {s} supports {topic}.",
    "{s} should extend the {tr}, {pe} argued.",
    "Extending the {tr} meets the interests of both {s} and {t}.",
    "{s} opposes {topic}, according to officials in {city}.",
    "The sanctions against {t} were a mistake, {pe} wrote.",
    "\u201cWe must strengthen {topic} with {t},\u201d {p} told reporters in {city}.",
    "{p} could visit {city} in {month} if the talks go well.",
    "If {s} and {t} agree, the {forum} might meet again in {city}.",
    "{pe}, an analyst in {city}, criticized the sanctions on {t}.",
    "Analysts expect {topic} to dominate the agenda in {month}.",
    "{s} and {t} cooperate on {topic} despite their differences.",
    "Officials from {s} and {t} will hold consultations in {city} next {month}.",
    "{p} did not meet {q} during the visit to {city}.",
    "The {forum} brings together {s}, {t} and several other countries.",
    "Few observers in {city} believe {topic} will improve this year.",
    "Markets in {city} fell after {s} announced the measures on {weekday}.",
    "{pe} called the decision by {s} short-sighted and dangerous.",
    "The talks in {city} were described as constructive and useful.",
    "It is imperative to restore dialogue between {s} and {t}, {pe} said.",
    "Trade between {s} and {t} grew by {pct} percent in {year}.",
]
#: Background without a relation or stance, as most of a real article is.
FILLER = [
    "The meeting lasted more than {pct} hours and ended without a joint statement.",
    "Both sides declined to comment on the details of the discussions.",
    "Economists warn that the recovery in {s} remains fragile after a difficult {year}.",
    "The capital was quiet on {weekday}, with few people in the streets near the ministry.",
    "Diplomats in {city} described the atmosphere as businesslike but cool.",
    "The agenda had been agreed weeks in advance by officials of the two foreign ministries.",
    "Journalists waited outside the building for most of the afternoon.",
    "Prices of oil and gas have risen by {pct} percent since {month}.",
    "The government has promised to publish a full report before the end of {month}.",
    "Opinion polls show that voters care more about wages than about foreign policy.",
    "A spokesman said further announcements would follow in due course.",
    "The previous round of talks, held in {city} in {year}, produced no agreement.",
    "Critics say the process has been slow and opaque from the start.",
    "Several smaller delegations arrived late because of bad weather over {city}.",
    "Observers noted that the tone of the statements had softened since {month}.",
    "The ministry's website carried a short summary of the conversation.",
]


class Generator:
    """Articles as text files in the format of corpus/ (title, byline, date, paragraphs)."""

    def __init__(self, seed: int = 7, ontology: Path = ROOT / "ontology") -> None:
        gaz = Gazetteer.load(ontology / "gazetteer")
        by_class: dict[str, list[str]] = {}
        for entry in gaz.entries.values():
            by_class.setdefault(entry.cls, []).append(entry.label)
        self.people = sorted(by_class.get("Person", []))
        self.states = sorted(by_class.get("State", []))
        self.forums = sorted(by_class.get("Forum", []))
        self.treaties = sorted(by_class.get("Treaty", []))
        self.topics = sorted(by_class.get("Topic", []))
        self.seed = seed

    def article(self, index: int) -> tuple[str, str]:
        """(file name, text) of article `index`."""
        rng = random.Random(f"{self.seed}:{index}")
        invented = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)]
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(25 * 365))

        def fill(template: str) -> str:
            p, q = rng.sample(self.people, 2)
            s, t = rng.sample(self.states, 2)
            return template.format(
                p=p, q=q, s=s, t=t, pe=rng.choice(invented + [p]),
                tr=rng.choice(self.treaties), forum=rng.choice(self.forums),
                topic=rng.choice(self.topics), city=rng.choice(CITIES),
                weekday=rng.choice(WEEKDAYS), month=rng.choice(MONTHS),
                year=rng.randrange(1995, 2025), pct=rng.randrange(2, 40))

        author = rng.choice(invented[:1] + self.people[:40])
        lines = [f"# {fill(rng.choice(HEADLINES))}", "", f"By [{author}](#)", "",
                 f"{MONTHS[day.month - 1]} {day.day}, {day.year}", ""]
        for _ in range(rng.randrange(10, 16)):
            lines.append(" ".join(
                fill(rng.choice(SENTENCES if rng.random() < 0.4 else FILLER))
                for _ in range(rng.randrange(2, 5))))
            lines.append("")
        lines.append(f"Source: https://{rng.choice(OUTLETS)}/{day.year}/{index:06d}")
        name = f"syn_{index:06d}_{rng.getrandbits(32):08x}.txt"
        return name, "\n".join(lines) + "\n"

    def write(self, folder: Path, count: int, start: int = 0) -> list[Path]:
        """Write articles start .. start+count-1 into `folder` (existing files are kept)."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for index in range(start, start + count):
            name, text = self.article(index)
            path = folder / name
            if not path.exists():
                path.write_text(text, encoding="utf-8")
            paths.append(path)
        return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    paths = Generator(args.seed).write(args.out, args.count, args.start)
    print(f"wrote {len(paths)} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
