/* input_file.h - private to libportreg: opening an input file (registry,
 * services, nmap-services and request files) so that no path can hang or
 * trick a reader: a FIFO without a writer, a device, a folder. */
#ifndef PORTREG_INPUT_FILE_H
#define PORTREG_INPUT_FILE_H

#include <stdio.h>

#include "registry.h"

/* Open path for reading as a stream (mode "r" or "rb"): the open does not
 * block (O_NONBLOCK, then cleared), and anything but a regular file is
 * refused, "FILE: not a regular file".  0 or PR_EIO naming the file. */
int pr_input_open(const char *path, const char *mode, FILE **out, pr_error *err);

#endif
