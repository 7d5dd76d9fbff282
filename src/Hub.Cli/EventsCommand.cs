using System.CommandLine;
using Hub.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// <c>hubctl events watch|ack</c>: the agency's events (DESIGN.md E1–E3) as they happen, one line
/// each, resuming by itself when the connection breaks; and the acknowledgment of one, which the
/// person sees in their access log.
/// </summary>
internal static class EventsCommand
{
    public static Command Create() => new("events", "The events addressed to your agency (as an agency)")
    {
        Watch(),
        Acknowledge(),
    };

    private static Command Watch()
    {
        var after = new Option<string>("--after") { Description = "Resume after this cursor (from an earlier line); from now when left out", DefaultValueFactory = _ => string.Empty };
        var kinds = EnumOptions.List<EventKind>("--kinds", "Only these kinds");
        var count = new Option<int>("--count") { Description = "Stop after this many events; watch until interrupted when left out" };
        var command = new Command("watch", "Print each event as it comes: cursor, time, kind, person, event id and what happened") { after, kinds, count };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var output = HubCommandLine.Output(parse);
            var watcher = new EventWatcher(channel.Events()) { Cursor = parse.GetRequiredValue(after) };
            var wanted = parse.GetValue(count);
            var printed = 0;
            await foreach (var item in watcher.WatchAsync(parse.GetValue(kinds), cancellationToken))
            {
                if (item.Event is not { } delivered)
                {
                    continue;
                }

                var hubEvent = delivered.Event;
                output.Line(string.Join("  ", delivered.Cursor, TextOutput.Time(hubEvent.OccurredAt), Kind(hubEvent), hubEvent.PersonId, hubEvent.EventId, What(hubEvent)));
                if (++printed == wanted)
                {
                    break;
                }
            }

            return 0;
        });
        return command;
    }

    private static Command Acknowledge()
    {
        var eventId = new Argument<string>("event-id") { Description = "The event (ev_…) addressed to your agency" };
        var command = new Command("ack", "Acknowledge an event, such as a withdrawal of consent; the person sees when") { eventId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Events().AcknowledgeEventAsync(
                new AcknowledgeEventRequest { EventId = parse.GetRequiredValue(eventId) }, HubCommandLine.CallOptions(cancellationToken));
            HubCommandLine.Output(parse).Fields(("acknowledged", TextOutput.Time(response.AcknowledgedAt)), ("access record", response.AccessRecordId));
            return 0;
        });
        return command;
    }

    private static string Kind(HubEvent hubEvent) => ProtoEnum<EventKind>.ShortName(EventKinds.Of(hubEvent));

    /// <summary>The event's own facts, in a few words.</summary>
    private static string What(HubEvent hubEvent) => hubEvent.KindCase switch
    {
        HubEvent.KindOneofCase.ConsentGranted => Consent(hubEvent.ConsentGranted.Consent),
        HubEvent.KindOneofCase.ConsentRevoked => Consent(hubEvent.ConsentRevoked.Consent),
        HubEvent.KindOneofCase.ConsentExpired => Consent(hubEvent.ConsentExpired.Consent),
        HubEvent.KindOneofCase.ConsentRequestDeclined => Consent(hubEvent.ConsentRequestDeclined.Consent),
        HubEvent.KindOneofCase.BreakGlassAccess =>
            $"by {hubEvent.BreakGlassAccess.AccessorAgencyId}: {hubEvent.BreakGlassAccess.Justification} (record {hubEvent.BreakGlassAccess.AccessRecordId})",
        HubEvent.KindOneofCase.CaseSummaryPublished =>
            $"{hubEvent.CaseSummaryPublished.AuthorAgencyId} v{hubEvent.CaseSummaryPublished.Version}: {TextOutput.Categories(hubEvent.CaseSummaryPublished.Categories)}",
        HubEvent.KindOneofCase.MeetingScheduled => Meeting(hubEvent.MeetingScheduled),
        HubEvent.KindOneofCase.MeetingRescheduled => Meeting(hubEvent.MeetingRescheduled),
        HubEvent.KindOneofCase.MeetingCancelled => Meeting(hubEvent.MeetingCancelled),
        HubEvent.KindOneofCase.ParticipantConsentWithdrawn =>
            $"meeting {hubEvent.ParticipantConsentWithdrawn.MeetingId}: {hubEvent.ParticipantConsentWithdrawn.AgencyId} withdrawn",
        HubEvent.KindOneofCase.ReviewDue => $"meeting {hubEvent.ReviewDue.MeetingId}: review on {hubEvent.ReviewDue.ReviewDate}",
        HubEvent.KindOneofCase.ActionItemOverdue =>
            $"meeting {hubEvent.ActionItemOverdue.MeetingId}: \"{hubEvent.ActionItemOverdue.Description}\" was due {hubEvent.ActionItemOverdue.DueDate}",
        _ => string.Empty,
    };

    private static string Consent(V1.Consent consent) =>
        $"consent {consent.ConsentId} to {consent.RecipientAgencyId} for {ProtoEnum<Purpose>.ShortName(consent.Purpose)}: {TextOutput.Categories(consent.Categories)}";

    private static string Meeting(MeetingNotice notice) =>
        $"meeting {notice.MeetingId} at {TextOutput.Time(notice.StartTime)} ({notice.TimeZone}, {notice.DurationMinutes} min)";
}
