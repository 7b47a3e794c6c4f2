#!/usr/bin/env python3
"""Writes small, deterministic report-stage inputs in the SPEC formats.

Makes OUTDIR/features.tsv.gz, assignments.tsv.gz, topics.tsv.gz and
topic_model.tsv.gz as extract and cluster would, plus LEXDIR/categories.tsv,
so the report stage can be tested on its own. Comments spread over --days
days and --stores stores; with --incident K, the last K days carry a burst
of delivery complaints at store S001 (like make_corpus.py --incident).
--day N keeps only day N (0-based), to replay a week as nightly runs with
the same comment ids. --hostile puts hostile text (markup, quotes, bidi
controls, spreadsheet formulas) into comments, a store name and a label.
Python 3 standard library only; same arguments, same bytes.
"""
import argparse
import datetime as dt
import gzip
import os
import random

TOPICS = [
    # id, label, aspect, keywords, weight, texts
    ("T1", "配送慢 / late delivery", "delivery", "送餐;慢;等", 0.30,
     ["送餐太慢了，等了一个半小时", "外卖送到都凉了，配送太久", "The delivery was over an hour late"]),
    ("T2", "菜品质量 / food quality", "product_quality", "难吃;咸;不新鲜", 0.25,
     ["菜太咸了，而且不新鲜", "味道很差，再也不点了", "The food was cold and bland"]),
    ("T3", "服务态度 / staff attitude", "service", "态度;服务员", 0.20,
     ["服务员态度很差，爱答不理", "客服电话一直打不通", "Rude staff at the counter"]),
    ("T4", "价格 / price", "price", "贵;价格", 0.15,
     ["价格太贵了，不值这个价", "涨价了分量还少", "Too expensive for what you get"]),
    ("T5", "APP闪退 / app crashes", "app", "闪退;卡", 0.10,
     ["APP一直闪退，没法下单", "付款页面卡住了", "The app crashes at checkout"]),
]
HOSTILE = [
    "<script>alert('x')</script> 太慢了",
    "</textarea><img src=x onerror=alert(1)> \"quoted\" 'single' & more",
    "\u202eevil reversed\u202c 送餐慢 \u2066isolate\u2069",
    "=cmd|' /C calc'!A0",
    "+SUM(1,2) 配送慢",
    "@import url(x) 等太久",
    "-2+3 delivery late",
]
POSITIVE = ["很好吃，下次还来", "送餐很快，点赞", "Great service, thanks!", "环境不错", "Fast and friendly"]
CHANNELS = ["app", "web", "phone", "wechat", "email"]
SEVERITY = ["none", "minor", "moderate", "severe"]


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_tsv(path, header, rows):
    data = "\t".join(header) + "\n" + "".join("\t".join(esc(str(x)) for x in r) + "\n" for r in rows)
    with open(path, "wb") as f:
        f.write(gzip.compress(data.encode("utf-8"), mtime=0))


def make_rows(a):
    rng = random.Random(a.seed)
    start = dt.datetime.strptime(a.start, "%Y-%m-%d")
    tz = dt.timezone(dt.timedelta(hours=8))
    stores = ["S%03d" % i for i in range(1, a.stores + 1)]
    if a.hostile:
        stores[-1] = '=HYPERLINK("http://x.invalid","<b>click</b>")'
    rows, n = [], 0
    for day in range(a.days):
        count = a.per_day
        extra = int(a.per_day * 0.15) if a.incident and day >= a.days - a.incident else 0
        for k in range(count + extra):
            n += 1
            cid = "C%06d" % n
            ts = start + dt.timedelta(days=day, seconds=rng.randrange(86400))
            ts = ts.replace(tzinfo=tz)
            store, channel = rng.choice(stores), rng.choice(CHANNELS)
            incident = k >= count
            if incident:
                topic, store = TOPICS[0], stores[0]
            elif rng.random() < 0.45:
                topic = rng.choices(TOPICS, [t[4] for t in TOPICS])[0]
            else:
                topic = None
            if topic:
                text = rng.choice(topic[5])
                if a.hostile and rng.random() < 0.3:
                    text = rng.choice(HOSTILE)
                score = -0.75 if incident else round(rng.uniform(-0.9, -0.2), 3)
                sev = "moderate" if incident else rng.choices(SEVERITY, [0.4, 0.3, 0.2, 0.1])[0]
                pol, aspects = "negative", topic[2] + ":negative"
            else:
                text = rng.choice(POSITIVE)
                score = round(rng.uniform(0.0, 0.9), 3)
                sev, pol, aspects = "none", "positive" if score > 0.2 else "neutral", ""
            dup = ""
            if rows and rng.random() < 0.02:
                dup = rows[rng.randrange(len(rows))]["id"]
            rows.append({"id": cid, "time": ts.isoformat(), "epoch": int(ts.timestamp()), "group": store,
                         "channel": channel, "rating": "1" if topic else "5", "lang": "zh-Hans", "dup_of": dup,
                         "near_dup_of": "", "score": "%.3f" % score, "polarity": pol, "severity": sev,
                         "emphasis": 0, "aspects": aspects, "keywords": topic[3] if topic else "",
                         "tokens": text, "display": text, "topic": topic[0] if topic and not dup else "",
                         "day": day})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--lexicons", help="also write categories.tsv into this directory")
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--per-day", type=int, default=300)
    ap.add_argument("--stores", type=int, default=20)
    ap.add_argument("--incident", type=int, default=0)
    ap.add_argument("--day", type=int, default=-1)
    ap.add_argument("--hostile", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", default="2026-11-01")
    a = ap.parse_args()
    rows = make_rows(a)
    if a.day >= 0:
        rows = [r for r in rows if r["day"] == a.day]
    os.makedirs(a.outdir, exist_ok=True)
    fcols = ["id", "time", "epoch", "group", "channel", "rating", "lang", "dup_of", "near_dup_of", "score",
             "polarity", "severity", "emphasis", "aspects", "keywords", "tokens", "display"]
    write_tsv(os.path.join(a.outdir, "features.tsv.gz"), fcols, [[r[c] for c in fcols] for r in rows])
    write_tsv(os.path.join(a.outdir, "assignments.tsv.gz"), ["id", "topic", "score"],
              [[r["id"], r["topic"], "0.800"] for r in rows if r["topic"]])
    trows = []
    for i, t in enumerate(TOPICS + [("T6", "旧话题 / retired", "", "", 0, [])]):
        members = [r for r in rows if r["topic"] == t[0]]
        exemplars = [r["id"] for r in members[:3]]
        if a.hostile:  # every hostile text shows up as some topic's exemplar
            wanted = [HOSTILE[(3 * i + j) % len(HOSTILE)] for j in range(3)]
            exemplars = [next(r["id"] for r in members if r["display"] == w)
                         for w in wanted if any(r["display"] == w for r in members)]
        label = t[1] + (" <b>bold</b>" if a.hostile and t[0] == "T2" else "")
        trows.append([t[0], "active" if members else "dormant", label, t[2], t[3], len(members), "0.1",
                      ";".join(exemplars), 1, 1, len(members), ""])
    trows.sort(key=lambda r: -r[5])
    write_tsv(os.path.join(a.outdir, "topics.tsv.gz"),
              ["topic", "status", "label", "aspect", "keywords", "size", "share", "exemplars", "created_run",
               "last_run", "total_docs", "lineage"], trows)
    write_tsv(os.path.join(a.outdir, "topic_model.tsv.gz"), ["kind", "value"],
              [["fixture", "day %d of %d" % (a.day, a.days)]])
    if a.lexicons:
        os.makedirs(a.lexicons, exist_ok=True)
        with open(os.path.join(a.lexicons, "categories.tsv"), "w", encoding="utf-8") as f:
            f.write("# aspect categories (test fixture)\ncategory\towner\tlabel_zh\tlabel_en\n"
                    "delivery\tlogistics-ops\t配送\tDelivery\nproduct_quality\tkitchen-qa\t菜品\tFood quality\n"
                    "service\tstore-managers\t服务\tService\nprice\tpricing\t价格\tPrice\n"
                    "app\tdigital-team\tAPP\tApp\n")


if __name__ == "__main__":
    main()
