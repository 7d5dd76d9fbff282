using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Hub.Consent.Identifiers;

/// <summary>
/// The shape every hub identifier shares: a short type prefix, an underscore and 26 characters of
/// lowercase base32 (128 random bits), so ids are unguessable and a person id can't pass for an agency id.
/// </summary>
public static class OpaqueId
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int RandomBytes = 16;
    private const int EncodedLength = 26;

    /// <summary>A new random id of kind <typeparamref name="TId"/>.</summary>
    public static TId New<TId>()
        where TId : struct, IOpaqueId<TId> => TId.FromValidated(NewValue(TId.Prefix));

    public static bool TryParse<TId>([NotNullWhen(true)] string? value, out TId id)
        where TId : struct, IOpaqueId<TId>
    {
        var valid = IsValid(value, TId.Prefix);
        id = valid ? TId.FromValidated(value!) : default;
        return valid;
    }

    public static TId Parse<TId>(string value)
        where TId : struct, IOpaqueId<TId> =>
        TryParse<TId>(value, out var id) ? id : throw new FormatException($"'{value}' is not a valid {typeof(TId).Name}.");

    private static string NewValue(string prefix)
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        Span<char> encoded = stackalloc char[EncodedLength];
        var buffer = 0;
        var bits = 0;
        var next = 0;
        foreach (var b in random)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                encoded[next++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        encoded[next] = Alphabet[(buffer << (5 - bits)) & 31];
        return string.Concat(prefix, "_", encoded);
    }

    private static bool IsValid([NotNullWhen(true)] string? value, string prefix)
    {
        if (value is null || value.Length != prefix.Length + 1 + EncodedLength
            || !value.StartsWith(prefix, StringComparison.Ordinal) || value[prefix.Length] != '_')
        {
            return false;
        }

        foreach (var c in value.AsSpan(prefix.Length + 1))
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
