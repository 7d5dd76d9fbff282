using Google.Protobuf.WellKnownTypes;
using Hub.Auth;
using Hub.Consent.Identifiers;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;
using Npgsql;

namespace Hub.Agencies;

/// <summary>Agencies and their OAuth clients in PostgreSQL.</summary>
internal sealed class AgencyStore(NpgsqlDataSource database)
{
    private const string SelectAgency =
        "SELECT a.agency_id, a.name, a.kind, c.client_id, c.disabled_at IS NOT NULL, a.created_at FROM agency a JOIN oauth_client c ON c.agency_id = a.agency_id";

    /// <summary>Creates the agency and its client (with the hashed secret) in the caller's transaction.</summary>
    public static async Task<Agency> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string name, AgencyKind kind, string secretHash, CancellationToken cancellationToken)
    {
        var agencyId = OpaqueId.New<AgencyId>().Value;
        var clientId = "client_" + agencyId;
        await using (var insertAgency = connection.Command("INSERT INTO agency (agency_id, name, kind) VALUES ($1, $2, $3)", transaction)
            .WithParameters(agencyId, name, (short)kind))
        {
            await insertAgency.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var insertClient = connection.Command("INSERT INTO oauth_client (client_id, agency_id, secret_hash, scopes) VALUES ($1, $2, $3, $4)", transaction)
            .WithParameters(clientId, agencyId, secretHash, Scopes.Agency.ToArray()))
        {
            await insertClient.ExecuteNonQueryAsync(cancellationToken);
        }

        return await FindAsync(connection, transaction, agencyId, cancellationToken) ?? throw new InvalidOperationException("The agency just inserted is missing.");
    }

    public async Task<Agency?> FindAsync(string agencyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, agencyId, cancellationToken);
    }

    /// <summary>The directory names of the agencies, by id; an id the directory lacks is left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string> agencyIds, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT agency_id, name FROM agency WHERE agency_id = ANY ($1)").WithParameters((object)agencyIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            names[reader.GetString(0)] = reader.GetString(1);
        }

        return names;
    }

    public async Task<IReadOnlyList<Agency>> ListAsync(Paging paging, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"{SelectAgency} WHERE $1::text IS NULL OR a.agency_id > $1 ORDER BY a.agency_id LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)paging.After ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = paging.Size });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var agencies = new List<Agency>();
        while (await reader.ReadAsync(cancellationToken))
        {
            agencies.Add(Read(reader));
        }

        return agencies;
    }

    /// <summary>Registers a public key for the agency's private_key_jwt assertions; null if there is no such agency.</summary>
    public async Task<string?> AddClientKeyAsync(string agencyId, string publicJwk, CancellationToken cancellationToken)
    {
        var keyId = "key_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        await using var command = database.CreateCommand(
            "INSERT INTO oauth_client_key (key_id, client_id, public_jwk) SELECT $1, client_id, $3::jsonb FROM oauth_client WHERE agency_id = $2");
        command.WithParameters(keyId, agencyId, publicJwk);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? keyId : null;
    }

    /// <summary>Replaces the agency's client secret hash; the client id, or null if there is no such agency.</summary>
    public async Task<string?> ReplaceSecretAsync(string agencyId, string secretHash, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("UPDATE oauth_client SET secret_hash = $2 WHERE agency_id = $1 RETURNING client_id");
        command.WithParameters(agencyId, secretHash);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<Agency?> DisableAsync(string agencyId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var command = connection.Command(
            "UPDATE oauth_client SET disabled_at = coalesce(disabled_at, now()), disabled_reason = coalesce(disabled_reason, $2) WHERE agency_id = $1")
            .WithParameters(agencyId, reason))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await FindAsync(connection, null, agencyId, cancellationToken);
    }

    private static async Task<Agency?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string agencyId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"{SelectAgency} WHERE a.agency_id = $1", transaction).WithParameters(agencyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static Agency Read(NpgsqlDataReader reader) => new()
    {
        AgencyId = reader.GetString(0),
        Name = reader.GetString(1),
        Kind = (AgencyKind)reader.GetInt16(2),
        ClientId = reader.GetString(3),
        Disabled = reader.GetBoolean(4),
        CreatedAt = Timestamp.FromDateTime(reader.GetFieldValue<DateTime>(5)),
    };
}
