/* vocmine-extract: stage 2 as its own program (see include/vocmine.h). */
#include "vocmine.h"

int main(int argc, char **argv) { return vm_extract_main(argc, argv); }
