/*
 * vocmine-words.c - `vocmine words` as a program of its own.
 */
int vm_words_main(int argc, char **argv); /* extract/words_cmd.c; also in vocmine.h */

int main(int argc, char **argv) { return vm_words_main(argc, argv); }
