"""Writes pairs.jsonl (train) and eval.jsonl for the sdpo-steps sample, deterministically (same output every run).

Every pair continues the same kind of story opening; the chosen ending is the kinder or happier one. Half the pairs
are easy (a happy ending against a sad one, many words apart) and half are hard (the same sentence, one mild word
apart), so that stepwise DPO's easy-to-hard split has something to split. Run: python3 make_pairs.py (no packages).
"""
import json
import random
from pathlib import Path

ANIMALS = ["cat", "dog", "bird", "fish", "bunny", "bear", "duck", "frog"]
NAMES = ["Lily", "Ben", "Max", "Sue", "Tom", "Mia", "Sam", "Anna", "Tim", "Lucy"]
PLACES = ["park", "beach", "forest", "garden", "lake", "farm"]
THINGS = ["ball", "kite", "box", "flower", "shell", "stick"]
HAPPY = [" {n} shared the {t} with a friend and they laughed and played all day.",
         " {n} helped a little friend find the {t}, and they hugged and smiled.",
         " {n} found a shiny {t} and was so happy that {n} danced."]
SAD = [" {n} broke the {t} and cried alone all day.",
       " {n} was mean, threw the {t} and made a friend sad.",
       " {n} lost the {t} and felt sad and scared."]
MILD = [("glad", "bored"), ("calm", "tired"), ("kind", "grumpy"), ("happy", "upset")]


def pair(rng, hard):
    a, n, p, t = rng.choice(ANIMALS), rng.choice(NAMES), rng.choice(PLACES), rng.choice(THINGS)
    prompt = f"Once upon a time, there was a little {a} named {n}. One day, {n} went to the {p}."
    if hard:
        good, bad = rng.choice(MILD)
        ending = " {n} saw the {t} and felt {w}."
        return {"prompt": prompt, "chosen": ending.format(n=n, t=t, w=good),
                "rejected": ending.format(n=n, t=t, w=bad)}
    return {"prompt": prompt, "chosen": rng.choice(HAPPY).format(n=n, t=t),
            "rejected": rng.choice(SAD).format(n=n, t=t)}


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


def main():
    rng = random.Random(2024)
    here = Path(__file__).parent
    train = [pair(rng, hard=i % 2 == 1) for i in range(192)]
    held_out = [pair(rng, hard=i % 2 == 1) for i in range(48)]
    write(here / "pairs.jsonl", train)
    write(here / "eval.jsonl", held_out)


if __name__ == "__main__":
    main()
