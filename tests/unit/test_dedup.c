/*
 * test_dedup.c - exact and near duplicate links, group roots, and the
 * bounded window.
 */
#include "check.h"
#include "normalize/dedup.h"

#include <stdio.h>
#include <string.h>

static void check_one(vm_dedup *d, uint64_t exact, uint64_t sim, const char *id, const char *want_dup,
                      const char *want_near) {
    vm_dedup_item it = {exact, sim, 1, 1, id, strlen(id)};
    vm_buf dup = {0}, near = {0};
    vm_dedup_check(d, &it, &dup, &near);
    CHECK_STR(dup.data ? dup.data : "", want_dup);
    CHECK_STR(near.data ? near.data : "", want_near);
    vm_buf_free(&dup);
    vm_buf_free(&near);
}

int main(void) {
    vm_dedup *d = vm_dedup_new(1000, 3);
    check_one(d, 1, 0xF0F0F0F0F0F0F0F0ULL, "a", "", "");
    check_one(d, 1, 0x1234, "b", "a", "");                          /* exact */
    check_one(d, 2, 0xF0F0F0F0F0F0F0F1ULL, "c", "", "a");           /* 1 bit off */
    check_one(d, 3, 0xF0F0F0F0F0F0F0F3ULL, "d", "", "a");           /* near of near -> root a */
    check_one(d, 4, 0x0F0F0F0F0F0F0F0FULL, "e", "", "");            /* far */
    check_one(d, 5, 0xF0F0F0F0F0F0F0FFULL, "f", "", "a");           /* 4 bits from a, 2 from d */
    check_one(d, 6, 0xF0F0F0F0F0F000FFULL, "g", "", "");            /* too far from all */
    /* Short texts (exact_ok = 0) never count as exact duplicates. */
    vm_dedup_item shorty = {1, 0, 0, 0, "h", 1};
    vm_buf dup = {0}, near = {0};
    vm_dedup_check(d, &shorty, &dup, &near);
    CHECK(dup.len == 0 && near.len == 0);
    vm_dedup_free(d);

    /* The window forgets: with window 32 (generations of 16), an exact
     * repeat 100 distinct comments later is not linked, a recent one is. */
    d = vm_dedup_new(32, 3);
    char id[16];
    for (int i = 0; i < 100; i++) {
        snprintf(id, sizeof id, "x%d", i);
        vm_dedup_item it = {(uint64_t)i + 100, 0, 1, 0, id, strlen(id)};
        vm_buf_reset(&dup);
        vm_dedup_check(d, &it, &dup, &near);
    }
    check_one(d, 100, 0, "late", "", "");
    check_one(d, 195, 0, "recent", "x95", "");
    vm_dedup_free(d);
    vm_buf_free(&dup);
    vm_buf_free(&near);
    return check_done();
}
