#!/usr/bin/env python3
"""Make a misspelt copy of a labelled orientation set, to measure how the engine's reading of
misspellings holds (issue 12): a share of the words of 4+ letters gets one realistic typo -
Spanish spelling by sound (b/v, ll/y, silent h, s/z/c, qu/k, g/j, "q" for "que"...) or English
sound-alikes, a dropped, swapped, doubled or neighbouring-key letter - and most rows lose their
accents. Deterministic for a seed.

usage: orientation_typos.py LABELS.csv OUT.csv [SEED] [RATE]   (default seed 1, rate 0.2)
then:  saludya orient --batch OUT.csv --no-store > pred.jsonl
       python3 ../shared/eval/score_orientation.py OUT.csv pred.jsonl
"""
import csv, random, re, sys, unicodedata
src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1
rnd = random.Random(seed)
def strip(s): return unicodedata.normalize("NFKD", s).encode("ascii","ignore").decode()
ES = [(r"v", "b"), (r"b", "v"), (r"ll", "y"), (r"y(?=[aeiou])", "ll"), (r"^h", ""), (r"(?<=[aeiou])h", ""),
      (r"z", "s"), (r"c(?=[ei])", "s"), (r"s(?=[ei])", "c"), (r"qu(?=[ei])", "k"), (r"que$", "q"), (r"x", "ks"),
      (r"j(?=[ei])", "g"), (r"g(?=[ei])", "j"), (r"rr", "r"), (r"ci[oó]n$", "sion"), (r"ado$", "ao"), (r"^(es)", "s")]
EN = [(r"ea", "ee"), (r"ie", "ei"), (r"ough", "uff"), (r"ph", "f"), (r"(.)\1", r"\1"), (r"tion", "shun")]
def typo(w, lang):
    if len(w) < 4 or not w.isalpha(): return w
    r = rnd.random()
    rules = ES if lang == "es" else EN
    if r < 0.5:
        cand = [(p, q) for p, q in rules if re.search(p, w)]
        if cand:
            p, q = rnd.choice(cand); return re.sub(p, q, w, count=1)
    i = rnd.randrange(1, len(w) - 1)
    k = rnd.random()
    if k < 0.35: return w[:i] + w[i+1:]                 # drop
    if k < 0.6: return w[:i] + w[i+1] + w[i] + w[i+2:] # swap
    if k < 0.8: return w[:i] + w[i] + w[i:]            # double
    kb = "qwertyuiopasdfghjklzxcvbnm"; j = kb.find(w[i].lower())
    return w[:i] + (kb[j+1] if 0 <= j < 25 else w[i]) + w[i+1:]
rows = list(csv.DictReader(open(src, encoding="utf-8")))
out = csv.DictWriter(open(dst, "w", encoding="utf-8", newline=""), fieldnames=rows[0].keys())
out.writeheader()
rate = float(sys.argv[4]) if len(sys.argv) > 4 else 0.2
for r in rows:
    lang = "en" if r["id"].startswith(("en", "q")) or "_en" in src else "es"
    t = strip(r["text"]) if rnd.random() < 0.7 else r["text"]
    r["text"] = re.sub(r"[A-Za-zÀ-ÿñÑ]+", lambda m: typo(m.group(0), lang) if rnd.random() < rate else m.group(0), t)
    out.writerow(r)
