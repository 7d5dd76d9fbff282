using Grpc.Core;
using Hub.Consent;
using Hub.Rpc;
using Hub.V1;

namespace Hub.Consents;

/// <summary>
/// The consent engine's refusals in the API's words: the DESIGN §3 ErrorInfo reasons, the request's field
/// names and a sentence for the person at the partner system. The engine names faults; only this says them.
/// </summary>
internal static class ConsentRefusals
{
    /// <summary>
    /// A denial's ErrorInfo reason: its DenialReason value's proto name without the prefix
    /// (DENIAL_REASON_CONSENT_REVOKED gives CONSENT_REVOKED), so CheckAccess and refused reads say the same.
    /// </summary>
    public static string ErrorInfoReason(this Consent.DenialReason reason) =>
        ProtoEnum<V1.DenialReason>.ShortName((V1.DenialReason)reason);

    /// <summary>
    /// A grant the consent rules refuse (C1, C2, C4, C6), naming the field and, for C4, the category.
    /// GUARDIAN_REQUIRED is FAILED_PRECONDITION: the request is well formed, the person's age is what stands in the way.
    /// </summary>
    public static RpcException GrantRefused(GrantViolation violation, ConsentPolicy policy)
    {
        var field = FieldName(violation.Field);
        var metadata = new Dictionary<string, string> { ["field"] = field };
        var category = violation.Category is { } value ? ProtoEnum<V1.DataCategory>.Name((V1.DataCategory)value) : null;
        if (category is not null)
        {
            metadata["category"] = category;
        }

        var message = violation.Fault switch
        {
            GrantFault.Missing when violation.Field is GrantField.Person or GrantField.Recipient or GrantField.RecordedBy => $"{field} is required.",
            GrantFault.Missing => $"{field} is missing or not a value the API defines.",
            GrantFault.NoCategories => "categories must name at least one data category.",
            GrantFault.UnknownCategory => $"categories holds {category}, which is no data category.",
            GrantFault.SensitiveNotAcknowledged => $"{category} is sensitive: the person must consent to it separately, and sensitive_acknowledged must name it.",
            GrantFault.AcknowledgedNotSensitive => $"sensitive_acknowledged holds {category}, which is not a sensitive category.",
            GrantFault.AcknowledgedNotListed => $"sensitive_acknowledged names {category}, which categories does not list.",
            GrantFault.EmptySourceAgency => "source_agency_ids holds an empty agency id.",
            GrantFault.NoExpiry => "expires_at is required: every consent must say when it ends.",
            GrantFault.ExpiryNotAfterStart => "expires_at must lie after valid_from.",
            GrantFault.ExpiryTooFar => $"expires_at may lie at most {policy.MaxPeriodYears} years after valid_from.",
            GrantFault.MinorWithoutGuardian => $"The person is under {policy.AgeOfMajority} at valid_from, so the consent must be given by a legal guardian.",
            _ => throw new ArgumentOutOfRangeException(nameof(violation), violation.Fault, "Not a grant fault."),
        };

        var code = violation.Reason == GrantViolationReason.GuardianRequired ? StatusCode.FailedPrecondition : StatusCode.InvalidArgument;
        return Errors.Create(code, message, ReasonName(violation.Reason), metadata);
    }

    // Spelled out rather than derived from the member names, so renaming a member can't change the wire.
    private static string ReasonName(GrantViolationReason reason) => reason switch
    {
        GrantViolationReason.InvalidField => Errors.InvalidFieldReason,
        GrantViolationReason.ExpiryRequired => "EXPIRY_REQUIRED",
        GrantViolationReason.ExpiryTooFar => "EXPIRY_TOO_FAR",
        GrantViolationReason.SensitiveCategoryNotAcknowledged => "SENSITIVE_CATEGORY_NOT_ACKNOWLEDGED",
        GrantViolationReason.GuardianRequired => "GUARDIAN_REQUIRED",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a grant violation reason."),
    };

    private static string FieldName(GrantField field) => field switch
    {
        GrantField.Person => "person_id",
        GrantField.Recipient => "recipient_agency_id",
        GrantField.Purpose => "purpose",
        GrantField.Categories => "categories",
        GrantField.SensitiveAcknowledged => "sensitive_acknowledged",
        GrantField.SourceAgencies => "source_agency_ids",
        GrantField.ExpiresAt => "expires_at",
        GrantField.GrantedBy => "granted_by",
        GrantField.CollectionMethod => "collection_method",
        GrantField.RecordedBy => "recorded_by_agency_id",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a grant field."),
    };
}
