/* cli.h - shared by the front end's subcommands: the command context, a
 * small option parser that also prints --help, and output helpers. */
#ifndef PORTREG_CLI_H
#define PORTREG_CLI_H

#include <stdio.h>

#include "importers.h"
#include "registry.h"

/* Exit codes (grep/diff conventions; see README). */
enum { EXIT_OK = 0, EXIT_NOMATCH = 1, EXIT_ERROR = 2, EXIT_REJECT = 3 };

struct cli {
    const char *prog;    /* "portreg" */
    const char *db_path; /* resolved database path */
    pr_store *store;     /* opened by the dispatcher per the command's flags */
};

/* ---- options ---- */
struct cli_opt {
    const char *name;  /* long name without "--" */
    char shrt;         /* short letter or 0 */
    const char *arg;   /* argument name, NULL for a flag */
    const char *help;
};

enum { CLI_POS = -1, CLI_END = -2, CLI_ERR = -3, CLI_HELP = -4 };

struct cli_parser {
    int argc;
    char **argv;
    int i;
    const struct cli_opt *opts;
    const char *cmd;   /* for messages */
    const char *value; /* option argument or positional */
    int no_more_opts;
};

void cli_parser_init(struct cli_parser *p, const char *cmd, const struct cli_opt *opts,
                     int argc, char **argv);
/* Next option index (>= 0), CLI_POS (value = the argument), CLI_END,
 * CLI_HELP (--help/-h), or CLI_ERR (message already printed). */
int cli_next(struct cli_parser *p);
void cli_usage(FILE *f, const char *usage, const char *about, const struct cli_opt *opts);

/* ---- messages ---- */
/* "portreg: FILE:LINE: message" on stderr. */
void cli_error(const pr_error *e);
void cli_errorf(const char *fmt, ...) PR_PRINTF(1, 2);
void cli_warnf(const char *fmt, ...) PR_PRINTF(1, 2);
/* "portreg: message" on stderr, for notes that are not errors. */
void cli_notef(const char *fmt, ...) PR_PRINTF(1, 2);
/* All three pass the message through the output gate (pr_text_safe): it
 * may quote file names, arguments and database text freely. */

/* ---- the output gate on stdout ---- */
/* From here on everything written to stdout passes pr_text_safe (line
 * feeds and tabs kept) before it reaches the real stdout.  0, or -1 when
 * the gate could not be set up (stdout is then left as it was). */
int cli_out_gate(void);
/* Flush stdout (through the gate and the gate itself); -1 when anything
 * written could not be (a full disk, a closed pipe). */
int cli_out_finish(void);

/* ---- output ---- */
/* Copy of s with runs of white space folded to one space, trimmed. */
char *cli_fold(const char *s);
/* Terminal width of (the real) stdout, 0 when not a terminal. */
int cli_width(void);
/* Print s truncated to width display columns (UTF-8 aware; 0 = no limit). */
void cli_put_trunc(FILE *f, const char *s, int width);
int cli_utf8_width(const char *s);

#endif
