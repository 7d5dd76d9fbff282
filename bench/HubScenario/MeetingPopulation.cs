using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using Hub.Client;
using Hub.V1;

namespace HubScenario;

/// <summary>
/// The people whose case meetings the employment centre convenes in the meeting benchmarks: it
/// registers each (so it is linked), and each consents to care coordination with the welfare office
/// and the hospital, the meetings' participants (M2).
/// </summary>
internal static class MeetingPopulation
{
    private const int Parallelism = 8;

    public static async Task<IReadOnlyList<string>> AddAsync(GrpcChannel employmentCentre, string welfareOfficeId, string hospitalId, int people, TextWriter log)
    {
        var elapsed = Stopwatch.StartNew();
        var ids = new string[people];
        await Parallel.ForEachAsync(Enumerable.Range(0, people), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (index, _) =>
        {
            var registered = await employmentCentre.People().RegisterPersonAsync(new RegisterPersonRequest
            {
                BirthDate = new DateOnly(1970 + (index % 35), 1 + (index % 12), 1 + (index % 28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                LocalReference = $"SESC-MTG-{index:D4}",
            });
            ids[index] = registered.Person.PersonId;
            foreach (var participant in new[] { welfareOfficeId, hospitalId })
            {
                await ConsentGrants.GrantAsync(employmentCentre, ids[index], participant, Purpose.CareCoordination, [DataCategory.SupportPlan], []);
            }
        });
        await log.WriteLineAsync($"meetings: {people} people of the employment centre, each consenting to care coordination with the welfare office and the hospital, in {elapsed.Elapsed.TotalSeconds:F1} s");
        return ids;
    }
}
