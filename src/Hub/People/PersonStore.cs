using Google.Protobuf.WellKnownTypes;
using Hub.Consent.Identifiers;
using Hub.Storage;
using Hub.V1;
using Npgsql;

namespace Hub.People;

/// <summary>People and the agencies linked to them, in PostgreSQL.</summary>
internal sealed class PersonStore(NpgsqlDataSource database)
{
    private const string BirthDateSql = "SELECT birth_date FROM person WHERE person_id = $1";

    /// <summary>
    /// Creates a person linked to the registering agency, in the caller's transaction. When the
    /// agency already registered this local reference, nothing is created and that person's id comes back instead.
    /// </summary>
    public static async Task<(PersonId PersonId, bool Created)> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AgencyId agency, DateOnly birthDate, string? localReference, CancellationToken cancellationToken)
    {
        if (localReference is not null)
        {
            // Registrations racing under one reference queue here, so each later one finds the first's
            // person and answers as it would have one after the other, instead of failing the unique index.
            await AdvisoryLock.TakeAsync(connection, transaction, $"person_link/{agency}/{localReference}", cancellationToken);
            await using var existing = connection.Command("SELECT person_id FROM person_link WHERE agency_id = $1 AND local_reference = $2", transaction)
                .WithParameters(agency.Value, localReference);
            if (await existing.ExecuteScalarAsync(cancellationToken) is string known)
            {
                return (OpaqueId.Parse<PersonId>(known), false);
            }
        }

        var personId = OpaqueId.New<PersonId>();
        await using (var insertPerson = connection.Command("INSERT INTO person (person_id, birth_date) VALUES ($1, $2)", transaction)
            .WithParameters(personId.Value, birthDate))
        {
            await insertPerson.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var link = connection.Command(
            "INSERT INTO person_link (person_id, agency_id, local_reference, reason, linked_by_agency_id) VALUES ($1, $2, $3, $4, $2)", transaction)
            .WithParameters(personId.Value, agency.Value, localReference, "registered the person"))
        {
            await link.ExecuteNonQueryAsync(cancellationToken);
        }

        return (personId, true);
    }

    /// <summary>Links an agency; linking one already linked changes nothing.</summary>
    public static async Task LinkAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PersonId person, AgencyId agency, string reason, AgencyId linkedBy, CancellationToken cancellationToken)
    {
        await using var link = connection.Command(
            "INSERT INTO person_link (person_id, agency_id, reason, linked_by_agency_id) VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, agency_id) DO NOTHING",
            transaction).WithParameters(person.Value, agency.Value, reason, linkedBy.Value);
        await link.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Person?> FindAsync(PersonId person, CancellationToken cancellationToken) => FindAsync(database, null, null, person, cancellationToken);

    public static Task<Person?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PersonId person, CancellationToken cancellationToken) =>
        FindAsync(null, connection, transaction, person, cancellationToken);

    /// <summary>The person's date of birth (C6 asks it of every grant); null for no such person.</summary>
    public async Task<DateOnly?> BirthDateAsync(PersonId person, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(BirthDateSql).WithParameters(person.Value);
        return await ReadBirthDateAsync(command, cancellationToken);
    }

    /// <summary>
    /// <see cref="BirthDateAsync(PersonId, CancellationToken)"/> on the caller's connection: a call that
    /// holds a pooled connection for its transaction must not wait for a second one, or a full pool deadlocks.
    /// </summary>
    public static async Task<DateOnly?> BirthDateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PersonId person, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(BirthDateSql, transaction).WithParameters(person.Value);
        return await ReadBirthDateAsync(command, cancellationToken);
    }

    /// <summary>The agency's own reference for the person, if it registered one.</summary>
    public async Task<string?> LocalReferenceAsync(PersonId person, AgencyId agency, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT local_reference FROM person_link WHERE person_id = $1 AND agency_id = $2")
            .WithParameters(person.Value, agency.Value);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<Person?> FindAsync(
        NpgsqlDataSource? database, NpgsqlConnection? connection, NpgsqlTransaction? transaction, PersonId person, CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT p.birth_date, p.created_at, l.agency_id, l.reason, l.linked_by_agency_id, l.linked_at
            FROM person p LEFT JOIN person_link l ON l.person_id = p.person_id
            WHERE p.person_id = $1
            ORDER BY l.linked_at, l.agency_id
            """;
        await using var command = (database?.CreateCommand(Sql) ?? connection!.Command(Sql, transaction)).WithParameters(person.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        Person? found = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            found ??= new Person
            {
                PersonId = person.Value,
                BirthDate = reader.GetFieldValue<DateOnly>(0).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                CreatedAt = Timestamp.FromDateTime(reader.GetFieldValue<DateTime>(1)),
            };
            if (!reader.IsDBNull(2))
            {
                found.Links.Add(new PersonLink
                {
                    AgencyId = reader.GetString(2),
                    Reason = reader.GetString(3),
                    LinkedByAgencyId = reader.GetString(4),
                    LinkedAt = Timestamp.FromDateTime(reader.GetFieldValue<DateTime>(5)),
                });
            }
        }

        return found;
    }

    private static async Task<DateOnly?> ReadBirthDateAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetFieldValue<DateOnly>(0) : null;
    }
}
