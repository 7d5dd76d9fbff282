namespace Hub.Consent;

/// <summary>
/// What kind of fault a grant has; the server answers each with its own DESIGN §3 ErrorInfo reason.
/// </summary>
public enum GrantViolationReason
{
    /// <summary>A field is missing or malformed; <see cref="GrantViolation.Field"/> names it, <see cref="GrantViolation.Fault"/> says how.</summary>
    InvalidField = 1,

    /// <summary>C2: no <c>expires_at</c>.</summary>
    ExpiryRequired = 2,

    /// <summary>C2: <c>expires_at</c> lies beyond the policy's maximum period.</summary>
    ExpiryTooFar = 3,

    /// <summary>C4: a sensitive category is listed without being acknowledged on its own.</summary>
    SensitiveCategoryNotAcknowledged = 4,

    /// <summary>C6: the person is a minor at <c>valid_from</c> and the grantor is not their legal guardian.</summary>
    GuardianRequired = 5,
}
