using Hub.Consent.Identifiers;

namespace Hub.Rpc;

/// <summary>
/// The ids a request names, parsed in one place. A malformed id names nothing, so it is NOT_FOUND,
/// exactly like one that names nothing the caller may know of.
/// </summary>
internal static class RequestIds
{
    public static PersonId Person(string value) => Parse<PersonId>(value, "Person");

    public static ConsentId Consent(string value) => Parse<ConsentId>(value, "Consent");

    public static AgencyId Agency(string value) => Parse<AgencyId>(value, "Agency");

    public static Meetings.MeetingId Meeting(string value) => Parse<Meetings.MeetingId>(value, "Meeting");

    public static Events.HubEventId Event(string value) => Parse<Events.HubEventId>(value, "Event");

    private static TId Parse<TId>(string value, string what)
        where TId : struct, IOpaqueId<TId> =>
        OpaqueId.TryParse<TId>(value, out var id) ? id : throw Errors.NotFound(what);
}
