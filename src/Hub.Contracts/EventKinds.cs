namespace Hub.V1;

/// <summary>The <see cref="EventKind"/> of each kind of <see cref="HubEvent"/>: what the hub stores with an event and what watches filter by.</summary>
public static class EventKinds
{
    public static EventKind Of(HubEvent hubEvent) => hubEvent.KindCase switch
    {
        HubEvent.KindOneofCase.ConsentGranted => EventKind.ConsentGranted,
        HubEvent.KindOneofCase.ConsentRevoked => EventKind.ConsentRevoked,
        HubEvent.KindOneofCase.BreakGlassAccess => EventKind.BreakGlassAccess,
        HubEvent.KindOneofCase.MeetingScheduled => EventKind.MeetingScheduled,
        HubEvent.KindOneofCase.MeetingRescheduled => EventKind.MeetingRescheduled,
        HubEvent.KindOneofCase.MeetingCancelled => EventKind.MeetingCancelled,
        HubEvent.KindOneofCase.ParticipantConsentWithdrawn => EventKind.ParticipantConsentWithdrawn,
        HubEvent.KindOneofCase.ConsentExpired => EventKind.ConsentExpired,
        HubEvent.KindOneofCase.CaseSummaryPublished => EventKind.CaseSummaryPublished,
        HubEvent.KindOneofCase.ReviewDue => EventKind.ReviewDue,
        HubEvent.KindOneofCase.ActionItemOverdue => EventKind.ActionItemOverdue,
        HubEvent.KindOneofCase.ConsentRequestDeclined => EventKind.ConsentRequestDeclined,
        _ => throw new ArgumentException($"The event has no kind the hub delivers ({hubEvent.KindCase}).", nameof(hubEvent)),
    };
}
