using FsCheck;
using FsCheck.Fluent;
using Hub.Consent.Identifiers;

namespace Hub.Consent.Tests.Properties;

/// <summary>
/// Realistic scenarios: a few recipients, purposes, categories and sources, weighted so consents and
/// requests meet; windows of days around a fortnight, with revocations at random; requests at day boundaries give or take a tick, so the inclusive
/// and exclusive ends are hit often.
/// </summary>
internal static class Generators
{
    private static readonly Purpose[] Purposes = [Purpose.CareCoordination, Purpose.CareCoordination, Purpose.CareCoordination, Purpose.Treatment, Purpose.Emergency];

    private static readonly DataCategory[] Categories =
        [DataCategory.IdentityBasic, DataCategory.SupportPlan, DataCategory.DailyReports, DataCategory.CrisisPlan, DataCategory.Diagnosis];

    public static Arbitrary<Scenario> Scenarios { get; } = Scenario(Consent, Request).ToArbitrary();

    /// <summary>A scenario and one more consent, for the law that adding a consent only adds permissions.</summary>
    public static Arbitrary<(Scenario Scenario, ConsentRecord Extra)> ScenariosWithExtraConsent { get; } =
        (from scenario in Scenario(Consent, Request)
         from extra in Consent
         select (scenario, extra(Pools.ConsentIds[^1]))).ToArbitrary();

    /// <summary>A scenario and a seed to shuffle its consents with.</summary>
    public static Arbitrary<(Scenario Scenario, int Seed)> ScenariosWithSeed { get; } =
        (from scenario in Scenario(Consent, Request)
         from seed in Gen.Choose(0, int.MaxValue)
         select (scenario, seed)).ToArbitrary();

    /// <summary>Anything the types allow: undefined enums, empty ids, missing or inverted windows, the ends of time.</summary>
    public static Arbitrary<Scenario> WildScenarios { get; } = Scenario(WildConsent, WildRequest).ToArbitrary();

    private static Gen<Func<ConsentId, ConsentRecord>> Consent =>
        from recipient in Recipient
        from purpose in Gen.Elements(Purposes)
        from categories in Gen.NonEmptyListOf(Gen.Elements(Categories))
        from sources in Gen.Frequency((3, Gen.Constant(new List<AgencyId>())), (2, Gen.NonEmptyListOf(Gen.Elements(Pools.Sources))))
        from validFrom in Gen.Choose(0, 12)
        from length in Gen.Choose(1, 15)
        from revokedOn in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 20).Select(day => (int?)day)))
        select (Func<ConsentId, ConsentRecord>)(id => Record(id, recipient, purpose, [.. categories], [.. sources],
            Pools.At(validFrom, 0), Pools.At(validFrom + length, 0), revokedOn is { } day ? Pools.At(day, 0) : null));

    private static Gen<AccessRequest> Request =>
        from recipient in Recipient
        from purpose in Gen.Elements(Purposes)
        from categories in Gen.SubListOf(Categories)
        from sources in Gen.Frequency((2, Gen.Constant<List<AgencyId>?>(null)), (3, Gen.ListOf(Gen.Elements(Pools.Sources)).Select(list => (List<AgencyId>?)list)))
        from day in Gen.Choose(-1, 20)
        from ticks in Gen.Choose(-1, 1)
        select new AccessRequest { Recipient = recipient, Purpose = purpose, Categories = CategorySet.Of(categories), Sources = sources, At = Pools.At(day, ticks) };

    private static Gen<Func<ConsentId, ConsentRecord>> WildConsent =>
        from recipient in WildAgency(Pools.Recipients)
        from purpose in Gen.Choose(-2, 8).Select(value => (Purpose)value)
        from categories in Gen.ListOf(Gen.Choose(-3, 40).Select(value => (DataCategory)value))
        from sources in Gen.ListOf(WildAgency(Pools.Sources))
        from validFrom in WildInstant
        from expiresAt in Gen.Frequency((4, WildInstant.Select(instant => (DateTimeOffset?)instant)), (1, Gen.Constant<DateTimeOffset?>(null)))
        from revokedAt in Gen.Frequency((2, Gen.Constant<DateTimeOffset?>(null)), (1, WildInstant.Select(instant => (DateTimeOffset?)instant)))
        from sameIdAsAnother in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        select (Func<ConsentId, ConsentRecord>)(id => Record(sameIdAsAnother ? Pools.ConsentIds[0] : id, recipient, purpose, [.. categories], [.. sources], validFrom, expiresAt, revokedAt));

    private static Gen<AccessRequest> WildRequest =>
        from recipient in WildAgency(Pools.Recipients)
        from purpose in Gen.Choose(-2, 8).Select(value => (Purpose)value)
        from categories in Gen.SubListOf(Enum.GetValues<DataCategory>().Skip(1))
        from sources in Gen.Frequency((1, Gen.Constant<List<AgencyId>?>(null)), (3, Gen.ListOf(WildAgency(Pools.Sources)).Select(list => (List<AgencyId>?)list)))
        from at in WildInstant
        select new AccessRequest { Recipient = recipient, Purpose = purpose, Categories = CategorySet.Of(categories), Sources = sources, At = at };

    /// <summary>Mostly the first recipient, so requests and consents meet often.</summary>
    private static Gen<AgencyId> Recipient => Gen.Frequency((3, Gen.Constant(Pools.Recipients[0])), (2, Gen.Elements(Pools.Recipients)));

    private static Gen<DateTimeOffset> WildInstant => Gen.Frequency(
        (8, from day in Gen.Choose(-5, 25) from ticks in Gen.Choose(-1, 1) select Pools.At(day, ticks)),
        (1, Gen.Elements(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)));

    private static Gen<AgencyId> WildAgency(AgencyId[] pool) =>
        Gen.Frequency((8, Gen.Elements(pool)), (1, Gen.Constant(default(AgencyId))), (1, Gen.Fresh(OpaqueId.New<AgencyId>)));

    private static Gen<Scenario> Scenario(Gen<Func<ConsentId, ConsentRecord>> consent, Gen<AccessRequest> request) =>
        from count in Gen.Choose(0, 16)
        from consents in consent.ArrayOf(count)
        from asked in request
        select new Scenario([.. consents.Select((make, index) => make(Pools.ConsentIds[index]))], asked);

    private static ConsentRecord Record(
        ConsentId id, AgencyId recipient, Purpose purpose, DataCategory[] categories, AgencyId[] sources,
        DateTimeOffset validFrom, DateTimeOffset? expiresAt, DateTimeOffset? revokedAt) =>
        new(id, new ConsentGrant
        {
            Person = Pools.Person,
            Recipient = recipient,
            Purpose = purpose,
            Categories = categories,
            SensitiveAcknowledged = [.. categories.Where(category => category.IsSensitive())],
            SourceAgencies = sources,
            ValidFrom = validFrom,
            ExpiresAt = expiresAt,
            GrantedBy = GrantorRole.Subject,
            CollectionMethod = CollectionMethod.Electronic,
            RecordedBy = Pools.Sources[0],
        }, validFrom, revokedAt);
}
