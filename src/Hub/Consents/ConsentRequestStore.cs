using Hub.Consent;
using Hub.Consent.Identifiers;
using Hub.Rpc;
using Hub.Storage;
using Npgsql;

namespace Hub.Consents;

/// <summary>Consent requests (C9) in PostgreSQL, apart from consent rows so that no decision ever reads one.</summary>
internal sealed class ConsentRequestStore(NpgsqlDataSource database)
{
    private const string Columns = """
        consent_id, person_id, recipient_agency_id, purpose, categories, source_agency_ids, valid_from, expires_at,
        explanation, requested_by_agency_id, created_at, answered_at, approved
        """;

    private const int MaxOpenShown = 50;

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredConsentRequest request, CancellationToken cancellationToken)
    {
        await using var insert = connection.Command($"""
            INSERT INTO consent_request ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL)
            """, transaction).WithParameters(
            request.Id.Value,
            request.Person.Value,
            request.Recipient.Value,
            (short)request.Purpose,
            request.Categories.Select(category => (short)category).ToArray(),
            request.SourceAgencies.Select(agency => agency.Value).ToArray(),
            request.ValidFrom?.UtcDateTime,
            request.ExpiresAt.UtcDateTime,
            request.Explanation,
            request.RequestedBy.Value,
            request.CreatedAt.UtcDateTime);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoredConsentRequest?> FindAsync(ConsentId id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM consent_request WHERE consent_id = $1").WithParameters(id.Value);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The request, its row locked until the transaction ends, so it is answered once.</summary>
    public static async Task<StoredConsentRequest?> FindForAnswerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ConsentId id, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {Columns} FROM consent_request WHERE consent_id = $1 FOR UPDATE", transaction).WithParameters(id.Value);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The requests the person has yet to answer, newest first.</summary>
    public async Task<IReadOnlyList<StoredConsentRequest>> OpenOfPersonAsync(PersonId person, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM consent_request WHERE person_id = $1 AND answered_at IS NULL
            ORDER BY created_at DESC, consent_id DESC LIMIT $2
            """).WithParameters(person.Value, MaxOpenShown);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// The person's requests not (yet) turned into consents — open and declined — newest first, after
    /// <paramref name="after"/> (a <see cref="Paging.TimeKey"/> of creation time and id, as consents
    /// page, so the two merge into one list); an approved one is listed as its consent.
    /// </summary>
    public async Task<IReadOnlyList<StoredConsentRequest>> UnapprovedOfPersonAsync(PersonId person, string? after, int limit, CancellationToken cancellationToken)
    {
        var (afterCreated, afterId) = Paging.ParseTimeKey(after);
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM consent_request
            WHERE person_id = $1 AND approved IS NOT TRUE AND ($2::timestamptz IS NULL OR (created_at, consent_id) < ($2, $3))
            ORDER BY created_at DESC, consent_id DESC LIMIT $4
            """).WithParameters(person.Value, afterCreated, afterId, limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    public static async Task AnswerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ConsentId id, bool approved, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var update = connection.Command("UPDATE consent_request SET answered_at = $2, approved = $3 WHERE consent_id = $1 AND answered_at IS NULL", transaction)
            .WithParameters(id.Value, at.UtcDateTime, approved);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<StoredConsentRequest>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var requests = new List<StoredConsentRequest>();
        while (await reader.ReadAsync(cancellationToken))
        {
            requests.Add(new StoredConsentRequest
            {
                Id = OpaqueId.Parse<ConsentId>(reader.GetString(0)),
                Person = OpaqueId.Parse<PersonId>(reader.GetString(1)),
                Recipient = OpaqueId.Parse<AgencyId>(reader.GetString(2)),
                Purpose = (Purpose)reader.GetInt16(3),
                Categories = [.. reader.GetFieldValue<short[]>(4).Select(number => (DataCategory)number)],
                SourceAgencies = [.. reader.GetFieldValue<string[]>(5).Select(OpaqueId.Parse<AgencyId>)],
                ValidFrom = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                ExpiresAt = reader.GetFieldValue<DateTimeOffset>(7),
                Explanation = reader.GetString(8),
                RequestedBy = OpaqueId.Parse<AgencyId>(reader.GetString(9)),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(10),
                AnsweredAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                Approved = reader.IsDBNull(12) ? null : reader.GetBoolean(12),
            });
        }

        return requests;
    }
}
