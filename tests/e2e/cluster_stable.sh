#!/bin/bash
# cluster_stable.sh - topic ids stay stable from night to night.
#
# Night 1 has four complaint themes (late delivery, refund, rude staff,
# app crash; Chinese and English); night 2, run with night 1's model, has
# three of them and a new one (broken packaging); night 3 brings the rude
# staff back. Checks: recurring themes keep their ids, the new theme gets
# a fresh id above every earlier one, the absent theme stays as dormant
# and gets its old id back on night 3, --retrain maps onto the old ids,
# and the output bytes do not depend on --threads.
# The features files are generated here (SPEC's features.tsv.gz format).
set -euo pipefail

command -v python3 >/dev/null || exit 77
command -v vocmine-cluster >/dev/null || { echo "vocmine-cluster not on PATH"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/vm_cluster_stable.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'EOF'
import gzip, os, random, sys
work = sys.argv[1]
themes = {
    "late": "送餐 太慢 等了 小时 外卖 凉了 骑手 配送 迟到 饭菜 一个半小时 超时".split(),
    "refund": "退款 申请 到账 客服 处理 一周 订单 催促 退钱 审核 拖延 款项".split(),
    "rude": "staff rude waiter ignored attitude manager shouted unfriendly table hostess impolite yelled".split(),
    "crash": "app crash payment checkout freezes 闪退 支付 页面 卡死 update login error".split(),
    "package": "包装 破损 洒了 盒子 汤汁 袋子 压坏 漏了 餐盒 裂开 密封 外包装".split(),
}
filler = "我 的 了 很 这次 真的 非常 very really the again".split()
cols = ("id time epoch group channel rating lang dup_of near_dup_of score polarity severity emphasis "
        "aspects keywords tokens display").split()
nights = {1: ["late", "refund", "rude", "crash"], 2: ["late", "refund", "crash", "package"],
          3: ["late", "rude"]}
rng = random.Random(7)
for night, names in nights.items():
    d = os.path.join(work, "night%d" % night)
    os.makedirs(d)
    truth = open(os.path.join(d, "truth.tsv"), "w")
    with gzip.open(os.path.join(d, "features.tsv.gz"), "wt", encoding="utf-8") as f:
        f.write("\t".join(cols) + "\n")
        for n in range(60):
            for name in names:
                words = rng.sample(themes[name], 5) + rng.sample(filler, 2)
                cid = "N%d-%s-%d" % (night, name, n)
                row = dict(id=cid, lang="zh-Hans", score="-0.700", polarity="negative", severity="none",
                           emphasis="0", keywords=";".join(words[:3]), tokens=" ".join(words),
                           display="".join(words))
                f.write("\t".join(row.get(c, "") for c in cols) + "\n")
                truth.write("%s\t%s\n" % (cid, name))
EOF

run() { vocmine-cluster --quiet --lexicons "$work/no-lexicons" "$@"; }
run --out "$work/night1"
run --out "$work/night2" --model "$work/night1/topic_model.tsv.gz"
mkdir "$work/night2t"
cp "$work/night2/features.tsv.gz" "$work/night2t/"
run --out "$work/night2t" --model "$work/night1/topic_model.tsv.gz" --threads 1
run --out "$work/night3" --model "$work/night2/topic_model.tsv.gz"
mkdir "$work/retrain"
cp "$work/night2/features.tsv.gz" "$work/night2/truth.tsv" "$work/retrain/"
run --out "$work/retrain" --model "$work/night1/topic_model.tsv.gz" --retrain

for f in assignments.tsv.gz topics.tsv.gz topic_model.tsv.gz; do
    cmp "$work/night2/$f" "$work/night2t/$f" || { echo "FAIL: $f depends on --threads"; exit 1; }
done

python3 - "$work" <<'EOF'
import collections, gzip, sys
work = sys.argv[1]
failures = []
def check(cond, what):
    if not cond:
        failures.append(what)

def table(path, key):
    rows = [l.rstrip("\n").split("\t") for l in gzip.open(path, "rt", encoding="utf-8")]
    head = rows[0]
    return {r[head.index(key)]: dict(zip(head, r)) for r in rows[1:]}

def majority(night):
    """theme -> (topic, share) for one run directory."""
    asg = table("%s/%s/assignments.tsv.gz" % (work, night), "id")
    got = collections.defaultdict(collections.Counter)
    for line in open("%s/%s/truth.tsv" % (work, night)):
        cid, theme = line.split()
        got[theme][asg[cid]["topic"] if cid in asg else "-"] += 1
    out = {}
    for theme, c in got.items():
        topic, n = c.most_common(1)[0]
        out[theme] = (topic, n / sum(c.values()))
    return out

num = lambda t: int(t[1:])
n1, n2, n3, rt = majority("night1"), majority("night2"), majority("night3"), majority("retrain")
t1 = table(work + "/night1/topics.tsv.gz", "topic")
t2 = table(work + "/night2/topics.tsv.gz", "topic")
t3 = table(work + "/night3/topics.tsv.gz", "topic")
trt = table(work + "/retrain/topics.tsv.gz", "topic")
for night, m in (("night1", n1), ("night2", n2), ("night3", n3), ("retrain", rt)):
    for theme, (topic, share) in m.items():
        check(share >= 0.9, "%s: theme %s spread over topics (%.2f in %s)" % (night, theme, share, topic))
check(len({t for t, _ in n1.values()}) == 4, "night1: themes do not get four distinct topics")
max1 = max(num(t) for t in t1)
for theme in ("late", "refund", "crash"):
    check(n2[theme][0] == n1[theme][0], "night2: %s moved from %s to %s" % (theme, n1[theme][0], n2[theme][0]))
    check(rt[theme][0] == n1[theme][0], "retrain: %s moved from %s to %s" % (theme, n1[theme][0], rt[theme][0]))
    check(t2[n2[theme][0]]["status"] == "active", "night2: %s not active" % theme)
for name, m, t in (("night2", n2, t2), ("retrain", rt, trt)):
    new = m["package"][0]
    check(num(new) > max1, "%s: new theme got %s, not a fresh id above T%d" % (name, new, max1))
    check(t[new]["status"] == "new" and t[new]["created_run"] == "2", "%s: new topic %s not new in run 2" % (name, new))
    rude = n1["rude"][0]
    check(t[rude]["status"] == "dormant" and t[rude]["size"] == "0", "%s: absent %s not dormant" % (name, rude))
check(n3["rude"][0] == n1["rude"][0], "night3: returning theme got %s, not %s" % (n3["rude"][0], n1["rude"][0]))
check(t3[n1["rude"][0]]["status"] == "active", "night3: returning topic not active")
check(n3["late"][0] == n1["late"][0], "night3: late moved")
check(t3[n2["package"][0]]["status"] == "dormant", "night3: package topic not dormant")
check(all(t3[t]["label"] for t in t3), "night3: a topic without label")
if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("ok: night1 %s; night2 %s; night3 %s" % (sorted(n1.items()), sorted(n2.items()), sorted(n3.items())))
EOF
