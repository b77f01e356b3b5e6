/* Configurable lists and numbers: themes, local authorities, timescales per
 * level, bank holidays, the multi-case pattern rule.  Defaults come from the
 * files in data/ (compiled in) and are copied into the database by init;
 * admins change them with `escalate config`. */
#ifndef ESCALATE_CONFIG_H
#define ESCALATE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/calendar.h"
#include "escalate/error.h"
#include "escalate/visibility.h"

struct esc_db;
struct esc_session;

typedef enum esc_list_kind {
	ESC_LIST_THEME = 1,
	ESC_LIST_LA = 2,
} esc_list_kind;

const char *config_list_name(esc_list_kind k); /* "theme", "local authority" */

/* Seeds an empty database with the compiled-in defaults from data/. */
esc_status config_seed_defaults(struct esc_db *db, esc_error *err);

/* Finds an active entry by name (case-insensitive).  Not found: ESC_EINVALID
 * naming the field and pointing at `escalate config list`. canonical gets the
 * stored spelling. */
esc_status config_list_lookup(struct esc_db *db, esc_list_kind k, const char *field,
                              const char *name, long long *id, char *canonical,
                              size_t canonsz, esc_error *err);
/* Admin only. */
esc_status config_list_add(struct esc_session *s, esc_list_kind k, const char *name,
                           esc_error *err);
/* Admin only: deactivates (cases keep their references). */
esc_status config_list_remove(struct esc_session *s, esc_list_kind k, const char *name,
                              esc_error *err);
typedef bool (*esc_name_cb)(const char *name, bool active, void *ctx);
esc_status config_list_each(struct esc_db *db, esc_list_kind k, bool include_inactive,
                            esc_name_cb cb, void *ctx, esc_error *err);

/* Reads one "name = number" line of a configuration file (timescales.conf):
 * name of [a-z0-9_] into key, a whole number 0..365 into value.  Overflow,
 * a negative or out-of-range number and trailing text are refused with a
 * message naming the file and the name (ESC_EINVALID). */
esc_status config_parse_number_line(const char *file, const char *line, char *key,
                                    size_t keysz, int *value, esc_error *err);

/* Target working days at a level (1..5); urgent == true gives the target
 * for reaching the head of service after an urgent jump. */
int config_timescale(struct esc_db *db, int level, bool urgent);
esc_status config_set_timescale(struct esc_session *s, int level, bool urgent, int days,
                                esc_error *err);

esc_status config_load_holidays(struct esc_db *db, esc_holidays *out, esc_error *err);
void config_free_holidays(esc_holidays *h);
esc_status config_holiday_add(struct esc_session *s, const char *date, esc_error *err);
esc_status config_holiday_remove(struct esc_session *s, const char *date, esc_error *err);

/* The pattern rule: `threshold` open cases sharing a theme against one local
 * authority opened within `window_days` calendar days. */
void config_pattern_rule(struct esc_db *db, int *threshold, int *window_days);
esc_status config_set_pattern_rule(struct esc_session *s, int threshold, int window_days,
                                   esc_error *err);

/* Data protection (issue 12).  Admin only.  Who may see which case
 * (visibility.h): organisation (the default) or all. */
esc_status config_set_visibility(struct esc_session *s, esc_visibility rule, esc_error *err);
/* Years after closure that a case is kept (retention.h); 0 unsets the rule,
 * and then nothing is due. */
esc_status config_set_retention(struct esc_session *s, int years, esc_error *err);

#endif
