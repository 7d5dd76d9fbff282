using Hub.Consent.Identifiers;
using Hub.Consents;
using Hub.Rpc;
using Hub.Storage;
using Npgsql;

namespace Hub.People;

/// <summary>
/// The one place that answers "may agency X act on person P". Acting for the person (registering
/// links, recording consents, reading their access records) takes a link; reading what the person
/// consented to for X also suits a recipient of one of the person's consents. Any other agency gets
/// NOT_FOUND, the same answer as for a person id that doesn't exist, so it can't learn that P exists.
/// </summary>
internal sealed class PersonAccessPolicy(NpgsqlDataSource database)
{
    private const string IsLinkedSql = "SELECT EXISTS (SELECT 1 FROM person_link WHERE person_id = $1 AND agency_id = $2)";

    /// <summary>The person, when <paramref name="agency"/> is linked to them; NOT_FOUND otherwise.</summary>
    public async Task<PersonId> RequireLinkAsync(AgencyId agency, string personId, CancellationToken cancellationToken)
    {
        var person = RequestIds.Person(personId);
        return await IsLinkedAsync(agency, person, cancellationToken) ? person : throw Errors.NotFound("Person");
    }

    /// <summary>
    /// The person, when <paramref name="agency"/> is linked to them or was ever given one of their
    /// consents (even one since revoked or expired: it already knows the person); NOT_FOUND otherwise.
    /// </summary>
    public async Task<(PersonId Person, bool Linked)> RequireLinkOrConsentAsync(AgencyId agency, string personId, CancellationToken cancellationToken)
    {
        var person = RequestIds.Person(personId);
        await using var command = database.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM person_link WHERE person_id = $1 AND agency_id = $2),
                   EXISTS (SELECT 1 FROM consent WHERE person_id = $1 AND recipient_agency_id = $2)
            """).WithParameters(person.Value, agency.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var linked = reader.GetBoolean(0);
        return linked || reader.GetBoolean(1) ? (person, linked) : throw Errors.NotFound("Person");
    }

    /// <summary>Whether <paramref name="agency"/> may see <paramref name="consent"/>: its recipient, or an agency linked to its person (C7).</summary>
    public async Task<bool> MaySeeAsync(AgencyId agency, StoredConsent consent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await MaySeeAsync(connection, null, agency, consent, cancellationToken);
    }

    /// <summary>
    /// <see cref="MaySeeAsync(AgencyId, StoredConsent, CancellationToken)"/> on the caller's connection:
    /// a call that holds a pooled connection must not wait for a second one, or a full pool deadlocks.
    /// </summary>
    public static async Task<bool> MaySeeAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, AgencyId agency, StoredConsent consent, CancellationToken cancellationToken)
    {
        if (consent.Grant.Recipient == agency)
        {
            return true;
        }

        await using var command = connection.Command(IsLinkedSql, transaction).WithParameters(consent.Grant.Person.Value, agency.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public async Task<bool> IsLinkedAsync(AgencyId agency, PersonId person, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(IsLinkedSql).WithParameters(person.Value, agency.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Every agency linked to the person, in the caller's transaction: who is told about changes to their consents.</summary>
    public static async Task<IReadOnlyList<AgencyId>> LinkedAgenciesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PersonId person, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT agency_id FROM person_link WHERE person_id = $1", transaction).WithParameters(person.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var agencies = new List<AgencyId>();
        while (await reader.ReadAsync(cancellationToken))
        {
            agencies.Add(OpaqueId.Parse<AgencyId>(reader.GetString(0)));
        }

        return agencies;
    }
}
