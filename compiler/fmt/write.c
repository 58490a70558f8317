/*
** write.c: replacing a file atomically, for `kpic fmt -w`.
**
** The new text goes to a temporary file created beside the original (same
** folder, so the same file system and rename is atomic), is flushed to disk
** with fsync, gets the original's permission bits (and owner, when allowed),
** and is then renamed over the original. A reader sees the old file or the
** new one, never a mix; on any failure the temporary file is removed and the
** original is left exactly as it was.
*/
#include "fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const char *text, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        text += n;
        len -= (size_t)n;
    }
    return 0;
}

static int replace_file(const char *path, const char *text, size_t len);

int kpi_fmt_write_atomic(const char *path, const char *text, size_t len) {
    /* Through a symbolic link, replace the file it points to, not the link. */
    char *real = realpath(path, NULL);
    if (!real) return errno;
    int e = replace_file(real, text, len);
    free(real);
    return e;
}

static int replace_file(const char *path, const char *text, size_t len) {
    struct stat st;
    if (stat(path, &st) != 0) return errno;
    if (!S_ISREG(st.st_mode)) return EINVAL;

    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t cap = dir_len + strlen(base) + 32;
    char *tmp = malloc(cap);
    if (!tmp) return ENOMEM;
    snprintf(tmp, cap, "%.*s.%s.fmt-XXXXXX", (int)dir_len, path, base);

    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return e;
    }
    int e = write_all(fd, text, len);
    if (!e && fchmod(fd, st.st_mode & 07777) != 0) e = errno;
    if (!e && fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM) e = errno;
    if (!e && fsync(fd) != 0) e = errno;
    if (close(fd) != 0 && !e) e = errno;
    if (!e && rename(tmp, path) != 0) e = errno;
    if (e) {
        unlink(tmp);
        free(tmp);
        return e;
    }
    free(tmp);
    /* Make the rename itself durable; a failure here no longer risks the file's content. */
    char *dir = dir_len ? strndup(path, dir_len) : strdup(".");
    if (dir) {
        int dfd = open(dir, O_RDONLY | O_DIRECTORY);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
        free(dir);
    }
    return 0;
}
