/* The team database is named, not pathed (SPEC §7 "Team database
 * security").  While escalate runs set-id, the team directory is opened once
 * (O_DIRECTORY | O_NOFOLLOW) and checked through that descriptor, the name
 * the user gives is a bare file name of an existing database in it, never a
 * sidecar (-wal, -shm, -journal), and SQLite is given a path escalate built
 * itself from the configured directory and that name. */
#ifndef ESCALATE_TEAM_H
#define ESCALATE_TEAM_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/error.h"

/* given: NULL (the default, escalate.db), a bare name ("guard.db"), or
 * team_dir + "/" + a bare name.  The name is 1..128 of [A-Za-z0-9._-],
 * not starting with '.', ending in ".db".  The directory must be a real
 * directory (not a symlink) owned by root, of group team_gid, not writable
 * by others; the file must exist as a regular file (unless may_create: only
 * root's init creates one); sidecars that exist must be regular files of
 * the team group, closed to others.  out gets team_dir/NAME. */
esc_status team_db_path(const char *team_dir, long team_gid, const char *given, bool may_create,
                        char *out, size_t outsz, esc_error *err);

/* team_db_path with the configured team directory (meson option team_dir)
 * and this process's effective group. */
esc_status team_db_resolve(const char *given, bool may_create, char *out, size_t outsz,
                           esc_error *err);

#endif
