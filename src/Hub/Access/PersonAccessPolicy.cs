using Hub.Consent.Identifiers;
using Npgsql;

namespace Hub.Access;

/// <summary>
/// The one place that answers "may agency X act on person P": X must be linked to P (consent-based
/// access joins here with the consent service). Any other agency gets NOT_FOUND, the same answer as
/// for a person id that doesn't exist, so it can't learn that P exists.
/// </summary>
internal sealed class PersonAccessPolicy(NpgsqlDataSource database)
{
    /// <summary>The person, when <paramref name="agency"/> may act on them; NOT_FOUND otherwise.</summary>
    public async Task<PersonId> RequireLinkAsync(AgencyId agency, string personId, CancellationToken cancellationToken)
    {
        if (!OpaqueId.TryParse<PersonId>(personId, out var person))
        {
            throw Errors.NotFound("Person");
        }

        await using var command = database.CreateCommand("SELECT EXISTS (SELECT 1 FROM person_link WHERE person_id = $1 AND agency_id = $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = person.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = agency.Value });
        return await command.ExecuteScalarAsync(cancellationToken) is true ? person : throw Errors.NotFound("Person");
    }
}
