"""Splitting Russian prose: abbreviations, initials, guillemets and clause joiners.

The sentences are written for these tests; the English rules they mirror are in
test_segment.py.
"""

from __future__ import annotations

import pytest

from readout_diff.segment import split_prose


def sentences(text: str) -> list[str]:
    return [t for t, *_ in split_prose(text, clauses=False)]


def clauses(text: str) -> list[str]:
    return [t for t, *_ in split_prose(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Стороны, т.е. обе делегации, согласовали повестку.",
        "Встреча перенесена, т.к. Вашингтон не подтвердил дату.",
        "Обсуждались торговые связи, в т.ч. Поставки зерна через порты.",
        "Переговоры прошли в г. Женеве при закрытых дверях.",
        "Договор, подписанный в 1987 г. Москвой и Вашингтоном, больше не действует.",
        "В 2014–2015 гг. Россия и Украина подписали Минские соглашения.",
        "Посольство на ул. Ильинка примет делегацию.",
        "Доклад подготовили в МГУ им. Ломоносова к началу сессии.",
        "Подробности приведены в приложении, см. Раздел второй.",
        "В.В. Путин провёл телефонный разговор с Президентом США.",
        "Министр иностранных дел С.В. Лавров встретился с коллегой.",
        "Д. Трамп поддержал идею обмена пленными.",
        "Беседа Дж. Байдена и В.В. Путина длилась два часа.",
        "Президент назвал переговоры «полезными. И откровенными» в своём заявлении.",
        "Стороны обсудили торговлю, энергетику и др. отрасли экономики.",
    ],
)
def test_abbreviations_initials_and_quotes_do_not_end_a_russian_sentence(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Договор подписан в 1987 г. Он действовал более тридцати лет.",
            ["Договор подписан в 1987 г.", "Он действовал более тридцати лет."],
        ),
        (
            "Обсуждались энергетика, транспорт и т.д. Президенты договорились продолжить.",
            ["Обсуждались энергетика, транспорт и т.д.", "Президенты договорились продолжить."],
        ),
        (
            "Стороны обменялись мнениями по Ирану, Сирии и т.п. Следующая встреча в мае.",
            ["Стороны обменялись мнениями по Ирану, Сирии и т.п.", "Следующая встреча в мае."],
        ),
        (
            "Он назвал цель «благородной». Беседа продолжалась час.",
            ["Он назвал цель «благородной».", "Беседа продолжалась час."],
        ),
        (
            "Разговор был деловым. В.В. Путин поблагодарил собеседника.",
            ["Разговор был деловым.", "В.В. Путин поблагодарил собеседника."],
        ),
    ],
)
def test_russian_sentences_end_where_they_should(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Президенты обсудили ситуацию на Ближнем Востоке, а также перспективы торговли"
            " между двумя странами.",
            [
                "Президенты обсудили ситуацию на Ближнем Востоке",
                "а также перспективы торговли между двумя странами.",
            ],
        ),
        (
            "Москва готова к диалогу по безопасности; стороны условились продолжить"
            " консультации экспертов.",
            [
                "Москва готова к диалогу по безопасности;",
                "стороны условились продолжить консультации экспертов.",
            ],
        ),
        (
            "Российский лидер предложил провести хоккейные матчи ветеранов, и американский"
            " президент эту идею поддержал.",
            [
                "Российский лидер предложил провести хоккейные матчи ветеранов",
                "и американский президент эту идею поддержал.",
            ],
        ),
        (
            "Мобилизация на Украине должна прекратиться, а поставки оружия Киеву должны"
            " быть остановлены.",
            [
                "Мобилизация на Украине должна прекратиться",
                "а поставки оружия Киеву должны быть остановлены.",
            ],
        ),
        (
            "Глава государства поблагодарил коллегу за содержательный разговор и подчеркнул"
            " важность регулярных контактов.",
            [
                "Глава государства поблагодарил коллегу за содержательный разговор",
                "и подчеркнул важность регулярных контактов.",
            ],
        ),
        (
            "Стороны обсудили вопросы стратегической стабильности, в том числе будущее"
            " договора о ракетах.",
            [
                "Стороны обсудили вопросы стратегической стабильности",
                "в том числе будущее договора о ракетах.",
            ],
        ),
    ],
)
def test_russian_clauses_split_where_english_ones_do(text: str, expected: list[str]) -> None:
    assert clauses(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # "а не": one point said against its opposite.
        "Договорённости нужно выполнять последовательно, а не нарушать их при каждом удобном"
        " случае.",
        # Two verbs of one predicate, sharing an object.
        "Киевский режим уже не раз срывал и нарушал подписанные им договорённости о перемирии.",
        # Nouns that end like a verb in the past tense.
        "Стороны обсудили международные нормы и правила торговли зерном и удобрениями.",
        "Эксперты изучат технические материалы и потенциал сотрудничества в энергетике.",
        # A list of words, not of points.
        "Москва оказывает военную, экономическую, и гуманитарную помощь союзникам.",
        # Too short a clause to be a point of its own.
        "Президенты говорили долго и подробно, и откровенно.",
        # Inside guillemets: quoted speech is never cut.
        "Он сказал: «Мы готовы к переговорам, и мы ждём ответа от партнёров» журналистам.",
    ],
)
def test_russian_clauses_that_are_one_point_stay_whole(text: str) -> None:
    assert clauses(text) == [text]


@pytest.mark.parametrize(
    ("text", "left"),
    [
        (
            'They discussed the "Strategic Stability Dialogue," as well as the separate'
            " expert channel on ransomware.",
            'They discussed the "Strategic Stability Dialogue,"',
        ),
        (
            'They discussed the "Strategic Stability", as well as the separate expert'
            " channel on ransomware.",
            'They discussed the "Strategic Stability"',
        ),
        (
            "They discussed the “Strategic Stability Dialogue,” as well as the separate"
            " expert channel on ransomware.",
            "They discussed the “Strategic Stability Dialogue,”",
        ),
        (
            "They discussed the “Strategic Stability”, as well as the separate expert"
            " channel on ransomware.",
            "They discussed the “Strategic Stability”",
        ),
        (
            "Они обсудили «Диалог по стратегической стабильности», а также отдельный"
            " канал экспертов по кибербезопасности.",
            "Они обсудили «Диалог по стратегической стабильности»",
        ),
    ],
)
def test_as_well_as_after_a_closing_quote_starts_a_clause(text: str, left: str) -> None:
    parts = clauses(text)
    assert parts[0] == left
    assert len(parts) == 2 and parts[1].startswith(("as well as", "а также"))


def test_a_comma_inside_a_quote_that_goes_on_still_shields_the_quote() -> None:
    text = (
        'He called it "a useful, and also a frank exchange on many issues" before the talks ended.'
    )
    assert clauses(text) == [text]


def test_every_russian_claim_keeps_its_span() -> None:
    text = (
        "Состоялся телефонный разговор В.В. Путина с Д. Трампом.\n\n"
        "Президенты обсудили Украину, а также положение на Ближнем Востоке и в районе"
        " Красного моря; договорились о контактах экспертов."
    )
    for claim, start, end, *_ in split_prose(text):
        assert text[start:end] == claim
