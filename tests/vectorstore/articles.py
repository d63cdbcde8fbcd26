"""Small invented articles for the store tests (several processes, both backends)."""

from __future__ import annotations

import json
from pathlib import Path

ARTICLES = [
    {
        "id": "kz-park",
        "title": "Алматыда жаңа саябақ ашылды",
        "date": "2026-04-01",
        "source": "Kazinform",
        "paragraphs": [
            "Алматыда жаңа саябақ ашылды.",
            "Қала әкімі Ерлан Қожағапанов саябақтың тұрғындар үшін маңызды екенін атап өтті.",
            "«Саябақта велосипед жолдары мен балалар алаңы бар», – деді Ерлан Қожағапанов.",
        ],
    },
    {
        "id": "kz-school",
        "title": "Қарағандыда үш мектеп салынады",
        "date": "2026-04-03",
        "source": "BAQ.KZ",
        "paragraphs": [
            "Қарағанды облысында биыл үш жаңа мектеп салынады.",
            "Облыс әкімінің орынбасары Гүлнар Сәрсенова құрылыс жұмыстары мамыр айында "
            "басталатынын айтты.",
            "«Әр мектеп бір мың екі жүз оқушыға арналған», – деді ол.",
        ],
    },
    {
        "id": "kz-train",
        "title": "Астана мен Алматы арасында жаңа пойыз жүреді",
        "date": "2026-04-05",
        "source": "Kazinform",
        "paragraphs": [
            "Астана мен Алматы арасында жүрдек пойыз қатынай бастайды.",
            "Көлік министрі Нұрлан Әбдіқалықов пойыздың жолға он екі сағат жұмсайтынын хабарлады.",
            "Билеттер сәуір айының соңында сатылымға шығады.",
        ],
    },
    {
        "id": "kz-water",
        "title": "Шымкентте жаңа су қоймасы іске қосылды",
        "date": "2026-04-07",
        "source": "BAQ.KZ",
        "paragraphs": [
            "Шымкент қаласында жаңа су қоймасы іске қосылды.",
            "Су қоймасы қаланың оңтүстік аудандарын ауыз сумен тәулік бойы қамтамасыз етеді.",
            "Қала әкімі Ғабит Сыздықбеков «Енді әр үйде таза су болады», – деді.",
        ],
    },
]

WATER_QUESTION = "Шымкентте қандай су қоймасы іске қосылды?"


def write_jsonl(path: Path, ids: list[str]) -> Path:
    """A JSONL file holding the articles with these ids."""
    rows = [a for a in ARTICLES if a["id"] in ids]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path
