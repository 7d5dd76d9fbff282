using Grpc.Net.Client;
using Hub.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary>The hub's directory of agencies, every page of it.</summary>
internal static class AgencyDirectory
{
    public static Task<IReadOnlyList<Agency>> ListAsync(GrpcChannel channel, CancellationToken cancellationToken) =>
        Pages.AllAsync(channel.Agencies().ListAgenciesAsync, new ListAgenciesRequest(), page => page.Agencies, cancellationToken);
}
