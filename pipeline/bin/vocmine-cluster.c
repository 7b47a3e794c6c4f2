/* vocmine-cluster: stage 3 as its own program (see include/vocmine.h). */
#include "vocmine.h"

int main(int argc, char **argv) { return vm_cluster_main(argc, argv); }
