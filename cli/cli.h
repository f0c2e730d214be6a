/* cli.h - shared by the front end's subcommands: the command context, a
 * small option parser that also prints --help, and output helpers. */
#ifndef PORTREG_CLI_H
#define PORTREG_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "importers.h"
#include "registry.h"

/* Exit codes (grep/diff conventions; see README). */
enum { EXIT_OK = 0, EXIT_NOMATCH = 1, EXIT_ERROR = 2, EXIT_REJECT = 3 };

struct cli_env;

struct cli {
    const char *prog;    /* "portreg" */
    const char *db_path; /* resolved database path */
    pr_store *store;     /* opened by the dispatcher per the command's flags */
    const struct cli_env *env; /* the checked environment (settings.c): store
                                  settings, export's source date */
};

/* A read-only command whose options make it write (review --reject): open
 * the database again, read-write, with the same settings.  0 or -1
 * (printed). */
int cli_store_writable(struct cli *c);

/* ---- options ----
 * Each command has a table that binds its options to variables (git's
 * parse-options, libgit2's cli_opt_spec): the same table parses argv with
 * typed values, prints --help and feeds `portreg --list-options` (shell
 * completion, man-page checks).  The variables are the command file's
 * statics; their initializers are the defaults (portreg runs one command
 * per process).
 *
 *   static int json;
 *   static long limit;
 *   static const struct cli_option options[] = {
 *       CLI_OPT_BOOL(0, "json", &json, "print JSON"),
 *       CLI_OPT_LONG(0, "limit", &limit, "N", 1, LONG_MAX, "stop after N records"),
 *       CLI_OPT_END
 *   };
 *   const struct cli_spec cmd_foo_spec = {"portreg foo [--json] [--limit N]",
 *                                         "What foo does.", options, NULL};
 *
 * Long names match exactly (no abbreviations); "--name=value", "--name
 * value", "-x value" and "-xvalue" give a value; "--" ends the options. */
enum cli_opt_type {
    CLI_OPT_TYPE_END,
    CLI_OPT_TYPE_BOOL,        /* int *: set to 1 */
    CLI_OPT_TYPE_STRING,      /* const char **: the argument (last one wins) */
    CLI_OPT_TYPE_INT,         /* int *: a number within [min, max] */
    CLI_OPT_TYPE_LONG,        /* long *: a number within [min, max] */
    CLI_OPT_TYPE_STRING_LIST, /* struct cli_strings *: every argument, in order */
    CLI_OPT_TYPE_CALLBACK     /* cb(opt, cmd, arg) parses into value */
};

struct cli_option;
/* The i-th word an option's value may be, NULL past the last (CHOICE). */
typedef const char *(*cli_opt_values)(size_t i);
/* Parse arg into opt->value; print the error (prefixed "CMD: ") and return
 * -1 when it is not acceptable. */
typedef int (*cli_opt_cb)(const struct cli_option *opt, const char *cmd, const char *arg);

struct cli_option {
    enum cli_opt_type type;
    char short_name;       /* 0 for none */
    const char *long_name; /* without "--" */
    void *value;           /* the bound variable (type per enum cli_opt_type) */
    const char *arg;       /* the value's name in --help ("N", "FILE"); NULL: a flag */
    const char *help;      /* one line; '\n' continues it under the first */
    long min, max;         /* INT, LONG: the accepted range */
    cli_opt_cb cb;         /* CALLBACK */
    cli_opt_values values; /* the words the value may be (shell completion),
                              or NULL: free text.  Without it, completion
                              offers an arg's lowercase alternatives
                              ("N|any|none": any, none), file names
                              for an arg naming a FILE or a PATH,
                              folders for a DIR */
};

/* Repeatable options: the arguments in order (borrowed from argv). */
struct cli_strings {
    const char **v;
    size_t n, cap;
};

/* The typed pointer checks catch a variable of the wrong type at compile
 * time (a pointer type mismatch in the conditional expression). */
#define CLI_OPT_PTR_(type, v) ((void *)(1 ? (v) : (type *)0))
#define CLI_OPT_BOOL(s, l, v, h) \
    {CLI_OPT_TYPE_BOOL, (s), (l), CLI_OPT_PTR_(int, v), NULL, (h), 0, 0, NULL, NULL}
#define CLI_OPT_STRING(s, l, v, a, h) \
    {CLI_OPT_TYPE_STRING, (s), (l), CLI_OPT_PTR_(const char *, v), (a), (h), 0, 0, NULL, NULL}
/* A string that is one of the words values(0), values(1)... (completion
 * offers them; the command still checks the value). */
#define CLI_OPT_CHOICE(s, l, v, a, values, h) \
    {CLI_OPT_TYPE_STRING, (s), (l), CLI_OPT_PTR_(const char *, v), (a), (h), 0, 0, NULL, (values)}
#define CLI_OPT_INT(s, l, v, a, lo, hi, h) \
    {CLI_OPT_TYPE_INT, (s), (l), CLI_OPT_PTR_(int, v), (a), (h), (lo), (hi), NULL, NULL}
#define CLI_OPT_LONG(s, l, v, a, lo, hi, h) \
    {CLI_OPT_TYPE_LONG, (s), (l), CLI_OPT_PTR_(long, v), (a), (h), (lo), (hi), NULL, NULL}
#define CLI_OPT_STRING_LIST(s, l, v, a, h) \
    {CLI_OPT_TYPE_STRING_LIST, (s), (l), CLI_OPT_PTR_(struct cli_strings, v), (a), (h), 0, 0, NULL, NULL}
#define CLI_OPT_CALLBACK(s, l, v, a, cb, h) \
    {CLI_OPT_TYPE_CALLBACK, (s), (l), (v), (a), (h), 0, 0, (cb), NULL}
#define CLI_OPT_CALLBACK_CHOICE(s, l, v, a, cb, values, h) \
    {CLI_OPT_TYPE_CALLBACK, (s), (l), (v), (a), (h), 0, 0, (cb), (values)}
#define CLI_OPT_END {CLI_OPT_TYPE_END, 0, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL}

/* A command's synopsis, description and options: what --help prints. */
struct cli_spec {
    const char *usage;                 /* after "usage: "; may hold "\n       " lines */
    const char *about;                 /* paragraph(s) under it */
    const struct cli_option *options;  /* ends with CLI_OPT_END; NULL: none */
    const char *operands;              /* the positional arguments ("FILE...",
                                          "NAME | PORT"), NULL: none taken.
                                          Completion reads it: a word naming
                                          a FILE completes file names,
                                          lowercase "add|modify" those
                                          words, "..." repeats the last */
    void (*more_help)(FILE *f);        /* printed after the description, or NULL */
};

enum { CLI_PARSE_ERR = -1, CLI_PARSE_HELP = -2 };
enum { CLI_PARSE_STOP_AT_OPERAND = 1 }; /* stop at the first operand (global options) */

/* Parse argv[1..argc-1] against spec->options and then extra (options
 * every command takes, e.g. --db; may be NULL).  Operands are moved, in
 * order, to argv[1..]; returns 1 + their number (the new argc; with
 * CLI_PARSE_STOP_AT_OPERAND the index of the first one, argv unchanged).
 * CLI_PARSE_HELP: -h or --help was given (nothing printed);
 * CLI_PARSE_ERR: the message is printed ("CMD: ..."; cmd may be NULL). */
int cli_parse(const char *cmd, const struct cli_spec *spec, const struct cli_option *extra,
              int argc, char **argv, int flags);
/* Print "usage: ...", the description and the option table. */
void cli_help(FILE *f, const struct cli_spec *spec);
/* Free what the parse allocated (string lists) and forget their values. */
void cli_options_release(const struct cli_option *opts);
/* Callbacks for CLI_OPT_CALLBACK: a port number 0-65535 into an int;
 * "user" or "system" into an enum pr_range. */
int cli_opt_port(const struct cli_option *opt, const char *cmd, const char *arg);
int cli_opt_range(const struct cli_option *opt, const char *cmd, const char *arg);
/* Values for CLI_OPT_CHOICE: the transports (tcp, udp, sctp, dccp). */
const char *cli_values_transport(size_t i);
/* Parse a port number argument; prints the error.  0 or -1. */
int cli_parse_port(const char *cmd, const char *s, int *port);
/* One line per option: CMD TAB --LONG TAB ARG TAB -S TAB HELP (first line). */
void cli_list_options(FILE *f, const char *cmd, const struct cli_option *opts);

/* ---- the environment (settings.c) ---- */
struct cli_env {
    long long now;         /* $PORTREG_NOW, or PR_CLOCK_SYSTEM */
    const char *author;    /* $PORTREG_USER, else $LOGNAME; NULL: the login name */
    const char *author_from; /* which of the two, for messages */
    long commit_delay_ms;  /* $PORTREG_TEST_COMMIT_DELAY_MS */
    long busy_ms;          /* $PORTREG_TEST_BUSY_MS, or -1 */
    int has_source_date;   /* $SOURCE_DATE_EPOCH is set: */
    long long source_date_epoch; /* the time files written get (export) */
    long export_delay_ms;  /* $PORTREG_TEST_EXPORT_DELAY_MS */
    int commit_signal;     /* $PORTREG_TEST_COMMIT_SIGNAL: the signal, 0 */
    int commit_signal_after; /* ... and whether after the COMMIT */
};
/* Read and check the variables that become store settings; prints the
 * error ("invalid PORTREG_NOW '...'") and returns -1 on a bad one. */
int cli_env_read(struct cli_env *e);
/* Hand them to a freshly opened store.  0 or -1 (printed). */
int cli_env_apply(const struct cli_env *e, pr_store *s);
/* $PORTREG_DB, else $XDG_DATA_HOME/portreg/registry.db, else
 * ~/.local/share/portreg/registry.db; malloc'd (NULL when out of memory). */
char *cli_default_db_path(void);

/* ---- what a services file answers (check_out.c) ----
 * Collect pr_check_items (cli_check_collect is a pr_check_cb that copies
 * them), then print them as compare and export --check do. */
struct cli_check {
    struct pr_check_item *v;
    size_t n, cap;
    char **strs; /* copies of the strings the items point to */
    size_t n_strs, cap_strs;
    int oom;
};
int cli_check_collect(const struct pr_check_item *it, void *ud);
void cli_check_release(struct cli_check *c);
/* The sections "shadowed:", "long lines:", "unreadable:" (the empty ones
 * left out; a blank line before each, before the first too with
 * blank_first).  Returns whether anything was printed. */
int cli_check_print_text(const struct cli_check *c, int width, int blank_first);
/* ',\n "shadowed": [...],\n "long_lines": [...],\n "unreadable": [...]'. */
void cli_check_print_json(const struct cli_check *c);
/* "2 shadowed names, 3 shadowed ports, 0 lines over 127 bytes, 0
 * unreadable names" (no line break). */
void cli_check_summary(const struct pr_check_counts *k, int width);

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
/* A fraction (0..1) as a percentage with significant digits: "20.87%",
 * "0.0038%", "0%"; into buf, which is returned. */
const char *cli_percent(double fraction, char *buf, size_t len);

#endif
