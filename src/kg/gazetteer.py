"""The gazetteer: the curated entities of the domain, read from `ontology/gazetteer/*.toml`.

Every entity the pipeline can name with certainty lives here: its stable id (which becomes
its IRI), canonical label, the surface forms that name it, and the facts other stages reason
with (who held which office when, which states a treaty binds, where and when a summit was).
Curated names beat statistical NER for precision, so the loader is strict: a file that would
make one name point at two entities, or an office date that cannot be read, is an error that
names the file and the entry, not a silent guess at build time.

File format (one `[[entity]]` table per entity, any number of files)::

    [[entity]]
    id = "vladimir-putin"
    label = "Vladimir Putin"
    class = "Person"
    aliases = ["Putin"]
    wikidata = "Q7747"
    roles = [{ role = "president", of = "russia", start = "2012-05-07" }]

and, in `roles.toml`, one `[[role]]` table per office (`id`, `titles`, `leads`, `kind`).

Dates are ISO days ("2018-07-16"); a role's start or end may also be a month ("2011-02") or a
year ("2011") where the day is not known. A role is held from `start` up to, not including,
`end` (the day the successor takes office), so a transition day has exactly one holder.
"""

from __future__ import annotations

import calendar
import datetime
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

__all__ = [
    "CLASSES",
    "ROLE_KINDS",
    "TOP_CLASS",
    "Entry",
    "Gazetteer",
    "GazetteerError",
    "Role",
    "RoleDef",
    "normalize",
]

#: The scored "top" class of every class a gazetteer entry may have: the Organization
#: subclasses are scored (and matched) as Organization.
TOP_CLASS: dict[str, str] = {
    "Person": "Person",
    "State": "State",
    "Organization": "Organization",
    "Legislature": "Organization",
    "GovernmentBody": "Organization",
    "InternationalOrganization": "Organization",
    "ThinkTank": "Organization",
    "NewsOutlet": "Organization",
    "PoliticalParty": "Organization",
    "Treaty": "Treaty",
    "Forum": "Forum",
    "Event": "Event",
    "Topic": "Topic",
}
CLASSES = frozenset(TOP_CLASS)
ROLE_KINDS = frozenset({"head-of-state", "head-of-government", "foreign-minister", "official"})

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_QID = re.compile(r"^Q[1-9]\d*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u00a0": " ",
})
_POSSESSIVE = re.compile(r"(?<=\w)'s$")
#: Words before a title that do not change the office ("former U.S. President").
_TITLE_PREFIXES = ("former ", "acting ", "then-", "then ", "current ", "incumbent ",
                   "outgoing ", "incoming ", "interim ")

#: Keys an `[[entity]]` table may have; anything else is a typo worth failing on.
_LIST_KEYS = ("aliases", "metonyms", "demonyms", "weak_aliases", "requires", "domains",
              "parties", "members", "participants")
_ENTITY_KEYS = frozenset({"id", "label", "class", "wikidata", "roles", "of", "signed", "date",
                          "place", "historical", *_LIST_KEYS})
_ROLE_KEYS = frozenset({"role", "of", "start", "end"})
_ROLEDEF_KEYS = frozenset({"id", "titles", "leads", "kind"})


#: Entries of `Gazetteer.role_by_title`'s memo (a few MB at most).
_ROLE_MEMO_LIMIT = 1 << 15


class GazetteerError(ValueError):
    """The gazetteer data is invalid; the message names the file, the entry and the problem."""


def normalize(name: str) -> str:
    """The form names are compared in: how two spellings of one name become equal.

    Case, accents, curly quotes and dash variants, runs of spaces, a leading "the" and a
    trailing possessive "'s" do not distinguish names ("the Kremlin's", "Kremlin"), so they
    are folded; everything else (dots in "U.S.", hyphens) is kept.
    """
    text = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(text.split())
    text = _POSSESSIVE.sub("", text)
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass(frozen=True)
class Role:
    """An office held by a person: `role` (a roles.toml id) of `of` (an entry id).

    `start`/`end` of None mean "since before anything we record" and "still held".
    """

    role: str
    of: str
    start: datetime.date | None
    end: datetime.date | None

    def active_on(self, day: datetime.date) -> bool:
        """Held on `day`: from `start` up to, not including, `end` (the successor's first day)."""
        if self.start is not None and day < self.start:
            return False
        return self.end is None or day < self.end


@dataclass(frozen=True)
class RoleDef:
    """An office as a vocabulary item.

    `leads` says that holding it means heading the role's `of` entity (a president heads the
    state, a chair the body); it is false where `of` is only the state served (a foreign
    minister does not lead Russia). `kind` groups offices for reasoning about pairs of
    leaders: head-of-state, head-of-government, foreign-minister or official.
    """

    id: str
    titles: tuple[str, ...]
    leads: bool
    kind: str


@dataclass(frozen=True)
class Entry:
    """One entity of the gazetteer.

    `date` is an event's date or a treaty's signing date (`signed` in the files); `place` is
    where an event happened, as the name articles use for it ("Helsinki").
    """

    id: str
    label: str
    cls: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    metonyms: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    of: str | None = None
    domains: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    date: datetime.date | None = None
    place: str | None = None
    historical: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """Label and aliases: the forms that always name this entity (not metonyms,
        demonyms or weak aliases, which name it only in some contexts)."""
        return tuple(dict.fromkeys((self.label, *self.aliases)))

    @property
    def top_class(self) -> str:
        return TOP_CLASS[self.cls]


@dataclass
class Gazetteer:
    """All entries and role definitions, with the indexes lookups need."""

    entries: dict[str, Entry]
    roles: dict[str, RoleDef]
    _names: dict[str, str] = field(init=False, repr=False)
    _demonyms: dict[str, str] = field(init=False, repr=False)
    _domains: dict[str, str] = field(init=False, repr=False)
    _titles: dict[str, str] = field(init=False, repr=False)
    _qualifiers: frozenset[str] = field(init=False, repr=False)
    _holders: dict[tuple[str, str], list[tuple[Role, str]]] = field(init=False, repr=False)
    #: `role_by_title` answers by title: a pure function of the data, asked for every noun
    #: chunk of every article, of the same few thousand phrases again and again
    _role_memo: dict[str, RoleDef | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._names, self._demonyms, self._domains, self._titles = {}, {}, {}, {}
        self._role_memo = {}
        self._holders = {}
        qualifiers: set[str] = set()
        for entry in self.entries.values():
            for name in entry.names:
                self._names.setdefault(normalize(name), entry.id)
            for word in entry.demonyms:
                self._demonyms.setdefault(normalize(word), entry.id)
            for host in entry.domains:
                self._domains.setdefault(host.lower(), entry.id)
            if entry.top_class in ("State", "Organization"):
                qualifiers.update(normalize(n) for n in
                                  (*entry.names, *entry.metonyms, *entry.demonyms))
            for role in entry.roles:
                self._holders.setdefault((role.role, role.of), []).append((role, entry.id))
        for rdef in self.roles.values():
            for title in rdef.titles:
                self._titles.setdefault(normalize(title), rdef.id)
        self._qualifiers = frozenset(qualifiers)
        for held in self._holders.values():
            held.sort(key=lambda h: (h[0].start or datetime.date.min, h[1]))

    # -- loading ------------------------------------------------------------------------
    @classmethod
    def load(cls, directory: str | os.PathLike) -> Gazetteer:
        """Read and validate every `*.toml` file in `directory` (in name order)."""
        folder = Path(directory)
        if not folder.is_dir():
            raise GazetteerError(f"{folder}: gazetteer directory not found")
        files = sorted(folder.glob("*.toml"))
        if not files:
            raise GazetteerError(f"{folder}: no *.toml files in the gazetteer directory")
        reader = _Reader()
        for path in files:
            reader.read(path)
        return reader.finish()

    # -- queries ------------------------------------------------------------------------
    def get(self, id: str) -> Entry:  # noqa: A002 - the API's name
        """The entry with this id; KeyError when there is none (ids come from our own data)."""
        return self.entries[id]

    def lookup(self, name: str) -> Entry | None:
        """The entry a label or alias names ("Biden's", "the United States"), if any.

        Metonyms ("the Kremlin"), demonyms and weak aliases are deliberately not resolved:
        whether they name the entity depends on context the caller has.
        """
        eid = self._names.get(normalize(name))
        return self.entries[eid] if eid is not None else None

    def holders(self, role: str, of: str, on: datetime.date | None = None) -> list[Entry]:
        """Who held `role` of `of` on day `on` (every holder, in order of taking office,
        when `on` is None)."""
        out: dict[str, Entry] = {}
        for held, eid in self._holders.get((role, of), ()):
            if on is None or held.active_on(on):
                out.setdefault(eid, self.entries[eid])
        return list(out.values())

    def by_domain(self, host: str) -> Entry | None:
        """The outlet publishing at `host` ("www.themoscowtimes.com", or a whole URL):
        the host and then each parent domain are tried, so subdomains need no listing."""
        host = host.strip().lower()
        if "://" in host:
            from urllib.parse import urlsplit

            host = urlsplit(host).hostname or ""
        host = host.split("/", 1)[0].split(":", 1)[0].rstrip(".")
        labels = host.split(".")
        for i in range(len(labels) - 1):
            eid = self._domains.get(".".join(labels[i:]))
            if eid is not None:
                return self.entries[eid]
        return None

    def state_by_demonym(self, word: str) -> Entry | None:
        """The state an adjective or people-noun names ("Russian", "Americans", "Soviet")."""
        key = normalize(word)
        eid = self._demonyms.get(key)
        if eid is None and key.endswith("s"):
            eid = self._demonyms.get(key[:-1])
        return self.entries[eid] if eid is not None else None

    def role_by_title(self, title: str) -> RoleDef | None:
        """The office a title names: "President", "the U.S. president", "Russian Foreign
        Minister", "former Secretary of State", "President of the United States".

        Qualifiers naming a state or organization, before the title or after "of", are
        stripped, since they say whose office it is, not which office.
        """
        memo = self._role_memo
        if title not in memo:
            if len(memo) >= _ROLE_MEMO_LIMIT:
                memo.clear()
            memo[title] = self._role_by_title(title)
        return memo[title]

    def _role_by_title(self, title: str) -> RoleDef | None:
        key = normalize(title)
        changed = True
        while changed:
            changed = False
            for prefix in _TITLE_PREFIXES:
                if key.startswith(prefix):
                    key, changed = key[len(prefix):].strip(), True
            if key.startswith("the "):
                key, changed = key[4:], True
        if key in self._titles:
            return self.roles[self._titles[key]]
        words = key.split()
        for k in range(1, len(words)):
            head, rest = " ".join(words[:k]), " ".join(words[k:])
            if _POSSESSIVE.sub("", head) in self._qualifiers and rest in self._titles:
                return self.roles[self._titles[rest]]
        # "Minister of Foreign Affairs of the Russian Federation": the title is the longest
        # part before an "of"/"for" that is a known title.
        for match in reversed(list(re.finditer(r" (?:of|for) ", key))):
            head = key[:match.start()]
            if head in self._titles:
                return self.roles[self._titles[head]]
        return None


class _Reader:
    """Reads gazetteer files one by one, then validates what refers across them."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.roles: dict[str, RoleDef] = {}
        self.source: dict[str, str] = {}  # entry id -> file it came from
        self.role_source: dict[str, str] = {}
        self.surface: dict[str, tuple[str, str]] = {}  # normalised name -> (entry id, form)
        self.titles: dict[str, str] = {}  # normalised title -> role id
        self.qids: dict[str, str] = {}
        self.hosts: dict[str, str] = {}

    # -- files --------------------------------------------------------------------------
    def read(self, path: Path) -> None:
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise GazetteerError(f"{path}: invalid TOML: {exc}") from None
        unknown = set(data) - {"entity", "role"}
        if unknown:
            raise GazetteerError(f"{path}: unknown top-level key(s) {sorted(unknown)}; "
                                 "expected [[entity]] or [[role]] tables")
        for kind, parse in (("role", self._role), ("entity", self._entity)):
            tables = data.get(kind, [])
            if not isinstance(tables, list):
                raise GazetteerError(f"{path}: '{kind}' must be an array of tables [[{kind}]]")
            for n, table in enumerate(tables, 1):
                if not isinstance(table, dict):
                    raise GazetteerError(f"{path}: {kind} #{n}: not a table")
                parse(path, n, table)

    def _role(self, path: Path, n: int, t: dict[str, Any]) -> None:
        rid = t.get("id")
        where = _Where(path, rid if isinstance(rid, str) else f"role #{n}")
        where.check_keys(t, _ROLEDEF_KEYS)
        if not isinstance(rid, str) or not _SLUG.match(rid):
            where.fail(f"role id {rid!r} is not a lowercase slug (a-z, 0-9, hyphens)")
        if rid in self.roles:
            where.fail(f"duplicate role id (first defined in {self.role_source[rid]})")
        titles = where.strings(t, "titles")
        if not titles:
            where.fail("a role needs at least one title")
        leads = t.get("leads", False)
        if not isinstance(leads, bool):
            where.fail("'leads' must be true or false")
        kind = t.get("kind", "official")
        if kind not in ROLE_KINDS:
            where.fail(f"unknown role kind {kind!r} (expected one of {sorted(ROLE_KINDS)})")
        for title in titles:
            key = normalize(title)
            other = self.titles.setdefault(key, rid)
            if other != rid:
                where.fail(f"title {title!r} is also a title of role '{other}'")
        self.roles[rid] = RoleDef(rid, titles, leads, kind)
        self.role_source[rid] = str(path)

    def _entity(self, path: Path, n: int, t: dict[str, Any]) -> None:
        eid = t.get("id")
        where = _Where(path, eid if isinstance(eid, str) else f"entity #{n}")
        if not isinstance(eid, str) or not _SLUG.match(eid):
            where.fail(f"id {eid!r} is not a lowercase slug (a-z, 0-9, single hyphens)")
        where.check_keys(t, _ENTITY_KEYS)
        if eid in self.entries:
            where.fail(f"duplicate id (first defined in {self.source[eid]})")
        label = t.get("label")
        if not isinstance(label, str) or not label.strip():
            where.fail("missing label")
        cls = t.get("class")
        if cls not in CLASSES:
            where.fail(f"unknown class {cls!r} (expected one of {sorted(CLASSES)})")
        lists = {key: where.strings(t, key) for key in _LIST_KEYS}
        wikidata = t.get("wikidata")
        if wikidata is not None:
            if not isinstance(wikidata, str) or not _QID.match(wikidata):
                where.fail(f"wikidata {wikidata!r} is not a Wikidata item id like 'Q7747'")
            other = self.qids.setdefault(wikidata, eid)
            if other != eid:
                where.fail(f"wikidata {wikidata} is also given to '{other}'")
        of = t.get("of")
        if of is not None and not isinstance(of, str):
            where.fail("'of' must be an entry id")
        place = t.get("place")
        if place is not None and (not isinstance(place, str) or not place.strip()):
            where.fail("'place' must be a non-empty string")
        historical = t.get("historical", False)
        if not isinstance(historical, bool):
            where.fail("'historical' must be true or false")
        if "signed" in t and "date" in t:
            where.fail("give either 'signed' (treaties) or 'date' (events), not both")
        day = where.day(t.get("signed", t.get("date")), "signed" if "signed" in t else "date")
        roles = tuple(self._held(where, r) for r in where.tables(t, "roles"))
        for host in lists["domains"]:
            if not _HOST.match(host):
                where.fail(f"domain {host!r} is not a lower-case host name")
            other = self.hosts.setdefault(host, eid)
            if other != eid:
                where.fail(f"domain {host!r} is also given to '{other}'")
        forms = [label, *lists["aliases"], *lists["metonyms"], *lists["demonyms"],
                 *lists["weak_aliases"]]
        for form in forms:
            key = normalize(form)
            if not key:
                where.fail(f"empty name {form!r}")
            owner, first = self.surface.setdefault(key, (eid, form))
            if owner != eid:
                where.fail(f"name {form!r} collides with {first!r} of '{owner}' "
                           f"(in {self.source[owner]})")
        self.entries[eid] = Entry(
            id=eid, label=label, cls=cls, wikidata=wikidata, roles=roles, of=of, date=day,
            place=place, historical=historical, **lists,
        )
        self.source[eid] = str(path)

    def _held(self, where: _Where, t: dict[str, Any]) -> Role:
        where.check_keys(t, _ROLE_KEYS, what="role")
        role, of = t.get("role"), t.get("of")
        if not isinstance(role, str) or not isinstance(of, str):
            where.fail(f"a role needs 'role' and 'of' ids: {t!r}")
        start = where.day(t.get("start"), f"{role} start")
        end = where.day(t.get("end"), f"{role} end", last=True)
        if start is not None and end is not None and start > end:
            where.fail(f"role {role} of {of}: start {start} is after end {end}")
        return Role(role, of, start, end)

    # -- cross references ---------------------------------------------------------------
    def finish(self) -> Gazetteer:
        for eid, entry in self.entries.items():
            where = _Where(Path(self.source[eid]), eid)
            refs: list[tuple[str, Iterable[str]]] = [
                ("of", [entry.of] if entry.of else []),
                ("parties", entry.parties), ("members", entry.members),
                ("participants", entry.participants), ("requires", entry.requires),
                ("roles.of", [r.of for r in entry.roles]),
            ]
            for key, ids in refs:
                for ref in ids:
                    if ref not in self.entries:
                        where.fail(f"'{key}' refers to unknown id '{ref}'")
                    if ref == eid:
                        where.fail(f"'{key}' refers to the entry itself")
            for role in entry.roles:
                if role.role not in self.roles:
                    where.fail(f"role '{role.role}' is not defined in roles.toml")
            if entry.roles and entry.cls != "Person":
                where.fail("only a Person holds roles")
        return Gazetteer(self.entries, self.roles)


@dataclass(frozen=True)
class _Where:
    """Where a problem is: file and entry id, so every error message is one findable line."""

    path: Path
    id: str

    def fail(self, problem: str) -> NoReturn:
        raise GazetteerError(f"{self.path}: {self.id}: {problem}")

    def check_keys(self, table: Mapping[str, Any], allowed: frozenset[str],
                   what: str = "key") -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            self.fail(f"unknown {what} field(s) {unknown} (allowed: {sorted(allowed)})")

    def strings(self, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"'{key}' must be a list of strings")
        if any(not v.strip() or v != v.strip() for v in value):
            self.fail(f"'{key}' has an empty or space-padded string")
        return tuple(dict.fromkeys(value))

    def tables(self, table: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(f"'{key}' must be a list of tables")
        return value

    def day(self, value: object, what: str, last: bool = False) -> datetime.date | None:
        """An ISO date; a month or year stands for its first day (or last day when `last`)."""
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            self.fail(f"{what}: {value} has a time; give a date")
        if isinstance(value, datetime.date):
            return value
        match = _DATE.match(value) if isinstance(value, str) else None
        if match is None:
            self.fail(f"{what}: malformed date {value!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")
        year, month, dom = (int(g) if g else None for g in match.groups())
        try:
            if month is None:
                return datetime.date(year, 12, 31) if last else datetime.date(year, 1, 1)
            if dom is None:
                dom = calendar.monthrange(year, month)[1] if last else 1
            return datetime.date(year, month, dom)
        except ValueError:
            self.fail(f"{what}: malformed date {value!r} (no such day)")
