/*
 * match.c - lexicon terms and clauses of a tokenized comment (see
 * match.h).
 *
 * Span lookup needs no key building: the match text already has single
 * spaces between words, so the bytes from the first token's start to the
 * last token's end are the key, provided every gap between the tokens is
 * empty or one space.
 */
#include "extract/match.h"
#include "extract/stem.h"
#include "common/mem.h"
#include "common/strmap.h"
#include "common/utf8.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PIECES 4

struct vm_matcher {
    const vm_lexicon *lx;
    vm_strmap *stems;     /* stem -> dense id */
    long *stem_term;      /* dense id -> term id */
    vm_strmap *prefixes;  /* every proper prefix of a term (whole characters) */
};

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
    m->prefixes = vm_strmap_new();
    vm_buf b = {0};
    for (size_t id = 0; id < n; id++) {
        size_t len, adv;
        const char *t = vm_lexicon_text(lx, (long)id, &len);
        for (size_t i = 0; i < len; i += adv) {
            vm_utf8_decode(t + i, len - i, &adv);
            if (i + adv < len && t[i] != ' ') vm_strmap_intern(m->prefixes, t, i + adv, NULL);
        }
        const vm_lexterm *e = vm_lexicon_term(lx, (long)id);
        if (!(e->roles & ((1u << VM_ROLE_SENTIMENT) | (1u << VM_ROLE_ASPECT)))) continue;
        if (!is_one_latin_word(t, len)) continue;
        vm_buf_reset(&b);
        vm_stem_append(t, len, &b);
        int added = 0;
        long sid = vm_strmap_intern(m->stems, b.data ? b.data : "", b.len, &added);
        if (added) m->stem_term[sid] = (long)id;
    }
    vm_buf_free(&b);
    return m;
}

void vm_matcher_free(vm_matcher *m) {
    if (!m) return;
    vm_strmap_free(m->stems);
    vm_strmap_free(m->prefixes);
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
    vm_lexsrc src = vm_lexicon_term(m->lx, u->term)->src[role];
    vm_buf_printf(b, " (%s:%u)", vm_lexicon_file_name(m->lx, src.file), src.line);
}

const vm_lexterm *vm_unit_term(const vm_matcher *m, const vm_unit *u) {
    return u->term >= 0 ? vm_lexicon_term(m->lx, u->term) : NULL;
}

int vm_unit_has(const vm_matcher *m, const vm_unit *u, int role) {
    return u->term >= 0 && (vm_lexicon_term(m->lx, u->term)->roles & (1u << role)) != 0;
}

static vm_unit *push_unit(vm_hits *h, uint32_t start, uint32_t len, uint32_t tok, int ntok, const vm_token *t,
                          long term) {
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
    uint32_t start = toks->v[i].start;
    int best = 0;
    for (size_t k = 1; k <= kmax; k++) {
        const vm_token *last = &toks->v[i + k - 1];
        size_t len = last->start + last->len - start;
        long id = vm_lexicon_find(m->lx, text + start, len);
        if (id >= 0) {
            *term = id;
            best = (int)k;
        }
        if (k == kmax || vm_strmap_find(m->prefixes, text + start, len) < 0) break;
        uint32_t gap = toks->v[i + k].start - (last->start + last->len);
        if (gap > 1 || (gap == 1 && text[last->start + last->len] != ' ')) break;
    }
    return best;
}

static int has_role(const vm_matcher *m, long id, unsigned roles) {
    return id >= 0 && (vm_lexicon_term(m->lx, id)->roles & roles) != 0;
}

/* Rule 2: modifier prefixes and a sentiment term filling one Han token.
 * Returns the number of pieces written to piece_len/piece_term, or 0. */
static int decompose(const vm_matcher *m, const char *s, size_t len, size_t piece_len[], long piece_term[]) {
    const unsigned modifiers = (1u << VM_ROLE_NEGATOR) | (1u << VM_ROLE_DEGREE);
    size_t pos = 0;
    int np = 0;
    while (np < MAX_PIECES) {
        if (pos > 0) {
            long id = vm_lexicon_find(m->lx, s + pos, len - pos);
            if (has_role(m, id, 1u << VM_ROLE_SENTIMENT)) {
                piece_len[np] = len - pos;
                piece_term[np++] = id;
                return np;
            }
        }
        /* The longest modifier that leaves something after it. */
        size_t best = 0, adv;
        long best_id = -1;
        for (size_t p = pos; p < len;) {
            vm_utf8_decode(s + p, len - p, &adv);
            p += adv;
            if (p >= len) break;
            long id = vm_lexicon_find(m->lx, s + pos, p - pos);
            if (has_role(m, id, modifiers)) {
                best = p - pos;
                best_id = id;
            }
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
    int np = t->type == VM_TOK_HAN ? decompose(m, s, t->len, piece_len, piece_term) : 0;
    if (np > 0) {
        uint32_t at = t->start;
        for (int k = 0; k < np; k++) {
            vm_unit *u = push_unit(h, at, (uint32_t)piece_len[k], (uint32_t)i, 1, t, piece_term[k]);
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
    vm_unit *u = push_unit(h, t->start, t->len, (uint32_t)i, 1, t, term);
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
            vm_unit *u = push_unit(h, t->start, last->start + last->len - t->start, (uint32_t)i, k, t, term);
            if (t->type == VM_TOK_PUNCT && k == 1) punct_flags(u, text + t->start, t);
            i += (size_t)k;
            continue;
        }
        match_token(m, text, toks, i, h, stem_buf);
        i++;
    }
    cut_clauses(m, h);
}
