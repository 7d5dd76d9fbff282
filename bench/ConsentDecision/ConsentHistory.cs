using Hub.Consent;
using Hub.Consent.Identifiers;

namespace ConsentDecision;

/// <summary>Builds one person's consents in a given <see cref="Shape"/>, the same for a given seed.</summary>
public static class ConsentHistory
{
    public static readonly DateTimeOffset Now = new(2025, 10, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly PersonId Person = OpaqueId.New<PersonId>();
    public static readonly AgencyId[] Recipients = [.. Enumerable.Range(0, 50).Select(_ => OpaqueId.New<AgencyId>())];
    public static readonly AgencyId[] Sources = [.. Enumerable.Range(0, 5).Select(_ => OpaqueId.New<AgencyId>())];

    /// <summary>The purpose asked about first, so a shape with one pair puts it there.</summary>
    private static readonly Purpose[] Purposes =
        [Purpose.CareCoordination, Purpose.EmploymentSupport, Purpose.Treatment, Purpose.EducationSupport, Purpose.WelfareServicePlanning, Purpose.Emergency];
    private static readonly DataCategory[] Categories = [.. CategorySet.All];

    /// <summary>What a GetCaseSummary asks: every category, from the summaries of three source agencies.</summary>
    public static AccessRequest Request { get; } = new()
    {
        Recipient = Recipients[0],
        Purpose = Purposes[0],
        Sources = Sources[..3],
        At = Now,
    };

    public static IReadOnlyList<ConsentRecord> Build(int count, Shape shape, int seed = 1)
    {
        var random = new Random(seed);
        var pairs = shape == Shape.Spread ? Math.Clamp(count / 6, 1, Recipients.Length) * Purposes.Length : 1;
        var consents = new List<ConsentRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var pair = i % pairs;
            var age = i / pairs; // 0 for the newest consent of each pair, then older and older renewals
            var current = shape == Shape.OnePairAllActive || (shape == Shape.OnePairHistory ? age < 3 : age == 0);
            var validFrom = current ? Now.AddMonths(-random.Next(1, 12)) : Now.AddYears(-1) - (RenewalInterval(shape) * age);
            var grant = Grant(random, Recipients[pair / Purposes.Length], Purposes[pair % Purposes.Length], validFrom);
            var revoked = !current && random.Next(4) == 0;
            consents.Add(new ConsentRecord(OpaqueId.New<ConsentId>(), grant, validFrom, revoked ? validFrom.AddMonths(3) : null));
        }

        return consents;
    }

    /// <summary>How far apart past consents lie: yearly renewals where a pair has a few dozen, daily where one pair has them all (so 10,000 fit in the calendar).</summary>
    private static TimeSpan RenewalInterval(Shape shape) => shape == Shape.Spread ? TimeSpan.FromDays(365) : TimeSpan.FromDays(1);

    private static ConsentGrant Grant(Random random, AgencyId recipient, Purpose purpose, DateTimeOffset validFrom)
    {
        DataCategory[] categories = [.. random.GetItems(Categories, random.Next(1, 6)).Distinct()];
        return new ConsentGrant
        {
            Person = Person,
            Recipient = recipient,
            Purpose = purpose,
            Categories = categories,
            SensitiveAcknowledged = [.. categories.Where(category => category.IsSensitive())],
            SourceAgencies = random.Next(3) == 0 ? random.GetItems(Sources, random.Next(1, 3)) : [],
            ValidFrom = validFrom,
            ExpiresAt = validFrom.AddYears(1),
            GrantedBy = GrantorRole.Subject,
            CollectionMethod = CollectionMethod.Written,
            RecordedBy = Sources[0],
        };
    }
}
