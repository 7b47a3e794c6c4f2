#!/usr/bin/env python3
"""eval_cluster.py - helpers of scripts/eval_cluster.sh (Debian's python3,
python3-sklearn and python3-jieba).

  negatives SRC OUT.csv           label-0 rows of online_shopping_9_cats.csv
                                  as id,cat,review (ids S00001...)
  baseline NEG.csv                TF-IDF (jieba words, lower case, no
                                  punctuation) + k-means, k = 9, seed 0;
                                  prints NMI and ARI against cat
  score DIR NEG.csv               vocmine's topics (DIR/assignments.tsv.gz)
                                  against cat: NMI, ARI, topic count
  incident DIR... TRUTH           share of the incident's clustered
                                  complaints in their most common topic,
                                  over one or more run directories
  split-days DIR OUT              DIR/features.tsv.gz into OUT/day1..dayN
                                  by the local date of `time`
  synth SRC N OUT                 N synthetic complaints for the speed test,
                                  resampled (words dropped and added) from
                                  the features file SRC

Rows vocmine did not assign (duplicates take their original's topic;
unclustered and rejected rows) count as one extra "unassigned" label, so
they cost NMI and ARI instead of being left out.
"""
import collections
import csv
import gzip
import os
import random
import re
import sys


def read_tsv(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            yield dict(zip(head, line.rstrip("\n").split("\t")))


def negatives(src, out):
    with open(src, encoding="utf-8", newline="") as f, open(out, "w", encoding="utf-8", newline="") as g:
        w = csv.writer(g)
        w.writerow(["id", "cat", "review"])
        n = 0
        for r in csv.DictReader(f):
            if r["label"] == "0":
                n += 1
                w.writerow(["S%05d" % n, r["cat"], r["review"]])


def gold(neg_csv):
    with open(neg_csv, encoding="utf-8", newline="") as f:
        return [(r["id"], r["cat"], r["review"]) for r in csv.DictReader(f)]


def metrics(truth, pred):
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    return normalized_mutual_info_score(truth, pred), adjusted_rand_score(truth, pred)


def baseline(neg_csv):
    import logging
    import jieba
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    jieba.setLogLevel(logging.WARNING)
    rows = gold(neg_csv)
    word = re.compile(r"\w")   # words only: no punctuation or spaces
    docs = [" ".join(w for w in jieba.lcut(text.lstrip("\ufeff").lower()) if word.search(w)) for _, _, text in rows]
    x = TfidfVectorizer(token_pattern=r"[^ ]+").fit_transform(docs)
    labels = KMeans(n_clusters=9, random_state=0, n_init=10).fit(x).labels_
    nmi, ari = metrics([c for _, c, _ in rows], list(labels))
    print("baseline  TF-IDF + k-means (k=9)   NMI %.4f  ARI %.4f  topics 9" % (nmi, ari))


def topics_of(run_dir):
    """comment id -> topic, duplicates resolved through features' dup_of."""
    asg = {r["id"]: r["topic"] for r in read_tsv(os.path.join(run_dir, "assignments.tsv.gz"))}
    for r in read_tsv(os.path.join(run_dir, "features.tsv.gz")):
        if r.get("dup_of") and r["dup_of"] in asg:
            asg[r["id"]] = asg[r["dup_of"]]
    return asg


def score(run_dir, neg_csv):
    asg = topics_of(run_dir)
    rows = gold(neg_csv)
    pred = [asg.get(i) or "unassigned" for i, _, _ in rows]
    nmi, ari = metrics([c for _, c, _ in rows], pred)
    missing = sum(1 for p in pred if p == "unassigned")
    print("vocmine   DMM topics                NMI %.4f  ARI %.4f  topics %d  (unassigned %d of %d)"
          % (nmi, ari, len(set(pred) - {"unassigned"}), missing, len(rows)))


def incident(run_dirs, truth_path):
    ids = {l.split("\t")[0] for l in open(truth_path, encoding="utf-8") if l.split("\t")[1:2] == ["incident"]}
    labels, got = {}, collections.Counter()
    for d in run_dirs:
        asg = topics_of(d)
        for r in read_tsv(os.path.join(d, "topics.tsv.gz")):
            labels[r["topic"]] = r["label"]
        for i in ids:
            if asg.get(i):
                got[asg[i]] += 1
    clustered = sum(got.values())
    if not clustered:
        print("incident  no incident comment was clustered (of %d)" % len(ids))
        return
    topic, n = got.most_common(1)[0]
    print("incident  share %.3f  (%d of %d clustered incident complaints in %s \"%s\"; %d incident rows)"
          % (n / clustered, n, clustered, topic, labels.get(topic, ""), len(ids)))


def split_days(run_dir, out):
    src = os.path.join(run_dir, "features.tsv.gz")
    with gzip.open(src, "rt", encoding="utf-8", newline="\n") as f:
        head = f.readline()
        col = head.rstrip("\n").split("\t").index("time")
        days = collections.defaultdict(list)
        for line in f:
            days[line.split("\t")[col][:10]].append(line)
    for n, day in enumerate(sorted(d for d in days if d), 1):
        d = os.path.join(out, "day%d" % n)
        os.makedirs(d, exist_ok=True)
        with gzip.open(os.path.join(d, "features.tsv.gz"), "wt", encoding="utf-8", newline="\n") as g:
            g.write(head)
            g.writelines(days[day])
    print(len([d for d in days if d]))


def synth(src, n, out):
    rows = list(read_tsv(src))
    head = list(rows[0].keys())
    docs = [(r["tokens"].split(" "), r["keywords"], r["aspects"]) for r in rows if r["tokens"] and not r["dup_of"]]
    vocab = sorted({w for t, _, _ in docs for w in t})
    rng = random.Random(1)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=1, newline="\n") as f:
        f.write("\t".join(head) + "\n")
        blank = {c: "" for c in head}
        blank.update(lang="zh-Hans", score="-0.600", polarity="negative", severity="moderate", emphasis="0",
                     display="x")
        for i in range(n):
            toks, kw, asp = docs[rng.randrange(len(docs))]
            t = [w for w in toks if rng.random() > 0.15] + [vocab[rng.randrange(len(vocab))]]
            blank.update(id="M%07d" % i, tokens=" ".join(t), keywords=kw, aspects=asp)
            f.write("\t".join(blank[c] for c in head) + "\n")


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "negatives" and len(argv) == 4:
        negatives(argv[2], argv[3])
    elif cmd == "baseline" and len(argv) == 3:
        baseline(argv[2])
    elif cmd == "score" and len(argv) == 4:
        score(argv[2], argv[3])
    elif cmd == "incident" and len(argv) >= 4:
        incident(argv[2:-1], argv[-1])
    elif cmd == "split-days" and len(argv) == 4:
        split_days(argv[2], argv[3])
    elif cmd == "synth" and len(argv) == 5:
        synth(argv[2], int(argv[3]), argv[4])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
