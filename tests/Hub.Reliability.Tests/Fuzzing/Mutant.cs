namespace Hub.Reliability.Tests.Fuzzing;

/// <summary>One hostile request: the whole request body (frames included) and any gRPC headers it adds.</summary>
public sealed record Mutant(string Kind, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers);
