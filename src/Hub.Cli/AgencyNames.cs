using Grpc.Net.Client;
using Hub.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// The names of the agencies an answer mentions, asked for one by one with GetAgency, so a reader
/// sees "Tokyo Metropolitan Hospital" where the hub answers with an agency id.
/// </summary>
internal sealed class AgencyNames
{
    private readonly Dictionary<string, string> _names;

    private AgencyNames(Dictionary<string, string> names) => _names = names;

    public static async Task<AgencyNames> LookUpAsync(GrpcChannel channel, IEnumerable<string> agencyIds, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var agencyId in agencyIds.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal))
        {
            var response = await channel.Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = agencyId }, HubCommandLine.CallOptions(cancellationToken));
            names[agencyId] = response.Agency.Name;
        }

        return new AgencyNames(names);
    }

    /// <summary>The agency's name; its id when it was not looked up.</summary>
    public string Name(string agencyId) => _names.GetValueOrDefault(agencyId, agencyId);

    /// <summary>"Name (id)", for a single record where the id is worth copying.</summary>
    public string NameAndId(string agencyId) => _names.TryGetValue(agencyId, out var name) ? $"{name} ({agencyId})" : agencyId;
}
