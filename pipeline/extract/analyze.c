/*
 * analyze.c - building the analyzer and analyzing one comment (see
 * analyze.h). The order of the steps is fixed: tokenize, match, score,
 * rate severity, aspects, keywords.
 */
#include "extract/analyze.h"
#include "extract/keywords.h"
#include "extract/segment.h"
#include "extract/severity.h"
#include "extract/tokenize.h"
#include "common/mem.h"
#include "common/paths.h"

#include <stdlib.h>
#include <string.h>

struct vm_analyzer {
    vm_folder *folder;
    vm_lexicon *lex;
    vm_segdict *dict;
    vm_tokenizer *tok;
    vm_matcher *matcher;
    char *lexicons_dir, *models_dir, *dict_path;
    char dict_sha[65];
    int vocabulary;
};

struct vm_analysis_scratch {
    vm_seg_scratch *seg;
    vm_buf stem, keyword;
};

const char vm_analyzer_usage[] =
    "  --lexicons DIR   lexicon directory (default: the shipped lexicons)\n"
    "  --models DIR     models directory with words.tsv (default: the shipped models)\n"
    "  --dict PATH      general segmentation dictionary (default: jieba's, if installed)\n"
    "  --no-dict        no general dictionary\n";

int vm_analyzer_option(vm_analyzer_options *o, int argc, char **argv, int *i) {
    const char *a = argv[*i];
    const char **slot = strcmp(a, "--lexicons") == 0 ? &o->lexicons
                        : strcmp(a, "--models") == 0 ? &o->models
                        : strcmp(a, "--dict") == 0   ? &o->dict
                                                     : NULL;
    if (slot) {
        if (*i + 1 >= argc) return -1;
        *slot = argv[++*i];
    } else if (strcmp(a, "--no-dict") == 0) {
        o->no_dict = 1;
    } else {
        return 0;
    }
    return o->dict && o->no_dict ? -1 : 1;
}

/* The standard sources (segment.h), then the lexicon terms; frozen. */
static int build_dict(vm_analyzer *a, const vm_analyzer_options *o, vm_error *err) {
    vm_cpfold fold = vm_seg_match_fold(a->folder);
    a->dict = vm_segdict_new(&fold);
    const char *general = o->no_dict ? NULL : o->dict ? o->dict : vm_default_general_dict();
    vm_segdict_sources found;
    if (vm_segdict_load_standard(a->dict, general, a->models_dir, o->models != NULL, &found, err) != 0) return -1;
    if (general) {
        a->dict_path = vm_xstrdup(general);
        memcpy(a->dict_sha, found.general_sha256, sizeof a->dict_sha);
    }
    a->vocabulary = found.vocabulary;
    vm_lexicon_add_to_segdict(a->lex, a->dict);
    vm_segdict_freeze(a->dict);
    return 0;
}

vm_analyzer *vm_analyzer_new(const vm_analyzer_options *o, vm_error *err) {
    vm_analyzer *a = vm_xcalloc(1, sizeof *a);
    a->lexicons_dir = vm_xstrdup(o->lexicons ? o->lexicons : vm_default_lexicons_dir());
    a->models_dir = vm_xstrdup(o->models ? o->models : vm_default_models_dir());
    a->folder = vm_folder_new(err);
    if (!a->folder) goto fail;
    a->lex = vm_lexicon_load(a->lexicons_dir, a->folder, NULL, err);
    if (!a->lex || build_dict(a, o, err) != 0) goto fail;
    a->tok = vm_tokenizer_new(a->dict);
    vm_lexicon_add_emoticons(a->lex, a->tok);
    a->matcher = vm_matcher_new(a->lex);
    vm_matcher_give_payloads(a->matcher, a->dict);
    return a;
fail:
    vm_analyzer_free(a);
    return NULL;
}

void vm_analyzer_free(vm_analyzer *a) {
    if (!a) return;
    vm_matcher_free(a->matcher);
    vm_tokenizer_free(a->tok);
    vm_segdict_free(a->dict);
    vm_lexicon_free(a->lex);
    vm_folder_free(a->folder);
    free(a->lexicons_dir);
    free(a->models_dir);
    free(a->dict_path);
    free(a);
}

const vm_folder *vm_analyzer_folder(const vm_analyzer *a) { return a->folder; }
const vm_lexicon *vm_analyzer_lexicon(const vm_analyzer *a) { return a->lex; }
const char *vm_analyzer_lexicons_dir(const vm_analyzer *a) { return a->lexicons_dir; }
const char *vm_analyzer_models_dir(const vm_analyzer *a) { return a->models_dir; }
const char *vm_analyzer_dict_path(const vm_analyzer *a) { return a->dict_path; }
const char *vm_analyzer_dict_sha256(const vm_analyzer *a) { return a->dict_path ? a->dict_sha : NULL; }
int vm_analyzer_has_vocabulary(const vm_analyzer *a) { return a->vocabulary; }
size_t vm_analyzer_dict_words(const vm_analyzer *a) { return vm_segdict_size(a->dict); }

vm_analysis_scratch *vm_analysis_scratch_new(void) {
    vm_analysis_scratch *s = vm_xcalloc(1, sizeof *s);
    s->seg = vm_seg_scratch_new();
    return s;
}

void vm_analysis_scratch_free(vm_analysis_scratch *s) {
    if (!s) return;
    vm_seg_scratch_free(s->seg);
    vm_buf_free(&s->stem);
    vm_buf_free(&s->keyword);
    free(s);
}

void vm_text_analysis_free(vm_text_analysis *an) {
    free(an->tokens.v);
    vm_hits_free(&an->hits);
    vm_aspects_free(&an->aspects);
    vm_buf_free(&an->keywords);
    memset(an, 0, sizeof *an);
}

static const char *const type_names[] = {"HAN", "LATIN", "NUMBER", "MASK", "EMOJI", "EMOTICON", "PUNCT"};

static void trace_tokens(const vm_text_analysis *an, const char *match, vm_buf *t) {
    vm_buf_printf(t, "tokens (%zu):", an->tokens.n);
    for (size_t i = 0; i < an->tokens.n; i++) {
        const vm_token *k = &an->tokens.v[i];
        vm_buf_printf(t, " %.*s/%s", (int)k->len, match + k->start, type_names[k->type]);
    }
    vm_buf_puts(t, "\nlexicon hits:\n");
}

static void trace_hits(const vm_matcher *m, const vm_hits *h, vm_buf *t) {
    const vm_lexicon *lx = vm_matcher_lexicon(m);
    for (size_t k = 0; k < h->n; k++) {
        const vm_unit *u = &h->u[k];
        const vm_lexterm *e = vm_unit_term(m, u);
        if (!e) continue;
        vm_buf_printf(t, "  \"%.*s\"", (int)u->len, h->text + u->start);
        if (u->flags & VM_UNIT_PART) vm_buf_puts(t, " (part of a word)");
        if (u->flags & VM_UNIT_STEM) vm_buf_puts(t, " (by stem)");
        for (int r = 0; r < VM_ROLE_COUNT; r++) {
            if (!(e->roles & (1u << r))) continue;
            vm_buf_printf(t, " %s", vm_lexicon_role_name(r));
            if (r == VM_ROLE_SENTIMENT || r == VM_ROLE_EMOJI) vm_buf_printf(t, " %+.2f", e->weight);
            if (r == VM_ROLE_DEGREE) vm_buf_printf(t, " x%.2f", e->multiplier);
            if (r == VM_ROLE_ASPECT) vm_buf_printf(t, " %s", vm_lexicon_category(lx, (size_t)e->category)->id);
            if (r == VM_ROLE_SEVERITY) vm_buf_printf(t, " %s", vm_lexicon_cue_name(lx, e->severity_cue));
            vm_lexsrc src = vm_lexicon_src(lx, u->term, r);
            vm_buf_printf(t, " [%s:%u]", vm_lexicon_file_name(lx, src.file), src.line);
        }
        vm_buf_putc(t, '\n');
    }
}

void vm_analyze_text(const vm_analyzer *a, vm_analysis_scratch *s, const char *match, size_t len, const char *lang,
                int emphasis, vm_text_analysis *out) {
    vm_buf *trace = out->trace;
    vm_tokenize(a->tok, match, len, 0, &out->tokens, s->seg);
    vm_match(a->matcher, match, &out->tokens, &out->hits, &s->stem);
    if (trace) {
        vm_buf_printf(trace, "lang: %s, emphasis runs: %d\n", lang && *lang ? lang : "(none)", emphasis);
        trace_tokens(out, match, trace);
        trace_hits(a->matcher, &out->hits, trace);
    }
    vm_sentiment_score(a->matcher, &out->hits, emphasis, &out->sentiment, trace);
    vm_aspects_find(a->matcher, &out->hits, out->sentiment.polarity, &out->aspects, trace);
    out->severity = vm_severity_rate(a->matcher, &out->hits, &out->sentiment, trace);
    vm_buf_reset(&out->keywords);
    out->nkeywords = vm_keywords_pick(a->matcher, &out->hits, &out->keywords, &s->keyword);
    if (trace) vm_buf_printf(trace, "keywords: %s\n", out->keywords.len ? out->keywords.data : "(none)");
}

static int is_word_token(const vm_token *k) {
    return k->type == VM_TOK_HAN || k->type == VM_TOK_LATIN || k->type == VM_TOK_NUMBER || k->type == VM_TOK_MASK;
}

/* memcpy for short words, without a call: 8- or 4-byte moves, the last
 * one overlapping the one before; touches only s[0, n) and d[0, n). */
static inline void copy_word(char *d, const char *s, size_t n) {
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8) memcpy(d + i, s + i, 8);
        memcpy(d + n - 8, s + n - 8, 8);
    } else if (n >= 4) {
        memcpy(d, s, 4);
        memcpy(d + n - 4, s + n - 4, 4);
    } else {
        for (size_t i = 0; i < n; i++) d[i] = s[i];
    }
}

void vm_text_analysis_tokens(const vm_text_analysis *an, const char *match, vm_buf *out) {
    /* Tokens are disjoint and in text order: their bytes and a space
     * each fit in the text up to the last token's end, plus n. */
    const vm_token *last = an->tokens.n ? &an->tokens.v[an->tokens.n - 1] : NULL;
    vm_buf_grow(out, last ? last->start + last->len + an->tokens.n : 0);
    char *d = out->data + out->len;
    int first = 1;
    for (size_t i = 0; i < an->tokens.n; i++) {
        const vm_token *k = &an->tokens.v[i];
        if (!is_word_token(k)) continue;
        if (!first) *d++ = ' ';
        copy_word(d, match + k->start, k->len);
        d += k->len;
        first = 0;
    }
    out->len = (size_t)(d - out->data);
    out->data[out->len] = '\0';
}
