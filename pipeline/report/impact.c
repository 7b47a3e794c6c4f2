/*
 * impact.c - the impact formula (documented in impact.h).
 */
#include "report/impact.h"

#include <math.h>
#include <string.h>

const char *const vm_severity_names[VM_SEV_COUNT] = {"none", "minor", "moderate", "severe"};

static const double severity_weight[VM_SEV_COUNT] = {0.0, 0.25, 0.5, 1.0};

double vm_growth_ratio(double observed, double expected) {
    if (observed < 0) observed = 0;
    if (expected < 0) expected = 0;
    return (observed + 1.0) / (expected + 1.0);
}

double vm_growth_factor(double ratio) {
    if (!(ratio > 1.0)) return 1.0;
    double l = log2(ratio);
    if (l > 2.0) l = 2.0;
    return 1.0 + 0.5 * l;
}

void vm_impact_compute(double volume, const uint64_t sev[VM_SEV_COUNT], double neg_sum,
                       double growth_ratio, vm_impact *out) {
    memset(out, 0, sizeof *out);
    out->volume = volume;
    out->severity = 1.0;
    out->negativity = 0.5;
    out->growth = vm_growth_factor(growth_ratio);
    if (volume > 0) {
        double w = 0;
        for (int i = 0; i < VM_SEV_COUNT; i++) w += severity_weight[i] * (double)sev[i];
        out->severity = 1.0 + w / volume;
        out->negativity = 0.5 + neg_sum / volume;
    }
    out->score = out->volume * out->severity * out->negativity * out->growth;
}

int vm_severity_level(const char *name) {
    for (int i = 0; i < VM_SEV_COUNT; i++)
        if (strcmp(name, vm_severity_names[i]) == 0) return i;
    return -1;
}
