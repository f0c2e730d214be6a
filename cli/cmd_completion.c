/* cmd_completion.c - portreg completion bash|zsh|fish: the shell completion
 * scripts, generated from the command table and the option tables
 * (cmd.h, cli.h), so that a new command or option completes without
 * anyone editing a script.  What completes:
 *   - commands (and `help COMMAND`), each command's options, --db anywhere;
 *   - option values: the words of CLI_OPT_CHOICE options (formats,
 *     transports, rule ids), file names for an argument named FILE or PATH,
 *     folders for one named DIR;
 *   - operands as cli_spec.operands names them: FILE gives file names,
 *     lowercase "add|modify" those words, "..." repeats the last.
 * The build writes the three scripts with this command and installs them. */
#include "cmd.h"

#include <ctype.h>
#include <string.h>

static const struct cli_option none[] = {CLI_OPT_END};

static const struct cli_spec help_spec = {
    "portreg help [COMMAND]", "", none, "COMMAND", NULL,
};

const struct cli_spec cmd_completion_spec = {
    "portreg completion bash|zsh|fish",
    "Print the completion script for a shell: commands, options, option\n"
    "values (formats, transports, rule ids) and file names.  Installed\n"
    "with portreg; to try it in the running shell:\n"
    "  bash:  source <(portreg completion bash)\n"
    "  zsh:   source <(portreg completion zsh)   (after compinit)\n"
    "  fish:  portreg completion fish | source",
    none, "bash|zsh|fish", NULL,
};

/* ---- the model: what each word completes to ---- */

enum kind { K_NONE, K_FILE, K_DIR, K_WORDS };

/* One operand position: file names and/or words. */
struct slot {
    int files;
    const char *word[8];
    size_t n;
};

/* A command's operands, parsed from its cli_spec.operands. */
struct operands {
    struct slot slot[6];
    size_t n;
    int repeat; /* the last slot repeats ("FILE...") */
    char buf[160];
};

/* "[FILE...]" "NAME | PORT[/PROTO]" "add|modify ID" "FILE|@db FILE|@db" */
static void parse_operands(const char *spec, struct operands *ops)
{
    char *p, *tok, *save = NULL;
    memset(ops, 0, sizeof *ops);
    if (!spec)
        return;
    /* drop brackets; " | " joins alternatives like "|" */
    size_t j = 0;
    for (const char *s = spec; *s && j + 1 < sizeof ops->buf; s++) {
        if (*s == '[' || *s == ']')
            continue;
        if (*s == ' ' && s[1] == '|' && s[2] == ' ') {
            ops->buf[j++] = '|';
            s += 2;
            continue;
        }
        ops->buf[j++] = *s;
    }
    ops->buf[j] = '\0';
    for (tok = strtok_r(ops->buf, " ", &save); tok && ops->n < sizeof ops->slot / sizeof *ops->slot;
         tok = strtok_r(NULL, " ", &save)) {
        struct slot *sl = &ops->slot[ops->n++];
        size_t len = strlen(tok);
        if (len > 3 && !strcmp(tok + len - 3, "...")) {
            tok[len - 3] = '\0';
            ops->repeat = 1;
        }
        char *alt, *save2 = NULL;
        for (alt = strtok_r(tok, "|", &save2); alt; alt = strtok_r(NULL, "|", &save2)) {
            int upper = 0;
            for (p = alt; *p; p++)
                upper |= isupper((unsigned char)*p);
            if (strstr(alt, "FILE"))
                sl->files = 1;
            else if (!upper && sl->n < sizeof sl->word / sizeof *sl->word)
                sl->word[sl->n++] = alt;
        }
    }
}

/* The lowercase alternatives of an option's argument name ("N|any|none":
 * any, none; "user|system"), space-separated, into buf; 0 when none. */
static size_t arg_words(const char *arg, char *buf, size_t size)
{
    size_t j = 0;
    const char *p = arg;
    buf[0] = '\0';
    while (p && *p) {
        size_t len = strcspn(p, "|");
        int lower = len > 0;
        for (size_t i = 0; i < len; i++)
            lower &= islower((unsigned char)p[i]) || p[i] == '-';
        if (lower && j + len + 2 < size) {
            if (j)
                buf[j++] = ' ';
            memcpy(buf + j, p, len);
            buf[j += len] = '\0';
        }
        p = p[len] ? p + len + 1 : NULL;
    }
    return j;
}

static enum kind value_kind(const struct cli_option *o)
{
    char buf[128];
    if (o->values || (o->arg && arg_words(o->arg, buf, sizeof buf)))
        return K_WORDS;
    if (o->arg && (strstr(o->arg, "FILE") || strstr(o->arg, "PATH")))
        return K_FILE;
    if (o->arg && strstr(o->arg, "DIR"))
        return K_DIR;
    return K_NONE;
}

/* Print s on one line (a newline becomes a space), each character of
 * `special` preceded by a backslash and each ' written as `quote` (the
 * shell's way to put one in '...'). */
static void put_escaped(const char *s, const char *special, const char *quote)
{
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\n')
            putchar(' ');
        else if (s[i] == '\'')
            fputs(quote, stdout);
        else if (strchr(special, s[i]))
            printf("\\%c", s[i]);
        else
            putchar(s[i]);
    }
}

/* The words of a K_WORDS option, space-separated. */
static void put_values(const struct cli_option *o)
{
    char buf[128];
    if (!o->values) {
        arg_words(o->arg, buf, sizeof buf);
        fputs(buf, stdout);
        return;
    }
    for (size_t i = 0; o->values(i); i++)
        printf("%s%s", i ? " " : "", o->values(i));
}

typedef void (*each_cmd_fn)(const char *name, const char *summary, const struct cli_spec *spec);

/* Every command of the table, then `help` (operands: the commands). */
static void each_command(each_cmd_fn fn)
{
    size_t n;
    const struct command *cmds = cli_commands(&n);
    for (size_t i = 0; i < n; i++)
        fn(cmds[i].name, cmds[i].summary, cmds[i].spec);
    fn("help", "show the help of portreg or of a command", &help_spec);
}

static void put_command_names(const char *sep)
{
    size_t n;
    const struct command *cmds = cli_commands(&n);
    for (size_t i = 0; i < n; i++)
        printf("%s%s", cmds[i].name, sep);
    printf("help");
}

/* The options of a command: its own, then --db; NULL spec: the global ones. */
typedef void (*each_opt_fn)(const struct cli_option *o);
static void each_option(const struct cli_spec *spec, each_opt_fn fn)
{
    const struct cli_option *o = spec ? spec->options : cli_global_options();
    for (; o && o->type != CLI_OPT_TYPE_END; o++)
        fn(o);
    if (spec && spec != &help_spec) /* help takes no options */
        for (o = cli_db_option(); o->type != CLI_OPT_TYPE_END; o++)
            fn(o);
}

/* ---- bash ---- */

static void bash_opt_words(const struct cli_option *o)
{
    printf(" --%s", o->long_name);
    if (o->short_name)
        printf(" -%c", o->short_name);
}

static void bash_opt_arg(const struct cli_option *o)
{
    if (!o->arg)
        return;
    printf("        ");
    if (o->short_name)
        printf("-%c|", o->short_name);
    printf("--%s) REPLY=", o->long_name);
    switch (value_kind(o)) {
    case K_FILE: printf("file"); break;
    case K_DIR: printf("dir"); break;
    case K_WORDS: printf("'words "); put_values(o); printf("'"); break;
    default: printf("none"); break;
    }
    printf(" ;;\n");
}

static void bash_slot(const struct slot *sl)
{
    printf("REPLY='%s", sl->files ? "file" : sl->n ? "words" : "none");
    for (size_t i = 0; i < sl->n; i++)
        printf(" %s", sl->word[i]);
    printf("'");
}

static void bash_cmd_opts(const char *name, const char *summary, const struct cli_spec *spec)
{
    (void)summary;
    printf("    %s) REPLY='--help -h", name);
    each_option(spec, bash_opt_words);
    printf("' ;;\n");
}

static void bash_cmd_args(const char *name, const char *summary, const struct cli_spec *spec)
{
    (void)summary;
    printf("    %s)\n        case $2 in\n", name);
    each_option(spec, bash_opt_arg);
    printf("        *) REPLY=flag ;;\n        esac ;;\n");
}

static void bash_cmd_operands(const char *name, const char *summary, const struct cli_spec *spec)
{
    struct operands ops;
    (void)summary;
    if (!strcmp(name, "help")) {
        printf("    help) case $2 in 0) REPLY='words ");
        put_command_names(" ");
        printf("' ;; *) REPLY=none ;; esac ;;\n");
        return;
    }
    parse_operands(spec->operands, &ops);
    if (!ops.n)
        return;
    printf("    %s)\n        case $2 in\n", name);
    for (size_t i = 0; i < ops.n; i++) {
        if (i + 1 == ops.n && ops.repeat)
            printf("        *) ");
        else
            printf("        %zu) ", i);
        bash_slot(&ops.slot[i]);
        printf(" ;;\n");
    }
    if (!ops.repeat)
        printf("        *) REPLY=none ;;\n");
    printf("        esac ;;\n");
}

static const char bash_main[] =
    "# _portreg_complete KIND CUR: add to COMPREPLY what KIND ('file W...',\n"
    "# 'dir', 'words W...' or 'none') offers for the word CUR.\n"
    "_portreg_complete()\n"
    "{\n"
    "    local kind=${1%% *} words=\n"
    "    [[ $1 == *' '* ]] && words=${1#* }\n"
    "    [[ -n $words ]] && mapfile -t -O \"${#COMPREPLY[@]}\" COMPREPLY < <(compgen -W \"$words\" -- \"$2\")\n"
    "    if [[ $kind == file || $kind == dir ]]; then\n"
    "        compopt -o filenames 2>/dev/null\n"
    "        mapfile -t -O \"${#COMPREPLY[@]}\" COMPREPLY < <(compgen -${kind:0:1} -- \"$2\")\n"
    "    fi\n"
    "    return 0\n"
    "}\n"
    "\n"
    "_portreg()\n"
    "{\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} prev= opt= cmd= w i=1 n=0 ddash= REPLY\n"
    "    COMPREPLY=()\n"
    "    # The words before the cursor: options (with their values), the\n"
    "    # command, its operands.  bash splits --opt=value at '='.\n"
    "    while (( i < COMP_CWORD )); do\n"
    "        w=${COMP_WORDS[i]}\n"
    "        if [[ -z $ddash && $w == -- ]]; then\n"
    "            ddash=1\n"
    "        elif [[ -z $ddash && $w == -?* ]]; then\n"
    "            _portreg_arg \"$cmd\" \"$w\"\n"
    "            if [[ $REPLY != flag ]]; then\n"
    "                [[ ${COMP_WORDS[i+1]} == = ]] && (( i++ ))\n"
    "                (( i++ ))\n"
    "            fi\n"
    "        elif [[ -z $cmd ]]; then\n"
    "            cmd=$w\n"
    "        else\n"
    "            (( n++ ))\n"
    "        fi\n"
    "        (( i++ ))\n"
    "    done\n"
    "    (( COMP_CWORD > 1 )) && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
    "    if [[ $cur == = && $prev == -?* ]]; then\n"
    "        opt=$prev cur=\n"
    "    elif [[ $prev == = ]] && (( COMP_CWORD > 2 )); then\n"
    "        opt=${COMP_WORDS[COMP_CWORD-2]}\n"
    "    elif [[ $prev == -?* ]]; then\n"
    "        opt=$prev\n"
    "    fi\n"
    "    if [[ -z $ddash && -n $opt ]]; then\n"
    "        _portreg_arg \"$cmd\" \"$opt\"\n"
    "        if [[ $REPLY != flag ]]; then\n"
    "            _portreg_complete \"$REPLY\" \"$cur\"\n"
    "            return 0\n"
    "        fi\n"
    "    fi\n"
    "    if [[ -z $ddash && $cur == -* ]]; then\n"
    "        _portreg_opts \"$cmd\"\n"
    "        _portreg_complete \"words $REPLY\" \"$cur\"\n"
    "    elif [[ -z $cmd ]]; then\n"
    "        _portreg_complete \"words $_portreg_commands\" \"$cur\"\n"
    "    else\n"
    "        REPLY=none\n"
    "        _portreg_operand \"$cmd\" \"$n\"\n"
    "        _portreg_complete \"$REPLY\" \"$cur\"\n"
    "    fi\n"
    "    return 0\n"
    "}\n"
    "complete -F _portreg portreg\n";

static void gen_bash(void)
{
    printf("# bash completion for portreg(1): commands, their options, option values\n"
           "# (formats, transports, rule ids) and file names.  Generated by\n"
           "# 'portreg completion bash' from portreg's option tables; do not edit.\n\n");
    printf("_portreg_commands='");
    put_command_names(" ");
    printf("'\n\n");
    printf("# _portreg_opts CMD: REPLY = the options of CMD ('': before the command).\n"
           "_portreg_opts()\n{\n    case $1 in\n    '') REPLY='--help -h");
    each_option(NULL, bash_opt_words);
    printf("' ;;\n");
    each_command(bash_cmd_opts);
    printf("    *) REPLY= ;;\n    esac\n}\n\n");

    printf("# _portreg_arg CMD OPTION: REPLY = what OPTION's value completes to\n"
           "# (file, 'words W...', none), or flag when it takes none.\n"
           "_portreg_arg()\n{\n    case $1 in\n    '')\n        case $2 in\n");
    each_option(NULL, bash_opt_arg);
    printf("        *) REPLY=flag ;;\n        esac ;;\n");
    each_command(bash_cmd_args);
    printf("    *) REPLY=flag ;;\n    esac\n}\n\n");

    printf("# _portreg_operand CMD N: REPLY = what CMD's operand N (from 0) completes to.\n"
           "_portreg_operand()\n{\n    case $1 in\n");
    each_command(bash_cmd_operands);
    printf("    *) REPLY=none ;;\n    esac\n}\n\n");
    fputs(bash_main, stdout);
}

/* ---- zsh ---- */

#define ZSH_Q "'\\''"

static void zsh_action(enum kind k, const struct cli_option *o)
{
    switch (k) {
    case K_FILE: printf("_files"); break;
    case K_DIR: printf("_files -/"); break;
    case K_WORDS: printf("("); put_values(o); printf(")"); break;
    default: printf(" "); break;
    }
}

static void zsh_opt(const struct cli_option *o)
{
    const char *sfx = o->arg ? "+" : "", *lsfx = o->arg ? "=" : "";
    printf(" \\\n    '");
    if (o->type == CLI_OPT_TYPE_STRING_LIST) /* repeatable */
        printf("*");
    else if (o->short_name)
        printf("(-%c --%s)", o->short_name, o->long_name);
    if (o->short_name)
        printf("'{-%c%s,--%s%s}'[", o->short_name, sfx, o->long_name, lsfx);
    else
        printf("--%s%s[", o->long_name, lsfx);
    put_escaped(o->help, "\\[]", ZSH_Q);
    printf("]");
    if (o->arg) {
        printf(":");
        put_escaped(o->arg, "\\:", ZSH_Q);
        printf(":");
        zsh_action(value_kind(o), o);
    }
    printf("'");
}

static void zsh_slot(const char *pos, const struct slot *sl)
{
    printf(" \\\n    '%s:operand:", pos);
    if (sl->files && sl->n) {
        printf("{compadd -- ");
        for (size_t i = 0; i < sl->n; i++)
            printf("%s ", sl->word[i]);
        printf("; _files}");
    } else if (sl->files) {
        printf("_files");
    } else if (sl->n) {
        printf("(");
        for (size_t i = 0; i < sl->n; i++)
            printf("%s%s", i ? " " : "", sl->word[i]);
        printf(")");
    } else {
        printf(" ");
    }
    printf("'");
}

static void zsh_cmd(const char *name, const char *summary, const struct cli_spec *spec)
{
    struct operands ops;
    (void)summary;
    printf("  (%s)\n    _arguments -S \\\n    '(- *)'{-h,--help}'[show this help]'", name);
    each_option(spec, zsh_opt);
    if (!strcmp(name, "help")) {
        printf(" \\\n    '1:command:(");
        put_command_names(" ");
        printf(")'");
    } else {
        parse_operands(spec->operands, &ops);
        for (size_t i = 0; i < ops.n; i++) {
            char pos[24]; /* a size_t in decimal fits */
            if (i + 1 == ops.n && ops.repeat)
                snprintf(pos, sizeof pos, "*");
            else
                snprintf(pos, sizeof pos, "%zu", i + 1);
            zsh_slot(pos, &ops.slot[i]);
        }
    }
    printf(" && ret=0 ;;\n");
}

static void zsh_describe(const char *name, const char *summary, const struct cli_spec *spec)
{
    (void)spec;
    printf("      '%s:", name);
    put_escaped(summary, "\\:", ZSH_Q);
    printf("'\n");
}

static void gen_zsh(void)
{
    printf("#compdef portreg\n"
           "# zsh completion for portreg(1): commands, their options, option values\n"
           "# (formats, transports, rule ids) and file names.  Generated by\n"
           "# 'portreg completion zsh' from portreg's option tables; do not edit.\n\n"
           "_portreg() {\n"
           "  local curcontext=$curcontext state state_descr line ret=1\n"
           "  local -A opt_args\n"
           "  _arguments -C \\\n    '(- *)'{-h,--help}'[show this help]'");
    each_option(NULL, zsh_opt);
    printf(" \\\n    '1:command:->command' \\\n    '*::argument:->argument' && ret=0\n"
           "  case $state in\n"
           "  (command)\n"
           "    local -a commands\n"
           "    commands=(\n");
    each_command(zsh_describe);
    printf("    )\n"
           "    _describe -t commands 'portreg command' commands && ret=0 ;;\n"
           "  (argument)\n"
           "    curcontext=${curcontext%%:*:*}:portreg-$words[1]:\n"
           "    case $words[1] in\n");
    each_command(zsh_cmd);
    printf("    esac ;;\n"
           "  esac\n"
           "  return ret\n"
           "}\n\n"
           "_portreg \"$@\"\n");
}

/* ---- fish ---- */

#define FISH_Q "\\'"

static void fish_valued(const struct cli_option *o)
{
    if (!o->arg)
        return;
    printf(" --%s", o->long_name);
    if (o->short_name)
        printf(" -%c", o->short_name);
}

static void fish_valued_cmd(const char *name, const char *summary, const struct cli_spec *spec)
{
    (void)summary;
    printf("        case %s\n            echo", name);
    each_option(spec, fish_valued);
    printf("\n");
}

static const char *fish_cond;

static void fish_opt(const struct cli_option *o)
{
    printf("complete -c portreg -n '%s'", fish_cond);
    if (o->short_name)
        printf(" -s %c", o->short_name);
    printf(" -l %s", o->long_name);
    if (o->arg) {
        switch (value_kind(o)) {
        case K_FILE: printf(" -r -F"); break;
        case K_DIR: printf(" -x -a '(__fish_complete_directories)'"); break;
        case K_WORDS: printf(" -x -a '"); put_values(o); printf("'"); break;
        default: printf(" -x"); break;
        }
    }
    printf(" -d '");
    put_escaped(o->help, "\\", FISH_Q);
    printf("'\n");
}

static void fish_cmd(const char *name, const char *summary, const struct cli_spec *spec)
{
    char cond[64];
    struct operands ops;
    printf("\n# %s\ncomplete -c portreg -n '__portreg_using -' -a %s -d '", name, name);
    put_escaped(summary, "\\", FISH_Q);
    printf("'\n");
    snprintf(cond, sizeof cond, "__portreg_using %s", name);
    fish_cond = cond;
    each_option(spec, fish_opt);
    if (!strcmp(name, "help")) {
        printf("complete -c portreg -n '__portreg_using help 0' -a '");
        put_command_names(" ");
        printf("'\n");
        return;
    }
    parse_operands(spec->operands, &ops);
    for (size_t i = 0; i < ops.n; i++) {
        const struct slot *sl = &ops.slot[i];
        if (!sl->files && !sl->n)
            continue;
        printf("complete -c portreg -n '__portreg_using %s", name);
        if (!(i + 1 == ops.n && ops.repeat))
            printf(" %zu", i);
        printf("'%s", sl->files ? " -F" : "");
        if (sl->n) {
            printf(" -a '");
            for (size_t k = 0; k < sl->n; k++)
                printf("%s%s", k ? " " : "", sl->word[k]);
            printf("'");
        }
        printf("\n");
    }
}

static const char fish_state[] =
    "# __portreg_using CMD [N]: the command on the line is CMD ('-': none yet)\n"
    "# and, given N, N operands come before the cursor.\n"
    "function __portreg_using\n"
    "    set -l words (commandline -opc)\n"
    "    set -e words[1]\n"
    "    set -l cmd -\n"
    "    set -l n 0\n"
    "    set -l skip 0\n"
    "    set -l ddash 0\n"
    "    for w in $words\n"
    "        if test $skip = 1\n"
    "            set skip 0\n"
    "        else if test $ddash = 0; and test \"$w\" = --\n"
    "            set ddash 1\n"
    "        else if test $ddash = 0; and string match -qr -- '^-.' $w\n"
    "            contains -- (string split -m1 = -- $w)[1] (__portreg_valued $cmd)\n"
    "            and not string match -q -- '*=*' $w\n"
    "            and set skip 1\n"
    "        else if test $cmd = -\n"
    "            set cmd $w\n"
    "        else\n"
    "            set n (math $n + 1)\n"
    "        end\n"
    "    end\n"
    "    test $cmd = $argv[1]; or return 1\n"
    "    test (count $argv) -lt 2; or test $n = $argv[2]\n"
    "end\n";

static void gen_fish(void)
{
    printf("# fish completion for portreg(1): commands, their options, option values\n"
           "# (formats, transports, rule ids) and file names.  Generated by\n"
           "# 'portreg completion fish' from portreg's option tables; do not edit.\n\n"
           "# __portreg_valued CMD: the options of CMD that take a value.\n"
           "function __portreg_valued\n    switch $argv[1]\n        case -\n            echo");
    each_option(NULL, fish_valued);
    printf("\n");
    each_command(fish_valued_cmd);
    printf("    end\nend\n\n%s\n", fish_state);
    printf("complete -c portreg -f\n");
    fish_cond = "__portreg_using -";
    each_option(NULL, fish_opt);
    printf("complete -c portreg -n '__portreg_using -' -s h -l help -d 'show the help'\n");
    each_command(fish_cmd);
}

int cmd_completion(struct cli *c, int argc, char **argv)
{
    (void)c;
    if (argc != 2) {
        cli_errorf("completion: %s (bash, zsh or fish)", argc < 2 ? "which shell?" : "one shell at a time");
        return EXIT_ERROR;
    }
    if (!strcmp(argv[1], "bash")) {
        gen_bash();
    } else if (!strcmp(argv[1], "zsh")) {
        gen_zsh();
    } else if (!strcmp(argv[1], "fish")) {
        gen_fish();
    } else {
        cli_errorf("completion: unknown shell '%s' (expected bash, zsh or fish)", argv[1]);
        return EXIT_ERROR;
    }
    return EXIT_OK;
}
