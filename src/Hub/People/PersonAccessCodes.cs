using System.Security.Cryptography;
using Hub.Consent;
using Hub.Consent.Identifiers;
using Hub.Storage;
using Npgsql;

namespace Hub.People;

/// <summary>
/// One-time codes with which the person, or a minor's guardian, signs in to their own page (P1).
/// A code is 18 characters of Crockford base32: a 6-character handle that finds the row (and that
/// wrong tries count against) and a 60-bit secret of which only the SHA-256 is kept.
/// </summary>
internal static class PersonAccessCodes
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Where the page is, on the hub's HTTP port.</summary>
    public const string SignInPath = "/me";

    /// <summary>Wrong entries a code survives; the next one locks it for good.</summary>
    public const int MaxFailedAttempts = 5;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int HandleLength = 6;
    private const int SecretLength = 12;

    /// <summary>Stores a new code for <paramref name="person"/> in the caller's transaction and returns it, grouped for reading aloud.</summary>
    public static async Task<string> IssueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PersonId person, GrantorRole holder, AgencyId issuer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (true)
        {
            var handle = RandomText(HandleLength);
            var secret = RandomText(SecretLength);
            await using var insert = connection.Command("""
                INSERT INTO person_access_code (handle, secret_hash, person_id, holder, issued_by_agency_id, issued_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (handle) DO NOTHING
                """, transaction)
                .WithParameters(handle, HashSecret(secret), person.Value, (short)holder, issuer.Value, now.UtcDateTime, (now + Lifetime).UtcDateTime);
            // 2^30 handles: a collision is rare, and then another handle is drawn.
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return Group(handle + secret);
            }
        }
    }

    /// <summary>Who a code issued at <paramref name="at"/> is for: the person, or their legal guardian while they are a minor.</summary>
    public static GrantorRole HolderFor(DateOnly birthDate, DateTimeOffset at, ConsentPolicy policy) =>
        policy.IsMinorAt(birthDate, at) ? GrantorRole.LegalGuardian : GrantorRole.Subject;

    /// <summary>
    /// Reads a code as a person types it: any case, with or without the dashes or spaces, and with
    /// Crockford's look-alikes (O for 0, I and L for 1) forgiven.
    /// </summary>
    public static bool TryParse(string? typed, out string handle, out string secret)
    {
        (handle, secret) = (string.Empty, string.Empty);
        if (string.IsNullOrEmpty(typed) || typed.Length > 64)
        {
            return false;
        }

        var code = new System.Text.StringBuilder(HandleLength + SecretLength);
        foreach (var typedCharacter in typed)
        {
            var character = char.ToUpperInvariant(typedCharacter) switch
            {
                '-' or ' ' => default(char?),
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (character is { } kept)
            {
                if (!Alphabet.Contains(kept) || code.Length == HandleLength + SecretLength)
                {
                    return false;
                }

                code.Append(kept);
            }
        }

        if (code.Length != HandleLength + SecretLength)
        {
            return false;
        }

        (handle, secret) = (code.ToString(0, HandleLength), code.ToString(HandleLength, SecretLength));
        return true;
    }

    public static byte[] HashSecret(string secret) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(secret));

    private static string RandomText(int length) => string.Create(length, 0, static (characters, _) =>
    {
        for (var i = 0; i < characters.Length; i++)
        {
            characters[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
    });

    /// <summary>Groups of three, as on a printed slip: "K7Q-M4X-…".</summary>
    private static string Group(string code) => string.Join('-', code.Chunk(3).Select(group => new string(group)));
}
