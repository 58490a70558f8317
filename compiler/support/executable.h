/*
** executable.h: where the running kpic is.
**
** The installed stdlib, the runtime library and the code generation module
** are found relative to the executable, so every part of kpic asks this one
** helper (/proc/self/exe, else argv[0] when it names a path) instead of
** reading /proc/self/exe itself.
*/
#ifndef KPI_EXECUTABLE_H
#define KPI_EXECUTABLE_H

#include <stdbool.h>
#include <stddef.h>

/* The executable's absolute path into out; false when neither source knows it or it does not fit. */
bool kpi_executable_path(const char *argv0, char *out, size_t cap);
/* The folder that holds it ("/" for a file at the root). */
bool kpi_executable_dir(const char *argv0, char *out, size_t cap);

#endif
