using Hub.Reliability.Tests.Infrastructure;
using Hub.Testing;
using Hub.V1;

namespace Hub.Reliability.Tests;

/// <summary>What a unique constraint answers when requests race for it: the same as when they come one after the other.</summary>
public sealed class RaceTests
{
    private const int Registrations = 160;

    [Fact]
    public async Task Concurrent_registrations_under_one_local_reference_answer_already_exists_all_but_one()
    {
        await using var session = await HubSession.StartAsync();
        var agency = await session.RegisterAgencyAsync("Race Employment Centre", AgencyKind.Employment);
        using var gate = new SemaphoreSlim(16);

        var answers = await Task.WhenAll(Enumerable.Range(0, Registrations).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await session.Wire.SendAsync("/hub.v1.PersonService/RegisterPerson", WireClient.Frame(new RegisterPersonRequest
                {
                    BirthDate = "2001-02-03",
                    LocalReference = "SESC-2026-0007",
                    RequestId = $"race-{i}",
                }), WireClient.Bearer(agency.Token));
            }
            finally
            {
                gate.Release();
            }
        }));

        var created = Assert.Single(answers, answer => answer.Status == GrpcCode.Ok);
        var person = RegisterPersonResponse.Parser.ParseFrom(created.Messages[0].Span).Person.PersonId;
        var refused = answers.Where(answer => answer != created).ToList();
        Assert.Equal(Registrations - 1, refused.Count);
        Assert.All(refused, answer =>
        {
            Assert.Equal(GrpcCode.AlreadyExists, answer.Status);
            Assert.Equal("PERSON_ALREADY_REGISTERED", answer.ErrorInfo?.Reason);
            Assert.Equal(person, answer.ErrorInfo?.Metadata["person_id"]);
        });
    }
}
