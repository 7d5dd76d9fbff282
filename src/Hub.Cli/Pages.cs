using Google.Protobuf;
using Grpc.Core;

namespace Hub.Cli;

/// <summary>Every item of a hub.v1 list, asked for page after page.</summary>
internal static class Pages
{
    /// <summary>
    /// Calls <paramref name="call"/> until the hub hands out no more pages. hub.v1 lists all page with
    /// the fields page_token and next_page_token (buf lint's AIP naming), so they are set and read by name.
    /// </summary>
    public static async Task<IReadOnlyList<TItem>> AllAsync<TRequest, TResponse, TItem>(
        Func<TRequest, CallOptions, AsyncUnaryCall<TResponse>> call, TRequest request, Func<TResponse, IEnumerable<TItem>> items, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        var pageToken = request.Descriptor.FindFieldByName("page_token").Accessor;
        var all = new List<TItem>();
        while (true)
        {
            var page = await call(request, HubCommandLine.CallOptions(cancellationToken));
            all.AddRange(items(page));
            var nextPageToken = (string)page.Descriptor.FindFieldByName("next_page_token").Accessor.GetValue(page);
            if (nextPageToken.Length == 0)
            {
                return all;
            }

            pageToken.SetValue(request, nextPageToken);
        }
    }
}
