/* test_services_aliases.c - which registry records become which
 * services(5) lines (tests/data/services-aliases.xml): a name with blanks
 * left out (and named by the check), "a duplicate of the "X" service" and
 * "a replacement for "X"" as aliases of one line (not an empty "X"), a record twice written
 * once, names lowercased, a range as its first port or, expanded, one line
 * per port; the transports filter. */
#include "check_store.h"

static pr_store *s;

static char *services(const char *protocols, int expand)
{
    char *buf = NULL;
    size_t len = 0;
    pr_error err = {0};
    struct pr_export_opts o = {.protocols = protocols, .expand_ranges = expand};
    FILE *f = open_memstream(&buf, &len);
    CHECK_INT(pr_services_write(s, f, &o, &err), 0);
    fclose(f);
    /* the lines after the header's blank line */
    char *body = buf ? strstr(buf, "\n\n") : NULL;
    char *out = strdup(body ? body + 2 : "");
    free(buf);
    return out;
}

static int on_item(const struct pr_check_item *it, void *ud)
{
    char *seen = ud;
    snprintf(seen + strlen(seen), 256 - strlen(seen), "%d:%s %d/%s;", it->kind,
             it->name ? it->name : "", it->port, it->protocol ? it->protocol : "");
    return 0;
}

int main(void)
{
    char *db;
    s = check_store(PR_TESTDATA "/services-aliases.xml", &db);
    char *out = services(NULL, 0);
    CHECK_STR(out, "net-assistant\t3283/tcp\t\t\t# Net Assistant\n"
                   "primary\t\t5001/udp\tsecond\t\t# The primary\n"
                   "new-name\t5002/tcp\told_name\t# Daemon\n"
                   "ranged\t\t5003/sctp\t\t\t# A range (ports 5003-5005)\n"
                   "dccp-only\t5006/dccp\t\t\t# D\n"
                   "emptyq\t\t5007/tcp\t\t\t# E\n");
    free(out);
    out = services("tcp,sctp", 1);
    CHECK_STR(out, "net-assistant\t3283/tcp\t\t\t# Net Assistant\n"
                   "new-name\t5002/tcp\told_name\t# Daemon\n"
                   "ranged\t\t5003/sctp\t\t\t# A range\n"
                   "ranged\t\t5004/sctp\t\t\t# A range\n"
                   "ranged\t\t5005/sctp\t\t\t# A range\n"
                   "emptyq\t\t5007/tcp\t\t\t# E\n");
    free(out);
    out = services("sctp,udp", 0); /* "tcp" is neither */
    CHECK_STR(out, "primary\t\t5001/udp\tsecond\t\t# The primary\n"
                   "ranged\t\t5003/sctp\t\t\t# A range (ports 5003-5005)\n");
    free(out);

    /* The check names the name services(5) cannot hold. */
    char seen[256] = "";
    struct pr_export_opts o = {0};
    pr_error err = {0};
    struct pr_check_counts counts = {0};
    CHECK_INT(pr_services_check_export(s, &o, PR_CHECK_WIDTH, on_item, seen, &counts, &err), 0);
    CHECK(strstr(seen, "Apple Remote Desktop (Net Assistant) 3283/tcp;") != NULL);
    CHECK_INT(counts.unreadable, 1);
    CHECK_INT(counts.lines, 6);
    CHECK_INT(counts.shadowed_names + counts.shadowed_ports + counts.long_lines, 0);
    pr_store_free(s);
    check_rmdb(db);
    return check_status();
}
