/* Randomness, time arithmetic and the phrase lists of the generator.  The
 * phrases follow what safeguarding teams write in their records (decisions
 * challenged, concerns, discussions); none names a real person or child. */
#include "gen.h"

#include <string.h>

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* splitmix64 spreads one seed over the four words of state. */
void gen_rng_seed(gen_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		r->s[i] = z ^ (z >> 31);
	}
}

uint64_t gen_rng_next(gen_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

int gen_below(gen_rng *r, int n)
{
	/* Multiply-shift: no modulo bias worth measuring for n this small. */
	return (int)(((gen_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

bool gen_chance(gen_rng *r, int permille)
{
	return gen_below(r, 1000) < permille;
}

int gen_weighted(gen_rng *r, const int *weights, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += weights[i];
	int x = gen_below(r, sum);
	for (int i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

int gen_skewed(gen_rng *r, int n)
{
	/* Weights 1/(i+2) scaled to integers. */
	int weights[64];
	if (n > 64)
		n = 64;
	for (int i = 0; i < n; i++)
		weights[i] = 100000 / (i + 2);
	return gen_weighted(r, weights, n);
}

gen_time gen_time_of(esc_day day, int minute_of_day)
{
	return (gen_time)day * 1440 + minute_of_day;
}

esc_day gen_time_day(gen_time t)
{
	return (esc_day)(t / 1440);
}

/* A civil time as typed, in the procedure's zone (Europe/London here): the
 * hour the clocks skip on the last Sunday of March reads as the hour after,
 * which exists (a typed time in it is refused, civil.h). */
void gen_time_format(gen_time t, char out[ESC_TS_LEN + 1])
{
	unsigned minute = (unsigned)(t % 1440), hour = minute / 60;
	int y, m, d;
	esc_day day = gen_time_day(t);
	esc_day_format(day, out);
	esc_day_to_ymd(day, &y, &m, &d);
	if (hour == 1 && m == 3 && d >= 25 && esc_day_weekday(day) == 6)
		hour = 2;
	minute %= 60;
	memcpy(out + ESC_DATE_LEN, " 00:00:00", sizeof " 00:00:00");
	out[11] = (char)('0' + hour / 10);
	out[12] = (char)('0' + hour % 10);
	out[14] = (char)('0' + minute / 10);
	out[15] = (char)('0' + minute % 10);
}

static const char *const decisions[] = {
    "Referral not accepted: threshold for a statutory assessment not met",
    "Case closed after single assessment with no further action",
    "Case stepped down to early help without a multi-agency discussion",
    "No strategy discussion held after a disclosure of physical harm",
    "Section 47 enquiry not started despite an unexplained injury",
    "Child protection plan ended while concerns about neglect persist",
    "Decision not to convene an initial child protection conference",
    "Health information not requested before the assessment was closed",
    "Looked-after child's initial health assessment not arranged",
    "Concerns about fabricated or induced illness not progressed",
};

static const char *const concerns[] = {
    "Repeated missed health appointments and poor home conditions reported by the health "
    "visitor; the family has declined early help twice.",
    "Unexplained bruising seen at a routine review; the explanation given was inconsistent "
    "with the injury.",
    "Escalating domestic abuse incidents in the household with a baby under one year old.",
    "School nurse reports weight loss, poor hygiene and frequent absence over two terms.",
    "Parental mental health deteriorating with no plan for the care of the children.",
    "Young person disclosed exploitation concerns; no strategy discussion has followed.",
    "Drift: no social work visit for eight weeks despite agreed actions at the last review.",
    "Multiple emergency department attendances for injuries in the last three months.",
};

static const char *const summaries_remain[] = {
    "Discussed the health concerns; social care maintain the threshold is not met. "
    "Concern remains and will be taken to the next level.",
    "Agreed to share the latest health chronology; no change to the decision yet.",
    "Social care will review the decision but could not commit to a strategy discussion.",
    "The team reconsidered the referral and kept their decision; health disagree.",
    "Partial agreement on information sharing; the core disagreement is unresolved.",
};

static const char *const summaries_resolved[] = {
    "Social care agreed to reopen the assessment and hold a strategy discussion this week.",
    "Decision reviewed: a section 47 enquiry will start; the concern is resolved.",
    "Agreed a multi-agency meeting and a named social worker; both sides content.",
    "Further information shared; social care now accept the referral.",
    "Early help plan strengthened with health involvement; the concern is resolved.",
};

static const char *const actions[] = {
    "Share the health chronology with the social worker",
    "Convene a strategy discussion",
    "Arrange a joint home visit",
    "Send the written referral with the new information",
    "Review the decision with the team manager",
    "Book the initial health assessment",
    "Invite health to the core group meeting",
    "Confirm the outcome in writing to the referrer",
};

static const char *const reasons_escalate[] = {
    "The concern remains after discussion at this level; the decision leaves the child at "
    "risk of harm.",
    "No response within the agreed timescale; escalating as the procedure requires.",
    "Agreed actions were not completed and the risk to the child is unchanged.",
};

static const char *const reasons_urgent[] = {
    "The child's immediate welfare may be compromised: disclosure of harm this morning.",
    "Infant with an unexplained injury; social care declined a same-day strategy discussion.",
};

static const char *const outcomes[] = {
    "Resolved: social care changed the decision and the agreed actions are in place.",
    "Resolved: the disagreement settled after the discussion; no further escalation needed.",
    "Resolved at this level with a multi-agency plan agreed by both agencies.",
};

static const char *const withdrawals[] = {
    "Withdrawn: new information showed the original decision was appropriate.",
    "Withdrawn: the family moved out of the area and the case transferred.",
};

static const char *const notes[] = {
    "Left a voicemail for the team manager; awaiting a call back.",
    "Supervision held with the named nurse about this escalation.",
    "GP practice asked for an update on the outcome.",
};

static const char *const reopenings[] = {
    "The concern has returned: agreed actions were not carried out.",
    "New incident reported; the earlier resolution no longer holds.",
};

static const char *const first_names[] = {
    "Alex", "Sam",  "Jo",    "Chris", "Priya",  "Mohammed", "Aisha", "Tom",
    "Emma", "Sian", "Lewis", "Grace", "Daniel", "Fatima",   "Kate",  "Oliver",
};

static const char *const surnames[] = {
    "Smith", "Jones",  "Patel", "Williams", "Brown",   "Khan",   "Taylor", "Davies",
    "Evans", "Wilson", "Ahmed", "Thomas",   "Roberts", "Hughes", "Clarke", "Walker",
};

static const char *const teams[] = {
    "Front Door / MASH",     "Assessment Team",       "Child in Need Team",
    "Child Protection Team", "Children in Care Team", "Disabled Children's Team",
};

#define LIST(a)                                                                                    \
	{                                                                                          \
		a, sizeof a / sizeof a[0]                                                          \
	}

static const struct {
	const char *const *items;
	size_t n;
} phrase_lists[GEN_TEXT_KINDS] = {
    [GEN_DECISION] = LIST(decisions),
    [GEN_CONCERN] = LIST(concerns),
    [GEN_SUMMARY_REMAINS] = LIST(summaries_remain),
    [GEN_SUMMARY_RESOLVED] = LIST(summaries_resolved),
    [GEN_ACTION] = LIST(actions),
    [GEN_REASON_ESCALATE] = LIST(reasons_escalate),
    [GEN_REASON_URGENT] = LIST(reasons_urgent),
    [GEN_OUTCOME] = LIST(outcomes),
    [GEN_WITHDRAW] = LIST(withdrawals),
    [GEN_NOTE] = LIST(notes),
    [GEN_REOPEN] = LIST(reopenings),
    [GEN_FIRST_NAME] = LIST(first_names),
    [GEN_SURNAME] = LIST(surnames),
    [GEN_TEAM] = LIST(teams),
};

const char *gen_text(gen_rng *r, gen_text_kind kind)
{
	return phrase_lists[kind].items[gen_below(r, (int)phrase_lists[kind].n)];
}

void gen_nhs_number(gen_rng *r, char out[11])
{
	for (;;) {
		int sum = 0;
		for (int i = 0; i < 9; i++) {
			int d = gen_below(r, 10);
			out[i] = (char)('0' + d);
			sum += d * (10 - i);
		}
		int check = 11 - sum % 11;
		if (check == 10)
			continue; /* no valid check digit: draw again */
		out[9] = (char)('0' + (check == 11 ? 0 : check));
		out[10] = '\0';
		return;
	}
}
