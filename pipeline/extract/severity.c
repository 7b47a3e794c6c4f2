/*
 * severity.c - severity from sentiment and escalation cues (rules in
 * severity.h).
 */
#include "extract/severity.h"

static const char *const names[] = {"none", "minor", "moderate", "severe"};

const char *vm_severity_name(int level) { return names[level < 0 ? 0 : level > VM_SEV_SEVERE ? VM_SEV_SEVERE : level]; }

int vm_severity_rate(const vm_matcher *m, const vm_hits *h, const vm_sentiment *s, vm_buf *trace) {
    const vm_lexicon *lx = vm_matcher_lexicon(m);
    int cue = VM_SEV_NONE;
    if (trace) vm_buf_puts(trace, "severity:\n");
    for (size_t k = 0; k < h->n; k++) {
        if (!vm_unit_has(m, &h->u[k], VM_ROLE_SEVERITY)) continue;
        const vm_lexterm *e = vm_unit_term(m, &h->u[k]);
        if (e->level > cue) cue = e->level;
        if (trace) {
            vm_buf_puts(trace, "  cue ");
            vm_trace_unit(trace, m, h, &h->u[k], VM_ROLE_SEVERITY);
            vm_buf_printf(trace, " %s, %s\n", vm_lexicon_cue_name(lx, e->severity_cue), names[e->level]);
        }
    }
    int level;
    const char *why;
    if (s->polarity > 0) {
        level = cue == VM_SEV_SEVERE ? VM_SEV_MINOR : VM_SEV_NONE;
        why = cue == VM_SEV_SEVERE ? "positive comment with a severe cue: minor" : "positive comment: none";
    } else if (s->polarity == 0) {
        level = cue;
        why = "neutral comment: the highest cue level";
    } else {
        level = s->score <= VM_SEV_STRONG ? VM_SEV_MODERATE : VM_SEV_MINOR;
        why = s->score <= VM_SEV_STRONG ? "strongly negative (score <= -0.7): moderate" : "negative: minor";
        if (cue > level) {
            level = cue;
            why = "negative, raised to the highest cue level";
        }
        if (s->score <= VM_SEV_EXTREME && cue > VM_SEV_NONE && level < VM_SEV_SEVERE) {
            level = VM_SEV_SEVERE;
            why = "extreme (score <= -0.85) with an escalation cue: severe";
        }
    }
    if (trace) vm_buf_printf(trace, "  %s -> %s\n", why, names[level]);
    return level;
}
