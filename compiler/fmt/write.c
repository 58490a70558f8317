/*
** write.c: replacing a file atomically, for `kpic fmt -w`.
**
** The new text goes to a temporary file created beside the original (same
** folder, so the same file system and rename is atomic), is flushed to disk
** with fsync, gets the original's permission bits (and owner, when allowed),
** and is then renamed over the original. A reader sees the old file or the
** new one, never a mix; on any failure the temporary file is removed and the
** original is left exactly as it was. A read-only file is refused (EACCES),
** as most formatters do; a file with several hard links is rewritten in
** place, so the links stay one file (that write is not atomic: a crash in
** the middle can leave a mix). support/output.c does the work.
*/
#include "fmt.h"

#include "support/output.h"

int kpi_fmt_write_atomic(const char *path, const char *text, size_t len) {
    return kpi_output_write(path, text, len, KPI_OUTPUT_DURABLE | KPI_OUTPUT_EXISTING);
}
