"""The gazetteer: the shipped data is valid and covers the domain, lookups fold spelling
variants, offices are dated right, and broken files fail loudly with file and entry named."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import tomllib
from pathlib import Path

import pytest

from kg.gazetteer import (
    CLASSES,
    TOP_CLASS,
    Entry,
    Gazetteer,
    GazetteerError,
    Role,
    normalize,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "ontology" / "gazetteer"
GOLD = ROOT.parent / "shared" / "eval" / "gold"
D = dt.date


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(DATA)


def raw_entities() -> list[tuple[str, dict]]:
    """Every [[entity]] table of the shipped files, read without the loader."""
    out = []
    for path in sorted(DATA.glob("*.toml")):
        with path.open("rb") as fh:
            for table in tomllib.load(fh).get("entity", []):
                out.append((path.name, table))
    return out


# -- the shipped data ------------------------------------------------------------------


def test_shipped_files_load_and_are_all_there(gaz: Gazetteer) -> None:
    names = {p.name for p in DATA.glob("*.toml")}
    assert {"people.toml", "states.toml", "organizations.toml", "treaties.toml", "forums.toml",
            "events.toml", "topics.toml", "roles.toml"} <= names
    assert len(gaz.entries) == len(raw_entities())
    by_class: dict[str, int] = {}
    for e in gaz.entries.values():
        by_class[e.top_class] = by_class.get(e.top_class, 0) + 1
    assert by_class["State"] >= 193 + 4  # UN members, Palestine, Vatican, Kosovo, Taiwan
    assert by_class["Person"] >= 150
    assert min(by_class[c] for c in ("Organization", "Treaty", "Forum", "Event", "Topic")) >= 10


def test_each_file_holds_its_kind() -> None:
    expected = {"people.toml": {"Person"}, "states.toml": {"State"},
                "treaties.toml": {"Treaty"}, "forums.toml": {"Forum"},
                "events.toml": {"Event"}, "topics.toml": {"Topic"}}
    for file, table in raw_entities():
        if file in expected:
            assert table["class"] in expected[file], (file, table["id"])
        elif file == "organizations.toml":
            assert TOP_CLASS[table["class"]] == "Organization", table["id"]


def test_every_entry_is_well_formed() -> None:
    ids = [t["id"] for _, t in raw_entities()]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for file, t in raw_entities():
        where = f"{file}: {t.get('id')}"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", t["id"]), where
        assert t["class"] in CLASSES, where
        assert isinstance(t["label"], str) and t["label"].strip() == t["label"] != "", where
        if "wikidata" in t:
            assert re.fullmatch(r"Q[1-9]\d*", t["wikidata"]), where
        for key in ("signed", "date"):
            if key in t:
                D.fromisoformat(t[key])  # a full ISO day
        for role in t.get("roles", []):
            for key in ("start", "end"):
                if key in role:
                    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", role[key]), where


def test_names_are_unique_across_entities() -> None:
    """One surface form, one entity: otherwise the ruler would have to guess."""
    owner: dict[str, str] = {}
    clashes = []
    for _, t in raw_entities():
        forms = [t["label"], *t.get("aliases", []), *t.get("metonyms", []),
                 *t.get("demonyms", []), *t.get("weak_aliases", [])]
        for form in forms:
            key = normalize(form)
            if owner.setdefault(key, t["id"]) != t["id"]:
                clashes.append((form, owner[key], t["id"]))
    assert clashes == []


def test_wikidata_ids_are_unique_and_the_known_ones_right(gaz: Gazetteer) -> None:
    qids = [e.wikidata for e in gaz.entries.values() if e.wikidata]
    assert len(qids) == len(set(qids))
    known = {"vladimir-putin": "Q7747", "donald-trump": "Q22686", "joe-biden": "Q6279",
             "russia": "Q159", "united-states": "Q30", "china": "Q148", "ukraine": "Q212",
             "france": "Q142", "germany": "Q183", "united-kingdom": "Q145", "syria": "Q858",
             "libya": "Q1016", "iran": "Q794", "north-korea": "Q423", "israel": "Q801",
             "soviet-union": "Q15180", "japan": "Q17", "india": "Q668",
             "united-states-congress": "Q11268", "united-nations": "Q1065",
             "european-union": "Q458", "cold-war": "Q8683"}
    assert {k: gaz.get(k).wikidata for k in known} == known


def test_roles_are_dated_and_defined(gaz: Gazetteer) -> None:
    for e in gaz.entries.values():
        for role in e.roles:
            assert role.role in gaz.roles, (e.id, role.role)
            assert role.of in gaz.entries, (e.id, role.of)
            assert role.start is not None, (e.id, role.role)
            assert role.end is None or role.start <= role.end, (e.id, role)
    required = {"president", "prime-minister", "chancellor", "foreign-minister",
                "secretary-of-state", "national-security-advisor", "defense-minister",
                "secretary-of-defense", "spokesperson", "secretary-general", "chair",
                "ambassador", "vice-president", "speaker", "senator"}
    assert required <= set(gaz.roles)
    assert "Minister of Foreign Affairs" in gaz.roles["foreign-minister"].titles
    # A foreign minister's `of` is the state, which the minister does not lead.
    assert gaz.roles["president"].leads and not gaz.roles["foreign-minister"].leads


def test_references_resolve(gaz: Gazetteer) -> None:
    for e in gaz.entries.values():
        for ref in (*e.parties, *e.members, *e.participants, *e.requires,
                    *([e.of] if e.of else [])):
            assert ref in gaz.entries, (e.id, ref)


@pytest.mark.parametrize(("name", "eid", "top"), [
    ("Vladimir Putin", "vladimir-putin", "Person"),
    ("Sergei Lavrov", "sergey-lavrov", "Person"),
    ("Zelenskyy", "volodymyr-zelensky", "Person"),
    ("Joseph Robinette Biden Jr.", "joe-biden", "Person"),
    ("Ivanov", "igor-ivanov", "Person"),
    ("John Bolton", "john-bolton", "Person"),
    ("Bashar al-Assad", "bashar-al-assad", "Person"),
    ("Dmitry Peskov", "dmitry-peskov", "Person"),
    ("Andrey Kortunov", "andrey-kortunov", "Person"),
    ("Friedrich Merz", "friedrich-merz", "Person"),
    ("Wang Yi", "wang-yi", "Person"),
    ("USSR", "soviet-union", "State"),
    ("DPRK", "north-korea", "State"),
    ("PRC", "china", "State"),
    ("Britain", "united-kingdom", "State"),
    ("Kosovo", "kosovo", "State"),
    ("Congress", "united-states-congress", "Organization"),
    ("both Houses of Congress", "united-states-congress", "Organization"),
    ("Duma", "state-duma", "Organization"),
    ("State Department", "united-states-department-of-state", "Organization"),
    ("Pentagon", "united-states-department-of-defense", "Organization"),
    ("U.N.", "united-nations", "Organization"),
    ("EU", "european-union", "Organization"),
    ("RIAC", "russian-international-affairs-council", "Organization"),
    ("Valdai Club", "valdai-discussion-club", "Organization"),
    ("Moscow Times", "the-moscow-times", "Organization"),
    ("New START treaty", "new-start", "Treaty"),
    ("Strategic Arms Reduction Treaty", "new-start", "Treaty"),
    ("START III", "new-start", "Treaty"),
    ("Intermediate-Range Nuclear Forces Treaty", "inf-treaty", "Treaty"),
    ("the 2012 Geneva agreements", "geneva-communique", "Treaty"),
    ("Minsk II", "minsk-agreements", "Treaty"),
    ("Iran nuclear deal", "jcpoa", "Treaty"),
    ("the Quartet", "quartet-on-the-middle-east", "Forum"),
    ("Normandy Four", "normandy-format", "Forum"),
    ("“2+2” talks", "two-plus-two-talks", "Forum"),
    ("SCO", "shanghai-cooperation-organisation", "Forum"),
    ("G20", "g20", "Forum"),
    ("Helsinki summit 2018", "helsinki-summit-2018", "Event"),
    ("Hamburg meeting", "g20-hamburg-summit-2017", "Event"),
    ("Anchorage summit", "alaska-summit-2025", "Event"),
    ("the Cold War", "cold-war", "Event"),
    ("the World Cup", "fifa-world-cup-2018", "Event"),
    ("cyber-security", "cybersecurity", "Topic"),
    ("suicide bombers", "terrorism", "Topic"),
    ("denuclearization", "nuclear-non-proliferation", "Topic"),
    ("Russian-American cooperation", "us-russia-cooperation", "Topic"),
    ("the Arctic", "arctic", "Topic"),
])
def test_domain_names_resolve(gaz: Gazetteer, name: str, eid: str, top: str) -> None:
    entry = gaz.lookup(name)
    assert entry is not None and entry.id == eid
    assert entry.top_class == top


def test_surface_forms_by_kind(gaz: Gazetteer) -> None:
    us, ru = gaz.get("united-states"), gaz.get("russia")
    assert {"Washington", "the White House"} <= set(us.metonyms)
    assert {"Moscow", "the Kremlin"} <= set(ru.metonyms)
    assert "Moscow" not in ru.names and "Moscow" not in ru.aliases
    assert gaz.get("soviet-union").historical and "Soviet" in gaz.get("soviet-union").demonyms
    coop = gaz.get("us-russia-cooperation")
    assert coop.label == "U.S.–Russia cooperation"
    assert {"cooperation", "dialogue"} <= set(coop.weak_aliases)
    assert set(coop.requires) == {"united-states", "russia"}
    assert "cooperation" not in {normalize(n) for n in coop.names}
    assert gaz.get("new-start").date == D(2010, 4, 8)
    assert set(gaz.get("new-start").parties) == {"united-states", "russia"}
    helsinki = gaz.get("helsinki-summit-2018")
    assert (helsinki.date, helsinki.place) == (D(2018, 7, 16), "Helsinki")
    assert set(helsinki.participants) == {"donald-trump", "vladimir-putin"}
    assert "themoscowtimes.com" in gaz.get("the-moscow-times").domains


def test_agrees_with_the_gold_annotations(gaz: Gazetteer) -> None:
    """Every entity the gold files name resolves, by its label, to an entry of its class."""
    files = sorted(GOLD.glob("*.json"))
    if not files:
        pytest.skip("no gold annotations next to this checkout")
    for path in files:
        for ent in json.loads(path.read_text(encoding="utf-8"))["entities"]:
            entry = gaz.lookup(ent["label"])
            assert entry is not None, (path.name, ent["label"])
            assert entry.top_class == ent["class"], (path.name, ent["label"])
            if ent.get("wikidata"):
                assert entry.wikidata == ent["wikidata"], (path.name, ent["label"])


# -- lookups ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "eid"), [
    ("Biden's", "joe-biden"),
    ("Biden’s", "joe-biden"),
    ("the United States", "united-states"),
    ("THE UNITED STATES", "united-states"),
    ("United  States", "united-states"),
    ("U.S.-Russia cooperation", "us-russia-cooperation"),
    ("U.S.—Russia dialogue", "us-russia-cooperation"),
    ('"2+2" talks', "two-plus-two-talks"),
    ("Erdogan", "recep-tayyip-erdogan"),
    ("Schroder", "gerhard-schroder"),
    ("the Moscow Times", "the-moscow-times"),
    ("Putin's", "vladimir-putin"),
])
def test_lookup_folds_spelling_variants(gaz: Gazetteer, name: str, eid: str) -> None:
    entry = gaz.lookup(name)
    assert entry is not None and entry.id == eid


@pytest.mark.parametrize("name", [
    "the Kremlin",  # a metonym: whether it names Russia depends on context
    "Moscow",
    "Russian",  # a demonym
    "cooperation",  # a weak alias
    "Clinton",  # two Clintons: nobody
    "Ivanov Putin",
    "",
])
def test_lookup_leaves_contextual_and_ambiguous_names_alone(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) is None


def test_normalize() -> None:
    assert normalize("  The  Kremlin’s ") == "kremlin"
    assert normalize("U.S.–Russia") == "u.s.-russia"
    assert normalize("“2+2” talks") == '"2+2" talks'
    assert normalize("Reykjavík") == "reykjavik"
    assert normalize("Theresa") == "theresa"  # only a leading "the " word is dropped
    assert normalize("Reuters") == "reuters"  # a trailing s is not a possessive


def test_holders_by_date(gaz: Gazetteer) -> None:
    def ids(role: str, of: str, day: dt.date | None = None) -> list[str]:
        return [e.id for e in gaz.holders(role, of, day)]

    assert ids("president", "united-states", D(2018, 1, 1)) == ["donald-trump"]
    assert ids("president", "united-states", D(2021, 6, 1)) == ["joe-biden"]
    assert ids("president", "united-states", D(2026, 1, 1)) == ["donald-trump"]
    # the inauguration day belongs to the incoming president only
    assert ids("president", "united-states", D(2021, 1, 20)) == ["joe-biden"]
    assert ids("president", "united-states", D(2025, 1, 20)) == ["donald-trump"]
    assert ids("president", "united-states", D(2001, 1, 19)) == ["bill-clinton"]
    assert ids("president", "russia", D(2010, 1, 1)) == ["dmitry-medvedev"]
    assert ids("prime-minister", "russia", D(2010, 1, 1)) == ["vladimir-putin"]
    assert ids("foreign-minister", "russia", D(2003, 1, 1)) == ["igor-ivanov"]
    assert ids("foreign-minister", "russia", D(2018, 7, 16)) == ["sergey-lavrov"]
    assert ids("national-security-advisor", "united-states", D(2018, 7, 16)) == ["john-bolton"]
    assert ids("president", "syria", D(2024, 12, 1)) == ["bashar-al-assad"]
    assert ids("president", "syria", D(2024, 12, 9)) == []
    assert ids("secretary-of-state", "united-states", D(2022, 1, 1)) == ["antony-blinken"]
    assert ids("chancellor", "germany", D(2019, 1, 1)) == ["angela-merkel"]
    assert ids("president", "russian-international-affairs-council", D(2017, 8, 3)) == \
        ["igor-ivanov"]
    assert ids("president", "ukraine", D(2014, 3, 1)) == ["oleksandr-turchynov"]
    assert ids("nonexistent-role", "russia", D(2020, 1, 1)) == []


def test_all_holders_in_order_each_once(gaz: Gazetteer) -> None:
    every = [e.id for e in gaz.holders("president", "united-states")]
    assert len(every) == len(set(every))
    order = ["bill-clinton", "george-w-bush", "barack-obama", "donald-trump", "joe-biden"]
    assert [i for i in every if i in order] == order  # Trump's second term adds no entry


def test_role_interval() -> None:
    role = Role("president", "russia", D(2012, 5, 7), D(2018, 5, 7))
    assert not role.active_on(D(2012, 5, 6))
    assert role.active_on(D(2012, 5, 7))
    assert role.active_on(D(2018, 5, 6))
    assert not role.active_on(D(2018, 5, 7))
    assert Role("president", "russia", D(2012, 5, 7), None).active_on(D(2100, 1, 1))
    assert Role("president", "russia", None, None).active_on(D(1900, 1, 1))


@pytest.mark.parametrize(("host", "eid"), [
    ("www.themoscowtimes.com", "the-moscow-times"),
    ("themoscowtimes.com", "the-moscow-times"),
    ("WWW.THEMOSCOWTIMES.COM.", "the-moscow-times"),
    ("https://www.themoscowtimes.com/2017/08/03/op-ed-a58576", "the-moscow-times"),
    ("tass.ru", "tass"),
    ("tass.com:443", "tass"),
    ("eng.globalaffairs.ru", "russia-in-global-affairs"),
    ("www.bbc.co.uk", "bbc"),
])
def test_by_domain(gaz: Gazetteer, host: str, eid: str) -> None:
    entry = gaz.by_domain(host)
    assert entry is not None and entry.id == eid


@pytest.mark.parametrize("host", ["notthemoscowtimes.com", "example.org", "com", "", "co.uk"])
def test_by_domain_misses(gaz: Gazetteer, host: str) -> None:
    assert gaz.by_domain(host) is None


@pytest.mark.parametrize(("word", "eid"), [
    ("Russian", "russia"), ("Americans", "united-states"), ("Soviet", "soviet-union"),
    ("North Korean", "north-korea"), ("Swiss", "switzerland"), ("Ukrainian", "ukraine"),
    ("British", "united-kingdom"),
])
def test_state_by_demonym(gaz: Gazetteer, word: str, eid: str) -> None:
    entry = gaz.state_by_demonym(word)
    assert entry is not None and entry.id == eid


def test_ambiguous_demonyms_name_no_state(gaz: Gazetteer) -> None:
    assert gaz.state_by_demonym("Korean") is None
    assert gaz.state_by_demonym("Congolese") is None


@pytest.mark.parametrize(("title", "rid"), [
    ("President", "president"),
    ("the U.S. president", "president"),
    ("President of the United States", "president"),
    ("U.S. President", "president"),
    ("Russian Foreign Minister", "foreign-minister"),
    ("Minister of Foreign Affairs of the Russian Federation", "foreign-minister"),
    ("former Secretary of State", "secretary-of-state"),
    ("US National Security Advisor", "national-security-advisor"),
    ("Kremlin spokesman", "spokesperson"),
    ("NATO Secretary General", "secretary-general"),
    ("Chancellor", "chancellor"),
    ("Premier", "prime-minister"),
    ("Deputy Foreign Minister", "deputy-foreign-minister"),
    ("President of the Russian International Affairs Council", "president"),
])
def test_role_by_title(gaz: Gazetteer, title: str, rid: str) -> None:
    role = gaz.role_by_title(title)
    assert role is not None and role.id == rid


def test_role_by_title_misses(gaz: Gazetteer) -> None:
    assert gaz.role_by_title("banana") is None
    assert gaz.role_by_title("Secretary of the Treasury") is None


def test_entry_names_are_label_and_aliases_only() -> None:
    entry = Entry("russia", "Russia", "State", aliases=("Russian Federation", "Russia"),
                  metonyms=("Moscow",), demonyms=("Russian",), weak_aliases=("them",))
    assert entry.names == ("Russia", "Russian Federation")


# -- broken files ----------------------------------------------------------------------

ROLES = """
[[role]]
id = "president"
titles = ["President"]
leads = true
kind = "head-of-state"
"""
GOOD = """
[[entity]]
id = "russia"
label = "Russia"
class = "State"
aliases = ["Russian Federation"]

[[entity]]
id = "vladimir-putin"
label = "Vladimir Putin"
class = "Person"
aliases = ["Putin"]
roles = [{ role = "president", of = "russia", start = "2012-05-07" }]
"""


def write(folder: Path, entities: str, roles: str = ROLES) -> Path:
    (folder / "roles.toml").write_text(textwrap.dedent(roles), encoding="utf-8")
    (folder / "people.toml").write_text(textwrap.dedent(entities), encoding="utf-8")
    return folder


def test_a_minimal_folder_loads(tmp_path: Path) -> None:
    gaz = Gazetteer.load(write(tmp_path, GOOD))
    assert gaz.lookup("Putin") == gaz.get("vladimir-putin")
    assert gaz.get("vladimir-putin").roles == (Role("president", "russia", D(2012, 5, 7), None),)


def test_partial_dates_cover_their_period(tmp_path: Path) -> None:
    gaz = Gazetteer.load(write(tmp_path, GOOD.replace(
        'start = "2012-05-07"', 'start = "2011", end = "2023-02"')))
    role = gaz.get("vladimir-putin").roles[0]
    assert (role.start, role.end) == (D(2011, 1, 1), D(2023, 2, 28))


BROKEN = {
    "duplicate alias": (GOOD + """
        [[entity]]
        id = "vladimir-ivanov"
        label = "Vladimir Ivanov"
        class = "Person"
        aliases = ["PUTIN"]
        """, "vladimir-ivanov", "collides"),
    "alias equal to another's metonym": (GOOD.replace(
        'aliases = ["Russian Federation"]', 'metonyms = ["the Kremlin"]') + """
        [[entity]]
        id = "kremlin-palace"
        label = "Kremlin"
        class = "Organization"
        """, "kremlin-palace", "collides"),
    "bad date": (GOOD.replace("2012-05-07", "2012-13-07"), "vladimir-putin", "malformed date"),
    "date not a date": (GOOD.replace('"2012-05-07"', '"May 2012"'), "vladimir-putin",
                        "malformed date"),
    "start after end": (GOOD.replace('start = "2012-05-07"',
                                     'start = "2012-05-07", end = "2008-05-07"'),
                        "vladimir-putin", "after end"),
    "unknown role": (GOOD.replace('role = "president"', 'role = "tsar"'), "vladimir-putin",
                     "tsar"),
    "unknown role holder target": (GOOD.replace('of = "russia"', 'of = "rusia"'),
                                   "vladimir-putin", "rusia"),
    "unknown class": (GOOD.replace('class = "State"', 'class = "Country"'), "russia",
                      "unknown class"),
    "duplicate id": (GOOD + """
        [[entity]]
        id = "russia"
        label = "Russian Empire"
        class = "State"
        """, "russia", "duplicate id"),
    "missing label": (GOOD.replace('label = "Russia"\n', ""), "russia", "missing label"),
    "bad wikidata": (GOOD.replace('class = "State"', 'class = "State"\nwikidata = "Q0159"'),
                     "russia", "wikidata"),
    "id not a slug": (GOOD.replace('id = "russia"', 'id = "Russia_Federation"'),
                      "Russia_Federation", "slug"),
    "unknown key": (GOOD.replace('aliases = ["Putin"]', 'alias = ["Putin"]'), "vladimir-putin",
                    "alias"),
    "unknown reference": (GOOD.replace('class = "State"', 'class = "State"\nmembers = ["nato"]'),
                          "russia", "nato"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_data_names_file_and_entry(tmp_path: Path, case: str) -> None:
    text, eid, problem = BROKEN[case]
    with pytest.raises(GazetteerError) as info:
        Gazetteer.load(write(tmp_path, text))
    message = str(info.value)
    assert "people.toml" in message
    assert eid in message
    assert problem in message
    assert "\n" not in message


def test_collision_across_files_names_both(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    (tmp_path / "states.toml").write_text(textwrap.dedent("""
        [[entity]]
        id = "russian-empire"
        label = "Russian Federation"
        class = "State"
        """), encoding="utf-8")
    with pytest.raises(GazetteerError) as info:
        Gazetteer.load(tmp_path)
    message = str(info.value)
    assert "states.toml" in message and "russian-empire" in message
    assert "'russia'" in message and "people.toml" in message


def test_duplicate_role_title_and_bad_role_kind(tmp_path: Path) -> None:
    clash = r"roles\.toml: head: title 'president' is also a title of role 'president'"
    with pytest.raises(GazetteerError, match=clash):
        Gazetteer.load(write(tmp_path, GOOD, ROLES + """
            [[role]]
            id = "head"
            titles = ["president"]
            """))
    with pytest.raises(GazetteerError, match=r"roles\.toml: president: unknown role kind"):
        Gazetteer.load(write(tmp_path, GOOD, ROLES.replace("head-of-state", "emperor")))


def test_invalid_toml_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"people\.toml: invalid TOML"):
        Gazetteer.load(write(tmp_path, GOOD + "\n[[entity]\n"))
    with pytest.raises(GazetteerError, match="not found"):
        Gazetteer.load(tmp_path / "nowhere")


def test_lemma_corrections_are_optional_and_checked(tmp_path: Path) -> None:
    import shutil

    from kg.extract.lexicon import Lexicon, LexiconError

    folder = tmp_path / "lexicon"
    shutil.copytree(ROOT / "ontology" / "lexicon", folder)
    assert Lexicon.load(folder).lemmas["verb"]["hope"] >= {"hoped", "hoping"}
    (folder / "lemmas.toml").unlink()
    assert Lexicon.load(folder).lemmas == {}  # an older ontology folder still loads
    (folder / "lemmas.toml").write_text('[verb]\nhope = "hoped"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"lemmas\.toml: \[verb\] must hold lists of words"):
        Lexicon.load(folder)
