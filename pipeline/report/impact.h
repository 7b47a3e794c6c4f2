/*
 * impact.h - the impact score that ranks topics (the TOP-N).
 *
 *   impact = volume x severity x negativity x growth
 *
 *   volume     = comments in the topic this run (exact duplicates are not
 *                complaints, so they are not counted)
 *   severity   = 1 + (0.25 minor + 0.5 moderate + 1.0 severe) / volume
 *                (1 = nobody mentions anything severe, 2 = all severe)
 *   negativity = 0.5 + mean over the topic of max(0, -score)
 *                (0.5 = neutral wording, 1.5 = every comment at -1)
 *   growth     = 1 + 0.5 clamp(log2 r, 0, 2)
 *                (1 = not growing, 1.5 = doubled, 2 = four times or more)
 *   r          = (observed + 1) / (expected + 1), the larger of: this run
 *                against the trailing baseline of earlier runs, and, in a
 *                run spanning several days, the last day(s) against the
 *                earlier days (expected = baseline share x exposure).
 *
 * So the impact reads as "complaints, weighted": 100 mild complaints that
 * are not growing score about 100; 100 severe, angry complaints that
 * doubled overnight score up to 100 x 2 x 1.5 x 1.5 = 450. The reports
 * show every factor next to the score.
 */
#ifndef VM_REPORT_IMPACT_H
#define VM_REPORT_IMPACT_H

#include <stdint.h>

enum { VM_SEV_NONE, VM_SEV_MINOR, VM_SEV_MODERATE, VM_SEV_SEVERE, VM_SEV_COUNT };

typedef struct vm_impact {
    double volume;
    double severity;
    double negativity;
    double growth;
    double score;
} vm_impact;

/* sev holds the topic's comment counts per severity level; neg_sum the
 * sum of max(0, -score) over its comments. */
void vm_impact_compute(double volume, const uint64_t sev[VM_SEV_COUNT], double neg_sum,
                       double growth_ratio, vm_impact *out);

/* (observed + 1) / (expected + 1). */
double vm_growth_ratio(double observed, double expected);
double vm_growth_factor(double ratio);

/* Severity level from its name ("none", "minor", ...), -1 if unknown. */
int vm_severity_level(const char *name);
extern const char *const vm_severity_names[VM_SEV_COUNT];

#endif
