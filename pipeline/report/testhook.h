/*
 * testhook.h - a pause point for the kill tests (atomicity checks).
 *
 * With VOCMINE_TEST_PAUSE=POINT:SECONDS in the environment, the program
 * prints "vocmine: test hook: pause at POINT" to stderr and sleeps that
 * long when it reaches POINT, so a test can SIGKILL it there. Without the
 * variable this does nothing. Points of the report stage:
 *   files   all outputs written under temporary names, before the LMDB
 *           transaction starts
 *   lmdb    inside the LMDB write transaction, just before the commit
 *   rename  after the commit, before the files are renamed into place
 */
#ifndef VM_REPORT_TESTHOOK_H
#define VM_REPORT_TESTHOOK_H

void vm_test_pause(const char *point);

#endif
