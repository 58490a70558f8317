/*
** html_sample.c: writes the HTML report of the hand-built sample report
** (sample_report.h) to standard output, for the browser test and for
** looking at the design: `html_sample > report.html`.
*/
#include <stdio.h>

#include "kpirt.h"
#include "runtime/src/report_html.h"
#include "sample_report.h"

int main(void) {
    kpirt_report report;
    sample_report(&report);
    int rc = kpirt_write_html(&report, &(kpirt_write_options){0}, stdout);
    sample_report_free(&report);
    return rc == 0 ? 0 : 1;
}
