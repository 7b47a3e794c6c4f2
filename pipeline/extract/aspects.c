/*
 * aspects.c - attributing clause opinions to aspect mentions (rules in
 * aspects.h).
 */
#include "extract/aspects.h"
#include "extract/sentiment.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

static int aspect_category(const vm_matcher *m, const vm_unit *u) {
    return vm_unit_has(m, u, VM_ROLE_ASPECT) ? vm_unit_term(m, u)->category : -1;
}

/* The entry of a category, added at the end on first mention. */
static vm_aspect *entry(vm_aspects *a, int category, uint32_t unit) {
    for (size_t i = 0; i < a->n; i++)
        if (a->v[i].category == category) return &a->v[i];
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 8;
        a->v = vm_xrealloc(a->v, a->cap * sizeof *a->v);
    }
    vm_aspect *x = &a->v[a->n++];
    memset(x, 0, sizeof *x);
    x->category = category;
    x->first = unit;
    return x;
}

/* The noun an opinion at unit k may modify: for an English word the next
 * word ("great food"), for a Chinese one the word after an attributive
 * 的 ("很好的服务"; without 的, "快味道" is rather two statements). -1 if
 * none within the clause. */
static long modified_word(const vm_hits *h, uint32_t k, uint32_t to) {
    uint32_t j = k + 1;
    if (j >= to || !(h->u[j].flags & VM_UNIT_WORD)) return -1;
    if (h->u[k].type == VM_TOK_LATIN) return j;
    const vm_unit *u = &h->u[j];
    if (u->type != VM_TOK_HAN || u->len != 3 || memcmp(h->text + u->start, "的", 3) != 0) return -1;
    return j + 1 < to && (h->u[j + 1].flags & VM_UNIT_WORD) ? (long)j + 1 : -1;
}

/* The aspect mention an opinion at unit k belongs to, within the clause
 * [from, to): the mention right after it if it modifies that noun
 * ("great food", "很好的服务"), else the nearest mention before it
 * ("送餐很快", "the food was great"), else the nearest after it. -1 if
 * the clause has none. */
static long owner_mention(const vm_matcher *m, const vm_hits *h, uint32_t k, uint32_t from, uint32_t to) {
    if (aspect_category(m, &h->u[k]) >= 0) return k;
    long next = modified_word(h, k, to);
    if (next >= 0 && aspect_category(m, &h->u[next]) >= 0) return next;
    for (uint32_t j = k; j-- > from;)
        if (aspect_category(m, &h->u[j]) >= 0) return j;
    for (uint32_t j = k + 1; j < to; j++)
        if (aspect_category(m, &h->u[j]) >= 0) return j;
    return -1;
}

static void trace_attribution(vm_buf *t, const vm_matcher *m, const vm_hits *h, const vm_unit *op,
                              const vm_unit *mention, double amount) {
    const vm_lexicon *lx = vm_matcher_lexicon(m);
    vm_buf_puts(t, "  ");
    vm_trace_unit(t, m, h, op, VM_ROLE_SENTIMENT);
    vm_buf_printf(t, " %+.3f -> ", amount);
    vm_trace_unit(t, m, h, mention, VM_ROLE_ASPECT);
    vm_buf_printf(t, " = %s\n", vm_lexicon_category(lx, (size_t)aspect_category(m, mention))->id);
}

/* Sentiment's clause rules scale the unit values to the clause sum
 * (factor); what no unit carries (an empty rhetorical question, or units
 * that cancel out) is shared among the clause's mentions. */
static void attribute_clause(const vm_matcher *m, const vm_hits *h, const vm_clause *c, vm_aspects *out,
                             vm_buf *trace) {
    int mentions = 0;
    double unit_sum = 0;
    for (uint32_t k = c->first; k < c->end; k++) {
        int cat = aspect_category(m, &h->u[k]);
        if (cat >= 0) {
            entry(out, cat, k);
            mentions++;
        }
        unit_sum += h->u[k].value;
    }
    if (!mentions) return;
    double factor = unit_sum != 0 ? c->sum / unit_sum : 1;
    for (uint32_t k = c->first; k < c->end; k++) {
        const vm_unit *u = &h->u[k];
        if (u->value == 0) continue;
        long j = owner_mention(m, h, k, c->first, c->end);
        vm_aspect *x = entry(out, aspect_category(m, &h->u[j]), (uint32_t)j);
        double amount = u->value * factor * c->weight;
        x->sum += amount;
        x->opinions++;
        if (trace) trace_attribution(trace, m, h, u, &h->u[j], amount);
    }
    double residual = c->sum - unit_sum * factor;
    if (residual == 0) return;
    for (uint32_t k = c->first; k < c->end; k++) {
        int cat = aspect_category(m, &h->u[k]);
        if (cat < 0) continue;
        vm_aspect *x = entry(out, cat, k);
        double amount = residual * c->weight / mentions;
        x->sum += amount;
        x->opinions++;
        if (trace) trace_attribution(trace, m, h, &h->u[k], &h->u[k], amount);
    }
}

void vm_aspects_find(const vm_matcher *m, const vm_hits *h, int comment_polarity, vm_aspects *out, vm_buf *trace) {
    out->n = 0;
    if (trace) vm_buf_puts(trace, "aspects:\n");
    for (size_t ci = 0; ci < h->nc; ci++) attribute_clause(m, h, &h->c[ci], out, trace);
    const vm_lexicon *lx = vm_matcher_lexicon(m);
    for (size_t i = 0; i < out->n; i++) {
        vm_aspect *x = &out->v[i];
        x->polarity = vm_polarity_of(vm_sentiment_squash(x->sum));
        if (out->n == 1 && x->opinions == 0) x->polarity = comment_polarity;
        if (trace)
            vm_buf_printf(trace, "  %s: sum %+.3f -> %s%s\n", vm_lexicon_category(lx, (size_t)x->category)->id, x->sum,
                          vm_polarity_name(x->polarity),
                          out->n == 1 && x->opinions == 0 ? " (no opinion of its own: the comment's)" : "");
    }
}

void vm_aspects_format(const vm_lexicon *lx, const vm_aspects *a, vm_buf *out) {
    for (size_t i = 0; i < a->n; i++) {
        if (i) vm_buf_putc(out, ';');
        vm_buf_puts(out, vm_lexicon_category(lx, (size_t)a->v[i].category)->id);
        vm_buf_putc(out, ':');
        vm_buf_puts(out, vm_polarity_name(a->v[i].polarity));
    }
}

void vm_aspects_free(vm_aspects *a) {
    free(a->v);
    memset(a, 0, sizeof *a);
}
