using Hub.Consent;
using Hub.Consent.Identifiers;
using Hub.Consents;
using Hub.Events;
using Hub.V1;
using Npgsql;
using Purpose = Hub.Consent.Purpose;

namespace Hub.Cases;

/// <summary>
/// Who is told of a newly published summary (E1): every other agency whose standing consents let it
/// read part of it, for some purpose, from its author — each told only of the categories it may read,
/// so an event never names a section withheld from its audience.
/// </summary>
internal static class CaseSummaryNotices
{
    private static readonly Purpose[] ConsentPurposes =
        [.. Enum.GetValues<Purpose>().Where(purpose => purpose is not Purpose.Unspecified and not Purpose.Emergency)];

    /// <summary>In the publication's transaction: one event per set of categories, to the recipients that may read exactly those.</summary>
    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CaseSummary summary, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var person = OpaqueId.Parse<PersonId>(summary.PersonId);
        var author = OpaqueId.Parse<AgencyId>(summary.AuthorAgencyId);
        var consents = new ConsentSet(person, await ConsentStore.StandingOfPersonAsync(connection, transaction, person, cancellationToken));
        var published = SummaryFilter.Categories([summary]);
        var byCategories = new Dictionary<CategorySet, List<AgencyId>>();
        foreach (var recipient in consents.Recipients.Where(recipient => recipient != author))
        {
            var readable = CategorySet.Empty;
            foreach (var purpose in ConsentPurposes)
            {
                var decision = consents.Decide(new AccessRequest { Recipient = recipient, Purpose = purpose, Categories = published, Sources = [author], At = now });
                readable = readable.Union(decision.Permitted);
            }

            if (!readable.IsEmpty)
            {
                (byCategories.TryGetValue(readable, out var audience) ? audience : byCategories[readable] = []).Add(recipient);
            }
        }

        foreach (var (categories, audience) in byCategories)
        {
            var hubEvent = new HubEvent
            {
                PersonId = person.Value,
                CaseSummaryPublished = new CaseSummaryPublished
                {
                    AuthorAgencyId = author.Value,
                    Version = summary.Version,
                    Categories = { categories.Select(ConsentMessages.ToMessage) },
                },
            };
            await Outbox.AddAsync(connection, transaction, hubEvent, audience, now, cancellationToken);
        }
    }
}
