"""Kazakh names in English-news Latin and in Russian Cyrillic spelling."""

from __future__ import annotations

import pytest

from kazakh.translit import to_latin, to_russian


@pytest.mark.parametrize(
    ("kazakh", "latin"),
    [
        ("Ермағанбет Бөлекпаев", "Yermaganbet Bolekpayev"),
        ("Жақып Асанов", "Zhakyp Asanov"),
        ("Серік Беркамалов", "Serik Berkamalov"),
        ("Ерболат Закиров", "Yerbolat Zakirov"),
        ("Қасым-Жомарт Тоқаев", "Kasym-Zhomart Tokayev"),
        ("Нұрсұлтан Назарбаев", "Nursultan Nazarbayev"),
        ("Күләш Шәмшидинова", "Kulash Shamshidinova"),
        ("Әлия Үсенова", "Aliya Usenova"),
        ("Өскемен", "Oskemen"),
        ("Шұбаркөл", "Shubarkol"),
        ("Щучинск", "Shchuchinsk"),
        ("Һарун Ходжаев", "Harun Khodzhayev"),
        ("Юлия Цой", "Yuliya Tsoy"),
        ("Дмитрий Пыхтин", "Dmitriy Pykhtin"),
        ("Бақытжан Сағынтаев", "Bakytzhan Sagyntayev"),
    ],
)
def test_to_latin_names(kazakh: str, latin: str) -> None:
    assert to_latin(kazakh) == latin


def test_to_latin_e_is_ye_only_at_word_start_and_after_vowels() -> None:
    assert to_latin("Ербол Серікбаев") == "Yerbol Serikbayev"
    assert to_latin("Бекет") == "Beket"


def test_to_latin_keeps_case_punctuation_and_other_scripts() -> None:
    assert to_latin("ЖАҚЫП АСАНОВ") == "ZHAKYP ASANOV"
    assert to_latin("Ж. Асанов, BAQ.KZ, 2026 ж.") == "Zh. Asanov, BAQ.KZ, 2026 zh."
    assert to_latin("") == ""


def test_to_latin_output_is_ascii_for_kazakh_text() -> None:
    text = "Әәғқңөұүһі ӘҒҚҢӨҰҮҺІ ёщъьэюя"
    assert to_latin(text).isascii()


@pytest.mark.parametrize(
    ("kazakh", "russian"),
    [
        ("Бөлекпаев", "Болекпаев"),
        ("Жақып Асанов", "Жакып Асанов"),
        ("Серік Беркамалов", "Серик Беркамалов"),
        ("Ермағанбет", "Ермаганбет"),
        ("Қасым-Жомарт Тоқаев", "Касым-Жомарт Токаев"),
        ("Күләш Шәмшидинова", "Кулаш Шамшидинова"),
        ("Һ ң ӨҰҮ", "Х н ОУУ"),
    ],
)
def test_to_russian(kazakh: str, russian: str) -> None:
    assert to_russian(kazakh) == russian


def test_to_russian_leaves_russian_and_latin_alone() -> None:
    assert to_russian("Болекпаев, Bolekpayev") == "Болекпаев, Bolekpayev"
