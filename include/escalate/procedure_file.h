/* A partnership's escalation procedure as a file (data/procedures/NAME.ini,
 * format 1; see data/procedures/README): its stages, who may act at each, the
 * timescales, the notifications each stage owes and the urgent route.  Parsed
 * with libinih; every problem is reported with the file's line and the field
 * (like a compiler) and a procedure with an error is never used.  Pure: no
 * I/O beyond the text it is given. */
#ifndef ESCALATE_PROCEDURE_FILE_H
#define ESCALATE_PROCEDURE_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/error.h"
#include "escalate/procedure.h"

#define ESC_PROC_FORMAT 1
#define ESC_STAGES_MIN 2
#define ESC_STAGES_MAX 9
/* Notifications a procedure may declare besides the built-in pattern notice:
 * they take the ids ESC_NOTIFY_DESIGNATED and ESC_NOTIFY_CHAIR in file order. */
#define ESC_PROC_NOTIFY_MAX 2
#define ESC_PROC_LA_MAX 24
#define ESC_PROC_NAME_MAX 40
#define ESC_PROC_TEXT_MAX ESC_LEVEL_TEXT_MAX
#define ESC_PROC_PROBLEMS_MAX 40

typedef struct esc_proc_notice {
	char name[21];  /* "designated" */
	char whom[ESC_LEVEL_TEXT_MAX + 1];
	int stage;      /* owed on reaching it */
	bool required;  /* false: "if necessary" */
	int blocks;     /* the stage that waits for it, 0 if none */
} esc_proc_notice;


typedef struct esc_procedure {
	int format;
	char name[ESC_PROC_NAME_MAX + 1];
	char title[ESC_PROC_TEXT_MAX + 1];
	int version;
	char effective[11];  /* YYYY-MM-DD */
	char time_zone[64];
	char holidays[32];   /* england-and-wales | scotland | none */
	char source[ESC_PROC_TEXT_MAX + 1];
	size_t la_count;
	char las[ESC_PROC_LA_MAX][81];
	int stage_count;
	esc_level_info stages[ESC_STAGES_MAX]; /* stages[0] is level 1; owed filled in */
	size_t notice_count;
	esc_proc_notice notices[ESC_PROC_NOTIFY_MAX];
	bool has_urgent;
	esc_role urgent_acts;
	int urgent_stage;
	esc_timescale urgent_timescale;
	char urgent_when[ESC_PROC_TEXT_MAX + 1];
} esc_procedure;

typedef struct esc_proc_problem {
	int line;           /* 0: the file as a whole */
	bool warning;
	char where[64];     /* "[stage 3] timescale" */
	char message[240];
} esc_proc_problem;

typedef struct esc_proc_problems {
	size_t count, errors, warnings;
	bool truncated;     /* more than ESC_PROC_PROBLEMS_MAX */
	esc_proc_problem items[ESC_PROC_PROBLEMS_MAX];
} esc_proc_problems;

/* Parses and checks `text` (the whole file).  ESC_OK with *out filled when
 * the file has no error (warnings allowed); otherwise ESC_EINVALID, with
 * every problem in *problems and err naming the first.  *problems may be
 * NULL when only the verdict is wanted. */
esc_status proc_file_parse(const char *text, size_t len, esc_procedure *out,
                           esc_proc_problems *problems, esc_error *err);

/* "5 working days", "24 hours", "14 calendar days". */
void proc_timescale_format(esc_timescale t, char *out, size_t outsz);

/* Level `level` of procedure p (NULL when it has no such level). */
const esc_level_info *proc_stage(const esc_procedure *p, int level);

/* The procedure every case follows unless its local authority is assigned
 * another: data/procedures/cambs-peterborough.ini, compiled in and checked
 * by the tests (never NULL). */
const esc_procedure *proc_default(void);

/* The shipped procedure files (data/procedures/NAME.ini): their names in
 * order, and the text of one (NULL if none has that name). */
size_t proc_shipped_count(void);
const char *proc_shipped_name(size_t i);
const char *proc_shipped_text(const char *name);

#endif
