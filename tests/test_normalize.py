"""Normalisation: aliases, stems, stop words, user tables."""

from __future__ import annotations

from readout_diff.lexicon import ALIASES
from readout_diff.normalize import Analyzer, fold, stem


def terms(text: str, extra: dict[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    return Analyzer(extra).terms(text)


def test_country_and_name_variants_share_a_term() -> None:
    assert terms("Kyiv") == terms("Kiev") == terms("Ukrainian") == ("ukraine",)
    assert terms("Zelenskyy") == terms("Zelensky") == ("zelensky",)
    assert terms("the U.S.") == terms("the United States") == terms("Washington") == ("usa",)
    assert terms("PRC") == terms("Beijing") == terms("China") == ("china",)


def test_capital_acronyms_match_only_in_capitals() -> None:
    assert terms("US and AI") == ("usa", "ai")
    assert terms("let us talk about ai") == ("talk", "ai")


def test_diplomatic_synonyms() -> None:
    assert terms("truce") == terms("ceasefire") == terms("cessation of hostilities")
    assert terms("non-proliferation") == terms("proliferation")
    assert terms("artificial intelligence") == terms("AI")


def test_the_words_readouts_use_for_one_thing_share_a_term() -> None:
    # One concept, said as each government says it: a document, a format, a courtesy.
    assert terms("a joint declaration") == terms("a Joint Statement") == terms("the communique")
    assert terms("behind closed doors") == terms("one-on-one") == terms("tête-à-tête")
    assert terms("condolences") == terms("his sympathy")
    assert terms("Ukraine's European aspirations") == terms("Ukraine's EU membership")
    assert terms("grain exports") == terms("food security")
    assert terms("a Patriot battery") == terms("air defence battery")
    assert terms("the UN Charter") == terms("international law")
    # A kind of a thing is not the thing: gas is one energy among others.
    assert terms("natural gas") != terms("energy")


def test_how_a_call_went_and_what_it_covered_share_terms() -> None:
    # The tone of the talks, as each house style says it.
    assert (
        terms("a candid discussion")
        == terms("a frank discussion")
        == terms("an in-depth discussion")
    )
    assert terms("a productive call") == terms("a collegial call")
    # A crisis of something is that thing.
    assert terms("the food crisis") == terms("food security")
    assert terms("people-to-people ties") == terms("exchanges between their peoples")
    assert terms("the coronavirus") == terms("the health emergency") == ("pandemic",)
    assert terms("they will speak again") == terms("they will remain in close touch")


def test_framing_of_a_request_or_a_pledge_is_not_content() -> None:
    # "called for" and "committed to" say how a point is made, not what it is.
    assert terms("called for their release") == terms("release")
    assert terms("urged a ceasefire") == terms("ceasefire")
    assert terms("remains committed to dialogue") == terms("dialogue")
    # Only the bundled framing group is dropped: a user's group keeps its term, whatever it is.
    assert terms("POTUS urged", {"president": ("POTUS",)}) == ("president",)


def test_longest_alias_wins() -> None:
    assert terms("the NATO-Russia Council") == ("natorussiacouncil",)
    assert terms("United States of America") == ("usa",)


def test_boilerplate_and_function_words_are_dropped() -> None:
    assert terms("The two leaders discussed the importance of the issues.") == ()


def test_how_a_readout_reports_and_lists_is_not_content() -> None:
    # "he added that", "including": the frame of a point, which ties unrelated claims.
    assert terms("He added that the ceasefire must hold.") == terms("the ceasefire must hold")
    assert terms("including the release of hostages") == terms("the release of hostages")
    assert terms("She explained and described the plan, and conveyed it.") == terms("the plan")


def test_stemming_unites_word_forms() -> None:
    assert stem("sanctions") == stem("sanctioned")
    assert terms("negotiating") == terms("negotiations")
    assert stem("fertilisers") == stem("fertilizer")


def test_spans_point_at_the_words() -> None:
    text = "Talks on ransomware in Kiev."
    spans = [text[t.start : t.end] for t in Analyzer().tokens(text)]
    assert spans == ["Talks", "ransomware", "Kiev"]


def test_user_aliases_extend_the_table() -> None:
    assert terms("Camp David", {"venue": ("Camp David", "Maryland retreat")}) == ("venue",)
    assert terms("Maryland retreat", {"venue": ("Camp David", "Maryland retreat")}) == ("venue",)


def test_other_scripts_pass_through() -> None:
    assert terms("Путин") == ("путин",)
    assert terms("中美关系") == ("中美", "美关", "关系")


def test_fold_for_phrase_matching() -> None:
    assert fold("Kyiv’s  “plan”\n") == fold('kyiv\'s "PLAN"')


def test_a_user_alias_sharing_a_bundled_spelling_takes_effect() -> None:
    from readout_diff.normalize import parse_aliases

    table = parse_aliases({"geneva": ["Geneva", "Strategic Stability Dialogue"]}, path="a.yaml")
    analyzer = Analyzer(table)
    assert (
        analyzer.terms("Talks in Geneva.")[-1] == analyzer.terms("Strategic Stability Dialogue")[0]
    )


def test_alias_keys_may_hold_spaces() -> None:
    from readout_diff.normalize import parse_aliases

    table = parse_aliases({"nuclear plant": ["nuclear power station", "NPP"]}, path="a.yaml")
    analyzer = Analyzer(table)
    assert analyzer.terms("the NPP") == analyzer.terms("a nuclear power station")


def test_a_hyphenated_compound_is_one_term_not_its_first_word() -> None:
    # "ended it long ago" was tied to "a long-term settlement" by the word "long".
    assert not set(terms("He ended it long ago.")) & set(terms("a long-term settlement"))
    assert terms("a long-term settlement")[0] == terms("long-term")[0]
    assert terms("long\u2011term") == terms("long\u2010term") == terms("long-term")
    # names joined by a hyphen, and stop-list prefixes, still leave each word to match
    assert "missil" in terms("anti-missile") and terms("missile") == ("missil",)
    assert terms("Russia-Ukraine talks")[:2] == ("russia", "ukraine")


def test_no_bundled_spelling_is_a_suffix_or_title_alone() -> None:
    # "Jr." once stood as a spelling of Biden, tying "Martin Luther King Jr." to him.
    assert "biden" not in terms("He quoted Martin Luther King Jr. at length.")
    assert "biden" in terms("President Joseph R. Biden, Jr. spoke.")
    for key, spellings in ALIASES.items():
        for spelling in spellings:
            assert spelling.strip(" .,").casefold() not in {"jr", "sr", "mr", "ms", "dr"}, key
