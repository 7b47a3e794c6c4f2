/*
 * test_report_impact.c - the impact formula and the spike rule
 * (report/impact.h, report/spike.h).
 */
#include "check.h"
#include "report/impact.h"
#include "report/spike.h"

#include <math.h>

static int near(double a, double b) { return fabs(a - b) < 1e-9; }

static void test_growth(void) {
    CHECK(near(vm_growth_factor(1.0), 1.0));
    CHECK(near(vm_growth_factor(0.3), 1.0));   /* falling does not lower impact */
    CHECK(near(vm_growth_factor(2.0), 1.5));
    CHECK(near(vm_growth_factor(4.0), 2.0));
    CHECK(near(vm_growth_factor(100.0), 2.0)); /* capped */
    CHECK(near(vm_growth_factor(NAN), 1.0));
    CHECK(near(vm_growth_ratio(9, 4), 2.0));
    CHECK(near(vm_growth_ratio(0, 0), 1.0));
    CHECK(near(vm_growth_ratio(-3, -1), 1.0));
}

static void test_impact(void) {
    vm_impact im;
    uint64_t none[VM_SEV_COUNT] = {100, 0, 0, 0};
    vm_impact_compute(100, none, 0, 1.0, &im);
    CHECK(near(im.severity, 1.0));
    CHECK(near(im.negativity, 0.5));
    CHECK(near(im.growth, 1.0));
    CHECK(near(im.score, 50.0));

    /* 100 comments: 50 severe, 50 moderate; mean negativity 0.8; doubled. */
    uint64_t mix[VM_SEV_COUNT] = {0, 0, 50, 50};
    vm_impact_compute(100, mix, 80, 2.0, &im);
    CHECK(near(im.severity, 1.75));
    CHECK(near(im.negativity, 1.3));
    CHECK(near(im.growth, 1.5));
    CHECK(near(im.score, 100 * 1.75 * 1.3 * 1.5));

    /* all severe, all -1, four times: the maximum multiplier 2 x 1.5 x 2 */
    uint64_t sev[VM_SEV_COUNT] = {0, 0, 0, 10};
    vm_impact_compute(10, sev, 10, 8.0, &im);
    CHECK(near(im.score, 10 * 2.0 * 1.5 * 2.0));

    /* ranking: fewer but severe, angry and growing beats more mild ones */
    vm_impact a, b;
    uint64_t mild[VM_SEV_COUNT] = {200, 0, 0, 0};
    vm_impact_compute(200, mild, 40, 1.0, &a);
    vm_impact_compute(100, sev, 90, 3.0, &b);
    CHECK(b.score > a.score);

    uint64_t zero[VM_SEV_COUNT] = {0, 0, 0, 0};
    vm_impact_compute(0, zero, 0, 1.0, &im);
    CHECK(near(im.score, 0) && isfinite(im.severity));
}

static void test_severity_names(void) {
    CHECK(vm_severity_level("none") == VM_SEV_NONE);
    CHECK(vm_severity_level("severe") == VM_SEV_SEVERE);
    CHECK(vm_severity_level("moderate") == VM_SEV_MODERATE);
    CHECK(vm_severity_level("Severe") == -1);
    CHECK(vm_severity_level("") == -1);
}

static void test_spike(void) {
    vm_spike s;
    /* 40 now over 1000 comments; 140 over 7000 before: expected 20,
     * n = 180, p = 1/8, z = (40 - 22.5) / sqrt(19.6875) */
    vm_spike_test(40, 1000, 140, 7000, 10, &s);
    CHECK(near(s.expected, 20) && near(s.ratio, 41.0 / 21.0));
    CHECK(near(s.z, 17.5 / sqrt(19.6875)));
    CHECK(s.spike && !s.critical);
    vm_spike_test(60, 1000, 140, 7000, 10, &s);
    CHECK(s.spike && s.critical);

    /* new subject: nothing in the baseline */
    vm_spike_test(9, 1000, 0, 7000, 10, &s);
    CHECK(!s.spike); /* under the minimum count */
    vm_spike_test(10, 1000, 0, 7000, 10, &s);
    CHECK(s.spike && near(s.expected, 0));

    /* large subject, 10% more: z near 3 but the ratio rule holds it back */
    vm_spike_test(1100, 10000, 7000, 70000, 10, &s);
    CHECK(!s.spike && s.ratio < 1.5);
    /* fewer than expected */
    vm_spike_test(14, 1000, 140, 7000, 10, &s);
    CHECK(!s.spike && s.z < 0);
    /* a small burst over a small baseline is not enough (baseline noise) */
    vm_spike_test(19, 2, 23, 5, 10, &s);
    CHECK(!s.spike && s.ratio >= 1.5 && s.z < 3);

    /* the threshold z = 3 exactly: E = B, b = 0, o = 9 gives z = sqrt(9) */
    vm_spike_test(9, 100, 0, 100, 1, &s);
    CHECK(near(s.z, 3.0) && s.spike);
    vm_spike_test(8, 100, 0, 100, 1, &s);
    CHECK(!s.spike);

    /* no baseline at all */
    vm_spike_test(50, 1000, 0, 0, 10, &s);
    CHECK(!s.spike && s.z == 0 && s.expected == 0);
}

int main(void) {
    test_growth();
    test_impact();
    test_severity_names();
    test_spike();
    return check_done();
}
