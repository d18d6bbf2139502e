#!/usr/bin/env python3
"""A learned second stage for injection, measured (session 7): does a bag-of-words model
trained on Warden's labelled sets catch what the rules miss, at FPR <= 0.01?

A logistic regression over hashed word 1-2-grams (optionally character 3-4-grams) of the
normalised text (NFKD, diacritics dropped, lower-cased; CJK characters one token each), with
balanced class weights. A sample counts as an attack when the rules say so (injection score
>= 0.5 from `warden scan --jsonl`) OR the model's probability reaches the threshold. Two
protocols, neither touching the held-out set:

- cross-author: train on the tuning corpus, test on the development set (another author);
- within-author (optimistic): 5-fold cross-validation on the development set, the tuning
  corpus always in the training folds.

Needs numpy, scipy and scikit-learn (`pip install numpy scikit-learn`); not part of
`make test`. The result is in docs/detection.md ("Measured quality").

    python3 eval/detect/experiments/learned_baseline.py --warden .build/release/warden
"""
import argparse
import json
import os
import re
import subprocess
import tempfile
import unicodedata

import numpy as np
from scipy.sparse import vstack
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SETS = {"tuning": "eval/detect/corpus.jsonl", "development": "eval/detect/dev/dev.jsonl"}
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_]+|[<>\[\]{}|#]+", re.U)
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95)


def load(warden, path):
    samples = [json.loads(line) for line in open(os.path.join(ROOT, path), encoding="utf-8")]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for s in samples:
            f.write(json.dumps({"text": s["text"]}) + "\n")
    try:
        out = subprocess.run([warden, "scan", "--jsonl", f.name], capture_output=True, text=True).stdout
    finally:
        os.unlink(f.name)
    rules = np.array([json.loads(line)["injection"]["score"] >= 0.5 for line in out.splitlines()])
    if len(rules) != len(samples):
        raise SystemExit("warden scan --jsonl gave %d results for %d samples" % (len(rules), len(samples)))
    texts = [s["text"] for s in samples]
    labels = np.array([bool(s["labels"]["injection"]) for s in samples])
    return texts, labels, rules


def features(text, chars):
    t = unicodedata.normalize("NFKD", text)
    words = TOKEN.findall("".join(c for c in t if not unicodedata.combining(c)).lower())
    f = {"w:" + w: 1 for w in words}
    f.update({"b:" + a + " " + b: 1 for a, b in zip(words, words[1:])})
    if chars:
        s = " " + " ".join(words) + " "
        f.update({"c:" + s[i:i + n]: 1 for n in (3, 4) for i in range(len(s) - n + 1)})
    return f


def report(name, labels, rules, p):
    def rate(pred):
        return (pred & labels).sum() / labels.sum(), (pred & ~labels).sum() / (~labels).sum()
    cells = ["rules alone %.3f @ %.3f" % rate(rules)]
    cells += ["t=%.2f %.3f @ %.3f" % ((t,) + rate(rules | (p >= t))) for t in THRESHOLDS]
    print("  %-28s recall @ FPR: %s" % (name, " | ".join(cells)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warden", default=os.path.join(ROOT, ".build", "release", "warden"))
    args = ap.parse_args()
    data = {name: load(args.warden, path) for name, path in SETS.items()}
    hasher = FeatureHasher(2 ** 20, input_type="dict", alternate_sign=False)
    for chars in (False, True):
        print("word 1-2-grams%s:" % (" + character 3-4-grams" if chars else ""))
        X = {n: hasher.transform([features(t, chars) for t in d[0]]) for n, d in data.items()}
        model = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced")
        model.fit(X["tuning"], data["tuning"][1])
        _, y, rules = data["development"]
        report("cross-author (tuning → dev)", y, rules, model.predict_proba(X["development"])[:, 1])
        p = np.zeros(len(y))
        for train, test in StratifiedKFold(5, shuffle=True, random_state=1).split(np.zeros(len(y)), y):
            model.fit(vstack([X["tuning"], X["development"][train]]), np.concatenate([data["tuning"][1], y[train]]))
            p[test] = model.predict_proba(X["development"][test])[:, 1]
        report("within-author (5-fold dev)", y, rules, p)


if __name__ == "__main__":
    main()
