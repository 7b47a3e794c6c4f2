/*
 * progress.h - one progress line on a terminal.
 *
 * Stages report rows and bytes as they go; when stderr is a terminal and
 * messages are not silenced, a single line is redrawn at most four times a
 * second: stage, rows, MB/s and, when the total input size is known, the
 * percentage and ETA. Nothing is printed when stderr is not a terminal, so
 * logs of nightly jobs hold errors only. The line belongs to the thread
 * that began it until it ends it: when stages run at once (vocmine run),
 * the other stages' calls do nothing. Within a stage, call from one
 * thread at a time (a serial pipeline step).
 */
#ifndef VM_PROGRESS_H
#define VM_PROGRESS_H

#include <stdint.h>

/* total_bytes 0 = unknown. */
void vm_progress_begin(const char *stage, uint64_t total_bytes);
void vm_progress_update(uint64_t rows, uint64_t bytes);
/* Clears the line. */
void vm_progress_end(void);

#endif
