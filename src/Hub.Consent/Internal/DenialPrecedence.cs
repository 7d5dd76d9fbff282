namespace Hub.Consent.Internal;

/// <summary>The one place the order of denial reasons is decided; <see cref="ConsentSet.Decide"/> documents it.</summary>
internal static class DenialPrecedence
{
    /// <summary>The reasons in the order <see cref="Explain"/> assigns them, most specific first.</summary>
    public static readonly DenialReason[] Order =
    [
        DenialReason.ConsentRevoked,
        DenialReason.ConsentExpired,
        DenialReason.NotYetValid,
        DenialReason.CategoryNotConsented,
        DenialReason.PurposeNotConsented,
        DenialReason.NoActiveConsent,
    ];

    /// <param name="denied">The requested categories no source was permitted.</param>
    /// <param name="forPurpose">The recipient's consents for the requested purpose at the instant.</param>
    /// <param name="pending">Categories that pending consents for the purpose list.</param>
    /// <param name="activeForPurpose">Whether any consent for the purpose is active at the instant.</param>
    /// <param name="recipient">All the recipient's consents, for step 5.</param>
    /// <param name="purpose">The requested purpose.</param>
    /// <param name="instant">The instant decided for, in UTC ticks.</param>
    public static DenialTable Explain(
        uint denied, in ConsentsAtInstant forPurpose, uint pending, bool activeForPurpose, RecipientConsents recipient, Purpose purpose, long instant)
    {
        if (denied == 0)
        {
            return DenialTable.None;
        }

        var table = new DenialTable();
        var undecided = table.Deny(denied, forPurpose.Revoked, DenialReason.ConsentRevoked);
        undecided = table.Deny(undecided, forPurpose.Expired, DenialReason.ConsentExpired);
        undecided = table.Deny(undecided, pending, DenialReason.NotYetValid);
        undecided = table.Deny(undecided, activeForPurpose ? CategoryMask.All : 0, DenialReason.CategoryNotConsented);
        if (undecided != 0)
        {
            // Only now, as it means looking at the recipient's other purposes.
            undecided = table.Deny(undecided, recipient.ActiveCategoriesForOtherPurposes(purpose, instant), DenialReason.PurposeNotConsented);
        }

        table.Deny(undecided, CategoryMask.All, DenialReason.NoActiveConsent);
        return table;
    }
}
