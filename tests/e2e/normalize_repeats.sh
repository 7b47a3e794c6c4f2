# A text that comes again is taken from normalize's memo: every copy must
# get the columns and manifest counts it gets when it is the only row.
. "$(dirname "$0")/lib/common.sh"
python3 - "$WORK" <<'EOF'
import sys
work = sys.argv[1]
texts = [
    '<b>Call</b> me at 13812345678 &amp; mail a.b@example.com \u200b now!!!!',
    '送餐太慢了&lt;差评&gt;\u202e，客服电话 021-12345678。。。',
    'Sooooo good <i>really</i>\x07 great',
]
def write(path, rows):
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write('id,text\n')
        for i, t in rows:
            f.write('%s,"%s"\n' % (i, t.replace('"', '""')))
for k, t in enumerate(texts):
    write('%s/one%d.csv' % (work, k), [('one%d' % k, t)])
rows = []
for n in range(40):
    for k, t in enumerate(texts):
        rows.append(('r%d_%d' % (k, n), t))
    rows.append(('other%d' % n, 'filler comment number %d about delivery' % n))
write('%s/many.csv' % work, rows)
EOF
for k in 0 1 2; do vocmine-normalize --input "$WORK/one$k.csv" --out "$WORK/one$k" --quiet; done
vocmine-normalize --input "$WORK/many.csv" --out "$WORK/many" --threads 2 --quiet
python3 - "$WORK" <<'EOF'
import gzip, json, sys
work = sys.argv[1]
cols = ['lang', 'emphasis', 'masks', 'repairs', 'display', 'match']
def rows(d):
    with gzip.open('%s/normalized.tsv.gz' % d, 'rt', encoding='utf-8', newline='\n') as f:
        head = f.readline().rstrip('\n').split('\t')
        for line in f:
            r = dict(zip(head, line.rstrip('\n').split('\t')))
            yield r['id'], [r[c] for c in cols]
def counts(d):
    c = json.load(open('%s/manifest.normalize.json' % d))['counts']
    return c['masked'], c['repairs'], c['languages']
many = dict(rows('%s/many' % work))
want_masked, want_repairs, want_langs = {}, {}, {}
for k in range(3):
    (_, one), = rows('%s/one%d' % (work, k))
    for n in range(40):
        got = many['r%d_%d' % (k, n)]
        if got != one:
            sys.exit('FAIL: copy %d of text %d: %r, alone %r' % (n, k, got, one))
    masked, repairs, langs = counts('%s/one%d' % (work, k))
    for want, add in ((want_masked, masked), (want_repairs, repairs), (want_langs, langs)):
        for key, v in add.items():
            want[key] = want.get(key, 0) + 40 * v
masked, repairs, langs = counts('%s/many' % work)
if masked != want_masked:
    sys.exit('FAIL: masked %r, want %r' % (masked, want_masked))
if repairs != want_repairs:
    sys.exit('FAIL: repairs %r, want %r' % (repairs, want_repairs))
langs = {k: v - (40 if k == 'en' else 0) for k, v in langs.items()}
if langs != want_langs:
    sys.exit('FAIL: languages %r, want %r (besides 40 fillers)' % (langs, want_langs))
print('ok: 3 texts x 40 copies match their lone runs; counts %r %r' % (masked, repairs))
EOF
