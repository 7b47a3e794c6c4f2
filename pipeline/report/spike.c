/*
 * spike.c - the spike rule (documented in spike.h).
 */
#include "report/spike.h"

#include <math.h>
#include <string.h>

void vm_spike_test(double o, double exposure, double b, double base_exposure, double min_count, vm_spike *out) {
    memset(out, 0, sizeof *out);
    out->observed = o;
    if (!(base_exposure > 0) || !(exposure > 0)) {
        out->ratio = 1.0;
        return;
    }
    out->expected = b / base_exposure * exposure;
    out->ratio = (o + 1.0) / (out->expected + 1.0);
    double n = o + b, p = exposure / (exposure + base_exposure);
    double var = n * p * (1 - p);
    out->z = (o - n * p) / sqrt(var > 1.0 ? var : 1.0);
    out->spike = o >= min_count && out->ratio >= VM_SPIKE_RATIO && out->z >= VM_SPIKE_Z;
    out->critical = out->spike && out->z >= VM_SPIKE_Z_CRITICAL;
}
