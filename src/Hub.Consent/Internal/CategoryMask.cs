using System.Numerics;

namespace Hub.Consent.Internal;

/// <summary>
/// Categories as bits (bit n = the category numbered n), so the decision combines them with plain
/// integer operations instead of sets.
/// </summary>
internal static class CategoryMask
{
    private const int First = (int)DataCategory.IdentityBasic;
    private const int Last = (int)DataCategory.SexualOrientationGenderIdentity;

    public const uint All = ((1u << (Last + 1)) - 1) & ~((1u << First) - 1);

    public static bool IsCategory(DataCategory category) => (uint)((int)category - First) <= Last - First;

    /// <summary>The bit of a category; zero for a value that names none, so it can never match anything.</summary>
    public static uint Of(DataCategory category) => IsCategory(category) ? 1u << (int)category : 0;

    /// <summary>
    /// The categories a stored consent lists. Values that are no category can't have been consented to,
    /// so they add nothing rather than fail the whole set.
    /// </summary>
    public static uint OfListed(IEnumerable<DataCategory> categories)
    {
        var bits = 0u;
        foreach (var category in categories)
        {
            bits |= Of(category);
        }

        return bits;
    }

    /// <summary>The category of the lowest bit set in a non-zero mask.</summary>
    public static DataCategory Lowest(uint bits) => (DataCategory)BitOperations.TrailingZeroCount(bits);
}
