/* fuzz_services.c - fuzz harness for pr_services_read (importers/): every record passes
 * fuzz_check_record, every person has an id, every observation a port,
 * a transport and a frequency within 0..1; a refusal has a code, a
 * one-line message and the file (support.c, fuzz_read_checked). */
#include "fuzz.h"
#include "importers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read_checked(pr_services_read, data, size);
    return 0;
}
