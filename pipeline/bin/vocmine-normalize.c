/* vocmine-normalize: stage 1 as its own program (see include/vocmine.h). */
#include "vocmine.h"

int main(int argc, char **argv) { return vm_normalize_main(argc, argv); }
