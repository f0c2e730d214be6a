/* port_range.h - the bounds of the port ranges of RFC 6335 §6: System
 * Ports 0-1023, User Ports 1024-49151, Dynamic Ports 49152-65535.  Every
 * bound in portreg comes from here; pr_port_range() (registry.h) classifies
 * a port by them.  Public: included by registry.h. */
#ifndef PORTREG_PORT_RANGE_H
#define PORTREG_PORT_RANGE_H

#define PR_PORT_SYSTEM_MAX  1023
#define PR_PORT_USER_MIN    1024
#define PR_PORT_USER_MAX    49151
#define PR_PORT_DYNAMIC_MIN 49152
#define PR_PORT_MAX         65535
#define PR_PORT_COUNT       (PR_PORT_MAX + 1) /* entries of a per-port map */

/* A bound as a string literal, for messages and letters:
 * "within 0-" PR_PORT_STR(PR_PORT_MAX) is "within 0-65535". */
#define PR_PORT_STR_(n) #n
#define PR_PORT_STR(n)  PR_PORT_STR_(n)

#endif
