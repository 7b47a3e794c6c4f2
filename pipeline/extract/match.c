/*
 * match.c - lexicon terms and clauses of a tokenized comment (see
 * match.h).
 *
 * Term lookup walks a code-point trie of every lexicon term instead of
 * hashing candidate spans: the match text already has single spaces
 * between words, so the bytes from a span's first token to its last are
 * the term's spelling, provided every gap between the tokens is empty or
 * one space. A walk goes on from token to token while its path is a
 * proper prefix of some term, so each code point of the text is looked
 * up once per span start, and most walks end within the first token.
 *
 * Trie layout: every transition is a trie_arc in one array. The arcs
 * leaving a node form a block sorted by code point; a node is known by
 * the arc leading to it, which holds where its block is. Blocks are laid
 * out in preorder (a node's block, then its first child's subtree, ...),
 * so walking down a word reads nearly consecutive memory: the walks are
 * memory-bound, and a hash table of transitions (one cache miss per code
 * point) made matching cost more than segmenting. The root's transitions
 * by BMP code point are also indexed directly. Lexicon terms are valid
 * UTF-8 and vm_utf8_decode is strict, so a path of code points matches
 * exactly the bytes of the term; UTF-8 byte order is code point order, so
 * the terms sorted by their bytes are the trie in preorder.
 *
 * Most tokens are not walked at all: vm_matcher_give_payloads leaves the
 * arc of every path in the segmenter's dictionary, whose tokens bring it
 * along (vm_token.payload), so a span's first token is found with the
 * segmenter's own lookup. Walking a token took one dependent load per
 * code point (root index, arc, then a search of the next block).
 */
#include "extract/match.h"
#include "extract/segment.h"
#include "extract/stem.h"
#include "common/mem.h"
#include "common/strmap.h"
#include "common/utf8.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PIECES 4
#define ROOT_SPAN 0x10000     /* the root index covers code points below this */
#define LINEAR_SCAN 8         /* blocks this short are scanned, longer ones bisected first */

/* A transition, and the node it leads to. */
typedef struct trie_arc {
    int32_t cp;
    int32_t term;     /* the term the path to here spells, or -1 */
    uint32_t kids;    /* the node's block: arcs[kids, kids + nkids) */
    uint32_t nkids;   /* 0: no term continues past here */
} trie_arc;

struct vm_matcher {
    const vm_lexicon *lx;
    vm_strmap *stems;     /* stem -> dense id */
    long *stem_term;      /* dense id -> term id */
    uint16_t *roles;      /* term id -> its roles, compact (see match.h) */
    trie_arc *arcs;       /* the term trie (see the top of the file) */
    uint32_t narcs;
    trie_arc root;        /* the root's block (kids, nkids); cp and term unused */
    uint32_t *root_index; /* by code point < ROOT_SPAN: 1 + its arc from the root, or 0 */
    uint8_t *modifier_start; /* bit per code point < ROOT_SPAN: a negator or degree term starts with it */
};

/* ---- the term trie ---- */

/* The arc by cp in the sorted block v[0, n), or NULL. */
static inline const trie_arc *find_arc(const trie_arc *v, uint32_t n, int32_t cp) {
    while (n > LINEAR_SCAN) {
        uint32_t half = n / 2;
        if (v[half].cp <= cp) {
            v += half;
            n -= half;
        } else {
            n = half;
        }
    }
    for (uint32_t i = 0; i < n; i++)
        if (v[i].cp == cp) return &v[i];
    return NULL;
}

/* The transition on from at (NULL = the root) by cp, or NULL. */
static inline const trie_arc *trie_next(const vm_matcher *m, const trie_arc *at, int32_t cp) {
    if (!at && (uint32_t)cp < ROOT_SPAN) return m->root_index[cp] ? &m->arcs[m->root_index[cp] - 1] : NULL;
    if (!at) at = &m->root;
    return find_arc(m->arcs + at->kids, at->nkids, cp);
}

/* Walks text[from, to) on from at (NULL = the root): the transition
 * reached, or NULL if the text leaves the trie (no term starts so). */
static const trie_arc *trie_walk(const vm_matcher *m, const trie_arc *at, const char *text, size_t from,
                                 size_t to) {
    size_t adv;
    for (size_t i = from; i < to; i += adv) {
        int32_t c = vm_utf8_decode(text + i, to - i, &adv);
        if (c < 0 || !(at = trie_next(m, at, c))) return NULL;
    }
    return at;
}

typedef struct sorted_term {
    const char *s;
    size_t len;
    int32_t id;
} sorted_term;

static int cmp_term(const void *a, const void *b) {
    const sorted_term *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The next code point of term t at byte depth (its length in *adv). */
static int32_t cp_at(const sorted_term *t, size_t depth, size_t *adv) {
    return vm_utf8_decode(t->s + depth, t->len - depth, adv);
}

/* The end of the run of terms from t[i] (before hi) with the same code
 * point at byte depth. */
static size_t group_end(const sorted_term *t, size_t i, size_t hi, size_t depth) {
    size_t adv;
    int32_t c = cp_at(&t[i], depth, &adv);
    while (i < hi && cp_at(&t[i], depth, &adv) == c) i++;
    return i;
}

/* Lays out the node whose terms are t[lo, hi) (sorted; they share their
 * first depth bytes, and one exactly that long is the node's own term):
 * its block at the end of m->arcs (*used arcs so far), then each child's
 * subtree. Sets a->kids and a->nkids. Arcs are addressed by index, as the
 * array does not move: *used never passes the number of code points of
 * all terms, which is what was allocated. */
static void lay_out(vm_matcher *m, uint32_t *used, trie_arc *a, const sorted_term *t, size_t lo, size_t hi,
                    size_t depth) {
    if (lo < hi && t[lo].len == depth) lo++;
    size_t nkids = 0;
    for (size_t i = lo; i < hi; nkids++) i = group_end(t, i, hi, depth);
    a->kids = *used;
    a->nkids = (uint32_t)nkids;
    *used += (uint32_t)nkids;
    uint32_t k = a->kids;
    for (size_t i = lo; i < hi; k++) {
        size_t first = i, adv;
        i = group_end(t, i, hi, depth);
        trie_arc *kid = &m->arcs[k];
        kid->cp = cp_at(&t[first], depth, &adv);
        kid->term = t[first].len == depth + adv ? t[first].id : -1;
        lay_out(m, used, kid, t, first, i, depth + adv);
    }
}

static void build_trie(vm_matcher *m) {
    size_t n = vm_lexicon_size(m->lx), cps = 0;
    sorted_term *t = vm_xmalloc((n ? n : 1) * sizeof *t);
    for (size_t id = 0; id < n; id++) {
        t[id].s = vm_lexicon_text(m->lx, (long)id, &t[id].len);
        t[id].id = (int32_t)id;
        for (size_t i = 0; i < t[id].len; i++) cps += ((unsigned char)t[id].s[i] & 0xC0) != 0x80;
    }
    qsort(t, n, sizeof *t, cmp_term);
    m->arcs = vm_xcalloc(cps ? cps : 1, sizeof *m->arcs);
    uint32_t used = 0;
    m->root.term = -1;
    lay_out(m, &used, &m->root, t, 0, n, 0);
    m->narcs = used;
    m->root_index = vm_xcalloc(ROOT_SPAN, sizeof *m->root_index);
    for (uint32_t k = m->root.kids; k < m->root.kids + m->root.nkids; k++)
        if ((uint32_t)m->arcs[k].cp < ROOT_SPAN) m->root_index[m->arcs[k].cp] = k + 1;
    free(t);
}

/* Marks the first code point of every negator and degree term. */
static void mark_modifier_starts(vm_matcher *m) {
    const unsigned modifiers = (1u << VM_ROLE_NEGATOR) | (1u << VM_ROLE_DEGREE);
    m->modifier_start = vm_xcalloc(ROOT_SPAN / 8, 1);
    for (size_t id = 0; id < vm_lexicon_size(m->lx); id++) {
        if (!(m->roles[id] & modifiers)) continue;
        size_t len, adv;
        const char *t = vm_lexicon_text(m->lx, (long)id, &len);
        uint32_t c = (uint32_t)vm_utf8_decode(t, len, &adv);
        if (c < ROOT_SPAN) m->modifier_start[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
}

/* Whether a negator or degree term may start with the code point at s
 * (always, past the BMP). */
static int may_start_modifier(const vm_matcher *m, const char *s, size_t len) {
    size_t adv;
    uint32_t c = (uint32_t)vm_utf8_decode(s, len, &adv);
    return c >= ROOT_SPAN || (m->modifier_start[c >> 3] >> (c & 7) & 1);
}

static int is_one_latin_word(const char *s, size_t len) {
    size_t adv;
    for (size_t i = 0; i < len; i += adv) {
        int32_t c = vm_utf8_decode(s + i, len - i, &adv);
        if (!vm_is_latin(c) && c != '\'' && c != '-') return 0;
    }
    return len > 0;
}

vm_matcher *vm_matcher_new(const vm_lexicon *lx) {
    vm_matcher *m = vm_xcalloc(1, sizeof *m);
    m->lx = lx;
    m->stems = vm_strmap_new();
    size_t n = vm_lexicon_size(lx);
    m->stem_term = vm_xcalloc(n ? n : 1, sizeof *m->stem_term);
    m->roles = vm_xcalloc(n ? n : 1, sizeof *m->roles);
    build_trie(m);
    vm_buf b = {0};
    for (size_t id = 0; id < n; id++) {
        size_t len;
        const char *t = vm_lexicon_text(lx, (long)id, &len);
        const vm_lexterm *e = vm_lexicon_term(lx, (long)id);
        m->roles[id] = (uint16_t)e->roles;
        if (!(e->roles & ((1u << VM_ROLE_SENTIMENT) | (1u << VM_ROLE_ASPECT)))) continue;
        if (!is_one_latin_word(t, len)) continue;
        vm_buf_reset(&b);
        vm_stem_append(t, len, &b);
        int added = 0;
        long sid = vm_strmap_intern(m->stems, b.data ? b.data : "", b.len, &added);
        if (added) m->stem_term[sid] = (long)id;
    }
    vm_buf_free(&b);
    mark_modifier_starts(m);
    return m;
}

void vm_matcher_give_payloads(const vm_matcher *m, vm_segdict *d) {
    size_t n = vm_lexicon_size(m->lx);
    if (m->narcs >= VM_SEG_PAYLOAD_MAX) return;  /* some paths would get none: give none (matching walks) */
    for (size_t id = 0; id < n; id++) {
        size_t len, adv;
        const char *t = vm_lexicon_text(m->lx, (long)id, &len);
        for (size_t b = 0; b < len; b += adv) {
            vm_utf8_decode(t + b, len - b, &adv);
            const trie_arc *a = trie_walk(m, NULL, t, 0, b + adv);
            vm_segdict_set_payload(d, t, b + adv, (uint32_t)(a - m->arcs) + 1);
        }
    }
}

void vm_matcher_free(vm_matcher *m) {
    if (!m) return;
    vm_strmap_free(m->stems);
    free(m->arcs);
    free(m->roles);
    free(m->root_index);
    free(m->modifier_start);
    free(m->stem_term);
    free(m);
}

void vm_hits_free(vm_hits *h) {
    free(h->u);
    free(h->c);
    memset(h, 0, sizeof *h);
}

const vm_lexicon *vm_matcher_lexicon(const vm_matcher *m) { return m->lx; }

void vm_stem_append(const char *word, size_t len, vm_buf *out) {
    vm_buf_grow(out, len + 1);
    out->len += vm_stem_en(word, len, out->data + out->len);
}

void vm_trace_unit(vm_buf *b, const vm_matcher *m, const vm_hits *h, const vm_unit *u, int role) {
    vm_buf_putc(b, '"');
    vm_buf_append(b, h->text + u->start, u->len);
    vm_buf_putc(b, '"');
    if (!vm_unit_has(m, u, role)) return;
    vm_lexsrc src = vm_lexicon_src(m->lx, u->term, role);
    vm_buf_printf(b, " (%s:%u)", vm_lexicon_file_name(m->lx, src.file), src.line);
}

_Static_assert(VM_ROLE_COUNT <= 16, "vm_unit.roles holds every role bit");

static vm_unit *push_unit(const vm_matcher *m, vm_hits *h, uint32_t start, uint32_t len, uint32_t tok, int ntok,
                          const vm_token *t, long term) {
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 64;
        h->u = vm_xrealloc(h->u, h->cap * sizeof *h->u);
    }
    vm_unit *u = &h->u[h->n++];
    memset(u, 0, sizeof *u);
    u->start = start;
    u->len = len;
    u->tok = tok;
    u->ntok = (uint16_t)ntok;
    u->type = t->type;
    u->term = (int32_t)term;
    u->entry = term >= 0 ? vm_lexicon_term(m->lx, term) : NULL;
    u->roles = term >= 0 ? m->roles[term] : 0;
    /* Scoring reads the entry soon, and a term's entry is often a miss. */
    if (u->entry) __builtin_prefetch(u->entry);
    u->degree = 1;
    if (t->type == VM_TOK_HAN || t->type == VM_TOK_LATIN || t->type == VM_TOK_NUMBER || t->type == VM_TOK_MASK)
        u->flags |= VM_UNIT_WORD;
    return u;
}

/* Flags of a punctuation unit from its characters. */
static void punct_flags(vm_unit *u, const char *s, const vm_token *t) {
    if (t->clause_end) u->flags |= VM_UNIT_CLAUSE_END;
    size_t adv;
    for (size_t i = 0; i < u->len; i += adv) {
        int32_t c = vm_utf8_decode(s + i, u->len - i, &adv);
        if (c == '?' || c == 0xFF1F) u->flags |= VM_UNIT_QUESTION | VM_UNIT_SENTENCE_END | VM_UNIT_CLAUSE_END;
        else if (c == '.' || c == '!' || c == 0x3002 || c == 0xFF01 || c == 0xFF0E)
            u->flags |= VM_UNIT_SENTENCE_END | VM_UNIT_CLAUSE_END;
    }
}

/* Number of tokens (from i) of the longest span that is a term, and the
 * term id; 0 if none. A span grows while its text is a prefix of some
 * term and the gap to the next token is empty or one space. */
static int longest_span(const vm_matcher *m, const char *text, const vm_tokens *toks, size_t i, long *term) {
    size_t kmax = toks->n - i < VM_MATCH_MAX_SPAN ? toks->n - i : VM_MATCH_MAX_SPAN;
    const trie_arc *at = NULL;
    uint32_t walked = toks->v[i].start;  /* the span's text up to here is the path to at */
    int best = 0;
    for (size_t k = 1; k <= kmax; k++) {
        const vm_token *last = &toks->v[i + k - 1];
        uint32_t end = last->start + last->len;
        if (k == 1 && last->payload != VM_TOK_NO_PAYLOAD) at = last->payload ? &m->arcs[last->payload - 1] : NULL;
        else at = trie_walk(m, at, text, walked, end);
        if (!at) break;
        walked = end;
        if (at->term >= 0) {
            *term = at->term;
            best = (int)k;
        }
        if (k == kmax || !at->nkids) break;
        uint32_t gap = toks->v[i + k].start - end;
        if (gap > 1 || (gap == 1 && text[end] != ' ')) break;
    }
    return best;
}

static int has_role(const vm_matcher *m, long id, unsigned roles) {
    return id >= 0 && (m->roles[id] & roles) != 0;
}

/* Rule 2: modifier prefixes and a sentiment term filling one Han token.
 * Returns the number of pieces written to piece_len/piece_term, or 0. */
static int decompose(const vm_matcher *m, const char *s, size_t len, size_t piece_len[], long piece_term[]) {
    const unsigned modifiers = (1u << VM_ROLE_NEGATOR) | (1u << VM_ROLE_DEGREE);
    size_t pos = 0;
    int np = 0;
    while (np < MAX_PIECES) {
        /* One walk from pos: the longest modifier that leaves something
         * after it, and the term spelled by all of s[pos, len). */
        size_t best = 0, adv;
        long best_id = -1, whole = -1;
        const trie_arc *at = NULL;
        for (size_t p = pos; p < len; p += adv) {
            int32_t c = vm_utf8_decode(s + p, len - p, &adv);
            if (c < 0 || !(at = trie_next(m, at, c))) break;
            if (p + adv == len) whole = at->term;
            else if (has_role(m, at->term, modifiers)) {
                best = p + adv - pos;
                best_id = at->term;
            }
        }
        if (pos > 0 && has_role(m, whole, 1u << VM_ROLE_SENTIMENT)) {
            piece_len[np] = len - pos;
            piece_term[np++] = whole;
            return np;
        }
        if (!best) return 0;
        piece_len[np] = best;
        piece_term[np++] = best_id;
        pos += best;
    }
    return 0;
}

static long stem_lookup(const vm_matcher *m, const char *s, size_t len, vm_buf *b) {
    if (!is_one_latin_word(s, len)) return -1;
    vm_buf_reset(b);
    vm_stem_append(s, len, b);
    long sid = vm_strmap_find(m->stems, b->data ? b->data : "", b->len);
    return sid >= 0 ? m->stem_term[sid] : -1;
}

/* An emoji with a skin tone or other modifier: its first code point. */
static long emoji_base(const vm_matcher *m, const char *s, size_t len) {
    size_t adv;
    vm_utf8_decode(s, len, &adv);
    return adv < len ? vm_lexicon_find(m->lx, s, adv) : -1;
}

/* Copies a Latin word with U+2019 made an ASCII apostrophe ("don’t" ->
 * "don't"); returns its length, 0 if it does not fit. */
static size_t straighten(const char *s, size_t len, char *out, size_t cap) {
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (o + 1 >= cap) return 0;
        if (i + 2 < len && memcmp(s + i, "\xE2\x80\x99", 3) == 0) {
            out[o++] = '\'';
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    return o;
}

static void match_token(const vm_matcher *m, const char *text, const vm_tokens *toks, size_t i, vm_hits *h,
                        vm_buf *stem_buf) {
    const vm_token *t = &toks->v[i];
    const char *s = text + t->start;
    size_t piece_len[MAX_PIECES];
    long piece_term[MAX_PIECES];
    int np = t->type == VM_TOK_HAN && may_start_modifier(m, s, t->len)
                 ? decompose(m, s, t->len, piece_len, piece_term)
                 : 0;
    if (np > 0) {
        uint32_t at = t->start;
        for (int k = 0; k < np; k++) {
            vm_unit *u = push_unit(m, h, at, (uint32_t)piece_len[k], (uint32_t)i, 1, t, piece_term[k]);
            u->flags |= VM_UNIT_PART;
            at += (uint32_t)piece_len[k];
        }
        return;
    }
    long term = -1;
    int how = 0;
    if (t->type == VM_TOK_LATIN) {
        char plain[64];
        size_t n = straighten(s, t->len, plain, sizeof plain);
        if (n && (term = vm_lexicon_find(m->lx, plain, n)) < 0 && (term = stem_lookup(m, plain, n, stem_buf)) >= 0)
            how = VM_UNIT_STEM;
    }
    if (t->type == VM_TOK_EMOJI) term = emoji_base(m, s, t->len);
    vm_unit *u = push_unit(m, h, t->start, t->len, (uint32_t)i, 1, t, term);
    u->flags |= (uint8_t)how;
    if (t->type == VM_TOK_PUNCT) punct_flags(u, s, t);
}

static void open_clause(vm_hits *h, uint32_t first) {
    if (h->nc == h->ccap) {
        h->ccap = h->ccap ? h->ccap * 2 : 16;
        h->c = vm_xrealloc(h->c, h->ccap * sizeof *h->c);
    }
    vm_clause *c = &h->c[h->nc++];
    memset(c, 0, sizeof *c);
    c->first = c->end = first;
    c->marker = -1;
    c->weight = 1;
}

static void cut_clauses(const vm_matcher *m, vm_hits *h) {
    h->nc = 0;
    for (uint32_t k = 0; k < h->n; k++) {
        vm_unit *u = &h->u[k];
        int contrast = vm_unit_has(m, u, VM_ROLE_CONTRAST);
        if (h->nc == 0 || (contrast && h->c[h->nc - 1].end > h->c[h->nc - 1].first) ||
            (h->c[h->nc - 1].end > h->c[h->nc - 1].first && (h->u[k - 1].flags & VM_UNIT_CLAUSE_END)))
            open_clause(h, k);
        vm_clause *c = &h->c[h->nc - 1];
        if (contrast && c->marker < 0) c->marker = (int32_t)k;
        if (u->flags & VM_UNIT_QUESTION) c->question = 1;
        if (u->flags & VM_UNIT_SENTENCE_END) c->sentence_end = 1;
        u->clause = (uint32_t)(h->nc - 1);
        c->end = k + 1;
    }
    if (h->nc) h->c[h->nc - 1].sentence_end = 1;
}

void vm_match(const vm_matcher *m, const char *text, const vm_tokens *toks, vm_hits *h, vm_buf *stem_buf) {
    h->text = text;
    h->n = 0;
    for (size_t i = 0; i < toks->n;) {
        long term = -1;
        int k = longest_span(m, text, toks, i, &term);
        if (k > 0) {
            const vm_token *t = &toks->v[i], *last = &toks->v[i + (size_t)k - 1];
            vm_unit *u = push_unit(m, h, t->start, last->start + last->len - t->start, (uint32_t)i, k, t, term);
            if (t->type == VM_TOK_PUNCT && k == 1) punct_flags(u, text + t->start, t);
            i += (size_t)k;
            continue;
        }
        match_token(m, text, toks, i, h, stem_buf);
        i++;
    }
    cut_clauses(m, h);
}
