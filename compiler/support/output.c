/*
** output.c: whole-file output, atomic for regular files (output.h).
**
** The temporary file is created in the target's folder (same file system, so
** rename is atomic), gets the target's permission bits (a new file: 0666
** less the umask, as open(2) would give), and is renamed over the target
** only when every byte was written.
*/
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* A device, a pipe, or a file whose hard links must all see the new content. */
static int write_in_place(const char *path, const char *data, size_t len, bool regular, bool durable) {
    int fd = open(path, O_WRONLY | (regular ? 0 : O_TRUNC));
    if (fd < 0) return errno;
    int e = write_all(fd, data, len);
    if (!e && regular && ftruncate(fd, (off_t)len) != 0) e = errno;
    if (!e && regular && durable && fsync(fd) != 0) e = errno;
    if (close(fd) != 0 && !e) e = errno;
    return e;
}

static void sync_folder(const char *path, size_t dir_len) {
    char *dir = dir_len ? strndup(path, dir_len) : strdup(".");
    if (!dir) return;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd); /* the rename's durability; the content is already safe */
        close(dfd);
    }
    free(dir);
}

static int replace(const char *path, const char *data, size_t len, unsigned flags) {
    bool durable = flags & KPI_OUTPUT_DURABLE, existing = flags & KPI_OUTPUT_EXISTING;
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (!exists && (existing || errno != ENOENT)) return errno;
    if (exists && !S_ISREG(st.st_mode)) {
        if (existing || S_ISDIR(st.st_mode)) return S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return write_in_place(path, data, len, false, durable);
    }
    if (existing && ((st.st_mode & 0222) == 0 || access(path, W_OK) != 0)) return EACCES;
    if (existing && st.st_nlink > 1) return write_in_place(path, data, len, true, durable);
    mode_t mode;
    if (exists) {
        mode = st.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }

    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t cap = dir_len + strlen(base) + 32;
    char *tmp = malloc(cap);
    if (!tmp) return ENOMEM;
    snprintf(tmp, cap, "%.*s.%s.kpic-XXXXXX", (int)dir_len, path, base);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return e;
    }
    int e = write_all(fd, data, len);
    if (!e && fchmod(fd, mode) != 0) e = errno;
    if (!e && exists && fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM) e = errno;
    if (!e && durable && fsync(fd) != 0) e = errno;
    if (close(fd) != 0 && !e) e = errno;
    if (!e && rename(tmp, path) != 0) e = errno;
    if (e) unlink(tmp);
    free(tmp);
    if (!e && durable) sync_folder(path, dir_len);
    return e;
}

int kpi_output_write(const char *path, const char *data, size_t len, unsigned flags) {
    if (!(flags & KPI_OUTPUT_EXISTING)) return replace(path, data, len, flags);
    /* Through a symbolic link, replace the file it points to, not the link. */
    char *real = realpath(path, NULL);
    if (!real) return errno;
    int e = replace(real, data, len, flags);
    free(real);
    return e;
}
