namespace Hub.Consent;

/// <summary>
/// The DESIGN §3 ErrorInfo reason strings for the engine's answers. Spelled out rather than derived from
/// the enum names, so renaming a member can't change the wire.
/// </summary>
public static class ErrorInfoReasons
{
    public static string ToErrorInfoReason(this DenialReason reason) => reason switch
    {
        DenialReason.NoActiveConsent => "NO_ACTIVE_CONSENT",
        DenialReason.ConsentRevoked => "CONSENT_REVOKED",
        DenialReason.ConsentExpired => "CONSENT_EXPIRED",
        DenialReason.PurposeNotConsented => "PURPOSE_NOT_CONSENTED",
        DenialReason.CategoryNotConsented => "CATEGORY_NOT_CONSENTED",
        DenialReason.NotYetValid => "NOT_YET_VALID",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a denial reason."),
    };

    public static string ToErrorInfoReason(this GrantViolationReason reason) => reason switch
    {
        GrantViolationReason.InvalidField => "INVALID_FIELD",
        GrantViolationReason.ExpiryRequired => "EXPIRY_REQUIRED",
        GrantViolationReason.ExpiryTooFar => "EXPIRY_TOO_FAR",
        GrantViolationReason.SensitiveCategoryNotAcknowledged => "SENSITIVE_CATEGORY_NOT_ACKNOWLEDGED",
        GrantViolationReason.GuardianRequired => "GUARDIAN_REQUIRED",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a grant violation reason."),
    };
}
