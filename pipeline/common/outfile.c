/*
 * outfile.c - temp-file-and-rename outputs, plain or gzip (see outfile.h).
 *
 * Invariant: until commit, nothing exists under the final name that this
 * handle wrote; gzip data is buffered and emitted as complete members.
 */
#include "common/outfile.h"
#include "common/handoff.h"
#include "common/mem.h"
#include "common/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <isa-l/igzip_lib.h>

#define GZ_MEMBER_INPUT (1 << 20)  /* plain bytes gathered per member */
#define MEMBER_MAX ((size_t)1 << 30)  /* most plain bytes in one member */

struct vm_outfile {
    char *path;
    char *tmp;
    int fd;
    int mode;
    vm_buf pending;   /* gzip mode: plain bytes not yet compressed */
    vm_buf packed;    /* scratch for compressed members */
    vm_handoff *handoff;   /* the next stage reading this file as it is written, or NULL */
    vm_sha256 sha;         /* with a handoff: of the bytes written */
    uint64_t written;
};

static int write_all(vm_outfile *o, const void *data, size_t len, vm_error *err) {
    if (o->handoff) {
        vm_sha256_update(&o->sha, data, len);
        o->written += len;
    }
    const char *p = data;
    while (len) {
        ssize_t n = write(o->fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return vm_fail(err, "%s: write error: %s", o->path, strerror(errno));
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static char *temp_name(const char *path) {
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    vm_buf b = {0};
    vm_buf_append(&b, path, dirlen);
    vm_buf_printf(&b, ".%s.tmp.%ld", path + dirlen, (long)getpid());
    return vm_buf_detach(&b);
}

vm_outfile *vm_outfile_open(const char *path, int mode, vm_error *err) {
    char *tmp = temp_name(path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        vm_fail(err, "%s: cannot create: %s", tmp, strerror(errno));
        free(tmp);
        return NULL;
    }
    vm_outfile *o = vm_xcalloc(1, sizeof *o);
    o->path = vm_xstrdup(path);
    o->tmp = tmp;
    o->fd = fd;
    o->mode = mode;
    o->handoff = mode == VM_OUT_GZIP ? vm_handoff_claim_producer(path) : NULL;
    if (o->handoff) vm_sha256_init(&o->sha);
    return o;
}

/* Tells the handoff's consumer whether the file is complete. */
static void finish_handoff(vm_outfile *o, int ok) {
    if (!o->handoff) return;
    uint8_t d[32];
    char hex[65];
    vm_sha256_final(&o->sha, d);
    vm_sha256_to_hex(d, hex);
    vm_handoff_finish(o->handoff, ok, o->written, hex);
}

/* Room for the member whatever the data: ISA-L falls back to stored
 * blocks (5 bytes per 64 KiB) when compressing does not fit. */
static size_t member_bound(size_t len) { return len + 5 * (len / 65535 + 1) + 64; }

/* Appends one gzip member of data[0, len), len <= MEMBER_MAX. */
static void one_member(const void *data, size_t len, int level, vm_buf *out) {
    static const size_t level_work[] = {ISAL_DEF_LVL0_DEFAULT, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT,
                                        ISAL_DEF_LVL3_DEFAULT};
    size_t work = level_work[level];
    /* Zeroed: ISA-L reads parts of its work buffer and stream it never wrote. */
    uint8_t *level_buf = work ? vm_xcalloc(1, work) : NULL;
    size_t bound = member_bound(len);
    vm_buf_grow(out, bound);
    struct isal_zstream z;
    memset(&z, 0, sizeof z);
    isal_deflate_stateless_init(&z);
    z.level = (uint32_t)level;
    z.level_buf = level_buf;
    z.level_buf_size = (uint32_t)work;
    z.gzip_flag = IGZIP_GZIP_NO_HDR;
    z.end_of_stream = 1;
    z.flush = NO_FLUSH;
    z.next_in = (uint8_t *)data;
    z.avail_in = (uint32_t)len;
    /* the header: no name, no time stamp, OS unknown */
    static const uint8_t header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
    memcpy(out->data + out->len, header, sizeof header);
    z.next_out = (uint8_t *)out->data + out->len + sizeof header;
    z.avail_out = (uint32_t)(bound - sizeof header);
    int rc = isal_deflate_stateless(&z);
    free(level_buf);
    if (rc != COMP_OK) {
        fprintf(stderr, "vocmine: gzip compression failed (%d)\n", rc);
        abort();
    }
    out->len += sizeof header + z.total_out;
    out->data[out->len] = '\0';
}

void vm_gzip_member(const void *data, size_t len, int level, vm_buf *out) {
    if (level < 0) level = 0;
    if (level > 3) level = 3;
    const char *p = data;
    /* ISA-L counts in 32 bits: data past MEMBER_MAX goes into further members. */
    while (len > MEMBER_MAX) {
        one_member(p, MEMBER_MAX, level, out);
        p += MEMBER_MAX;
        len -= MEMBER_MAX;
    }
    one_member(p, len, level, out);
}

static int flush_pending(vm_outfile *o, vm_error *err) {
    if (o->pending.len == 0) return 0;
    vm_buf_reset(&o->packed);
    vm_gzip_member(o->pending.data, o->pending.len, VM_GZIP_LEVEL, &o->packed);
    if (o->handoff) vm_handoff_put(o->handoff, o->pending.data, o->pending.len);
    vm_buf_reset(&o->pending);
    return write_all(o, o->packed.data, o->packed.len, err);
}

int vm_outfile_write(vm_outfile *o, const void *data, size_t len, vm_error *err) {
    if (o->mode == VM_OUT_PLAIN) return write_all(o, data, len, err);
    vm_buf_append(&o->pending, data, len);
    return o->pending.len >= GZ_MEMBER_INPUT ? flush_pending(o, err) : 0;
}

int vm_outfile_puts(vm_outfile *o, const char *s, vm_error *err) {
    return vm_outfile_write(o, s, strlen(s), err);
}

int vm_outfile_write_member(vm_outfile *o, const vm_buf *member, const void *plain, size_t plain_len,
                            vm_error *err) {
    if (flush_pending(o, err) != 0) return -1;
    if (o->handoff) vm_handoff_put(o->handoff, plain, plain_len);
    return write_all(o, member->data, member->len, err);
}

int vm_outfile_commit(vm_outfile *o, vm_error *err) {
    int rc = 0;
    if (o->mode == VM_OUT_GZIP) {
        rc = flush_pending(o, err);
        /* An empty gzip file is not a valid stream: write an empty member. */
        if (rc == 0 && lseek(o->fd, 0, SEEK_CUR) == 0) {
            vm_buf_reset(&o->packed);
            vm_gzip_member("", 0, VM_GZIP_LEVEL, &o->packed);
            rc = write_all(o, o->packed.data, o->packed.len, err);
        }
    }
    if (rc == 0 && fsync(o->fd) != 0) rc = vm_fail(err, "%s: fsync failed: %s", o->path, strerror(errno));
    if (close(o->fd) != 0 && rc == 0) rc = vm_fail(err, "%s: close failed: %s", o->path, strerror(errno));
    o->fd = -1;
    if (rc == 0 && rename(o->tmp, o->path) != 0)
        rc = vm_fail(err, "%s: cannot rename into place: %s", o->path, strerror(errno));
    if (rc != 0) unlink(o->tmp);
    finish_handoff(o, rc == 0);
    vm_buf_free(&o->pending);
    vm_buf_free(&o->packed);
    free(o->tmp);
    free(o->path);
    free(o);
    return rc;
}

void vm_outfile_abort(vm_outfile *o) {
    if (!o) return;
    if (o->fd >= 0) close(o->fd);
    unlink(o->tmp);
    finish_handoff(o, 0);
    vm_buf_free(&o->pending);
    vm_buf_free(&o->packed);
    free(o->tmp);
    free(o->path);
    free(o);
}

const char *vm_outfile_path(const vm_outfile *o) { return o->path; }

int vm_write_file_atomic(const char *path, const void *data, size_t len, vm_error *err) {
    vm_outfile *o = vm_outfile_open(path, VM_OUT_PLAIN, err);
    if (!o) return -1;
    if (vm_outfile_write(o, data, len, err) != 0) {
        vm_outfile_abort(o);
        return -1;
    }
    return vm_outfile_commit(o, err);
}
