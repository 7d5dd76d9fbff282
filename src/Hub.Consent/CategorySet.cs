using System.Collections;
using System.Numerics;
using Hub.Consent.Internal;

namespace Hub.Consent;

/// <summary>
/// An immutable set of data categories, held as a bit mask so a decision builds and returns sets without
/// allocating. It enumerates in the enum's order, so answers built from it are deterministic.
/// </summary>
public readonly struct CategorySet : IReadOnlyCollection<DataCategory>, IEquatable<CategorySet>
{
    private readonly uint _bits;

    internal CategorySet(uint bits) => _bits = bits;

    public static CategorySet Empty => default;

    public static CategorySet All => new(CategoryMask.All);

    public int Count => BitOperations.PopCount(_bits);

    public bool IsEmpty => _bits == 0;

    internal uint Bits => _bits;

    /// <summary>The set of the given categories; duplicates are fine.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is UNSPECIFIED or names no category.</exception>
    public static CategorySet Of(IEnumerable<DataCategory> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var bits = 0u;
        foreach (var category in categories)
        {
            bits |= CategoryMask.IsCategory(category)
                ? CategoryMask.Of(category)
                : throw new ArgumentOutOfRangeException(nameof(categories), category, "Not a data category.");
        }

        return new CategorySet(bits);
    }

    public bool Contains(DataCategory category) => (_bits & CategoryMask.Of(category)) != 0;

    public CategorySet Union(CategorySet other) => new(_bits | other._bits);

    public Enumerator GetEnumerator() => new(_bits);

    IEnumerator<DataCategory> IEnumerable<DataCategory>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(CategorySet other) => _bits == other._bits;

    public override bool Equals(object? obj) => obj is CategorySet other && Equals(other);

    public override int GetHashCode() => (int)_bits;

    public override string ToString() => "{" + string.Join(", ", this) + "}";

    public static bool operator ==(CategorySet left, CategorySet right) => left.Equals(right);

    public static bool operator !=(CategorySet left, CategorySet right) => !left.Equals(right);

    /// <summary>Walks the set bits lowest first, without allocating.</summary>
    public struct Enumerator : IEnumerator<DataCategory>
    {
        private uint _remaining;

        internal Enumerator(uint bits)
        {
            _remaining = bits;
            Current = DataCategory.Unspecified;
        }

        public DataCategory Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_remaining == 0)
            {
                return false;
            }

            Current = CategoryMask.Lowest(_remaining);
            _remaining &= _remaining - 1;
            return true;
        }

        public readonly void Reset() => throw new NotSupportedException();

        public readonly void Dispose()
        {
        }
    }
}
