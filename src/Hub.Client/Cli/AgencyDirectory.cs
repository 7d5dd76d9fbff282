using Hub.Protocol;
using Hub.V1;

namespace Hub.Client.Cli;

/// <summary>The hub's directory of agencies, every page of it.</summary>
internal static class AgencyDirectory
{
    public static Task<IReadOnlyList<Agency>> ListAsync(GrpcChannel channel, CancellationToken cancellationToken) =>
        Pages.AllAsync(channel, HubMethods.ListAgencies, new ListAgenciesRequest(), page => page.Agencies, cancellationToken);
}
