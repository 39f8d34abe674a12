"""Generated fictional articles for benchmarks: varied names, places, dates and events, reproducible."""

from __future__ import annotations

import random
from collections.abc import Iterator

__all__ = ["generate_articles"]

GIVEN = ["Aigerim", "Nurlan", "Serik", "Gulnar", "Yerlan", "Dana", "Marat", "Saule", "Askar", "Aizhan",
         "Berik", "Zhanar", "Talgat", "Madina", "Erbol", "Kuanysh", "Mehmet", "Abdurahman", "Gulbahar", "Ilham"]
SURNAMES = ["Tursunuly", "Serikkyzy", "Omarov", "Nurlanova", "Kadyrbek", "Abdrakhmanov", "Zhaksylyk",
            "Tokhtar", "Seitkali", "Beisenova", "Imin", "Tokhti", "Mamyrov", "Kasymova", "Ospan"]
PLACES = ["Ghulja", "Tacheng", "Altay", "Urumqi", "Kashgar", "Hotan", "Aksu", "Bortala", "Changji", "Karamay"]
KZ = ["Almaty", "Zharkent", "Taldykorgan", "Astana", "Shymkent", "Oskemen", "Semey"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
FILLER = ("The family asked that their relatives' names be withheld. Neighbours said the village had changed "
          "beyond recognition, with checkpoints at every crossing and cameras above the market. ")


def _article(rng: random.Random, i: int, words: int) -> str:
    name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
    first = name.split()[0]
    y = rng.randint(2014, 2020)
    m1, m2 = rng.sample(MONTHS, 2)
    age = rng.randint(19, 70)
    parts = [
        f"{rng.choice(KZ).upper()}, {rng.randint(1, 28)} {rng.choice(MONTHS)} {y + 2} — "
        f"{name}, {age}, an ethnic Kazakh from {rng.choice(PLACES)}, says police detained him in {m1} {y}.",
        f"\u201cThey kept me for {rng.randint(2, 30)} months in the camp and beat me,\u201d {first} said.",
        f"He was released in {m2} {y + 1} and crossed the border into Kazakhstan on {rng.randint(1, 28)} {m2}.",
        f"His brother is still detained in {rng.choice(PLACES)}. The family paid a fine of "
        f"{rng.randint(1, 90) * 1000:,} yuan.",
        f"{first} applied for asylum in {rng.choice(KZ)}; a court hearing is set for {rng.choice(MONTHS)} {y + 3}.",
        f"Case number {i}.",
    ]
    text = " ".join(parts)
    while len(text.split()) < words:
        text += " " + FILLER
    return text


def generate_articles(n: int, *, seed: int = 7, words: tuple[int, int] = (300, 800)) -> Iterator[str]:
    """`n` distinct fictional articles of `words` length, the same for the same seed."""
    rng = random.Random(seed)
    for i in range(n):
        yield _article(rng, i, rng.randint(*words))
