using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.MeetingRequests;

namespace Hub.Tests.Services;

/// <summary>
/// M3 holds across nodes because PostgreSQL holds it: many schedules and reschedules into the same
/// hour, sent at once to two hub nodes (the second in a process of its own), leave exactly one meeting
/// per hour and refuse every other as MEETING_CONFLICT.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class MeetingConcurrencyTests(HubFixture fixture)
{
    private const int Slots = 5;
    private const int SchedulesPerSlot = 4;
    private const int ReschedulesPerSlot = 4;

    private readonly HubServer _hub = fixture.Hub;

    [Fact]
    public async Task M3_concurrent_conflicting_calls_on_two_nodes_leave_one_meeting_per_slot()
    {
        var cast = await Cast.AssembleAsync(_hub);
        await cast.Welfare.Channel.Consents().GrantConsentAsync(CareCoordination(cast.PersonId, cast.Hospital.AgencyId));
        await using var secondNode = await _hub.StartNodeProcessAsync();
        using var atSecondNode = BearerToken.Channel(secondNode.GrpcAddress, await _hub.TokenAsync(cast.Welfare.ClientId, cast.Welfare.ClientSecret));
        var nodes = new[] { cast.Welfare.Channel.Meetings(), new MeetingService.MeetingServiceClient(atSecondNode) };

        // Meetings to move, each on a day of its own far from the contested ones.
        var movable = new List<string>();
        for (var i = 0; i < Slots * ReschedulesPerSlot; i++)
        {
            movable.Add((await nodes[0].ScheduleMeetingAsync(Schedule(cast.PersonId, 60 + i, cast.Hospital.AgencyId))).Meeting.MeetingId);
        }

        // Every call of a slot starts within 40 minutes of the others, so any two of its hour-long meetings overlap.
        var outcomes = new ConcurrentBag<(int Slot, string Kind, StatusCode Code, string? Reason)>();
        var calls = new List<Func<Task>>();
        for (var slot = 0; slot < Slots; slot++)
        {
            var slotStart = InDays(20 + slot);
            for (var k = 0; k < SchedulesPerSlot; k++)
            {
                var (s, node, start) = (slot, nodes[k % 2], slotStart.AddMinutes(k * 10));
                calls.Add(() => RecordAsync(outcomes, s, "schedule", () => node.ScheduleMeetingAsync(ScheduleAt(cast.PersonId, start, cast.Hospital.AgencyId)).ResponseAsync));
            }

            for (var k = 0; k < ReschedulesPerSlot; k++)
            {
                var (s, node, start, meeting) = (slot, nodes[(k + 1) % 2], slotStart.AddMinutes((k * 10) + 5), movable[(slot * ReschedulesPerSlot) + k]);
                calls.Add(() => RecordAsync(outcomes, s, "reschedule", () => node.RescheduleMeetingAsync(
                    new RescheduleMeetingRequest { MeetingId = meeting, StartTime = Timestamp.FromDateTimeOffset(start) }).ResponseAsync));
            }
        }

        await Task.WhenAll(calls.Select(call => Task.Run(call)));

        for (var slot = 0; slot < Slots; slot++)
        {
            var ofSlot = outcomes.Where(outcome => outcome.Slot == slot).ToList();
            Assert.Equal(SchedulesPerSlot + ReschedulesPerSlot, ofSlot.Count);
            Assert.Single(ofSlot, outcome => outcome.Code == StatusCode.OK);
            Assert.All(ofSlot.Where(outcome => outcome.Code != StatusCode.OK), outcome => Assert.Equal((StatusCode.FailedPrecondition, "MEETING_CONFLICT"), (outcome.Code, outcome.Reason)));
        }

        Assert.Contains(outcomes, outcome => outcome is { Kind: "reschedule", Code: not StatusCode.OK });
        Assert.Equal(0L, await _hub.Database.ScalarAsync<long>($"""
            SELECT count(*) FROM meeting a JOIN meeting b ON a.person_id = b.person_id AND a.meeting_id < b.meeting_id
            WHERE a.person_id = '{cast.PersonId}' AND a.status = 1 AND b.status = 1
              AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
            """));
        // A reschedule moves a meeting and a refused one leaves it where it was: only winning schedules add one.
        Assert.Equal(
            (long)movable.Count + outcomes.Count(outcome => outcome is { Kind: "schedule", Code: StatusCode.OK }),
            await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM meeting WHERE person_id = '{cast.PersonId}' AND status = 1"));
    }

    private static async Task RecordAsync<T>(ConcurrentBag<(int, string, StatusCode, string?)> outcomes, int slot, string kind, Func<Task<T>> call)
    {
        try
        {
            await call();
            outcomes.Add((slot, kind, StatusCode.OK, null));
        }
        catch (RpcException exception)
        {
            outcomes.Add((slot, kind, exception.StatusCode, exception.GetErrorInfo()?.Reason));
        }
    }
}
