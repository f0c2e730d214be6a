/* test_services_aliases.c - which registry records become which
 * services(5) lines (tests/data/services-aliases.xml): a name with blanks
 * left out (and named by the check), "a duplicate of the "X" service" and
 * "a replacement for "X"" as aliases of one line (not an empty "X"), a record twice written
 * once, names lowercased, a range as its first port or, expanded, one line
 * per port; the transports filter. */
#include "check_store.h"

#include <fcntl.h>

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

static char *services_local(const char *protocols, const char **files, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    pr_error err = {0};
    struct pr_export_opts o = {.protocols = protocols, .local = files, .n_local = n};
    FILE *f = open_memstream(&buf, &len);
    CHECK_INT(pr_services_write(s, f, &o, &err), 0);
    fclose(f);
    char *body = buf ? strstr(buf, ":\n#   ") : NULL; /* after the header's file list */
    body = body ? strstr(body, "\n\n") : NULL;
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

    /* Local lines: one with a registry line's name, port and transport
     * replaces it (its aliases and comment kept), one naming an alias
     * goes before the line that holds it, new ones go in port order; the
     * transports filter applies to them too. */
    char path[] = "/tmp/portreg-local-XXXXXX";
    int fd = mkstemp(path);
    static const char local[] = "primary 5001/udp myalias\nnew-local 6000/tcp nl # Local thing\n"
                                "old_name 5002/tcp\nranged 5004/sctp\n";
    CHECK(fd >= 0 && write(fd, local, sizeof local - 1) == (ssize_t)(sizeof local - 1));
    close(fd);
    const char *files[] = {path};
    out = services_local(NULL, files, 1);
    CHECK_STR(out, "net-assistant\t3283/tcp\t\t\t# Net Assistant\n"
                   "primary\t\t5001/udp\tmyalias second\t# The primary\n"
                   "old_name\t5002/tcp\n"
                   "new-name\t5002/tcp\told_name\t# Daemon\n"
                   "ranged\t\t5004/sctp\n"
                   "ranged\t\t5003/sctp\t\t\t# A range (ports 5003-5005)\n"
                   "dccp-only\t5006/dccp\t\t\t# D\n"
                   "emptyq\t\t5007/tcp\t\t\t# E\n"
                   "new-local\t6000/tcp\tnl\t\t# Local thing\n");
    free(out);
    out = services_local("udp", files, 1);
    CHECK_STR(out, "primary\t\t5001/udp\tmyalias second\t# The primary\n");
    free(out);
    /* A local line with a transport IANA does not assign, or a port past
     * 65535: refused by file and line, nothing written. */
    static const char *const bad[] = {"x 7000/tcp\nx 7000/ddp\n", "x 7000/tcp\ny 70000/tcp\n"};
    static const char *const why[] = {"unknown transport 'ddp' (expected tcp, udp, sctp or dccp)",
                                      "port '70000' out of range (0-65535)"};
    for (size_t i = 0; i < 2; i++) {
        fd = open(path, O_WRONLY | O_TRUNC);
        CHECK(fd >= 0 && write(fd, bad[i], strlen(bad[i])) == (ssize_t)strlen(bad[i]));
        close(fd);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        struct pr_export_opts lo = {.local = files, .n_local = 1};
        pr_error err = {0};
        CHECK_INT(pr_services_write(s, f, &lo, &err), PR_EPARSE);
        fclose(f);
        CHECK_STR(err.file, path);
        CHECK_INT(err.line, 2);
        CHECK(strstr(err.msg, why[i]) != NULL);
        CHECK_STR(buf, "");
        free(buf);
    }
    unlink(path);

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
