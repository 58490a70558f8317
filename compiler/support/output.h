/*
** output.h: writing a whole output file so that a failure leaves no half file.
**
** `kpic fmt -w` and `kpic build` (objects, assembly, IR, bitcode) both hold
** the complete new content in memory before writing. A regular file, new or
** existing, is written to a temporary file beside it and renamed over it, so
** a full disk or a write error leaves the old file (or none) and no temporary
** file; every error is returned, never an abort. A device or pipe (/dev/null,
** /dev/stdout, a FIFO) is written directly.
*/
#ifndef KPI_OUTPUT_H
#define KPI_OUTPUT_H

#include <stddef.h>

enum {
    /* fsync the file and its folder before returning (a formatted source). */
    KPI_OUTPUT_DURABLE = 1u << 0,
    /*
    ** Replace a file that must exist (kpic fmt -w): its permission bits and
    ** owner are kept, a symbolic link is followed to the file it points to,
    ** a read-only file is refused with EACCES, a file with several hard links
    ** is rewritten in place so that every link sees the new text.
    */
    KPI_OUTPUT_EXISTING = 1u << 1,
};

/* Writes len bytes of data as the file path; returns 0 or an errno value. */
int kpi_output_write(const char *path, const char *data, size_t len, unsigned flags);

#endif
