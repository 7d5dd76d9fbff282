using Google.Protobuf.WellKnownTypes;
using Hub.Reliability.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Reliability.Tests.Fuzzing;

/// <summary>What hostile requests aim at: real people, agencies and a consent on the hub under test.</summary>
public static class FuzzTargets
{
    /// <summary>Things for the seeds to name: a person the calling agency registered and linked, a consent, a summary.</summary>
    public static async Task<(KnownValues Known, string CallerToken)> ArrangeAsync(HubSession session)
    {
        var welfare = await session.RegisterAgencyAsync("Fuzz Welfare Office", AgencyKind.Welfare);
        var hospital = await session.RegisterAgencyAsync("Fuzz Hospital", AgencyKind.Medical);
        var employment = await session.RegisterAgencyAsync("Fuzz Employment Centre", AgencyKind.Employment);
        var wire = session.Wire;
        var person = (await wire.CallAsync<RegisterPersonResponse>("/hub.v1.PersonService/RegisterPerson", new RegisterPersonRequest { BirthDate = "1990-04-01" }, welfare.Token)).Person.PersonId;
        await wire.CallAsync<LinkAgencyResponse>("/hub.v1.PersonService/LinkAgency", new LinkAgencyRequest { PersonId = person, AgencyId = hospital.AgencyId, Reason = "treatment" }, welfare.Token);
        var consent = (await wire.CallAsync<GrantConsentResponse>("/hub.v1.ConsentService/GrantConsent", new GrantConsentRequest
        {
            PersonId = person,
            RecipientAgencyId = employment.AgencyId,
            Purpose = Purpose.EmploymentSupport,
            Categories = { DataCategory.EmploymentStatus },
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
            GrantedBy = GrantorRole.Subject,
            CollectionMethod = CollectionMethod.Written,
        }, welfare.Token)).Consent.ConsentId;
        await wire.CallAsync<PublishCaseSummaryResponse>("/hub.v1.CaseService/PublishCaseSummary", new PublishCaseSummaryRequest
        {
            PersonId = person,
            Sections = { new CaseSection { Category = DataCategory.EmploymentStatus, Facts = "Works four hours a day." } },
        }, welfare.Token);
        var known = new KnownValues(
            PersonIds: [person],
            AgencyIds: [welfare.AgencyId, hospital.AgencyId, employment.AgencyId],
            OperatorTargetAgencyIds: [hospital.AgencyId, employment.AgencyId],
            ConsentIds: [consent],
            PublicKeyJwk: HubSession.NewPublicJwk());
        return (known, welfare.Token);
    }
}
