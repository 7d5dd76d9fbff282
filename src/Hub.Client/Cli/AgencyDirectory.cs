using Hub.Protocol;
using Hub.V1;

namespace Hub.Client.Cli;

/// <summary>The hub's directory of agencies, every page of it.</summary>
internal static class AgencyDirectory
{
    public static async Task<IReadOnlyList<Agency>> ListAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        var agencies = new List<Agency>();
        var request = new ListAgenciesRequest();
        do
        {
            var page = await channel.UnaryCall(HubMethods.ListAgencies, request, HubCommandLine.CallOptions(cancellationToken));
            agencies.AddRange(page.Agencies);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return agencies;
    }
}
