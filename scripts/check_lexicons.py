#!/usr/bin/env python3
"""check_lexicons.py - validate the lexicon files in lexicons/ (see lexicons/README.md).

Checks every file for: UTF-8, '#' comments only above the header, the exact
header of the spec, the right number of non-empty fields, no stray spaces,
backslashes or control characters, terms already in match-text form (NFKC,
lower case, simplified Chinese, no emphasis run that folding would squeeze),
value ranges, duplicates (also after folding; once per file, whatever the
lang column says), positive/negative conflicts, terms in both emoji.tsv and
a sentiment file, degree or negator words that are also sentiment terms,
unknown aspect categories and English phrases longer than four words. Prints entry counts per file; exits 1 when an error was found.

Usage: scripts/check_lexicons.py [LEXICON_DIR]   (default: lexicons/ next to
this script's parent). Python 3 standard library only; the traditional-script
check uses the `opencc` command when it is installed and a built-in list of
common traditional characters otherwise.
"""
import os
import re
import shutil
import subprocess
import sys
import unicodedata

HEADERS = {
    'sentiment.zh.tsv': ['term', 'weight'],
    'sentiment.en.tsv': ['term', 'weight'],
    'negators.tsv': ['term', 'lang'],
    'degree.tsv': ['term', 'lang', 'multiplier'],
    'contrast.tsv': ['term', 'lang', 'kind'],
    'emoji.tsv': ['term', 'weight'],
    'stopwords.zh.tsv': ['term'],
    'stopwords.en.tsv': ['term'],
    'categories.tsv': ['category', 'owner', 'label_zh', 'label_en'],
    'aspects.tsv': ['category', 'lang', 'term'],
    'severity.tsv': ['term', 'lang', 'level', 'cue'],
    'cues.tsv': ['term', 'lang', 'kind'],
}
# Columns that identify an entry (duplicates are errors). The loader keeps
# one role per folded term and file, so a term may appear once per file even
# when the file has a lang column (zh and en rows share one table).
KEYS = {name: ['category'] if name == 'categories.tsv' else ['term'] for name in HEADERS}
LANGS = {'zh', 'en'}
LEVELS = {'minor', 'moderate', 'severe'}
CUES = {'regulator', 'media', 'legal', 'refund_demand', 'compensation',
        'never_again', 'threat', 'health', 'safety', 'fraud', 'harassment'}
CONTRAST_KINDS = {'but', 'although'}
CUE_KINDS = {'sarcasm', 'rhetorical'}
SNAKE = re.compile(r'^[a-z][a-z0-9_]*$')
HAN = re.compile(r'[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]')
MAX_EN_WORDS = 4

# Fallback when opencc is missing: common characters that exist only in
# traditional script (each maps to a different simplified character).
TRAD_FALLBACK = set(
    '這們來會時說對過還後麼點長與開關門問間題實際現發經無當樣車東愛應該電話號錢買賣'
    '鐘萬億體驗價貴質務員邊熱涼溫飯麵湯魚雞鴨豬蝦蟲衛廁髒亂鬧擠聲響網絡訊賬帳戶碼'
    '認證審換貨運遞費單據優購場廳層樓燈鋪墊設計顏寬鬆緊級檢歡樂讚壞爛噁憤難傷淚'
    '慘幫謝請讓給從裡裏嗎講聽見觀視覺為讀書寫畫課師學習慣專態細節實財產銀儲貸'
    '轉頭醫護藥療診斷術損險隱燒燙觸擊壓擰閉鍵盤螢顯幣資續訂閱廣頁號'
    '錄註銷凍結洩詐騙偽誌紙張裝綁繩條線縫針補貼飾褲襪襯領極氣夠幾個麗')


class Report:
    def __init__(self):
        self.errors = 0
        self.warnings = 0

    def error(self, where, msg):
        self.errors += 1
        print(f'ERROR {where}: {msg}')

    def warn(self, where, msg):
        self.warnings += 1
        print(f'warning {where}: {msg}')


def read_table(path, name, rep):
    """Returns a list of (line number, dict) rows, or None if unreadable."""
    try:
        with open(path, 'rb') as f:
            raw = f.read()
    except OSError as e:
        rep.error(name, f'cannot read: {e}')
        return None
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        rep.error(name, f'not UTF-8: {e}')
        return None
    if text.startswith('\ufeff'):
        rep.error(name, 'starts with a byte-order mark')
    if '\r' in text:
        rep.error(name, 'has CR line ends (use LF)')
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    else:
        rep.error(name, 'last line does not end with a newline')
    i = 0
    while i < len(lines) and lines[i].startswith('#'):
        i += 1
    if i == len(lines):
        rep.error(name, 'no header line')
        return None
    header = lines[i].split('\t')
    if header != HEADERS[name]:
        rep.error(f'{name}:{i + 1}', f'header is {header}, expected {HEADERS[name]}')
        return None
    rows = []
    for n, line in enumerate(lines[i + 1:], start=i + 2):
        where = f'{name}:{n}'
        if line.startswith('#'):
            rep.error(where, "'#' comment below the header (comments go above it)")
            continue
        fields = line.split('\t')
        if len(fields) != len(header):
            rep.error(where, f'{len(fields)} fields, expected {len(header)}: {line!r}')
            continue
        bad = False
        for col, val in zip(header, fields):
            if val == '':
                rep.error(where, f'empty {col}')
                bad = True
            elif val != val.strip() or '  ' in val:
                rep.error(where, f'stray spaces in {col}: {val!r}')
                bad = True
            elif '\\' in val:
                rep.error(where, f'backslash in {col} (COPY escaping would change it): {val!r}')
                bad = True
            elif any(unicodedata.category(c) == 'Cc' for c in val):
                rep.error(where, f'control character in {col}: {val!r}')
                bad = True
        if not bad:
            rows.append((n, dict(zip(header, fields))))
    return rows


def to_simplified(terms):
    """Maps each term to its simplified form; None when no converter ran."""
    exe = shutil.which('opencc')
    if not exe or not terms:
        return None
    data = '\n'.join(terms) + '\n'
    try:
        out = subprocess.run([exe, '-c', 't2s.json'], input=data.encode('utf-8'),
                             capture_output=True, check=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    conv = out.decode('utf-8').split('\n')
    if len(conv) < len(terms):
        return None
    return dict(zip(terms, conv))


def fold(term, simp):
    """The match-text folding the loaders apply (NFKC, case, t->s)."""
    t = unicodedata.normalize('NFKC', term).casefold()
    return simp.get(t, t) if simp else t


def squeezed_run(term):
    """A run that match-text folding squeezes (emphasis), or None."""
    prev, n = '', 0
    for c in term:
        n = n + 1 if c == prev else 1
        prev = c
        punct = unicodedata.category(c).startswith('P') or (c.isascii() and not c.isalnum() and c != ' ')
        if (punct and n >= 2) or (n >= 3 and (c.isascii() and c.isalpha() or HAN.match(c))):
            return c * n
    return None


def check_term_form(where, term, lang, rep):
    if unicodedata.normalize('NFKC', term) != term:
        rep.error(where, f'not NFKC (full-width or compatibility form): {term!r}')
    if term.casefold() != term:
        rep.error(where, f'not lower case: {term!r}')
    run = squeezed_run(term)
    if run:
        rep.error(where, f'folding squeezes the run {run!r} in {term!r}: write the squeezed form')
    if lang == 'en':
        if HAN.search(term):
            rep.error(where, f'Chinese characters in an English term: {term!r}')
        if len(term.split(' ')) > MAX_EN_WORDS:
            rep.error(where, f'English phrase longer than {MAX_EN_WORDS} words: {term!r}')


def number(where, val, lo, hi, rep, what):
    try:
        x = float(val)
    except ValueError:
        rep.error(where, f'{what} is not a number: {val!r}')
        return None
    if not lo <= x <= hi:
        rep.error(where, f'{what} {val} outside [{lo}, {hi}]')
        return None
    return x


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    lexdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(here), 'lexicons')
    rep = Report()
    tables = {}
    for name in HEADERS:
        path = os.path.join(lexdir, name)
        if not os.path.exists(path):
            rep.error(name, 'missing')
            continue
        rows = read_table(path, name, rep)
        if rows is not None:
            tables[name] = rows

    # Traditional-script check over every Chinese term of every file.
    han_terms = sorted({r.get('term', '') for rows in tables.values() for _, r in rows
                        if HAN.search(r.get('term', ''))})
    simp = to_simplified(han_terms)
    if simp is None:
        rep.warn('all', 'opencc not found: using the built-in list of traditional characters')
    for name, rows in tables.items():
        for n, r in rows:
            t = r.get('term')
            if not t or not HAN.search(t):
                continue
            if simp is not None:
                if simp.get(t, t) != t:
                    rep.error(f'{name}:{n}', f'traditional characters: {t!r} (simplified: {simp[t]!r})')
            elif any(c in TRAD_FALLBACK for c in t):
                rep.error(f'{name}:{n}', f'traditional characters: {t!r}')

    # Per-file checks: ranges, enumerations, term form, duplicates.
    for name, rows in tables.items():
        keycols = KEYS[name]
        seen = {}
        for n, r in rows:
            where = f'{name}:{n}'
            lang = r.get('lang')
            if name.startswith('sentiment.') or name.startswith('stopwords.'):
                lang = name.split('.')[1]
            if 'lang' in r and r['lang'] not in LANGS:
                rep.error(where, f'lang must be zh or en: {r["lang"]!r}')
            if 'term' in r:
                check_term_form(where, r['term'], lang, rep)
            if 'weight' in r:
                w = number(where, r['weight'], -2.0, 2.0, rep, 'weight')
                if w == 0:
                    rep.error(where, 'weight 0 (neutral terms are not listed)')
            if 'multiplier' in r:
                m = number(where, r['multiplier'], 0.2, 3.0, rep, 'multiplier')
                if m == 1.0:
                    rep.error(where, 'multiplier 1.0 has no effect')
            if name == 'contrast.tsv' and r['kind'] not in CONTRAST_KINDS:
                rep.error(where, f'kind must be but or although: {r["kind"]!r}')
            if name == 'cues.tsv' and r['kind'] not in CUE_KINDS:
                rep.error(where, f'kind must be sarcasm or rhetorical: {r["kind"]!r}')
            if name == 'severity.tsv':
                if r['level'] not in LEVELS:
                    rep.error(where, f'level must be minor, moderate or severe: {r["level"]!r}')
                if r['cue'] not in CUES:
                    rep.error(where, f'unknown cue {r["cue"]!r} (known: {", ".join(sorted(CUES))})')
            if name == 'categories.tsv':
                if not SNAKE.match(r['category']):
                    rep.error(where, f'category is not snake_case: {r["category"]!r}')
                if not SNAKE.match(r['owner']):
                    rep.error(where, f'owner is not snake_case: {r["owner"]!r}')
            key = tuple(fold(r[c], simp) if c in ('term',) else r[c] for c in keycols)
            if key in seen:
                rep.error(where, f'duplicate of line {seen[key][0]}: {key}')
                if 'weight' in r and (float(r['weight']) > 0) != (float(seen[key][1]['weight']) > 0):
                    rep.error(where, f'term is both positive and negative: {r["term"]!r}')
            else:
                seen[key] = (n, r)

    # Cross-file checks.
    cats = {r['category'] for _, r in tables.get('categories.tsv', [])}
    per_cat = {}
    for n, r in tables.get('aspects.tsv', []):
        if r['category'] not in cats:
            rep.error(f'aspects.tsv:{n}', f'unknown category {r["category"]!r}')
        per_cat[(r['category'], r['lang'])] = per_cat.get((r['category'], r['lang']), 0) + 1
    for c in sorted(cats):
        for lang in sorted(LANGS):
            if per_cat.get((c, lang), 0) == 0:
                rep.warn('aspects.tsv', f'category {c} has no {lang} terms')

    sentiment = {}
    for lang in ('zh', 'en'):
        for n, r in tables.get(f'sentiment.{lang}.tsv', []):
            sentiment[(lang, r['term'])] = float(r['weight'])
    for name in ('degree.tsv', 'negators.tsv'):
        for n, r in tables.get(name, []):
            if (r['lang'], r['term']) in sentiment:
                rep.error(f'{name}:{n}', f'{r["term"]!r} is also a sentiment term (pick one role)')
    negs = {(r['lang'], r['term']) for _, r in tables.get('negators.tsv', [])}
    for n, r in tables.get('degree.tsv', []):
        if (r['lang'], r['term']) in negs:
            rep.error(f'degree.tsv:{n}', f'{r["term"]!r} is also a negator')
    for n, r in tables.get('emoji.tsv', []):
        for lang in ('zh', 'en'):
            if (lang, r['term']) in sentiment:
                rep.error(f'emoji.tsv:{n}', f'{r["term"]!r} is also in sentiment.{lang}.tsv (one weight per term)')
    for n, r in tables.get('sentiment.en.tsv', []):
        w = sentiment.get(('zh', r['term']))
        if w is not None and (w > 0) != (float(r['weight']) > 0):
            rep.error(f'sentiment.en.tsv:{n}', f'{r["term"]!r} has the opposite sign in sentiment.zh.tsv')

    # Summary.
    print(f'{"file":<20} {"entries":>8}  detail')
    for name in HEADERS:
        rows = tables.get(name)
        if rows is None:
            print(f'{name:<20} {"-":>8}')
            continue
        detail = ''
        if 'lang' in HEADERS[name]:
            zh = sum(1 for _, r in rows if r['lang'] == 'zh')
            detail = f'zh {zh}, en {len(rows) - zh}'
        if 'weight' in HEADERS[name]:
            pos = sum(1 for _, r in rows if float(r['weight']) > 0)
            detail = f'positive {pos}, negative {len(rows) - pos}'
        if name == 'aspects.tsv' and cats:
            detail += f'; {len(cats)} categories, {len(rows) / (2 * len(cats)):.1f} terms per category and language'
        print(f'{name:<20} {len(rows):>8}  {detail}')
    print(f'{rep.errors} errors, {rep.warnings} warnings')
    return 1 if rep.errors else 0


if __name__ == '__main__':
    sys.exit(main())
