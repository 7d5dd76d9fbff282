using Google.Protobuf.WellKnownTypes;
using Hub.Consent.Identifiers;
using Hub.Consents;
using Hub.Storage;
using Hub.V1;
using Npgsql;

namespace Hub.Cases;

/// <summary>Case summaries in PostgreSQL: every published version kept, the current one of each author served.</summary>
internal sealed class CaseSummaryStore(NpgsqlDataSource database)
{
    private const string CurrentSections = """
        SELECT s.author_agency_id, s.version, s.published_at, c.category, c.facts, c.assessment, c.plan, c.person_words
        FROM case_summary s JOIN case_section c USING (person_id, author_agency_id, version)
        WHERE s.person_id = $1 AND s.is_current AND ($2::text[] IS NULL OR s.author_agency_id = ANY ($2))
        ORDER BY s.author_agency_id, c.category
        """;

    /// <summary>Publishes the next version of the author's summary, superseding the current one, in the caller's transaction.</summary>
    public static async Task<CaseSummary> PublishAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PersonId person, AgencyId author, IReadOnlyList<CaseSection> sections, DateTimeOffset now, CancellationToken cancellationToken)
    {
        int version;
        // Two publications by one author at once would both take the same next version number.
        await AdvisoryLock.TakeAsync(connection, transaction, $"case_summary/{person}/{author}", cancellationToken);

        await using (var latest = connection.Command(
            "SELECT coalesce(max(version), 0) + 1 FROM case_summary WHERE person_id = $1 AND author_agency_id = $2", transaction)
            .WithParameters(person.Value, author.Value))
        {
            version = (int)(await latest.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE case_summary SET is_current = false WHERE person_id = $1 AND author_agency_id = $2 AND is_current")
            .WithParameters(person.Value, author.Value));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO case_summary (person_id, author_agency_id, version, published_at, is_current) VALUES ($1, $2, $3, $4, true)")
            .WithParameters(person.Value, author.Value, version, now.UtcDateTime));
        foreach (var section in sections)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO case_section (person_id, author_agency_id, version, category, facts, assessment, plan, person_words)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """).WithParameters(person.Value, author.Value, version, (short)section.Category, section.Facts, section.Assessment, section.Plan, section.PersonWords));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return new CaseSummary
        {
            PersonId = person.Value,
            AuthorAgencyId = author.Value,
            Version = version,
            PublishedAt = Timestamp.FromDateTimeOffset(StoredPrecision.Of(now)),
            Sections = { sections },
        };
    }

    /// <summary>
    /// Everything a read needs, in one round trip: the reader's standing with the person, and the
    /// current summaries (of the given authors, or all), sections in category order.
    /// </summary>
    public async Task<(DecisionInput Reader, IReadOnlyList<CaseSummary> Summaries)> ReadInputAsync(
        PersonId person, AgencyId reader, IReadOnlyCollection<AgencyId>? authors, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        ConsentStore.AddDecisionInput(batch, person, reader);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(CurrentSections).WithParameters(person.Value, authors?.Select(author => author.Value).ToArray()));
        await using var results = await batch.ExecuteReaderAsync(cancellationToken);
        var standing = await ConsentStore.ReadDecisionInputAsync(results, cancellationToken);
        return (standing, await ReadSummariesAsync(results, person, cancellationToken));
    }

    /// <summary>The current summaries of the person, in the caller's transaction.</summary>
    public static async Task<IReadOnlyList<CaseSummary>> CurrentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PersonId person, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(CurrentSections, transaction).WithParameters(person.Value, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadSummariesAsync(reader, person, cancellationToken);
    }

    private static async Task<IReadOnlyList<CaseSummary>> ReadSummariesAsync(NpgsqlDataReader reader, PersonId person, CancellationToken cancellationToken)
    {
        var summaries = new List<CaseSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var author = reader.GetString(0);
            if (summaries.Count == 0 || summaries[^1].AuthorAgencyId != author)
            {
                summaries.Add(new CaseSummary
                {
                    PersonId = person.Value,
                    AuthorAgencyId = author,
                    Version = reader.GetInt32(1),
                    PublishedAt = Timestamp.FromDateTime(reader.GetFieldValue<DateTime>(2)),
                });
            }

            summaries[^1].Sections.Add(new CaseSection
            {
                Category = (DataCategory)reader.GetInt16(3),
                Facts = reader.GetString(4),
                Assessment = reader.GetString(5),
                Plan = reader.GetString(6),
                PersonWords = reader.GetString(7),
            });
        }

        return summaries;
    }
}
