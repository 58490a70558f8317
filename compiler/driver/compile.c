/*
** compile.c: from a .kpi file to an optimised LLVM module, for `kpic build`
** and `kpic run`, so both compile exactly the same way (which is what makes
** the JIT's report byte-identical to the executable's).
*/
#include "compile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/sql.h"

const char *const kpi_drv_codegen_option_names[] = {"-O0", "-O1", "-O2", "-O3", "--name", NULL};

static bool is_identifier(const char *s) {
    if (!s[0] || (s[0] >= '0' && s[0] <= '9')) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

int kpi_drv_codegen_option(kpi_drv_codegen *cg, const char *command, int argc, char **argv, int *i) {
    const char *arg = argv[*i];
    if (strncmp(arg, "-O", 2) == 0) {
        if (arg[2] == '\0') {
            cg->opt_level = KPI_DRV_DEFAULT_OPT_LEVEL;
            return 1;
        }
        if (arg[2] >= '0' && arg[2] <= '3' && arg[3] == '\0') {
            cg->opt_level = arg[2] - '0';
            return 1;
        }
        kpi_drv_error(command, "unknown optimisation level '%s'; use -O0, -O1, -O2 or -O3", arg);
        return -1;
    }
    if (strcmp(arg, "--name") == 0 || strncmp(arg, "--name=", 7) == 0) {
        const char *value = arg[6] == '=' ? arg + 7 : NULL;
        if (!value) {
            if (*i + 1 >= argc) {
                kpi_drv_error(command, "--name needs a C identifier");
                return -1;
            }
            value = argv[++*i];
        }
        if (!is_identifier(value)) {
            kpi_drv_error(command, "--name '%s' is not a C identifier (letters, digits, _)", value);
            return -1;
        }
        cg->name = value;
        return 1;
    }
    return 0;
}

void kpi_drv_spec_stem(const char *path, char *buf, size_t size) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".kpi") == 0) len -= 4;
    snprintf(buf, size, "%.*s", (int)len, base[0] ? base : "goals");
}

/*
** The query --engine runs: `kpic sql --dialect postgres` of the program's
** table sources, or NULL when it has none (then --engine says so). malloc'd.
*/
static char *engine_query(const kpi_program *program, const char *path) {
    bool any_table = false;
    for (uint32_t s = 0; s < program->source_count; s++)
        if (program->sources[s].kind == KPI_SOURCE_TABLE) any_table = true;
    if (!any_table) return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) return NULL;
    const char *base = strrchr(path, '/');
    kpi_sql_options so = {.dialect = KPI_SQL_POSTGRES, .spec_name = base ? base + 1 : path};
    char error[256];
    int rc = kpi_sql_write(program, &so, out, error, sizeof error);
    if (fclose(out) != 0 || rc != 0) {
        free(text);
        return NULL;
    }
    return text;
}

kpi_cg_module *kpi_drv_compile_file(kpi_pipeline *p, const char *path, const kpi_drv_codegen *cg,
                                    bool with_main, const kpi_cg_table **api, int *status) {
    const kpi_program *program = kpi_pipeline_program(p, path, "compile", status);
    return program ? kpi_drv_lower_program(program, path, cg, with_main, api, status) : NULL;
}

kpi_cg_module *kpi_drv_lower_program(const kpi_program *program, const char *path, const kpi_drv_codegen *cg,
                                     bool with_main, const kpi_cg_table **api, int *status) {
    const kpi_cg_table *back = *api = kpi_drv_load_codegen();
    if (!back) {
        *status = KPI_EXIT_USAGE;
        return NULL;
    }
    kpi_cg_error err = {{0}};
    char *sql = engine_query(program, path);
    kpi_cg_options options = {
        .name = cg->name, .with_main = with_main, .triple = cg->triple, .cpu = cg->cpu, .sql_postgres = sql};
    kpi_cg_module *m = back->lower(program, &options, &err);
    free(sql); /* the module keeps its own copy */
    if (!m || !back->verify(m, &err) || !back->optimize(m, cg->opt_level, &err)) {
        kpi_drv_error(NULL, "%s: %s", path, err.message);
        if (m) back->dispose(m);
        *status = KPI_EXIT_USAGE;
        return NULL;
    }
    return m;
}
