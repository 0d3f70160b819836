#!/usr/bin/env python3
"""Regenerate fixtures/orientation/known_words.txt from the Debian hunspell dictionaries.

The orientation engine corrects an unknown word one typo away from a lexicon word ("fievre" ->
"fiebre"), but must never "correct" a real word of the language into a lexicon word ("vean" is
not "vegan", "soon" is not "son", "neurologo" is not "nefrologo"). This script lists the real
words that the corrector could otherwise change: every word form of the Spanish and English
dictionaries (expanded with hunspell's `unmunch`) that is within one edit (same first letter) of
a word used in fixtures/orientation/*.tsv, or that collapses to one by dropping a doubled letter.
Words are folded like the engine folds a complaint (lower case, accents removed), 4-20 letters,
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
    # the first letter is never changed by the corrector
    return {w[:i] + w[i + 1:] for i in range(1, len(w))}


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
    keys = set()
    for v in vocab:
        if len(v) >= 4:
            keys.add(v)
            keys |= deletions(v)
    out = set()
    for dic, aff, _ in DICTS:
        forms = subprocess.run(["unmunch", dic, aff], capture_output=True, check=True).stdout
        for line in forms.decode("utf-8", "ignore").splitlines():
            w = fold(line.strip().split("/")[0])
            if not (4 <= len(w) <= 20 and w.isascii() and w.isalpha()) or w in vocab:
                continue
            if w in keys or deletions(w) & keys or re.sub(r"(.)\1", r"\1", w) in vocab:
                out.add(w)
    sys.stdout.write("# derived by scripts/orientation_known_words.py from "
                     + ", ".join(f"{p} {version(p)}" for _, _, p in DICTS) + "\n")
    sys.stdout.write("# licences: hunspell-es GPL-3+ or LGPL-3+ or MPL-1.1+; hunspell-en-us SCOWL "
                     "(permissive). Do not edit: regenerate.\n")
    for w in sorted(out):
        sys.stdout.write(w + "\n")


if __name__ == "__main__":
    main()
