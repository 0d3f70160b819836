#!/usr/bin/env python3
"""Regenerate fixtures/orientation/known_words.txt from the Debian hunspell dictionaries.

The orientation engine corrects an unknown word one typo away from a lexicon word ("fievre" ->
"fiebre"), but must never "correct" a real word of the language into a lexicon word ("vean" is
not "vegan", "soon" is not "son", "neurologo" is not "nefrologo"). This script lists the real
words that the corrector could otherwise change: every word form of the Spanish and English
dictionaries (expanded with hunspell's `unmunch`) that is within one edit (any letter, the first
included: a missing, extra, wrong or swapped letter) of a word used in fixtures/orientation/*.tsv,
that sounds like one in Spanish (the engine's `sound_key`: b/v, s/z/c, k/qu, g/j, y/ll, silent h,
doubled letters, initial "es-"), or that collapses to one by dropping a doubled letter.
Lexicon words themselves are listed too (the script reads every word of the TSV files, labels
included, which is more than the engine's pattern words). Words are folded like the engine folds a complaint (lower case, accents removed), 4-20 letters,
sorted bytewise, one per line, so the engine can binary-search the embedded text.

Needs (only to regenerate; the build uses the committed file):
    apt-get install -y hunspell-es hunspell-en-us hunspell-tools
Run from the repository root after adding words to the lexicon:
    python3 scripts/orientation_known_words.py > fixtures/orientation/known_words.txt

Sources: Debian hunspell-es (libreoffice-dictionaries, es_ES by Santiago Bosio / RLA-ES,
GPL-3+ or LGPL-3+ or MPL-1.1+) and hunspell-en-us (SCOWL en_US, Kevin Atkinson; permissive
SCOWL licence). Versions are written into the first lines of the output.
"""
import glob
import re
import subprocess
import sys
import unicodedata

DICTS = [("/usr/share/hunspell/es_ES.dic", "/usr/share/hunspell/es_ES.aff", "hunspell-es"),
         ("/usr/share/hunspell/en_US.dic", "/usr/share/hunspell/en_US.aff", "hunspell-en-us")]


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))


def deletions(w):
    # every position: misspellings read in context may change the first letter too
    return {w[:i] + w[i + 1:] for i in range(len(w))}


def sound_key(w):
    """The same key as normalize.rs's sound_key (keep the two in step)."""
    c, out, i = w, [], 0
    front = lambda k: k < len(c) and c[k] in "ei"
    if len(c) > 3 and c[0] == "e" and c[1] == "s" and c[2] not in "aeiouh":
        i = 1
    while i < len(c):
        x, nxt = c[i], c[i + 1] if i + 1 < len(c) else ""
        used, snd = 1, x
        if x == "h":
            snd = None
        elif x == "c" and nxt == "h":
            snd, used = "C", 2
        elif x == "l" and nxt == "l":
            snd, used = "y", 2
        elif x in "vw":
            snd = "b"
        elif x == "z":
            snd = "s"
        elif x == "c" and front(i + 1):
            snd = "s"
        elif x in "ck":
            snd = "k"
        elif x == "q":
            snd, used = "k", 2 if nxt == "u" else 1
        elif x == "g" and front(i + 1):
            snd = "j"
        elif x == "g" and nxt == "u" and front(i + 2):
            snd, used = "g", 2
        elif x == "y" and i + 1 == len(c):
            snd = "i"
        if snd is not None and (not out or out[-1] != snd):
            out.append(snd)
        i += used
    return "".join(out)


def version(pkg):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    vocab = set()
    for path in sorted(glob.glob("fixtures/orientation/*.tsv")):
        for line in open(path, encoding="utf-8"):
            for w in re.findall(r"[^\W\d_]+", fold(line.split("#")[0])):
                vocab.add(w)
    if not vocab:
        sys.exit("run from the repository root (fixtures/orientation/*.tsv not found)")
    keys, sounds = set(), set()
    for v in vocab:
        if len(v) >= 4:
            keys.add(v)
            keys |= deletions(v)
            sounds.add(sound_key(v))
    out = set()
    for dic, aff, _ in DICTS:
        forms = subprocess.run(["unmunch", dic, aff], capture_output=True, check=True).stdout
        for line in forms.decode("utf-8", "ignore").splitlines():
            w = fold(line.strip().split("/")[0])
            if not (4 <= len(w) <= 20 and w.isascii() and w.isalpha()):
                continue
            if (w in keys or deletions(w) & keys or re.sub(r"(.)\1", r"\1", w) in vocab
                    or sound_key(w) in sounds):
                out.add(w)
    sys.stdout.write("# derived by scripts/orientation_known_words.py from "
                     + ", ".join(f"{p} {version(p)}" for _, _, p in DICTS) + "\n")
    sys.stdout.write("# licences: hunspell-es GPL-3+ or LGPL-3+ or MPL-1.1+; hunspell-en-us SCOWL "
                     "(permissive). Do not edit: regenerate.\n")
    for w in sorted(out):
        sys.stdout.write(w + "\n")


if __name__ == "__main__":
    main()
