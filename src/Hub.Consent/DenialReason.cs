namespace Hub.Consent;

/// <summary>
/// Why a requested category was not permitted. The numbers are those of the proto enum the server maps
/// this to (zero UNSPECIFIED, then in this order), whose names give the ErrorInfo reasons.
/// </summary>
public enum DenialReason
{
    Unspecified = 0,

    /// <summary>
    /// The recipient holds no active consent for this purpose, and nothing more specific applies (the
    /// precedence is on <see cref="ConsentSet.Decide"/>).
    /// </summary>
    NoActiveConsent = 1,

    /// <summary>A consent for this recipient and purpose covered the category and was revoked.</summary>
    ConsentRevoked = 2,

    /// <summary>A consent for this recipient and purpose covered the category and has expired.</summary>
    ConsentExpired = 3,

    /// <summary>An active consent for this recipient covers the category, but for another purpose.</summary>
    PurposeNotConsented = 4,

    /// <summary>
    /// The recipient holds an active consent for this purpose, but it does not list the category, or does
    /// not name the source agency asked about.
    /// </summary>
    CategoryNotConsented = 5,

    /// <summary>A consent for this recipient and purpose covers the category from a later <c>valid_from</c>.</summary>
    NotYetValid = 6,
}
