#!/usr/bin/env bash
# The story, played against a fresh hub with its own data directory and ports. At the end it prints a
# one-time code for the person's own page; run from a terminal, the hub stays up until Enter so a
# newcomer can sign in as the person in a browser. Then the hub stops.
set -euo pipefail
hub_dll=$1
hubctl_dll=$2

demo_dir=$(mktemp -d /tmp/interop-hub-demo.XXXXXX)
chmod 755 "$demo_dir"
export HUB_DATA_DIR="$demo_dir/data"
export HUB_GRPC_PORT="${HUB_GRPC_PORT:-5200}"
export HUB_HTTP_PORT="${HUB_HTTP_PORT:-5201}"
export HUB_ADDRESS="http://127.0.0.1:$HUB_GRPC_PORT"
export HUB_TOKEN_URL="http://127.0.0.1:$HUB_HTTP_PORT/connect/token"
# Every call below names its caller explicitly; none inherits one from the environment.
unset HUB_CLIENT_ID HUB_CLIENT_SECRET HUB_ADMIN_CLIENT_SECRET

dotnet "$hub_dll" >"$demo_dir/hub.log" 2>&1 &
hub_pid=$!
cleanup() {
  kill -TERM "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null || true
  rm -rf "$demo_dir"
}
trap cleanup EXIT

hubctl() { dotnet "$hubctl_dll" "$@"; }
say() { printf '\n== %s\n' "$*"; }
# The value of a "label:  value" line of hubctl's output, up to the first space.
field() { sed -n "s/^$1: *\([^ ]*\).*/\1/p"; }

say "A fresh hub starts on its own PostgreSQL (log: $demo_dir/hub.log)"
if ! hubctl health --wait 60; then
  cat "$demo_dir/hub.log" >&2
  exit 1
fi

say "The operator (hub-admin) signs in with the secret the hub generated on first start"
admin_secret_file="$HUB_DATA_DIR/hub-admin.secret"
echo "secret file: $admin_secret_file ($(stat -c %A "$admin_secret_file"))"
operator() { hubctl --admin-secret-file "$admin_secret_file" "$@"; }
operator token

say "The operator registers the four agencies that support the person"
declare -A agency_id client_id client_secret
register() { # key, name, kind
  local out
  out=$(operator agency register --name "$2" --kind "$3" --request-id "demo-register-$1")
  echo "$out"
  echo
  agency_id[$1]=$(field "agency id" <<<"$out")
  client_id[$1]=$(field "client id" <<<"$out")
  client_secret[$1]=$(field "client secret" <<<"$out")
}
register employment "Shinjuku Employment Support Centre" EMPLOYMENT
register hospital "Tokyo Metropolitan Hospital, psychiatry" MEDICAL
register school "Minami Special Needs School" SCHOOL
register welfare "Shinjuku Welfare and Counselling Office" WELFARE
operator agency list

# Calls as one agency's system: its own client id and secret (in the environment, out of the process list), its own token.
as() {
  local key=$1
  shift
  HUB_CLIENT_ID="${client_id[$key]}" HUB_CLIENT_SECRET="${client_secret[$key]}" hubctl "$@"
}

say "Each agency's system fetches its own token (client credentials)"
for key in employment hospital school welfare; do
  [ "$key" = employment ] || echo
  as "$key" token
done

say "The employment support centre registers the person it supports, under its case number"
out=$(as employment person register --birth-date 2004-07-14 --local-ref "SESC-2025-0142" --request-id demo-person)
echo "$out"
person_id=$(field "person id" <<<"$out")

say "It links the hospital and the welfare office, each with the reason"
link() { # key, reason
  as employment person link "$person_id" --agency "${agency_id[$1]}" --reason "$2" --request-id "demo-link-$1" >/dev/null
  echo "linked ${agency_id[$1]} ($1): $2"
}
link hospital "Outpatient psychiatric care; work hours to be planned around treatment"
link welfare "Daily-life and benefits counselling"

say "The school is not linked: asking for the person gets NOT_FOUND, exactly as for a made-up id"
made_up_id=p_aaaaaaaaaaaaaaaaaaaaaaaaaa
real_answer=$(as school person get "$person_id" 2>&1) && { echo "unexpected: the school could read the person" >&2; exit 1; }
made_up_answer=$(as school person get "$made_up_id" 2>&1) && { echo "unexpected: a made-up id was found" >&2; exit 1; }
echo "school asks for $person_id: $real_answer"
echo "school asks for $made_up_id: $made_up_answer"
if [ "$real_answer" != "$made_up_answer" ]; then
  echo "unexpected: the answers differ, so the school could tell the person exists" >&2
  exit 1
fi
echo "(the same answer: the school can't tell that the person exists)"

say "The hospital, now linked, reads the person"
as hospital person get "$person_id"

say "The employment support centre's record of the person, with its own case number and every link"
as employment person get "$person_id"

# Consents run for a year from now; C2 wants an end, at most three years on.
expires=$(date -u -d '+1 year' +%F)
# Stops the demo when an answer is not the one the story expects.
expect() { # what, text
  grep -q -- "$1" <<<"$2" || { printf 'unexpected: no "%s" in:\n%s\n' "$1" "$2" >&2; exit 1; }
}

say "The person consents, on the welfare office's written form, to the employment support centre seeing their employment status and workplace accommodations for employment support; the welfare office records it"
out=$(as welfare consent grant --person "$person_id" --recipient "${agency_id[employment]}" --purpose employment_support \
  --categories EMPLOYMENT_STATUS,WORKPLACE_ACCOMMODATIONS --expires "$expires" --evidence "WO form 2025-0311" --request-id demo-consent-employment)
echo "$out"
employment_consent=$(field "consent id" <<<"$out")

say "A consent to the hospital for treatment that lists DIAGNOSIS without the person's separate consent to it is refused (C4)"
out=$(as employment consent grant --person "$person_id" --recipient "${agency_id[hospital]}" --purpose TREATMENT \
  --categories SUPPORT_PLAN,DIAGNOSIS --expires "$expires" 2>&1) && { echo "unexpected: the grant was recorded" >&2; exit 1; }
echo "$out"
expect SENSITIVE_CATEGORY_NOT_ACKNOWLEDGED "$out"

say "The person consents to the diagnosis separately, and the employment support centre records the consent to the hospital"
out=$(as employment consent grant --person "$person_id" --recipient "${agency_id[hospital]}" --purpose TREATMENT \
  --categories SUPPORT_PLAN,DIAGNOSIS --acknowledge-sensitive DIAGNOSIS --expires "$expires" --evidence "SESC consent form, clause 2 (diagnosis) initialled" \
  --request-id demo-consent-hospital)
echo "$out"
hospital_consent=$(field "consent id" <<<"$out")

say "The employment support centre checks what it may see for employment support: its two categories, not the diagnosis"
out=$(as employment consent check --person "$person_id" --purpose EMPLOYMENT_SUPPORT --categories EMPLOYMENT_STATUS,WORKPLACE_ACCOMMODATIONS,DIAGNOSIS)
echo "$out"
expect "^permitted: *EMPLOYMENT_STATUS, WORKPLACE_ACCOMMODATIONS" "$out"
expect "^DIAGNOSIS *CATEGORY_NOT_CONSENTED" "$out"

say "The hospital checks what it may see for treatment: the support plan and the diagnosis, not the medication"
out=$(as hospital consent check --person "$person_id" --purpose TREATMENT --categories SUPPORT_PLAN,DIAGNOSIS,MEDICATION)
echo "$out"
expect "^permitted: *SUPPORT_PLAN, DIAGNOSIS" "$out"
expect "^MEDICATION *CATEGORY_NOT_CONSENTED" "$out"

say "The hospital's consent receipt, for the person to keep: the document, and the same signed by the hub (a compact JWS)"
as hospital consent receipt "$hospital_consent"
echo
as hospital consent receipt "$hospital_consent" --signed

say "The person also consents, at the welfare office, to care coordination: the employment support centre and the hospital may take part in case meetings about them"
out=$(as welfare consent grant --person "$person_id" --recipient "${agency_id[employment]}" --purpose CARE_COORDINATION \
  --categories SUPPORT_PLAN --expires "$expires" --evidence "WO form 2025-0312" --request-id demo-care-employment)
echo "$out"
as welfare consent grant --person "$person_id" --recipient "${agency_id[hospital]}" --purpose CARE_COORDINATION \
  --categories SUPPORT_PLAN --expires "$expires" --evidence "WO form 2025-0312" --request-id demo-care-hospital >"$demo_dir/care-hospital"
hospital_care_consent=$(field "consent id" <"$demo_dir/care-hospital")
echo "(and the same for the hospital: $hospital_care_consent)"

# The meeting starts in a little over a minute, so that its outcome can be recorded before the demo ends.
meeting_start=$(date -u -d '+80 seconds' +%Y-%m-%dT%H:%M:%SZ)
say "The welfare office convenes a case meeting (サービス担当者会議). Inviting the school too is refused, naming it: the person has not consented to care coordination with it (M2)"
out=$(as welfare meeting schedule "$person_id" --participants "${agency_id[employment]},${agency_id[hospital]},${agency_id[school]}" \
  --start "$meeting_start" --location "Shinjuku Welfare Office, room 3" 2>&1) && { echo "unexpected: the meeting was scheduled with the school" >&2; exit 1; }
echo "$out"
expect "CONSENT_MISSING_FOR_PARTICIPANTS agency_ids=${agency_id[school]}" "$out"

say "Without the school it is scheduled: the person's own wishes first on the one-page invitation, 60 minutes in all (M1)"
out=$(as welfare meeting schedule "$person_id" --participants "${agency_id[employment]},${agency_id[hospital]}" \
  --start "$meeting_start" --location "Shinjuku Welfare Office, room 3" \
  --agenda "20:The first month at the warehouse:Hear how the person and the employer see it" \
  --agenda "20:Shifts and breaks:Agree what to ask the employer" \
  --decision "Who speaks to the employer about fixed breaks" --request-id demo-meeting)
echo "$out"
meeting_id=$(field "meeting id" <<<"$out")
expect "本人の思い・希望" "$out"

say "The hospital accepts the invitation (M4)"
as hospital meeting respond "$meeting_id" --status ACCEPTED --comment "The psychiatric social worker will come" --request-id demo-accept >/dev/null
as welfare meeting get "$meeting_id" | sed -n '/^PARTICIPANT/,/^$/p'

say "The meeting as an iCalendar invitation for the agencies' calendars (M5): no word of the person's case in it"
out=$(as welfare meeting ics "$meeting_id")
echo "$out"
expect "METHOD:REQUEST" "$out"
expect "PARTSTAT=ACCEPTED" "$out"

# The section headings of a case-summary printout, per author: "Author: CATEGORY,CATEGORY; …", authors sorted.
sections_by_author() {
  awk '/^author: / { if (author != "") print author ": " sections; sub(/^author: */, ""); sub(/ \(ag_[^)]*\)$/, ""); author = $0; sections = ""; next }
       /^[A-Z_]+$/ { sections = sections (sections == "" ? "" : ",") $0 }
       /^purpose: / { if (author != "") print author ": " sections; author = "" }' | sort | paste -sd ';' | sed 's/;/; /g'
}
# Reads the person's case summaries as an agency and prints them, then stops the demo unless the
# sections read are exactly the expected ones ("Author: CATEGORY,…; …"). Leaves the printout in $out.
read_case() { # key, expected, hubctl case get options…
  local key=$1 expected=$2 got
  shift 2
  out=$(as "$key" case get "$person_id" "$@")
  echo "$out"
  got=$(sections_by_author <<<"$out")
  echo "-> sections read: $got"
  [ "$got" = "$expected" ] || { printf 'unexpected: read "%s", not "%s"\n' "$got" "$expected" >&2; exit 1; }
}

say "The welfare office publishes its case summary: in each section what was seen apart from what the caseworker makes of it and what will be done, and the person's own words quoted (R1)"
cat >"$demo_dir/welfare-summary.json" <<'EOF'
[
  {
    "category": "IDENTITY_BASIC",
    "facts": "Aoi Tanaka, born 2004-07-14, lives in Shinjuku ward. Reachable by phone on weekdays after 16:00.",
    "person_words": "\"Text me first. I don't pick up calls from numbers I don't know.\""
  },
  {
    "category": "LIVING_SITUATION",
    "facts": "Lives alone in a one-room flat since April 2024; rent 62,000 yen. Disability pension applied for in February 2025, decision pending.\nHome visit 4 March 2025: kitchen in use, laundry done, about two weeks of post unopened.",
    "assessment": "Runs daily life on their own in good weeks. Paperwork piles up when tired, which once put the rent at risk (January 2025).",
    "plan": "The caseworker goes through the post with the person every two weeks until the pension decision; next home visit in four weeks.",
    "person_words": "\"I can cook and clean. Letters are the hard part - I stop opening them.\""
  },
  {
    "category": "EMPLOYMENT_STATUS",
    "facts": "Since 10 February 2025 at a logistics warehouse in Shinjuku: stock sorting, 4 hours a day, Mon/Tue/Thu/Fri, hired under the disability employment quota.\nOff sick 13 and 14 March, both days after a late change of shift.",
    "assessment": "Attendance is steady on a fixed rota; short-notice changes to the rota are what unsettle them.",
    "plan": "The employment support centre talks with the employer about keeping the rota fixed; hours reviewed with the person in June.",
    "person_words": "\"I like the work. I want to go up to five days, but not yet.\""
  },
  {
    "category": "WORKPLACE_ACCOMMODATIONS",
    "facts": "Agreed with the employer on 3 February 2025: fixed shifts; instructions in writing as well as spoken; a 10-minute break every two hours; one named supervisor to ask.",
    "assessment": "Written instructions and the named supervisor work. The breaks are skipped when the floor is busy. The accommodations change how the work is done, not whether it is done, and the employer sees them that way.",
    "plan": "Ask the employer to put the breaks on the rota instead of leaving them to the person.",
    "person_words": "\"When it's busy I don't want to be the one who stops.\""
  },
  {
    "category": "SUPPORT_PLAN",
    "facts": "Service use plan of 1 March 2025: job-retention support (employment support centre), psychiatric outpatient care every two weeks (hospital), the welfare caseworker monthly. Monitoring every three months.",
    "assessment": "The person keeps to the plan; too many contacts at once tire them.",
    "plan": "Next monitoring with the person in June; a case meeting if work drops below three days a week for two weeks running.",
    "person_words": "\"I want one person to call when things go wrong, not four.\""
  },
  {
    "category": "CRISIS_PLAN",
    "facts": "Warning signs the person named: two nights without sleep, not answering messages, giving belongings away.",
    "plan": "If seen: call the person; with no answer within two hours, call their sister (first contact) and the hospital's psychiatric outpatient line. In immediate danger call 119 and stay with the person.",
    "person_words": "\"If I go quiet, I'm not angry. Please call my sister.\""
  }
]
EOF
as welfare case publish "$person_id" --file "$demo_dir/welfare-summary.json" --request-id demo-summary-welfare

say "The hospital publishes its own, the diagnosis and medication among it"
cat >"$demo_dir/hospital-summary.json" <<'EOF'
[
  {
    "category": "DIAGNOSIS",
    "facts": "Recurrent depressive disorder, current episode moderate (ICD-10 F33.1), diagnosed November 2022. ADHD (F90.0) assessed May 2023.",
    "assessment": "In partial remission since October 2024. Past relapses followed loss of sleep and sudden changes of routine.",
    "plan": "Outpatient review every two weeks; full reassessment in September.",
    "person_words": "\"Knowing it has a name helps me explain it at work. But I decide who gets told.\""
  },
  {
    "category": "MEDICATION",
    "facts": "Sertraline 100 mg each morning; a sleep aid at night as needed since January 2025. Pill count at the 18 March visit: 13 of 14 morning doses taken.",
    "assessment": "The morning dose fits the work rota; mild drowsiness in the first hour.",
    "plan": "Doses unchanged; drowsiness reviewed at the next visit.",
    "person_words": "\"The morning pill is fine. I forget the night one when I'm tired.\""
  },
  {
    "category": "SUPPORT_PLAN",
    "facts": "Outpatient psychiatry every other Tuesday at 17:30, after work. Contact: the psychiatric social worker of the outpatient clinic.",
    "assessment": "Evening appointments keep treatment from clashing with work.",
    "plan": "Concerns about attendance at work are raised with the person first, and shared with other agencies only as the person consented.",
    "person_words": "\"Tuesday evenings work. Don't make me take time off for it.\""
  },
  {
    "category": "CRISIS_PLAN",
    "facts": "One overdose, December 2022; no attempt since. No plans stated at the 18 March visit.",
    "assessment": "Risk low at present; it rises with loss of sleep and isolation.",
    "plan": "Out of hours: the hospital's psychiatric emergency line; in immediate danger 119. The hospital is told of any crisis contact the next working day.",
    "person_words": "\"If I say I'm fine in a flat voice, ask me twice.\""
  }
]
EOF
as hospital case publish "$person_id" --file "$demo_dir/hospital-summary.json" --request-id demo-summary-hospital

welfare_name="Shinjuku Welfare and Counselling Office"
hospital_name="Tokyo Metropolitan Hospital, psychiatry"

say "The employment support centre reads for employment support: the welfare office's employment status and workplace accommodations, and nothing else - not the hospital's summary, not the rest of the welfare office's, not a hint that they exist (C5)"
read_case employment "$welfare_name: EMPLOYMENT_STATUS,WORKPLACE_ACCOMMODATIONS" --purpose EMPLOYMENT_SUPPORT
expect "^permitted categories: *EMPLOYMENT_STATUS, WORKPLACE_ACCOMMODATIONS$" "$out"

say "The hospital reads for treatment: of the welfare office's summary the support plan its consent covers, with the separately consented DIAGNOSIS permitted too; its own summary in full, as every author reads its own"
read_case hospital "$welfare_name: SUPPORT_PLAN; $hospital_name: SUPPORT_PLAN,CRISIS_PLAN,DIAGNOSIS,MEDICATION" --purpose TREATMENT
expect "^permitted categories: *SUPPORT_PLAN, DIAGNOSIS$" "$out"

say "The employment support centre's system watches its events (it would run all day; here it stops after the first withdrawal it sees)"
as employment events watch --after 0 --kinds consent_revoked --count 1 >"$demo_dir/employment-events" &
watcher_pid=$!

say "The person withdraws the employment consent at the welfare office, which revokes it at once (C3)"
as welfare consent revoke "$employment_consent" --reason "Withdrawn by the person: wants to talk to the employer directly" --request-id demo-revoke-employment

say "The employment support centre's watcher is told at once: CONSENT_REVOKED, with the event's cursor to resume from and its id (E1, E2)"
wait "$watcher_pid"
out=$(cat "$demo_dir/employment-events")
echo "$out"
expect "CONSENT_REVOKED *$person_id *ev_" "$out"
revocation_event=$(grep -o 'ev_[a-z0-9]*' <<<"$out")

say "Its system acknowledges the withdrawal; the person will see when (E3)"
as employment events ack "$revocation_event"

say "The employment support centre's next check: nothing, because the consent was revoked"
out=$(as employment consent check --person "$person_id" --purpose EMPLOYMENT_SUPPORT --categories EMPLOYMENT_STATUS,WORKPLACE_ACCOMMODATIONS)
echo "$out"
expect "^permitted: *(none)" "$out"
expect "^EMPLOYMENT_STATUS *CONSENT_REVOKED" "$out"

say "Its next read of the summaries is refused the same way: CONSENT_REVOKED"
out=$(as employment case get "$person_id" --purpose EMPLOYMENT_SUPPORT 2>&1) && { echo "unexpected: the employment support centre could still read" >&2; exit 1; }
echo "employment support centre reads $person_id: $out"
expect "(CONSENT_REVOKED)" "$out"

say "The school, neither linked nor a recipient, still learns nothing: NOT_FOUND"
out=$(as school consent check --person "$person_id" --purpose EDUCATION_SUPPORT 2>&1) && { echo "unexpected: the school got an answer" >&2; exit 1; }
echo "school checks $person_id: $out"
expect "(NOT_FOUND)" "$out"
out=$(as school case get "$person_id" --purpose EDUCATION_SUPPORT 2>&1) && { echo "unexpected: the school could read the summaries" >&2; exit 1; }
echo "school reads $person_id: $out"
expect "(NOT_FOUND)" "$out"

justification="Former pupil came to the school at 21:40 in acute distress, says they want to end their life tonight; we need the crisis plan and who to call."
say "21:40: the person, a former pupil, turns up at the school in acute distress. There is danger to life, so the school breaks the glass (C8): purpose EMERGENCY with a written justification. It gets the identity and the crisis plans - nothing else - and every linked agency is told"
read_case school "$welfare_name: IDENTITY_BASIC,CRISIS_PLAN; $hospital_name: CRISIS_PLAN" --break-glass "$justification"
expect "^purpose: *EMERGENCY$" "$out"

say "The agencies linked to the person are told of the break-glass read at once, with the justification (C8, E1)"
for linked in hospital welfare; do
  out=$(as "$linked" events watch --after 0 --kinds break_glass_access --count 1)
  echo "$linked: $out"
  expect "BREAK_GLASS_ACCESS *$person_id" "$out"
done

say "The meeting has started (the demo waits for its start time); the welfare office records the outcome: each agreement read back to the person, in their words, and an action item for the employment support centre (M4)"
while [ "$(date -u +%s)" -lt "$(date -u -d "$meeting_start" +%s)" ]; do sleep 1; done
action_due=$(date -u -d '+14 days' +%F)
cat >"$demo_dir/outcome.json" <<JSON
{
  "agreements": [
    {"text": "Stay at four days a week until the June review", "confirmed_by_person": true, "person_words": "五日はまだ無理。四日なら続けられる。"},
    {"text": "Ask the employer to put the 10-minute breaks on the rota", "confirmed_by_person": true, "person_words": "休憩が決まっていれば、自分から言わなくていい。"}
  ],
  "action_items": [
    {"description": "Talk to the employer about fixed breaks on the rota", "owner_agency_id": "${agency_id[employment]}", "due_date": "$action_due"}
  ]
}
JSON
out=$(as welfare meeting outcome "$meeting_id" --file "$demo_dir/outcome.json" --request-id demo-outcome)
echo "$out"
expect "^status: *HELD" "$out"
review_date=$(sed -n 's/^next review: *//p' <<<"$out")

say "The plan's review falls due about 6 months on, the person being an adult; the welfare office's follow-up lists show it and the open action item"
out=$(as welfare meeting reviews --due-before "$(date -u -d '+7 months' +%F)")
echo "$out"
expect "$review_date *$person_id *$meeting_id" "$out"
as welfare meeting actions

say "The welfare office schedules the next meeting; then the person withdraws their care-coordination consent for the hospital, which becomes CONSENT_WITHDRAWN in it at once and sees no more of it (M2)"
out=$(as welfare meeting schedule "$person_id" --participants "${agency_id[employment]},${agency_id[hospital]}" \
  --start "$(date -u -d '+30 days' +%Y-%m-%dT01:00:00Z)" --online-url "https://meet.example.org/case-0142" --request-id demo-next-meeting)
next_meeting=$(field "meeting id" <<<"$out")
as welfare consent revoke "$hospital_care_consent" --reason "Withdrawn by the person: wants the hospital out of the meetings" --request-id demo-revoke-care >/dev/null
out=$(as welfare meeting get "$next_meeting")
echo "$out" | sed -n '/^PARTICIPANT/,/^$/p'
expect "CONSENT_WITHDRAWN" "$out"
out=$(as hospital meeting get "$next_meeting")
echo "the hospital's view:"
echo "$out"
expect "no longer shared" "$out"

say "The person asks the welfare office who has done what with their data (the data-tracker view): the reads with what each agency received, the break-glass read flagged with its justification"
out=$(as welfare audit records --person "$person_id")
echo "$out"
expect "Shinjuku Employment Support Centre *DATA_DISCLOSED *EMPLOYMENT_SUPPORT *EMPLOYMENT_STATUS, WORKPLACE_ACCOMMODATIONS" "$out"
expect "Minami Special Needs School *DATA_DISCLOSED *EMERGENCY *IDENTITY_BASIC, CRISIS_PLAN *yes: $justification" "$out"
expect "Tokyo Metropolitan Hospital, psychiatry *MEETING_DISCLOSED *CARE_COORDINATION" "$out"
expect "Shinjuku Employment Support Centre *EVENT_ACKNOWLEDGED *EMPLOYMENT_SUPPORT" "$out"

say "The welfare office asks the person for a consent they answer themselves (C9): the school may see the support plan, for education support. It permits nothing until the person approves"
out=$(as welfare consent request --person "$person_id" --recipient "${agency_id[school]}" --purpose EDUCATION_SUPPORT --categories SUPPORT_PLAN \
  --expires "$(date -u -d '+1 year' +%F)" --explanation "So your former school can help plan the evening course you asked about." --request-id demo-request-school)
echo "$out"
expect "^status: *REQUESTED" "$out"

say "The operator verifies the audit trail's hash chain"
operator audit verify

say "The welfare office gives the person a one-time code for their own page (P1): shown once, valid 15 minutes"
out=$(as welfare person access-code "$person_id")
echo "$out"
sign_in_url=$(field "sign in at" <<<"$out")
code=$(field "code" <<<"$out")
expect "^code: *[0-9A-Z][0-9A-Z][0-9A-Z]-" "$out"

say "Sign in as the person: open $sign_in_url in a browser and enter $code. There: the consents, who accessed the data, the meetings, the request from the school to approve or decline, and receipts to download"
if [ -t 0 ] && [ -t 1 ]; then
  read -r -p "The hub keeps running; press Enter to stop it. "
fi
