using Grpc.Core;
using Hub.Consent;
using Hub.Rpc;
using Hub.V1;
using NodaTime;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Hub.Meetings;

/// <summary>
/// The checks and defaults of M1 and M4 that need no database: what a meeting request may say, and
/// what the hub fills in. Every refusal is INVALID_ARGUMENT / INVALID_FIELD naming the field.
/// </summary>
internal static class MeetingRules
{
    public const int DefaultDurationMinutes = 60;
    public const int MaxDurationMinutes = 8 * 60;
    public const int MaxParticipants = 20;
    public const int MaxAgendaItems = 20;
    public const int MaxDecisionsWanted = 20;
    public const int MaxAgreements = 50;
    public const int MaxActionItems = 50;
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 1000;
    public const int MaxUrlLength = 2000;

    /// <summary>M1: the agenda opens with the person's own wishes (seeds 003, 004) unless the coordinator says otherwise.</summary>
    public const int PersonWishesMinutes = 10;

    /// <summary>M4: the plan is reviewed about every 6 months, every 3 for a child.</summary>
    public const int AdultReviewMonths = 6;
    public const int ChildReviewMonths = 3;

    public static AgendaItem PersonWishesItem() => new()
    {
        Title = "本人の思い・希望 / The person's own wishes",
        Aim = "Hear first, in the person's own words, what they want from the support.",
        Minutes = PersonWishesMinutes,
    };

    /// <summary>An IANA zone id, or the deployment's default when <paramref name="id"/> is empty.</summary>
    public static DateTimeZone Zone(string id, string defaultZone, string field = "time_zone")
    {
        var name = id.Length == 0 ? defaultZone : id;
        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(name)
            ?? throw Errors.InvalidField(field, $"{field} must be an IANA time zone such as Asia/Tokyo.");
    }

    /// <summary>1 to 480 minutes; 0 takes <paramref name="unset"/>.</summary>
    public static int Duration(int minutes, int unset, string field = "duration_minutes") => minutes switch
    {
        0 => unset,
        >= 1 and <= MaxDurationMinutes => minutes,
        _ => throw Errors.InvalidField(field, $"{field} must lie between 1 and {MaxDurationMinutes} (8 hours); 0 keeps the default."),
    };

    /// <summary>A start in the future.</summary>
    public static DateTimeOffset Start(Timestamp? value, DateTimeOffset now, string field = "start_time")
    {
        var start = Validate.OptionalInstant(value, field) ?? throw Errors.InvalidField(field, $"{field} is required.");
        return start > now ? start : throw Errors.InvalidField(field, $"{field} must lie in the future.");
    }

    /// <summary>In person at a place, or online at an https link: exactly one.</summary>
    public static (string? Location, string? OnlineUrl) Venue(ScheduleMeetingRequest request)
    {
        switch (request.VenueCase)
        {
            case ScheduleMeetingRequest.VenueOneofCase.Location:
                return (Validate.RequiredText(request.Location, "location", MaxTitleLength), null);
            case ScheduleMeetingRequest.VenueOneofCase.OnlineUrl:
                var text = Validate.RequiredText(request.OnlineUrl, "online_url", MaxUrlLength);
                return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && url.Host.Length > 0
                    ? (null, url.AbsoluteUri)
                    : throw Errors.InvalidField("online_url", "online_url must be an absolute https link.");
            default:
                throw Errors.InvalidField("location", "A meeting is held at a location or online (online_url): give one.");
        }
    }

    /// <summary>1 to 20 agencies, each once, none of them the coordinator, each REQUIRED or OPTIONAL.</summary>
    public static IReadOnlyList<(Consent.Identifiers.AgencyId Agency, ParticipantRole Role)> Participants(
        IReadOnlyList<ParticipantInvitation> invitations, Consent.Identifiers.AgencyId coordinator)
    {
        if (invitations.Count is 0 or > MaxParticipants)
        {
            throw Errors.InvalidField("participants", $"participants must name 1 to {MaxParticipants} agencies.");
        }

        var seen = new HashSet<Consent.Identifiers.AgencyId>();
        var participants = new List<(Consent.Identifiers.AgencyId, ParticipantRole)>();
        for (var i = 0; i < invitations.Count; i++)
        {
            var agency = Validate.AgencyIdField(invitations[i].AgencyId, $"participants[{i}].agency_id");
            if (agency == coordinator)
            {
                throw Errors.InvalidField($"participants[{i}].agency_id", "The coordinator convenes the meeting and is not one of its participants.");
            }

            if (!seen.Add(agency))
            {
                throw Errors.InvalidField($"participants[{i}].agency_id", "participants names an agency more than once.");
            }

            participants.Add((agency, Validate.DefinedEnum(invitations[i].Role, $"participants[{i}].role")));
        }

        return participants;
    }

    /// <summary>
    /// At most 20 items, each titled, whose minutes (with the person's wishes, when they come first)
    /// add up to at most the meeting's duration.
    /// </summary>
    public static IReadOnlyList<AgendaItem> Agenda(IReadOnlyList<AgendaItem> items, bool personWishesFirst, int durationMinutes)
    {
        if (items.Count > MaxAgendaItems)
        {
            throw Errors.InvalidField("agenda", $"agenda may hold at most {MaxAgendaItems} items.");
        }

        var agenda = new List<AgendaItem>();
        if (personWishesFirst)
        {
            agenda.Add(PersonWishesItem());
        }

        for (var i = 0; i < items.Count; i++)
        {
            var minutes = items[i].Minutes;
            agenda.Add(new AgendaItem
            {
                Title = Validate.RequiredText(items[i].Title, $"agenda[{i}].title", MaxTitleLength),
                Aim = Validate.OptionalText(items[i].Aim, $"agenda[{i}].aim", MaxTextLength) ?? string.Empty,
                Minutes = minutes is >= 0 and <= MaxDurationMinutes ? minutes
                    : throw Errors.InvalidField($"agenda[{i}].minutes", $"agenda[{i}].minutes must lie between 0 and {MaxDurationMinutes}."),
            });
        }

        var total = agenda.Sum(item => item.Minutes);
        return total <= durationMinutes ? agenda
            : throw Errors.InvalidField("agenda", personWishesFirst
                ? $"The agenda's minutes add up to {total} (with {PersonWishesMinutes} for the person's own wishes), more than the meeting's {durationMinutes}."
                : $"The agenda's minutes add up to {total}, more than the meeting's {durationMinutes}.");
    }

    public static IReadOnlyList<string> DecisionsWanted(IReadOnlyList<string> decisions)
    {
        if (decisions.Count > MaxDecisionsWanted)
        {
            throw Errors.InvalidField("decisions_wanted", $"decisions_wanted may hold at most {MaxDecisionsWanted} items.");
        }

        return [.. decisions.Select((decision, i) => Validate.RequiredText(decision, $"decisions_wanted[{i}]", MaxTextLength))];
    }

    /// <summary>
    /// M4: the review day when the coordinator names none — 6 months after the meeting's day in its
    /// zone, 3 when the person is under the age of majority on that day; or the day the coordinator
    /// names, which may not precede the meeting's day.
    /// </summary>
    public static LocalDate ReviewDate(string requested, LocalDate meetingDay, DateOnly birthDate, int ageOfMajority)
    {
        if (requested.Length > 0)
        {
            var date = Date(requested, "next_review_date");
            return date >= meetingDay ? date : throw Errors.InvalidField("next_review_date", "next_review_date may not precede the meeting's day.");
        }

        var child = Age.InYears(birthDate, meetingDay.ToDateOnly()) < ageOfMajority;
        return meetingDay.PlusMonths(child ? ChildReviewMonths : AdultReviewMonths);
    }

    /// <summary>A calendar day written YYYY-MM-DD.</summary>
    public static LocalDate Date(string value, string field) => LocalDate.FromDateOnly(Validate.Date(value, field));

    /// <summary>The meeting's calendar day in its zone.</summary>
    public static LocalDate Day(DateTimeOffset start, DateTimeZone zone) => Instant.FromDateTimeOffset(start).InZone(zone).Date;

    /// <summary>A participant's answer: ACCEPTED, DECLINED or TENTATIVE.</summary>
    public static ParticipationStatus Answer(ParticipationStatus status) =>
        status is ParticipationStatus.Accepted or ParticipationStatus.Declined or ParticipationStatus.Tentative
            ? status
            : throw Errors.InvalidField("status", "status must be ACCEPTED, DECLINED or TENTATIVE.");

    public static RpcException NotScheduled(MeetingStatus status) => Errors.FailedPrecondition(
        status == MeetingStatus.Cancelled ? "The meeting was cancelled." : "The meeting was held; its outcome is recorded.",
        status == MeetingStatus.Cancelled ? "MEETING_CANCELLED" : "MEETING_HELD");
}
