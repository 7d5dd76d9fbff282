using Npgsql;

namespace Hub.Storage;

/// <summary>
/// Every unique constraint and unique index of the schema, with the ALREADY_EXISTS answer a
/// violation of it gets. The hub's own code prevents most of them from ever firing (a lock, ON
/// CONFLICT, generated ids), so that a race gets the same answer as the same requests one after the
/// other; this table is the answer for whatever slips past, and a test holds it to the schema.
/// </summary>
internal static class UniqueConstraints
{
    private const string GeneratedIdTaken = "IDENTIFIER_TAKEN";
    private const string GeneratedIdMessage = "An identifier the hub generated is taken already; send the request again.";

    /// <summary>Constraint name → (ErrorInfo reason, message).</summary>
    public static IReadOnlyDictionary<string, (string Reason, string Message)> Answers { get; } = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["person_link_local_reference"] = ("PERSON_ALREADY_REGISTERED", "This agency already registered a person under that local_reference."),
        ["person_link_pkey"] = ("AGENCY_ALREADY_LINKED", "That agency is linked to the person already."),
        ["idempotent_request_pkey"] = ("REQUEST_ID_ALREADY_USED", "This request_id is in use by another call."),
        ["case_summary_pkey"] = ("CASE_SUMMARY_PUBLISHED_MEANWHILE", "Another version of this summary was published at the same moment; publish again."),
        ["case_summary_current"] = ("CASE_SUMMARY_PUBLISHED_MEANWHILE", "Another version of this summary was published at the same moment; publish again."),
        ["case_section_pkey"] = ("CATEGORY_REPEATED", "A summary holds one section per category."),
        ["oauth_assertion_jti_pkey"] = ("CLIENT_ASSERTION_REPLAYED", "This client assertion was used already."),
        ["oauth_client_agency_id_key"] = ("AGENCY_HAS_A_CLIENT", "The agency has its client already."),
        ["agency_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["oauth_client_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["oauth_client_key_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["signing_key_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["receipt_signing_key_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["data_protection_key_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["person_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["consent_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["audit_record_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["audit_record_record_id_key"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["audit_chain_head_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["audit_pending_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["audit_pending_record_id_key"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["outbox_event_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["outbox_event_event_id_key"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["schema_version_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["meeting_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["meeting_participant_pkey"] = ("PARTICIPANT_REPEATED", "A meeting names each participant once."),
        ["meeting_agenda_item_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["meeting_agreement_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["meeting_action_item_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["meeting_withdrawal_epoch_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        // Only the relay, one node at a time, gives cursors; the lock before an acknowledgment keeps it single.
        ["outbox_event_cursor"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["event_cursor_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["event_acknowledgment_pkey"] = ("EVENT_ACKNOWLEDGED_MEANWHILE", "The event was acknowledged at the same moment; acknowledge again to read the acknowledgment."),
        ["person_access_code_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["person_session_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
        ["consent_request_pkey"] = (GeneratedIdTaken, GeneratedIdMessage),
    };

    /// <summary>The answer for a unique violation of a known constraint; false for anything else.</summary>
    public static bool TryAnswer(Exception exception, out string reason, out string message)
    {
        if (exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: { } constraint }
            && Answers.TryGetValue(constraint, out var answer))
        {
            (reason, message) = answer;
            return true;
        }

        (reason, message) = (string.Empty, string.Empty);
        return false;
    }
}
