/* vocmine-query - the database reader as its own program (same as `vocmine query`). */
#include "report/report.h"

int main(int argc, char **argv) { return vm_query_main(argc, argv); }
