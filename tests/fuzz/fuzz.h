/* fuzz.h - shared by the fuzz harnesses (tests/fuzz/fuzz_<parser>.c).
 *
 * Each harness defines LLVMFuzzerTestOneInput (and may define
 * LLVMFuzzerInitialize).  It is linked two ways: with libFuzzer
 * (clang -fsanitize=fuzzer, `make fuzz`) to search for crashes, and with
 * replay_main.c (any compiler, normal ctest) to run the seeds and every
 * kept crash input (tests/fuzz/regress/<harness>/) as regression tests.
 * A harness abort()s (via FUZZ_ASSERT) when an invariant of the parser
 * does not hold, so a wrong answer counts as a crash too. */
#ifndef PORTREG_FUZZ_H
#define PORTREG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_ASSERT(cond)                                                    \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                         \
        }                                                                    \
    } while (0)

/* A scratch file holding the current input, for readers that take a path.
 * Created once per process (in $TMPDIR, else /tmp), removed at exit. */
const char *fuzz_input_file(const uint8_t *data, size_t size);
/* The same with a second file (slot 1) for a harness that needs two. */
const char *fuzz_scratch_file(int slot, const uint8_t *data, size_t size);

/* tests/data/sample.xml imported into an in-memory database, made on the
 * first call and kept for the process. */
pr_store *fuzz_sample_store(void);

/* What any reader's record must satisfy: a valid protocol when there is
 * one, a port range that parses and matches port_lo/port_hi, layout codes
 * of registry.h with one 'x' per top-level xref and one 'N' per note, and
 * a deep copy that renders as JSON.  Aborts otherwise. */
void fuzz_check_record(const struct pr_record *r);

/* Run a reader (pr_csv_read, pr_services_read ...) on the input through a
 * sink that checks what it gets: records (fuzz_check_record), people (an
 * id), observations (a port, a transport, a frequency within 0..1); a
 * refusal must have a code, a one-line message and the file. */
void fuzz_read_checked(int (*read)(const char *, struct pr_sink *, pr_error *),
                       const uint8_t *data, size_t size);

#endif
