/*
 * handoff.h - a stage's output read by the next stage while it is being
 * written, in one process (vocmine run).
 *
 * The run announces a handoff for an output path before starting the two
 * stages. The producing stage's gzip vm_outfile for that path claims it
 * and hands over the plain bytes of every member it writes, in file
 * order; the consuming stage's vm_instream_open of that path claims it
 * and reads those bytes instead of inflating the file. So the consumer
 * reads exactly the file's contents, without the inflate; at the end it
 * also gets the file's size and SHA-256 (from the bytes the producer
 * wrote), so its manifest is the one a read of the file gives.
 *
 * Bounds: at most VM_HANDOFF_BYTES of plain bytes wait; a producer ahead
 * of its consumer blocks. Either side may stop early. A producer that
 * aborts, or whose stage ends without committing the file, makes the
 * consumer's next read fail; a consumer that closes its stream, or whose
 * stage ends, makes later hand-overs no-ops, so the producer finishes its
 * file alone. Thread safe; the announcer owns the handoff and frees it
 * with vm_handoff_release once both stages have returned.
 */
#ifndef VM_HANDOFF_H
#define VM_HANDOFF_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

#define VM_HANDOFF_BYTES ((size_t)16 << 20)

typedef struct vm_handoff vm_handoff;

/* The run's side. */
vm_handoff *vm_handoff_announce(const char *path);
/* Waits until the consumer has claimed the handoff, or left without. */
void vm_handoff_await_consumer(vm_handoff *h);
/* The producing stage has returned: a file it did not commit fails the consumer. */
void vm_handoff_producer_done(vm_handoff *h);
void vm_handoff_release(vm_handoff *h);

/* The producer's side (outfile.c): the announced handoff for path, or
 * NULL; a second claim of one path gets NULL. */
vm_handoff *vm_handoff_claim_producer(const char *path);
void vm_handoff_put(vm_handoff *h, const void *data, size_t len);
/* The file is complete (committed, with its size and SHA-256 in hex) or
 * not (ok = 0: aborted or failed). */
void vm_handoff_finish(vm_handoff *h, int ok, uint64_t file_bytes, const char sha256[65]);

/* The consumer's side (instream.c). */
vm_handoff *vm_handoff_claim_consumer(const char *path);
/* Reads up to cap bytes: the count, 0 at the end of a committed file, or
 * -1 with err set when the producer did not complete it. */
long vm_handoff_get(vm_handoff *h, void *dst, size_t cap, vm_error *err);
/* After the end: the file's size and SHA-256. */
void vm_handoff_file(const vm_handoff *h, uint64_t *file_bytes, char sha256[65]);
/* The consumer closes its stream, or its stage has returned (either may
 * come twice): hand-overs become no-ops. */
void vm_handoff_leave(vm_handoff *h);

#endif
