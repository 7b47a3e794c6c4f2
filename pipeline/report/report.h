/*
 * report.h - entry points of the report stage (also declared in
 * include/vocmine.h by the driver's owner; the declarations agree).
 *
 *   vocmine report --out DIR [--db PATH] [--run-id ID] [--top N]
 *                  [--alert-threshold X] [--min-count N] [--lexicons DIR]
 *                  [--variant-of RUN] [--threads N] [--quiet|--verbose]
 *   vocmine query --db PATH [--format table|csv|json]
 *                 runs | top RUN_ID | topic TOPIC_ID | alerts RUN_ID
 *
 * argv[0] is the subcommand name. Exit status 0, 1 on errors, 2 on usage
 * errors.
 */
#ifndef VM_REPORT_REPORT_H
#define VM_REPORT_REPORT_H

int vm_report_main(int argc, char **argv);
int vm_query_main(int argc, char **argv);

#endif
