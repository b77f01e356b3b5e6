# The same child and search from the command line (issue 13): escalate new
# prints the child's open and recently closed cases and refuses (exit 4, as
# other refusals) without --again, after the input is checked; list --search
# finds the people spoken with by name, a local id in any case and an NHS
# number however grouped.
. "$(dirname "$0")/lib.sh"

at "2026-01-02 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 new --local-id "OLD-9" --la Kent --theme "Other" --decision "d" --concern "c"
at "2026-01-05 10:00"
esc 0 resolve ESC-2026-0001 --outcome "Settled"
at "2026-04-01 09:00"
esc 0 new --local-id "REC-1" --la Kent --theme "Other" --decision "d" --concern "c"
esc 0 withdraw ESC-2026-0002 --reason "Logged in error"
at "2026-05-04 09:00"
esc 0 new --nhs 9434765919 --la Surrey --theme "Other" --decision "d" --concern "c"

# The same NHS number, grouped otherwise: refused, the case named.
esc 4 new --nhs "943-476-5919" --la Kent --theme "Other" --decision "d2" --concern "c2"
err_has "this child already has 1 open or recently closed case (closed in the last 90 days)"
err_has "give --again"
err_has "  ESC-2026-0003  open at level 1, Surrey, opened 2026-05-04"
check_eq "nothing on stdout" "" "$OUT"
esc 0 list --all --format csv
out_lacks "ESC-2026-0004"
# The input is checked first: a wrong authority is what is said (exit 1).
esc 1 new --nhs "943 476 5919" --la Atlantis --theme "Other" --decision "d" --concern "c"
err_has "Atlantis"
# --again logs it.
esc 0 new --again --nhs "943 476 5919" --la Kent --theme "Other" --decision "d2" --concern "c2"
out_has "ESC-2026-0004 opened at level 1"
esc 4 new --nhs 9434765919 --la Kent --theme "Other" --decision "d3" --concern "c3"
err_has "already has 2 open or recently closed cases"
err_has "  ESC-2026-0004  open at level 1, Kent"
err_has "  ESC-2026-0003  open at level 1, Surrey"

# A local id in any case; withdrawn 33 days ago is recent, resolved 119
# days ago is not.
esc 4 new --local-id "rec-1" --la Kent --theme "Other" --decision "d" --concern "c"
err_has "  ESC-2026-0002  withdrawn at level 1, Kent, opened 2026-04-01, closed 2026-04-01"
esc 0 new --local-id "OLD-9" --la Kent --theme "Other" --decision "d" --concern "c"
out_has "ESC-2026-0005 opened"
esc 0 new --help
out_has "--again"

# Search: the name of a person spoken with, and a local id in any case.
esc 0 contact ESC-2026-0003 --with "Bartholomew Quince" --role "Social worker" \
	--org "Surrey CC" --summary "Talked" --outcome concern-remains --at "2026-05-04 08:00"
esc 0 list --all --search "quince"
out_has "ESC-2026-0003"
out_lacks "ESC-2026-0004"
# An NHS number as escalate prints it, or with dashes.
esc 0 list --all --search "943 476 5919"
out_has "ESC-2026-0003"
out_has "ESC-2026-0004"
out_lacks "ESC-2026-0001"
esc 0 list --all --search "943-476-5919"
out_has "ESC-2026-0003"
esc 0 list --all --search "old-9"
out_has "ESC-2026-0001"
out_has "ESC-2026-0005"
out_lacks "ESC-2026-0003"
finish
