using Hub.Audit;
using Hub.Consent.Identifiers;
using Hub.Consent;
using Hub.Rpc;
using Hub.Storage;
using Npgsql;

namespace Hub.Consents;

/// <summary>
/// Consents in PostgreSQL. Every read goes to the database, never to a cache: a revocation committed
/// by any node must bind the very next decision on every node (C3).
/// </summary>
internal sealed class ConsentStore(NpgsqlDataSource database)
{
    private const string Columns = """
        consent_id, person_id, recipient_agency_id, purpose, categories, sensitive_acknowledged, source_agency_ids,
        valid_from, expires_at, granted_by, collection_method, evidence_reference, recorded_by_agency_id, created_at,
        revoked_at, revoked_by_agency_id, revocation_reason, revoked_by_person
        """;

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredConsent consent, CancellationToken cancellationToken)
    {
        var grant = consent.Grant;
        await using var insert = connection.Command($"""
            INSERT INTO consent ({Columns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL, NULL, NULL, false)
            """, transaction).WithParameters(
            consent.Id.Value,
            grant.Person.Value,
            grant.Recipient.Value,
            (short)grant.Purpose,
            Numbers(grant.Categories),
            Numbers(grant.SensitiveAcknowledged),
            grant.SourceAgencies.Select(agency => agency.Value).ToArray(),
            grant.ValidFrom.UtcDateTime,
            grant.ExpiresAt!.Value.UtcDateTime,
            (short)grant.GrantedBy,
            (short)grant.CollectionMethod,
            consent.EvidenceReference,
            grant.RecordedBy.Value,
            consent.Record.RecordedAt.UtcDateTime);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks the consent revoked; false when it already was (the row is locked by <see cref="FindAsync(NpgsqlConnection, NpgsqlTransaction, ConsentId, CancellationToken)"/> first).</summary>
    public static async Task<bool> RevokeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ConsentId consent, Actor revokedBy, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var update = connection.Command(
            "UPDATE consent SET revoked_at = $2, revoked_by_agency_id = $3, revocation_reason = $4, revoked_by_person = $5 WHERE consent_id = $1 AND revoked_at IS NULL", transaction)
            .WithParameters(consent.Value, at.UtcDateTime, revokedBy.IsPerson ? null : revokedBy.Value, reason, revokedBy.IsPerson);
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<StoredConsent?> FindAsync(ConsentId consent, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM consent WHERE consent_id = $1").WithParameters(consent.Value);
        return await ReadSingleAsync(command, cancellationToken);
    }

    /// <summary>The consent, read in the caller's transaction and locked against concurrent revocation until it ends.</summary>
    public static async Task<StoredConsent?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ConsentId consent, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {Columns} FROM consent WHERE consent_id = $1 FOR UPDATE", transaction).WithParameters(consent.Value);
        return await ReadSingleAsync(command, cancellationToken);
    }

    /// <summary>
    /// In the caller's transaction: marks announced, and returns, up to <paramref name="limit"/>
    /// unrevoked consents whose expiry has passed and was not announced yet; rows another transaction
    /// is announcing are skipped, not waited for.
    /// </summary>
    public static async Task<IReadOnlyList<StoredConsent>> AnnounceExpiredAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"""
            UPDATE consent SET expiry_announced = true
            WHERE consent_id IN (
                SELECT consent_id FROM consent
                WHERE NOT expiry_announced AND revoked_at IS NULL AND expires_at <= $1
                ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """, transaction).WithParameters(now.UtcDateTime, limit);
        var consents = new List<StoredConsent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            consents.Add(Read(reader));
        }

        return consents;
    }

    /// <summary>
    /// Consents newest first, of one person, given to one recipient, or both; <paramref name="after"/> is
    /// the <see cref="Paging.TimeKey"/> (creation time, id) of the last consent of the page before.
    /// </summary>
    public async Task<IReadOnlyList<StoredConsent>> ListAsync(PersonId? person, AgencyId? recipient, string? after, int limit, CancellationToken cancellationToken)
    {
        var (afterCreated, afterId) = Paging.ParseTimeKey(after);
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM consent
            WHERE ($1::text IS NULL OR person_id = $1) AND ($2::text IS NULL OR recipient_agency_id = $2)
              AND ($3::timestamptz IS NULL OR (created_at, consent_id) < ($3, $4))
            ORDER BY created_at DESC, consent_id DESC
            LIMIT $5
            """).WithParameters(person?.Value, recipient?.Value, afterCreated, afterId, limit);
        var consents = new List<StoredConsent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            consents.Add(Read(reader));
        }

        return consents;
    }

    /// <summary>Every unrevoked consent of the person, whoever it names, read in the caller's transaction.</summary>
    public static async Task<IReadOnlyList<ConsentRecord>> StandingOfPersonAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PersonId person, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {Columns} FROM consent WHERE person_id = $1 AND revoked_at IS NULL", transaction)
            .WithParameters(person.Value);
        var consents = new List<ConsentRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            consents.Add(Read(reader).Record);
        }

        return consents;
    }

    /// <summary>
    /// What a decision for <paramref name="recipient"/> about <paramref name="person"/> needs, in one round
    /// trip: whether the recipient is linked to the person, and every consent the person gave it.
    /// </summary>
    public async Task<DecisionInput> DecisionInputAsync(PersonId person, AgencyId recipient, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        AddDecisionInput(batch, person, recipient);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await ReadDecisionInputAsync(reader, cancellationToken);
    }

    /// <summary>Adds the query of a decision's input to a batch that will read it with <see cref="ReadDecisionInputAsync"/>.</summary>
    /// <remarks>
    /// One statement, not two: the link flag rides on every row (last column), and the outer join
    /// yields one row of NULL consent columns when there is no consent, so the flag always arrives.
    /// </remarks>
    public static void AddDecisionInput(NpgsqlBatch batch, PersonId person, AgencyId recipient) =>
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT {Columns}, link.linked
            FROM (SELECT EXISTS (SELECT 1 FROM person_link WHERE person_id = $1 AND agency_id = $2) AS linked) link
            LEFT JOIN consent ON person_id = $1 AND recipient_agency_id = $2
            """).WithParameters(person.Value, recipient.Value));

    /// <summary>Reads the result of <see cref="AddDecisionInput"/> and moves the reader past it.</summary>
    public static async Task<DecisionInput> ReadDecisionInputAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        const int linkedColumn = 18; // after the 18 of Columns
        var linked = false;
        var consents = new List<ConsentRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            linked = reader.GetBoolean(linkedColumn);
            if (!reader.IsDBNull(0))
            {
                consents.Add(Read(reader).Record);
            }
        }

        await reader.NextResultAsync(cancellationToken);
        return new DecisionInput(linked, consents);
    }

    private static async Task<StoredConsent?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static StoredConsent Read(NpgsqlDataReader reader)
    {
        var grant = new ConsentGrant
        {
            Person = OpaqueId.Parse<PersonId>(reader.GetString(1)),
            Recipient = OpaqueId.Parse<AgencyId>(reader.GetString(2)),
            Purpose = (Purpose)reader.GetInt16(3),
            Categories = Categories(reader.GetFieldValue<short[]>(4)),
            SensitiveAcknowledged = Categories(reader.GetFieldValue<short[]>(5)),
            SourceAgencies = [.. reader.GetFieldValue<string[]>(6).Select(OpaqueId.Parse<AgencyId>)],
            ValidFrom = reader.GetFieldValue<DateTimeOffset>(7),
            ExpiresAt = reader.GetFieldValue<DateTimeOffset>(8),
            GrantedBy = (GrantorRole)reader.GetInt16(9),
            CollectionMethod = (CollectionMethod)reader.GetInt16(10),
            RecordedBy = OpaqueId.Parse<AgencyId>(reader.GetString(12)),
        };
        var record = new ConsentRecord(
            OpaqueId.Parse<ConsentId>(reader.GetString(0)),
            grant,
            reader.GetFieldValue<DateTimeOffset>(13),
            reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14));
        return new StoredConsent(
            record,
            reader.IsDBNull(11) ? null : reader.GetString(11),
            reader.GetBoolean(17) ? Actor.Person(grant.Person) : reader.IsDBNull(15) ? null : Actor.Agency(OpaqueId.Parse<AgencyId>(reader.GetString(15))),
            reader.IsDBNull(16) ? null : reader.GetString(16));
    }

    private static short[] Numbers(IEnumerable<DataCategory> categories) => [.. categories.Select(category => (short)category)];

    private static DataCategory[] Categories(short[] numbers) => [.. numbers.Select(number => (DataCategory)number)];
}

/// <summary>A recipient's standing with a person: linked or not, and every consent the person gave it.</summary>
internal sealed record DecisionInput(bool Linked, IReadOnlyList<ConsentRecord> Consents)
{
    /// <summary>Neither linked nor ever consented to: the agency must not learn the person exists.</summary>
    public bool IsStranger => !Linked && Consents.Count == 0;
}
