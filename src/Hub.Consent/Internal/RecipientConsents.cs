namespace Hub.Consent.Internal;

/// <summary>One recipient's consents about the person, by purpose.</summary>
internal sealed class RecipientConsents
{
    public static readonly RecipientConsents None = new([]);

    private const int PurposeCount = (int)Purpose.Emergency + 1;

    private readonly PurposeConsents[] _byPurpose = new PurposeConsents[PurposeCount];

    /// <remarks>
    /// Consents whose purpose is UNSPECIFIED or no purpose at all are left out: no request can name such a
    /// purpose and be answered from them.
    /// </remarks>
    public RecipientConsents(IEnumerable<ConsentRecord> records)
    {
        var byPurpose = records.Where(record => IsPurpose(record.Grant.Purpose)).ToLookup(record => record.Grant.Purpose);
        for (var purpose = 0; purpose < PurposeCount; purpose++)
        {
            var consents = byPurpose[(Purpose)purpose];
            _byPurpose[purpose] = consents.Any() ? new PurposeConsents(consents) : PurposeConsents.None;
        }
    }

    /// <summary>The consents for exactly this purpose: EMERGENCY is answered only by consents that name EMERGENCY.</summary>
    public PurposeConsents For(Purpose purpose) => IsPurpose(purpose) ? _byPurpose[(int)purpose] : PurposeConsents.None;

    /// <summary>Categories that consents active at the instant list for any purpose but this one.</summary>
    public uint ActiveCategoriesForOtherPurposes(Purpose purpose, long instant)
    {
        var categories = 0u;
        for (var other = 0; other < PurposeCount; other++)
        {
            if (other == (int)purpose)
            {
                continue;
            }

            foreach (ref readonly var consent in _byPurpose[other].At(instant).Unexpired)
            {
                if (consent.StatusAt(instant) == ConsentStatus.Active)
                {
                    categories |= consent.Categories;
                }
            }
        }

        return categories;
    }

    private static bool IsPurpose(Purpose purpose) => purpose is > Purpose.Unspecified and <= Purpose.Emergency;
}
