/* vocmine-report - stage 4 as its own program (same as `vocmine report`). */
#include "report/report.h"

int main(int argc, char **argv) { return vm_report_main(argc, argv); }
