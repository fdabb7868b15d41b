"""Writes prompts.jsonl: story openings in TinyStories' style for stories-dpo (seeded, so the file is reproducible).

    python3 make_prompts.py > prompts.jsonl
"""
import itertools
import json
import random

KINDS = ["a little dog", "a little cat", "a little bird", "a little fish", "a small bunny", "a kind lady", "a little girl",
         "a little boy", "a big bear", "an old man", "a tiny frog", "a happy duck"]
NAMES = ["Lily", "Tom", "Ben", "Sue", "Max", "Mia", "Jack", "Anna", "Tim", "Lucy", "Sam", "Zoe"]
VERBS = ["went to", "ran to", "walked to", "looked at", "played in", "found"]
PLACES = ["the park", "the river", "the forest", "the house", "the garden", "the beach", "the store", "a big tree"]

combos = list(itertools.product(KINDS, NAMES, VERBS, PLACES))
random.Random(7).shuffle(combos)
for kind, name, verb, place in combos[:1000]:
    print(json.dumps({"prompt": f"Once upon a time, there was {kind} named {name}. One day, {name} {verb} {place}."}))
