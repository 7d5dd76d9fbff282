using Grpc.Net.Client;
using Hub.Client;
using Hub.V1;

namespace HubScenario;

/// <summary>
/// The scenario, through the public API as the operator and the agencies would play it: the operator
/// registers a welfare office, an employment support centre and a hospital; the welfare office
/// registers the person, links the hospital, and records the person's consents for the employment
/// centre (employment support) and the hospital (treatment, diagnosis acknowledged as sensitive); the
/// welfare office and the hospital publish their case summaries of the person. For the meeting
/// benchmarks, the employment centre registers people of its own who consent to care coordination
/// with the welfare office and the hospital.
/// </summary>
internal static class ScenarioSeeder
{
    public static async Task<ScenarioSubjects> SeedAsync(ScenarioArguments arguments, TextWriter log)
    {
        var adminSecret = (await File.ReadAllTextAsync(arguments.AdminSecretFile!)).Trim();
        RegisteredAgency welfare, employment, hospital;
        using (var operatorChannel = new AgencyCredentials(AgencyCredentials.OperatorClientId, adminSecret).Connect(arguments))
        {
            welfare = await RegisterAgencyAsync(operatorChannel, "Shinjuku Welfare and Counselling Office", AgencyKind.Welfare);
            employment = await RegisterAgencyAsync(operatorChannel, "Shinjuku Employment Support Centre", AgencyKind.Employment);
            hospital = await RegisterAgencyAsync(operatorChannel, "Tokyo Metropolitan Hospital, psychiatry", AgencyKind.Medical);
        }

        await log.WriteLineAsync($"agencies: welfare office {welfare.AgencyId}, employment centre {employment.AgencyId}, hospital {hospital.AgencyId}");

        using var welfareChannel = welfare.Client.Connect(arguments);
        var registered = await welfareChannel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1998-03-02", LocalReference = "WEL-2025-0417" });
        var personId = registered.Person.PersonId;
        await welfareChannel.People().LinkAgencyAsync(new LinkAgencyRequest
        {
            PersonId = personId,
            AgencyId = hospital.AgencyId,
            Reason = "Outpatient psychiatric care; support plan agreed with the welfare office",
        });
        await ConsentGrants.GrantAsync(welfareChannel, personId, employment.AgencyId, Purpose.EmploymentSupport,
            [DataCategory.EmploymentStatus, DataCategory.WorkplaceAccommodations], []);
        await ConsentGrants.GrantAsync(welfareChannel, personId, hospital.AgencyId, Purpose.Treatment,
            [DataCategory.SupportPlan, DataCategory.Diagnosis], [DataCategory.Diagnosis]);
        await welfareChannel.Cases().PublishCaseSummaryAsync(CaseSummaries.Welfare(personId));
        using (var hospitalChannel = hospital.Client.Connect(arguments))
        {
            await hospitalChannel.Cases().PublishCaseSummaryAsync(CaseSummaries.Hospital(personId));
        }

        await log.WriteLineAsync($"person {personId}: hospital linked, consents for the employment centre and the hospital, summaries by both");

        await BackgroundPopulation.AddAsync(welfareChannel, employment.AgencyId, hospital.AgencyId, arguments.People, log);
        using var employmentChannel = employment.Client.Connect(arguments);
        var meetingPeople = await MeetingPopulation.AddAsync(employmentChannel, welfare.AgencyId, hospital.AgencyId, arguments.MeetingPeople, log);
        return new ScenarioSubjects(personId, employment.Client, new MeetingSubjects(meetingPeople, welfare.AgencyId, hospital.AgencyId));
    }

    public static async Task<RegisteredAgency> RegisterAgencyAsync(GrpcChannel operatorChannel, string name, AgencyKind kind)
    {
        var response = await operatorChannel.Agencies().RegisterAgencyAsync(new RegisterAgencyRequest { Name = name, Kind = kind });
        return new RegisteredAgency(response.Agency.AgencyId, new AgencyCredentials(response.ClientId, response.ClientSecret));
    }
}
