/*
 * timestamp.h - parsing the timestamps found in exports into one
 * normalized ISO 8601 form and Unix seconds.
 *
 * Pure functions of their arguments (no clock, no locale, no TZ): a naive
 * time stays naive in the text and counts as UTC in the epoch.
 */
#ifndef VM_TIMESTAMP_H
#define VM_TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

/* Parses a timestamp; appends a normalized ISO 8601 string to out:
 * "YYYY-MM-DDTHH:MM:SS" + "Z" or "+HH:MM" when a zone was given (zone kept as given),
 * nothing when none. Accepts ISO 8601 (T or space; fractional seconds dropped; zones
 * Z, +HH:MM, +HHMM, +HH; also "UTC"/"GMT" as Z, and spaces before the zone),
 * "YYYY-MM-DD HH:MM[:SS]", "YYYY/MM/DD ...", one-digit month, day and hour,
 * date only (-> T00:00:00), epoch seconds (9-10 digits) and milliseconds
 * (12-13 digits) -> UTC "Z". Surrounding spaces are ignored.
 * fmt != NULL: only that strptime-style format, with the directives
 * %Y %y %m %d %e %H %I %p %M %S %f (fraction, dropped) %b %h %B (English
 * month names) %a %A (weekday names, ignored) %z %s %T %F %R %n %t %%;
 * a space in fmt matches any run of spaces, other characters match
 * themselves; the format must give a date (%Y %m %d, or %s).
 * *epoch = Unix seconds (naive = UTC).
 * Returns 0, or -1 if unparseable or invalid (month 13, Feb 30, hour 25);
 * out is unchanged then. */
int vm_time_parse(const char *s, size_t len, const char *fmt, vm_buf *out, int64_t *epoch);

#endif
