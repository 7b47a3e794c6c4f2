/*
 * transcode.h - turning a legacy-encoded export into UTF-8, and spotting
 * exports that are not UTF-8 when nobody said so.
 *
 * A transcoder pulls bytes from a vm_instream and converts them with iconv
 * chunk by chunk; a multi-byte sequence split across chunks is carried
 * over. Input that is invalid in the declared encoding becomes U+FFFD (one
 * per bad byte, or per incomplete sequence at the end) and is counted; the
 * output is always valid UTF-8 with the same text. The caller owns the
 * transcoder; it does not own the stream.
 */
#ifndef VM_INGEST_TRANSCODE_H
#define VM_INGEST_TRANSCODE_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/instream.h"

typedef struct vm_transcoder vm_transcoder;

/* NULL with a message if iconv does not know the encoding. */
vm_transcoder *vm_transcoder_new(const char *encoding, vm_error *err);
/* Like vm_instream_read, but the bytes are UTF-8: up to cap (>= 64) bytes,
 * 0 at the end, -1 on error. */
long vm_transcoder_read(vm_transcoder *t, vm_instream *in, char *dst, size_t cap, vm_error *err);
uint64_t vm_transcoder_errors(const vm_transcoder *t);
void vm_transcoder_free(vm_transcoder *t);

/* 1 if "utf-8" (any case, with or without the dash). */
int vm_encoding_is_utf8(const char *encoding);

/* Looks at the first bytes of an export declared as nothing. Returns 0 if
 * it may be read as UTF-8 (stray invalid bytes are fine), or 1 if it is
 * clearly in another encoding that we recognise, with *label a human name
 * ("GB18030/GBK", "Big5", "UTF-16") and *suggest the --encoding value.
 * complete says that p holds the whole input (the end is not a cut). */
int vm_sniff_encoding(const char *p, size_t n, int complete, const char **label, const char **suggest);

#endif
