using System.Security.Cryptography;
using Hub.Audit;
using Hub.Consent;
using Hub.Consent.Identifiers;
using Hub.People;
using Hub.Storage;
using Hub.V1;
using Microsoft.Extensions.Options;
using Npgsql;
using GrantorRole = Hub.Consent.GrantorRole;
using Purpose = Hub.Consent.Purpose;

namespace Hub.PersonPage;

/// <summary>Who is signed in to the page: the person, or their guardian (the code's holder), for that person alone (P3).</summary>
internal readonly record struct PersonSession(PersonId Person, GrantorRole Holder);

/// <summary>
/// Redeems one-time codes for page sessions and keeps those sessions. The cookie carries a random
/// token; the database keeps its SHA-256, when it was last used, and whether it was ended — so a
/// session works on every node and a signed-out cookie is worth nothing anywhere.
/// </summary>
internal sealed class PersonSessions(
    NpgsqlDataSource database, AuditTrail audit, TimeProvider clock, IOptions<PersonPageOptions> options, ILogger<PersonSessions> logger)
{
    private const int TokenBytes = 32;

    /// <summary>How stale the stored last use may get: the idle timeout is kept to within this.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A new session token for a right, unused, unexpired, unlocked code; otherwise null, with a wrong
    /// secret counted against the code. Signing in is an audit record with the person as actor.
    /// </summary>
    public async Task<string?> SignInAsync(string? typedCode, CancellationToken cancellationToken)
    {
        if (!PersonAccessCodes.TryParse(typedCode, out var handle, out var secret))
        {
            return null;
        }

        var now = StoredPrecision.Of(clock.GetUtcNow());
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        using var audited = audit.Follow(transaction);
        await using (var find = connection.Command("""
            SELECT secret_hash, person_id, holder FROM person_access_code
            WHERE handle = $1 AND used_at IS NULL AND expires_at > $2 AND failed_attempts < $3
            FOR UPDATE
            """, transaction).WithParameters(handle, now.UtcDateTime, PersonAccessCodes.MaxFailedAttempts))
        {
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var (storedHash, person, holder) = (reader.GetFieldValue<byte[]>(0), OpaqueId.Parse<PersonId>(reader.GetString(1)), (GrantorRole)reader.GetInt16(2));
            await reader.DisposeAsync();
            if (!CryptographicOperations.FixedTimeEquals(storedHash, PersonAccessCodes.HashSecret(secret)))
            {
                await using var count = connection.Command("UPDATE person_access_code SET failed_attempts = failed_attempts + 1 WHERE handle = $1 RETURNING failed_attempts", transaction)
                    .WithParameters(handle);
                var attempts = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
                await transaction.CommitAsync(cancellationToken);
                if (attempts == PersonAccessCodes.MaxFailedAttempts)
                {
                    PersonPageLog.CodeLocked(logger, handle, attempts);
                }

                return null;
            }

            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            await using var start = connection.Command("""
                WITH used AS (UPDATE person_access_code SET used_at = $2 WHERE handle = $1)
                INSERT INTO person_session (token_hash, person_id, holder, started_at, last_seen_at) VALUES ($3, $4, $5, $2, $2)
                """, transaction).WithParameters(handle, now.UtcDateTime, HashToken(token), person.Value, (short)holder);
            await start.ExecuteNonQueryAsync(cancellationToken);
            await audit.AppendAsync(connection, transaction,
            [
                new AuditEntry
                {
                    Person = person,
                    Accessor = Actor.Person(person),
                    Action = AuditAction.PersonSignedIn,
                    Purpose = Purpose.Unspecified,
                    Categories = CategorySet.Empty,
                },
            ], cancellationToken);
            await audited.CommitAsync(cancellationToken);
            return token;
        }
    }

    /// <summary>
    /// The session the token names, if it is neither ended nor idle too long; using it keeps it alive.
    /// Its last use is written at most once a minute, so reading a page is a read, not a write.
    /// </summary>
    public async Task<PersonSession?> ResumeAsync(string token, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hash = HashToken(token);
        await using var find = database.CreateCommand("""
            SELECT person_id, holder, last_seen_at FROM person_session
            WHERE token_hash = $1 AND ended_at IS NULL AND last_seen_at > $2
            """).WithParameters(hash, (now - options.Value.IdleTimeout).UtcDateTime);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var session = new PersonSession(OpaqueId.Parse<PersonId>(reader.GetString(0)), (GrantorRole)reader.GetInt16(1));
        var lastSeen = reader.GetFieldValue<DateTimeOffset>(2);
        await reader.DisposeAsync();
        if (now - lastSeen > TouchInterval)
        {
            await using var touch = database.CreateCommand("UPDATE person_session SET last_seen_at = $2 WHERE token_hash = $1 AND ended_at IS NULL")
                .WithParameters(hash, now.UtcDateTime);
            await touch.ExecuteNonQueryAsync(cancellationToken);
        }

        return session;
    }

    /// <summary>Signing out: the session ends for good.</summary>
    public async Task EndAsync(string token, CancellationToken cancellationToken)
    {
        await using var end = database.CreateCommand("UPDATE person_session SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL")
            .WithParameters(HashToken(token), clock.GetUtcNow().UtcDateTime);
        await end.ExecuteNonQueryAsync(cancellationToken);
    }

    private static byte[] HashToken(string token) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));
}
