using Hub.Meetings;
using NodaTime;

namespace Hub.PersonPage;

/// <summary>P1: the person's consents, the latest of their access log, and their case meetings.</summary>
internal sealed class IndexModel(PersonPageData data, TimeProvider clock) : PersonPageModel
{
    private const int RecentAccessShown = 10;

    public IReadOnlyList<RequestView> Requests { get; private set; } = [];

    public IReadOnlyList<ConsentView> Consents { get; private set; } = [];

    public IReadOnlyList<AccessView> RecentAccess { get; private set; } = [];

    public IReadOnlyList<MeetingView> Meetings { get; private set; } = [];

    public IReadOnlyList<MeetingView> UpcomingMeetings { get; private set; } = [];

    public IReadOnlyList<MeetingView> PastMeetings { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var person = Session.Person;
        var cancellationToken = HttpContext.RequestAborted;
        Requests = await data.OpenRequestsAsync(person, cancellationToken);
        Consents = await data.ConsentsAsync(person, cancellationToken);
        RecentAccess = await data.AccessLogAsync(person, null, cancellationToken, RecentAccessShown);
        Meetings = await data.MeetingsAsync(person, cancellationToken);
        var now = clock.GetUtcNow();
        UpcomingMeetings = [.. Meetings.Where(view => view.Meeting.EndsAt > now).Reverse()];
        PastMeetings = [.. Meetings.Where(view => view.Meeting.EndsAt <= now)];
    }

    /// <summary>A meeting's time in its own zone, as its invitation gives it.</summary>
    public string MeetingTime(StoredMeeting meeting) =>
        $"{Text.Date(meeting.StartsAt, DateTimeZoneProviders.Tzdb[meeting.TimeZone])} ({meeting.DurationMinutes} {Text.Minutes})";
}
