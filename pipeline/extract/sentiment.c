/*
 * sentiment.c - rule-based lexicon scoring of one comment (the rules and
 * constants are documented in sentiment.h).
 *
 * Three passes: unit values clause by clause (negation and degree state
 * never crosses a clause end), then comment-wide cues (sarcasm) and
 * clause sums (questions, rhetorical cues), then contrast weights and the
 * total. The trace, if asked for, is written from the finished numbers.
 */
#include "extract/sentiment.h"

#include <math.h>
#include <string.h>

#define NEG_POSITIVE 0.75   /* "not good" = -0.75 x good */
#define NEG_NEGATIVE 0.5    /* "not bad" = -0.5 x bad */
#define NEG_SOFTENED 0.4    /* "not very good" = -0.4 x good */
#define NEG_DOUBLE 0.8      /* "not un-good" = 0.8 x good */
#define QUESTION_POSITIVE 0.3
#define SARCASM_FLIP 0.5
#define BUT_BEFORE 0.5
#define BUT_AFTER 1.5
#define ALTHOUGH_WEIGHT 0.5
#define NEGATIVITY 1.25      /* negative clauses weigh more (negativity bias) */
#define EMPHASIS_STEP 0.2
#define EMPHASIS_MAX_RUNS 3
#define SQUASH_ALPHA 4.0

typedef struct clause_state {
    int neg;            /* negators in force */
    int neg_left;       /* words left in the negation scope */
    int neg_used;       /* the negation has reached a sentiment word */
    int neg_soft;       /* a negator came before an intensifier */
    long neg_unit;      /* the negator opening the scope, or -1 */
    double deg;         /* degree product waiting for a word */
    int deg_left;
    long deg_unit;      /* the last waiting degree word, or -1 */
    long after_sent;    /* sentiment word right before the waiting degree word, or -1 */
    long prev_sent;     /* the previous word if it was a sentiment word, else -1 */
    long last_sent;     /* the last sentiment word of the clause so far, or -1 */
} clause_state;

double vm_sentiment_squash(double s) {
    double r = round(s / sqrt(s * s + SQUASH_ALPHA) * 1000) / 1000;
    return r == 0 ? 0 : r;  /* no "-0.000" */
}

int vm_polarity_of(double score) {
    if (score <= -VM_NEUTRAL_BAND) return VM_POL_NEGATIVE;
    if (score >= VM_NEUTRAL_BAND) return VM_POL_POSITIVE;
    return VM_POL_NEUTRAL;
}

const char *vm_polarity_name(int polarity) {
    return polarity < 0 ? "negative" : polarity > 0 ? "positive" : "neutral";
}

static int ends_with(const char *s, size_t n, const char *suffix) {
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Negators: negators.tsv entries, and English words ending in n't. */
static int is_negator(const vm_matcher *m, const vm_hits *h, const vm_unit *u) {
    if (vm_unit_has(m, u, VM_ROLE_SENTIMENT)) return 0;
    if (vm_unit_has(m, u, VM_ROLE_NEGATOR)) return 1;
    const char *s = h->text + u->start;
    return u->type == VM_TOK_LATIN && (ends_with(s, u->len, "n't") || ends_with(s, u->len, "n\xE2\x80\x99t"));
}

static void reset_degree(clause_state *st) {
    st->deg = 1;
    st->deg_left = 0;
    st->deg_unit = -1;
    st->after_sent = -1;
}

/* A degree word that found no word after it modifies the sentiment word
 * right before it ("好极了"). */
static void expire_degree(clause_state *st, vm_hits *h) {
    if (st->deg_unit >= 0 && st->after_sent >= 0) {
        vm_unit *s = &h->u[st->after_sent];
        s->value *= (float)st->deg;
        s->degree *= (float)st->deg;
    }
    reset_degree(st);
}

/* A negation that reached no sentiment word is itself a mild complaint
 * ("没有饭", "didn't get my order"). */
static void close_negation(clause_state *st, vm_hits *h) {
    if (st->neg % 2 == 1 && !st->neg_used && st->neg_unit >= 0) h->u[st->neg_unit].value = (float)-VM_SENT_BARE_NEG;
    st->neg = 0;
}

/* One word passed: the scopes shrink. */
static void tick(clause_state *st, vm_hits *h, uint32_t k) {
    if (st->neg && --st->neg_left <= 0) {
        if (st->neg_unit >= 0) h->u[st->neg_unit].scope_end = k + 1;
        close_negation(st, h);
    }
    if (st->deg_unit >= 0 && --st->deg_left <= 0) expire_degree(st, h);
}

static void score_word(clause_state *st, vm_unit *u, double w) {
    double d = st->deg_unit >= 0 ? st->deg : 1, v;
    if (st->neg % 2 == 1) {
        if (st->neg_soft) v = -NEG_SOFTENED * w;
        else v = w * d > 0 ? -NEG_POSITIVE * w * d : -NEG_NEGATIVE * w * d;
        u->negated = 1;
    } else if (st->neg >= 2) {
        v = NEG_DOUBLE * w * d;
        u->negated = 2;
    } else {
        v = w * d;
    }
    if (st->neg) st->neg_used = 1;
    u->value = (float)v;
    u->degree = (float)d;
    st->deg = 1;
    st->deg_left = 0;
    st->deg_unit = -1;
    st->after_sent = -1;
}

static void open_negation(clause_state *st, vm_hits *h, uint32_t k, uint32_t clause_end) {
    if (st->neg == 0 || st->neg_used) {
        st->neg = 1;
        st->neg_used = 0;
        st->neg_soft = 0;
    } else {
        st->neg++;
    }
    st->neg_left = VM_SENT_NEG_WINDOW;
    st->neg_unit = k;
    h->u[k].scope_end = clause_end;
}

/* A unit with both roles (好 in "好慢") is a degree word when the next
 * word of the clause is a sentiment word, else a sentiment word. */
static int acts_as_degree(const vm_matcher *m, const vm_hits *h, const vm_clause *c, uint32_t k) {
    if (!vm_unit_has(m, &h->u[k], VM_ROLE_DEGREE)) return 0;
    if (!vm_unit_has(m, &h->u[k], VM_ROLE_SENTIMENT)) return 1;
    for (uint32_t j = k + 1; j < c->end; j++) {
        if (!(h->u[j].flags & VM_UNIT_WORD)) return 0;
        return vm_unit_has(m, &h->u[j], VM_ROLE_SENTIMENT);
    }
    return 0;
}

/* A negator ending its clause after a sentiment word negates that word
 * ("一点耐心都没有", "服务好?没有"). Returns whether it did. */
static int post_negation(clause_state *st, vm_hits *h, const vm_clause *c) {
    if (st->neg != 1 || st->neg_used || st->neg_unit < 0 || st->last_sent < 0) return 0;
    for (uint32_t j = (uint32_t)st->neg_unit + 1; j < c->end; j++)
        if (h->u[j].flags & VM_UNIT_WORD) return 0;
    vm_unit *u = &h->u[st->last_sent];
    if (u->negated) return 0;
    u->value = (float)(u->value > 0 ? -NEG_POSITIVE * u->value : -NEG_NEGATIVE * u->value);
    u->negated = 1;
    h->u[st->neg_unit].scope_end = (uint32_t)st->neg_unit + 1;
    st->neg = 0;
    return 1;
}

/* Pass 1 for one clause: unit values. */
static void score_clause(const vm_matcher *m, vm_hits *h, const vm_clause *c, vm_sentiment *out) {
    clause_state st = {.neg_unit = -1, .prev_sent = -1, .last_sent = -1};
    reset_degree(&st);
    for (uint32_t k = c->first; k < c->end; k++) {
        vm_unit *u = &h->u[k];
        const vm_lexterm *e = vm_unit_term(m, u);
        if (u->type == VM_TOK_EMOJI || u->type == VM_TOK_EMOTICON) {
            if (u->roles & ((1u << VM_ROLE_EMOJI) | (1u << VM_ROLE_SENTIMENT))) {
                u->value = e->weight;
                out->hits++;
            }
            continue;
        }
        if (!(u->flags & VM_UNIT_WORD) || (int32_t)k == c->marker) continue;
        if (vm_unit_has(m, u, VM_ROLE_SENTIMENT) && !acts_as_degree(m, h, c, k)) {
            score_word(&st, u, e->weight);
            out->hits++;
            tick(&st, h, k);
            st.prev_sent = st.last_sent = k;
            continue;
        }
        if (is_negator(m, h, u)) {
            if (st.neg && st.neg_used) close_negation(&st, h);
            open_negation(&st, h, k, c->end);
            st.prev_sent = -1;
            continue;
        }
        if (vm_unit_has(m, u, VM_ROLE_DEGREE)) {
            if (st.neg && !st.neg_used && e->multiplier > 1) st.neg_soft = 1;
            if (st.deg_unit < 0) st.after_sent = st.prev_sent;
            st.deg *= e->multiplier;
            st.deg_left = VM_SENT_DEGREE_WINDOW;
            st.deg_unit = k;
            st.prev_sent = -1;
            continue;
        }
        tick(&st, h, k);
        st.prev_sent = -1;
    }
    expire_degree(&st, h);
    if (!post_negation(&st, h, c)) close_negation(&st, h);
}

static int cue_kind(const vm_matcher *m, const vm_unit *u) {
    return vm_unit_has(m, u, VM_ROLE_CUE) ? vm_unit_term(m, u)->cue : 0;
}

/* Pass 2: sarcasm over the whole comment, then clause sums. */
static void apply_cues(const vm_matcher *m, vm_hits *h, vm_sentiment *out) {
    for (size_t k = 0; k < h->n; k++) out->sarcasm += cue_kind(m, &h->u[k]) == VM_CUE_SARCASM;
    if (out->sarcasm) {
        for (size_t k = 0; k < h->n; k++) {
            vm_unit *u = &h->u[k];
            if (u->value > 0) u->value = (float)(-SARCASM_FLIP * u->value);
            if (cue_kind(m, u) == VM_CUE_SARCASM && !vm_unit_has(m, u, VM_ROLE_SENTIMENT)) {
                u->value = (float)-VM_SENT_CUE;
                out->hits++;
            }
        }
    }
    for (size_t ci = 0; ci < h->nc; ci++) {
        vm_clause *c = &h->c[ci];
        double sum = 0;
        int rhetorical = 0;
        for (uint32_t k = c->first; k < c->end; k++) {
            sum += h->u[k].value;
            rhetorical |= cue_kind(m, &h->u[k]) == VM_CUE_RHETORICAL;
        }
        if (rhetorical) {
            out->rhetorical++;
            out->hits++;
            if (sum > 0) sum = -sum;
            else if (sum == 0) sum = -VM_SENT_CUE;
        } else if (c->question && sum > 0) {
            sum *= QUESTION_POSITIVE;
        } else if (c->question && sum == 0) {
            sum = -VM_SENT_QUESTION;
        }
        c->sum = (float)(sum < 0 ? sum * NEGATIVITY : sum);
    }
}

/* Pass 3: contrast weights. */
static void apply_contrast(const vm_matcher *m, vm_hits *h) {
    size_t since = 0;
    for (size_t ci = 0; ci < h->nc; ci++) {
        vm_clause *c = &h->c[ci];
        if (c->marker < 0) continue;
        const vm_lexterm *e = vm_unit_term(m, &h->u[c->marker]);
        if (e->contrast == VM_CONTRAST_ALTHOUGH) {
            c->weight *= (float)ALTHOUGH_WEIGHT;
            continue;
        }
        for (size_t j = since; j < ci; j++) h->c[j].weight *= (float)BUT_BEFORE;
        size_t j = ci;
        for (; j < h->nc; j++) {
            h->c[j].weight *= (float)BUT_AFTER;
            if (h->c[j].sentence_end) break;
        }
        h->u[c->marker].scope_end = h->c[j < h->nc ? j : h->nc - 1].end;
        since = ci;
    }
}

static void trace_clause(const vm_matcher *m, const vm_hits *h, size_t ci, vm_buf *t) {
    const vm_clause *c = &h->c[ci];
    const char *text = h->text;
    uint32_t from = h->u[c->first].start, to = h->u[c->end - 1].start + h->u[c->end - 1].len;
    vm_buf_printf(t, "  clause %zu: \"%.*s\"%s\n", ci + 1, (int)(to - from), text + from,
                  c->question ? " (question)" : "");
    for (uint32_t k = c->first; k < c->end; k++) {
        const vm_unit *u = &h->u[k];
        if (is_negator(m, h, u) && u->scope_end > k + 1) {
            const vm_unit *last = &h->u[u->scope_end - 1];
            vm_buf_puts(t, "    negation ");
            vm_trace_unit(t, m, h, u, VM_ROLE_NEGATOR);
            vm_buf_printf(t, " scope: \"%.*s\"\n", (int)(last->start + last->len - u->start - u->len),
                          text + u->start + u->len);
        }
        if ((int32_t)k == c->marker) {
            const vm_lexterm *e = vm_unit_term(m, u);
            vm_buf_printf(t, "    contrast (%s) ", e->contrast == VM_CONTRAST_BUT ? "but" : "although");
            vm_trace_unit(t, m, h, u, VM_ROLE_CONTRAST);
            if (e->contrast == VM_CONTRAST_BUT && u->scope_end > k + 1) {
                const vm_unit *last = &h->u[u->scope_end - 1];
                vm_buf_printf(t, " dominant: \"%.*s\"", (int)(last->start + last->len - u->start), text + u->start);
            }
            vm_buf_putc(t, '\n');
        }
        if (vm_unit_has(m, u, VM_ROLE_DEGREE) && !vm_unit_has(m, u, VM_ROLE_SENTIMENT)) {
            vm_buf_puts(t, "    degree ");
            vm_trace_unit(t, m, h, u, VM_ROLE_DEGREE);
            vm_buf_printf(t, " x%.2f\n", vm_unit_term(m, u)->multiplier);
        }
        int cue = cue_kind(m, u);
        if (cue) {
            vm_buf_printf(t, "    cue (%s) ", cue == VM_CUE_SARCASM ? "sarcasm" : "rhetorical");
            vm_trace_unit(t, m, h, u, VM_ROLE_CUE);
            vm_buf_putc(t, '\n');
        }
        if (u->value == 0) continue;
        const vm_lexterm *e = vm_unit_term(m, u);
        int role = e && (e->roles & (1u << VM_ROLE_SENTIMENT)) ? VM_ROLE_SENTIMENT : VM_ROLE_EMOJI;
        vm_buf_puts(t, "    ");
        vm_buf_puts(t, e && (e->roles & (1u << role)) ? vm_lexicon_role_name(role)
                       : is_negator(m, h, u)             ? "negation of nothing (unmet expectation)"
                                                         : "cue");
        vm_buf_putc(t, ' ');
        vm_trace_unit(t, m, h, u, role);
        if (e && (e->roles & (1u << role))) vm_buf_printf(t, " %+.2f", e->weight);
        if (u->degree != 1) vm_buf_printf(t, " degree x%.2f", u->degree);
        if (u->negated == 1) vm_buf_puts(t, " negated");
        if (u->negated == 2) vm_buf_puts(t, " double-negated");
        vm_buf_printf(t, " -> %+.3f\n", u->value);
    }
    vm_buf_printf(t, "    clause sum %+.3f x weight %.2f = %+.3f\n", c->sum, c->weight, c->sum * c->weight);
}

void vm_sentiment_score(const vm_matcher *m, vm_hits *h, int emphasis, vm_sentiment *out, vm_buf *trace) {
    memset(out, 0, sizeof *out);
    for (size_t k = 0; k < h->n; k++) {
        h->u[k].value = 0;
        h->u[k].negated = 0;
        h->u[k].degree = 1;
        h->u[k].scope_end = 0;
    }
    for (size_t ci = 0; ci < h->nc; ci++) {
        h->c[ci].weight = 1;
        score_clause(m, h, &h->c[ci], out);
    }
    apply_cues(m, h, out);
    apply_contrast(m, h);
    double s = 0;
    for (size_t ci = 0; ci < h->nc; ci++) s += (double)h->c[ci].sum * h->c[ci].weight;
    out->sum = s;
    int runs = emphasis < 0 ? 0 : emphasis > EMPHASIS_MAX_RUNS ? EMPHASIS_MAX_RUNS : emphasis;
    out->emphasis = 1 + EMPHASIS_STEP * runs;
    double total = s * out->emphasis;
    out->score = vm_sentiment_squash(total);
    out->polarity = vm_polarity_of(out->score);
    if (!trace) return;
    vm_buf_puts(trace, "sentiment:\n");
    for (size_t ci = 0; ci < h->nc; ci++) trace_clause(m, h, ci, trace);
    if (out->sarcasm) vm_buf_printf(trace, "  sarcasm cue: positive values x-%.1f\n", SARCASM_FLIP);
    vm_buf_printf(trace, "  S = sum of clause sum x weight = %+.3f\n", s);
    if (runs) vm_buf_printf(trace, "  emphasis %d run%s: S x %.2f = %+.3f\n", emphasis, emphasis == 1 ? "" : "s",
                            out->emphasis, total);
    vm_buf_printf(trace, "  score = S / sqrt(S^2 + %.0f) = %.3f -> %s (neutral when |score| < %.2f)\n",
                  SQUASH_ALPHA, out->score, vm_polarity_name(out->polarity), VM_NEUTRAL_BAND);
}
