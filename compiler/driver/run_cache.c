/*
** run_cache.c: `kpic run` without LLVM on the second run.
**
** Compiling in memory costs loading libLLVM and generating code on every
** run, several times what the evaluation of a typical export takes. So
** `kpic run` keeps what it compiled, as the shared library `kpic build
** --shared` would write, in $XDG_CACHE_HOME/kpic (else ~/.cache/kpic),
** named by a 128-bit key over everything that decides the code (see
** run_cache.h). A hit only checks the spec, reads the entry, verifies its
** checksum and runs its <name>_evaluate with the evaluator's flags: the
** same kpirt_main an executable runs, so the report is the same bytes.
**
** Safety: an entry is written under a temporary name and renamed into
** place, so concurrent runs see a whole entry or none; the checksum in its
** trailer (over the library and its name) means a damaged or truncated
** entry is rebuilt, never loaded; the library loaded is the very file that
** was verified (/proc/self/fd); the folder must be the user's own and not
** writable by others, since its files are run. Stale entries cannot be hit,
** their key differing; those unused for 30 days are removed when a new
** entry is written.
*/
#include "run_cache.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "driver.h"

#ifndef KPI_VERSION
#define KPI_VERSION "unknown"
#endif
#ifndef KPI_LLVM_VERSION
#define KPI_LLVM_VERSION "unknown"
#endif

#define TRAILER_MAGIC "KPIRUN01"
#define ENTRY_MAX (64u << 20) /* a larger entry is not one of ours */
#define UNUSED_DAYS 30

/* What follows the library in an entry. */
typedef struct trailer {
    char name[64];    /* the module's name: <name>_evaluate */
    uint64_t size;    /* bytes of the library before the trailer */
    uint64_t hash[2]; /* over the library and name */
    char magic[8];
} trailer;

/* ---- a 128-bit hash (two FNV-1a lanes, mixed at the end): for keys, not security --------- */

typedef struct hasher {
    uint64_t a, b;
} hasher;

static void hash_init(hasher *h) {
    h->a = 0xcbf29ce484222325ULL;
    h->b = 0x84222325cbf29ce4ULL;
}

static void hash_bytes(hasher *h, const void *data, size_t len) {
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h->a = (h->a ^ p[i]) * 0x100000001b3ULL;
        h->b = (h->b ^ p[i]) * 0x9e3779b97f4a7c15ULL + 1;
    }
}

/* A field with its length first, so that ("ab", "c") and ("a", "bc") differ. */
static void hash_field(hasher *h, const char *s, size_t len) {
    uint64_t n = len;
    hash_bytes(h, &n, sizeof n);
    hash_bytes(h, s, len);
}

static void hash_string(hasher *h, const char *s) {
    hash_field(h, s ? s : "", s ? strlen(s) : 0);
}

static uint64_t mix(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static void hash_final(const hasher *h, uint64_t out[2]) {
    out[0] = mix(h->a ^ mix(h->b));
    out[1] = mix(h->b + out[0]);
}

/* A file as this run sees it: path, size and modification time (a rebuilt kpic is another kpic). */
static void hash_file_identity(hasher *h, const char *path) {
    struct stat st;
    hash_string(h, path);
    if (stat(path, &st) != 0) return;
    int64_t id[3] = {(int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec, (int64_t)st.st_mtim.tv_nsec};
    hash_bytes(h, id, sizeof id);
}

/* The processor (kpic run compiles for the host's): its model and features, from /proc/cpuinfo. */
static void hash_cpu(hasher *h) {
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f) return;
    char line[8192];
    while (fgets(line, sizeof line, f) && line[0] != '\n') /* the first processor's block */
        if (strncmp(line, "model name", 10) == 0 || strncmp(line, "flags", 5) == 0 ||
            strncmp(line, "Features", 8) == 0 || strncmp(line, "CPU part", 8) == 0)
            hash_string(h, line);
    fclose(f);
}

/* ---- the folder ----------------------------------------------------------------------------- */

static bool make_dir(const char *path) {
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *s = buf + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST) return false;
        *s = '/';
    }
    return mkdir(buf, 0700) == 0 || errno == EEXIST;
}

static bool find_dir(kpi_run_cache *c) {
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/') n = snprintf(c->dir, sizeof c->dir, "%s/kpic", xdg);
    else if (home && home[0] == '/') n = snprintf(c->dir, sizeof c->dir, "%s/.cache/kpic", home);
    else {
        snprintf(c->note, sizeof c->note, "no cache: neither XDG_CACHE_HOME nor HOME is set to a folder");
        return false;
    }
    if (n >= (int)sizeof c->dir) {
        snprintf(c->note, sizeof c->note, "no cache: the cache folder's path is too long");
        return false;
    }
    struct stat st;
    if (!make_dir(c->dir) || stat(c->dir, &st) != 0) {
        snprintf(c->note, sizeof c->note, "no cache: cannot create %s: %s", c->dir, strerror(errno));
        return false;
    }
    /* its libraries are loaded and run: only a folder of our own that nobody else can write */
    if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022)) {
        snprintf(c->note, sizeof c->note,
                 "no cache: %s is not a folder of this user that only this user "
                 "can write",
                 c->dir);
        return false;
    }
    return true;
}

bool kpi_run_cache_open(kpi_run_cache *c, const kpi_pipeline *p, const char *spec_path, char **options,
                        int count) {
    c->note[0] = '\0';
    if (!find_dir(c)) return false;
    hasher h;
    hash_init(&h);
    hash_string(&h, "kpic run cache 1");
    hash_string(&h, KPI_VERSION);
    hash_string(&h, KPI_LLVM_VERSION);
    struct utsname u;
    if (uname(&u) == 0) hash_string(&h, u.machine);
    /* the running kpic, as the session found it (support/executable.h) */
    hash_file_identity(&h, p->session.options.sema.exe_path);
    char path[PATH_MAX];
    if (kpi_drv_codegen_path(path, sizeof path)) hash_file_identity(&h, path);
    hash_cpu(&h);
    static const char *const env[] = {"CC", "KPIC_RUNTIME_DIR", "KPI_EVALUATOR_LDFLAGS"};
    for (size_t i = 0; i < sizeof env / sizeof *env; i++) hash_string(&h, getenv(env[i]));
    for (int i = 0; i < count; i++) hash_string(&h, options[i]);
    /* the spec's folder resolves its default data paths; the standard input's is the current one */
    if (strcmp(spec_path, "-") == 0 ? getcwd(path, sizeof path) != NULL : realpath(spec_path, path) != NULL)
        hash_string(&h, path);
    for (uint32_t i = 0; i < p->session.sources.count; i++) {
        const kpi_source *s = p->session.sources.files[i];
        hash_string(&h, s->path);
        hash_field(&h, s->text, s->len);
    }
    uint64_t key[2];
    hash_final(&h, key);
    snprintf(c->entry, sizeof c->entry, "%s/%016llx%016llx.so", c->dir, (unsigned long long)key[0],
             (unsigned long long)key[1]);
    return true;
}

/* ---- an entry --------------------------------------------------------------------------------- */

/* The checksum of an entry's library and name. */
static void entry_hash(const char *bytes, size_t size, const char *name, uint64_t out[2]) {
    hasher h;
    hash_init(&h);
    hash_field(&h, bytes, size);
    hash_string(&h, name);
    hash_final(&h, out);
}

/* Reads the whole entry and checks its trailer; false when absent (note empty) or damaged. */
static bool read_entry(kpi_run_cache *c, int fd, trailer *t) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof *t ||
        st.st_size > (off_t)ENTRY_MAX) {
        snprintf(c->note, sizeof c->note, "cache entry %s is damaged (wrong size); compiling again",
                 c->entry);
        return false;
    }
    size_t size = (size_t)st.st_size;
    char *bytes = malloc(size);
    bool ok = bytes && pread(fd, bytes, size, 0) == (ssize_t)size;
    if (ok) {
        memcpy(t, bytes + size - sizeof *t, sizeof *t);
        uint64_t hash[2];
        ok = memcmp(t->magic, TRAILER_MAGIC, sizeof t->magic) == 0 && t->size == size - sizeof *t &&
             memchr(t->name, '\0', sizeof t->name) != NULL;
        if (ok) entry_hash(bytes, t->size, t->name, hash);
        ok = ok && hash[0] == t->hash[0] && hash[1] == t->hash[1];
    }
    free(bytes);
    if (!ok)
        snprintf(c->note, sizeof c->note,
                 "cache entry %s is damaged (its checksum does not match); "
                 "compiling again",
                 c->entry);
    return ok;
}

bool kpi_run_cache_run(kpi_run_cache *c, int argc, char **argv, int *status) {
    int fd = open(c->entry, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(c->note, sizeof c->note, "cache miss: no entry %s", c->entry);
        return false;
    }
    trailer t;
    if (!read_entry(c, fd, &t)) {
        close(fd);
        return false;
    }
    /* load the file just verified, not whatever the name points to by now */
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    void *lib = dlopen(self, RTLD_NOW | RTLD_LOCAL);
    if (!lib) lib = dlopen(c->entry, RTLD_NOW | RTLD_LOCAL);
    char symbol[96];
    snprintf(symbol, sizeof symbol, "%s_evaluate", t.name);
    int (*evaluate)(int, char **) = NULL;
    if (lib) *(void **)&evaluate = dlsym(lib, symbol);
    if (!evaluate) {
        const char *why = dlerror();
        snprintf(c->note, sizeof c->note, "cache entry %s cannot be loaded (%s); compiling again", c->entry,
                 why ? why : "no evaluator in it");
        close(fd);
        return false;
    }
    futimens(fd, NULL); /* recently used: kept by the clean-up */
    close(fd);
    fflush(stdout);
    *status = evaluate(argc, argv);
    return true; /* the library stays loaded to the end */
}

/* Removes entries unused for UNUSED_DAYS and temporary files older than a day (a crashed run's). */
static void clean_up(const kpi_run_cache *c) {
    DIR *d = opendir(c->dir);
    if (!d) return;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        bool entry = len == 35 && strcmp(e->d_name + 32, ".so") == 0;
        bool temp = strncmp(e->d_name, "tmp-", 4) == 0;
        if (!entry && !temp) continue;
        char path[PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", c->dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        double age = difftime(now, st.st_mtime);
        if ((entry && age > UNUSED_DAYS * 86400.0) || (temp && age > 86400.0)) unlink(path);
    }
    closedir(d);
}

/* Appends the trailer to the library at path. */
static bool seal(const char *path, const char *name) {
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < (off_t)ENTRY_MAX;
    size_t size = ok ? (size_t)st.st_size : 0;
    char *bytes = ok ? malloc(size) : NULL;
    ok = bytes && pread(fd, bytes, size, 0) == (ssize_t)size;
    trailer t = {.size = size};
    snprintf(t.name, sizeof t.name, "%s", name);
    memcpy(t.magic, TRAILER_MAGIC, sizeof t.magic);
    if (ok) {
        entry_hash(bytes, size, t.name, t.hash);
        ok = pwrite(fd, &t, sizeof t, (off_t)size) == (ssize_t)sizeof t;
    }
    free(bytes);
    return close(fd) == 0 && ok;
}

bool kpi_run_cache_store(kpi_run_cache *c, const kpi_cg_table *api, kpi_cg_module *m, int opt_level) {
    const char *name = api->name(m);
    if (strlen(name) >= sizeof((trailer *)0)->name) {
        snprintf(c->note, sizeof c->note, "not cached: the evaluator's name '%s' is too long", name);
        return false;
    }
    char obj[PATH_MAX + 32], lib[PATH_MAX + 32];
    snprintf(obj, sizeof obj, "%s/tmp-XXXXXX.o", c->dir);
    snprintf(lib, sizeof lib, "%s/tmp-XXXXXX.so", c->dir);
    int ofd = mkstemps(obj, 2);
    int lfd = ofd >= 0 ? mkstemps(lib, 3) : -1;
    if (ofd < 0 || lfd < 0) {
        snprintf(c->note, sizeof c->note, "not cached: cannot create a file in %s: %s", c->dir,
                 strerror(errno));
        if (ofd >= 0) {
            close(ofd);
            unlink(obj);
        }
        return false;
    }
    close(ofd);
    close(lfd);
    kpi_cg_error err = {{0}};
    kpi_cg_link_request req = {.object = obj, .output = lib, .shared = true, .argv0 = kpi_drv_argv0};
    bool ok = api->write(m, KPI_CG_FILE_OBJECT, opt_level, obj, &err) && api->link(&req, &err);
    unlink(obj);
    if (!ok) snprintf(c->note, sizeof c->note, "not cached: %s", err.message);
    else if (!seal(lib, name) || rename(lib, c->entry) != 0) {
        snprintf(c->note, sizeof c->note, "not cached: cannot write %s: %s", c->entry, strerror(errno));
        ok = false;
    }
    if (!ok) unlink(lib);
    else clean_up(c);
    return ok;
}
