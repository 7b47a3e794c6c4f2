/*
 * keys.c - LMDB key encoding (see keys.h).
 */
#include "report/keys.h"

#include <string.h>

int vm_key_run_id_ok(const char *run_id) {
    size_t n = strlen(run_id);
    if (n == 0 || n > VM_RUN_ID_MAX) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = run_id[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                 c == '_' || c == ':' || c == '-' || c == '+';
        if (!ok) return 0;
    }
    return 1;
}

int vm_key_topic_id_ok(const char *topic) {
    size_t n = strlen(topic);
    return n > 0 && n <= VM_TOPIC_ID_MAX;
}

void vm_key_topic_part(vm_buf *k, const char *topic) {
    size_t n = strlen(topic), lead = 0;
    while (lead < n && !(topic[lead] >= '0' && topic[lead] <= '9')) lead++;
    size_t digits = n - lead;
    for (size_t i = lead; i < n; i++)
        if (topic[i] < '0' || topic[i] > '9') digits = 0;
    if (digits == 0 || digits > 12) {
        vm_buf_append(k, topic, n);
        return;
    }
    const char *num = topic + lead;
    while (digits > 1 && *num == '0') num++, digits--;
    vm_buf_append(k, topic, lead);
    for (size_t i = digits; i < 12; i++) vm_buf_putc(k, '0');
    vm_buf_append(k, num, digits);
}

void vm_key_run_prefix(vm_buf *k, const char *run_id) {
    vm_buf_puts(k, run_id);
    vm_buf_putc(k, '\0');
}

void vm_key_run_num(vm_buf *k, const char *run_id, unsigned n) {
    vm_key_run_prefix(k, run_id);
    vm_buf_printf(k, "%06u", n);
}

void vm_key_run_topic(vm_buf *k, const char *run_id, const char *topic) {
    vm_key_run_prefix(k, run_id);
    vm_key_topic_part(k, topic);
}

void vm_key_topic_prefix(vm_buf *k, const char *topic) {
    vm_key_topic_part(k, topic);
    vm_buf_putc(k, '\0');
}

void vm_key_topic_run(vm_buf *k, const char *topic, const char *run_id) {
    vm_key_topic_prefix(k, topic);
    vm_buf_puts(k, run_id);
}

/* Length of at most max bytes of s that ends on a UTF-8 character boundary. */
static size_t cut_utf8(const char *s, size_t n, size_t max) {
    if (n <= max) return n;
    size_t cut = max;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    return cut;
}

void vm_key_run_dim(vm_buf *k, const char *run_id, const char *kind, const char *name) {
    vm_key_run_prefix(k, run_id);
    vm_buf_puts(k, kind);
    vm_buf_putc(k, '\0');
    vm_buf_append(k, name, cut_utf8(name, strlen(name), VM_KEY_NAME_MAX));
}

size_t vm_key_field(const char *key, size_t len, int index, const char **f) {
    size_t start = 0;
    for (int i = 0;; i++) {
        const char *nul = memchr(key + start, '\0', len - start);
        size_t end = nul ? (size_t)(nul - key) : len;
        if (i == index) {
            *f = key + start;
            return end - start;
        }
        if (!nul) return (size_t)-1;
        start = end + 1;
    }
}
