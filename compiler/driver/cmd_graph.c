/*
** cmd_graph.c: `kpic graph [options] FILE`: the metric and driver tree of a
** goals file as Graphviz DOT, a Mermaid flowchart or an indented text tree.
**
** The file is checked like `kpic check` does (same diagnostics on stderr);
** only a file without errors is drawn, since the graph is made from the
** checked program (compiler/graph). `--draft` turns SMART errors into
** warnings, so a goal still being written can be drawn too.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "driver.h"
#include "graph/graph.h"
#include "pipeline.h"

static const char *const graph_option_names[] = {"--format", "--output", "--help", "-o", NULL};

typedef struct graph_args {
    kpi_graph_format format;
    const char *output;
} graph_args;

/* --format dot|mermaid and -o FILE; 1 when taken, 0 when not ours, -1 after an error. */
static int graph_option(void *state, int argc, char **argv, int *i) {
    graph_args *g = state;
    const char *arg = argv[*i];
    const char *value = NULL;
    bool is_format = strncmp(arg, "--format", 8) == 0 && (arg[8] == '=' || arg[8] == '\0');
    bool is_output =
        strcmp(arg, "-o") == 0 || (strncmp(arg, "--output", 8) == 0 && (arg[8] == '=' || arg[8] == '\0'));
    if (!is_format && !is_output) return 0;
    const char *eq = strchr(arg, '=');
    if (eq && arg[1] == '-') {
        value = eq + 1;
    } else if (*i + 1 < argc) {
        value = argv[++*i];
    } else {
        kpi_drv_error("graph", "%s needs a value", arg);
        return -1;
    }
    if (is_output) {
        g->output = value;
        return 1;
    }
    if (kpi_graph_format_parse(value, &g->format) != 0) {
        kpi_drv_error("graph", "unknown graph format '%s'; use --format=dot, mermaid or text", value);
        return -1;
    }
    return 1;
}

static int run_graph(int argc, char **argv) {
    kpi_drv_options o;
    kpi_drv_options_init(&o, argc);
    graph_args g = {KPI_GRAPH_DOT, NULL};
    int status = KPI_EXIT_USAGE;

    if (!kpi_drv_parse_args(&o, &kpi_cmd_graph, argc, argv, graph_option, &g, graph_option_names, &status))
        goto done;
    if (o.file_count != 1) {
        kpi_drv_error("graph", o.file_count ? "one input file at a time" : "no input file");
        goto done;
    }

    kpi_pipeline p;
    kpi_pipeline_init(&p, &o);
    const kpi_program *program = kpi_pipeline_program(&p, o.files[0], "draw", &status);
    if (program) {
        const char *output = g.output;
        FILE *out = output ? fopen(output, "w") : stdout;
        if (!out) {
            kpi_drv_error(NULL, "cannot write '%s': %s", output, strerror(errno));
            status = KPI_EXIT_USAGE;
        } else {
            int rc = kpi_graph_write(&p.session.arena, program, g.format, out);
            if (output && fclose(out) != 0) rc = -1;
            if (rc != 0) {
                kpi_drv_error(NULL, "cannot write '%s': %s", output ? output : "standard output",
                              strerror(errno));
                status = KPI_EXIT_USAGE;
            }
        }
    }
    kpi_pipeline_free(&p);
done:
    kpi_drv_options_free(&o);
    return status;
}

const kpi_command kpi_cmd_graph = {
    "graph",
    "draw the metric and driver tree (Graphviz DOT, Mermaid, text)",
    "usage: kpic graph [options] FILE\n"
    "\n"
    "Checks FILE and prints its goals, driver sub-goals, metrics and the formulas\n"
    "linking them as a graph: edges go from a driver to the goal it drives, from a\n"
    "goal to its metric (dashed), and from each metric a formula reads to the\n"
    "derived metric, labelled with the operator it enters with (+ - * /).\n"
    "Render DOT with Graphviz (kpic graph goals.kpi | dot -Tsvg > tree.svg) or\n"
    "paste Mermaid into Markdown; text is an indented tree for the terminal.\n"
    "Nothing is drawn when FILE has errors.\n"
    "Exit status: 0 drawn, 1 FILE has errors, 2 usage or I/O problem.\n"
    "\n"
    "Options:\n"
    "  --format=dot|mermaid|text graph syntax (default dot)\n"
    "  -o FILE, --output=FILE    write the graph to FILE instead of standard output\n"
    "  --draft                   SMART errors become warnings, so drafts can be drawn\n"
    "  --color=auto|always|never colour the diagnostics\n"
    "  -Werror, -Wno-CODE, -w    warning options, as for 'kpic check'\n"
    "  -I DIR                    search DIR for imported modules\n"
    "  --max-errors=N            stop listing errors after N (default 50, 0 = all)\n"
    "\n"
    "See docs/dashboard.md for the shapes and labels.\n",
    run_graph,
    NULL, /* no evaluator flags in its help */
};
