using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using Hub.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// <c>hubctl meeting schedule|get|list|respond|reschedule|cancel|outcome|reviews|actions|ics</c>: joint
/// case meetings (サービス担当者会議, DESIGN.md M1–M6), as a coordinator or a participant agency.
/// </summary>
internal static class MeetingCommand
{
    public static Command Create() => new("meeting", "Joint case meetings of the agencies the person consented to for care coordination (as an agency)")
    {
        Schedule(),
        Get(),
        List(),
        Respond(),
        Reschedule(),
        Cancel(),
        Outcome(),
        Reviews(),
        Actions(),
        Ics(),
    };

    private static Command Schedule()
    {
        var personId = new Argument<string>("person-id") { Description = "The person the meeting is about; your agency is linked to them and convenes it" };
        var participants = new Option<string>("--participants")
        {
            Description = "The agencies taking part, comma-separated ids; each REQUIRED, or OPTIONAL with :optional after the id (ag_x:optional)",
            Required = true,
        };
        var start = InstantOptions.Create("--start", "When the meeting starts");
        start.Required = true;
        var zone = new Option<string>("--zone") { Description = "The IANA time zone it is held in; the hub's default (Asia/Tokyo) when left out", DefaultValueFactory = _ => string.Empty };
        var duration = new Option<int>("--duration") { Description = "Minutes, 1 to 480; 60 when left out" };
        var location = new Option<string>("--location") { Description = "Where it is held in person" };
        var onlineUrl = new Option<string>("--online-url") { Description = "The https link of an online meeting" };
        var personAbsent = new Option<bool>("--person-absent") { Description = "The person does not attend (they do by default)" };
        var agenda = new Option<string[]>("--agenda")
        {
            Description = "An agenda item as MINUTES:TITLE or MINUTES:TITLE:AIM; repeat for each, in order",
            AllowMultipleArgumentsPerToken = false,
        };
        var noWishes = new Option<bool>("--no-wishes-first") { Description = "Don't open the agenda with the person's own wishes (it does by default, 10 minutes)" };
        var decisions = new Option<string[]>("--decision") { Description = "A decision the meeting is to take; repeat for each" };
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command("schedule", "Convene a meeting of agencies holding the person's care-coordination consent through its end")
        {
            personId, participants, start, zone, duration, location, onlineUrl, personAbsent, agenda, noWishes, decisions, requestId,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(location) is null) == (result.GetValue(onlineUrl) is null))
            {
                result.AddError("Give --location or --online-url, one of them.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ScheduleMeetingRequest
            {
                PersonId = parse.GetRequiredValue(personId),
                Participants = { ParseParticipants(parse.GetRequiredValue(participants)) },
                StartTime = parse.GetValue(start),
                TimeZone = parse.GetRequiredValue(zone),
                DurationMinutes = parse.GetValue(duration),
                PersonAttends = !parse.GetValue(personAbsent),
                PersonWishesFirst = !parse.GetValue(noWishes),
                Agenda = { (parse.GetValue(agenda) ?? []).Select(ParseAgendaItem) },
                DecisionsWanted = { parse.GetValue(decisions) ?? [] },
                RequestId = parse.GetRequiredValue(requestId),
            };
            if (parse.GetValue(location) is { } place)
            {
                request.Location = place;
            }
            else
            {
                request.OnlineUrl = parse.GetValue(onlineUrl)!;
            }

            using var channel = HubCommandLine.OpenChannel(parse);
            var meeting = (await channel.Meetings().ScheduleMeetingAsync(request, HubCommandLine.CallOptions(cancellationToken))).Meeting;
            await MeetingOutput.PrintAsync(HubCommandLine.Output(parse), channel, meeting, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Get()
    {
        var meetingId = MeetingIdArgument();
        var command = new Command("get", "Show a meeting you convene or take part in") { meetingId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var meeting = (await channel.Meetings().GetMeetingAsync(new GetMeetingRequest { MeetingId = parse.GetRequiredValue(meetingId) }, HubCommandLine.CallOptions(cancellationToken))).Meeting;
            await MeetingOutput.PrintAsync(HubCommandLine.Output(parse), channel, meeting, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var person = new Option<string>("--person") { Description = "Only meetings about this person" };
        var from = InstantOptions.Create("--from", "Only meetings starting then or later");
        var command = new Command("list", "The meetings you convene or take part in, by start") { person, from };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var request = new ListMeetingsRequest { PersonId = parse.GetValue(person) ?? string.Empty, StartAfter = parse.GetValue(from) };
            var meetings = await Pages.AllAsync(channel.Meetings().ListMeetingsAsync, request, page => page.Meetings, cancellationToken);
            MeetingOutput.PrintTable(HubCommandLine.Output(parse), meetings);
            return 0;
        });
        return command;
    }

    private static Command Respond()
    {
        var meetingId = MeetingIdArgument();
        var status = new Option<string>("--status") { Description = "Your answer: ACCEPTED, DECLINED or TENTATIVE", Required = true };
        status.AcceptOnlyFromAmong("ACCEPTED", "DECLINED", "TENTATIVE", "accepted", "declined", "tentative");
        var comment = new Option<string>("--comment") { Description = "A word with your answer (who comes, what you bring)", DefaultValueFactory = _ => string.Empty };
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command("respond", "Answer the invitation to a meeting your agency takes part in") { meetingId, status, comment, requestId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            ProtoEnum<ParticipationStatus>.TryParseShortName(parse.GetRequiredValue(status), out var answer);
            using var channel = HubCommandLine.OpenChannel(parse);
            var meeting = (await channel.Meetings().RespondToInvitationAsync(
                new RespondToInvitationRequest
                {
                    MeetingId = parse.GetRequiredValue(meetingId),
                    Status = answer,
                    Comment = parse.GetRequiredValue(comment),
                    RequestId = parse.GetRequiredValue(requestId),
                },
                HubCommandLine.CallOptions(cancellationToken))).Meeting;
            await MeetingOutput.PrintAsync(HubCommandLine.Output(parse), channel, meeting, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Reschedule()
    {
        var meetingId = MeetingIdArgument();
        var start = InstantOptions.Create("--start", "When the meeting now starts");
        start.Required = true;
        var zone = new Option<string>("--zone") { Description = "A new IANA time zone; the meeting's own when left out", DefaultValueFactory = _ => string.Empty };
        var duration = new Option<int>("--duration") { Description = "New minutes, 1 to 480; the meeting's own when left out" };
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command("reschedule", "Move a meeting you convene; consents and the person's other meetings are checked again, and everyone is asked again")
        {
            meetingId, start, zone, duration, requestId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var meeting = (await channel.Meetings().RescheduleMeetingAsync(
                new RescheduleMeetingRequest
                {
                    MeetingId = parse.GetRequiredValue(meetingId),
                    StartTime = parse.GetValue(start),
                    TimeZone = parse.GetRequiredValue(zone),
                    DurationMinutes = parse.GetValue(duration),
                    RequestId = parse.GetRequiredValue(requestId),
                },
                HubCommandLine.CallOptions(cancellationToken))).Meeting;
            await MeetingOutput.PrintAsync(HubCommandLine.Output(parse), channel, meeting, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Cancel()
    {
        var meetingId = MeetingIdArgument();
        var reason = new Option<string>("--reason") { Description = "Why, for the participants", Required = true };
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command("cancel", "Call off a meeting you convene") { meetingId, reason, requestId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var meeting = (await channel.Meetings().CancelMeetingAsync(
                new CancelMeetingRequest { MeetingId = parse.GetRequiredValue(meetingId), Reason = parse.GetRequiredValue(reason), RequestId = parse.GetRequiredValue(requestId) },
                HubCommandLine.CallOptions(cancellationToken))).Meeting;
            await MeetingOutput.PrintAsync(HubCommandLine.Output(parse), channel, meeting, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Outcome()
    {
        var meetingId = MeetingIdArgument();
        var file = new Option<FileInfo>("--file")
        {
            Description = "A JSON object: {\"agreements\": [{\"text\": \"…\", \"confirmed_by_person\": true, \"person_words\": \"…\"}], "
                + "\"action_items\": [{\"description\": \"…\", \"owner_agency_id\": \"ag_…\", \"due_date\": \"YYYY-MM-DD\"}], \"next_review_date\": \"YYYY-MM-DD\"}; "
                + "the review date may be left out (6 months on, 3 for a child)",
            HelpName = "outcome.json",
            Required = true,
        }.AcceptExistingOnly();
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command("outcome", "Record what a meeting you convened agreed, once it has started") { meetingId, file, requestId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            RecordOutcomeRequest request;
            try
            {
                request = JsonParser.Default.Parse<RecordOutcomeRequest>(await File.ReadAllTextAsync(parse.GetRequiredValue(file).FullName, cancellationToken));
            }
            catch (InvalidProtocolBufferException exception)
            {
                throw new UsageException($"--file: {exception.Message}");
            }

            request.MeetingId = parse.GetRequiredValue(meetingId);
            request.RequestId = parse.GetRequiredValue(requestId);
            using var channel = HubCommandLine.OpenChannel(parse);
            var meeting = (await channel.Meetings().RecordOutcomeAsync(request, HubCommandLine.CallOptions(cancellationToken))).Meeting;
            await MeetingOutput.PrintAsync(HubCommandLine.Output(parse), channel, meeting, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Reviews()
    {
        var dueBefore = new Option<string>("--due-before") { Description = "YYYY-MM-DD: reviews falling due before this day", Required = true };
        var command = new Command("reviews", "Your people whose plan review falls due: the review date of the last meeting you held about each") { dueBefore };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var reviews = await Pages.AllAsync(
                channel.Meetings().ListDueReviewsAsync, new ListDueReviewsRequest { DueBefore = parse.GetRequiredValue(dueBefore) }, page => page.Reviews, cancellationToken);
            HubCommandLine.Output(parse).Table(["DUE", "PERSON", "MEETING"], [.. reviews.Select(review => new[] { review.ReviewDate, review.PersonId, review.MeetingId })]);
            return 0;
        });
        return command;
    }

    private static Command Actions()
    {
        var owner = new Option<string>("--owner") { Description = "Only items this agency owns" };
        var overdue = new Option<bool>("--overdue") { Description = "Only items whose due date has passed" };
        var command = new Command("actions", "Action items of the meetings you convened or own items of") { owner, overdue };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var items = await Pages.AllAsync(
                channel.Meetings().ListActionItemsAsync,
                new ListActionItemsRequest { OwnerAgencyId = parse.GetValue(owner) ?? string.Empty, OverdueOnly = parse.GetValue(overdue) },
                page => page.ActionItems,
                cancellationToken);
            var names = await AgencyNames.LookUpAsync(channel, items.Select(item => item.OwnerAgencyId), cancellationToken);
            MeetingOutput.PrintActionItems(HubCommandLine.Output(parse), items, names);
            return 0;
        });
        return command;
    }

    private static Command Ics()
    {
        var meetingId = MeetingIdArgument();
        var command = new Command("ics", "Print the meeting as an iCalendar object (RFC 5545), for a calendar to import") { meetingId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var ics = (await channel.Meetings().GetMeetingCalendarAsync(new GetMeetingCalendarRequest { MeetingId = parse.GetRequiredValue(meetingId) }, HubCommandLine.CallOptions(cancellationToken))).Ics;
            await parse.InvocationConfiguration.Output.WriteAsync(ics);
            return 0;
        });
        return command;
    }

    private static Argument<string> MeetingIdArgument() => new("meeting-id") { Description = "The meeting's id" };

    /// <summary>"ag_a,ag_b:optional": each id REQUIRED unless marked :optional.</summary>
    private static IEnumerable<ParticipantInvitation> ParseParticipants(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry =>
        {
            var parts = entry.Split(':', 2);
            return parts.Length == 1 || parts[1].Equals("required", StringComparison.OrdinalIgnoreCase)
                ? new ParticipantInvitation { AgencyId = parts[0], Role = ParticipantRole.Required }
                : parts[1].Equals("optional", StringComparison.OrdinalIgnoreCase)
                    ? new ParticipantInvitation { AgencyId = parts[0], Role = ParticipantRole.Optional }
                    : throw new UsageException($"--participants: '{entry}' is not AGENCY_ID or AGENCY_ID:optional.");
        });

    /// <summary>"20:How work went" or "20:How work went:Hear each view".</summary>
    private static AgendaItem ParseAgendaItem(string text)
    {
        var parts = text.Split(':', 3);
        return parts.Length >= 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            ? new AgendaItem { Minutes = minutes, Title = parts[1], Aim = parts.Length == 3 ? parts[2] : string.Empty }
            : throw new UsageException($"--agenda: '{text}' is not MINUTES:TITLE or MINUTES:TITLE:AIM.");
    }
}
