/*
 * instream.h - reading a byte stream from a file or stdin, gzip or not.
 *
 * A stream opened on "-" reads standard input. Gzip input is recognised by
 * its magic bytes (never by the file name) and inflated on the fly;
 * concatenated gzip members are read as one stream. A gzip stream that ends
 * early is an error naming the file and how many bytes it got. The stream
 * also hashes (SHA-256) and counts the raw bytes it reads, for manifests.
 * A path that `vocmine run` announced for a handoff (handoff.h) is read
 * from the stage writing it, as plain bytes; its size and hash are the
 * file's, known once the stream reached its end.
 * The caller owns the stream and closes it with vm_instream_close.
 */
#ifndef VM_INSTREAM_H
#define VM_INSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/error.h"

typedef struct vm_instream vm_instream;

vm_instream *vm_instream_open(const char *path, vm_error *err);
/* Reads len bytes at data instead of a file (tests and fuzzing); name is
 * used in messages. The caller keeps data alive until the stream is closed. */
vm_instream *vm_instream_open_mem(const void *data, size_t len, const char *name, vm_error *err);
/* Reads up to cap bytes; returns the count, 0 at the end, -1 on error. */
long vm_instream_read(vm_instream *s, void *dst, size_t cap, vm_error *err);
int vm_instream_is_gzip(const vm_instream *s);
uint64_t vm_instream_raw_bytes(const vm_instream *s);   /* bytes of the file */
uint64_t vm_instream_bytes(const vm_instream *s);       /* bytes after inflate */
/* Lower-case hex SHA-256 of the raw bytes read so far (65 bytes with NUL). */
void vm_instream_sha256(vm_instream *s, char hex[65]);
const char *vm_instream_path(const vm_instream *s);
void vm_instream_close(vm_instream *s);

/* Appends a whole (plain) file to out. Returns 0, or -1 with errno set
 * when it cannot be opened or read; ENOENT tells a missing file. */
int vm_read_file(const char *path, vm_buf *out);

/* Line reading on top of a stream: returns lines without the '\n' (a
 * trailing '\r' is kept; the caller decides). The line stays valid until
 * the next call. Returns 1 with a line, 0 at the end, -1 on error. */
typedef struct vm_linereader vm_linereader;
vm_linereader *vm_linereader_new(vm_instream *s);
int vm_linereader_next(vm_linereader *lr, const char **line, size_t *len, vm_error *err);
void vm_linereader_free(vm_linereader *lr);

#endif
