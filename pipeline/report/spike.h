/*
 * spike.h - the spike rule used for topics, stores/branches/products and
 * channels, across runs and within a run.
 *
 * A subject had b events over a baseline of B comments (earlier runs, or
 * earlier days) and has o events over this run's (or window's) E comments.
 * If its rate had not changed, each of the n = o + b events would fall in
 * the current period with probability p = E / (E + B), so o would be
 * Binomial(n, p) (the standard test comparing two Poisson rates; it
 * accounts for the baseline being a sample too):
 *
 *   expected = b / B x E
 *   z        = (o - n p) / sqrt(max(n p (1 - p), 1))
 *   ratio    = (o + 1) / (expected + 1)
 *   spike    = o >= min_count  and  ratio >= 1.5  and  z >= 3
 *   level    = critical when z >= 5, else warning
 *
 * The minimum count keeps tiny subjects from alerting on noise, the ratio
 * keeps huge ones from alerting on a small wobble, and z >= 3 keeps the
 * false-alarm rate near 1 in 1000 tests.
 */
#ifndef VM_REPORT_SPIKE_H
#define VM_REPORT_SPIKE_H

#define VM_SPIKE_MIN_COUNT 10
#define VM_SPIKE_RATIO 1.5
#define VM_SPIKE_Z 3.0
#define VM_SPIKE_Z_CRITICAL 5.0

typedef struct vm_spike {
    double observed;
    double expected;
    double ratio;
    double z;
    int spike;     /* 1 when the rule fires */
    int critical;  /* 1 when it fires with z >= VM_SPIKE_Z_CRITICAL */
} vm_spike;

/* o events over exposure E now; b events over exposure B before. With
 * B <= 0 there is no baseline: expected 0, z 0, no spike. */
void vm_spike_test(double o, double exposure, double b, double base_exposure, double min_count, vm_spike *out);

#endif
