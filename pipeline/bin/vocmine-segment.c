/*
 * vocmine-segment.c - `vocmine segment` as a program of its own.
 */
int vm_segment_main(int argc, char **argv); /* extract/segment_cmd.c; also in vocmine.h */

int main(int argc, char **argv) { return vm_segment_main(argc, argv); }
