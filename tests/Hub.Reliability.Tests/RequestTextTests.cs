using Google.Protobuf;
using Google.Protobuf.Reflection;
using Hub.Reliability.Tests.Fuzzing;
using Hub.Reliability.Tests.Infrastructure;
using Hub.Testing;
using Xunit.Abstractions;

namespace Hub.Reliability.Tests;

/// <summary>
/// A NUL in any string field of any request, at any depth, is the client's mistake: INVALID_ARGUMENT
/// with INVALID_FIELD naming the field's path, never a database error. The fields are found from the
/// descriptors, so one added to the contract is tried without a change here.
/// </summary>
public sealed class RequestTextTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_nul_in_any_string_field_is_invalid_field_naming_its_path()
    {
        await using var session = await HubSession.StartAsync();
        var (known, callerToken) = await FuzzTargets.ArrangeAsync(session);
        var tried = new List<string>();
        var wrong = new List<string>();

        foreach (var rpc in HubRpc.All)
        {
            var seed = new SeedRequests(known, new Random(7), minRepeated: 2).Build(rpc);
            foreach (var path in FieldSlot.All(seed).Where(slot => slot.Field.FieldType == FieldType.String).Select(slot => slot.Path))
            {
                var mutant = seed.Descriptor.Parser.ParseFrom(seed.ToByteArray());
                var slot = FieldSlot.All(mutant).Single(candidate => candidate.Path == path);
                slot.Set((string)slot.Get() + "\0tail");
                var response = await session.Wire.SendAsync(rpc.Path, WireClient.Frame(mutant), WireClient.Bearer(rpc.IsAdmin ? session.AdminToken : callerToken));
                tried.Add($"{rpc.Method.Name}.{path}");
                if (response.Status != GrpcCode.InvalidArgument || response.ErrorInfo?.Reason != "INVALID_FIELD" || response.ErrorInfo.Metadata["field"] != path)
                {
                    wrong.Add($"{rpc.Path} {path}: {response}");
                }
            }
        }

        output.WriteLine($"{tried.Count} string fields tried: {string.Join(", ", tried)}");
        Assert.True(tried.Count >= 41, $"Only {tried.Count} string fields were found in the requests.");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Empty(session.Hub.ErrorEntries);
    }
}
