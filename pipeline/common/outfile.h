/*
 * outfile.h - output files that appear whole or not at all.
 *
 * vm_outfile_open creates "<dir>/.<name>.tmp.<pid>" next to the final path;
 * vm_outfile_commit flushes, fsyncs and renames it into place;
 * vm_outfile_abort (or a crash) leaves the final name untouched. A gzip
 * output is a sequence of gzip members: vm_outfile_write compresses into
 * the current member; vm_outfile_write_member appends a member that a
 * worker thread already compressed with vm_gzip_member (ISA-L's igzip,
 * whole-buffer compression), given with its plain bytes. Readers (zlib,
 * gzip -dc, Python's gzip) see one stream. When `vocmine run` announced
 * a handoff for the path (handoff.h), the plain bytes also go to the
 * stage reading the file as it is written. The caller owns the handle:
 * commit or abort frees it.
 */
#ifndef VM_OUTFILE_H
#define VM_OUTFILE_H

#include <stddef.h>

#include "common/buf.h"
#include "common/error.h"

typedef struct vm_outfile vm_outfile;

enum { VM_OUT_PLAIN = 0, VM_OUT_GZIP = 1 };

/* Compression level of vocmine's gzip outputs (ISA-L's scale, 0-3):
 * writing outputs is the largest single cost of the normalize and
 * extract stages, and level 0 compresses vocmine's TSV files at 440-630
 * MB/s per thread, twice libdeflate's fastest level. It is also the level
 * whose bytes repeat: at levels 1-3 the same data compressed within our
 * multi-threaded stages now and then came out as different (valid)
 * members, about one normalize run in fifty at 2 threads (the cause is
 * inside ISA-L; zeroing its work buffer did not cure it), while level 0
 * gave the same bytes in 360 of 360 comparisons. Files are 12-16% larger
 * than at level 1. */
#define VM_GZIP_LEVEL 0

vm_outfile *vm_outfile_open(const char *path, int mode, vm_error *err);
int vm_outfile_write(vm_outfile *o, const void *data, size_t len, vm_error *err);
int vm_outfile_puts(vm_outfile *o, const char *s, vm_error *err);
int vm_outfile_write_member(vm_outfile *o, const vm_buf *member, const void *plain, size_t plain_len,
                            vm_error *err);
int vm_outfile_commit(vm_outfile *o, vm_error *err);
void vm_outfile_abort(vm_outfile *o);
const char *vm_outfile_path(const vm_outfile *o);

/* Compresses data as one complete gzip member appended to out (several
 * members past 1 GiB, which readers see as one stream). No time stamp,
 * no name: at level 0 the bytes depend only on data and the ISA-L build,
 * so outputs are reproducible (levels 1-3 are not, see VM_GZIP_LEVEL).
 * Levels outside 0-3 are clamped. */
void vm_gzip_member(const void *data, size_t len, int level, vm_buf *out);

/* Writes a whole file atomically (plain bytes). */
int vm_write_file_atomic(const char *path, const void *data, size_t len, vm_error *err);

#endif
