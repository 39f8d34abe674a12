"""Throughput of `extract_text` (rules.v1) against spaCy's bare tokenizer on the same fictional text.

    python benchmarks/extract.py [--docs 2000] [--seed 7]

Generates documents of 300–800 words from templates (fictional names, places and events), then
prints words per second for the full extraction and for `spacy.blank("en").tokenizer`, and their
ratio. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import random
import time

GIVEN = ["Askar", "Dana", "Yerlan", "Gulnara", "Nurlan", "Aizhan", "Bolat", "Saule", "Timur", "Madina", "Rustam",
         "Zhanar", "Erlan", "Aliya", "Marat", "Kamila", "Serik", "Laura", "Daniyar", "Asel"]
FAMILY = ["Nurtazauly", "Saparkyzy", "Bekov", "Omarova", "Tasbolat", "Ibraev", "Kenzheyeva", "Amanzholuly",
          "Sultanbekov", "Zhunusova", "Temirov", "Abenova"]
PLACES = ["Almaty", "Tacheng", "Urumqi", "Ghulja", "Zharkent", "Astana", "Bishkek", "Karaganda"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SENTENCES = [
    "{name} is {age} years old and lived in {place} with {his} family.",
    "In {month} {year} police came and took {him} to a camp in {place}.",
    "“They beat me and did not let me sleep,” {first} said.",
    "{He} says {he} spent {n} years in the camp before {he} was released in {month} {year2}.",
    "After that {he} was under house arrest and had to report to the police every week.",
    "Then they made {him} pay a fine of {amount} yuan, which is about {usd} dollars.",
    "On {day} {month} {year2} {first} crossed the border into Kazakhstan and two days later reached {place2}.",
    "{His} wife {spouse} and their two children stayed behind in {place}.",
    "{first} applied for asylum in Kazakhstan, but the court rejected the application.",
    "Human rights defender {other} said the case was typical of what families describe.",
    "The authorities did not answer questions about the case.",
    "Those who are released from the camps must attend political classes, residents say.",
    "Relatives say they have had no news from {place} for months.",
]


def make_document(rng: random.Random) -> str:
    """One fictional report of 300–800 words."""
    target = rng.randint(300, 800)
    words: list[str] = []
    paragraphs: list[str] = []
    while len(words) < target:
        male = rng.random() < 0.5
        first = rng.choice(GIVEN)
        values = {
            "name": f"{first} {rng.choice(FAMILY)}", "first": first, "age": rng.randint(20, 70),
            "place": rng.choice(PLACES), "place2": rng.choice(PLACES), "month": rng.choice(MONTHS),
            "year": rng.randint(2014, 2018), "year2": rng.randint(2019, 2022), "n": rng.randint(1, 4),
            "day": rng.randint(1, 28), "amount": f"{rng.randint(1, 90) * 1000:,}", "usd": rng.randint(200, 9000),
            "spouse": rng.choice(GIVEN), "other": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            "he": "he" if male else "she", "He": "He" if male else "She", "him": "him" if male else "her",
            "his": "his" if male else "her", "His": "His" if male else "Her",
        }
        paragraph = " ".join(s.format(**values) for s in rng.sample(SENTENCES, rng.randint(4, 8)))
        paragraphs.append(paragraph)
        words.extend(paragraph.split())
    return "\n\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="how many documents to generate")
    parser.add_argument("--seed", type=int, default=7, help="random seed for the templates")
    args = parser.parse_args()

    import spacy

    from aigak.extract.run import extract_text

    rng = random.Random(args.seed)
    documents = [make_document(rng) for _ in range(args.docs)]
    total_words = sum(len(d.split()) for d in documents)
    extract_text(documents[0])  # load lexicons and the pipeline once, outside the timing

    tokenizer = spacy.blank("en").tokenizer
    started = time.perf_counter()
    for doc in documents:
        tokenizer(doc)
    tokenize_s = time.perf_counter() - started

    started = time.perf_counter()
    events = 0
    for doc in documents:
        events += len(extract_text(doc)["events"])
    extract_s = time.perf_counter() - started

    extract_wps = total_words / extract_s
    tokenize_wps = total_words / tokenize_s
    print(f"documents: {len(documents)}, words: {total_words}, events found: {events}")
    print(f"extract_text (rules.v1): {extract_wps:,.0f} words/s ({extract_s:.1f} s)")
    print(f"spaCy blank tokenizer:  {tokenize_wps:,.0f} words/s ({tokenize_s:.2f} s)")
    print(f"ratio tokenizer/extract: {tokenize_wps / extract_wps:.1f}x")


if __name__ == "__main__":
    main()
