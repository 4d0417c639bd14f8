"""Entities, relations and stances on sentences written for these tests (not the corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest import read_document
from kg.model import (
    ASSERTED,
    FUTURE,
    HYPOTHETICAL,
    NORMATIVE,
    OPPOSE,
    POSSIBLE,
    SUPPORT,
    DocumentRecord,
)


def extract(extractor, tmp_path: Path, body: str, *, author: str | None = "Jane Roe",
            date: str = "June 20, 2021") -> DocumentRecord:
    head = "Notes on diplomacy\n\n" + (f"By {author}\n\n" if author else "") + (
        f"{date}\n\n" if date else "")
    f = tmp_path / "article.txt"
    f.write_text(head + body + "\n", encoding="utf-8")
    return extractor.extract(read_document(f))


def labels(record: DocumentRecord) -> set[str]:
    return {record.entities[m.entity].label for m in record.mentions}


def relations(record: DocumentRecord, core: bool = True) -> set[tuple[str, str, str]]:
    name = {k: v.label for k, v in record.entities.items()}
    return {(name.get(s.subject, s.subject), s.type, name.get(s.object, s.object))
            for s in record.statements if s.kind == "relation" and s.core == core}


def stances(record: DocumentRecord) -> dict[tuple[str, str], tuple[str, str]]:
    name = {k: v.label for k, v in record.entities.items()}
    name[record.author or ""] = "AUTHOR"
    name[f"author/anonymous/{record.stem}"] = "AUTHOR"
    return {(name.get(s.subject, s.subject), name.get(s.object, s.object)):
            (s.polarity, s.modality) for s in record.statements if s.kind == "stance"}


# -- entities ---------------------------------------------------------------------------------
def test_variants_of_one_name_are_one_entity(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Joseph Robinette Biden Jr. took office in January. President Biden then "
                "called Kyiv. Biden's team met Chinese officials.")
    ids = {m.entity for m in r.mentions
           if r.entities[m.entity].cls == "Person" and m.zone == "body"}
    assert [r.entities[i].label for i in ids] == ["Joe Biden"]
    assert "Ukraine" in labels(r)  # "Kyiv" called: the capital stands for the state


def test_metonym_that_only_locates_is_not_the_state(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "The ministers held a summit in Beijing last week.")
    assert "China" not in labels(r)
    r = extract(extractor, tmp_path, "Beijing imposed new tariffs on steel last week.")
    assert "China" in labels(r)


def test_ner_names_get_stable_ids_and_partial_names_resolve(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Analyst Marcus Hollowell wrote a report for the Atlantic Policy Forum. "
                "Hollowell argued that the sanctions failed.")
    people = {m.entity for m in r.mentions
              if r.entities[m.entity].cls == "Person" and m.zone == "body"}
    assert people == {"ner/person/marcus-hollowell"}
    assert r.entities["ner/person/marcus-hollowell"].origin == "ner"
    assert r.entities["ner/person/marcus-hollowell"].confidence < 1.0


def test_roles_resolve_at_the_article_date(extractor, tmp_path: Path) -> None:
    text = "The U.S. president met the French president in Paris."
    r18 = extract(extractor, tmp_path, text, date="May 2, 2018")
    r21 = extract(extractor, tmp_path, text, date="May 2, 2021")
    assert _symmetric(relations(r18), "Donald Trump", "meetsWith", "Emmanuel Macron")
    assert _symmetric(relations(r21), "Joe Biden", "meetsWith", "Emmanuel Macron")
    undated = extract(extractor, tmp_path, text, date="")
    assert not relations(undated)  # no date: the office holder is unknown, nothing is said


def _symmetric(rel: set[tuple[str, str, str]], a: str, t: str, b: str) -> bool:
    return (a, t, b) in rel or (b, t, a) in rel


# -- relations --------------------------------------------------------------------------------
def test_meeting_between_two_named_leaders(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The meeting between Emmanuel Macron and Olaf Scholz took place in Berlin.")
    assert _symmetric(relations(r), "Emmanuel Macron", "meetsWith", "Olaf Scholz")


def test_cooccurrence_is_not_a_relation(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Emmanuel Macron spoke about climate change while Olaf Scholz visited Canada.")
    assert not {x for x in relations(r) if x[1] == "meetsWith"}


def test_sanctions_direction_and_group_subjects(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Washington and Brussels imposed sanctions against Iran in March.")
    rel = relations(r)
    assert ("United States", "sanctions", "Iran") in rel
    assert ("European Union", "sanctions", "Iran") in rel
    assert ("Iran", "sanctions", "United States") not in rel


def test_modality_keeps_possible_relations_out_of_the_core(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "Russia might sanction Ukraine next year.")
    assert ("Russia", "sanctions", "Ukraine") not in relations(r)
    assert ("Russia", "sanctions", "Ukraine") in relations(r, core=False)
    st = next(s for s in r.statements if s.kind == "relation")
    assert st.modality == POSSIBLE


def test_negated_relation_is_kept_but_not_asserted(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "Vladimir Putin did not meet Joe Biden in June.")
    st = [s for s in r.statements if s.kind == "relation" and s.type == "meetsWith"]
    assert st and st[0].negated and not st[0].core


def test_certain_future_chair_is_a_relation(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Next year, Norway will take over as chair of the Arctic Council.")
    assert ("Norway", "chairs", "Arctic Council") in relations(r)
    st = next(s for s in r.statements if s.type == "chairs")
    assert st.modality == FUTURE


def test_role_apposition_and_title_give_leads(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Sergey Lavrov met German Chancellor Olaf Scholz. Jens Stoltenberg, "
                "Secretary General of NATO, joined them.")
    rel = relations(r)
    assert ("Olaf Scholz", "leads", "Germany") in rel
    assert ("Sergey Lavrov", "leads", "Russia") not in rel


# -- stances ----------------------------------------------------------------------------------
def test_normative_statement_is_the_authors_stance(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Washington and Moscow should resume the dialogue on arms control.")
    assert stances(r)[("AUTHOR", "arms control")] == (SUPPORT, NORMATIVE)


def test_ending_something_is_opposing_it(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "The European Union must lift the sanctions on Iran.")
    assert stances(r)[("AUTHOR", "sanctions")][0] == OPPOSE


def test_negation_flips_polarity(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "Sanctions have never done anyone any good.")
    assert stances(r)[("AUTHOR", "sanctions")][0] == OPPOSE
    r = extract(extractor, tmp_path, "Both powers must not abandon arms control.")
    assert stances(r)[("AUTHOR", "arms control")][0] == SUPPORT


def test_reported_position_belongs_to_the_actor(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Emmanuel Macron and Olaf Scholz spoke in favor of the Normandy format.")
    st = stances(r)
    assert st[("Emmanuel Macron", "Normandy format")][0] == SUPPORT
    assert st[("Olaf Scholz", "Normandy format")][0] == SUPPORT
    assert ("AUTHOR", "Normandy format") not in st


def test_hostility_noun_gives_holder_and_target(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Given the open hostility of the U.S. Congress towards China, trade will fall.")
    assert stances(r)[("United States Congress", "China")][0] == OPPOSE


def test_questions_and_conditionals_are_not_stances(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "Should NATO support the Normandy format?")
    assert ("AUTHOR", "Normandy format") not in stances(r)
    r = extract(extractor, tmp_path,
                "If Paris wanted it, Berlin would support the Normandy format.")
    assert stances(r).get(("Germany", "Normandy format"), (None, HYPOTHETICAL))[1] \
        == HYPOTHETICAL


def test_anonymous_author_holds_stances(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "It is imperative to extend the New START Treaty.",
                author=None)
    assert r.author is None
    assert stances(r)[("AUTHOR", "New START")] == (SUPPORT, NORMATIVE)


def test_possible_proposal_keeps_its_modality(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Russia could give new impetus to the Arctic Council this year.")
    assert stances(r)[("AUTHOR", "Arctic Council")] == (SUPPORT, POSSIBLE)


def test_every_statement_has_evidence_pointing_into_the_file(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Washington imposed sanctions against Iran. Paris should back the "
                "Normandy format.")
    source = (tmp_path / "article.txt").read_text(encoding="utf-8")
    assert r.statements
    for st in r.statements:
        for ev in st.evidence:
            assert source[ev.start:ev.end] == ev.sentence


@pytest.mark.parametrize("modality", [ASSERTED])
def test_same_statement_twice_is_one_with_two_evidences(extractor, tmp_path: Path,
                                                        modality: str) -> None:
    r = extract(extractor, tmp_path,
                "Washington imposed sanctions against Iran in May. In June, Washington "
                "imposed further sanctions against Iran.")
    st = [s for s in r.statements if s.type == "sanctions"]
    assert len(st) == 1 and len(st[0].evidence) == 2 and st[0].modality == modality


def test_supporting_sanctions_on_an_actor_is_a_stance_on_sanctions(extractor,
                                                                  tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The Senate voted to approve new sanctions against Iran.")
    st = stances(r)
    assert st[("United States Senate", "sanctions")][0] == SUPPORT
    assert ("United States Senate", "Iran") not in st  # the measure's target, not the stance's


def test_imposing_sanctions_is_a_relation_not_a_stance(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "In June the EU adopted its 14th package of sanctions against Russia.")
    assert relations(r) >= {("European Union", "sanctions", "Russia")}
    assert not [s for s in r.statements if s.kind == "stance"]


def test_refusal_negates_a_reported_stance(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "Beijing has refused to condemn Tehran.")
    st = [s for s in r.statements if s.kind == "stance"]
    assert st and all(s.negated and not s.core for s in st)


def test_views_the_author_only_reports_are_nobodys(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Some analysts argue that the sanctions on Iran should be lifted.")
    assert not [s for s in r.statements if s.kind == "stance"]
    r = extract(extractor, tmp_path,
                "Sergey Lavrov said that the sanctions on Iran should be lifted.")
    assert stances(r)[("Sergey Lavrov", "sanctions")] == (OPPOSE, NORMATIVE)
    assert ("AUTHOR", "sanctions") not in stances(r)


def test_joint_signing_relative_clauses_and_presidencies(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Xi Jinping and Vladimir Putin signed a joint statement in Moscow. Iran "
                "accepted the JCPOA, which the United States left in 2018. Italy holds the "
                "presidency of the G7 this year.")
    rel = relations(r)
    assert _symmetric(rel, "Xi Jinping", "cooperatesWith", "Vladimir Putin")
    assert ("United States", "partyTo", "Joint Comprehensive Plan of Action") in rel
    assert ("Italy", "chairs", "G7") in rel



def test_a_document_many_parties_sign_makes_no_partners(extractor, tmp_path: Path) -> None:
    """Two signers of a statement act jointly, and so do those of one called joint; five
    signers of a memorandum are parties to a multilateral instrument, not partners."""
    r = extract(extractor, tmp_path,
                "India, Saudi Arabia, Germany, France and Italy signed a memorandum of "
                "understanding on a new trade corridor.")
    assert not [s for s in r.statements if s.type == "cooperatesWith"]
    r = extract(extractor, tmp_path,
                "Russia, China and Iran signed a joint statement on the nuclear deal.")
    assert _symmetric(relations(r), "China", "cooperatesWith", "Iran")


def test_a_fact_to_be_accepted_is_no_course_urged(extractor, tmp_path: Path) -> None:
    """"Must accept that ..." states a fact; what it names gets no normative stance. A
    modal inside that clause, or an object accepted, still gives one."""
    r = extract(extractor, tmp_path,
                "Russia must accept that the sanctions will not be lifted any time soon.")
    assert ("AUTHOR", "sanctions") not in stances(r)
    r = extract(extractor, tmp_path,
                "Washington should recognize that New START must be extended.")
    assert stances(r)[("AUTHOR", "New START")] == (SUPPORT, NORMATIVE)

def test_the_treaty_refers_back(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Both countries value the New START Treaty. The treaty was signed in 2010 by "
                "Barack Obama and Dmitry Medvedev.")
    rel = relations(r)
    assert ("Barack Obama", "signs", "New START") in rel
    assert ("Dmitry Medvedev", "signs", "New START") in rel


def test_group_descriptions_resolve_to_the_pair_in_context(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Joe Biden and Vladimir Putin spoke by phone on Tuesday. The two presidents "
                "agreed to hold talks in Geneva.", date="July 3, 2021")
    rel = relations(r)
    assert _symmetric(rel, "Joe Biden", "meetsWith", "Vladimir Putin")
    assert _symmetric(rel, "Joe Biden", "cooperatesWith", "Vladimir Putin")
    lone = extract(extractor, tmp_path, "The two presidents agreed to hold talks in Geneva.")
    assert not relations(lone)  # nobody named: the description resolves to nothing


def test_relation_reported_by_a_speaker_is_attributed_to_them(extractor, tmp_path: Path
                                                              ) -> None:
    r = extract(extractor, tmp_path, "Dmitry Peskov said that Vladimir Putin met Joe Biden.")
    st = next(s for s in r.statements if s.type == "meetsWith")
    assert st.attributed_to == "dmitry-peskov"
    r = extract(extractor, tmp_path, "Vladimir Putin met Joe Biden in Geneva.")
    assert next(s for s in r.statements if s.type == "meetsWith").attributed_to == r.author


def test_speaking_in_favor_is_not_a_meeting(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Emmanuel Macron and Olaf Scholz spoke in favor of the Normandy format.")
    assert not {x for x in relations(r) if x[1] == "meetsWith"}


def test_naming_and_attitude_adjectives(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Joe Biden called Vladimir Putin a killer. The Senate has been critical of "
                "Beijing. Donald Trump praised Kim Jong Un.")
    st = stances(r)
    assert st[("Joe Biden", "Vladimir Putin")][0] == OPPOSE
    assert st[("United States Senate", "China")][0] == OPPOSE
    assert st[("Donald Trump", "Kim Jong Un")][0] == SUPPORT
    assert not {x for x in relations(r) if x[1] == "meetsWith"}  # calling names is no call


def test_evaluating_an_ending_as_a_mistake_supports_the_thing(extractor, tmp_path: Path
                                                              ) -> None:
    r = extract(extractor, tmp_path, "Lifting the sanctions on Iran would be a mistake.")
    assert stances(r)[("AUTHOR", "sanctions")][0] == SUPPORT


def test_wire_dateline_and_the_summit_being_reported(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "GENEVA (Reuters) - Joe Biden and Vladimir Putin agreed on Wednesday to begin "
                "talks on strategic stability. Senator Marco Rubio said the summit was a "
                "mistake.", date="June 16, 2021")
    assert "Reuters" not in labels(r)
    assert r.entities.get("geneva-summit-2021") is not None
    st = stances(r)
    assert st[("Marco Rubio", "2021 Geneva summit")][0] == OPPOSE
    assert st[("Joe Biden", "strategic stability")][0] == SUPPORT
    assert _symmetric(relations(r), "Joe Biden", "cooperatesWith", "Vladimir Putin")


def test_attending_the_same_talks_is_meeting(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Antony Blinken and Sergey Lavrov took part in the talks in Reykjavik.")
    assert _symmetric(relations(r), "Antony Blinken", "meetsWith", "Sergey Lavrov")


def test_role_phrases_before_names(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "NATO Secretary General Mark Rutte warned the allies. Later, then-German "
                "Chancellor Olaf Scholz and Indian Prime Minister Narendra Modi spoke by phone. "
                "Deputy Prime Minister Alexander Novak stayed at home.", date="May 2, 2025")
    found = relations(r)
    assert ("Mark Rutte", "leads", "NATO") in found
    assert ("Olaf Scholz", "leads", "Germany") in found
    assert ("Narendra Modi", "leads", "India") in found
    assert not {rel for rel in found if rel[0] == "Alexander Novak"}  # a deputy leads nothing


def test_plural_title_and_past_office_from_the_gazetteer(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The accord was praised in 2009 by Presidents George W. Bush and Vladimir "
                "Putin.", date="March 3, 2023")
    found = relations(r)
    assert ("George W. Bush", "leads", "United States") in found  # no longer in office
    assert ("Vladimir Putin", "leads", "Russia") in found


def test_appositive_title_and_reduced_passive_chairing(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The secretary general of the United Nations, António Guterres, spoke first. "
                "The Federation Council, chaired by Valentina Matviyenko, approved the bill.")
    found = relations(r)
    assert ("António Guterres", "leads", "United Nations") in found
    assert ("Valentina Matviyenko", "leads", "Federation Council") in found


def test_member_lists_and_composition(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The BRICS group, which brings together Brazil, Russia, India, China and South "
                "Africa, met in Kazan. The Quartet (the United Nations, the European Union, "
                "Russia and the United States) issued a statement. NATO (Brussels) declined.")
    found = relations(r)
    for state in ("Brazil", "Russia", "India", "China", "South Africa"):
        assert (state, "memberOf", "BRICS") in found
    for member in ("United Nations", "European Union", "Russia", "United States"):
        assert (member, "memberOf", "Quartet on the Middle East") in found
    assert not {rel for rel in found if rel[2] == "NATO"}  # a gloss is not a list


def test_keeping_or_leaving_a_treaty_is_a_stance_on_it(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Moscow suspended its participation in the CFE Treaty in 2007. Later the two "
                "presidents, Biden and Putin, extended New START. The pact lapses unless "
                "Washington and Moscow renew the INF Treaty.", date="March 3, 2021")
    found = stances(r)
    assert found[("Russia", "Treaty on Conventional Armed Forces in Europe")] == (OPPOSE,
                                                                                    ASSERTED)
    assert found[("Joe Biden", "New START")] == (SUPPORT, ASSERTED)
    assert found[("Vladimir Putin", "New START")] == (SUPPORT, ASSERTED)
    assert not {k for k in found if k[1] == "INF Treaty"}  # a condition is nobody's stance


def test_actors_inside_other_clauses_are_not_targets(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The two leaders agreed to return Ambassador Anatoly Antonov to his post. "
                "Beijing proposed easing UN sanctions on North Korea. "
                "Biden wants to meet Putin.")
    found = stances(r)
    assert not {k for k in found if k[1] in ("Anatoly Antonov", "United Nations")}
    assert found[("Joe Biden", "Vladimir Putin")] == (SUPPORT, ASSERTED)


def test_naming_as_and_readiness(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Macron described Scholz as a reliable partner. Ankara is ready to discuss "
                "arms control with Moscow. Lavrov said that a return to the Iran nuclear deal "
                "is in everyone's interest.", date="March 3, 2023")
    found = stances(r)
    assert found[("Emmanuel Macron", "Olaf Scholz")] == (SUPPORT, ASSERTED)
    assert found[("Turkey", "arms control")] == (SUPPORT, ASSERTED)
    assert ("Turkey", "Russia") not in found  # whom one would talk with is not a stance
    # the reported speaker's position, not the author's
    assert found[("Sergey Lavrov", "Joint Comprehensive Plan of Action")][0] == SUPPORT
    assert ("AUTHOR", "Joint Comprehensive Plan of Action") not in found


def test_condemning_an_invasion_opposes_the_invader(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Canada condemned Russia's invasion of Ukraine. NATO urged Moscow to "
                "reconsider.", date="March 3, 2023")
    found = stances(r)
    assert found[("Canada", "Russia")] == (OPPOSE, ASSERTED)
    assert ("NATO", "Russia") not in found or found[("NATO", "Russia")][0] == OPPOSE


def test_numbered_group_and_hosted_summit(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Xi Jinping and Narendra Modi met in Kazan at a summit hosted by Vladimir "
                "Putin and attended by Luiz Inácio Lula da Silva.\n\n"
                "The four leaders agreed on a joint declaration.\n\n"
                "The three presidents left.", date="October 23, 2024")
    met = {frozenset((a, b)) for a, t, b in relations(r) if t == "meetsWith"}
    assert frozenset(("Narendra Modi", "Xi Jinping")) in met
    assert frozenset(("Vladimir Putin", "Xi Jinping")) in met
    assert frozenset(("Luiz Inácio Lula da Silva", "Narendra Modi")) in met
    coop = {frozenset((a, b)) for a, t, b in relations(r) if t == "cooperatesWith"}
    assert len(coop) == 6  # every pair of the four; "the three presidents" matches nobody


def test_announced_withdrawal_and_refusal(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "In 2018, President Donald Trump announced that the United States would leave "
                "the INF Treaty. Jens Stoltenberg said that Russia was suspending its "
                "participation in New START. Beijing has refused to take part in arms control "
                "talks.", date="March 3, 2023")
    found = stances(r)
    assert found[("United States", "INF Treaty")] == (OPPOSE, FUTURE)  # "would": reported future
    assert found[("Donald Trump", "INF Treaty")] == (OPPOSE, FUTURE)  # he speaks for his state
    assert found[("Russia", "New START")] == (OPPOSE, ASSERTED)
    assert ("Jens Stoltenberg", "New START") not in found  # he only reports it
    assert found[("China", "arms control")] == (OPPOSE, ASSERTED)


def test_an_administration_is_its_state_and_a_namer_holds_the_stance(extractor, tmp_path: Path
                                                                    ) -> None:
    r = extract(extractor, tmp_path,
                "The Biden administration imposed sanctions on Russia in April. Biden and "
                "Putin met at the Geneva summit on Wednesday. Afterwards, Putin called the "
                "summit constructive.", date="June 20, 2021")
    assert ("United States", "sanctions", "Russia") in relations(r)
    assert ("Joe Biden", "sanctions", "Russia") not in relations(r)
    found = stances(r)
    assert found[("Vladimir Putin", "2021 Geneva summit")] == (SUPPORT, ASSERTED)
    assert ("AUTHOR", "2021 Geneva summit") not in found


def test_decisions_and_steps_judged_by_others(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "In 2022, EU leaders decided that the sanctions would stay in place until the "
                "Minsk agreements were implemented. Washington is preparing to expand the "
                "sanctions, a move opposed by Berlin. Beijing proposed lifting the sanctions, "
                "an idea London has rejected.", date="March 3, 2023")
    found = stances(r)
    assert found[("European Union", "sanctions")] == (SUPPORT, ASSERTED)
    assert found[("European Union", "Minsk agreements")] == (SUPPORT, ASSERTED)
    assert found[("Germany", "sanctions")] == (OPPOSE, ASSERTED)
    assert found[("China", "sanctions")] == (OPPOSE, ASSERTED)  # lifting them
    assert found[("United Kingdom", "sanctions")] == (SUPPORT, ASSERTED)  # rejects lifting


def test_parties_chair_handovers_and_heads_acting_for_states(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The INF Treaty was signed in 1987. The INF Treaty's two parties, Russia "
                "and the United States, accused each other of breaches. In May, Iceland handed "
                "over the chairmanship of the Arctic Council to Russia. President Trump "
                "reimposed sanctions on Iran. The Open Skies Treaty was concluded in Helsinki "
                "between Canada and Hungary.", date="June 20, 2019")
    found = relations(r)
    assert ("Russia", "partyTo", "INF Treaty") in found
    assert ("United States", "partyTo", "INF Treaty") in found
    assert ("Iceland", "chairs", "Arctic Council") in found
    assert ("Russia", "chairs", "Arctic Council") in found
    assert ("United States", "sanctions", "Iran") in found
    assert ("Donald Trump", "sanctions", "Iran") not in found
    assert ("Canada", "partyTo", "Open Skies Treaty") in found
    assert ("Hungary", "partyTo", "Open Skies Treaty") in found


def test_what_harm_harms_is_valued(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The two sides have overcome the mistrust that hampered the strategic dialogue. "
                "Arms control was undermined by Washington.", date="June 20, 2021")
    found = stances(r)
    assert found[("AUTHOR", "strategic stability")][0] == SUPPORT
    assert found[("AUTHOR", "arms control")][0] == SUPPORT
    assert found[("AUTHOR", "United States")][0] == OPPOSE


def test_a_capital_where_something_happened_is_only_a_place(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The accord was signed in Prague in 2010. Moscow welcomed it.")
    assert "Czech Republic" not in labels(r)
    assert "Russia" in labels(r)


def test_a_summit_pinned_by_its_year_or_its_participants(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Months after Joe Biden and Vladimir Putin met in Geneva, little has changed. "
                "Earlier, Donald Trump saw Kim Jong Un in Hanoi in February 2019.",
                date="November 18, 2021")
    assert {"2021 Geneva summit", "2019 North Korea–United States Hanoi Summit"} <= labels(r)
    r = extract(extractor, tmp_path, "Diplomats met in Geneva on Monday.",
                date="November 18, 2021")
    assert "2021 Geneva summit" not in labels(r)  # nothing ties the place to that summit


def test_criticism_belongs_to_its_speaker_and_spares_the_victim(extractor, tmp_path: Path
                                                                ) -> None:
    r = extract(extractor, tmp_path,
                "Jens Stoltenberg, the head of NATO, called Russia's decision deeply "
                "regrettable. Russia's war against Ukraine is destructive. The United States "
                "remains committed to New START. Moscow promoted its draft at the Conference "
                "on Disarmament.", date="March 3, 2023")
    found = stances(r)
    assert found[("Jens Stoltenberg", "Russia")][0] == OPPOSE
    assert ("Jens Stoltenberg", "NATO") not in found  # the phrase naming him
    assert ("AUTHOR", "Russia") in found and ("AUTHOR", "Ukraine") not in found
    assert found[("United States", "New START")] == (SUPPORT, ASSERTED)
    assert not {k for k in found if k[1] == "Conference on Disarmament"}  # only the venue


def test_relative_clauses_agency_heads_and_denied_complements(extractor, tmp_path: Path
                                                              ) -> None:
    r = extract(extractor, tmp_path,
                "Lavrov flew to Montenegro, which joined NATO in 2017. Troops left Latvia and "
                "Lithuania, both of which joined the European Union in 2004. The Outer Space "
                "Treaty, to which both India and Brazil are parties, is old. NASA Administrator "
                "Bill Nelson spoke. Russian Foreign Minister Sergey Lavrov spoke too. This does "
                "not mean that Washington is sanctioning India.", date="March 3, 2023")
    found = relations(r)
    assert ("Montenegro", "memberOf", "NATO") in found
    assert {("Latvia", "memberOf", "European Union"),
            ("Lithuania", "memberOf", "European Union")} <= found
    assert {("India", "partyTo", "Outer Space Treaty"),
            ("Brazil", "partyTo", "Outer Space Treaty")} <= found
    assert ("Bill Nelson", "leads", "NASA") in found
    assert ("Sergey Lavrov", "leads", "Russia") not in found  # a minister does not lead a state
    assert ("United States", "sanctions", "India") not in found
    assert ("United States", "sanctions", "India") in relations(r, core=False)


def test_ner_names_that_are_not_organisations_or_treaties(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Russia destroyed Kosmos-1408 in orbit. Imagery shows construction at the test "
                "sites on Novaya Zemlya and at Lop Nur. The Ratification of Nuclear Test Ban "
                "Treaty law passed.", date="November 2, 2023")
    names = labels(r)
    assert not {"Kosmos-1408", "Lop Nur"} & names
    assert not {n for n in names if n.startswith("Ratification")}


def test_holding_talks_is_meeting(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Sergei Ryabkov and Wendy Sherman have held two rounds of talks. Lavrov held "
                "talks with Blinken in Stockholm. They agreed to resume talks with Wang Yi.",
                date="March 3, 2022")
    met = {frozenset((a, b)) for a, t, b in relations(r) if t == "meetsWith"}
    assert frozenset(("Sergey Ryabkov", "Wendy Sherman")) in met
    assert frozenset(("Sergey Lavrov", "Antony Blinken")) in met
    assert not {m for m in met if "Wang Yi" in m}  # talks agreed on are not held yet


def test_a_judged_decision_stands_for_the_act_reported_before(extractor, tmp_path: Path
                                                               ) -> None:
    r = extract(extractor, tmp_path,
                "Russia has suspended its participation in New START, Vladimir Putin "
                "announced on Tuesday.\n\nThe State Duma voted to approve a law formalising the "
                "suspension. Antony Blinken called the decision deeply unfortunate and "
                "irresponsible.")
    s = stances(r)
    assert s[("Russia", "New START")] == (OPPOSE, ASSERTED)
    assert s[("State Duma", "New START")] == (OPPOSE, ASSERTED)  # approving the act
    assert s[("Antony Blinken", "New START")] == (SUPPORT, ASSERTED)  # condemning it
    assert s[("Antony Blinken", "Russia")] == (OPPOSE, ASSERTED)  # and its doer
    assert ("Antony Blinken", "Vladimir Putin") not in s  # the state acted, he announced


def test_a_decision_with_nothing_before_it_is_no_stance(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "Antony Blinken called the decision irresponsible.")
    assert not [st for st in r.statements if st.kind == "stance"]


def test_phrasal_verbs_of_a_position(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Washington stands firmly behind the Normandy format. Germany and France "
                "lined up behind the United States. Russia turned against the INF Treaty in "
                "2018.")
    s = stances(r)
    assert s[("United States", "Normandy format")] == (SUPPORT, ASSERTED)
    assert s[("Germany", "United States")] == (SUPPORT, ASSERTED)
    assert s[("France", "United States")] == (SUPPORT, ASSERTED)
    assert s[("Russia", "INF Treaty")] == (OPPOSE, ASSERTED)


def test_they_after_two_actors_who_met(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Joe Biden met Vladimir Putin in Geneva. They agreed to begin expert "
                "consultations on cybersecurity.\n\nThe sanctions hurt Russia. They also "
                "hurt Germany.")
    s = stances(r)
    assert s[("Joe Biden", "cybersecurity")] == (SUPPORT, ASSERTED)
    assert s[("Vladimir Putin", "cybersecurity")] == (SUPPORT, ASSERTED)
    assert ("Joe Biden", "cooperatesWith", "Vladimir Putin") in relations(r)
    # "They" after a plural noun is not the two actors
    assert not any(st.subject == "russia" for st in r.statements)


def test_the_treaty_an_op_ed_is_about(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "New START is the last treaty of its kind. New START caps warheads, and the "
                "INF Treaty is gone.\n\nLetting it lapse would be a risk.\n\nInspections "
                "matter.\n\nVerification is hard.\n\nVladimir Putin proposed extending the "
                "treaty.")
    # nothing named in the paragraphs before: the treaty named most, if clearly so
    assert stances(r)[("Vladimir Putin", "New START")][0] == SUPPORT


def test_a_pending_time_clause_is_not_a_fact(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The sanctions must stay in place until Russia implements the Minsk "
                "agreements in full.")
    assert ("Russia", "partyTo", "Minsk agreements") not in relations(r)
    assert ("Russia", "Minsk agreements") not in stances(r) or stances(r)[
        ("Russia", "Minsk agreements")][1] == HYPOTHETICAL


def test_refusing_to_recognise_a_treaty_named_before_its_relative_clause(
        extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Moscow cited the Minsk agreements, a document that Kyiv and the European "
                "Union refuse to recognise.")
    s = stances(r)
    assert s[("European Union", "Minsk agreements")][0] == OPPOSE
    assert s[("Ukraine", "Minsk agreements")][0] == OPPOSE


def test_announcing_ones_own_action_is_a_position(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Joe Biden met Vladimir Putin in Geneva. In a joint statement, the presidents "
                "announced that their governments would soon launch a dialogue on strategic "
                "stability. They also agreed to begin expert consultations on "
                "cybersecurity.\n\nRussia announced that it would leave the Open Skies "
                "Treaty.\n\nThe United States announced new sanctions on Russia.\n\n"
                "Germany announced that France would strengthen the Arctic Council.")
    s = stances(r)
    assert s[("Joe Biden", "strategic stability")] == (SUPPORT, FUTURE)
    assert s[("Vladimir Putin", "strategic stability")] == (SUPPORT, FUTURE)
    assert s[("Vladimir Putin", "cybersecurity")] == (SUPPORT, ASSERTED)  # "They" = the two
    assert s[("Russia", "Open Skies Treaty")] == (OPPOSE, FUTURE)
    assert ("United States", "sanctions") not in s  # imposing them is a relation
    # another's action is not the announcer's own commitment
    assert not [st for st in r.statements if st.subject == "germany"
                and st.evidence[0].rule == "stance.announced"]


def test_a_list_of_titled_leaders_who_met(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "On Wednesday night, German Chancellor Angela Merkel, French President François "
                "Hollande, Russian President Vladimir Putin and Ukrainian President Petro "
                "Poroshenko met in Berlin.", date="October 20, 2016")
    met = {frozenset((a, b)) for a, t, b in relations(r) if t == "meetsWith"}
    people = ["Angela Merkel", "François Hollande", "Vladimir Putin", "Petro Poroshenko"]
    assert met == {frozenset((a, b)) for a in people for b in people if a < b}


def test_rounds_of_sanctions_and_the_council_of_the_article(extractor, tmp_path: Path
                                                              ) -> None:
    r = extract(extractor, tmp_path,
                "The United States and the European Union have imposed successive rounds of "
                "sanctions on Russia.\n\nThe Arctic Council met in May. At the meeting, Russia "
                "took over the chairmanship of the Council from Iceland.")
    rel = relations(r)
    assert {("United States", "sanctions", "Russia"),
            ("European Union", "sanctions", "Russia"),
            ("Russia", "chairs", "Arctic Council")} <= rel
    # no entity named "Council" beside the Arctic Council
    assert not [e for e in r.entities.values() if e.label.lower() == "council"]


def test_names_under_a_fronted_phrase_and_what_only_describes_the_object(
        extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "In 2013 President Barack Obama and Vladimir Putin agreed to set up a hotline "
                "for cyber incidents, modelled on the crisis links of the Cold War.",
                date="October 20, 2016")
    assert ("Barack Obama", "cooperatesWith", "Vladimir Putin") in relations(r)
    assert not [k for k in stances(r) if k[1] == "Cold War"]


def test_a_normative_clause_that_predicates_harm(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Cooperation on climate change must not become another casualty of the war. "
                "Sanctions must remain a mistake of the past.")
    s = stances(r)
    assert s[("AUTHOR", "climate change")] == (SUPPORT, NORMATIVE)
    assert s[("AUTHOR", "sanctions")] == (OPPOSE, NORMATIVE)


def test_speakers_who_hold_office_share_their_states_position(extractor, tmp_path: Path
                                                               ) -> None:
    r = extract(extractor, tmp_path,
                "In December, Vladimir Putin said Russia was ready to extend New START "
                "without preconditions.\n\nSergey Lavrov said Washington was ready to leave "
                "the INF Treaty.", date="December 20, 2019")
    s = stances(r)
    assert s[("Vladimir Putin", "New START")][0] == SUPPORT  # he speaks for Russia
    assert s[("Russia", "New START")][0] == SUPPORT
    assert ("Sergey Lavrov", "INF Treaty") not in s  # he does not speak for Washington


def test_charges_offers_and_contact_are_not_positions(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Russia accused Washington of breaching the INF Treaty. Vladimir Putin "
                "proposed to Donald Trump a joint working group on cybersecurity. Joe Biden "
                "also spoke briefly with Li Qiang.", date="July 20, 2018")
    s = stances(r)
    assert s[("Russia", "United States")][0] == OPPOSE
    assert ("Russia", "INF Treaty") not in s
    assert ("Vladimir Putin", "Donald Trump") not in s
    assert s[("Vladimir Putin", "cybersecurity")][0] == SUPPORT
    assert not [k for k in s if k[0] == "Joe Biden"]


def test_treaties_implied_by_it_and_by_an_extension(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The CTBT bans nuclear tests. Russia signed it in 1996 and ratified it in "
                "2000.\n\nNew START expires soon. Washington does not support a simple "
                "extension.")
    assert {("Russia", "signs", "Comprehensive Nuclear-Test-Ban Treaty"),
            ("Russia", "partyTo", "Comprehensive Nuclear-Test-Ban Treaty")} <= relations(r)
    assert stances(r)[("United States", "New START")] == (OPPOSE, ASSERTED)


def test_both_men_and_deputies(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The European Union froze the assets of Vladimir Putin and Sergey Lavrov. "
                "Britain imposed similar sanctions on both men within hours.\n\nDmitry "
                "Medvedev, deputy chairman of Russia's Security Council, spoke next.",
                date="February 27, 2022")
    rel = relations(r)
    assert {("United Kingdom", "sanctions", "Vladimir Putin"),
            ("United Kingdom", "sanctions", "Sergey Lavrov")} <= rel
    medvedev = {(a, t) for a, t, _ in rel if a == "Dmitry Medvedev"}
    assert ("Dmitry Medvedev", "memberOf") in medvedev
    assert ("Dmitry Medvedev", "leads") not in medvedev and (
        "Dmitry Medvedev", "chairs") not in medvedev


def test_long_names_that_hold_a_known_name(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The International Syria Support Group met in Munich on Friday. Sofia Marchetti "
                "is Director of the Center for International Information Security. Leaders "
                "of the Group of Twenty on Saturday adopted the New Delhi Leaders' "
                "Declaration.", date="September 12, 2023")
    classes = {e.label: e.cls for e in r.entities.values()}
    assert classes["International Syria Support Group"] == "Forum"
    assert classes["Center for International Information Security"] == "Organization"
    assert classes["New Delhi Leaders' Declaration"] == "Treaty"
    assert "Syria" not in labels(r)  # named only inside the forum's name
    assert "G20" in labels(r) and not [k for k in classes if "Saturday" in k]
    assert ("Sofia Marchetti", "leads", "Center for International Information Security") in \
        relations(r)


def test_a_partisan_noun_gives_the_one_it_names_a_side(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Lukashenko spoke on Monday. Belarus, Putin's closest ally, backed the plan. "
                "Alexei Navalny, a fierce critic of the Kremlin, was jailed.")
    st = stances(r)
    assert st[("Belarus", "Vladimir Putin")][0] == SUPPORT
    assert st[("Alexei Navalny", "Russia")][0] == OPPOSE


def test_the_measures_refer_to_the_sanctions_just_named(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The United States imposed sanctions on Russia on Thursday. Britain and Poland "
                "also voiced support for the measures.")
    st = stances(r)
    assert st[("United Kingdom", "sanctions")][0] == SUPPORT
    assert st[("Poland", "sanctions")][0] == SUPPORT


def test_the_parties_of_a_welcomed_dialogue_are_not_its_targets(extractor,
                                                                tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Beijing welcomed the renewed dialogue between Washington and Moscow.")
    st = stances(r)
    assert st[("China", "U.S.–Russia cooperation")][0] == SUPPORT
    assert ("China", "United States") not in st and ("China", "Russia") not in st


def test_a_titled_speaker_holds_the_position_of_the_state_in_the_title(
        extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "China's UN Ambassador Fu Cong said Beijing welcomed the renewed dialogue "
                "between Washington and Moscow.")
    holders = {h for (h, t) in stances(r) if t == "U.S.–Russia cooperation"}
    assert holders == {"China", "Fu Cong"}


def test_criticism_from_an_actor_is_held_by_it(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Antonio Guterres came to Kazan despite sharp criticism of his decision "
                "from Kyiv.")
    st = stances(r)
    assert st[("Ukraine", "António Guterres")][0] == OPPOSE
    assert ("António Guterres", "Ukraine") not in st


def test_warning_against_and_objecting_to_are_opposition(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Moscow has warned against NATO's growing military activity in the High North. "
                "Hungary, an EU member that has repeatedly objected to new sanctions, did not "
                "block it.")
    st = stances(r)
    assert st[("Russia", "NATO")][0] == OPPOSE
    assert st[("Hungary", "sanctions")][0] == OPPOSE


def test_in_favor_of_is_support(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "Germany came out in favor of sanctions on Saturday.")
    assert stances(r)[("Germany", "sanctions")][0] == SUPPORT


def test_what_a_possessor_is_criticized_for_is_not_a_target(extractor,
                                                            tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "Washington has criticized Beijing's Arctic ambitions.")
    st = stances(r)
    assert st[("United States", "China")][0] == OPPOSE
    assert not [t for (h, t) in st if t == "Arctic"]


def test_a_restrictive_description_is_not_the_two_countries(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Russia and the United States met in Geneva. Russia and the United States "
                "disagreed. Sybiha thanked the countries that backed the General Assembly "
                "resolution.")
    assert not [h for (h, t) in stances(r) if t == "United Nations General Assembly"]


def test_pressure_to_act_under_a_condition_is_no_stance(extractor, tmp_path: Path) -> None:
    text = ("{}the administration will come under heavy pressure from Congress to impose "
            "new sanctions on Russia.")
    st = stances(extract(extractor, tmp_path, text.format("If the attacks continue, ")))
    assert ("United States Congress", "sanctions") not in st
    st = stances(extract(extractor, tmp_path, text.format("").capitalize()))
    assert st[("United States Congress", "sanctions")][0] == SUPPORT


def test_a_leader_holds_no_stance_towards_his_own_state(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Biden and Modi welcomed New Delhi's plan to buy American-made drones.",
                date="September 10, 2023")
    assert ("Narendra Modi", "India") not in stances(r)


def test_the_byline_is_no_antecedent_of_a_pronoun(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "He also met UN Secretary-General Antonio Guterres.",
                author="John Smith")
    assert not [s for s in r.statements if s.type == "meetsWith"]


def core_stances(record: DocumentRecord) -> set[tuple[str, str, str]]:
    name = {k: v.label for k, v in record.entities.items()}
    return {(name.get(s.subject, s.subject), name.get(s.object, s.object), s.polarity or "")
            for s in record.statements if s.kind == "stance" and s.core}


def test_refusing_a_favourable_act_is_opposition_refusing_to_condemn_is_none(
        extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Kyiv and the European Union refused to recognise the annexation of Crimea. "
                "Beijing refused to condemn Moscow.")
    s = core_stances(r)
    assert ("European Union", "annexation of Crimea", OPPOSE) in s
    assert ("Ukraine", "annexation of Crimea", OPPOSE) in s
    assert not [x for x in s if x[0] == "China"]  # not doing a hostile act is no support


def test_a_long_treaty_name_with_to_and_of_the(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Putin signed the Treaty on the Accession of the Republic of Crimea to Russia. "
                "Lavrov flew from Washington to Moscow, and the President of the Russian "
                "International Affairs Council met him.")
    classes = {e.label: e.cls for e in r.entities.values()}
    treaty = "Treaty on the Accession of the Republic of Crimea to Russia"
    assert classes[treaty] == "Treaty"
    assert ("Vladimir Putin", "signs", treaty) in relations(r)
    assert "Russian International Affairs Council" in classes  # a title is no part of a name
    assert not [k for k in classes if "Washington to" in k]


def test_a_participle_with_an_agent_gives_the_agent_a_position(extractor, tmp_path: Path
                                                                ) -> None:
    r = extract(extractor, tmp_path,
                "The General Assembly set up the Open-Ended Working Group, sponsored by Russia. "
                "The resolution on Syria, opposed by Russia, was adopted.")
    s = core_stances(r)
    assert ("Russia", "Open-Ended Working Group", SUPPORT) in s
    assert not [x for x in s if x[1] == "Syria"]  # the resolution, not what it is on


def test_acts_of_war_against_an_actor_are_opposition(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "In Moscow, Hollande and Putin agreed to coordinate their air strikes against "
                "the Islamic State. Russia and the United States both fight ISIS and the "
                "Taliban. Neither country wants a war against the other.")
    s = core_stances(r)
    for holder in ("François Hollande", "Vladimir Putin", "Russia", "United States"):
        assert (holder, "Islamic State", OPPOSE) in s
    assert ("Russia", "Taliban", OPPOSE) in s
    assert ("Russia", "United States", OPPOSE) not in s


def test_united_in_imposing_sanctions_is_no_membership(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The G7 was united in imposing sanctions on Russia for its actions in Ukraine. "
                "The Normandy format, which brings together Russia, Ukraine, France and "
                "Germany, met in Paris.")
    members = {(a, b) for a, t, b in relations(r) if t == "memberOf"}
    assert ("Russia", "G7") not in members and ("Ukraine", "G7") not in members
    assert ("Germany", "Normandy format") in members and ("Russia", "Normandy format") in members


def test_memberships_named_by_a_compound_and_by_founding(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "Hungary, an EU member state, did not block the package. Turkey, a NATO "
                "member, abstained. BRICS was founded by Brazil, Russia, India and China. "
                "The commission was created by Congress in 1999.")
    members = {(a, b) for a, t, b in relations(r) if t == "memberOf"}
    assert ("Hungary", "European Union") in members  # not negated by "did not block"
    assert ("Turkey", "NATO") in members
    assert {("Brazil", "BRICS"), ("Russia", "BRICS"), ("India", "BRICS"),
            ("China", "BRICS")} <= members
    assert not [m for m in members if m[0] == "United States Congress"]


def test_ruling_a_state_is_leading_it_leading_a_delegation_is_not(extractor, tmp_path: Path
                                                                   ) -> None:
    r = extract(extractor, tmp_path,
                "Assad, who had ruled Syria since 2000, fled to Moscow. Biden led the American "
                "delegation to the NATO summit.")
    leads = {(a, b) for a, t, b in relations(r) if t == "leads"}
    assert ("Bashar al-Assad", "Syria") in leads
    assert ("Joe Biden", "United States") not in leads


def test_working_together_the_bare_chairmanship_and_one_of_the_members(
        extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "For decades Moscow and Washington worked side by side in the Arctic. Russia, "
                "which had chaired the Arctic Council since 2021, handed the chairmanship to "
                "Norway. France, one of the Security Council's five permanent members, "
                "abstained. Norway would work to keep the forum alive.")
    rel = relations(r)
    assert ("Russia", "cooperatesWith", "United States") in rel or \
        ("United States", "cooperatesWith", "Russia") in rel
    assert ("Norway", "chairs", "Arctic Council") in rel
    assert ("France", "memberOf", "United Nations Security Council") in rel
    assert not [x for x in rel if x[1] == "cooperatesWith" and "Norway" in x]


def test_hoped_is_a_wish_not_a_hop(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path, "Trump hoped to meet Putin soon.")
    assert ("Donald Trump", "Vladimir Putin", SUPPORT) in core_stances(r)
    assert not relations(r)  # a meeting hoped for is not one held
    assert ("Donald Trump", "meetsWith", "Vladimir Putin") in relations(r, core=False)
    assert [t.lemma_ for t in extractor.nlp("Moscow hopes, hoping, hoped.")
            if t.lower_.startswith("hop")] == ["hope", "hope", "hope"]


def test_a_texts_position_is_held_by_its_authors(extractor, tmp_path: Path) -> None:
    r = extract(extractor, tmp_path,
                "The General Assembly adopted a resolution drafted jointly by Ukraine and the "
                "European Union that condemns Russia's aggression. The resolution, sponsored "
                "by France, supports the Minsk agreements. A resolution that praises China was "
                "debated. In April, Robert Mueller released a report that accused the Russian "
                "government of interfering in the election.")
    s = core_stances(r)
    for holder in ("United Nations General Assembly", "Ukraine", "European Union"):
        assert (holder, "Russia", OPPOSE) in s
    assert ("France", "Minsk agreements", SUPPORT) in s
    assert ("Robert Mueller", "Russia", OPPOSE) in s
    assert not [x for x in s if x[1] == "China"]  # a text nobody is said to have written


def test_a_states_possessive_on_its_head_and_a_list_after_including(extractor, tmp_path: Path
                                                                     ) -> None:
    r = extract(extractor, tmp_path,
                "Syria's Bashar al-Assad flew to Moscow. Russia's Sergey Lavrov met him. The "
                "Normandy format, which brings together several states, including Russia, "
                "Ukraine, France and Germany, met in Paris.", date="March 1, 2022")
    rel = relations(r)
    assert ("Bashar al-Assad", "leads", "Syria") in rel
    assert ("Sergey Lavrov", "leads", "Russia") not in rel  # a minister, not its head
    assert {("Russia", "memberOf", "Normandy format"),
            ("Germany", "memberOf", "Normandy format")} <= rel


def test_acting_jointly_is_cooperation_meeting_jointly_is_not(extractor, tmp_path: Path
                                                              ) -> None:
    r = extract(extractor, tmp_path,
                "Kerry and Lavrov held talks and then jointly announced plans for a truce. "
                "Merkel and Macron jointly met Zelensky.")
    rel = relations(r)
    assert ("John Kerry", "cooperatesWith", "Sergey Lavrov") in rel or \
        ("Sergey Lavrov", "cooperatesWith", "John Kerry") in rel
    assert not [x for x in rel if x[1] == "cooperatesWith" and "Angela Merkel" in x]
