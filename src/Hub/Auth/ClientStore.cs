using Hub.Consent.Identifiers;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Hub.Auth;

/// <summary>The token service's view of its clients: secrets, keys, scopes, and assertion ids already used.</summary>
internal sealed class ClientStore(NpgsqlDataSource database)
{
    public async Task<OAuthClient?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT client_id, agency_id, secret_hash, scopes, disabled_at IS NOT NULL FROM oauth_client WHERE client_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = clientId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new OAuthClient(
            reader.GetString(0),
            reader.IsDBNull(1) ? null : OpaqueId.Parse<AgencyId>(reader.GetString(1)),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetFieldValue<string[]>(3),
            reader.GetBoolean(4));
    }

    /// <summary>The client's assertion keys: the one named by <paramref name="keyId"/>, or all of them when none is named.</summary>
    public async Task<IReadOnlyList<JsonWebKey>> FindKeysAsync(string clientId, string? keyId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT public_jwk::text FROM oauth_client_key WHERE client_id = $1 AND ($2::text IS NULL OR key_id = $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = clientId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)keyId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<JsonWebKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Jwks.TryParsePublic(reader.GetString(0), out var key, out _))
            {
                keys.Add(key!);
            }
        }

        return keys;
    }

    /// <summary>
    /// Records an assertion id as used; false if it was used before (a replay). Expired ids are
    /// swept in the same statement, so the table holds only ids that could still be replayed.
    /// </summary>
    public async Task<bool> TryUseAssertionIdAsync(string clientId, string jti, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            WITH swept AS (DELETE FROM oauth_assertion_jti WHERE expires_at < $4)
            INSERT INTO oauth_assertion_jti (client_id, jti, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (client_id, jti) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = clientId });
        command.Parameters.Add(new NpgsqlParameter { Value = jti });
        command.Parameters.Add(new NpgsqlParameter { Value = expiresAt });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
