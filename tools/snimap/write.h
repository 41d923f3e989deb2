/* write.h: replacing snimap's block of a configuration file, or a whole map, in place. */
#ifndef SNIMAP_WRITE_H
#define SNIMAP_WRITE_H

#include <stddef.h>
#include <sys/types.h>

/* Replace path's "# BEGIN snimap" .. "# END snimap" block with block (appended when there
 * is none) through katomic; force_mode: the mode is set even when the file exists (a map
 * holds key paths). Returns 0, or -1 with a message printed and the file unchanged. */
int write_block(const char *path, const char *block, size_t blen, mode_t mode, int force_mode);

#endif
