namespace Hub.Consent.Internal;

/// <summary>
/// One recipient's consents for one purpose, arranged so a decision at any instant touches only the
/// consents still able to matter: revoked ones are folded into one mask (revocation holds at every
/// instant), and the rest are ordered by expiry, so those expired at the instant are a prefix whose
/// categories are precomputed and found by binary search.
/// </summary>
internal sealed class PurposeConsents
{
    public static readonly PurposeConsents None = new([]);

    private readonly uint _revokedCategories;
    private readonly IndexedConsent[] _byExpiry;
    private readonly long[] _expiries;
    private readonly uint[] _categoriesOfFirst;

    public PurposeConsents(IEnumerable<ConsentRecord> records)
    {
        var unrevoked = new List<IndexedConsent>();
        foreach (var record in records)
        {
            if (record.RevokedAt.HasValue)
            {
                _revokedCategories |= CategoryMask.OfListed(record.Grant.Categories);
            }
            else
            {
                unrevoked.Add(new IndexedConsent(record));
            }
        }

        // Ties broken by id, so the order (and with it the order of consent ids in a decision) doesn't
        // depend on the order the records came in.
        unrevoked.Sort(static (a, b) => a.ExpiresAt != b.ExpiresAt
            ? a.ExpiresAt.CompareTo(b.ExpiresAt)
            : string.CompareOrdinal(a.Id.Value, b.Id.Value));
        _byExpiry = [.. unrevoked];
        _expiries = [.. unrevoked.Select(consent => consent.ExpiresAt)];
        _categoriesOfFirst = new uint[_byExpiry.Length + 1];
        for (var i = 0; i < _byExpiry.Length; i++)
        {
            _categoriesOfFirst[i + 1] = _categoriesOfFirst[i] | _byExpiry[i].Categories;
        }
    }

    public ConsentsAtInstant At(long instant)
    {
        var firstUnexpired = FirstUnexpired(instant);
        return new ConsentsAtInstant(_revokedCategories, _categoriesOfFirst[firstUnexpired], _byExpiry.AsSpan(firstUnexpired));
    }

    private int FirstUnexpired(long instant)
    {
        var low = 0;
        var high = _expiries.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (ConsentWindow.IsExpiredAt(_expiries[middle], instant))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
