#!/usr/bin/env bash
# The story, played against a fresh hub with its own data directory and ports; the hub stops at the end.
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

say "The person withdraws the employment consent at the welfare office, which revokes it at once (C3)"
as welfare consent revoke "$employment_consent" --reason "Withdrawn by the person: wants to talk to the employer directly" --request-id demo-revoke-employment

say "The employment support centre's next check: nothing, because the consent was revoked"
out=$(as employment consent check --person "$person_id" --purpose EMPLOYMENT_SUPPORT --categories EMPLOYMENT_STATUS,WORKPLACE_ACCOMMODATIONS)
echo "$out"
expect "^permitted: *(none)" "$out"
expect "^EMPLOYMENT_STATUS *CONSENT_REVOKED" "$out"

say "The school, neither linked nor a recipient, still learns nothing: NOT_FOUND"
out=$(as school consent check --person "$person_id" --purpose EDUCATION_SUPPORT 2>&1) && { echo "unexpected: the school got an answer" >&2; exit 1; }
echo "school checks $person_id: $out"
expect "(NOT_FOUND)" "$out"

say "The person asks the welfare office who has done what with their data (the data-tracker view)"
as welfare audit records --person "$person_id"

say "The operator verifies the audit trail's hash chain"
operator audit verify
