/* Backups that can be proven whole (SPEC §7 "Data protection").
 *
 * backup_write copies the open database with SQLite's online backup API
 * in one step, a read transaction: others keep writing meanwhile (WAL) and
 * the copy is the database as it stood when the step began.  The copy is
 * written under a temporary name beside the target, opened again and
 * checked by the full verify; only then is it renamed to the target.  A
 * backup killed part-way leaves at most that temporary file
 * (".NAME.partial-XXXXXX"), never a file at the target name.
 *
 * backup_restore verifies a backup before it replaces the database, keeps
 * the file it replaced (NAME.replaced-YYYYMMDD-HHMMSS) and refuses to replace an
 * existing database unless told to. */
#ifndef ESCALATE_BACKUP_H
#define ESCALATE_BACKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/audit.h"
#include "escalate/error.h"

struct esc_session;

/* Admin only.  Writes the backup to `dest` (mode 0600; 0640 when team: the
 * team group may read it) and fills rep with the copy's verify report, its
 * chain heads included.  An existing `dest` is replaced only with force. */
esc_status backup_write(struct esc_session *s, const char *dest, bool team, bool force,
                        esc_verify_report *rep, esc_error *err);

/* Opens `path` read-only and runs the full verify on it. */
esc_status backup_check(const char *path, esc_verify_report *rep, esc_error *err);

/* Replaces the database at db_path with the backup at `src`, after
 * verifying it; the login `login` must be an active admin in the database
 * being replaced, or, where there is none yet, in the backup.  An existing
 * database is replaced only with force, and kept as `kept` (its new
 * name; "" when there was none). */
esc_status backup_restore(const char *src, const char *db_path, const char *login, bool force,
                          bool team, esc_verify_report *rep, char *kept, size_t keptsz,
                          esc_error *err);

#endif
