using System.Globalization;
using Hub.Consent.Identifiers;
using Hub.Rpc;
using Hub.V1;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Hub.Meetings;

/// <summary>
/// ListMeetings pages. A page this node answered is answered again from memory for as long as
/// PostgreSQL says nothing on it changed: the same meetings in the same order, each at the revision
/// it was read at, and no participation withdrawn since (migration 0013). Asking costs one index scan
/// of the page's keys; what a hit saves is reading the meetings' participants and agenda and building
/// the answer — most of a page's cost, as partner systems poll the same pages. The question goes to
/// the database on every call, so a change made through any node is seen at once, a withdrawal too.
/// </summary>
internal sealed class MeetingPages(MeetingStore meetings, IOptions<MeetingOptions> options) : IDisposable
{
    // Sized in meetings, so the bound is on memory whatever the page sizes asked for.
    private readonly MemoryCache? _pages = options.Value.ListCacheMeetings > 0
        ? new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.ListCacheMeetings })
        : null;

    public async Task<ListMeetingsResponse> ListAsync(AgencyId viewer, PersonId? person, DateTimeOffset? startAfter, Paging paging, CancellationToken cancellationToken)
    {
        if (_pages is null)
        {
            return (await ReadAsync(viewer, person, startAfter, paging, cancellationToken)).Response;
        }

        var versions = await meetings.VersionsAsync(viewer, person, startAfter, paging.After, paging.Size, cancellationToken);
        if (versions.Meetings is null)
        {
            return new ListMeetingsResponse();
        }

        var key = new PageKey(viewer, person, startAfter, paging);
        if (_pages.TryGetValue(key, out CachedPage? cached) && cached!.Versions == versions)
        {
            // Shared by every call that finds it, and sent as the bytes it was written to once.
            return cached.Response;
        }

        var (response, read) = await ReadAsync(viewer, person, startAfter, paging, cancellationToken);
        // Tagged with the revisions the meetings were read at and the epoch read before them: what is
        // kept is never older than its tags, so any later change shows as a mismatch.
        SerializedResponses.Keep(response);
        _pages.Set(key, new CachedPage(new PageVersions(versions.Epoch, PageVersions.Of(read)), response), new MemoryCacheEntryOptions { Size = Math.Max(read.Count, 1) });
        return response;
    }

    public void Dispose() => _pages?.Dispose();

    private async Task<(ListMeetingsResponse Response, IReadOnlyList<StoredMeeting> Read)> ReadAsync(
        AgencyId viewer, PersonId? person, DateTimeOffset? startAfter, Paging paging, CancellationToken cancellationToken)
    {
        var page = await meetings.ListAsync(viewer, person, startAfter, paging.After, paging.Size, cancellationToken);
        var response = new ListMeetingsResponse
        {
            Meetings = { page.Select(meeting => MeetingMessages.ToMessage(meeting, viewer)) },
            NextPageToken = paging.NextToken(page.Count, page.Count > 0 ? MeetingStore.PageKey(page[^1]) : null),
        };
        return (response, page);
    }

    private readonly record struct PageKey(AgencyId Viewer, PersonId? Person, DateTimeOffset? StartAfter, Paging Paging);

    private sealed record CachedPage(PageVersions Versions, ListMeetingsResponse Response);
}

/// <summary>
/// What a page holds now (<see cref="MeetingStore.VersionsAsync"/>): the withdrawal epoch and its
/// meetings in order as <c>id:revision</c>, comma-separated; null for an empty page.
/// </summary>
internal sealed record PageVersions(long Epoch, string? Meetings)
{
    /// <summary>The <see cref="Meetings"/> text of meetings read, as PostgreSQL writes it for the page.</summary>
    public static string Of(IEnumerable<StoredMeeting> page) =>
        string.Join(',', page.Select(meeting => string.Create(CultureInfo.InvariantCulture, $"{meeting.Id.Value}:{meeting.Revision}")));
}
