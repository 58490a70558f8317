/*
** executable.c: the running executable's path (see executable.h).
*/
#include "executable.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool kpi_executable_path(const char *argv0, char *out, size_t cap) {
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n > 0) {
        path[n] = '\0';
    } else if (!argv0 || !strchr(argv0, '/') || !realpath(argv0, path)) {
        return false;
    }
    return snprintf(out, cap, "%s", path) < (int)cap;
}

bool kpi_executable_dir(const char *argv0, char *out, size_t cap) {
    char path[PATH_MAX];
    if (!kpi_executable_path(argv0, path, sizeof path)) return false;
    char *slash = strrchr(path, '/');
    if (!slash) return false;
    *slash = '\0';
    return snprintf(out, cap, "%s", path[0] ? path : "/") < (int)cap;
}
