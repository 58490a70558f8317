/*
** cmd_diff.c: `kpic diff OLD NEW`, `kpic diff --git REV [FILE...]`, and git's
** external diff driver: what a change does to the goals (docs/reviewing.md).
**
** Each version goes through the one front end (parse, check, lower) in a
** pipeline of its own, and compiler/diff compares the checked programs. A
** version from git is checked as the text it had, under the path it has now
** (kpi_pipeline_check_text), so its imports and data paths resolve from the
** same folder and its diagnostics name the real file; no temporary file is
** written. Data files are not read: an old version was written against the
** data of its day. With git's seven operands (PATH OLD-FILE OLD-HEX OLD-MODE
** NEW-FILE NEW-HEX NEW-MODE) kpic diff is git's `diff.kpi.command`.
*/
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff/diff.h"
#include "driver.h"
#include "pipeline.h"

extern char **environ;

typedef enum diff_output { DIFF_TEXT, DIFF_JSON, DIFF_MARKDOWN } diff_output;

typedef struct diff_args {
    diff_output output;
    bool fail_on_weakened, fail_on_removed, fail_on_any;
    const char *git_rev; /* --git REV */
} diff_args;

static const char *const diff_option_names[] = {"--format", "--fail-on", "--git", "--help", NULL};

/* --name=VALUE or --name VALUE; NULL when argv[*i] is not --name, "" after a usage error. */
static const char *option_value(const char *name, int argc, char **argv, int *i) {
    size_t n = strlen(name);
    const char *arg = argv[*i];
    if (strncmp(arg, name, n) == 0 && arg[n] == '=') return arg + n + 1;
    if (strcmp(arg, name) != 0) return NULL;
    if (*i + 1 >= argc) {
        kpi_drv_error("diff", "%s needs a value", name);
        return "";
    }
    return argv[++*i];
}

/* --fail-on=weakened,removed,any */
static bool parse_fail_on(diff_args *a, const char *list) {
    char *copy = strdup(list), *save = NULL;
    bool ok = copy != NULL;
    for (char *w = copy ? strtok_r(copy, ",", &save) : NULL; ok && w; w = strtok_r(NULL, ",", &save)) {
        if (strcmp(w, "weakened") == 0) a->fail_on_weakened = true;
        else if (strcmp(w, "removed") == 0) a->fail_on_removed = true;
        else if (strcmp(w, "any") == 0) a->fail_on_any = true;
        else {
            kpi_drv_error("diff", "--fail-on takes weakened, removed or any (comma-separated), not '%s'", w);
            ok = false;
        }
    }
    free(copy);
    return ok;
}

static int diff_option(void *state, int argc, char **argv, int *i) {
    diff_args *a = state;
    const char *v;
    if ((v = option_value("--format", argc, argv, i))) {
        if (strcmp(v, "text") == 0) a->output = DIFF_TEXT;
        else if (strcmp(v, "json") == 0) a->output = DIFF_JSON;
        else if (strcmp(v, "markdown") == 0) a->output = DIFF_MARKDOWN;
        else {
            if (*v) kpi_drv_error("diff", "unknown format '%s'; use --format=text, json or markdown", v);
            return -1;
        }
        return 1;
    }
    if ((v = option_value("--fail-on", argc, argv, i))) return *v && parse_fail_on(a, v) ? 1 : -1;
    if ((v = option_value("--git", argc, argv, i))) {
        if (!*v) return -1;
        a->git_rev = v;
        return 1;
    }
    return 0;
}

/* ---- git ----------------------------------------------------------------------------- */

/* Runs git with argv (its errors go to ours); *out gets its standard output. Its exit status, -1 when it cannot run. */
static int run_git(kpi_arena *arena, char **argv, char **out, size_t *len) {
    int fds[2];
    *out = "";
    *len = 0;
    if (pipe(fds) != 0) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    pid_t pid;
    int rc = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return -1;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    ssize_t got;
    while (buf && (got = read(fds[0], buf + n, cap - n - 1)) != 0) {
        if (got < 0) {
            if (errno == EINTR) continue;
            break;
        }
        n += (size_t)got;
        if (n + 1 == cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
        }
    }
    close(fds[0]);
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {}
    if (!buf) return -1;
    *out = kpi_arena_strndup(arena, buf, n);
    *len = n;
    free(buf);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

/* ---- one pair of versions -------------------------------------------------------------- */

/* A version: a file to read, text from git, or none (the file does not exist on that side). */
typedef struct version {
    const char *path; /* the file to check, or the path text is checked as */
    const char *text; /* from git; NULL: read path */
    size_t len;
    bool absent;
    const char *name; /* for messages: "goals.kpi", "goals.kpi at main" */
} version;

typedef struct diff_run {
    kpi_drv_options *options;
    diff_args *args;
    kpi_arena arena;
    kpi_diff_file *files;
    uint32_t file_count, file_cap;
    kpi_pipeline **pipelines; /* kept until the output is written: the programs live in them */
    uint32_t pipeline_count, pipeline_cap;
    int status;          /* KPI_EXIT_OK, or KPI_EXIT_USAGE after trouble */
    bool version_errors; /* the trouble was a version with errors */
} diff_run;

/* One pipeline per version, so that both can be checked as the same path. */
static kpi_pipeline *new_pipeline(diff_run *r) {
    if (r->pipeline_count == r->pipeline_cap) {
        uint32_t cap = r->pipeline_cap ? r->pipeline_cap * 2 : 8;
        kpi_pipeline **grown = realloc(r->pipelines, sizeof *grown * cap);
        if (!grown) return NULL;
        r->pipelines = grown;
        r->pipeline_cap = cap;
    }
    kpi_pipeline *p = malloc(sizeof *p); /* never moved: its parts point at each other */
    if (!p) return NULL;
    r->pipelines[r->pipeline_count++] = p;
    kpi_pipeline_init(p, r->options);
    p->skip_data_files = true;
    return p;
}

/* The checked program of v: true with *out NULL for an absent version; false after errors (reported). */
static bool program_of(diff_run *r, const version *v, const kpi_program **out) {
    *out = NULL;
    if (v->absent) return true;
    kpi_pipeline *p = new_pipeline(r);
    if (!p) return false;
    kpi_unit unit;
    if (v->text) kpi_pipeline_check_text(p, v->path, v->text, v->len, &unit);
    else if (!kpi_pipeline_check_file(p, v->path, &unit)) return false;
    if (kpi_diag_has_errors(&p->session.diags) || !unit.program) {
        kpi_pipeline_report(p); /* warnings are kpic check's business; errors stop the comparison */
        kpi_drv_error(NULL, "%s has errors, so its goals cannot be compared", v->name);
        r->version_errors = true;
        return false;
    }
    *out = unit.program;
    return true;
}

static void diff_pair(diff_run *r, const char *label, const version *old, const version *new_) {
    const kpi_program *op = NULL, *np = NULL;
    bool ok = program_of(r, old, &op);
    ok = program_of(r, new_, &np) && ok;
    if (!ok) {
        r->status = KPI_EXIT_USAGE;
        return;
    }
    if (r->file_count == r->file_cap) {
        uint32_t cap = r->file_cap ? r->file_cap * 2 : 8;
        kpi_diff_file *grown = KPI_NEW_ARRAY(&r->arena, kpi_diff_file, cap);
        if (r->file_count) memcpy(grown, r->files, sizeof *grown * r->file_count);
        r->files = grown;
        r->file_cap = cap;
    }
    kpi_diff_file *f = &r->files[r->file_count++];
    f->label = label;
    kpi_diff_compute(&r->arena, op, np, &f->diff);
}

/* ---- the three ways to name two versions ---------------------------------------------- */

static version file_version(const char *path) {
    return (version){path, NULL, 0, strcmp(path, "/dev/null") == 0, path};
}

/* FILE at REV against the working tree. */
static void diff_git_file(diff_run *r, const char *path) {
    const char *rev = r->args->git_rev;
    char *spec = kpi_arena_printf(&r->arena, "%s:%s%s", rev, path[0] == '/' ? "" : "./", path);
    /* ls-tree lists nothing for a path that did not exist at REV, and fails for one git cannot place */
    char *tree[] = {"git", "ls-tree", (char *)rev, "--", (char *)path, NULL};
    char *text;
    size_t len;
    version old = {path, NULL, 0, true, kpi_arena_printf(&r->arena, "%s at %s", path, rev)};
    if (run_git(&r->arena, tree, &text, &len) != 0) {
        kpi_drv_error("diff", "git cannot look up '%s' at '%s'", path, rev);
        r->status = KPI_EXIT_USAGE;
        return;
    }
    if (len > 0) {
        char *show[] = {"git", "show", spec, NULL};
        if (run_git(&r->arena, show, &text, &len) != 0) {
            kpi_drv_error("diff", "git cannot show '%s'", spec);
            r->status = KPI_EXIT_USAGE;
            return;
        }
        old.text = text, old.len = len, old.absent = false;
    }
    version new_ = {path, NULL, 0, access(path, F_OK) != 0, path};
    if (old.absent && new_.absent) {
        kpi_drv_error("diff", "'%s' exists neither at '%s' nor in the working tree", path, rev);
        r->status = KPI_EXIT_USAGE;
        return;
    }
    diff_pair(r, kpi_arena_printf(&r->arena, "%s (%s..working tree)", path, rev), &old, &new_);
}

static void diff_git(diff_run *r) {
    const char *rev = r->args->git_rev;
    char *verify = kpi_arena_printf(&r->arena, "%s^{commit}", rev);
    char *rev_argv[] = {"git", "rev-parse", "--quiet", "--verify", verify, NULL};
    char *out;
    size_t len;
    int rc = run_git(&r->arena, rev_argv, &out, &len);
    if (rc != 0) {
        if (rc < 0) kpi_drv_error("diff", "cannot run git: %s", strerror(errno));
        else kpi_drv_error("diff", "'%s' is not a git revision here", rev);
        r->status = KPI_EXIT_USAGE;
        return;
    }
    if (r->options->file_count) {
        for (size_t f = 0; f < r->options->file_count; f++) diff_git_file(r, r->options->files[f]);
        return;
    }
    /* every .kpi file that differs from REV, relative to here */
    char *list_argv[] = {"git",       "diff", "--name-only", "--relative", "--no-renames",
                         (char *)rev, "--",   "*.kpi",       NULL};
    if (run_git(&r->arena, list_argv, &out, &len) != 0) {
        kpi_drv_error("diff", "git cannot compare the working tree with '%s'", rev);
        r->status = KPI_EXIT_USAGE;
        return;
    }
    for (char *line = out; *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        if (*line) diff_git_file(r, line);
        line = nl ? nl + 1 : line + strlen(line);
    }
}

/* Git's seven operands: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE. */
static bool is_git_driver_call(const kpi_drv_options *o) {
    if (o->file_count != 7) return false;
    for (int i = 2; i <= 5; i += 3) {
        const char *hex = o->files[i], *mode = o->files[i + 1];
        if (strspn(hex, "0123456789abcdef") != strlen(hex) && strcmp(hex, ".") != 0) return false;
        if (strspn(mode, "01234567") != strlen(mode) && strcmp(mode, ".") != 0) return false;
    }
    return true;
}

/* A side of git's call: git's temporary file is read and checked as PATH, so it resolves from PATH's folder. */
static bool git_side(diff_run *r, const char *path, const char *file, version *v) {
    *v = (version){path, NULL, 0, strcmp(file, "/dev/null") == 0, path};
    if (v->absent || strcmp(file, path) == 0) return true;
    FILE *f = fopen(file, "rb");
    char *text = NULL;
    size_t len = 0;
    FILE *mem = f ? open_memstream(&text, &len) : NULL;
    char buf[8192];
    size_t n;
    while (mem && (n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, mem);
    bool ok = f && mem && !ferror(f);
    if (mem) fclose(mem);
    if (f) fclose(f);
    if (!ok) {
        kpi_drv_error(NULL, "cannot read '%s': %s", file, strerror(errno));
        free(text);
        return false;
    }
    v->text = kpi_arena_strndup(&r->arena, text, len);
    v->len = len;
    free(text);
    return true;
}

static void diff_git_driver(diff_run *r) {
    const char **f = r->options->files;
    version old, new_;
    if (!git_side(r, f[0], f[1], &old) || !git_side(r, f[0], f[4], &new_)) {
        r->status = KPI_EXIT_USAGE;
        return;
    }
    old.name = kpi_arena_printf(&r->arena, "the old version of %s", f[0]);
    new_.name = kpi_arena_printf(&r->arena, "the new version of %s", f[0]);
    diff_pair(r, f[0], &old, &new_);
    /* git stops at a driver that fails, so `git log -p` would end at the first
       broken version in history: say so in the output and let git go on */
    if (r->status == KPI_EXIT_USAGE && r->version_errors) {
        printf("%s: the goals cannot be compared: a version has errors (see 'kpic check')\n", f[0]);
        r->status = KPI_EXIT_OK;
    }
}

/* ---- the command --------------------------------------------------------------------------- */

static int write_output(diff_run *r) {
    int rc = 0;
    if (r->args->output == DIFF_JSON) return kpi_diff_write_json(r->files, r->file_count, stdout);
    for (uint32_t i = 0; i < r->file_count && rc == 0; i++)
        rc = r->args->output == DIFF_MARKDOWN ? kpi_diff_write_markdown(&r->files[i], stdout)
                                              : kpi_diff_write_text(&r->files[i], stdout);
    return rc;
}

/* 0 same, 1 different (or, with --fail-on, a change of that class), like diff(1). */
static int verdict(const diff_run *r) {
    const diff_args *a = r->args;
    bool any = false, weakened = false, removed = false;
    for (uint32_t i = 0; i < r->file_count; i++) {
        any |= r->files[i].diff.count > 0;
        weakened |= kpi_diff_weakens(&r->files[i].diff);
        removed |= kpi_diff_removes(&r->files[i].diff);
    }
    if (a->fail_on_weakened || a->fail_on_removed || a->fail_on_any)
        return (a->fail_on_any && any) || (a->fail_on_weakened && weakened) || (a->fail_on_removed && removed)
                   ? KPI_EXIT_ERRORS
                   : KPI_EXIT_OK;
    return any ? KPI_EXIT_ERRORS : KPI_EXIT_OK;
}

static int run_diff(int argc, char **argv) {
    kpi_drv_options o;
    kpi_drv_options_init(&o, argc);
    diff_args args = {0};
    int status = KPI_EXIT_USAGE;
    if (!kpi_drv_parse_args(&o, &kpi_cmd_diff, argc, argv, diff_option, &args, diff_option_names, &status))
        goto done;
    diff_run r = {.options = &o, .args = &args, .status = KPI_EXIT_OK};
    kpi_arena_init(&r.arena);
    if (args.git_rev) {
        diff_git(&r);
    } else if (is_git_driver_call(&o)) {
        diff_git_driver(&r);
    } else if (o.file_count == 2) {
        version old = file_version(o.files[0]), new_ = file_version(o.files[1]);
        if (old.absent && new_.absent) {
            kpi_drv_error("diff", "at most one side can be /dev/null");
            r.status = KPI_EXIT_USAGE;
        } else {
            diff_pair(&r, new_.absent ? o.files[0] : o.files[1], &old, &new_);
        }
    } else {
        kpi_drv_error("diff", "expected two files, OLD and NEW, or --git REV [FILE...]");
        r.status = KPI_EXIT_USAGE;
    }
    bool git_driver = !args.git_rev && is_git_driver_call(&o);
    if ((r.status == KPI_EXIT_OK || r.file_count) && write_output(&r) != 0) {
        kpi_drv_error(NULL, "cannot write the changes: %s", strerror(errno));
        r.status = KPI_EXIT_USAGE;
    }
    fflush(stdout);
    /* git stops at a driver that exits non-zero (unless, since git 2.46, diff.kpi.trustExitCode) */
    status = r.status != KPI_EXIT_OK ? r.status : git_driver ? KPI_EXIT_OK : verdict(&r);
    for (uint32_t i = 0; i < r.pipeline_count; i++) {
        kpi_pipeline_free(r.pipelines[i]);
        free(r.pipelines[i]);
    }
    free(r.pipelines);
    kpi_arena_free(&r.arena);
done:
    kpi_drv_options_free(&o);
    return status;
}

const kpi_command kpi_cmd_diff = {
    "diff",
    "show what a change does to the goals: a semantic diff of two versions",
    "usage: kpic diff [options] OLD NEW\n"
    "       kpic diff [options] --git REV [FILE...]\n"
    "\n"
    "Checks both versions of a goal file and prints what the change does to its\n"
    "goals: goals added, removed or renamed (matched by name, then by metric);\n"
    "targets weakened or strengthened, judged in each goal's direction;\n"
    "deadlines and starts moved earlier or later; owners, reviews, titles,\n"
    "baselines, tolerances and budgets changed; drivers added or removed;\n"
    "segments changed; metrics and data sources whose definition changed, with\n"
    "the goals they reach. Layout and comments are no change. Data files are\n"
    "not read. OLD or NEW may be /dev/null (a new or a deleted file).\n"
    "\n"
    "  kpic diff old/goals.kpi goals.kpi\n"
    "  kpic diff --git main --format=markdown     # every .kpi file changed since main\n"
    "  kpic diff --git HEAD~1 --fail-on=weakened goals.kpi\n"
    "\n"
    "As git's diff driver (docs/reviewing.md): '*.kpi diff=kpi' in .gitattributes\n"
    "and 'git config diff.kpi.command \"kpic diff\"'; git diff, log -p and show\n"
    "then print the changes to the goals of each .kpi file.\n"
    "\n"
    "Options:\n"
    "  --format=text|json|markdown   for people (default), tools, or a\n"
    "                                pull-request comment\n"
    "  --fail-on=weakened|removed|any  exit 1 only when a change weakens a goal\n"
    "                                (a weaker target, a later deadline, a looser\n"
    "                                tolerance), removes one, or changes anything;\n"
    "                                several as a comma-separated list\n"
    "  --git REV                     compare each FILE at git revision REV with\n"
    "                                the working tree; without FILE, every .kpi\n"
    "                                file git sees changed\n"
    "  -I DIR                        search DIR for imported modules\n"
    "  --color=auto|always|never     colour the diagnostics of a version with errors\n"
    "\n"
    "Exit status: 0 no changes to the goals, 1 changes (with --fail-on: a change\n"
    "of that class), 2 usage error, a file that cannot be read, or a version\n"
    "with errors. As git's driver it exits 0 after printing the changes.\n",
    run_diff,
    NULL, /* no evaluator flags in its help */
};
