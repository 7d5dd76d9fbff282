using Hub.Client;
using Hub.V1;

namespace Hub.Tests.Infrastructure;

/// <summary>
/// The agencies around one person, as the tests' stories need them: the welfare office registered the
/// person and linked the hospital; the employment centre (a consent recipient at most) and the school
/// (a stranger) are not linked.
/// </summary>
public sealed record Cast(TestAgency Welfare, TestAgency Hospital, TestAgency Employment, TestAgency School, string PersonId)
{
    public static async Task<Cast> AssembleAsync(HubServer hub, string birthDate = "1990-04-01")
    {
        var welfare = await hub.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);
        var hospital = await hub.RegisterAgencyAsync("Hospital", AgencyKind.Medical);
        var employment = await hub.RegisterAgencyAsync("Employment Centre", AgencyKind.Employment);
        var school = await hub.RegisterAgencyAsync("School", AgencyKind.School);
        var person = (await welfare.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = birthDate })).Person.PersonId;
        await welfare.Channel.People().LinkAgencyAsync(new LinkAgencyRequest { PersonId = person, AgencyId = hospital.AgencyId, Reason = "treatment" });
        return new Cast(welfare, hospital, employment, school, person);
    }
}
