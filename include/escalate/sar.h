/* A child's records on request (UK GDPR Article 15, subject access; SPEC §7
 * "Data protection").  Every case about one child, with its full history,
 * agreed actions and notifications, and the access log rows about those
 * cases, under a header saying what it contains and when it was made.
 * Designated professionals and admins only; the export is itself logged
 * (one row for the request, one per case it disclosed).
 *
 * What the tool cannot know: the records name other people (social
 * workers, managers, the professionals who raised and recorded each step)
 * and hold what they said.  Third-party information must be reviewed by a
 * person before anything is disclosed; the header says so. */
#ifndef ESCALATE_SAR_H
#define ESCALATE_SAR_H

#include <stdio.h>

#include "escalate/error.h"
#include "escalate/report.h"
#include "escalate/validate.h"

struct esc_session;

/* The sentence every output carries in its header. */
#define ESC_SAR_THIRD_PARTY                                                                        \
	"These records name third parties (social care staff, health professionals and others "    \
	"spoken with) and record what they said. escalate cannot tell which of it may be "         \
	"disclosed: a person must review the third-party information before disclosure."

/* Writes the records about the child (kind and identifier as given to
 * `escalate new`) to out as ESC_FMT_JSON, ESC_FMT_CSV or ESC_FMT_RECORD.
 * *ncases gets how many cases it held (0 is not an error: the header says
 * none were found). */
esc_status sar_export(struct esc_session *s, esc_child_kind kind, const char *child_id,
                      esc_format fmt, FILE *out, long *ncases, esc_error *err);

#endif
