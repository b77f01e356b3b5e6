/* Status codes and the error record every core call fills.
 *
 * The list is declared once: the enum, the names and the process exit codes
 * (documented in escalate(1)) all come from ESC_STATUS_LIST. */
#ifndef ESCALATE_ERROR_H
#define ESCALATE_ERROR_H

#include <stdarg.h>

/* X(enum, exit code, short name, what it means for the user) */
#define ESC_STATUS_LIST(X)                                                        \
	X(ESC_OK, 0, "ok", "success")                                                 \
	X(ESC_EINVALID, 1, "invalid", "a field failed validation; nothing was written") \
	X(ESC_EUSAGE, 2, "usage", "the command line was wrong")                       \
	X(ESC_ENOTFOUND, 3, "not-found", "no such case, staff member or list entry")  \
	X(ESC_EDENIED, 4, "not-permitted", "the procedure or your role does not allow it") \
	X(ESC_ECONFLICT, 5, "conflict", "the case changed under you; look again and retry") \
	X(ESC_ESTORAGE, 6, "storage", "the database could not be read or written")    \
	X(ESC_ENODB, 7, "no-database", "the database does not exist (run escalate init)") \
	X(ESC_ECORRUPT, 8, "corrupt", "the database file is damaged")                 \
	X(ESC_ESCHEMA, 9, "schema", "the database was written by a newer escalate")   \
	X(ESC_EUNSAFE, 10, "unsafe", "the database file or directory permissions are unsafe") \
	X(ESC_EBUSY, 11, "busy", "the database stayed locked beyond the busy timeout") \
	X(ESC_EREADONLY, 12, "read-only", "the database (or its directory) is read-only") \
	X(ESC_EFULL, 13, "disk-full", "the disk is full; nothing was written")        \
	X(ESC_EINTERNAL, 70, "internal", "an internal error")

typedef enum esc_status {
#define ESC_STATUS_ENUM(name, code, shortname, meaning) name = code,
	ESC_STATUS_LIST(ESC_STATUS_ENUM)
#undef ESC_STATUS_ENUM
} esc_status;

/* What kind of refusal a procedure or permission failure is, as data, so the
 * front ends never classify a refusal by its words or its field. */
#define ESC_WHY_LIST(X)                                                           \
	X(ESC_WHY_NONE, "none", "")                                                   \
	X(ESC_WHY_ROLE, "role", "your role does not allow it")                        \
	X(ESC_WHY_STEP, "step", "a step of the procedure must come first")            \
	X(ESC_WHY_STATE, "state", "not possible in the case's state or at its level") \
	X(ESC_WHY_CONFLICT, "conflict", "the case moved since you looked at it")

typedef enum esc_why {
#define ESC_WHY_ENUM(e, name, label) e,
	ESC_WHY_LIST(ESC_WHY_ENUM)
#undef ESC_WHY_ENUM
} esc_why;

const char *esc_why_name(esc_why w);

/* Filled by core calls; owned by the caller.  `field` names the input field
 * at fault (e.g. "nhs-number") or is empty; `message` is a sentence for the
 * user that names the field or rule. */
typedef struct esc_error {
	esc_status status;
	esc_why why; /* the kind of a refusal (ESC_EDENIED, ESC_ECONFLICT); NONE otherwise */
	char field[40];
	char message[512];
} esc_error;

/* Records a failure in err (which may be NULL) and returns st. */
esc_status esc_fail(esc_error *err, esc_status st, const char *field,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
esc_status esc_vfail(esc_error *err, esc_status st, const char *field,
                     const char *fmt, va_list ap);
/* As esc_fail, for a refusal of kind `why`. */
esc_status esc_refuse(esc_error *err, esc_status st, esc_why why, const char *field,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void esc_error_clear(esc_error *err);

const char *esc_status_name(esc_status st);
const char *esc_status_meaning(esc_status st);
/* Number of entries and i-th status, for documentation generators. */
int esc_status_count(void);
esc_status esc_status_at(int i);

#endif
