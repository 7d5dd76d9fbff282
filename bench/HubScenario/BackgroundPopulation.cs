using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using Hub.Client;
using Hub.V1;

namespace HubScenario;

/// <summary>
/// The welfare office's other clients, so that the tables the requests read are not trivially small:
/// each person has a consent for the employment centre, every other one also a linked hospital and
/// a treatment consent for it. The scenario's reads must find their rows among these.
/// </summary>
internal static class BackgroundPopulation
{
    /// <summary>Enough calls in flight to keep the hub busy without queueing behind its connection pool.</summary>
    private const int Parallelism = 8;

    public static async Task AddAsync(GrpcChannel welfareOffice, string employmentCentreId, string hospitalId, int people, TextWriter log)
    {
        var elapsed = Stopwatch.StartNew();
        var consents = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, people), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (index, _) =>
        {
            var registered = await welfareOffice.People().RegisterPersonAsync(new RegisterPersonRequest
            {
                BirthDate = new DateOnly(1960 + (index % 40), 1 + (index % 12), 1 + (index % 28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                LocalReference = $"WEL-2024-{index:D4}",
            });
            var personId = registered.Person.PersonId;
            await ConsentGrants.GrantAsync(welfareOffice, personId, employmentCentreId, Purpose.EmploymentSupport, [DataCategory.EmploymentStatus], []);
            Interlocked.Increment(ref consents);
            if (index % 2 == 0)
            {
                await welfareOffice.People().LinkAgencyAsync(new LinkAgencyRequest { PersonId = personId, AgencyId = hospitalId, Reason = "Outpatient care" });
                await ConsentGrants.GrantAsync(welfareOffice, personId, hospitalId, Purpose.Treatment,
                    [DataCategory.SupportPlan, DataCategory.Diagnosis], [DataCategory.Diagnosis]);
                Interlocked.Increment(ref consents);
            }
        });
        await log.WriteLineAsync($"background: {people} more people with {consents} consents in {elapsed.Elapsed.TotalSeconds:F1} s");
    }
}
