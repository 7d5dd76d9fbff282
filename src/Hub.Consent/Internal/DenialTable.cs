using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Hub.Consent.Internal;

/// <summary>Denied categories and their reasons, filled in precedence order, read in category order.</summary>
internal sealed class DenialTable : IReadOnlyDictionary<DataCategory, DenialReason>
{
    public static readonly DenialTable None = new();

    private readonly DenialReason[] _reasons = new DenialReason[(int)DataCategory.SexualOrientationGenderIdentity + 1];
    private uint _denied;

    public int Count => CategorySet.Count;

    public IEnumerable<DataCategory> Keys => CategorySet;

    public IEnumerable<DenialReason> Values => CategorySet.Select(category => _reasons[(int)category]);

    private CategorySet CategorySet => new(_denied);

    public DenialReason this[DataCategory key] => TryGetValue(key, out var reason) ? reason : throw new KeyNotFoundException($"{key} was not denied.");

    /// <summary>Gives <paramref name="reason"/> to the undecided categories the evidence covers.</summary>
    /// <returns>The categories still undecided.</returns>
    public uint Deny(uint undecided, uint evidence, DenialReason reason)
    {
        var denied = undecided & evidence;
        for (var bits = denied; bits != 0; bits &= bits - 1)
        {
            _reasons[(int)CategoryMask.Lowest(bits)] = reason;
        }

        _denied |= denied;
        return undecided & ~denied;
    }

    public bool ContainsKey(DataCategory key) => CategorySet.Contains(key);

    public bool TryGetValue(DataCategory key, [MaybeNullWhen(false)] out DenialReason value)
    {
        var denied = ContainsKey(key);
        value = denied ? _reasons[(int)key] : default;
        return denied;
    }

    public IEnumerator<KeyValuePair<DataCategory, DenialReason>> GetEnumerator()
    {
        foreach (var category in CategorySet)
        {
            yield return new KeyValuePair<DataCategory, DenialReason>(category, _reasons[(int)category]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
