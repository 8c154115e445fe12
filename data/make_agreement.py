#!/usr/bin/env python3
"""Writes the agreement sentences of data/corpus.txt and the probes of data/probes.txt.

The relationship they teach: the possessive pronoun agrees with the subject,
"the king ... fed his", "the queen ... fed her", with the subject 2 to 6 words
before the pronoun. The word just before the pronoun is always a verb that
takes either pronoun, so the previous word cannot give the answer away: only
attention back to the subject can.

For every person noun, two verbs are held out: no sentence of the corpus holds
that noun and one of its two verbs, so a probe ("the prince of the north
painted his ...") is a combination the layer has never seen. A noun and its
counterpart of the other sex (king and queen) hold out the same two verbs, so
each held-out verb has as many "his" probes as "her" probes, and a model that
sees only the verb (the bigram) gets half of them right.

Run from the top folder, it prints what it would write; with --write it
replaces what follows the hand-written sentences of data/corpus.txt (its
first HAND_WRITTEN lines) and data/probes.txt. Deterministic: the same output
every run.
"""
import random
import sys

# (he, she): each pair holds out the same two verbs.
PAIRS = [("king", "queen"), ("prince", "princess"), ("man", "woman"), ("boy", "girl"),
         ("father", "mother"), ("son", "daughter"), ("brother", "sister")]
VERBS = ["fed", "washed", "sold", "found", "lost", "brushed", "called", "loved",
         "took", "cleaned", "painted", "fetched", "walked", "carried"]
OBJECTS = ["dog", "horse", "cat", "cow", "sheep", "pig", "goat", "hen"]
# the words between the subject and the verb: subject at 1, pronoun at 1 + distance
MIDDLES = {
    2: [[]],
    3: [["gently"], ["quickly"], ["slowly"], ["often"], ["always"], ["proudly"]],
    4: [["at", "home"], ["at", "dawn"], ["in", "spring"], ["in", "winter"], ["at", "night"], ["in", "summer"]],
    5: [["of", "the", "north"], ["of", "the", "south"], ["in", "the", "morning"], ["in", "the", "evening"],
        ["at", "the", "farm"], ["by", "the", "river"]],
    6: [["of", "the", "far", "north"], ["in", "the", "early", "morning"], ["from", "the", "little", "town"],
        ["who", "was", "very", "tired"], ["of", "the", "old", "castle"], ["at", "the", "big", "market"]],
}
HAND_WRITTEN = 1252  # data/corpus.txt's first lines, written by hand


def sentence(subject, middle, verb, pronoun, obj):
    return " ".join(["the", subject] + middle + [verb, pronoun, obj])


def main():
    corpus_path, probes_path = "data/corpus.txt", "data/probes.txt"
    lines = open(corpus_path).read().split("\n")
    hand = lines[:HAND_WRITTEN]
    hand_sets = [set(l.split()) for l in hand]

    rng = random.Random(2026)
    training, probes = [], []
    for p, (he, she) in enumerate(PAIRS):
        # two verbs never seen in a hand-written sentence with either noun
        free = [v for v in VERBS if not any(v in s and (he in s or she in s) for s in hand_sets)]
        rng.shuffle(free)
        held_out = sorted(free[:2])
        for subject, pronoun in ((he, "his"), (she, "her")):
            for verb in VERBS:
                for distance in sorted(MIDDLES):
                    middles = MIDDLES[distance]
                    if verb in held_out:  # two probes per verb and distance
                        for middle in rng.sample(middles, min(2, len(middles))) if len(middles) > 1 else middles * 2:
                            probes.append(sentence(subject, middle, verb, pronoun, rng.choice(OBJECTS)))
                    else:  # one training sentence per verb and distance
                        training.append(sentence(subject, rng.choice(middles), verb, pronoun, rng.choice(OBJECTS)))
    rng.shuffle(training)
    probes = list(dict.fromkeys(probes))  # the same probe twice counts once

    if "--write" not in sys.argv:
        print(f"{len(training)} training sentences, {len(probes)} probes")
        for s in training[:5] + ["..."] + probes[:5]:
            print(" ", s)
        return
    with open(corpus_path, "w") as out:
        out.write("\n".join(hand + training) + "\n")
    with open(probes_path, "w") as out:
        out.write("\n".join(probes) + "\n")


main()
